"""Tumour subtypes of phantoms v2: label and the distribution of every sign given the subtype.

The tables are the generator. They overlap between labels on purpose, as bone tumours do:
giant cell tumour and aneurysmal bone cyst may breach the cortex and carry a soft-tissue
component; low-grade chondrosarcoma often looks like an enchondroma (narrow margin, chondroid
matrix, intact cortex); osteosarcoma, metastasis and chondrosarcoma sometimes have a narrow
transition zone; metastasis is malignant and often small. Fibrous dysplasia is a benign bone
lesion (label `benign`), not a mimic: it is a lesion a segmentation head should outline.
The non-tumour mimics (label `normal`) are in mimics.py. ceiling.py reports the Bayes ceiling
that these tables imply; change a number here and the ceiling test says whether it still holds.
"""
from __future__ import annotations

from .signs import ABSENT, beta, blend, cat, lognormal

NO_HARDWARE = cat(none=1.0)


def lesion(**kw) -> dict:
    """A focal lesion's table: defaults for the signs most lesions share, overridden by kw."""
    t = {
        "exophytic": cat(no=1.0),
        "rim": ABSENT,
        "breach": ABSENT,
        "expansion": ABSENT,
        "soft_tissue": ABSENT,
        "periosteal": cat(none=1.0),
        "matrix": cat(none=1.0),
        "sclerosis": ABSENT,
        "fracture": cat(none=1.0),
        "hardware": cat(none=0.98, plate=0.01, nail=0.01),
    }
    t.update(kw)
    return t


BENIGN = {
    "osteochondroma": lesion(
        location=cat(metaphysis=0.85, diaphysis=0.15),
        size_mm=lognormal(32, 0.4),
        eccentricity=beta(8, 2),
        exophytic=cat(no=0.1, yes=0.9),
        margin=beta(2, 14),
        pattern=cat(geographic=0.9, moth_eaten=0.1),
        lysis=beta(2, 8),
        rim=beta(2, 5, p0=0.5),
        breach=beta(1.5, 6, p0=0.85),
        expansion=beta(2, 5, p0=0.7),
        soft_tissue=beta(2, 6, p0=0.7, scale=1.5),
        periosteal=cat(none=0.93, solid=0.07),
        matrix=cat(none=0.6, chondroid=0.4),
        sclerosis=beta(2, 5, p0=0.6),
        fracture=cat(none=0.98, line=0.02),
    ),
    "enchondroma": lesion(
        location=cat(epiphysis=0.05, metaphysis=0.5, diaphysis=0.45),
        size_mm=lognormal(32, 0.45),
        eccentricity=beta(2, 5),
        margin=beta(2.5, 12),
        pattern=cat(geographic=0.88, moth_eaten=0.12),
        lysis=beta(4, 4),
        rim=beta(2, 4, p0=0.5),
        breach=beta(1.5, 8, p0=0.92),
        expansion=beta(2, 5, p0=0.5),
        soft_tissue=beta(2, 6, p0=0.97, scale=1.5),
        periosteal=cat(none=0.93, solid=0.07),
        matrix=cat(none=0.2, chondroid=0.8),
        sclerosis=beta(2, 5, p0=0.85),
        fracture=cat(none=0.95, line=0.05),
    ),
    "giant_cell_tumor": lesion(
        location=cat(epiphysis=0.75, metaphysis=0.25),
        size_mm=lognormal(52, 0.35),
        eccentricity=beta(5, 3),
        margin=beta(3, 10),
        pattern=cat(geographic=0.78, moth_eaten=0.22),
        lysis=beta(7, 2),
        rim=beta(2, 5, p0=0.75),
        breach=beta(2, 4, p0=0.55),
        expansion=beta(3, 3, p0=0.3),
        soft_tissue=beta(2, 5, p0=0.7, scale=1.5),
        periosteal=cat(none=0.82, solid=0.08, lamellated=0.05, codman=0.05),
        fracture=cat(none=0.9, line=0.1),
    ),
    "non_ossifying_fibroma": lesion(
        location=cat(metaphysis=0.7, diaphysis=0.3),
        size_mm=lognormal(25, 0.45),
        eccentricity=beta(8, 2),
        margin=beta(2, 18),
        pattern=cat(geographic=1.0),
        lysis=beta(5, 3),
        rim=beta(4, 3, p0=0.15),
        breach=beta(1.5, 8, p0=0.95),
        expansion=beta(2, 5, p0=0.6),
        periosteal=cat(none=0.97, solid=0.03),
        fracture=cat(none=0.95, line=0.05),
    ),
    "simple_bone_cyst": lesion(
        location=cat(metaphysis=0.75, diaphysis=0.25),
        size_mm=lognormal(45, 0.35),
        eccentricity=beta(1.5, 8),
        margin=beta(2, 18),
        pattern=cat(geographic=1.0),
        lysis=beta(8, 2),
        rim=beta(2, 5, p0=0.6),
        breach=beta(1.5, 8, p0=0.95),
        expansion=beta(3, 4, p0=0.3),
        periosteal=cat(none=0.88, solid=0.12),
        fracture=cat(none=0.8, line=0.2),
    ),
    "aneurysmal_bone_cyst": lesion(
        location=cat(epiphysis=0.1, metaphysis=0.7, diaphysis=0.2),
        size_mm=lognormal(45, 0.4),
        eccentricity=beta(5, 3),
        margin=beta(2.5, 11),
        pattern=cat(geographic=0.85, moth_eaten=0.15),
        lysis=beta(7, 2),
        rim=beta(2, 5, p0=0.5),
        breach=beta(2, 4, p0=0.6),
        expansion=beta(4, 2, p0=0.15),
        soft_tissue=beta(2, 5, p0=0.75, scale=1.5),
        periosteal=cat(none=0.7, solid=0.12, lamellated=0.06, codman=0.12),
        fracture=cat(none=0.9, line=0.1),
    ),
    "fibrous_dysplasia": lesion(
        location=cat(epiphysis=0.05, metaphysis=0.35, diaphysis=0.6),
        size_mm=lognormal(55, 0.5),
        eccentricity=beta(2, 4),
        margin=beta(2, 14),
        pattern=cat(geographic=0.95, moth_eaten=0.05),
        lysis=beta(3, 5),
        rim=beta(2, 5, p0=0.6),
        breach=beta(1.5, 8, p0=0.97),
        expansion=beta(3, 3, p0=0.6),
        periosteal=cat(none=0.95, solid=0.05),
        matrix=cat(none=0.25, ground_glass=0.75),
        sclerosis=beta(2, 5, p0=0.4),
        fracture=cat(none=0.9, line=0.1),
    ),
}

