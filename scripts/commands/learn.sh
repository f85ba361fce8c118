#!/usr/bin/env bash
# usage: ./osteon learn --demo [--quick]  the learning loop end to end on the embedded stack: new site, diagnoses, dataset, retraining, shadow, gate, promotion; one JSON line
# The loop of docs/learning.md on the embedded stack (the one ./osteon demo runs), as a site would run it:
#  1. a new site the live model was not trained for (osteon_training.site_shift: a detector with other
#     noise and processing, and an anatomical site absent from training) sends its studies by C-STORE;
#  2. their final diagnoses arrive, a quarter as HL7 v2 ORU^R01 and the rest through POST /api/diagnoses;
#  3. ./osteon dataset build snapshots them into a read-only, content-addressed dataset;
#  4. the live model is fine-tuned on it (--init from the live model folder, replay, recalibration),
#     and so is a deliberately worse candidate (the same data with its labels swapped: a mislabelled
#     export);
#  5. the candidate is pinned and run as the shadow on a fresh set of the site's studies;
#  6. ./osteon model gate compares it with the live model (locked reference set, the site's held-out
#     studies, calibration, shadow agreement), and the worse candidate too;
#  7. the admin approves the passing candidate through the worklist page's API, which promotes it.
# Prints one JSON line (dataset hash, site sensitivity before and after with CIs, the reference-set
# non-inferiority verdict, both gate decisions, the promoted version) and exits 1 unless the candidate
# passed, the worse one failed and the promoted model is the candidate.
# --demo: the shipped model (models/default), 600 studies at 30 % malignant. --quick: the 64 px live
# model of tests/learn/live-64 (phantoms v1), 200 studies (what ./osteon test runs, tests/e2e/learn.sh).
# Work files in .osteon/learn/. Synthetic data only; research prototype, NOT FOR CLINICAL USE.
set -euo pipefail
cd "${OSTEON_ROOT:?run through ./osteon}"
quick=0 demo=0
for arg in "$@"; do
  case $arg in
    --demo) demo=1 ;;
    --quick) quick=1 ;;
    *) echo "usage: ./osteon learn --demo [--quick]" >&2; exit 2 ;;
  esac
done
[ "$demo" = 1 ] || { echo "usage: ./osteon learn --demo [--quick]" >&2; exit 2; }

