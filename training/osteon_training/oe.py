"""Synthetic near-OOD images for outlier exposure (training only), kept apart from the evaluation's.

The v2 evaluation (evaluate_model.near_ood_suite, phantoms_v2/shifts.py) measures four near-OOD
kinds: orthopaedic hardware only (render.py's plate, screws, nail, prosthesis), the hemipelvis, a
phone photo of the film on a light box (projective warp, bright backlight border, moire, hot spot)
and a contrast-stretched web JPEG with arrows and a letter (quality 50). Training never sees those
generators: pelvis and hardware-only cases are left out of every training split
(datasets/phantoms_v2.py), and the outliers here are other kinds, from other code, with other
parameters:

    implants     a training-split radiograph with K-wires, cerclage loops, staples and clips drawn
                 on it (none of render.py's hardware kinds), stored by the case's own centre
    body_part    a body part no phantom has: a skull-like vault or a spine-like column of
                 vertebrae (not ood.py's chest, which the far-OOD evaluation uses), stored by a
                 training centre
    film_photo   the displayed film photographed at an angle against a DARK surround: affine
                 rotation and scale (no projective warp), defocus blur, multiplicative uneven
                 lighting, sensor noise, JPEG 60-95; no moire, no backlight border, no hot spot
    web_annot    histogram-equalised web image with circles, boxes and text (no arrows), downscaled
                 and saved as JPEG at quality 20-42 or 62-90 (never 50)

Sources are training-split cases from index 500 000 on (training centres c01-c04, patients no
training image has). Each image goes through `osteon-xr-pre-v1` as serving would see it.

    /usr/bin/python3 -c "from osteon_training.oe import make_oe; print(make_oe(0, 'film_photo', 128).shape)"
"""
from __future__ import annotations

import io

import numpy as np
from scipy import ndimage

from .preprocess import PixelMeta, preprocess_pixels

KINDS = ("implants", "body_part", "film_photo", "web_annot")
SOURCE_START = 500_000  # training-split case indices used as outlier sources


def _draw(shape, fn):
    from PIL import Image, ImageDraw

    im = Image.new("L", (shape[1], shape[0]), 0)
    fn(ImageDraw.Draw(im))
    return np.asarray(im, np.float64) / 255.0


def _jpeg(x, q):
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.round(np.clip(x, 0, 1) * 255).astype(np.uint8)).save(buf, format="JPEG", quality=int(q))
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("L"))


def implants(img, pitch, rng):
    H, W = img.shape
    mm = lambda v: max(1, int(round(v / pitch)))  # noqa: E731

    def draw(d):
        for _ in range(int(rng.integers(1, 4))):  # K-wires: long thin straight lines
            y0, x0 = rng.uniform(0.2, 0.8) * H, rng.uniform(0.2, 0.8) * W
            a, L = rng.uniform(0, np.pi), rng.uniform(50, 140) / pitch
            d.line([(x0, y0), (x0 + L * np.cos(a), y0 + L * np.sin(a))], fill=255, width=mm(rng.uniform(1.2, 2.0)))
        for _ in range(int(rng.integers(0, 3))):  # cerclage loops
            cy, cx = rng.uniform(0.3, 0.7) * H, rng.uniform(0.3, 0.7) * W
            ry, rx = rng.uniform(3, 8) / pitch, rng.uniform(10, 25) / pitch
            d.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], outline=255, width=mm(1.0))
        for _ in range(int(rng.integers(0, 3))):  # staples and clips
            cy, cx, s = rng.uniform(0.2, 0.8) * H, rng.uniform(0.2, 0.8) * W, rng.uniform(4, 12) / pitch
            if rng.random() < 0.5:
                d.line([(cx, cy), (cx, cy + s), (cx + s, cy + s), (cx + s, cy)], fill=255, width=mm(1.5))
            else:
                d.rectangle([cx, cy, cx + s / 3, cy + s / 2], fill=255)

    return np.maximum(img, rng.uniform(0.9, 1.0) * _draw(img.shape, draw))


def spine(rng, n=256):
    yy, xx = np.mgrid[0:n, 0:n] / n
    img = 0.25 * np.exp(-(((xx - 0.5) / 0.35) ** 2))
    k = int(rng.integers(5, 8))
    h = 0.9 / k
    for i in range(k):
        cy = 0.05 + (i + 0.5) * h
        w = rng.uniform(0.12, 0.18)
        body = (np.abs(xx - 0.5) < w) & (np.abs(yy - cy) < 0.38 * h)
        img += 0.45 * body + 0.2 * (np.abs(np.abs(xx - 0.5) - w * 1.4) < 0.03) * (np.abs(yy - cy) < 0.2 * h)
    return np.clip(ndimage.gaussian_filter(img, 1.5) + 0.02 * rng.standard_normal((n, n)), 0, 1)


