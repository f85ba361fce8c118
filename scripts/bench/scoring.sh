#!/usr/bin/env bash
# usage: ./osteon bench scoring [--images N] [--threads T] [--service-batch N] [--spinning true|false]   bare ONNX Runtime vs the scoring service, one JSON line
#
# One JVM (org.osteon.scoring.bench.ScoringBench, in scoring's test sources): bare ORT throughput of
# models/default at each batch size (the best is the limit on this machine), then the whole scoring
# service on an in-JVM broker (random port) preloaded with N de-identified events, at that batch size.
# The last line of output is the JSON summary. A benchmark, not a test: figures vary with machine load.
set -euo pipefail
cd "$OSTEON_ROOT"
log() { echo "osteon bench scoring: $*" >&2; }

# Offline when the local repository already has everything; the first run on a fresh machine downloads.
offline=()
[ -d "${HOME}/.m2/repository/com/microsoft/onnxruntime" ] && offline=(-o)
log "building scoring and its test classes"
./mvnw -B -q "${offline[@]}" -pl scoring -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
cp="scoring/target/test-classes:scoring/target/classes:$(cat scoring/target/bench.classpath)"
log "running (bare ORT at batch sizes 1..64, then the service)"
exec java -Xmx2g -Dosteon.test.model-dir="$OSTEON_ROOT/models/default" -cp "$cp" org.osteon.scoring.bench.ScoringBench "$@"
