"""Out-of-distribution inputs for the uncertainty evaluation: things that are not a bone radiograph.

Kinds: `noise` (white / smooth / salt-and-pepper), `blank` (flat field), `ct` (an axial CT-like body
slice), `text` (a rendered report), `nonbone` (photo-like gradients and shapes), `chest` (a chest-
radiograph-like image without long bones). Each goes through encode() + preprocess like a real study.

    /usr/bin/python3 -c "from osteon_training.ood import make_ood; print(make_ood(0,'ct').shape)"
"""
from __future__ import annotations

import numpy as np
from scipy import ndimage

from .phantoms import encode
from .preprocess import preprocess_pixels

KINDS = ("noise", "blank", "ct", "text", "nonbone", "chest")

_WORDS = (
    "FINDINGS IMPRESSION no acute fracture soft tissue unremarkable comparison prior study "
    "history pain follow up recommend clinical correlation normal alignment joint space "
    "preserved lesion margin cortex periosteal report signed radiologist exam date"
).split()


def _smooth(rng, shape, sigma):
    n = ndimage.gaussian_filter(rng.standard_normal(shape), sigma)
    return (n - n.min()) / (np.ptp(n) + 1e-9)


def ct_slice(rng, n=256):
    yy, xx = np.mgrid[0:n, 0:n] / n - 0.5
    img = np.full((n, n), -1000.0)  # HU
    a, b = rng.uniform(0.36, 0.45), rng.uniform(0.25, 0.35)
    body = (xx / a) ** 2 + (yy / b) ** 2 < 1
    img[body] = 40 + 20 * rng.standard_normal(body.sum())
    fat = ((xx / a) ** 2 + (yy / b) ** 2 < 1) & ((xx / (a - 0.03)) ** 2 + (yy / (b - 0.03)) ** 2 > 1)
    img[fat] = -90
    for s in (-1, 1):  # lungs or kidneys
        org = ((xx - s * a * 0.45) / (a * 0.35)) ** 2 + ((yy + 0.02) / (b * 0.6)) ** 2 < 1
        img[org] = rng.choice([-800.0, 30.0])
    spine = (xx**2 + (yy - b * 0.6) ** 2) < (0.05) ** 2
    img[spine] = 700
    img += 8 * rng.standard_normal((n, n))
    return img


def text_image(rng, h=300, w=240):
    from PIL import Image, ImageDraw

    im = Image.new("L", (w, h), int(rng.choice([0, 255])))
    d = ImageDraw.Draw(im)
    fg = 255 - im.getpixel((0, 0))
    y = 8
    while y < h - 12:
        line = " ".join(rng.choice(_WORDS, size=int(rng.integers(3, 7))))
        d.text((6, y), line, fill=fg)
        y += int(rng.integers(11, 16))
    return np.asarray(im, dtype=np.float64) / 255.0


def make_ood_image(seed: int, kind: str) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "noise":
        sub = rng.integers(3)
        if sub == 0:
            return rng.random((256, 200))
        if sub == 1:
            return _smooth(rng, (256, 220), rng.uniform(2, 10))
        return (rng.random((240, 240)) < 0.5).astype(float) * 0.9 + 0.05
    if kind == "blank":
        return np.full((256, 256), rng.uniform(0.1, 0.9)) + 0.01 * rng.standard_normal((256, 256))
    if kind == "ct":
        img = ct_slice(rng)
        c, w = rng.choice([(40, 400), (-600, 1500), (300, 1500)])
        return np.clip((img - (c - w / 2)) / w, 0, 1)
    if kind == "text":
        return text_image(rng)
    if kind == "nonbone":
        h, w = 256, int(rng.integers(180, 256))
        img = 0.5 * _smooth(rng, (h, w), 25) + 0.2 * _smooth(rng, (h, w), 4)
        yy, xx = np.mgrid[0:h, 0:w]
        for _ in range(int(rng.integers(2, 6))):
            cy, cx, r = rng.uniform(0, h), rng.uniform(0, w), rng.uniform(10, 60)
            img += rng.uniform(-0.3, 0.3) * ((yy - cy) ** 2 + (xx - cx) ** 2 < r * r)
        return np.clip(img, 0, 1)
    if kind == "chest":
        h, w = 256, 256
        yy, xx = np.mgrid[0:h, 0:w] / 256.0 - 0.5
        img = 0.7 * np.exp(-((xx / 0.45) ** 6 + (yy / 0.5) ** 6))
        for s in (-1, 1):
            img -= 0.45 * (((xx - s * 0.18) / 0.14) ** 2 + ((yy + 0.02) / 0.3) ** 2 < 1)
        for k in range(8):  # ribs
            img += 0.12 * (np.abs(yy + 0.3 - k * 0.075 - 0.08 * np.cos(xx * 6)) < 0.01)
        img += 0.35 * (np.abs(xx) < 0.03)
        return np.clip(ndimage.gaussian_filter(img, 1.5) + 0.02 * rng.standard_normal((h, w)), 0, 1)
    raise ValueError(kind)


def make_ood(seed: int, kind: str, S: int = 128, mean: float = 0.5, std: float = 0.25) -> np.ndarray:
    rng = np.random.default_rng(seed + 3)
    stored, meta = encode(make_ood_image(seed, kind), rng)
    return preprocess_pixels(stored, meta, S, mean, std)[0, 0]


def build_ood(n: int, S: int = 128, mean: float = 0.5, std: float = 0.25, seed0: int = 5_000_000):
    xs, kinds = [], []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        xs.append(make_ood(seed0 + i, kind, S, mean, std))
        kinds.append(kind)
    return np.stack(xs).astype(np.float32), kinds
