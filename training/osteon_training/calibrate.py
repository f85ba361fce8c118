"""Calibration and the operating point. Every threshold lives in model.json, nowhere else.

1. Temperature T (validation split): minimises the NLL of the member-averaged softmax(z/T); a
   not_malignant label (y 3, osteon-dataset) counts with its marginal likelihood p_normal + p_benign.
2. Escalation threshold lambda on P(malignant) (calibration split, malignant cases, n of them):
   a study is escalated when P(malignant) >= lambda; its miss loss is 1[P < lambda] on malignant
   studies, so FNR(lambda) = share of malignant studies NOT escalated.
   - Conformal risk control (Angelopoulos et al. 2022):
       lambda_crc = sup{lambda : n/(n+1) * FNR_hat(lambda) + 1/(n+1) <= alpha}
       guarantees E[FNR] <= alpha on exchangeable new studies.
   - Risk-controlling prediction set (Bates et al. 2021), binomial/Clopper-Pearson bound:
       lambda_rcps = sup{lambda : UCB_{1-delta}(FNR_hat(lambda); n) <= alpha}
       guarantees P(FNR > alpha) <= delta.
   The shipped lambda = min(lambda_crc, lambda_rcps) (FNR only grows with lambda), so both hold.
3. Review threshold tau on the uncertainty score: its (1 - review_rate) quantile on the
   calibration split; studies with uncertainty >= tau go to the "needs human review" lane.
4. OOD reference: class means and tied covariance of the pooled features on the training split;
   the scale from held-out features (the validation split): d0 = 99th percentile of their distance d,
   slope k = 4 / (d0 - median d). Not from the training split: the network has fitted those images,
   so their features sit closer to the class means than any new image's, and a train-fitted d0 flags
   in-distribution images as unfamiliar, the most abnormal-looking (malignant) ones first.
   Training images labelled only not_malignant (y 3) have no class mean to belong to: they are left
   out of the means and the covariance.
   test_calibrate.py models it: a train-fitted d0 flags over 5 % of new in-distribution features,
   a held-out one under 2 %.

    /usr/bin/python3 -m pytest -q tests/test_calibrate.py
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    import torch

    from .train import label_prob

    z = torch.from_numpy(logits).double()
    yt = torch.from_numpy(y)

    def nll(t):
        p = torch.softmax(z / t, 2).mean(0)
        return float(-torch.log(label_prob(p, yt).clamp_min(1e-300)).mean())

    grid = np.exp(np.linspace(math.log(0.25), math.log(10.0), 120))
    vals = [nll(t) for t in grid]
    i = int(np.argmin(vals))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    for _ in range(40):  # golden-section refinement
        a, b = lo + 0.382 * (hi - lo), lo + 0.618 * (hi - lo)
        if nll(a) < nll(b):
            hi = b
        else:
            lo = a
    return float((lo + hi) / 2)


def crc_threshold(p_malignant: np.ndarray, alpha: float) -> float:
    """Largest lambda with n/(n+1)*FNR_hat + 1/(n+1) <= alpha (rule: escalate if p >= lambda)."""
    p = np.sort(np.asarray(p_malignant, dtype=np.float64))
    n = len(p)
    m = math.floor(alpha * (n + 1) - 1 + 1e-12)  # misses allowed
    if n == 0 or m < 0:
        return 0.0
    return float(p[min(m, n - 1)]) if m < n else float("inf")


def rcps_threshold(p_malignant: np.ndarray, alpha: float, delta: float) -> float:
    """Largest lambda whose Clopper-Pearson (1-delta) upper bound on FNR is <= alpha."""
    p = np.sort(np.asarray(p_malignant, dtype=np.float64))
    n = len(p)
    best = -1
    for m in range(n + 1):
        ucb = 1.0 if m >= n else float(stats.beta.ppf(1 - delta, m + 1, n - m))
        if ucb <= alpha:
            best = m
        else:
            break
    if best < 0:
        return 0.0
    return float(p[best]) if best < n else float("inf")


def operating_point(p_mal: np.ndarray, y: np.ndarray, malignant: int, alpha: float, delta: float) -> dict:
    pm = p_mal[y == malignant]
    lam_crc = crc_threshold(pm, alpha)
    lam_rcps = rcps_threshold(pm, alpha, delta)
    lam = min(lam_crc, lam_rcps)
    return {
        "escalate_malignant_probability": lam,
        "lambda_crc": lam_crc,
        "lambda_rcps": lam_rcps,
        "n_malignant_calibration": int(len(pm)),
        "n_calibration": int(len(y)),
        "calibration_fnr": float((pm < lam).mean()) if len(pm) else None,
    }


def review_threshold(u: np.ndarray, review_rate: float, weights: np.ndarray | None = None) -> float:
    """The (1 - review_rate) quantile of u; with weights, of the weighted distribution (the smallest
    u whose weighted share of studies at or above it is <= review_rate, as method="higher")."""
    u = np.asarray(u, np.float64)
    if weights is None:
        return float(np.quantile(u, 1 - review_rate, method="higher"))
    order = np.argsort(u, kind="stable")
    w = np.asarray(weights, np.float64)[order]
    cdf = np.cumsum(w) / w.sum()
    return float(u[order][min(int(np.searchsorted(cdf, 1 - review_rate - 1e-12)), len(u) - 1)])


def fit_ood(feats: np.ndarray, y: np.ndarray, heldout: np.ndarray, n_classes: int = 3) -> dict:
    """Means and covariance from the training features `feats`; d0 and k from `heldout` features."""
    keep = np.asarray(y) < n_classes
    f, y = feats[keep].astype(np.float64), np.asarray(y)[keep]
    mu = np.stack([f[y == c].mean(0) if (y == c).any() else f.mean(0) for c in range(n_classes)])
    centred = f - mu[y]
    cov = centred.T @ centred / max(len(f) - n_classes, 1)
    cov += np.eye(cov.shape[0]) * 1e-3 * np.trace(cov) / cov.shape[0]  # shrinkage: stable inverse
    prec = np.linalg.inv(cov)
    prec = (prec + prec.T) / 2
    chol = np.linalg.cholesky(prec)  # prec = L L^T, so |(f-mu) L|^2 = Mahalanobis^2
    d = ood_distance(heldout.astype(np.float64), mu, chol)
    d0 = float(np.quantile(d, 0.99))
    k = float(4.0 / max(d0 - float(np.median(d)), 1e-6))
    return {"mu": mu, "prec_chol": chol, "d0": d0, "k": k}


def ood_distance(f: np.ndarray, mu: np.ndarray, chol: np.ndarray) -> np.ndarray:
    diff = f[:, None, :] - mu[None]
    w = diff @ chol
    return np.sqrt((w * w).sum(2).min(1) / f.shape[1])
