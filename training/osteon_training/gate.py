"""The gate's decision rule, mirrored from Java so offline evaluation judges images as serving does.

Mirrors `org.osteon.streams.gate.GatePolicy.decide` (streams/src/main/java/org/osteon/streams/gate/
GatePolicy.java; docs/architecture.md "Gate policy"): uncertainty first, so a model that abstains
reaches a person even when its probability is high.

    REVIEW    uncertainty >= thresholds.review_uncertainty, or either score is NaN
    ESCALATE  else p(malignant) >= thresholds.escalate_malignant_probability
    ROUTINE   else

Both comparisons are `>=` on doubles, as in Java. A change to GatePolicy must change this file in
the same commit (training/tests/test_evaluate_model.py pins the rule on the golden vectors).
"""
from __future__ import annotations

import numpy as np

ESCALATE, REVIEW, ROUTINE = "ESCALATE", "REVIEW", "ROUTINE"
DECISIONS = (ESCALATE, REVIEW, ROUTINE)


def decide(p_malignant: float, uncertainty: float, escalate: float, review: float) -> str:
    """One image, exactly as GatePolicy.decide."""
    p, u = float(p_malignant), float(uncertainty)
    if np.isnan(u) or np.isnan(p) or u >= review:
        return REVIEW
    if p >= escalate:
        return ESCALATE
    return ROUTINE


def decide_all(p_malignant, uncertainty, thresholds: dict) -> np.ndarray:
    """Vectorised `decide` with model.json's `thresholds`; returns an array of decision strings."""
    p = np.asarray(p_malignant, np.float64)
    u = np.asarray(uncertainty, np.float64)
    lam, tau = float(thresholds["escalate_malignant_probability"]), float(thresholds["review_uncertainty"])
    review = np.isnan(u) | np.isnan(p) | (u >= tau)
    out = np.where(p >= lam, ESCALATE, ROUTINE).astype(object)
    out[review] = REVIEW
    return out
