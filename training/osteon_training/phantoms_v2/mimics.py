"""Non-tumour findings of phantoms v2 (label `normal`): no finding, and mimics of tumours.

Osteomyelitis (permeative, periosteal reaction, soft-tissue swelling, sometimes a cloaca through
the cortex), stress fracture (fracture line, solid periosteal callus, sclerotic band), bone
infarct (serpiginous calcified matrix with a sclerotic border) and orthopaedic hardware (plates,
screws, intramedullary nails, prostheses; hardware also appears, rarely, next to tumours, see
subtypes.lesion). They carry no tumour mask: the segmentation target is tumours only, and each
mimic's own outline is kept as `finding_mask`.
"""
from __future__ import annotations

from .signs import ABSENT, beta, cat, lognormal
from .subtypes import atypical, lesion


def nothing(**kw) -> dict:
    """No focal finding: every lesion sign at its absent level."""
    t = {
        "location": cat(none=1.0),
        "size_mm": ABSENT,
        "eccentricity": ABSENT,
        "exophytic": cat(no=1.0),
        "margin": ABSENT,
        "pattern": cat(none=1.0),
        "lysis": ABSENT,
        "rim": ABSENT,
        "breach": ABSENT,
        "expansion": ABSENT,
        "soft_tissue": ABSENT,
        "periosteal": cat(none=1.0),
        "matrix": cat(none=1.0),
        "sclerosis": ABSENT,
        "fracture": cat(none=1.0),
        "hardware": cat(none=1.0),
    }
    t.update(kw)
    return t


NO_FINDING = {
    "none": nothing(),
    "hardware": nothing(hardware=cat(plate=0.35, screws=0.2, nail=0.25, prosthesis=0.2)),
}
MIMICS = {
    "osteomyelitis": lesion(
        location=cat(epiphysis=0.05, metaphysis=0.6, diaphysis=0.35),
        size_mm=lognormal(45, 0.45),
        eccentricity=beta(2, 3),
        margin=beta(4.5, 8),
        pattern=cat(geographic=0.15, moth_eaten=0.5, permeative=0.35),
        lysis=beta(3, 4),
        rim=beta(2, 5, p0=0.75),
        breach=beta(2, 4, p0=0.5),
        expansion=beta(2, 5, p0=0.9),
        soft_tissue=beta(2, 5, p0=0.45, scale=1.5),
        periosteal=cat(none=0.3, solid=0.3, lamellated=0.32, codman=0.05, spiculated=0.03),
        matrix=cat(none=0.9, serpiginous=0.1),
        sclerosis=beta(3, 3, p0=0.5),
        fracture=cat(none=0.97, line=0.03),
    ),
    "stress_fracture": lesion(
        location=cat(metaphysis=0.4, diaphysis=0.6),
        size_mm=lognormal(22, 0.4),
        eccentricity=beta(2, 2),
        margin=beta(4, 10),
        pattern=cat(geographic=0.7, moth_eaten=0.3),
        lysis=beta(1.5, 8),
        rim=beta(2, 5, p0=0.9),
        breach=beta(1.5, 6, p0=0.75),
        expansion=beta(2, 5, p0=0.9),
        soft_tissue=beta(2, 6, p0=0.7, scale=1.5),
        periosteal=cat(none=0.2, solid=0.7, lamellated=0.1),
        sclerosis=beta(4, 3, p0=0.2),
        fracture=cat(none=0.15, line=0.85),
    ),
    "bone_infarct": lesion(
        location=cat(metaphysis=0.6, diaphysis=0.4),
        size_mm=lognormal(40, 0.4),
        eccentricity=beta(1.5, 5),
        margin=beta(2, 15),
        pattern=cat(geographic=1.0),
        lysis=beta(2, 8),
        rim=beta(4, 3, p0=0.15),
        matrix=cat(none=0.1, chondroid=0.1, serpiginous=0.8),
        sclerosis=beta(3, 4, p0=0.5),
    ),
}

NORMAL = {**NO_FINDING, **atypical(MIMICS)}
MIX = {"none": 0.6, "hardware": 0.1, "osteomyelitis": 0.1, "stress_fracture": 0.1, "bone_infarct": 0.1}
