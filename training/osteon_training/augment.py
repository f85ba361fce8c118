"""Training-time augmentation on preprocessed tensors.

`augment`: from the review's list and nothing harsher: small rotation (±8°), translation (±5 % of
the width), scale (0.93-1.07), horizontal/vertical flips, gamma and contrast, mild detector noise.
No elastic or shear distortion (it would fake anatomy). With `mask`, the same warp moves the tumour
masks (nearest after bilinear, >= 0.5), so they stay aligned with the image.

`acquisition`: phantoms-v2 runs (Config.acq_aug) also re-acquire a share of each batch the way other
vendors and exports would, with phantoms_v2/acquisition.py's own functions, parameters drawn from
ranges that contain the shift suite's settings (phantoms_v2/shifts.py) and the training centres':
unsharp masking (amount 0.2-2.5, radius 0.5-5 mm), multi-scale contrast (1-3 scales of 1-40 mm,
gains 0.2-0.9), a LUT curve (gamma 0.6-1.6, sigmoid centre 0.35-0.65 width 0.08-0.3, log k 1-8),
the DICOM export (8-16 bits stored, MONOCHROME1 half the time, random window) read back as the
preprocessing reads it, 8-bit JPEG (quality 25-95), collimation borders, burned-in L/R letter,
arrow and ruler, and a resolution change (down to 35-85 % and back). Intensity-only or border
changes: the anatomy does not move, so masks stay valid.

Both work in the [0,1] window space (v = x*std + mean), where the zero padding of `osteon-xr-pre-v1`
stays exactly zero, so augmented images still look like preprocessed studies.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import torch
import torch.nn.functional as F


def augment(x: torch.Tensor, mean: float, std: float, g: torch.Generator, p: float = 0.5, mask=None):
    """Augments a random share p of the batch; the rest passes through unchanged. With mask [N,1,S,S]
    (float 0/1) returns (x, mask) warped alike."""
    n = x.shape[0]
    dev = x.device

    def u(lo, hi):
        return torch.rand(n, generator=g).mul(hi - lo).add(lo).to(dev)

    v = x * std + mean
    ang = u(-8, 8) * math.pi / 180
    sc = u(0.93, 1.07)
    fx = torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0).to(dev)
    fy = torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0).to(dev)
    cos, sin = torch.cos(ang) / sc, torch.sin(ang) / sc
    theta = torch.stack(
        [torch.stack([cos * fx, -sin, u(-0.1, 0.1)], 1), torch.stack([sin * fx * fy, cos * fy, u(-0.1, 0.1)], 1)], 1
    )
    grid = F.affine_grid(theta, list(v.shape), align_corners=False)
    v = F.grid_sample(v, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    if mask is not None:
        mw = F.grid_sample(mask.float(), grid, mode="bilinear", padding_mode="zeros", align_corners=False)
        mw = (mw >= 0.5).float()
    body = v > 0
    gamma = u(0.85, 1.18).view(n, 1, 1, 1)
    contrast = u(0.93, 1.07).view(n, 1, 1, 1)
    v = (v.clamp(0, 1) ** gamma * contrast).clamp(0, 1)
    noise = u(0, 0.012).view(n, 1, 1, 1) * torch.randn(v.shape, generator=g).to(dev)
    v = torch.where(body, (v + noise).clamp(0, 1), v)
    out = (v - mean) / std
    keep = (torch.rand(n, generator=g) >= p).to(dev).view(n, 1, 1, 1)
    if mask is None:
        return torch.where(keep, x, out)
    return torch.where(keep, x, out), torch.where(keep, mask.float(), mw)


def _template():
    from .phantoms_v2.acquisition import Centre

    return Centre("augment", 0, 0, 0, 0, (0.0, 1.0), (), ("gamma", 1.0), 12, markers=0.0, arrow=0.0, ruler=0.0)


def acquisition(v: np.ndarray, pitch: float, rng: np.random.Generator) -> np.ndarray:
    """One preprocessed image in window space [S,S] (padding 0) re-acquired; returns the same shape.
    Each step is applied with probability 0.3-0.5; pitch is mm per pixel of the canvas."""
    from scipy import ndimage

    from .phantoms_v2.acquisition import _blur, _burn, _lut, encode
    from .phantoms_v2.shifts import _jpeg8
    from .preprocess import to_unit

    rows, cols = np.flatnonzero(v.any(1)), np.flatnonzero(v.any(0))
    if not len(rows):
        return v
    t, b, l, r = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    x = v[t:b, l:r].astype(np.float64)
    H, W = x.shape
    if rng.random() < 0.4:  # resolution change: down to 35-85 % and back
        f = rng.uniform(0.35, 0.85)
        small = ndimage.zoom(x, f, order=1)
        x = np.clip(ndimage.zoom(small, (H / small.shape[0], W / small.shape[1]), order=1), 0, 1)[:H, :W]
        if x.shape != (H, W):
            x = np.pad(x, ((0, H - x.shape[0]), (0, W - x.shape[1])), mode="edge")
    if rng.random() < 0.4:  # unsharp masking
        x = x + rng.uniform(0.2, 2.5) * (x - _blur(x, rng.uniform(0.5, 5.0) / pitch))
    if rng.random() < 0.3:  # multi-scale contrast
        for _ in range(int(rng.integers(1, 4))):
            rad = np.exp(rng.uniform(np.log(1.0), np.log(40.0)))
            x = x + rng.uniform(0.2, 0.9) * (_blur(x, rad / 2 / pitch) - _blur(x, rad / pitch))
    x = np.clip(x, 0, 1)
    if rng.random() < 0.5:  # LUT curve
        kind = rng.integers(3)
        lut = (
            ("gamma", rng.uniform(0.6, 1.6))
            if kind == 0
            else ("sigmoid", rng.uniform(0.35, 0.65), rng.uniform(0.08, 0.3))
            if kind == 1
            else ("log", rng.uniform(1.0, 8.0))
        )
        x = _lut(x, lut)
    c = _template()
    if rng.random() < 0.3:  # collimation
        bb = [int(rng.uniform(0.0, 0.08) * n) for n in (H, H, W, W)]
        level = rng.uniform(0.85, 1.0)
        x[: bb[0], :] = level
        x[H - bb[1] :, :] = level
        x[:, : bb[2]] = level
        x[:, W - bb[3] :] = level
    if rng.random() < 0.4:  # burned-in letter, arrow, ruler
        c = dataclasses.replace(c, markers=0.8, arrow=0.5, ruler=0.4)
        x = _burn(np.clip(x, 0, 1), rng, c, pitch, str(rng.choice(["L", "R"])))
    x = np.clip(x, 0, 1)
    u = rng.random()
    if u < 0.25:  # 8-bit JPEG export
        x = _jpeg8(x, int(rng.integers(25, 96))) / 255.0
    elif u < 0.6:  # DICOM export at another bit depth, MONOCHROME1 half the time, read back
        cc = dataclasses.replace(c, bits=int(rng.integers(8, 17)), mono1=0.5, jpeg=0)
        stored, meta, _ = encode(x, cc, rng)
        x = to_unit(stored, meta)
    out = v.copy()
    out[t:b, l:r] = np.clip(x, 0, 1)
    return out.astype(v.dtype)
