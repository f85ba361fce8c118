#!/usr/bin/env bash
# The one full phantoms-v2 run (issue 22): trains on phantoms v2 with the seg head, outlier exposure
# and the acquisition augmentation, lesion pool and centre balance (config.V2_PRESET), in two pipeline
# runs, from training/:
#
#   bash recipes/v2.sh                        # writes ../models/default (0.3.0), 256 px, width 32
#   SIZE=192 WIDTH=48 OUT=out/v2-run bash recipes/v2.sh
#
# 1. Width $WIDTH at 128 px: a 4-epoch one-cycle run and a 2-epoch warm restart (6 epochs), without
#    the suites, the previous model or goldens. Its report goes to out/v2-128 (not shipped); its
#    checkpoint, out/v2/ckpt.pt, is the start of run 2.
# 2. The same network fine-tuned at $SIZE px (fully convolutional encoder and decoder, global pooling:
#    the weights carry over): `--init` resumes after the first cycle, so the 3-epoch cycle at peak lr
#    1e-3 is a warm restart at the new size. Calibration, the v2 evaluation (test split, shift suite,
#    near-OOD kinds, localisation of the mask), export and golden vectors at $SIZE px into $OUT.
#    Before anything is written, the previous model ($PREVIOUS, by default the shipped
#    ../models/default, 0.2.0) is scored on the same test images: report.json previous_model.
#    Once ../models/default is a v2 model, point PREVIOUS at a copy of 0.2.0 to keep that comparison.
#
# Estimated from the smoke runs (docs/model.md "Training on phantoms v2"): about 70-90 min on 2 idle
# cores at SIZE=256, WIDTH=32 (run 1 about 20 min, run 2 about 55 min, the previous model about 6 min).
# Phantoms are rendered once per size and cached in the work dirs.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-256}
WIDTH=${WIDTH:-32}
OUT=${OUT:-../models/default}
PREVIOUS=${PREVIOUS:-../models/default}
/usr/bin/python3 -m osteon_training.pipeline --phantoms v2 --width "$WIDTH" --epochs 4 --restart-epochs 2 \
  --no-goldens --suite-n 0 --previous-model "" --ceiling-n 20000 --bootstrap 200 \
  --out out/v2-128 --work out/v2
/usr/bin/python3 -m osteon_training.pipeline --phantoms v2 --width "$WIDTH" --size "$SIZE" --init out/v2/ckpt.pt \
  --epochs 4 --restart-epochs 3 --restart-lr 1e-3 --previous-model "$PREVIOUS" \
  --work "out/v2-$SIZE" --out "$OUT"
