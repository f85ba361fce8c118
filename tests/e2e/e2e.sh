#!/usr/bin/env bash
# End-to-end test of the whole slice on the embedded stack (the same one ./osteon demo runs):
#  - radiographs flow C-STORE → de-identification → scoring → gating → worklist commit;
#  - a CT slice and a structured report are not scored and get a recorded reason;
#  - two radiographs with fake PHI, one in every identifying attribute a radiograph carries
#    (training's plant_phi) and one in every attribute of PS3.15 Table E.1-1 (tests/phi/annex_e_phi.py),
#    leave no trace of it on any topic outside phi-* (and the canaries ARE on the phi- topic, so the
#    check can fail);
#  - none of those values appears in any service's log, the failure paths' logs included;
#  - the edge: an unlisted calling AE is refused, STOW-RS without a token gets 401 and with one stores,
#    and an object that cannot be stored is dead-lettered once, by claim check, leaving no spool file;
#  - one more study reaches the worklist within the latency budget after its C-STORE.
set -euo pipefail
OSTEON_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The jar runs in %prod: the gateway takes only the calling AEs listed here.
export OSTEON_ROOT STACK_DIR=$OSTEON_ROOT/.osteon/e2e STACK_CALLING_AES=PACS
# shellcheck source=../../scripts/stack.sh
source "$OSTEON_ROOT/scripts/stack.sh"

fail() { echo "e2e: FAIL: $*" >&2; exit 1; }
expect_eq() { [ "$2" = "$3" ] || fail "$1: expected $3, got $2"; echo "e2e: ok: $1 = $2"; }

stack_build
trap 'stack_stop' EXIT
stack_start

work=$STACK_DIR/e2e-input
prepare_studies 4 "$work/radiographs"
(cd "$OSTEON_ROOT/training" && /usr/bin/python3 -m osteon_training.plant_phi \
  "$OSTEON_ROOT/samples/radiographs/$(ls "$OSTEON_ROOT/samples/radiographs" | head -1)" \
  "$work/phi-canary.dcm" "$work/phi-canary.json")
/usr/bin/python3 "$OSTEON_ROOT/tests/phi/annex_e_phi.py" plant \
  "$OSTEON_ROOT/streams/src/main/resources/deid/ps3.15-basic-2024b.profile" \
  "$OSTEON_ROOT/samples/radiographs/$(ls "$OSTEON_ROOT/samples/radiographs" | sed -n 2p)" \
  "$work/annex-e-canary.dcm" "$work/annex-e-canary.json" >/dev/null
