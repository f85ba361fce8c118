#!/usr/bin/env bash
# usage: ./osteon bench scoring [--images N] [--warmup N] [--max-warmup-seconds S] [--threads T --workers W] [--service-batch N] [--spinning true|false] [--preprocess-threads N] [--write-cam true|false] [--in-flight N] [--commit-interval MS]   bare ONNX Runtime vs the scoring service, one JSON line
#
# One JVM (org.osteon.scoring.bench.ScoringBench, in scoring's test sources): bare ORT throughput of
# models/default at each batch size, with all cores on one run and with one core on each of as many
# concurrent runs (the best is the limit on this machine), then the whole scoring service as configured
# by default (ScoringConfig: workers, threads, max-batch, in-flight, commit interval) on an in-JVM broker
# (random port) preloaded with de-identified events; its clock starts after a warm-up that waits for the
# JIT to go quiet (a few minutes on 2 cores).
# The last line of output is the JSON summary. A benchmark, not a test: figures vary with machine load.
set -euo pipefail
cd "$OSTEON_ROOT"
log() { echo "osteon bench scoring: $*" >&2; }

# shellcheck source=lib/scoring_classpath.sh
source scripts/bench/lib/scoring_classpath.sh
log "running (bare ORT at batch sizes 1..64 in each thread layout, then the service)"
exec java -Xmx2g -Dosteon.test.model-dir="$OSTEON_ROOT/models/default" -cp "$cp" org.osteon.scoring.bench.ScoringBench "$@"