W=$OSTEON_ROOT/.osteon/learn
export STACK_DIR=$W/stack STACK_PACS=none
# ./osteon model calls scoring with the admin token this stack mints.
export OSTEON_SCORING_TOKEN_FILE=$STACK_DIR/jwt/scoring-admin-token
# shellcheck source=../stack.sh
source "$OSTEON_ROOT/scripts/stack.sh"
started=$SECONDS
say() { echo "osteon learn: [$((SECONDS - started))s] $*" >&2; }
py() { (cd "$OSTEON_ROOT/training" && /usr/bin/python3 -m "$@"); }
json_get() { /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d"+sys.argv[2]))' "$@"; }

if [ "$quick" = 1 ]; then
  STUDIES=200 SHADOW_STUDIES=40 SITE_SEED=11 EPOCHS=${OSTEON_LEARN_EPOCHS:-40} LR=1e-3
else
  STUDIES=600 SHADOW_STUDIES=100 SITE_SEED=7 EPOCHS=${OSTEON_LEARN_EPOCHS:-20} LR=1e-4
fi
# Fine-tuning (docs/model.md, "Fine-tuning from a shipped model"): a quarter of each batch replays the
# live model's own training distribution; the last epoch, as validation is mostly replay images; the
# site's calibration studies hold half the weight of the review cut-off; n-cal sizes the replay
# calibration data. The lr is per live model: the 64 px one was tuned at 1e-3; the shipped 192 px one
# collapses at 1e-3 in its first epoch (loss near ln 3, reference-set AUC 1.00 -> 0.87, and a near-zero
# escalation threshold that flags most routine studies) and keeps a reference AUC of 0.99 at 1e-4.
FINETUNE_ARGS=(--finetune-lr "$LR" --replay-fraction 0.25 --finetune-select last --site-cal-weight 0.5
  --n-train 400 --n-val 200 --n-cal 600)
rm -rf "$W/models" "$W/datasets" "$W/site" "$W/shadow-site" "$W/after-site" "$W/stack" "$W/gate-worse" "$W/work"
mkdir -p "$W/models" "$W/datasets"
chmod 755 "$W/models" # scoring refuses a models root others may write (its audit file lives there)

# The live model: the shipped one, or for --quick the 64 px model in tests/learn/live-64 (trained by
# the pipeline on phantoms v1; tests/learn/README.md has the command).
if [ "$quick" = 1 ]; then
  cp -r "$OSTEON_ROOT/tests/learn/live-64" "$W/models/live"
else
  cp -r "$OSTEON_ROOT/models/default" "$W/models/live"
fi
live_version=$(json_get "$W/models/live/model.json" '["version"]')
live_digest=$(bash scripts/commands/model.sh digest "$W/models/live")

say "locked reference set and the new site ($STUDIES studies, 30 % malignant)"
py osteon_training.reference --out "$W/reference" >/dev/null
reference_sha=$(json_get "$W/reference/reference.json" '["content_sha256"]')
py osteon_training.site_shift --findings v1 --out "$W/site" --n "$STUDIES" --prevalence 0.3 --seed "$SITE_SEED" >/dev/null
py osteon_training.site_shift --findings v1 --out "$W/shadow-site" --n "$SHADOW_STUDIES" --prevalence 0.3 \
  --seed $((SITE_SEED + 1000)) >/dev/null
AFTER_STUDIES=10
py osteon_training.site_shift --findings v1 --out "$W/after-site" --n "$AFTER_STUDIES" --prevalence 0.3 \
  --seed $((SITE_SEED + 2000)) >/dev/null

# Scoring may swap models (its models root is $W/models; the live digest is pinned, so a rollback can
# bring it back) and has a shadow slot (the live model to begin with), and the diagnosis listener is
# on; the stack points the page's model panel at scoring.
STACK_STREAMS_ENV=(OSTEON_SITE=site-b)
# A fixed pseudonym key, so that the site's studies get the same pseudonyms, hence the same dataset and
# the same held-out split (sha256 of the study key), on every run: synthetic data only, never a real
# deployment's key (docs/learning.md).
export STACK_DEID_SECRET
STACK_DEID_SECRET=$(printf 'osteon learn demo: synthetic studies only' | sha384sum | cut -c1-64)
STACK_SCORING_ENV=(OSTEON_SCORING_MODEL_DIR="$W/models/live" OSTEON_SCORING_SHADOW_MODEL_DIR="$W/models/live"
  OSTEON_SCORING_MODELS_ROOT="$W/models" OSTEON_SCORING_MODEL_SWAP_ENABLED=true
  OSTEON_SCORING_MODEL_SWAP_PINNED_SHA256="$live_digest"
  OSTEON_SCORING_PROMOTION_LOCKED_REFERENCE_SHA256="$reference_sha")
STACK_WORKLIST_ENV=(OSTEON_DIAGNOSES_HL7_ENABLED=true OSTEON_DIAGNOSES_HL7_PORT=2576
  OSTEON_DIAGNOSES_HL7_ALLOWED_SENDING_APPLICATIONS=PATHLAB)
stack_build
bash scripts/commands/dataset.sh --help >/dev/null 2>&1 || true # builds the curation module when stale
trap 'stack_stop' EXIT
stack_start 2>"$W/stack.log" || { tail -30 "$W/stack.log" >&2; exit 1; }

say "sending the site's studies"
send_files "$W"/site/dicom/*.dcm >/dev/null 2>&1 || { say "C-STORE failed"; exit 1; }
wait_outcomes "$STUDIES" 600 || exit 1

say "feeding the final diagnoses (HL7 ORU^R01 and REST)"
feed=$(OSTEON_LEARN_ADMIN_PASSWORD=$DEMO_ADMIN_PASSWORD /usr/bin/python3 scripts/learn/feed_diagnoses.py \
  --truth "$W/site/truth.csv" --worklist "$WORKLIST_URL" --hl7-port 2576)

say "building the dataset"
built=$(bash scripts/commands/dataset.sh build --bootstrap "$BOOTSTRAP" --research-root "$STACK_DIR/research-store" \
  --out "$W/datasets" --name site-b --site site-b)
dataset=$(echo "$built" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["dataset"])')

say "fine-tuning the candidate and a worse one (labels swapped)"
worse_data=$W/datasets/mislabelled
/usr/bin/python3 scripts/learn/mislabel.py --dataset "$dataset" --out "$worse_data" >/dev/null
finetune() { # dataset out log epochs
  py osteon_training.pipeline --init "$W/models/live" --format osteon-dataset --data "$1" --epochs "$4" \
    "${FINETUNE_ARGS[@]}" --out "$2" --work "$W/work/$(basename "$2")" >"$3" 2>&1 || { tail -20 "$3" >&2; exit 1; }
}
finetune "$dataset" "$W/models/candidate" "$W/candidate.log" "$EPOCHS"
# The worse one needs no more epochs to be worse: a quarter of them.
finetune "$(ls -d "$worse_data"/*/ | head -1)" "$W/models/worse" "$W/worse.log" $((EPOCHS / 4))
cand_version=$(json_get "$W/models/candidate/model.json" '["version"]')
cand_digest=$(bash scripts/commands/model.sh digest "$W/models/candidate")

