#!/usr/bin/env bash
# usage: ./osteon simulate [--seed N] [--arrivals N] [--readers N] [--wait-cap-minutes M] ...  replay a synthetic day through the worklist policy; prints turnaround percentiles as JSON
# Replays a synthetic reading day through the worklist adapter's real policy code (QueueOrder,
# ReprioritizationPolicy, wait-time cap, review deadline) with the model's rates from
# models/default/report.json, and prints one JSON line: p50/p90/p99 turnaround in minutes for
# flagged, unflagged and review studies, with no AI, with Osteon without the cap, and with the cap.
# Design: docs/worklist.md. Research prototype, NOT FOR CLINICAL USE.
set -euo pipefail
cd "${OSTEON_ROOT:?run through ./osteon}"
app=worklist-adapter/target/quarkus-app
if [ ! -f "$app/quarkus-run.jar" ] || [ -n "$(find worklist-adapter/src/main schemas/src/main -newer "$app/quarkus-run.jar" -type f -print -quit)" ]; then
  echo "osteon simulate: building the worklist adapter" >&2
  ./mvnw -B -q package -DskipTests -pl worklist-adapter -am >&2
fi
# A plain main on the packaged app's classpath: no Quarkus, no database, no broker.
# The simulation logs nothing; SLF4J's no-op provider keeps the app's logging bindings quiet.
exec java -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN -cp "$app/app/*:$app/lib/main/*" \
  org.osteon.worklist.sim.SimulateMain --report models/default/report.json "$@"
