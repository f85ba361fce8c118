#!/usr/bin/env bash
# usage: ./osteon bench ingest [--size realistic|sample] [--copies N] [--parallel P] [--storescp-args "..."] [--keep] [--no-build]   gateway vs storescp receive, Osteon vs pydicom de-identification (JSON line)
#
# Figures, not a test. One run on this machine, same files for both sides:
#  1. N copies of samples/radiographs/*.dcm, each with fresh Study/Series/SOP Instance UIDs (dcmodify).
#     --size realistic (default, N=4): scaled to a CR matrix of 2560 x 2048 x 16 bits (10 MB each,
#     scripts/bench/enlarge.py); --size sample (N=20): the 300 KB synthetic phantoms as shipped, where
#     per-object overhead (for the gateway: Kafka's acknowledgement) dominates;
#  2. C-STORE receive, after the same 64 warm-up objects to each side (the JIT and the producer's
#     first round trips would otherwise be timed; the gateway is a long-running service): P parallel `storescu`
#     associations into dcmtk's `storescp --fork` (writing to a temp folder), then the same into the
#     Osteon gateway: the gateway's SCP, ingest service and producer with the launcher's broker on
#     free ports (GatewayBench), without the topologies, so de-identification does not share the cores
#     with the receipt being measured. A success is only answered once the object is fsynced and its
#     event acknowledged by Kafka;
#  3. de-identification: Deidentification#apply (Java, one thread) against a pydicom PS3.15 basic
#     profile script (one process) on the objects the gateway stored. Both verify each object's
#     SHA-256 against its claim check before de-identifying it, as the streams stage must; both take
#     the expected digests from before their clocks start, and warm up on 400 de-identifications they
#     do not time (the JIT compiles for the first few hundred).
#     Only the measured objects, not the gateway's warm-up ones; two passes each, in the order Osteon,
#     pydicom, pydicom, Osteon, so that a load drifting through them weighs on both sides alike. Beside
#     the rates (wall clock), each side's CPU time per instance: on shared cores the steadier figure.
# Prints one JSON line last. Never uses the demo's fixed ports.
set -euo pipefail
cd "${OSTEON_ROOT:?run through ./osteon bench ingest}"

copies="" parallel=2 keep="" build=yes size=realistic storescp_args=""
while [ $# -gt 0 ]; do
  case "$1" in
    --copies) copies=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --storescp-args) storescp_args=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --keep) keep=yes; shift ;;
    --no-build) build=""; shift ;;
    *) echo "osteon bench ingest: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$size" in realistic) copies=${copies:-4} ;; sample) copies=${copies:-20} ;; *) echo "osteon bench ingest: --size is realistic or sample" >&2; exit 2 ;; esac
[[ "$copies" =~ ^[1-9][0-9]*$ && "$parallel" =~ ^[1-9][0-9]*$ ]] || { echo "osteon bench ingest: --copies and --parallel take positive numbers" >&2; exit 2; }

