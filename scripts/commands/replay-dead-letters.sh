#!/usr/bin/env bash
# usage: ./osteon replay-dead-letters [--topic phi-dead-letter-v1|dead-letter-v1] [--stage S] [--error-type T] [--dry-run]
#
# Re-drives dead letters after a fix: each letter that kept its failed record is produced again to the
# topic it came from; a second run replays only letters that arrived since (a consumer group keeps the
# place). Prints one JSON line. The cluster is KAFKA_BOOTSTRAP_SERVERS (default localhost:9092, the
# demo's broker), secured by the services' KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_* and KAFKA_SSL_* variables.
# A DICOM object refused at the gateway is a claim check into <phi-root>/.rejected/: copy it into the
# watched folder to ingest it again (docs/robustness.md).
set -euo pipefail
root=${OSTEON_ROOT:?run through ./osteon}
app=$root/streams/target/quarkus-app
if [ ! -f "$app/quarkus-run.jar" ]; then
  (cd "$root" && ./mvnw -B -q package -DskipTests -pl streams -am) >&2
fi
exec java -cp "$app/lib/main/*:$app/app/*" org.osteon.streams.replay.ReplayDeadLetters "$@"
