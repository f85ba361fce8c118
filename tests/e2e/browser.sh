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
# Routine-looking studies first, so the malignant ones have somewhere to move up from.
prepare_studies 2 "$work/first"
send_files "$work"/first/*.dcm
wait_outcomes 2 120 || fail "the first studies never reached the worklist"

node "$browser_dir/worklist-page.mjs" "$WORKLIST_URL" "$DEMO_READER" "$DEMO_READER_PASSWORD" \
  "$STACK_DIR/logs/worklist-page.png" "$ready" "$sent" &
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