send_files "$work"/radiographs/*.dcm "$work/phi-canary.dcm" "$work/annex-e-canary.dcm" \
  "$OSTEON_ROOT/samples/other/ct-slice.dcm" "$OSTEON_ROOT/samples/other/report-sr.dcm"

wait_outcomes 8 180 || fail "the worklist did not record 8 outcomes"
summary=$(summary_json)
echo "e2e: summary $summary"
field() { echo "$summary" | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
expect_eq received "$(field "['received']")" 8
expect_eq deidentified "$(field "['deidentified']")" 8
expect_eq scored "$(field "['scored']")" 6
expect_eq decided "$(field "['decided']")" 8
expect_eq worklist_updated "$(field "['worklist_updated']")" 8
expect_eq dead_lettered "$(field "['dead_lettered']")" 0
expect_eq not_scored "$(field "['by_decision'].get('NOT_SCORED', 0)")" 2
reasons=$(worklist_curl -fs "$WORKLIST_URL/api/worklist" | /usr/bin/python3 -c "
import json, sys
rows = json.load(sys.stdin)
print(sum(1 for r in rows if r.get('decision') == 'NOT_SCORED' and r.get('reason')))")
expect_eq not_scored_with_reason "$reasons" 2
models=$(worklist_curl -fs "$WORKLIST_URL/api/worklist" | /usr/bin/python3 -c "
import json, sys
rows = json.load(sys.stdin)
print(all(r.get('modelVersion') for r in rows if r.get('decision') not in (None, 'NOT_SCORED')))")
expect_eq scored_rows_carry_model_version "$models" True

# The edge, in %prod: an unlisted calling AE is refused at association.
out=$(storescu -aet INTRUDER -aec "$DICOM_AET" localhost "$DICOM_PORT" "$work/radiographs/study-000.dcm" 2>&1 || true)
echo "$out" | grep -qi "Calling AE Title Not Recognized" || fail "calling AE INTRUDER was not refused: $out"
echo "e2e: ok: calling AE INTRUDER refused"
expect_eq stow_without_a_token "$(stow_files "" "$work/radiographs/study-000.dcm")" 401
expect_eq stow_with_a_forged_token "$(stow_files "$DEMO_STOW_TOKEN.forged" "$work/radiographs/study-000.dcm")" 401

# A failure path: the PHI canary with a Study Instance UID that is not a UID is refused (C000) and
# dead-lettered exactly once, by claim check (the letter is far smaller than the object), leaving no
# spool file; its planted values must stay out of every log (checked below with the others).
cp "$work/phi-canary.dcm" "$work/bad-uid.dcm"
dcmodify -q -nb -ie -m "(0020,000D)=1.2..3" "$work/bad-uid.dcm"
letters_before=$(topic_count phi-dead-letter-v1)
out=$(storescu -v -aet PACS -aec "$DICOM_AET" localhost "$DICOM_PORT" "$work/bad-uid.dcm" 2>&1 || true)
echo "$out" | grep -q "CannotUnderstand" || fail "an object with an invalid Study Instance UID was not refused: $out"
sleep 1
expect_eq dead_letters_for_the_bad_object "$(( $(topic_count phi-dead-letter-v1) - letters_before ))" 1
topic_dump phi-dead-letter-v1 "$STACK_DIR/phi-dead-letters.txt"
[ "$(stat -c %s "$STACK_DIR/phi-dead-letters.txt")" -lt $(( $(stat -c %s "$work/bad-uid.dcm") / 4 )) ] \
  || fail "the dead letter is as large as the object: it must carry a claim check, not the bytes"
expect_eq spool_files_left "$(find "$STACK_DIR/phi-store/.incoming" -type f | wc -l)" 0

# A failure path in de-identification: the PHI canary without Burned In Annotation is held back in the
# PHI zone (quarantined, one dead letter with the reason), and its planted values stay out of the logs.
cp "$work/phi-canary.dcm" "$work/silent-burned-in.dcm"
dcmodify -q -nb -gin -ea "(0028,0301)" "$work/silent-burned-in.dcm"
letters_before=$(topic_count phi-dead-letter-v1)
send_files "$work/silent-burned-in.dcm"
for _ in $(seq 1 40); do [ "$(topic_count phi-dead-letter-v1)" -gt "$letters_before" ] && break; sleep 0.5; done
expect_eq dead_letters_for_the_silent_radiograph "$(( $(topic_count phi-dead-letter-v1) - letters_before ))" 1
topic_dump phi-dead-letter-v1 "$STACK_DIR/phi-dead-letters.txt"
grep -aq QUARANTINED_BURNED_IN_ANNOTATION "$STACK_DIR/phi-dead-letters.txt" || fail "the silent radiograph was not quarantined"

# The PHI invariant: no topic outside phi-* holds any planted value.
mapfile -t canaries < <(/usr/bin/python3 -c "
import json, sys
m = json.load(open(sys.argv[1]))
vals = m['planted'] if isinstance(m, dict) and 'planted' in m else m
vals = vals.values() if isinstance(vals, dict) else vals
for v in vals:
    v = v['value'] if isinstance(v, dict) else v
    if len(str(v)) >= 6: print(v)
annex = json.load(open(sys.argv[2]))
for v in annex['tokens'] + annex['uids']: print(v)" "$work/phi-canary.json" "$work/annex-e-canary.json")
[ "${#canaries[@]}" -ge 500 ] || fail "expected at least 500 planted PHI values, got ${#canaries[@]}"
printf '%s\n' "${canaries[@]}" > "$STACK_DIR/canaries.txt"
topics=$(kcat -b "$BOOTSTRAP" -L 2>/dev/null | sed -n 's/^  topic "\([^"]*\)".*/\1/p' | grep -v '^__')
checked=0
for t in $topics; do
  dump=$STACK_DIR/topic-$t.txt
  topic_dump "$t" "$dump"
  hits=$(grep -a -o -F -f "$STACK_DIR/canaries.txt" "$dump" | sort -u | wc -l || true)
  if [[ "$t" == phi-* ]]; then
    [ "$t" != phi-radiograph-received-v1 ] || [ "$hits" -gt 0 ] || fail "canary not found on $t: the check would be vacuous"
  else
    [ "$hits" -eq 0 ] || fail "$hits planted PHI values found on non-PHI topic $t"
    checked=$((checked + 1))
  fi
