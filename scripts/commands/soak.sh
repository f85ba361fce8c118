#!/usr/bin/env bash
# usage: ./osteon soak [--minutes 10] [--rate 3]   steady load; heap, RSS and latency over time, as JSON
#
# The chaos run's six processes (scripts/commands/chaos.sh; same loopback ports) with no faults: new
# studies at a steady rate for N minutes. Every 10 s it samples each JVM's resident set and heap, and
# the receipt-to-worklist latency (org.osteon.testsupport.chaos.SoakRun; docs/reliability.md). The last
# line of output is the JSON report; the exit status is 1 if memory kept growing or images went missing.
set -euo pipefail
cd "${OSTEON_ROOT:?run through ./osteon}"
log() { echo "osteon soak: $*" >&2; }
# shellcheck source=../stack.sh
source scripts/stack.sh
stack_build
offline=()
[ -d "${HOME}/.m2/repository/org/postgresql/postgresql" ] && offline=(-o)
log "building the soak harness"
./mvnw -B -q "${offline[@]}" -pl test-support -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/chaos.classpath >&2
cp="test-support/target/classes:$(cat test-support/target/chaos.classpath)"
exec java -Xmx1g -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN \
  -cp "$cp" org.osteon.testsupport.chaos.SoakRun "$@"