say "candidate $cand_version in shadow on $SHADOW_STUDIES fresh studies"
bash scripts/commands/model.sh pin "$W/models/candidate" "$cand_digest" "learn demo: fine-tuned on $(basename "$dataset")" >/dev/null
bash scripts/commands/model.sh shadow "$W/models/candidate" "$cand_digest" >/dev/null
wait_shadow() { # version
  local i
  for i in $(seq 1 120); do
    bash scripts/commands/model.sh status 2>/dev/null | /usr/bin/python3 -c '
import json, sys
m = json.load(sys.stdin)
sys.exit(0 if (m.get("shadow") or {}).get("version") == sys.argv[1] else 1)' "$1" && return 0
    sleep 0.5
  done
  say "the shadow model is not $1"; return 1
}
# Staged now, the shadow takes over at scoring's next batch: these studies are scored by both.
send_files "$W"/shadow-site/dicom/*.dcm >/dev/null 2>&1 || { say "C-STORE failed"; exit 1; }
wait_outcomes $((STUDIES + SHADOW_STUDIES)) 600 || exit 1
wait_shadow "$cand_version"
sleep 2 # the shadow's scores commit with the primary's batch; give the last transaction its interval
bash scripts/commands/dataset.sh scores --bootstrap "$BOOTSTRAP" --out "$W/scores.jsonl" >/dev/null

say "the promotion gate"
set +e
py osteon_training.model_gate --live "$W/models/live" --candidate "$W/models/candidate" --dataset "$dataset" \
  --reference "$W/reference" --scores "$W/scores.jsonl" --shadow-last "$SHADOW_STUDIES" \
  --out "$W/models/candidate/gate" >"$W/gate.json" 2>"$W/gate.log"
gate_rc=$?
py osteon_training.model_gate --live "$W/models/live" --candidate "$W/models/worse" --dataset "$dataset" \
  --reference "$W/reference" --out "$W/gate-worse" >"$W/gate-worse.json" 2>"$W/gate-worse.log"
worse_rc=$?
set -e
[ "$gate_rc" = 0 ] || say "the candidate did not pass the gate (exit $gate_rc): $(tail -c 600 "$W/gate.json")"

promoted=""
if [ "$gate_rc" = 0 ]; then
  say "the admin approves the promotion on the page"
  report_sha=$(sha256sum "$W/models/candidate/gate/gate_report.json" | cut -d' ' -f1)
  curl -fs -u "$DEMO_ADMIN:$DEMO_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
    -d "{\"dir\": \"$W/models/candidate\", \"gateReportSha256\": \"$report_sha\"}" \
    "$WORKLIST_URL/api/model-promotion/approve" >"$W/approval.json" || { say "the approval was refused: $(cat "$W/approval.json")"; exit 1; }
  # Staged now, the promoted model takes over at scoring's next batch: a few more of the site's studies
  # are scored by it, and the worklist shows its version on them.
  send_files "$W"/after-site/dicom/*.dcm >/dev/null 2>&1 || { say "C-STORE failed"; exit 1; }
  wait_outcomes $((STUDIES + SHADOW_STUDIES + AFTER_STUDIES)) 600 || exit 1
  promoted=$(bash scripts/commands/model.sh status | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
fi

/usr/bin/python3 scripts/learn/summary.py --gate "$W/gate.json" --worse "$W/gate-worse.json" --built "$built" \
  --feed "$feed" --live-version "$live_version" --promoted "$promoted" --seconds $((SECONDS - started)) \
  --studies "$STUDIES" --shadow-studies "$SHADOW_STUDIES"
