#!/usr/bin/env bash
# Fails when a production app ships the demo's embedded parts: the KRaft broker (kafka_2.13,
# kafka-server) or embedded PostgreSQL (zonky). They belong to launcher/, which no image contains.
# Reads what would ship, each app's target/quarkus-app/lib, so it needs a packaged build.
#   bash tests/packaging/no-embedded-parts.sh [APP_DIR...]   (default: every module with a quarkus-app)
set -euo pipefail
cd "${OSTEON_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
banned='^(org\.apache\.kafka\.kafka_2\.13|org\.apache\.kafka\.kafka-server|io\.zonky\.test\.embedded-postgres)-[0-9]'
apps=("$@")
if [ ${#apps[@]} -eq 0 ]; then
  for pom in */pom.xml; do
    grep -q '<artifactId>quarkus-maven-plugin</artifactId>' "$pom" && apps+=("$(dirname "$pom")")
  done
fi
[ ${#apps[@]} -gt 0 ] || { echo "no-embedded-parts: no Quarkus app found" >&2; exit 1; }
status=0
for app in "${apps[@]}"; do
  lib=$app/target/quarkus-app/lib
  [ -d "$lib" ] || { echo "no-embedded-parts: $lib is missing; package $app first" >&2; status=1; continue; }
  found=$(find "$lib" -name '*.jar' -printf '%f\n' | grep -E "$banned" || true)
  if [ -n "$found" ]; then
    echo "no-embedded-parts: $app ships what only the launcher may hold:" >&2
    echo "$found" | sed 's/^/  /' >&2
    status=1
  else
    echo "no-embedded-parts: $app: $(find "$lib" -name '*.jar' | wc -l) jars, no broker, no embedded database"
  fi
done
exit $status
