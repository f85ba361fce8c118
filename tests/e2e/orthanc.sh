#!/usr/bin/env bash
# End-to-end test of results in the PACS, against a real Orthanc (Debian's orthanc and orthanc-dicomweb),
# on the embedded stack that ./osteon demo runs:
#  - radiographs uploaded to Orthanc reach Osteon through Orthanc's OnStoredInstance route, and each
#    one's Comprehensive SR and Grayscale Softcopy Presentation State appear in the same Orthanc study;
#  - fetched back over Orthanc's REST API, each result passes dciodvfy with no errors, references the
#    original study and image, and carries the patient as the source names it (a Japanese name
#    included), the model version, the outcome and NOT FOR CLINICAL USE;
#  - dcmp2pgm renders the presentation state over the source image and changes the outlined pixels;
#  - the gateway killed with SIGKILL while results are in flight, and restarted, leaves exactly one
#    copy of each result in Orthanc;
#  - sent again through Orthanc's REST /modalities/osteon/store after its results were deleted, an
#    image's SR and presentation state are back in Orthanc within 5 s, on the warm stack;
#  - a JPEG 2000 lossless copy of a radiograph, sent by C-STORE, gets the same outcome as its
#    uncompressed original, with the probability within 1e-4.
set -euo pipefail
OSTEON_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Orthanc calls as ORTHANC when it routes an image; this test's own C-STOREs call as PACS.
export OSTEON_ROOT STACK_DIR=$OSTEON_ROOT/.osteon/orthanc-e2e STACK_CALLING_AES=ORTHANC,PACS STACK_PACS=orthanc
# shellcheck source=../../scripts/stack.sh
source "$OSTEON_ROOT/scripts/stack.sh"

