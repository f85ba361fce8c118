#!/usr/bin/env bash
# Browser test of the reading-room page on the embedded stack (the same one ./osteon demo runs), in
# headless Debian chromium driven by playwright-core: sign in as the demo reader, send
# malignant-looking studies over DICOM, see one move to the top as ESCALATE without a reload, open
# its study view (radiograph and activation overlay), confirm, and find the verdict on
# triage-feedback-v1. Takes no lock itself: run it as `flock /tmp/osteon-stack.lock bash tests/e2e/browser.sh`
# where others share the stack's fixed ports.
set -euo pipefail
OSTEON_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export OSTEON_ROOT STACK_DIR=$OSTEON_ROOT/.osteon/browser
# shellcheck source=../../scripts/stack.sh
source "$OSTEON_ROOT/scripts/stack.sh"

fail() { echo "browser: FAIL: $*" >&2; exit 1; }
command -v chromium >/dev/null || fail "chromium is missing (scripts/setup.sh installs it)"
command -v npm >/dev/null || fail "npm is missing (scripts/setup.sh installs nodejs and npm)"

browser_dir=$OSTEON_ROOT/tests/browser
if [ ! -d "$browser_dir/node_modules/playwright-core" ]; then
  (cd "$browser_dir" && npm install --no-audit --no-fund --silent) || fail "cannot install playwright-core"
fi

stack_build
trap 'stack_stop' EXIT
stack_start

work=$STACK_DIR/browser-input
mkdir -p "$work"
ready=$work/page-live sent=$work/studies-sent
rm -f "$ready" "$sent"
# Routine-looking studies first, so the malignant ones have somewhere to move up from: among them an
# ideographic name (01) and, added here, an accented one (04), whose glyphs the page test checks.
prepare_studies 2 "$work/first"
cp "$OSTEON_ROOT/samples/radiographs/04-normal-humerus.dcm" "$work/first/study-accented.dcm"
dcmodify -q -nb -gst -gse -gin -m "(0008,0050)=OSA$(date +%s)" "$work/first/study-accented.dcm"
expected=$work/expected.json
/usr/bin/python3 "$browser_dir/expected-from-dicom.py" "$ORTHANC_URL" "$work"/first/*.dcm >"$expected" \
  || fail "cannot read the first studies' DICOM"
if [ "$STACK_PACS" = orthanc ]; then
  # Through the PACS, as a modality's images arrive: the page's viewer links must open studies it holds.
  upload_to_orthanc "$work"/first/*.dcm || fail "Orthanc refused the first studies"
else
  send_files "$work"/first/*.dcm
fi
wait_outcomes 3 120 || fail "the first studies never reached the worklist"
# The API gives each Patient Name byte for byte as the DICOM file holds it (ISO_IR 192, UTF-8; the
# gateway decodes Specific Character Set when it reads the header).
worklist_curl -fs "$WORKLIST_URL/api/worklist" >"$work/worklist.json" || fail "cannot read /api/worklist"
/usr/bin/python3 - "$expected" "$work/worklist.json" <<'PY' || fail "the API does not give the names as the DICOM holds them"
import json, sys
expected = json.load(open(sys.argv[1], encoding="utf-8"))
rows = {r["accessionNumber"]: r for r in json.load(open(sys.argv[2], encoding="utf-8"))}
for study in expected:
    got = rows[study["accession"]]["patientName"].encode("utf-8")
    want = bytes.fromhex(study["patientNameUtf8Hex"])
    assert got == want, (study["accession"], got, want)
    print("browser: API name of", study["accession"], "is the DICOM's", len(want), "bytes:", want.decode("utf-8"))
PY
if [ "$STACK_PACS" = orthanc ]; then
  for id in $(/usr/bin/python3 -c "import json,sys; print(' '.join(s['orthancStudyId'] for s in json.load(open(sys.argv[1]))))" "$expected"); do
    orthanc_curl -fs "$ORTHANC_URL/studies/$id" >/dev/null || fail "Orthanc holds no study $id, where the page links"
  done
  echo "browser: Orthanc holds every study the page links to"
fi

node "$browser_dir/worklist-page.mjs" "$WORKLIST_URL" "$DEMO_READER" "$DEMO_READER_PASSWORD" \
  "$STACK_DIR/logs/worklist-page.png" "$ready" "$sent" "$([ "$STACK_PACS" = orthanc ] && echo "$expected")" &
page_pid=$!
for _ in $(seq 1 600); do [ -f "$ready" ] || ! kill -0 "$page_pid" 2>/dev/null || sleep 0.1; done
[ -f "$ready" ] || { wait "$page_pid" || true; fail "the page never went live"; }

mkdir -p "$work/malignant"
i=0
for sample in "$OSTEON_ROOT"/samples/radiographs/*-malignant-*.dcm; do
  cp "$sample" "$work/malignant/$i.dcm"
  dcmodify -q -nb -gst -gse -gin -m "(0008,0050)=BRW$(date +%s)$i" "$work/malignant/$i.dcm"
  i=$((i + 1))
done
send_files "$work"/malignant/*.dcm
touch "$sent"
wait "$page_pid" || fail "the page test failed (screenshot: $STACK_DIR/logs/worklist-page.png)"

key=$(cat "$sent.study")
feedback=$(kcat -b "$BOOTSTRAP" -C -t triage-feedback-v1 -e -q -f '%k\n' 2>/dev/null | grep -c "^$key\$" || true)
[ "$feedback" -ge 1 ] || fail "no triage-feedback-v1 record keyed by the confirmed study"
worklist_curl -fs "$WORKLIST_URL/api/worklist/$key/audit" | grep -q FEEDBACK_RECORDED \
  || fail "the audit trail has no FEEDBACK_RECORDED"
echo "browser: ok: the study moved to the top without a reload, its view drew, the verdict is on triage-feedback-v1"
