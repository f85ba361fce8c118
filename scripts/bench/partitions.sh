#!/usr/bin/env bash
# usage: ./osteon bench partitions [--partitions 1,2,4,8] [--instances 1,2,4] [--paths scoring,pass-through] [--images N] [--records N] [--max-batch N] [--threads T] [--repeats R] [--size sample|realistic] [--quick]   throughput by partitions x consumer instances, one JSON line
#
# One JVM (org.osteon.benchmarks.scoring.PartitionsBench, in the benchmarks module): for each partition
# count P an in-JVM broker on random ports; for each instance count C a fresh consumer group of C
# instances (each its own consumer and transactional producer, as pods), draining N preloaded events.
# Two paths: the real scoring service (ScoringRuntime with models/default) and a transactional
# pass-through (decode Avro, re-encode, produce in the same exactly-once loop), the Kafka-side ceiling.
# Options other than those below pass through to PartitionsBench (its class comment lists them all):
#   --size sample      (default) events point at the model's golden DICOMs (256x256 and 300x180, 16-bit)
#   --size realistic   the same objects scaled to a 2560 x 2048 CR matrix (scripts/bench/enlarge.py, ~10 MB)
#   --quick            a smoke run: P 1,2  C 1,2, 300 images, 5000 records
# The table goes to stderr, the JSON summary is the last line of stdout. Figures, not a test: they
# move with machine load (load_avg_1m is in the JSON line). Never uses a fixed port.
set -euo pipefail
cd "${OSTEON_ROOT:?run through ./osteon bench partitions}"
log() { echo "osteon bench partitions: $*" >&2; }

size=sample
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --quick) pass+=(--partitions 1,2 --instances 1,2 --images 300 --records 5000); shift ;;
    --*) [ $# -ge 2 ] || { log "$1 needs a value"; exit 2; }; pass+=("$1" "$2"); shift 2 ;;
    *) log "unknown argument $1"; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/osteon-bench-partitions.XXXXXX")
trap 'rm -rf "$work"' EXIT
case "$size" in
  sample) ;;
  realistic)
    log "scaling the golden DICOMs to 2560 x 2048 (scripts/bench/enlarge.py)"
    cp models/default/golden/*.dcm "$work/"
    /usr/bin/python3 scripts/bench/enlarge.py "$work"
    # 10 MB each: fewer copies keep the store in the page cache as a PACS's hot set would be.
    pass=(--dicom-dir "$work" --objects 10 "${pass[@]}") ;;
  *) log "--size is sample or realistic"; exit 2 ;;
esac

# shellcheck source=lib/benchmarks_classpath.sh
source scripts/bench/lib/benchmarks_classpath.sh
log "running (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
java -Xmx3g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dosteon.test.model-dir="$OSTEON_ROOT/models/default" -cp "$cp" \
  org.osteon.benchmarks.scoring.PartitionsBench "${pass[@]}"
