"""The hidden radiological sign variables of phantoms v2 and their distribution families.

Every image is rendered from a `Signs` record and from label-free anatomy and acquisition draws;
nothing downstream of the signs looks at the subtype or the label. So the Bayes-optimal
discriminator computed from the signs (ceiling.py) bounds what any model of the pixels can reach.

A sign is either categorical (levels, level 0 = absent) or real in [0, inf) with a reference
measure of (point mass at 0) + Lebesgue, so zero-inflated and strictly positive families share one
measure and their log-densities are comparable in a likelihood ratio.

    /usr/bin/python3 -c "from osteon_training.phantoms_v2.signs import SIGNS; print(list(SIGNS))"
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import betaln

# name -> levels (categorical) or None (real). Order is the order of the hidden-variable record.
SIGNS = {
    "location": ("none", "epiphysis", "metaphysis", "diaphysis"),
    "size_mm": None,  # longest extent of the finding
    "eccentricity": None,  # 0 central in the medulla .. 1 at the cortex
    "exophytic": ("no", "yes"),  # grows out from the surface (osteochondroma-like)
    "margin": None,  # transition zone as a fraction of the lesion radius (narrow .. wide)
    "pattern": ("none", "geographic", "moth_eaten", "permeative"),
    "lysis": None,  # loss of bone density inside the finding, 0..1
    "rim": None,  # sclerotic rim strength, 0..1
    "breach": None,  # cortical destruction, 0..1
    "expansion": None,  # cortical expansion / thinning, 0..1
    "soft_tissue": None,  # soft-tissue component, in bone radii
    "periosteal": ("none", "solid", "lamellated", "codman", "spiculated"),
    "matrix": ("none", "chondroid", "osteoid", "ground_glass", "serpiginous"),
    "sclerosis": None,  # reactive / blastic density added, 0..1
    "fracture": ("none", "line"),
    "hardware": ("none", "plate", "screws", "nail", "prosthesis"),
}
CATEGORICAL = tuple(k for k, v in SIGNS.items() if v is not None)
REAL = tuple(k for k, v in SIGNS.items() if v is None)


@dataclass(frozen=True)
class Cat:
    """Categorical over a sign's levels; probs as {level: p}, missing levels have p = 0."""

    probs: tuple  # ((level, p), ...)

    def vector(self, levels) -> np.ndarray:
        d = dict(self.probs)
        p = np.array([d.get(lv, 0.0) for lv in levels], dtype=np.float64)
        if set(d) - set(levels) or abs(p.sum() - 1) > 1e-9:
            raise ValueError(f"bad categorical {self.probs} for {levels}")
        return p

    def sample(self, rng, n, levels):
        return rng.choice(len(levels), size=n, p=self.vector(levels))

    def logpdf(self, x, levels):
        with np.errstate(divide="ignore"):
            return np.log(self.vector(levels))[x]


def cat(**probs) -> Cat:
    return Cat(tuple(probs.items()))


@dataclass(frozen=True)
class Real:
    """Zero-inflated real sign: 0 with probability p0, else `kind`(a, b) (beta on (0,1) scaled by
    `scale`, or lognormal with median a and log-sd b). p0 = 1 is the absent sign."""

    kind: str
    a: float = 1.0
    b: float = 1.0
    p0: float = 0.0
    scale: float = 1.0

    def sample(self, rng, n):
        if self.kind == "beta":
            x = rng.beta(self.a, self.b, size=n) * self.scale
        else:
            x = np.exp(math.log(self.a) + self.b * rng.standard_normal(n))
        return np.where(rng.random(n) < self.p0, 0.0, x)

    def logpdf(self, x):
        x = np.asarray(x, dtype=np.float64)
        zero = x <= 0
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.kind == "beta":
                u = np.clip(x / self.scale, 1e-300, 1 - 1e-16)
                cont = (
                    (self.a - 1) * np.log(u)
                    + (self.b - 1) * np.log1p(-u)
                    - betaln(self.a, self.b)
                    - math.log(self.scale)
                )
                cont = np.where(x > self.scale, -np.inf, cont)
            else:
                lx = np.log(np.maximum(x, 1e-300))
                cont = -lx - math.log(self.b * math.sqrt(2 * math.pi)) - 0.5 * ((lx - math.log(self.a)) / self.b) ** 2
            cont = cont + (math.log1p(-self.p0) if self.p0 < 1 else -np.inf)
            z = math.log(self.p0) if self.p0 > 0 else -np.inf
        return np.where(zero, z, cont)


def beta(a, b, p0=0.0, scale=1.0) -> Real:
    return Real("beta", a, b, p0, scale)


def lognormal(median, sd, p0=0.0) -> Real:
    return Real("lognormal", median, sd, p0)


ABSENT = Real("beta", 1.0, 1.0, 1.0)


@dataclass(frozen=True)
class Mixture:
    """With probability w the sign comes from `other`, else from `own` (real signs)."""

    w: float
    own: Real
    other: Real

    def sample(self, rng, n):
        pick = rng.random(n) < self.w
        a, b = self.own.sample(rng, n), self.other.sample(rng, n)
        return np.where(pick, b, a)

    def logpdf(self, x):
        with np.errstate(divide="ignore"):
            return np.logaddexp(math.log1p(-self.w) + self.own.logpdf(x), math.log(self.w) + self.other.logpdf(x))


def blend(table: dict, generic: dict, w: float, skip=()) -> dict:
    """Every sign of `table` drawn, with probability w, from `generic` instead (an atypical
    presentation, sign by sign): the family stays exact, so the ceiling stays computable."""
    out = {}
    for name, levels in SIGNS.items():
        d, g = table[name], generic[name]
        if name in skip or w == 0:
            out[name] = d
        elif levels is not None:
            p = (1 - w) * d.vector(levels) + w * g.vector(levels)
            out[name] = Cat(tuple((lv, float(q)) for lv, q in zip(levels, p) if q > 0))
        else:
            out[name] = Mixture(w, d, g)
    return out


def sample_signs(table: dict, rng, n: int) -> dict:
    """Draw n sign records from one subtype's table ({sign: Cat|Real}); codes for categoricals."""
    out = {}
    for name, levels in SIGNS.items():  # fixed order: the draw sequence is part of the seed contract
        d = table[name]
        out[name] = d.sample(rng, n, levels) if levels is not None else d.sample(rng, n)
    return out


def log_density(table: dict, signs: dict) -> np.ndarray:
    """log p(signs | subtype) for arrays of sign values (signs conditionally independent)."""
    total = 0.0
    for name, levels in SIGNS.items():
        d = table[name]
        total = total + (d.logpdf(signs[name], levels) if levels is not None else d.logpdf(signs[name]))
    return total


def to_record(signs: dict, i: int) -> dict:
    """Case i of an array-of-signs dict as a JSON-able record with level names."""
    rec = {}
    for name, levels in SIGNS.items():
        v = signs[name][i]
        rec[name] = levels[int(v)] if levels is not None else round(float(v), 6)
    return rec


def from_record(rec: dict) -> dict:
    """The inverse of to_record for one case, as length-1 arrays."""
    return {
        name: np.array([levels.index(rec[name]) if levels is not None else float(rec[name])])
        for name, levels in SIGNS.items()
    }
