#!/usr/bin/env bash
# usage: ./osteon soak [--minutes 10] [--rate 3]   steady load; heap, RSS and latency over time, as JSON
#
# The chaos run's six processes (scripts/commands/chaos.sh; same loopback ports) with no faults: new
# studies at a steady rate for N minutes. Every 10 s it samples each JVM's resident set and heap, and
# the receipt-to-worklist latency (org.osteon.testsupport.chaos.SoakRun; docs/reliability.md). The last
# line of output is the JSON report; the exit status is 1 if memory kept growing or images went missing.
set -euo pipefail
exec bash "${OSTEON_ROOT:?run through ./osteon}/scripts/chaos/harness.sh" soak org.osteon.testsupport.chaos.SoakRun "$@"
