#!/usr/bin/env bash
# Sourced by the scoring benchmarks (scoring.sh, partitions.sh): builds scoring with its test classes
# and sets `cp` to the classpath the benchmark mains run on. Expects `log` to be defined.

# Offline when the local repository already has everything; the first run on a fresh machine downloads.
offline=()
[ -d "${HOME}/.m2/repository/com/microsoft/onnxruntime" ] && offline=(-o)
log "building scoring and its test classes"
./mvnw -B -q "${offline[@]}" -pl scoring -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
cp="scoring/target/test-classes:scoring/target/classes:$(cat scoring/target/bench.classpath)"
