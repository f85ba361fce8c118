"""Grouped splits: no patient and (where there are enough centres) no centre appears in two splits.

    split_by="centre"   whole centres go to train / val / cal / test (needs >= 4 centres); a patient
                        seen at two centres glues them together, and if that leaves fewer groups
                        than splits, the split falls back to whole patients
    split_by="patient"  whole patients go to one split (centres may be shared; use when < 4 centres)
    leave_one_centre_out(meta, "C")   test = centre C, the rest split by patient

`check_disjoint` is run by the pipeline on every split set it trains with.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np

FRACTIONS = {"train": 0.6, "val": 0.12, "cal": 0.13, "test": 0.15}


def _assign(groups: list, fractions: dict, seed: int) -> dict:
    """Assign each distinct group to a split, greedily by size, to hit the fractions."""
    sizes = defaultdict(int)
    for gk in groups:
        sizes[gk] += 1
    keys = sorted(sizes)
    rng = np.random.default_rng(seed)
    rng.shuffle(keys)
    total = len(groups)
    filled = {s: 0 for s in fractions}
    out = {}
    for gk in keys:  # give the group to the split that is furthest below its target
        s = max(fractions, key=lambda s: fractions[s] - filled[s] / total)
        out[gk] = s
        filled[s] += sizes[gk]
    return out


def _components(meta: list, keys) -> list:
    """Union-find: images sharing any of `keys` (e.g. a patient seen at two centres) stay together."""
    parent = list(range(len(meta)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for k in keys:
        first = {}
        for i, m in enumerate(meta):
            j = first.setdefault(m[k], i)
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[ri] = rj
    return [find(i) for i in range(len(meta))]


def grouped_split(meta: list, split_by: str = "auto", seed: int = 1337, fractions=None) -> dict:
    """meta: list of dicts with 'patient' and 'centre'. Returns {split: np.array(indices)}."""
    fractions = fractions or FRACTIONS
    centres = sorted({m["centre"] for m in meta})
    if split_by == "auto":
        split_by = "centre" if len(centres) >= len(fractions) else "patient"
    keys = ("centre", "patient") if split_by == "centre" else ("patient",)
    comp = _components(meta, keys)
    if split_by == "centre" and len(set(comp)) < len(fractions):
        # patients crossing centres glue the centres together: keep patients apart only
        keys = ("patient",)
        comp = _components(meta, keys)
    groups = [f"g{c}" for c in comp]
    where = _assign(groups, fractions, seed)
    idx = {s: np.array([i for i, gk in enumerate(groups) if where[gk] == s], dtype=np.int64) for s in fractions}
    check_disjoint(meta, idx, keys=keys)
    return idx


def leave_one_centre_out(meta: list, centre: str, seed: int = 1337) -> dict:
    test = [i for i, m in enumerate(meta) if m["centre"] == centre]
    if not test:
        raise ValueError(f"no images from centre {centre!r}")
    rest = [i for i, m in enumerate(meta) if m["centre"] != centre]
    fr = {k: v for k, v in FRACTIONS.items() if k != "test"}
    total = sum(fr.values())
    sub = grouped_split([meta[i] for i in rest], "patient", seed, {k: v / total for k, v in fr.items()})
    idx = {s: np.array(rest)[v] for s, v in sub.items()}
    idx["test"] = np.array(test, dtype=np.int64)
    check_disjoint(meta, idx, keys=("patient",))
    if any(meta[i]["centre"] == centre for s in fr for i in idx[s]):
        raise AssertionError("held-out centre leaked")
    return idx


def check_disjoint(meta: list, idx: dict, keys=("patient", "centre")) -> None:
    for k in keys:
        seen = {}
        for s, ii in idx.items():
            for i in ii:
                v = meta[i][k]
                if seen.setdefault(v, s) != s:
                    raise AssertionError(f"{k} {v!r} is in both {seen[v]} and {s}")
