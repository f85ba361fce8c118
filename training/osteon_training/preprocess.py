"""`osteon-xr-pre-v1`: the one preprocessing used by training and (re-implemented in Java) serving.

The specification is docs/preprocessing.md; this file follows it step by step and the golden
vectors in models/default/golden/ pin it. Phantoms go through `preprocess_pixels` too, so the
network trains on exactly what serving feeds it.

    /usr/bin/python3 -m osteon_training.preprocess FILE.dcm     # prints shape and stats
"""
from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Optional

import numpy as np

from .config import PRE_VERSION

VERSION = PRE_VERSION


@dataclass
class PixelMeta:
    """The DICOM attributes the preprocessing reads (everything else is ignored)."""

    slope: Optional[float] = None
    intercept: Optional[float] = None
    window_center: Optional[float] = None
    window_width: Optional[float] = None
    photometric: str = "MONOCHROME2"


def _first(v):
    if v is None:
        return None
    try:
        if isinstance(v, (str, bytes)):
            raise TypeError
        v = list(v)[0]
    except TypeError:
        pass
    return float(v)


def meta_from_dataset(ds) -> PixelMeta:
    return PixelMeta(
        slope=_first(ds.get("RescaleSlope", None)),
        intercept=_first(ds.get("RescaleIntercept", None)),
        window_center=_first(ds.get("WindowCenter", None)),
        window_width=_first(ds.get("WindowWidth", None)),
        photometric=str(ds.get("PhotometricInterpretation", "MONOCHROME2")).strip().upper(),
    )


def to_unit(stored: np.ndarray, meta: PixelMeta) -> np.ndarray:
    """Steps 1-3: stored values -> [0, 1] with bone bright."""
    v = np.asarray(stored, dtype=np.float64)
    if meta.slope is not None or meta.intercept is not None:
        slope = 1.0 if meta.slope is None else meta.slope
        intercept = 0.0 if meta.intercept is None else meta.intercept
        v = slope * v + intercept
    c, w = meta.window_center, meta.window_width
    if c is not None and w is not None and w > 1:
        v = np.clip((v - (c - w / 2.0)) / w, 0.0, 1.0)
    else:
        lo, hi = float(v.min()), float(v.max())
        v = (v - lo) / (hi - lo) if hi > lo else np.zeros_like(v)
    if meta.photometric == "MONOCHROME1":
        v = 1.0 - v
    return v


def area_matrix(n_in: int, n_out: int) -> np.ndarray:
    """Row i holds the overlap of [i*n_in/n_out, (i+1)*n_in/n_out) with each [k, k+1), / scale."""
    scale = n_in / n_out
    start = np.arange(n_out, dtype=np.float64)[:, None] * scale
    end = np.arange(1, n_out + 1, dtype=np.float64)[:, None] * scale
    k = np.arange(n_in, dtype=np.float64)[None, :]
    overlap = np.clip(np.minimum(end, k + 1.0) - np.maximum(start, k), 0.0, None)
    return overlap / scale


def resized_shape(h: int, w: int, size: int) -> tuple[int, int]:
    s = size / max(h, w)
    return max(1, int(math.floor(h * s + 0.5))), max(1, int(math.floor(w * s + 0.5)))


def resize_pad(v: np.ndarray, size: int) -> np.ndarray:
    """Steps 4-5: exact area-average resize into an S x S canvas of zeros (in [0,1] space)."""
    h, w = v.shape
    h2, w2 = resized_shape(h, w, size)
    out = area_matrix(h, h2) @ v @ area_matrix(w, w2).T
    canvas = np.zeros((size, size), dtype=np.float64)
    top, left = (size - h2) // 2, (size - w2) // 2
    canvas[top : top + h2, left : left + w2] = out
    return canvas


def placement(h: int, w: int, size: int) -> tuple[int, int, int, int]:
    """(top, left, h', w') of the resized image inside the canvas; used to map masks."""
    h2, w2 = resized_shape(h, w, size)
    return (size - h2) // 2, (size - w2) // 2, h2, w2


def preprocess_pixels(
    stored: np.ndarray, meta: PixelMeta, size: int = 128, mean: float = 0.5, std: float = 0.25
) -> np.ndarray:
    """Steps 1-6. Returns float32 [1, 1, S, S]."""
    if stored.ndim == 3:  # first frame only
        stored = stored[0]
    v = resize_pad(to_unit(stored, meta), size)
    return ((v - mean) / std).astype(np.float32)[None, None]


def preprocess_dataset(ds, size: int = 128, mean: float = 0.5, std: float = 0.25) -> np.ndarray:
    return preprocess_pixels(ds.pixel_array, meta_from_dataset(ds), size, mean, std)


def preprocess_file(path: str, size: int = 128, mean: float = 0.5, std: float = 0.25) -> np.ndarray:
    import pydicom

    return preprocess_dataset(pydicom.dcmread(path), size, mean, std)


def resize_mask(mask: np.ndarray, size: int) -> np.ndarray:
    """A label mask taken through steps 4-5 (area fraction >= 0.5), for localisation metrics."""
    return resize_pad(mask.astype(np.float64), size) >= 0.5


if __name__ == "__main__":
    x = preprocess_file(sys.argv[1])
    print(VERSION, x.shape, x.dtype, float(x.min()), float(x.max()), float(x.mean()))
