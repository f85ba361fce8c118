"""The Bayes ceiling of phantoms v2: the best AUC for malignant vs not that any model can reach.

Each image is rendered from its hidden sign record (signs.py), from anatomy and acquisition drawn
independently of the label, and from noise. So the label depends on the pixels only through the
signs, and the exact likelihood ratio

    LR(s) = P(s | malignant) / P(s | not malignant)
          = sum_{k malignant} w_k p(s | k)  /  sum_{k not malignant} w_k p(s | k)

(w_k: the subtype's share within the class at the given prevalence, p(s | k) the product of the
sign densities of subtype k) is the Bayes-optimal score of the signs, and its AUC bounds the AUC
of any model of the images. It is computed by Monte Carlo over sampled sign records; nothing is
rendered. The bootstrap CI is over those records. Real-valued signs are recorded exactly here;
renderers clip them to what the anatomy can show, which only lowers what a model can reach.

    /usr/bin/python3 -m osteon_training.phantoms_v2.ceiling --n 200000 --seed 0
"""
from __future__ import annotations

import argparse
import json

import numpy as np
from scipy.special import logsumexp
from scipy.stats import rankdata

from . import VERSION
from .population import LABEL_OF, REFERENCE_PREVALENCE, TABLES, draw_subtypes, subtype_probs
from .signs import SIGNS, log_density, sample_signs


def sample_cases(n: int, seed: int, prevalence: dict = REFERENCE_PREVALENCE):
    """n (subtype, signs) draws: subtypes as an object array, signs as {name: array}."""
    rng = np.random.default_rng(seed)
    st = draw_subtypes(rng, n, prevalence)
    signs = {k: np.zeros(n, dtype=np.int64 if v is not None else np.float64) for k, v in SIGNS.items()}
    for name in TABLES:  # fixed order
        idx = np.nonzero(st == name)[0]
        if len(idx):
            s = sample_signs(TABLES[name], rng, len(idx))
            for k in signs:
                signs[k][idx] = s[k]
    return st, signs


def log_lr(signs: dict, prevalence: dict = REFERENCE_PREVALENCE) -> np.ndarray:
    """log P(signs | malignant) - log P(signs | not malignant), exact, per case."""
    p = subtype_probs(prevalence)
    names = list(TABLES)
    ld = np.stack([log_density(TABLES[k], signs) for k in names])
    mal = np.array([LABEL_OF[k] == "malignant" for k in names])
    w = np.array([p[k] for k in names])
    with np.errstate(divide="ignore"):
        lw = np.log(w)
    num = logsumexp(ld[mal] + lw[mal, None], axis=0) - np.log(w[mal].sum())
    den = logsumexp(ld[~mal] + lw[~mal, None], axis=0) - np.log(w[~mal].sum())
    return num - den


def auc(score: np.ndarray, y: np.ndarray) -> float:
    """Mann-Whitney AUC with ties counted half (score may hold +-inf)."""
    y = np.asarray(y, bool)
    n1, n0 = int(y.sum()), int((~y).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    score = np.asarray(score, dtype=np.float64)
    fin = score[np.isfinite(score)]
    big = float(np.abs(fin).max()) + 1.0 if len(fin) else 1.0
    r = rankdata(np.nan_to_num(score, nan=0.0, posinf=big, neginf=-big))  # rankdata gives nan on inf
    return float((r[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def sign_aucs(signs: dict, y: np.ndarray) -> dict:
    """Per-sign AUC for malignant (real signs by value, categoricals by their own best ordering:
    each level scored by its malignant share, i.e. the single sign's Bayes score)."""
    out = {}
    for name, levels in SIGNS.items():
        x = signs[name]
        if levels is not None:
            share = np.array([y[x == i].mean() if (x == i).any() else 0.0 for i in range(len(levels))])
            x = share[x]
        a = auc(x, y)
        out[name] = round(max(a, 1 - a), 4)
    return out


def size_auc_with_finding(signs: dict, y: np.ndarray) -> float:
    """AUC of lesion size alone among images that have a focal finding (tumour or mimic)."""
    f = signs["location"] > 0
    a = auc(signs["size_mm"][f], y[f])
    return round(max(a, 1 - a), 4)


def ceiling(n: int = 200_000, seed: int = 0, boot: int = 200, prevalence: dict = REFERENCE_PREVALENCE) -> dict:
    st, signs = sample_cases(n, seed, prevalence)
    y = np.array([LABEL_OF[s] == "malignant" for s in st])
    score = log_lr(signs, prevalence)
    a = auc(score, y)
    rng = np.random.default_rng(seed + 1)
    bs = [auc(score[i], y[i]) for i in (rng.integers(0, n, n) for _ in range(boot))]
    ci = [round(float(q), 4) for q in np.percentile(bs, [2.5, 97.5])] if bs else None
    return {"auc": round(a, 4), "ci95": ci, "y": y, "signs": signs}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--boot", type=int, default=200)
    ap.add_argument("--per-centre", action="store_true", help="also the ceiling at each centre's prevalence")
    a = ap.parse_args()
    r = ceiling(a.n, a.seed, a.boot)
    out = {
        "generator": VERSION,
        "n": a.n,
        "seed": a.seed,
        "prevalence": REFERENCE_PREVALENCE,
        "bayes_ceiling_auc": r["auc"],
        "ci95": r["ci95"],
        "sign_auc": sign_aucs(r["signs"], r["y"]),
        "size_auc_with_finding": size_auc_with_finding(r["signs"], r["y"]),
    }
    if a.per_centre:
        from .acquisition import CENTRES

        out["per_centre"] = {c.name: ceiling(a.n, a.seed, 0, c.prevalence)["auc"] for c in CENTRES.values()}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
