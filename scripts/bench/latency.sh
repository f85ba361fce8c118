#!/usr/bin/env bash
# usage: ./osteon bench latency [--rate 5] [--minutes 5] [--burst N] [--warm-up-s 60]   receipt-to-worklist latency budget, stage by stage, one JSON line
#
# The soak's six processes (scripts/commands/soak.sh; same loopback ports), each service logging one
# line per span of every image's trace (osteon.tracing.log-spans). New single-image studies go to the
# gateway by C-STORE at a steady rate for the given minutes, then, with --burst N, N more at once. The
# harness (org.osteon.testsupport.chaos.LatencyRun) rebuilds each image's trace from the services' span
# lines and prints, as the last line, p50/p90/p99 from receipt to worklist commit and each stage's p50
# and p99, for the warm-up (first 60 s), the steady rest and the burst apart, with the coverage (sum of
# the stages over end to end). docs/scaling.md, "Latency budget". A benchmark, not a test.
set -euo pipefail
exec bash "${OSTEON_ROOT:?run through ./osteon}/scripts/chaos/harness.sh" "bench latency" org.osteon.testsupport.chaos.LatencyRun "$@"
