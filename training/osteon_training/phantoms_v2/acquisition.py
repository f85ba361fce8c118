"""Per-centre acquisition of phantoms v2, applied after the anatomy: detector, vendor processing,
collimation, burn-ins and the stored encoding.

Order: attenuation -> detector signal, blur and quantum noise -> vendor processing (unsharp
masking, multi-scale contrast, LUT curve) -> collimation borders -> burned-in markers (L/R letter,
arrow, ruler) -> export (bit depth 8-16, MONOCHROME1, or an 8-bit JPEG web export).

Scale. Every centre has a native size (long side 2000-2500 px for the training centres, 2880 and
3072 for the test centres c07, c08: outside the training range). Spatial parameters are in mm and
converted with the pitch of the grid actually rendered, so an image can be rendered at native size
(`native=True`) or directly at the model's input size (the default, about (native / size)^2 times
cheaper). At reduced size the detector blur (native pixels) is divided by f = native / size and
the quantum noise standard deviation too (area averaging of f x f independent native pixels), so
the result approximates the native image area-downsampled. Two effects do not scale and are
applied on the rendered grid: JPEG block artefacts (8 x 8 rendered pixels, i.e. a web export at
that size) and the 1-pixel minimum width of burned-in ruler ticks.

Each centre has its own label prevalence. The anatomy and finding never see the centre.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage
from scipy.special import expit

from ..preprocess import PixelMeta, to_unit


@dataclass(frozen=True)
class Centre:
    name: str
    native_px: int  # long side of the native image
    exposure: float
    blur_px: float  # detector blur, native pixels (sigma)
    noise: float  # quantum noise sd at full signal, per native pixel
    unsharp: tuple  # (amount, radius mm)
    msc: tuple  # multi-scale contrast: ((radius mm, gain), ...)
    lut: tuple  # ("gamma", g) | ("sigmoid", centre, width) | ("log", k)
    bits: int  # stored bit depth (8..16)
    jpeg: int = 0  # JPEG web-export quality (0: DICOM export)
    mono1: float = 0.0  # share stored as MONOCHROME1
    collimation: float = 0.5
    markers: float = 0.6  # L/R letter
    arrow: float = 0.1
    ruler: float = 0.1
    prevalence: dict = field(default_factory=lambda: {"normal": 0.55, "benign": 0.35, "malignant": 0.10})


def _prev(n, b, m):
    return {"normal": n, "benign": b, "malignant": m}


CENTRES = {
    c.name: c
    for c in (
        Centre(
            "c01",
            2000,
            2.0,
            1.2,
            0.025,
            (0.4, 3.0),
            ((2.0, 0.2),),
            ("gamma", 1.0),
            12,
            mono1=0.1,
            prevalence=_prev(0.6, 0.32, 0.08),
        ),
        Centre(
            "c02",
            2200,
            1.8,
            1.5,
            0.03,
            (0.8, 1.5),
            ((4.0, 0.4), (16.0, 0.2)),
            ("sigmoid", 0.5, 0.22),
            10,
            arrow=0.3,
            prevalence=_prev(0.5, 0.38, 0.12),
        ),
        Centre(
            "c03",
            2350,
            2.2,
            1.0,
            0.02,
            (0.2, 5.0),
            (),
            ("log", 3.0),
            14,
            mono1=0.4,
            ruler=0.3,
            prevalence=_prev(0.55, 0.35, 0.10),
        ),
        Centre(
            "c04",
            2500,
            2.0,
            1.8,
            0.035,
            (0.6, 2.0),
            ((8.0, 0.5),),
            ("gamma", 0.85),
            16,
            jpeg=85,
            prevalence=_prev(0.45, 0.4, 0.15),
        ),
        Centre(
            "c05",
            2300,
            1.9,
            1.3,
            0.028,
            (0.5, 2.5),
            ((4.0, 0.3),),
            ("gamma", 1.1),
            12,
            mono1=0.2,
            prevalence=_prev(0.55, 0.35, 0.10),
        ),
        Centre(
            "c06",
            2400,
            2.1,
            1.4,
            0.025,
            (0.5, 2.0),
            ((6.0, 0.3),),
            ("sigmoid", 0.55, 0.25),
            12,
            prevalence=_prev(0.55, 0.35, 0.10),
        ),
        Centre(
            "c07",
            2880,
            2.3,
            2.2,
            0.04,
            (1.2, 1.0),
            ((2.0, 0.6), (10.0, 0.4)),
            ("sigmoid", 0.45, 0.18),
            8,
            jpeg=60,
            arrow=0.5,
            ruler=0.4,
            prevalence=_prev(0.4, 0.35, 0.25),
        ),
        Centre(
            "c08",
            3072,
            1.7,
            0.9,
            0.018,
            (0.1, 4.0),
            ((20.0, 0.6),),
            ("log", 6.0),
            16,
            mono1=0.8,
            markers=0.9,
            prevalence=_prev(0.7, 0.25, 0.05),
        ),
    )
}
SPLIT_CENTRES = {"train": ["c01", "c02", "c03", "c04"], "val": ["c05"], "cal": ["c06"], "test": ["c07", "c08"]}

_GLYPHS = {
    "L": ["1000", "1000", "1000", "1000", "1111"],
    "R": ["1110", "1001", "1110", "1010", "1001"],
}


def _blur(img, sigma_px):
    return ndimage.gaussian_filter(img, sigma_px, mode="nearest") if sigma_px > 0.05 else img


def _lut(x, lut):
    kind = lut[0]
    if kind == "gamma":
        return np.clip(x, 0, 1) ** lut[1]
    if kind == "sigmoid":
        c, w = lut[1], lut[2]
        lo, hi = expit((0 - c) / w), expit((1 - c) / w)
        return (expit((x - c) / w) - lo) / (hi - lo)
    k = lut[1]
    return np.log1p(k * np.clip(x, 0, None)) / math.log1p(k)


def _burn(img, rng, c: Centre, pitch: float, laterality: str):
    H, W = img.shape
    if rng.random() < c.markers:  # lead letter, ~12 mm high
        g = np.array([[ch == "1" for ch in row] for row in _GLYPHS[laterality]], float)
        k = max(1, int(round(12.0 / 5 / pitch)))
        g = np.kron(g, np.ones((k, k)))
        h, w = g.shape
        y = int(rng.uniform(0.03, 0.1) * H)
        x = int(rng.uniform(0.03, 0.12) * W) if rng.random() < 0.5 else W - w - int(rng.uniform(0.03, 0.12) * W)
        if y + h < H and 0 <= x and x + w < W:
            img[y : y + h, x : x + w] = np.maximum(img[y : y + h, x : x + w], g)
    if rng.random() < c.arrow:  # annotation arrow, ~25 mm
        n = max(4, int(25 / pitch))
        y0, x0 = int(rng.uniform(0.2, 0.8) * H), int(rng.uniform(0.1, 0.8) * W)
        th = max(1, int(0.8 / pitch))
        for i in range(n):
            yy, xx = y0 + i, x0 + i
            if 0 <= yy < H - th and 0 <= xx < W - th:
                img[yy : yy + th, xx : xx + th] = 1.0
        for i in range(n // 3):
            for yy, xx in ((y0 + i, x0), (y0, x0 + i)):
                if 0 <= yy < H - th and 0 <= xx < W - th:
                    img[yy : yy + th, xx : xx + th] = 1.0
    if rng.random() < c.ruler:  # ruler along the bottom or the right edge, ticks every 10 mm
        th = max(1, int(round(1.0 / pitch)))
        if rng.random() < 0.5:
            y = H - max(3, int(0.04 * H))
            img[y : y + th, int(0.1 * W) : int(0.9 * W)] = 1.0
            for x in np.arange(0.1 * W, 0.9 * W, 10 / pitch).astype(int):
                tick = max(2, int((8 if (x // max(1, int(10 / pitch))) % 5 == 0 else 4) / pitch))
                img[max(0, y - tick) : y, x : x + th] = 1.0
        else:
            x = W - max(3, int(0.04 * W))
            img[int(0.1 * H) : int(0.9 * H), x : x + th] = 1.0
            for y in np.arange(0.1 * H, 0.9 * H, 10 / pitch).astype(int):
                img[y : y + th, max(0, x - max(2, int(4 / pitch))) : x] = 1.0
    return img


def acquire(maps, c: Centre, rng, laterality: str = "R"):
    """Attenuation maps -> (stored array, PixelMeta, displayed float image in [0,1], bone bright)."""
    H, W = maps.bone.shape
    f = max(1.0, c.native_px / max(H, W))
    pitch = maps.pitch
    mu = maps.bone + maps.soft + maps.metal
    x = 0.03 + 0.94 * (1 - np.exp(-c.exposure * mu * rng.uniform(0.9, 1.1)))
    x = _blur(x, c.blur_px / f)
    x = x + (c.noise / f) * np.sqrt(np.clip(x, 0.02, 1)) * rng.standard_normal(x.shape)
    x = x + 0.03 * ((np.arange(H)[:, None] / H) - 0.5) * rng.uniform(-1, 1)  # heel effect
    amt, rad = c.unsharp
    x = x + amt * (x - _blur(x, rad / pitch))
    for rad, gain in c.msc:
        x = x + gain * (_blur(x, rad / 2 / pitch) - _blur(x, rad / pitch))
    x = _lut(np.clip(x, 0, 1), c.lut)
    if rng.random() < c.collimation:
        b = [int(rng.uniform(0.0, 0.08) * n) for n in (H, H, W, W)]
        level = rng.uniform(0.85, 1.0)
        x[: b[0], :] = level
        x[H - b[1] :, :] = level
        x[:, : b[2]] = level
        x[:, W - b[3] :] = level
    x = _burn(np.clip(x, 0, 1), rng, c, pitch, laterality)
    return encode(x, c, rng)


def encode(x, c: Centre, rng):
    """Displayed image (bone bright) -> stored values and the attributes preprocessing reads."""
    if c.jpeg:
        from PIL import Image

        buf = io.BytesIO()
        Image.fromarray(np.round(x * 255).astype(np.uint8)).save(buf, format="JPEG", quality=c.jpeg)
        stored = np.asarray(Image.open(io.BytesIO(buf.getvalue()))).astype(np.uint16)
        meta = PixelMeta(window_center=127.5, window_width=256.0)
        return stored, meta, to_unit(stored, meta).astype(np.float32)
    maxv = 2**c.bits - 1
    mono1 = bool(rng.random() < c.mono1)
    lo, hi = rng.uniform(0.0, 0.08), rng.uniform(0.9, 1.0)
    v = lo + (hi - lo) * (1 - x if mono1 else x)
    stored = np.clip(np.round(v * maxv), 0, maxv).astype(np.uint16)
    meta = PixelMeta(
        window_center=float((lo + hi) / 2 * maxv),
        window_width=float((hi - lo) * maxv),
        photometric="MONOCHROME1" if mono1 else "MONOCHROME2",
    )
    return stored, meta, to_unit(stored, meta).astype(np.float32)
