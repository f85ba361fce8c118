"""Phantoms v2 as training `Bundle`s: train / val / cal / test from the v2 generator, rendered at the
model's input size, plus the outlier-exposure pool (oe.py); cached per split in `<work>/cache`.

Splits are v2's own (phantoms_v2/dataset.py): disjoint centres (train c01-c04, val c05, cal c06,
test c07-c08) and whole patients (every view of a patient in one split; splits.check_disjoint runs
on the result). Each split holds its first n images, patient by patient, leaving out the cases of
the evaluation's near-OOD kinds: hardware only and the hemipelvis (`near_ood_case`). So the test
split here is the in-distribution test set of `./osteon evaluate`'s near-OOD suite, and the
calibrated review lane is fitted on in-distribution images only. Labels: `label` (observed; noisy
in the training split only, phantoms_v2.population.NOISE), which equals `true_label` elsewhere.

Rendering: `render_view(case, view, S)` renders the long side at S, so the preprocessing's area
resize is the identity along it; about 0.02-0.05 s an image at 128-256 px, in a process pool
(`workers`). Cache key: generator VERSION, split, n, S, mean, std.

    /usr/bin/python3 -c "from osteon_training.datasets.phantoms_v2 import build; print(build('val', 30, 128).summary())"
"""
from __future__ import annotations

import hashlib
import json
import os
from multiprocessing import Pool

import numpy as np

from ..config import LABELS
from ..phantoms_v2 import VERSION
from ..preprocess import preprocess_pixels, resize_mask
from .phantom import Bundle

DATASET = "synthetic-phantoms-v2"


def near_ood_case(c) -> bool:
    from ..phantoms_v2.shifts import UNSEEN_SITE

    return c.site == UNSEEN_SITE or c.subtype == "hardware"


def plan(split: str, n: int) -> list:
    """[(case index, [view indices])] of the first n in-distribution images of the split."""
    from ..phantoms_v2.dataset import case

    out, k, i = [], 0, 0
    while k < n:
        c = case(split, i)
        if not near_ood_case(c):
            views = list(range(min(len(c.views), n - k)))
            out.append((i, views))
            k += len(views)
        i += 1
    return out


def _size_class(mm) -> str:
    return "none" if not mm else "small" if mm < 30 else "medium" if mm < 60 else "large"


def _render(args):
    split, i, views, S, mean, std = args
    from ..phantoms_v2.dataset import case, render_view

    c = case(split, i)
    res = []
    for v in views:
        r = render_view(c, v, S)
        x = preprocess_pixels(r["stored"], r["meta"], S, mean, std)[0, 0]
        m = resize_mask(r["mask"], S) if r["mask"].any() else np.zeros((S, S), bool)
        info = {k: r["info"][k] for k in r["info"] if k != "signs"}
        info["size_class"] = _size_class(info.get("lesion_mm", 0.0))
        res.append((x, m, LABELS.index(r["info"]["label"]), info))
    return res


def _cached(cache_dir, key_parts, make):
    key = hashlib.sha1(json.dumps(key_parts).encode()).hexdigest()[:12]
    path = os.path.join(cache_dir, f"v2-{key_parts[1]}-{key}.npz") if cache_dir else None
    if path and os.path.exists(path):
        z = np.load(path, allow_pickle=False)
        return {k: z[k] for k in z.files}
    d = make()
    if path:
        os.makedirs(cache_dir, exist_ok=True)
        np.savez_compressed(path, **d)
    return d


def _map(fn, jobs, workers):
    if workers > 1 and len(jobs) > 8:
        with Pool(workers) as pool:
            return list(pool.imap(fn, jobs, chunksize=4))
    return [fn(j) for j in jobs]


def build(split: str, n: int, S: int = 128, mean: float = 0.5, std: float = 0.25, workers: int = 2, cache_dir=None):
    def make():
        jobs = [(split, i, views, S, mean, std) for i, views in plan(split, n)]
        out = [r for rs in _map(_render, jobs, workers) for r in rs]
        return {
            "x": np.stack([o[0] for o in out]).astype(np.float32),
            "mask": np.stack([o[1] for o in out]),
            "y": np.array([o[2] for o in out], np.int64),
            "meta": np.array(json.dumps([o[3] for o in out])),
        }

    d = _cached(cache_dir, [VERSION, split, n, S, mean, std], make)
    return Bundle(d["x"], d["y"], d["mask"], json.loads(str(d["meta"])))


def _oe(args):
    from ..oe import KINDS, make_oe

    i, S, mean, std = args
    return make_oe(i, KINDS[i % len(KINDS)], S, mean, std)


def build_oe(n: int, S: int = 128, mean: float = 0.5, std: float = 0.25, workers: int = 2, cache_dir=None):
    """n outlier-exposure images [n,S,S] float32 and their kinds (oe.KINDS in turn)."""
    from ..oe import KINDS

    def make():
        return {"x": np.stack(_map(_oe, [(i, S, mean, std) for i in range(n)], workers)).astype(np.float32)}

    x = _cached(cache_dir, [VERSION, "oe", n, S, mean, std, KINDS], make)["x"] if n else np.zeros((0, S, S), np.float32)
    return x, [KINDS[i % len(KINDS)] for i in range(n)]
