"""Synthetic phantom data set: `Bundle`s of preprocessed tensors, masks and metadata.

Every phantom is encoded as a detector would store it (12-bit, window, sometimes MONOCHROME1 or a
rescale) and then preprocessed with `preprocess.preprocess_pixels`: training sees what serving sees.
Splits come from disjoint synthetic centres and disjoint patients (checked by splits.check_disjoint).

    /usr/bin/python3 -c "from osteon_training.datasets.phantom import build; print(build('test', 60, ['c07']).summary())"
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from multiprocessing import Pool
from typing import Optional

import numpy as np
from tqdm import tqdm

from ..config import LABELS
from ..phantoms import encode, make_phantom
from ..preprocess import placement, preprocess_pixels, resize_mask

GENERATOR = "synthetic-phantoms-v1"
SPLIT_CENTRES = {"train": ["c01", "c02", "c03", "c04"], "val": ["c05"], "cal": ["c06"], "test": ["c07", "c08"]}
SPLIT_SEED = {"train": 1_000_000, "val": 2_000_000, "cal": 3_000_000, "test": 4_000_000, "ood": 5_000_000}


@dataclass
class Bundle:
    """A split: x [N,S,S] float32 (preprocessed), y [N] int, mask [N,S,S] bool, meta list of dicts."""

    x: np.ndarray
    y: np.ndarray
    mask: np.ndarray
    meta: list = field(default_factory=list)

    def __len__(self):
        return len(self.y)

    def subset(self, idx) -> "Bundle":
        idx = np.asarray(idx)
        return Bundle(self.x[idx], self.y[idx], self.mask[idx], [self.meta[i] for i in idx])

    def summary(self) -> dict:
        s = {"n": len(self), **{lab: int((self.y == i).sum()) for i, lab in enumerate(LABELS)}}
        if (self.y == len(LABELS)).any():  # osteon-dataset's not_malignant (y 3)
            s["not_malignant"] = int((self.y == len(LABELS)).sum())
        return s

    def manifest_lines(self):
        for i, m in enumerate(self.meta):
            yield json.dumps({**m, "sha1": hashlib.sha1(self.x[i].tobytes()).hexdigest()}, sort_keys=True)

    @staticmethod
    def concat(bs: list) -> "Bundle":
        return Bundle(
            np.concatenate([b.x for b in bs]),
            np.concatenate([b.y for b in bs]),
            np.concatenate([b.mask for b in bs]),
            sum([b.meta for b in bs], []),
        )


def _plan(split: str, n: int, centres: list, malignant_fraction: float, seed0: int):
    """Deterministic list of (seed, label, centre, patient) with exact class proportions."""
    rng = np.random.default_rng(seed0)
    n_mal = int(round(n * malignant_fraction))
    n_ben = int(round(n * 0.35))
    labels = ["malignant"] * n_mal + ["benign"] * n_ben + ["normal"] * (n - n_mal - n_ben)
    rng.shuffle(labels)
    plan, pid = [], 0
    i = 0
    while i < len(labels):
        c = centres[pid % len(centres)]
        patient = f"{split}-{c}-p{pid:05d}"
        # some patients have a second view of the same (kind of) finding
        k = 2 if (rng.random() < 0.3 and i + 1 < len(labels)) else 1
        for j in range(k):
            plan.append((seed0 + i + j, labels[i], c, patient, j))
        i += k
        pid += 1
    return plan


def _one(args):
    seed, label, centre, patient, view_idx, size, S, mean, std = args
    p = make_phantom(seed, label, size, centre)
    stored, meta = encode(p.image, np.random.default_rng(seed + 17))
    x = preprocess_pixels(stored, meta, S, mean, std)[0, 0]
    m = resize_mask(p.mask, S) if p.mask.any() else np.zeros((S, S), bool)
    info = {
        "uid": f"{patient}-{view_idx}",
        "patient": patient,
        "centre": centre,
        "label": p.label,
        "subtype": p.subtype,
        "site": p.site,
        "view": p.view,
        "age": p.age,
        "sex": p.sex,
        "size_class": p.size_class,
        "lesion_mm": round(p.lesion_mm, 2),
        "seed": seed,
        "photometric": meta.photometric,
        "windowed": meta.window_center is not None,
    }
    return x, m, LABELS.index(p.label), info


def build(
    split: str,
    n: int,
    centres: Optional[list] = None,
    malignant_fraction: float = 0.10,
    size: int = 256,
    S: int = 128,
    mean: float = 0.5,
    std: float = 0.25,
    workers: int = 2,
    cache_dir: Optional[str] = None,
    progress: bool = True,
) -> Bundle:
    centres = centres or SPLIT_CENTRES[split]
    key = hashlib.sha1(
        json.dumps([GENERATOR, split, n, centres, malignant_fraction, size, S, mean, std]).encode()
    ).hexdigest()[:12]
    path = os.path.join(cache_dir, f"{split}-{key}.npz") if cache_dir else None
    if path and os.path.exists(path):
        z = np.load(path, allow_pickle=False)
        return Bundle(z["x"], z["y"], z["mask"], json.loads(str(z["meta"])))
    plan = _plan(split, n, centres, malignant_fraction, SPLIT_SEED.get(split, 9_000_000))
    jobs = [(s, lab, c, p, v, size, S, mean, std) for s, lab, c, p, v in plan]
    it = tqdm(total=len(jobs), desc=f"phantoms:{split}", disable=not progress, leave=False)
    out = []
    if workers > 1:
        with Pool(workers) as pool:
            for r in pool.imap(_one, jobs, chunksize=16):
                out.append(r)
                it.update()
    else:
        for j in jobs:
            out.append(_one(j))
            it.update()
    it.close()
    b = Bundle(
        np.stack([o[0] for o in out]).astype(np.float32),
        np.array([o[2] for o in out], np.int64),
        np.stack([o[1] for o in out]),
        [o[3] for o in out],
    )
    if path:
        os.makedirs(cache_dir, exist_ok=True)
        np.savez_compressed(path, x=b.x, y=b.y, mask=b.mask, meta=json.dumps(b.meta))
    return b
