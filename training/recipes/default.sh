#!/usr/bin/env bash
# Reproduces models/default (osteon-bone-xr 0.2.0) in two runs of the pipeline, from training/:
#
#   bash recipes/default.sh
#
# 1. Width 48 at 128 px: a 5-epoch one-cycle run and a 4-epoch warm restart (9 epochs). Its evaluation
#    goes to out/default-128 (not shipped); its checkpoint, out/default/ckpt.pt, is the start of run 2.
# 2. The same network fine-tuned at 192 px (it is fully convolutional with global pooling, so the
#    weights carry over): `--init` resumes after the first cycle, so the 3-epoch cycle at peak lr 1e-3
#    is a warm restart at the new size. Calibration, evaluation, export and golden vectors are made at
#    192 px into ../models/default.
#
# About 25 + 30 min on 2 idle cores (phantoms are generated once per size and cached in the work dirs).
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -m osteon_training.pipeline --width 48 --restart-epochs 4 --no-goldens \
  --out out/default-128 --work out/default
/usr/bin/python3 -m osteon_training.pipeline --width 48 --size 192 --init out/default/ckpt.pt \
  --restart-epochs 3 --restart-lr 1e-3 --work out/default-192 --out ../models/default