done
[ "$checked" -ge 4 ] || fail "only $checked non-PHI topics checked"
echo "e2e: ok: no planted PHI on $checked non-phi topics ($(echo $topics | wc -w) topics in all)"

# Logs are read by operators outside the PHI zone: none of the planted values may appear in them.
for log in "$STACK_DIR"/logs/*.log; do
  [ -s "$log" ] || fail "log $log is empty: the check would be vacuous"
  leaked=$(grep -a -o -F -f "$STACK_DIR/canaries.txt" "$log" | sort -u | wc -l || true)
  [ "$leaked" -eq 0 ] || fail "$leaked planted PHI values found in $(basename "$log")"
done
echo "e2e: ok: no planted PHI in the logs of the three services"

# One more study: from the end of its C-STORE to the committed worklist outcome.
prepare_studies 1 "$work/one"
t0=$(date +%s%N)
send_files "$work"/one/*.dcm
# The ninth outcome: waiting for eight would pass before the extra study even arrived.
wait_outcomes 9 30 || fail "the extra study never reached the worklist"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "e2e: ok: one study reached the worklist ${ms} ms after its C-STORE finished"
[ "$ms" -lt 3000 ] || fail "worklist update took ${ms} ms"

# The demo's promise: a malignant-looking radiograph sent with storescu is at the top of the worklist,
# and its order change has reached the RIS sink over HL7 v2 and FHIR, within a second of its C-STORE.
mkdir -p "$work/malignant"
cp "$OSTEON_ROOT/samples/radiographs/03-malignant-femur.dcm" "$work/malignant/study.dcm"
accession="MAL$(date +%s%N | tail -c 9)"
dcmodify -q -nb -gst -gse -gin -m "(0008,0050)=$accession" "$work/malignant/study.dcm"
t0=$(date +%s%N)
send_files "$work/malignant/study.dcm"
times=$(ACC="$accession" WORKLIST_URL="$WORKLIST_URL" T0="$t0" READER="$DEMO_READER:$DEMO_READER_PASSWORD" \
  /usr/bin/python3 - <<'PY'
import base64, json, os, time, urllib.request
acc, url, t0 = os.environ["ACC"], os.environ["WORKLIST_URL"], int(os.environ["T0"])
auth = "Basic " + base64.b64encode(os.environ["READER"].encode()).decode()
def get(path):
    # The worklist API needs the reader's sign-in; the RIS sink plays an outside system and is open.
    request = urllib.request.Request(url + path, headers={"Authorization": auth})
    with urllib.request.urlopen(request, timeout=5) as r:
        return json.load(r)
seen = {}
deadline = time.time() + 10
while len(seen) < 3 and time.time() < deadline:
    ms = (time.time_ns() - t0) // 1_000_000
    rows = get("/api/worklist")
    # At the top: raised out of the routine queue, so that only studies at least as urgent, which
    # arrived earlier, are read before it.
    ours = [i for i, r in enumerate(rows) if r["accessionNumber"] == acc]
    if "top" not in seen and ours and all(r["priority"] != "ROUTINE" for r in rows[:ours[0] + 1]):
        seen["top"] = ms
    sink = get("/api/dev/ris-sink")
    if "hl7" not in seen and any(m.get("accessionNumber") == acc for m in sink["hl7"]):
        seen["hl7"] = ms
    if "fhir" not in seen and any(acc in m.get("request", "") for m in sink["fhir"]):
        seen["fhir"] = ms
    time.sleep(0.02)
print(json.dumps(seen))
PY
)
echo "e2e: malignant sample after its C-STORE, ms: $times"
for k in top hl7 fhir; do
  v=$(echo "$times" | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin).get('$k', 'never'))")
  [ "$v" != never ] || fail "the malignant sample never reached: $k"
  [ "$v" -le 1000 ] || fail "the malignant sample took $v ms to reach: $k (budget 1000 ms)"
  echo "e2e: ok: malignant sample reached $k in $v ms"
done

# STOW-RS with the demo's token stores a study (last: it adds a worklist outcome).
prepare_studies 1 "$work/stow"
expect_eq stow_with_the_demo_token "$(stow_files "$DEMO_STOW_TOKEN" "$work"/stow/*.dcm)" 200
echo "e2e: 1 passed, 0 failed"
