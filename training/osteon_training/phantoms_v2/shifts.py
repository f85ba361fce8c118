"""Acquisition shifts and near-OOD inputs for evaluating a model under shift (evaluate_model.py).

Shift suite. Each shift changes one thing of a test centre's acquisition (acquisition.Centre, through
`dataclasses.replace`) and leaves the case, its anatomy, its finding and every random draw as they
are (dataset.render_view(..., centre=)), so a shift's effect is measured on the same images:

    unsharp              edge enhancement: unsharp masking amount 2.0, radius 2 mm
    multiscale_contrast  multi-scale contrast, gains 0.8 at 1, 4 and 16 mm and 0.5 at 40 mm
    lut                  a hard sigmoid LUT curve (centre 0.6, width 0.09)
    bits8                DICOM export with 8 bits stored
    jpeg_web             8-bit JPEG web export at quality 35
    monochrome1          every image stored as MONOCHROME1 (preprocessing must invert it)
    collimation          collimation borders on every image
    burned_in            L/R letter, arrow and ruler burned into every image
    resolution_high      native long side 4320 px (training centres: 2000-2500), rendered at twice the
                         model's size and area-downsampled by the preprocessing
    resolution_low       native long side 1024 px (a small detector or a film digitiser)

The DICOM-export shifts (bits8, monochrome1) set `jpeg = 0`: for c07, whose own export is a JPEG,
they replace that export.

Near-OOD kinds (inputs a triage model meets but was not built for):

    hardware_only   test cases whose finding is orthopaedic hardware only (plate, screws, nail,
                    prosthesis), no tumour
    unseen_site     test cases of the hemipelvis: the body part a training config leaves out to
                    measure an unseen site (models trained on phantoms v1 never saw it either)
    phone_photo     a phone photo of the film on a light box: perspective warp, bright backlight
                    border, glare gradient and hot spot, moire, sensor noise, JPEG, no DICOM
                    attributes (min-max preprocessing)
    web_jpeg        a contrast-stretched web JPEG with annotation arrows and a letter burned in,
                    quality 50, no DICOM attributes

    /usr/bin/python3 -c "from osteon_training.phantoms_v2.shifts import SHIFTS; print(list(SHIFTS))"
"""
from __future__ import annotations

import dataclasses
import io

import numpy as np

from ..preprocess import PixelMeta
from .acquisition import CENTRES, Centre, _burn
from .dataset import case, render_view

SHIFTS = {  # name: (how the Centre changes, render scale relative to the model's input size)
    "unsharp": (dict(unsharp=(2.0, 2.0)), 1),
    "multiscale_contrast": (dict(msc=((1.0, 0.8), (4.0, 0.8), (16.0, 0.8), (40.0, 0.5))), 1),
    "lut": (dict(lut=("sigmoid", 0.6, 0.09)), 1),
    "bits8": (dict(bits=8, jpeg=0), 1),
    "jpeg_web": (dict(jpeg=35), 1),
    "monochrome1": (dict(mono1=1.0, jpeg=0), 1),
    "collimation": (dict(collimation=1.0), 1),
    "burned_in": (dict(markers=1.0, arrow=1.0, ruler=1.0), 1),
    "resolution_high": (dict(native_px=4320), 2),
    "resolution_low": (dict(native_px=1024), 1),
}
NEAR_OOD = ("hardware_only", "unseen_site", "phone_photo", "web_jpeg")
UNSEEN_SITE = "pelvis"


def shifted_centre(name: str, shift: str) -> Centre:
    return dataclasses.replace(CENTRES[name], **SHIFTS[shift][0])


def views_where(split: str, n: int, keep, start: int = 0, limit: int = 200_000):
    """(case, view index) of the first n images of the split whose case satisfies keep(case)."""
    out, i = [], start
    while len(out) < n and i < start + limit:
        c = case(split, i)
        if keep(c):
            out.extend((c, v) for v in range(len(c.views)))
        i += 1
    return out[:n]


def render_shifted(c, v: int, size: int, shift: str | None) -> dict:
    if shift is None:
        return render_view(c, v, size)
    return render_view(c, v, size * SHIFTS[shift][1], centre=shifted_centre(c.centre, shift))


def _jpeg8(x: np.ndarray, quality: int) -> np.ndarray:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.round(np.clip(x, 0, 1) * 255).astype(np.uint8)).save(buf, format="JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("L"))


def phone_photo(shown: np.ndarray, rng) -> tuple[np.ndarray, PixelMeta]:
    """The displayed film (bone bright) photographed on a light box -> 8-bit stored, no attributes."""
    from skimage.transform import ProjectiveTransform, warp

    h, w = shown.shape
    H, W = int(h * 1.3), int(w * 1.3)
    oy, ox = (H - h) / 2, (W - w) / 2
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], float)  # (x, y) corners of the film
    jit = rng.uniform(-0.07, 0.07, (4, 2)) * [w, h]
    dst = src + [ox, oy] + jit
    t = ProjectiveTransform()
    t.estimate(dst, src)  # output (canvas) -> input (film) coordinates
    film = warp(shown.astype(np.float64), t, output_shape=(H, W), cval=np.nan, order=1)
    inside = ~np.isnan(film)
    backlight = rng.uniform(0.9, 1.0)
    img = np.where(inside, 0.06 + 0.8 * np.nan_to_num(film), backlight)
    yy, xx = np.mgrid[0:H, 0:W] / max(H, W)
    theta = rng.uniform(0, 2 * np.pi)
    img += rng.uniform(0.05, 0.15) * (np.cos(theta) * xx + np.sin(theta) * yy)  # glare gradient
    cy, cx = rng.uniform(0.2, 0.8, 2)
    img += rng.uniform(0.1, 0.3) * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * rng.uniform(0.05, 0.15) ** 2))
    phi = rng.uniform(0, np.pi)
    period = rng.uniform(2.2, 4.0) / max(H, W)  # moire: screen-like fringes a few pixels apart
    img += 0.04 * np.sin(2 * np.pi * (np.cos(phi) * xx + np.sin(phi) * yy) / period)
    img += 0.02 * rng.standard_normal(img.shape)
    img *= 1 - 0.25 * ((xx - 0.5) ** 2 + (yy - 0.5) ** 2)  # vignetting
    return _jpeg8(img, int(rng.integers(70, 90))), PixelMeta()


def web_jpeg(shown: np.ndarray, rng, pitch: float) -> tuple[np.ndarray, PixelMeta]:
    """Contrast-stretched (1st-99th percentile, gamma), arrows and a letter burned in, JPEG 50."""
    lo, hi = np.percentile(shown, [1, 99])
    x = np.clip((shown - lo) / max(hi - lo, 1e-6), 0, 1) ** rng.uniform(0.7, 1.3)
    marks = Centre("web", 0, 0, 0, 0, (0, 1), (), ("gamma", 1.0), 8, markers=1.0, arrow=1.0, ruler=0.0)
    x = _burn(x, rng, marks, pitch, "R")
    x = _burn(x, rng, dataclasses.replace(marks, markers=0.0), pitch, "R")  # a second arrow
    return _jpeg8(x, 50), PixelMeta()
