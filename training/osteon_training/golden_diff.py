"""How far a model's outputs are from its golden vectors (golden.json): NumPy only, so that every
checker shares it, including the GPU bench, which runs where `onnx` may be missing. onnx_numpy's
check_golden, rebuild.verify and scoring/gpu/bench_gpu.py call it; Java's twin is
GoldenCases.Case.camSumDiff."""
from __future__ import annotations

import numpy as np


def cam_sum_diff(cam, outputs: dict) -> float:
    """How far a map is from golden.json's `cam_sum` and `cam_abs_sum` (its L1 norm), relative to
    max(1, cam_abs_sum), as Java's GoldenCases.Case.camSumDiff. The rounding of a float32 sum grows with
    its terms, not with the sum: a map of cells of both signs (±14 each, 144 cells) can add up to 2,
    and two correct float32 evaluations then differ by 2e-4 of that sum. The norm is compared too, so
    the scale of the tolerance is the model's own and not a free number in golden.json. Goldens
    written before `cam_abs_sum` compare the sum alone, relative to max(1, |cam_sum|). inf when a
    value is not finite or `cam_abs_sum` is below |cam_sum| (no map has that)."""
    cam = np.asarray(cam, np.float64)
    exp_sum, exp_abs = float(outputs["cam_sum"]), outputs.get("cam_abs_sum")
    diffs = [abs(float(cam.sum()) - exp_sum)]
    if exp_abs is None:
        scale = abs(exp_sum)
    else:
        scale = float(exp_abs)
        if not scale >= abs(exp_sum) * (1 - 1e-6):
            return float("inf")
        diffs.append(abs(float(np.abs(cam).sum()) - scale))
    return worst_of([d / max(1.0, scale) for d in diffs])


def worst_of(diffs) -> float:
    """The largest difference; inf when any is not finite (max() would pass a NaN over)."""
    diffs = [float(d) for d in diffs]
    return max(diffs, default=0.0) if all(np.isfinite(diffs)) else float("inf")