fail() { echo "orthanc: FAIL: $*" >&2; exit 1; }
ok() { echo "orthanc: ok: $*"; }
# The Orthanc credentials reach python in its environment, never its arguments.
results_py() { ORTHANC_USER=$ORTHANC_USER ORTHANC_PASSWORD=$ORTHANC_PASSWORD /usr/bin/python3 "$OSTEON_ROOT/tests/e2e/orthanc_results.py" "$@"; }
collect() { results_py collect "$ORTHANC_URL" "$1" >"$1.jsonl"; }
# The Orthanc id of the instance with this SOP Instance UID.
orthanc_id() {
  orthanc_curl -fs -X POST "$ORTHANC_URL/tools/lookup" -d "$1" |
    /usr/bin/python3 -c "import json,sys; print([r['ID'] for r in json.load(sys.stdin) if r['Type']=='Instance'][0])"
}
# Waits until Orthanc holds an SR and a presentation state for each of the listed source images.
wait_results() { # timeout_s source-files...
  local timeout=$1 start=$SECONDS; shift
  while [ $((SECONDS - start)) -lt "$timeout" ]; do
    collect "$STACK_DIR/pacs" || true
    local complete
    complete=$(/usr/bin/python3 -c "
import json, sys
import pydicom
rows = {r['source']: r for r in map(json.loads, open(sys.argv[1]))}
uids = [pydicom.dcmread(f, stop_before_pixels=True).SOPInstanceUID for f in sys.argv[2:]]
print(all(rows.get(u) and rows[u]['sr'] and rows[u]['pr'] for u in uids))" "$STACK_DIR/pacs.jsonl" "$@")
    [ "$complete" = True ] && return 0
    sleep 1
  done
  return 1
}

stack_build
trap 'stack_stop' EXIT
stack_start

work=$STACK_DIR/input
mkdir -p "$work/studies"
# A normal femur whose patient has a Japanese name (ideographic and phonetic), and a malignant femur.
for sample in 01-normal-femur 03-malignant-femur 08-malignant-tibia 02-benign-tibia; do
  cp "$OSTEON_ROOT/samples/radiographs/$sample.dcm" "$work/studies/$sample.dcm"
  dcmodify -q -nb -gst -gse -gin -m "(0008,0050)=ORT$(date +%s)${sample%%-*}" "$work/studies/$sample.dcm"
done
received_before=$(topic_count phi-radiograph-received-v1)
upload_to_orthanc "$work"/studies/*.dcm
ok "uploaded 4 radiographs to Orthanc"

# A crash in the middle of delivery: once Osteon has acknowledged all four images, Orthanc is frozen
# (SIGSTOP: it still accepts connections but answers nothing), so deliveries hang inside their C-STORE;
# once all eight results are written the gateway, which writes and delivers them, is killed, Orthanc
# thawed, and the gateway started again.
for _ in $(seq 1 240); do
  [ "$(topic_count phi-radiograph-received-v1)" -ge $((received_before + 4)) ] && break
  sleep 0.25
done
[ "$(topic_count phi-radiograph-received-v1)" -ge $((received_before + 4)) ] || fail "Orthanc did not route the 4 images to Osteon"
kill -STOP "$ORTHANC_PID"
for _ in $(seq 1 120); do
  [ "$(topic_count phi-result-object-v1)" -ge 8 ] && break
  sleep 0.25
done
written=$(topic_count phi-result-object-v1) attempts=$(topic_count phi-result-delivery-v1)
kill -KILL "$GATEWAY_PID"
kill -CONT "$ORTHANC_PID"
[ "$written" -ge 8 ] || fail "only $written of 8 results were written while Orthanc was frozen"
[ "$attempts" -lt 8 ] || fail "all 8 results were delivered before the kill: it came too late to test anything"
restart_gateway || fail "the gateway did not come back after SIGKILL"
ok "gateway killed with SIGKILL after 8 results were written and $attempts of 8 delivered; restarted"

wait_results 120 "$work"/studies/*.dcm || fail "Orthanc does not hold an SR and a presentation state for every image"
model_version=$(worklist_curl -fs "$WORKLIST_URL/api/worklist" |
  /usr/bin/python3 -c "import json,sys; print(next(r['modelVersion'] for r in json.load(sys.stdin) if r.get('modelVersion')))")
results_py check "$STACK_DIR/pacs" "$model_version" <"$STACK_DIR/pacs.jsonl" || fail "the results in Orthanc are not right"
ok "one SR and one presentation state per image in its Orthanc study, model $model_version (after the restart too)"

# Every result passes dciodvfy with no errors.
mapfile -t result_files < <(/usr/bin/python3 -c "
import json, sys
for r in map(json.loads, open(sys.argv[1])):
    for f in r['sr'] + r['pr']: print(f)" "$STACK_DIR/pacs.jsonl")
[ "${#result_files[@]}" -ge 8 ] || fail "expected at least 8 result objects, found ${#result_files[@]}"
for f in "${result_files[@]}"; do
  errors=$(dciodvfy "$f" 2>&1 | grep -c '^Error' || true)
  [ "$errors" -eq 0 ] || { dciodvfy "$f" 2>&1 | grep '^Error' >&2; fail "dciodvfy: $errors errors in $(basename "$f")"; }
done
ok "dciodvfy: no errors in ${#result_files[@]} result objects"

# The presentation state renders over the source image, and its outline changes the pixels it covers.
row=$(/usr/bin/python3 -c "
import json, sys
import pydicom
uid = pydicom.dcmread(sys.argv[2], stop_before_pixels=True).SOPInstanceUID
r = next(r for r in map(json.loads, open(sys.argv[1])) if r['source'] == uid)
print(r['file'], r['pr'][0], r['sr'][0], r['orthanc_id'])" "$STACK_DIR/pacs.jsonl" "$work/studies/03-malignant-femur.dcm")
read -r source_file pr_file sr_file source_id <<<"$row"
dcmp2pgm "$source_file" "$STACK_DIR/plain.pgm"
dcmp2pgm --pstate "$pr_file" "$source_file" "$STACK_DIR/with-ps.pgm"
share=$(results_py outline "$pr_file" "$STACK_DIR/plain.pgm" "$STACK_DIR/with-ps.pgm")
/usr/bin/python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 0.9 else 1)" "$share" ||
  fail "the presentation state's outline changed only $share of the pixels it covers"
ok "dcmp2pgm: the presentation state changes $share of its outline's pixels over the source"

# Sent again through Orthanc's REST API once its results are gone: both are back within 5 s.
sr_uid=$(basename "$sr_file" .dcm) pr_uid=$(basename "$pr_file" .dcm)
orthanc_curl -fs -X DELETE "$ORTHANC_URL/instances/$(orthanc_id "$sr_uid")" >/dev/null
orthanc_curl -fs -X DELETE "$ORTHANC_URL/instances/$(orthanc_id "$pr_uid")" >/dev/null
! results_py find "$ORTHANC_URL" "$sr_uid" || fail "the SR was not deleted"
t0=$(date +%s%N)
orthanc_curl -fs -X POST "$ORTHANC_URL/modalities/osteon/store" -d "$source_id" >/dev/null || fail "Orthanc could not send to Osteon"
until results_py find "$ORTHANC_URL" "$sr_uid" "$pr_uid"; do
  [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 15000 ] || fail "the results did not come back within 15 s"
  sleep 0.1
done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -le 5000 ] || fail "the results took $ms ms to reach Orthanc after /modalities/osteon/store"
ok "SR and presentation state back in Orthanc $ms ms after /modalities/osteon/store, with the same UIDs"

# JPEG 2000 lossless by C-STORE: the same outcome and probability as the uncompressed original.
cp "$OSTEON_ROOT/samples/radiographs/08-malignant-tibia.dcm" "$work/plain.dcm"
dcmodify -q -nb -gst -gse -gin "$work/plain.dcm"
gdcmconv --j2k "$work/plain.dcm" "$work/j2k.dcm"
dcmodify -q -nb -gst -gse -gin "$work/j2k.dcm"
[ "$(dcmdump "$work/j2k.dcm" | grep -c 'JPEG2000LosslessOnly\|1.2.840.10008.1.2.4.90')" -ge 1 ] || fail "gdcmconv did not write JPEG 2000 lossless"
storescu -aet PACS -aec "$DICOM_AET" localhost "$DICOM_PORT" "$work/plain.dcm"
# -xv: propose JPEG 2000 lossless, the syntax the object is archived in, as a PACS forwarding it does.
storescu -xv -aet PACS -aec "$DICOM_AET" localhost "$DICOM_PORT" "$work/j2k.dcm" || fail "the gateway refused JPEG 2000 lossless"
wait_results 60 "$work/plain.dcm" "$work/j2k.dcm" || fail "no results for the JPEG 2000 pair"
likelihood_of() {
  /usr/bin/python3 -c "
import json, sys
import pydicom
uid = pydicom.dcmread(sys.argv[2], stop_before_pixels=True).SOPInstanceUID
print(next(r for r in map(json.loads, open(sys.argv[1])) if r['source'] == uid)['sr'][0])" "$STACK_DIR/pacs.jsonl" "$1" |
    xargs /usr/bin/python3 "$OSTEON_ROOT/tests/e2e/orthanc_results.py" likelihood
}
read -r p_plain outcome_plain <<<"$(likelihood_of "$work/plain.dcm")"
read -r p_j2k outcome_j2k <<<"$(likelihood_of "$work/j2k.dcm")"
[ "$outcome_j2k" = "$outcome_plain" ] || fail "JPEG 2000 lossless changed the outcome: $outcome_plain to $outcome_j2k"
/usr/bin/python3 -c "import sys; a, b = map(float, sys.argv[1:]); sys.exit(0 if abs(a - b) <= 1e-4 else 1)" "$p_plain" "$p_j2k" ||
  fail "JPEG 2000 lossless changed the probability: $p_plain against $p_j2k"
ok "JPEG 2000 lossless by C-STORE: $outcome_j2k with probability $p_j2k, against $outcome_plain $p_plain uncompressed"

echo "orthanc: all checks passed"