log() { echo "[bench ingest] $*" >&2; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

work=$(mktemp -d "${TMPDIR:-/tmp}/osteon-bench-ingest.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "$keep" ] && log "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

if [ -n "$build" ]; then
  # shellcheck source=lib/benchmarks_classpath.sh
  source scripts/bench/lib/benchmarks_classpath.sh
else
  cp="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"
fi
cp_java=$cp

log "preparing $copies copies of the sample radiographs ($size size) with fresh UIDs"
mkdir -p "$work/base"
cp samples/radiographs/*.dcm "$work/base/"
[ "$size" = sample ] || /usr/bin/python3 scripts/bench/enlarge.py "$work/base"
for c in $(seq 1 "$copies"); do
  lane=$(( (c - 1) % parallel ))
  mkdir -p "$work/files/$lane"
  for f in "$work"/base/*.dcm; do
    cp "$f" "$work/files/$lane/c$c-$(basename "$f")"
  done
done
find "$work/files" -name '*.dcm' -print0 | xargs -0 -n 64 dcmodify -nb -q -gst -gse -gin
mkdir -p "$work/warmup"
for c in 1 2 3 4; do
  for f in samples/radiographs/*.dcm; do cp "$f" "$work/warmup/w$c-$(basename "$f")"; done
done
dcmodify -nb -q -gst -gse -gin "$work"/warmup/*.dcm
files=$(find "$work/files" -name '*.dcm' | wc -l)
bytes=$(find "$work/files" -name '*.dcm' -printf '%s\n' | awk '{s+=$1} END {print s}')

# Sends every lane in its own storescu association, all at once; prints the seconds it took.
send_all() {
  local port=$1 aec=$2 start end lane rc=0
  local senders=()
  start=$(now)
  for lane in "$work"/files/*; do
    storescu -aec "$aec" +sd localhost "$port" "$lane" >"$work/storescu-$aec-$(basename "$lane").log" 2>&1 &
    senders+=($!)
  done
  for p in "${senders[@]}"; do wait "$p" || rc=1; done
  end=$(now)
  [ "$rc" -eq 0 ] || { log "a storescu failed; see $work/storescu-$aec-*.log"; tail -5 "$work"/storescu-"$aec"-*.log >&2; return 1; }
  echo "$start $end" | awk '{printf "%.3f", $2 - $1}'
}

# The same warm-up objects to both sides before the clock runs: the gateway is a long-running JVM.
warm_up() {
  storescu -aec "$2" +sd localhost "$1" "$work/warmup" >"$work/warmup-$2.log" 2>&1 || { log "warm-up failed"; cat "$work/warmup-$2.log" >&2; exit 1; }
}

wait_echo() {
  local port=$1 aec=$2 i
  for i in $(seq 1 240); do
    echoscu -aec "$aec" localhost "$port" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  return 1
}

log "storescp: $files files, $(( bytes / 1048576 )) MB, $parallel parallel associations"
scp_port=$(free_port)
mkdir -p "$work/storescp"
# --fork: one process per association, as the gateway serves associations in parallel. Otherwise
# dcmtk's defaults (16 KB PDUs, files written through its dataset model) unless --storescp-args says
# otherwise, e.g. "+B -pdu 131072" (write the bytes as received, 128 KB PDUs).
# shellcheck disable=SC2086
storescp --fork $storescp_args -aet BENCHSCP -od "$work/storescp" "$scp_port" >"$work/storescp.log" 2>&1 &
pids+=($!)
wait_echo "$scp_port" BENCHSCP || { log "storescp did not answer"; exit 1; }
warm_up "$scp_port" BENCHSCP
scp_seconds=$(send_all "$scp_port" BENCHSCP)
scp_files=$(( $(find "$work/storescp" -type f | wc -l) - $(find "$work/warmup" -name '*.dcm' | wc -l) ))
kill "${pids[-1]}" 2>/dev/null || true

log "gateway: SCP, ingest and producer of the gateway, with the launcher's broker on free ports"
dicom_port=$(free_port); kafka_port=$(free_port); controller_port=$(free_port)
java -cp "$cp_java" org.osteon.benchmarks.gateway.GatewayBench "$dicom_port" "$kafka_port" "$controller_port" "$work" \
  >"$work/gateway.log" 2>&1 &
pids+=($!)
gateway_pid=${pids[-1]}
wait_echo "$dicom_port" BENCHGW || { log "gateway did not answer; see $work/gateway.log"; tail -20 "$work/gateway.log" >&2; exit 1; }
warm_up "$dicom_port" BENCHGW
gw_seconds=$(send_all "$dicom_port" BENCHGW)
gw_files=$(( $(find "$work/phi" -path "$work/phi/.incoming" -prune -o -type f -name '*.dcm' -print | wc -l) - $(find "$work/warmup" -name '*.dcm' | wc -l) ))
kill "$gateway_pid" 2>/dev/null || true
wait "$gateway_pid" 2>/dev/null || true
log "$(grep -h 'ingested' "$work/gateway.log" || true)"

# The gateway stored the warm-up objects too; de-identification is timed on the measured objects alone.
dcmdump -q +P SOPInstanceUID "$work"/warmup/*.dcm | sed -n 's/.*\[\(.*\)\].*/\1/p' | while read -r uid; do
  find "$work/phi" -name "$uid.dcm" -delete
done
log "de-identification: Osteon (Deidentification#apply) and pydicom on the $gw_files stored objects"
# In the order Osteon, pydicom, pydicom, Osteon, each side's time the sum of its two passes: a load that
# rises or falls through the four (other work on these shared cores, writeback of what came before) then
# weighs on both sides alike. Each pass writes into a folder of its own, removed after it.
# Each pass prints "files seconds cpu-seconds" (the CPU time of its whole process, user and system).
deid_pass() {
  local side=$1 n=$2 out="$work/deid-$1-$2" line
  # Every pass starts with nothing left to write back: what the gateway, storescp or the pass before
  # wrote would otherwise be flushed during this one, and more of it the later the pass.
  sync
  if [ "$side" = osteon ]; then
    line=$(java -cp "$cp_java" org.osteon.benchmarks.deid.DeidBench "$work/phi" "$out" | tail -1)
  else
    line=$(/usr/bin/python3 scripts/bench/pydicom_deid.py "$work/phi" "$out" | tail -1)
  fi
  rm -rf "$out" "$out-warm-up"
  echo "$line"
}
read -r deid_files deid_s1 deid_c1 < <(deid_pass osteon 1)
read -r py_files py_s1 py_c1 < <(deid_pass pydicom 1)
read -r _ py_s2 py_c2 < <(deid_pass pydicom 2)
read -r _ deid_s2 deid_c2 < <(deid_pass osteon 2)
log "passes, seconds: Osteon $deid_s1, pydicom $py_s1, pydicom $py_s2, Osteon $deid_s2"

load=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/python3 - "$storescp_args" "$size" "$load" "$files" "$bytes" "$parallel" "$scp_files" "$scp_seconds" "$gw_files" "$gw_seconds" \
  "$deid_files" "$deid_s1" "$deid_s2" "$deid_c1" "$deid_c2" "$py_files" "$py_s1" "$py_s2" "$py_c1" "$py_c2" <<'PY'
import json, sys
(scp_args, kind, load, files, size, parallel, scp_files, scp_s, gw_files, gw_s,
 d_files, d_s1, d_s2, d_c1, d_c2, p_files, p_s1, p_s2, p_c1, p_c2) = sys.argv[1:]
files, size, parallel = int(files), int(size), int(parallel)
mb = size / 1e6
def side(n, s):
    s = float(s)
    return {"stored": int(n), "seconds": round(s, 3), "instances_per_s": round(files / s, 1), "mb_per_s": round(mb / s, 1)}
gw, scp = side(gw_files, gw_s), side(scp_files, scp_s)
osteon_rate = 2 * int(d_files) / (float(d_s1) + float(d_s2))
py_rate = 2 * int(p_files) / (float(p_s1) + float(p_s2))
osteon_cpu_ms = 1000 * (float(d_c1) + float(d_c2)) / (2 * int(d_files))
py_cpu_ms = 1000 * (float(p_c1) + float(p_c2)) / (2 * int(p_files))
print(json.dumps({
    "size": kind, "files": files, "mb": round(mb, 1), "parallel_associations": parallel, "load_avg_1m": float(load),
    "gateway": gw, "storescp": dict(scp, args=scp_args), "gateway_ratio": round(gw["mb_per_s"] / scp["mb_per_s"], 2),
    "deid": {"osteon_instances_per_s": round(osteon_rate, 1), "pydicom_instances_per_s": round(py_rate, 1),
             "ratio": round(osteon_rate / py_rate, 2), "instances": int(d_files), "sha256_verified_by_both": True,
             "pass_seconds": {"osteon": [round(float(d_s1), 3), round(float(d_s2), 3)],
                              "pydicom": [round(float(p_s1), 3), round(float(p_s2), 3)]},
             "cpu_ms_per_instance": {"osteon": round(osteon_cpu_ms, 1), "pydicom": round(py_cpu_ms, 1)},
             "cpu_ratio": round(py_cpu_ms / osteon_cpu_ms, 2)},
}))
PY
