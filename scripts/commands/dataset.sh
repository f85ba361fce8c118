#!/usr/bin/env bash
# usage: ./osteon dataset build --research-root DIR --out DATASETS_ROOT [--bootstrap HOST:PORT] [--name NAME] [--site SITE] [--test-pct 30] [--cal-pct 15] | scores --out FILE.jsonl [--bootstrap HOST:PORT] [--last N]   curated datasets and the scores export (JSON line)
#
# build: a snapshot of radiograph-deidentified-v1, triage-feedback-v1 and triage-diagnosis-v1 (committed
# records, to the end offsets at start), labels reconciled per study (a diagnosis beats a click), the
# eligible de-identified objects copied from the research store, written as one read-only,
# content-addressed folder <DATASETS_ROOT>/<NAME>-<12 hex> with labels.csv, MANIFEST.sha256,
# dataset.json, data_card.json and DATA_CARD.md. A rebuild of the same data reuses the folder.
# scores: the primary and shadow scores as JSON lines, for the promotion gate's shadow agreement.
# More options (--max-images, --max-object-bytes, --max-events, --timeout-s): docs/learning.md, "Datasets".
# The cluster is --bootstrap, else KAFKA_BOOTSTRAP_SERVERS, else localhost:9092 (the demo's broker),
# secured by the services' KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_* and KAFKA_SSL_* variables; the research
# store defaults to OSTEON_STORE_RESEARCH_ROOT. Research prototype, NOT FOR CLINICAL USE.
set -euo pipefail
cd "${OSTEON_ROOT:?run through ./osteon}"
jar=curation/target/osteon-curation-0.1.0-SNAPSHOT.jar
if [ ! -f "$jar" ] || [ ! -d curation/target/lib ] \
  || [ -n "$(find curation/src/main schemas/src/main platform/src/main curation/pom.xml -newer "$jar" -type f -print -quit)" ]; then
  echo "osteon dataset: building the curation module" >&2
  # shellcheck source=../setup.sh
  source scripts/setup.sh
  osteon_mvnw_offline_first package -pl curation -am -DskipTests -Dquarkus.build.skip=true </dev/null
fi
# A plain main on the module's jar and its runtime dependencies (copied to curation/target/lib at package):
# no Quarkus. The Kafka client's warnings go to standard error; standard output is the one JSON line.
exec java -Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider -Dslf4j.internal.verbosity=WARN -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient=error -Dorg.slf4j.simpleLogger.logFile=System.err \
  -cp "$jar:curation/target/lib/*" org.osteon.curation.cli.DatasetMain "$@"
