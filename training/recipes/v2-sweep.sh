#!/usr/bin/env bash
# Input-size sweep on phantoms v2: one single-stage pipeline run per size on a subset, then a table of
# the figures that decide the size (test AUC, localisation, near-OOD, train time), from training/:
#
#   bash recipes/v2-sweep.sh                                  # SIZES="192 256 384", 1200 training images
#   SIZES=128 N_TRAIN=200 EPOCHS=1 bash recipes/v2-sweep.sh   # smoke test of the recipe (a few minutes)
#   FLAGS="--no-lesion-pool --no-centre-balance" bash recipes/v2-sweep.sh   # extra pipeline flags, every run
#
# Every run has the same data (first N images of each split, rendered at its size), seed and epochs;
# outputs go to out/sweep/S<size>/ (report.json, model.onnx, ...), the table to out/sweep/sizes.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-192 256 384}
N_TRAIN=${N_TRAIN:-1200}
EPOCHS=${EPOCHS:-4}
WIDTH=${WIDTH:-32}
n_eval=$((N_TRAIN / 4 > 40 ? N_TRAIN / 4 : 40))
for s in $SIZES; do
  /usr/bin/python3 -m osteon_training.pipeline --phantoms v2 --size "$s" --width "$WIDTH" --epochs "$EPOCHS" \
    --n-train "$N_TRAIN" --n-val "$n_eval" --n-cal "$n_eval" --n-test "$n_eval" --n-ood 60 \
    --suite-n $((n_eval / 10 > 4 ? n_eval / 10 : 4)) --bootstrap 200 --ceiling-n 20000 --previous-model "" \
    --no-goldens --out "out/sweep/S$s" ${FLAGS:-}
done
/usr/bin/python3 - $SIZES <<'PY'
import json, sys
rows = ["size\tauc\tauc_ci\tdice_malignant\tpointing\tfroc@1fp\tnear_ood_auroc\treview_rate\ttrain_s\ttotal_s"]
for s in sys.argv[1:]:
    r = json.load(open(f"out/sweep/S{s}/report.json"))
    t, loc = r["test"], (r.get("localisation") or {}).get("malignant", {})
    f = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
    ci = t.get("auc_malignant_ci") or [None, None]
    rows.append("\t".join([s, f(t["auc_malignant"]), f"{f(ci[0])}-{f(ci[1])}", f(loc.get("dice_mean")),
        f(loc.get("pointing_game")), f(loc.get("froc_sensitivity_at_1fp")), f((r.get("near_ood") or {}).get("review_auroc")),
        f(r["uncertainty"]["review_lane"]["review_rate"]), str(r["training"]["train_seconds"]), str(r["total_seconds"])]))
open("out/sweep/sizes.tsv", "w").write("\n".join(rows) + "\n")
print("\n".join(rows))
PY
