#!/usr/bin/env bash
# Sourced by the scoring benchmarks (scoring.sh, partitions.sh): builds scoring with its test classes
# and sets `cp` to the classpath the benchmark mains run on. Expects `log` to be defined.

# shellcheck source=../../setup.sh
source scripts/setup.sh
log "building scoring and its test classes"
osteon_mvnw_offline_first -pl scoring -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="scoring/target/test-classes:scoring/target/classes:$(cat scoring/target/bench.classpath)"
