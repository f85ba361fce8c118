"""Golden vectors: small DICOM inputs, their exact preprocessed tensors and the model's outputs,
computed by torch in eval mode, float32. Java checks its preprocessing (tolerance 1e-4) and ONNX
Runtime's outputs (tolerance 1e-4) against them.

Outputs per case: probs, spread, uncertainty, cam_sum, cam_abs_sum (the map's L1 norm, the scale of
cam_sum's tolerance: golden_diff.cam_sum_diff) and cam_shape; with a mask output also mask_sum
(relative to max(1, mask_sum)), mask_max and mask_shape.

Cases: square MONOCHROME2 with window; MONOCHROME1; no window attributes (min/max); Rescale
Slope/Intercept 2/-1024; non-square 300x180. All 16-bit unsigned, BitsStored 12.

    (driven by) /usr/bin/python3 -m osteon_training.pipeline
"""
from __future__ import annotations

import json
import os

import numpy as np
import torch

from .dicom_io import radiograph
from .phantoms import encode, make_phantom
from .preprocess import PixelMeta, preprocess_file

CASES = [  # name, seed, label, size, encode options, note
    (
        "case-01",
        101,
        "normal",
        256,
        dict(monochrome1=False, windowed=True, rescale=False),
        "square 256x256, MONOCHROME2, window",
    ),
    ("case-02", 102, "malignant", 240, dict(monochrome1=True, windowed=True, rescale=False), "MONOCHROME1, window"),
    (
        "case-03",
        103,
        "benign",
        224,
        dict(monochrome1=False, windowed=False, rescale=False),
        "no Window Center/Width: min-max",
    ),
    (
        "case-04",
        104,
        "benign",
        256,
        dict(monochrome1=False, windowed=True, rescale="fixed"),
        "Rescale Slope 2, Intercept -1024, window",
    ),
    (
        "case-05",
        105,
        "malignant",
        300,
        dict(monochrome1=False, windowed=True, rescale=False),
        "non-square 300x180, MONOCHROME2",
    ),
]


def _case_image(name, seed, label, size):
    p = make_phantom(seed, label, size, "c07")
    img = p.image
    if name == "case-01":  # square: pad the short side with the phantom's own background
        h, w = img.shape
        pad = h - w
        img = np.pad(img, ((0, 0), (pad // 2, pad - pad // 2)), mode="edge")
    if name == "case-05":
        img = img[:, :180] if img.shape[1] >= 180 else np.pad(img, ((0, 0), (0, 180 - img.shape[1])), mode="edge")
    return p, np.ascontiguousarray(img)


def write_goldens(deploy, outdir: str, size: int, mean: float, std: float) -> dict:
    os.makedirs(outdir, exist_ok=True)
    deploy = deploy.cpu().eval()
    cases = []
    for name, seed, label, psize, enc, note in CASES:
        p, img = _case_image(name, seed, label, psize)
        rng = np.random.default_rng(seed)
        rescale = enc.pop("rescale") if "rescale" in enc else False
        stored, meta = encode(img, rng, rescale=False, **enc)
        enc["rescale"] = rescale
        if rescale == "fixed":  # stored' with 2*stored' - 1024 == 2*stored - 1024 shown through a window
            meta.slope, meta.intercept = 2.0, -1024.0
            if meta.window_center is not None:
                meta.window_center = 2.0 * meta.window_center - 1024.0
                meta.window_width = 2.0 * meta.window_width
        ds = radiograph(p, stored, meta, f"golden/{name}")
        dcm = f"{name}.dcm"
        ds.save_as(os.path.join(outdir, dcm), write_like_original=False)
        x = preprocess_file(os.path.join(outdir, dcm), size, mean, std)
        assert x.shape == (1, 1, size, size) and x.dtype == np.float32
        x.astype("<f4").tofile(os.path.join(outdir, f"{name}.input.f32"))
        with torch.no_grad():
            res = deploy(torch.from_numpy(x))
        probs, spread, unc, cam = res[:4]
        extra = {}
        if len(res) > 4:  # the seg head's mask [1,S,S]
            mask = res[4]
            extra = {
                "mask_sum": float(mask[0].sum()),
                "mask_max": float(mask[0].max()),
                "mask_shape": list(mask.shape[1:]),
            }
        cases.append(
            {
                "file": dcm,
                "input": f"{name}.input.f32",
                "shape": [1, 1, size, size],
                "note": note,
                "rows": int(stored.shape[0]),
                "columns": int(stored.shape[1]),
                "photometric": meta.photometric,
                "phantom_label": p.label,
                "outputs": {
                    "probs": [float(v) for v in probs[0]],
                    "spread": [float(v) for v in spread[0]],
                    "uncertainty": float(unc[0]),
                    "cam_sum": float(cam[0].sum()),
                    "cam_abs_sum": float(np.abs(cam[0]).sum()),
                    "cam_shape": list(cam.shape[1:]),
                    **extra,
                },
            }
        )
    golden = {
        "model": "model.onnx",
        "preprocessing": "osteon-xr-pre-v1",
        "dtype": "float32",
        "layout": "raw little-endian float32, C-order [1,1,S,S]",
        "tolerance": {"input": 1e-4, "outputs": 1e-4},
        "cases": cases,
    }
    with open(os.path.join(outdir, "golden.json"), "w") as fh:
        json.dump(golden, fh, indent=2)
        fh.write("\n")
    return golden
