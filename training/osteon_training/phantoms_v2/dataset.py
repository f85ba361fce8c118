"""Phantoms v2 data: patients with several views, splits by centre, rendered images and Bundles.

A patient has one finding (or none) and 2-3 views of it (AP/LAT for long bones, AP/OBL/LAT for
hand and foot, AP/OBL for the pelvis); every view carries the patient id, so grouped splits keep a
patient in one split (splits.grouped_split). Splits come from disjoint centres (as v1: train c01-c04,
val c05, cal c06, test c07-c08) with each centre's own prevalence. `label` is the observed label
(noisy in the training split only, population.NOISE); `true_label` is the truth.

Seeds: a case is fully determined by (split, index); its patient rng draws clinical context,
subtype, signs, anatomy and finding geometry; each view has its own rng for textures and
acquisition. `VERSION` (package __init__) names this contract.

    /usr/bin/python3 -c "from osteon_training.phantoms_v2.dataset import build; print(build('test', 40).summary())"
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np

from . import VERSION, anatomy, population, render
from .acquisition import CENTRES, SPLIT_CENTRES, acquire
from .signs import SIGNS, sample_signs, to_record

SPLIT_SEED = {"train": 11_000_000, "val": 12_000_000, "cal": 13_000_000, "test": 14_000_000, "sample": 15_000_000}


@dataclass
class Case:
    split: str
    index: int
    patient: str
    centre: str
    subtype: str
    true_label: str
    label: str  # observed
    signs: dict  # record: level names and floats
    age: int
    sex: str
    site: str
    views: tuple
    seed: int
    laterality: str


def _seed(split: str, index: int) -> int:
    return SPLIT_SEED.get(split, int(hashlib.sha256(split.encode()).hexdigest()[:6], 16)) + 1000 * index


def case(split: str, index: int, centre: str | None = None) -> Case:
    seed = _seed(split, index)
    rng = np.random.default_rng(seed)
    centres = SPLIT_CENTRES.get(split, list(CENTRES))
    centre = centre or centres[index % len(centres)]
    ctx = population.clinical(rng)
    subtype = str(population.draw_subtypes(rng, 1, CENTRES[centre].prevalence)[0])
    signs = to_record(sample_signs(population.TABLES[subtype], rng, 1), 0)
    label = population.observed_label(rng, subtype, split)
    views = anatomy.views_for(ctx["site"])
    return Case(
        split,
        index,
        f"{split}-{centre}-p{index:06d}",
        centre,
        subtype,
        population.LABEL_OF[subtype],
        label,
        signs,
        ctx["age"],
        ctx["sex"],
        ctx["site"],
        views,
        seed,
        str(rng.choice(["L", "R"])),
    )


def render_maps(c: Case, view_idx: int, long_px: int):
    """The attenuation maps and masks of one view at long_px pixels on its long side, before any
    acquisition, and the view's rng positioned where the acquisition continues drawing from it."""
    prng = np.random.default_rng(c.seed + 1)  # patient: anatomy and finding geometry, shared by views
    shape = anatomy.patient_shape(prng)
    geo = render.geometry(prng)
    vrng = np.random.default_rng(c.seed + 2 + view_idx)
    scene = anatomy.build(c.site, c.views[view_idx], shape, vrng)
    pitch = max(scene.fov) / long_px
    maps = render.project(scene, c.signs, geo, pitch, vrng, c.age, c.true_label != "normal")
    if c.laterality == "L":  # mirrored anatomy (before acquisition: burned-in letters stay readable)
        maps = render.mirror(maps)
    return maps, vrng


def render_view(c: Case, view_idx: int, size: int = 256, native: bool = False, centre=None) -> dict:
    """One radiograph of a case: stored pixels + PixelMeta, displayed image, masks and metadata.
    size: long side in pixels; native=True renders at the centre's native size instead.
    centre: an acquisition `Centre` to use instead of the case's own (the shift suite, shifts.py);
    the anatomy, finding and every random draw stay those of the case."""
    ctr = centre or CENTRES[c.centre]
    maps, vrng = render_maps(c, view_idx, ctr.native_px if native else size)
    view, pitch = c.views[view_idx], maps.pitch
    stored, meta, shown = acquire(maps, ctr, vrng, c.laterality)
    mask, fmask = maps.mask, maps.finding_mask
    info = {
        "generator": VERSION,
        "uid": f"{c.patient}-{view_idx}",
        "patient": c.patient,
        "centre": c.centre,
        "split": c.split,
        "label": c.label,
        "true_label": c.true_label,
        "label_noisy": c.label != c.true_label,
        "subtype": c.subtype,
        "site": c.site,
        "view": view,
        "laterality": c.laterality,
        "age": c.age,
        "sex": c.sex,
        "pixel_spacing": round(pitch, 5),
        "native_px": ctr.native_px,
        "lesion_mm": round(maps.lesion_mm, 2),
        "photometric": meta.photometric,
        "signs": c.signs,
        "seed": c.seed,
    }
    return {
        "stored": np.ascontiguousarray(stored),
        "meta": meta,
        "image": np.ascontiguousarray(shown),
        "mask": np.ascontiguousarray(mask),
        "finding_mask": np.ascontiguousarray(fmask),
        "info": info,
    }


def images(split: str, n: int, size: int = 256, native: bool = False):
    """The first n images of a split, patient by patient, all views of a patient together."""
    k, i = 0, 0
    while k < n:
        c = case(split, i)
        for v in range(len(c.views)):
            if k >= n:
                break
            yield render_view(c, v, size, native)
            k += 1
        i += 1


def build(split: str, n: int, size: int = 256, S: int = 128, mean: float = 0.5, std: float = 0.25):
    """A v1-compatible `Bundle` (preprocessed with osteon-xr-pre-v1) of the first n images."""
    from ..config import LABELS
    from ..datasets.phantom import Bundle
    from ..preprocess import preprocess_pixels, resize_mask

    xs, ys, ms, meta = [], [], [], []
    for r in images(split, n, size):
        xs.append(preprocess_pixels(r["stored"], r["meta"], S, mean, std)[0, 0])
        ms.append(resize_mask(r["mask"], S) if r["mask"].any() else np.zeros((S, S), bool))
        ys.append(LABELS.index(r["info"]["label"]))
        meta.append(r["info"])
    return Bundle(np.stack(xs), np.array(ys, np.int64), np.stack(ms), meta)


def hidden(info: dict) -> dict:
    """The hidden sign record of an image's metadata, in SIGNS order."""
    return {k: info["signs"][k] for k in SIGNS}


def digest(r: dict) -> str:
    return hashlib.sha1(r["stored"].tobytes() + json.dumps(r["info"], sort_keys=True).encode()).hexdigest()