def skull(rng, n=256):
    yy, xx = np.mgrid[0:n, 0:n] / n - 0.5
    a, b = rng.uniform(0.33, 0.42), rng.uniform(0.38, 0.46)
    r = np.sqrt((xx / a) ** 2 + (yy / b) ** 2)
    img = 0.5 * ((r > 0.9) & (r < 1.0)) + 0.15 * (r < 0.9)  # vault and brain
    img += 0.25 * ((np.abs(yy - 0.2) < 0.06) & (np.abs(xx) < 0.3))  # skull base
    img += 0.08 * ndimage.gaussian_filter(rng.standard_normal((n, n)), 3)
    return np.clip(ndimage.gaussian_filter(img, 1.2) + 0.02 * rng.standard_normal((n, n)), 0, 1)


def film_photo(shown, rng):
    from skimage.transform import AffineTransform, warp

    h, w = shown.shape
    H, W = int(h * rng.uniform(1.15, 1.4)), int(w * rng.uniform(1.15, 1.4))
    t = AffineTransform(rotation=rng.uniform(-0.2, 0.2), scale=rng.uniform(0.85, 1.0))
    shift = AffineTransform(translation=((W - w) / 2 + rng.uniform(-5, 5), (H - h) / 2 + rng.uniform(-5, 5)))
    film = warp(shown.astype(np.float64), (t + shift).inverse, output_shape=(H, W), cval=np.nan, order=1)
    inside = ~np.isnan(film)
    img = np.where(inside, 0.1 + 0.75 * np.nan_to_num(film), rng.uniform(0.0, 0.25))
    img = ndimage.gaussian_filter(img, rng.uniform(0.5, 2.0))
    yy, xx = np.mgrid[0:H, 0:W] / max(H, W)
    a = rng.uniform(0, 2 * np.pi)
    img *= 1 + rng.uniform(0.15, 0.4) * (np.cos(a) * (xx - 0.5) + np.sin(a) * (yy - 0.5))
    img += 0.025 * rng.standard_normal(img.shape)
    return _jpeg(img, rng.integers(60, 96))


def web_annot(shown, rng):
    from PIL import Image, ImageDraw
    from skimage import exposure

    x = exposure.equalize_hist(shown)
    h, w = x.shape
    im = Image.fromarray(np.round(x * 255).astype(np.uint8))
    d = ImageDraw.Draw(im)
    for _ in range(int(rng.integers(1, 4))):
        cy, cx, r = rng.uniform(0.2, 0.8) * h, rng.uniform(0.2, 0.8) * w, rng.uniform(0.05, 0.15) * w
        if rng.random() < 0.5:
            d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=int(rng.choice([0, 255])), width=2)
        else:
            d.rectangle([cx - r, cy - r, cx + r, cy + r], outline=int(rng.choice([0, 255])), width=2)
    d.text((rng.uniform(0.05, 0.5) * w, rng.uniform(0.02, 0.9) * h), str(rng.choice(["Fig 2", "A", "B", "case 3"])))
    f = rng.uniform(0.5, 0.85)
    im = im.resize((max(8, int(w * f)), max(8, int(h * f))), Image.BILINEAR)
    q = rng.integers(20, 43) if rng.random() < 0.5 else rng.integers(62, 91)
    return _jpeg(np.asarray(im, np.float64) / 255.0, q)


def make_oe(i: int, kind: str, S: int = 128, mean: float = 0.5, std: float = 0.25) -> np.ndarray:
    """Outlier i of a kind, preprocessed [S,S] float32."""
    from .phantoms_v2.acquisition import CENTRES, encode
    from .phantoms_v2.dataset import case, render_view
    from .phantoms_v2.shifts import UNSEEN_SITE

    rng = np.random.default_rng(7_700_000 + 1000 * i + KINDS.index(kind))
    j = SOURCE_START + i
    c = case("train", j)
    while c.site == UNSEEN_SITE or c.subtype == "hardware":
        j += 100_000
        c = case("train", j)
    if kind == "body_part":
        img = skull(rng) if rng.random() < 0.5 else spine(rng)
        stored, meta, _ = encode(np.clip(img, 0, 1), CENTRES[c.centre], rng)
    else:
        r = render_view(c, int(rng.integers(len(c.views))), S)
        if kind == "implants":
            stored, meta, _ = encode(implants(r["image"], r["info"]["pixel_spacing"], rng), CENTRES[c.centre], rng)
        elif kind == "film_photo":
            stored, meta = film_photo(r["image"], rng), PixelMeta()
        else:
            stored, meta = web_annot(r["image"], rng), PixelMeta()
    return preprocess_pixels(stored, meta, S, mean, std)[0, 0]
