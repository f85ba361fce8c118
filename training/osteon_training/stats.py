"""Statistics for evaluation under shift: rank AUC, patient-clustered bootstrap, exact binomial bounds.

Clustered bootstrap: images of one patient (views of one finding) are not independent, so each
replicate draws whole patients with replacement and keeps all their images; the CI is the 2.5th and
97.5th percentile of the statistic over the replicates (replicates where it is undefined, e.g. no
malignant image drawn, are skipped and counted).

Clopper-Pearson: the exact one-sided upper bound on a binomial proportion, u with
P(Binomial(n, u) <= k) = 1 - level, i.e. the `level` quantile of Beta(k + 1, n - k); 1 when k = n.
"""
from __future__ import annotations

import numpy as np
from scipy import stats as _st


def auc(y, s):
    """Mann-Whitney AUC of score s for binary y (ties count half); None without both classes."""
    y = np.asarray(y, bool)
    s = np.asarray(s, np.float64)
    n1, n0 = int(y.sum()), int((~y).sum())
    if n1 == 0 or n0 == 0:
        return None
    r = _st.rankdata(s)
    return float((r[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def clopper_pearson_upper(k: int, n: int, level: float = 0.95):
    """Exact one-sided upper confidence bound for k successes in n trials (None when n = 0)."""
    if n <= 0:
        return None
    if k >= n:
        return 1.0
    return float(_st.beta.ppf(level, k + 1, n - k))


def cluster_bootstrap(stat, clusters, n_boot: int = 1000, seed: int = 0, level: float = 0.95) -> dict:
    """CI of `stat(idx)` (a function of image indices) resampling whole clusters with replacement.

    Returns {"ci": [lo, hi] or [None, None], "n_boot": replicates used, "n_clusters": k}."""
    clusters = np.asarray([str(c) for c in clusters])
    keys, inv = np.unique(clusters, return_inverse=True)
    members = [np.flatnonzero(inv == i) for i in range(len(keys))]
    rng = np.random.default_rng(seed)
    vals = []
    for _ in range(n_boot):
        pick = rng.integers(0, len(keys), len(keys))
        idx = np.concatenate([members[i] for i in pick]) if len(pick) else np.array([], int)
        v = stat(idx)
        if v is not None and not np.isnan(v):
            vals.append(v)
    a = (1 - level) / 2
    ci = [float(np.percentile(vals, 100 * a)), float(np.percentile(vals, 100 * (1 - a)))] if vals else [None, None]
    return {"ci": ci, "n_boot": len(vals), "n_clusters": int(len(keys))}


def rate(mask, sel=None):
    """Share of True in mask[sel]; None when sel is empty."""
    m = np.asarray(mask, bool)
    if sel is not None:
        m = m[np.asarray(sel)]
    return float(m.mean()) if m.size else None
