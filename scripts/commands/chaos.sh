#!/usr/bin/env bash
# usage: ./osteon chaos [--studies 1000] [--rate 5] [--senders 2] [--brokers 1|3] [--instances N]   kill each component under load; JSON of sent, lost, duplicated
#
# Every component runs as its own process on loopback ports of its own (broker 29092, DICOM 21112,
# HTTP 28080-28083, PostgreSQL 25432, HL7 sink 22575), so a chaos run never meets a running demo.
# While new studies arrive by C-STORE, the gateway, the streams app, scoring, the worklist adapter and
# the broker are each killed with SIGKILL and started again, in turn. The run then checks, from the
# worklist database and the topics, that every acknowledged image has exactly one worklist outcome and
# that no alert or write-back happened twice (org.osteon.testsupport.chaos.ChaosRun; docs/reliability.md).
# --brokers 3 runs a three-node KRaft cluster (nodes on 29092, 29192, 29292) and two instances of each
# service (--instances), kills one instance of each and then each broker, and fails if a C-STORE
# failed while a broker was down.
# The last line of output is the JSON verdict; the exit status is 1 if anything was lost or duplicated.
set -euo pipefail
exec bash "${OSTEON_ROOT:?run through ./osteon}/scripts/chaos/harness.sh" chaos org.osteon.testsupport.chaos.ChaosRun "$@"
