"""Who is in phantoms v2: subtypes and labels, label prevalence, clinical context, label noise.

Clinical context (age, sex, site) is drawn from one distribution for every case, independent of
subtype and label, so it carries no information about the label: a model given age or site as an
input cannot take a shortcut through it, and the Bayes ceiling (ceiling.py) needs no term for it.

Label noise is subtype-dependent and applied to the training split only (`observed_label`):
the confusions radiologists and pathology reports actually make (low-grade chondrosarcoma called
enchondroma and back, giant cell tumour and aneurysmal bone cyst called malignant, osteomyelitis
called Ewing sarcoma). Every other split keeps the true label.
"""
from __future__ import annotations

import numpy as np

from . import mimics, subtypes

LABELS = ("normal", "benign", "malignant")  # as config.LABELS
TABLES = {**mimics.NORMAL, **subtypes.BENIGN, **subtypes.MALIGNANT}
LABEL_OF = {
    **{k: "normal" for k in mimics.NORMAL},
    **{k: "benign" for k in subtypes.BENIGN},
    **{k: "malignant" for k in subtypes.MALIGNANT},
}
MIX = {"normal": mimics.MIX, **subtypes.MIX}
REFERENCE_PREVALENCE = {"normal": 0.55, "benign": 0.35, "malignant": 0.10}

SITES = {  # site: share (the same for every subtype)
    "femur": 0.2,
    "tibia": 0.18,
    "humerus": 0.12,
    "fibula": 0.05,
    "radius": 0.06,
    "hand": 0.14,
    "foot": 0.12,
    "pelvis": 0.13,
}
AGE_RANGE = (5, 85)

# P(observed label | true subtype) in the training split; the rest of the mass stays on the truth
NOISE = {
    "chondrosarcoma": {"benign": 0.2},
    "enchondroma": {"malignant": 0.06},
    "giant_cell_tumor": {"malignant": 0.08},
    "aneurysmal_bone_cyst": {"malignant": 0.05},
    "metastasis": {"normal": 0.05},
    "osteomyelitis": {"malignant": 0.08},
    "ewing": {"normal": 0.05},
    "stress_fracture": {"malignant": 0.03},
    "fibrous_dysplasia": {"normal": 0.05},
}


def subtype_probs(prevalence: dict) -> dict:
    """P(subtype) for a label prevalence {label: p} and the fixed within-label mix."""
    return {st: prevalence[LABEL_OF[st]] * MIX[LABEL_OF[st]][st] for st in TABLES}


def draw_subtypes(rng, n: int, prevalence: dict = REFERENCE_PREVALENCE) -> np.ndarray:
    p = subtype_probs(prevalence)
    names = list(TABLES)
    return np.array(names, dtype=object)[rng.choice(len(names), size=n, p=[p[k] for k in names])]


def clinical(rng) -> dict:
    """Age, sex and site of one patient, independent of subtype and label."""
    lo, hi = AGE_RANGE
    return {
        "age": int(rng.integers(lo, hi + 1)),
        "sex": str(rng.choice(["F", "M"])),
        "site": str(rng.choice(list(SITES), p=list(SITES.values()))),
    }


def observed_label(rng, subtype: str, split: str) -> str:
    truth = LABEL_OF[subtype]
    if split != "train" or subtype not in NOISE:
        return truth
    u = rng.random()
    for lab, p in NOISE[subtype].items():
        if u < p:
            return lab
        u -= p
    return truth
