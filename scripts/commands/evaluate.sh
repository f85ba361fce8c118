#!/usr/bin/env bash
# usage: ./osteon evaluate --model DIR --data PATH --format btxrd|dicom-folder|phantoms-v2 [--out report.json]  score a model on a labelled set as serving would: clustered CIs, gate rates, subgroups, shift and near-OOD suites
# Scores any model folder (model.onnx + model.json) with the NumPy ONNX evaluator, the serving
# preprocessing and the gate's rule, and writes one report JSON (standard output without --out).
# Paths are relative to the repository root. --data for phantoms-v2: [SPLIT:]N (e.g. test:300) or a
# folder from `python3 -m osteon_training.phantoms_v2.render`; --format dicom-folder needs --labels CSV.
# Other options: --suite-n N (images per shift and near-OOD kind, default 40; 0: none), --bootstrap N,
# --seed N. Design and figures: docs/model.md "Evaluation on phantoms v2". NOT FOR CLINICAL USE.
set -euo pipefail
cd "${OSTEON_ROOT:?run through ./osteon}"
PYTHONPATH="$OSTEON_ROOT/training${PYTHONPATH:+:$PYTHONPATH}" exec /usr/bin/python3 -m osteon_training.evaluate_model "$@"
