#!/usr/bin/env bash
# usage: ./osteon bench scoring [--rounds N] [--images N] [--ceiling-seconds S] [--warmup N] [--max-warmup-seconds S] [--threads T --workers W] [--service-batch N] [--spinning true|false] [--preprocess-threads N] [--write-cam true|false] [--in-flight N] [--commit-interval MS]   bare ONNX Runtime vs the scoring service, one JSON line
#
# One JVM (org.osteon.benchmarks.scoring.ScoringBench, in the benchmarks module): bare ORT throughput of
# models/default at each batch size, with all cores on one run and with one core on each of as many
# concurrent runs (that sweep picks the configuration), then the whole scoring service as configured
# by default (ScoringConfig: workers, threads, max-batch, in-flight, commit interval) on an in-JVM broker
# (random port). After a warm-up that waits for the JIT to go quiet (a few minutes on 2 cores), bare
# windows of the chosen configuration (10 s each) alternate with service windows, each on a chunk of
# de-identified events committed to the topic at once: bare, service, bare, ... (5 service windows).
# Each service window is compared with the bare windows on either side, so the host's drift cancels.
# The last line of output is the JSON summary. A benchmark, not a test: figures vary with machine load.
set -euo pipefail
cd "$OSTEON_ROOT"
log() { echo "osteon bench scoring: $*" >&2; }

# shellcheck source=lib/benchmarks_classpath.sh
source scripts/bench/lib/benchmarks_classpath.sh

# The in-JVM broker stands in for a Kafka cluster that, in a deployment, runs on other machines, warm
# after days of uptime. Its own packages (not org.apache.kafka.clients/common, which the service runs)
# compile at a tenth of the JVM's default thresholds, so that its request paths run compiled, as a
# long-running broker's do, and are compiled during the warm-up rather than in the measured windows.
# At the default thresholds its lukewarm code keeps C2 busy into those windows; at higher ones its
# request paths stay in the interpreter and take more of the cores the service shares with it
# (docs/scoring.md, "Measured"). Its request handling still runs on the same cores and still counts
# against the service.
jit=(-XX:CompileCommand=quiet)
for package in kafka scala com.yammer org.apache.kafka.server org.apache.kafka.storage org.apache.kafka.coordinator \
    org.apache.kafka.controller org.apache.kafka.metadata org.apache.kafka.image org.apache.kafka.raft \
    org.apache.kafka.snapshot org.apache.kafka.timeline; do
  jit+=("-XX:CompileCommand=CompileThresholdScaling,${package}.*::*,0.1")
done

log "running (bare ORT at batch sizes 1..64 in each thread layout, then the service)"
exec java -Xmx2g "${jit[@]}" -Dosteon.test.model-dir="$OSTEON_ROOT/models/default" -cp "$cp" \
  org.osteon.benchmarks.scoring.ScoringBench "$@"
