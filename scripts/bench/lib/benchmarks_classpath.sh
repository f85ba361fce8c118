# Sourced by the benchmarks (scoring.sh, partitions.sh, ingest.sh): builds the benchmarks module and
# what it drives, and sets `cp` to the classpath its mains run on. Expects `log` to be defined.

# shellcheck source=../../setup.sh
source scripts/setup.sh
log "building the benchmarks module"
osteon_mvnw_offline_first -pl benchmarks -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime
cp="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
