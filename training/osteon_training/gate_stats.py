"""Statistics of the promotion gate (model_gate.py): paired proportions and binomial intervals.

Two models scored on the same cases give paired outcomes: for each malignant case, did the live
model escalate it, did the candidate. Only the discordant pairs carry information about the
difference in sensitivity:

    b = candidate hit, live missed     c = live hit, candidate missed     n = malignant cases
    difference d = (b - c) / n  (candidate - live)

Tango's score statistic (Tango 1998, Stat Med 17:891; the paired-proportion analogue of the
Farrington-Manning test) for H0: d = d0 is

    Z(d0) = (b - c - n d0) / sqrt(n (2 q + d0 - d0^2))

where q is the maximum-likelihood estimate of P(live hit, candidate miss) under the constraint
d = d0 (the root of a quadratic, `restricted_q`). Z(0) is McNemar's statistic (b - c) / sqrt(b + c).

- Non-inferiority at margin m, one-sided level alpha: reject H0: d <= -m when Z(-m) > z_(1-alpha);
  the reported bound is the (1 - alpha) one-sided lower confidence bound, the d0 where
  Z(d0) = z_(1-alpha) (so "pass" is exactly "lower bound > -m").
- Two-sided CI at `level`: the d0 where Z(d0) = +-z_((1+level)/2) (the score test inverted: Tango's interval);
  unlike the Wald interval it stays inside [-1, 1] and is not degenerate when b = c = 0.

Wilson: the score interval of one binomial proportion.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats as _st

EPS = 1e-12


def wilson(k: int, n: int, level: float = 0.95) -> list:
    """Wilson score interval [lo, hi] for k successes in n trials; [None, None] when n = 0."""
    if n <= 0:
        return [None, None]
    z = _st.norm.ppf(1 - (1 - level) / 2)
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return [0.0 if k == 0 else max(0.0, mid - half), 1.0 if k == n else min(1.0, mid + half)]


def discordant(live_hit, cand_hit) -> tuple[int, int, int]:
    """(b, c, n): candidate-only hits, live-only hits and the number of pairs."""
    lh, ch = np.asarray(live_hit, bool), np.asarray(cand_hit, bool)
    if lh.shape != ch.shape:
        raise ValueError("paired outcomes must have the same length")
    return int((ch & ~lh).sum()), int((lh & ~ch).sum()), int(lh.size)


def restricted_q(b: int, c: int, n: int, d0: float) -> float:
    """MLE of p_c = P(live hit, candidate miss) given p_b - p_c = d0 (p_b = P(candidate-only hit)).

    Setting the derivative of b log(q + d0) + c log q + (n - b - c) log(1 - 2q - d0) to zero gives
    2n q^2 - B q - c d0 (1 - d0) = 0 with B = b (1 - d0) + c (1 - 3 d0) - 2 (n - b - c) d0."""
    m = n - b - c
    B = b * (1 - d0) + c * (1 - 3 * d0) - 2 * m * d0
    disc = B * B + 8 * n * c * d0 * (1 - d0)
    q = (B + math.sqrt(max(disc, 0.0))) / (4 * n)
    return min(max(q, max(0.0, -d0)), (1 - d0) / 2)  # inside the parameter space: q >= 0, q + d0 >= 0


def tango_z(b: int, c: int, n: int, d0: float) -> float:
    """Tango's score statistic for H0: (p_b - p_c) = d0; large when the data say d > d0."""
    q = restricted_q(b, c, n, d0)
    var = n * (2 * q + d0 - d0 * d0)
    num = b - c - n * d0
    if var <= EPS:
        return 0.0 if abs(num) <= EPS else math.copysign(math.inf, num)
    return num / math.sqrt(var)


def _solve(b: int, c: int, n: int, target: float) -> float:
    """The d0 in [-1, 1] with Z(d0) = target (Z decreases in d0), by bisection."""
    lo, hi = -1.0 + 1e-12, 1.0 - 1e-12
    if tango_z(b, c, n, lo) <= target:
        return -1.0
    if tango_z(b, c, n, hi) >= target:
        return 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if tango_z(b, c, n, mid) > target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def paired_difference_ci(b: int, c: int, n: int, level: float = 0.95) -> list:
    """Two-sided score (Tango) CI of the paired difference (b - c) / n; [None, None] when n = 0."""
    if n <= 0:
        return [None, None]
    z = _st.norm.ppf(1 - (1 - level) / 2)
    return [_solve(b, c, n, z), _solve(b, c, n, -z)]


def noninferiority(live_hit, cand_hit, margin: float, alpha: float) -> dict:
    """One-sided paired non-inferiority of the candidate's hit rate: H0 d <= -margin vs H1 d > -margin."""
    b, c, n = discordant(live_hit, cand_hit)
    if n == 0:
        return {"n": 0, "pass": False, "reason": "no malignant cases"}
    z = tango_z(b, c, n, -margin)
    zc = float(_st.norm.ppf(1 - alpha))
    lower = _solve(b, c, n, zc)
    return {
        "n": n,
        "discordant": {"candidate_only": b, "live_only": c},
        "live": float(np.mean(np.asarray(live_hit, bool))),
        "candidate": float(np.mean(np.asarray(cand_hit, bool))),
        "difference": (b - c) / n,
        "lower_bound": lower,
        "z": z,
        "z_critical": zc,
        "p_value": float(_st.norm.sf(z)),
        "pass": bool(z > zc),
    }


def improvement(live_hit, cand_hit, level: float = 0.95) -> dict:
    """Paired difference with its two-sided score CI; passes when the CI lies above 0."""
    b, c, n = discordant(live_hit, cand_hit)
    ci = paired_difference_ci(b, c, n, level)
    return {
        "n": n,
        "discordant": {"candidate_only": b, "live_only": c},
        "difference": (b - c) / n if n else None,
        "ci": ci,
        "mcnemar_z": tango_z(b, c, n, 0.0) if n else None,
        "pass": bool(n > 0 and ci[0] is not None and ci[0] > 0),
    }


def ece_binary(p, y, bins: int = 15) -> float | None:
    """ECE of the malignant probability as a two-class forecast (evaluate.ece on [1 - p, p])."""
    from .evaluate import ece

    p, y = np.asarray(p, np.float64), np.asarray(y, bool)
    if not p.size:
        return None
    return ece(np.stack([1 - p, p], 1), y.astype(int), bins)