MALIGNANT = {
    "osteosarcoma": lesion(
        location=cat(epiphysis=0.05, metaphysis=0.8, diaphysis=0.15),
        size_mm=lognormal(60, 0.45),
        eccentricity=beta(3, 3),
        exophytic=cat(no=0.92, yes=0.08),
        margin=beta(4, 9),
        pattern=cat(geographic=0.2, moth_eaten=0.45, permeative=0.35),
        lysis=beta(4, 4),
        rim=beta(2, 5, p0=0.9),
        breach=beta(3, 3, p0=0.3),
        expansion=beta(2, 5, p0=0.8),
        soft_tissue=beta(3, 4, p0=0.35, scale=1.5),
        periosteal=cat(none=0.3, solid=0.07, lamellated=0.1, codman=0.25, spiculated=0.28),
        matrix=cat(none=0.4, chondroid=0.05, osteoid=0.55),
        sclerosis=beta(3, 3, p0=0.5),
        fracture=cat(none=0.92, line=0.08),
    ),
    "ewing": lesion(
        location=cat(epiphysis=0.05, metaphysis=0.35, diaphysis=0.6),
        size_mm=lognormal(62, 0.45),
        eccentricity=beta(2, 3),
        margin=beta(5, 8),
        pattern=cat(geographic=0.1, moth_eaten=0.4, permeative=0.5),
        lysis=beta(3, 4),
        rim=beta(2, 5, p0=0.92),
        breach=beta(3, 3, p0=0.4),
        expansion=beta(2, 5, p0=0.85),
        soft_tissue=beta(3, 4, p0=0.35, scale=1.5),
        periosteal=cat(none=0.3, solid=0.05, lamellated=0.4, codman=0.15, spiculated=0.1),
        matrix=cat(none=0.9, osteoid=0.1),
        sclerosis=beta(2, 5, p0=0.6),
        fracture=cat(none=0.95, line=0.05),
    ),
    # low-grade tumours dominate: most look like an enchondroma with a little more of everything
    "chondrosarcoma": lesion(
        location=cat(epiphysis=0.05, metaphysis=0.5, diaphysis=0.45),
        size_mm=lognormal(45, 0.5),
        eccentricity=beta(2, 4),
        exophytic=cat(no=0.9, yes=0.1),
        margin=beta(3, 10),
        pattern=cat(geographic=0.6, moth_eaten=0.3, permeative=0.1),
        lysis=beta(4, 4),
        rim=beta(2, 4, p0=0.65),
        breach=beta(2, 4, p0=0.65),
        expansion=beta(3, 3, p0=0.45),
        soft_tissue=beta(3, 4, p0=0.7, scale=1.5),
        periosteal=cat(none=0.7, solid=0.2, lamellated=0.03, codman=0.07),
        matrix=cat(none=0.2, chondroid=0.8),
        sclerosis=beta(2, 5, p0=0.8),
        fracture=cat(none=0.93, line=0.07),
    ),
    "metastasis": lesion(
        location=cat(epiphysis=0.05, metaphysis=0.45, diaphysis=0.5),
        size_mm=lognormal(32, 0.5),
        eccentricity=beta(2, 3),
        margin=beta(3.5, 9),
        pattern=cat(geographic=0.35, moth_eaten=0.45, permeative=0.2),
        lysis=beta(5, 3),
        rim=beta(2, 5, p0=0.92),
        breach=beta(2, 3, p0=0.5),
        expansion=beta(2, 5, p0=0.85),
        soft_tissue=beta(2, 5, p0=0.7, scale=1.5),
        periosteal=cat(none=0.85, solid=0.05, lamellated=0.05, codman=0.05),
        matrix=cat(none=0.9, osteoid=0.1),
        sclerosis=beta(3, 3, p0=0.7),
        fracture=cat(none=0.8, line=0.2),
        hardware=cat(none=0.92, plate=0.02, nail=0.06),
    ),
}

# A generic focal lesion: each sign of each lesion (tumour or mimic) comes from here with
# probability ATYPIA instead of from its subtype. ATYPIA is the one knob that sets the ceiling.
GENERIC = lesion(
    location=cat(epiphysis=0.2, metaphysis=0.45, diaphysis=0.35),
    size_mm=lognormal(40, 0.55),
    eccentricity=beta(2, 2),
    exophytic=cat(no=0.95, yes=0.05),
    margin=beta(3, 9),
    pattern=cat(geographic=0.5, moth_eaten=0.3, permeative=0.2),
    lysis=beta(3, 3),
    rim=beta(2, 5, p0=0.7),
    breach=beta(2, 4, p0=0.65),
    expansion=beta(2, 4, p0=0.6),
    soft_tissue=beta(2, 5, p0=0.7, scale=1.5),
    periosteal=cat(none=0.6, solid=0.15, lamellated=0.1, codman=0.08, spiculated=0.07),
    matrix=cat(none=0.65, chondroid=0.15, osteoid=0.1, ground_glass=0.05, serpiginous=0.05),
    sclerosis=beta(2, 5, p0=0.6),
    fracture=cat(none=0.9, line=0.1),
)
ATYPIA = 0.42


def atypical(tables: dict, w: float = None) -> dict:
    return {k: blend(t, GENERIC, ATYPIA if w is None else w, skip=("hardware",)) for k, t in tables.items()}


BENIGN = atypical(BENIGN)
MALIGNANT = atypical(MALIGNANT)

# share of each subtype within its label (the reference mix; centres change only label prevalence)
MIX = {
    "benign": {
        "osteochondroma": 0.16,
        "enchondroma": 0.2,
        "giant_cell_tumor": 0.14,
        "non_ossifying_fibroma": 0.16,
        "simple_bone_cyst": 0.1,
        "aneurysmal_bone_cyst": 0.1,
        "fibrous_dysplasia": 0.14,
    },
    "malignant": {"osteosarcoma": 0.35, "ewing": 0.2, "chondrosarcoma": 0.25, "metastasis": 0.2},
}
