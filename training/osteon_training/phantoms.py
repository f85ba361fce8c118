"""Seeded synthetic radiograph phantoms of long bones, with and without tumour-like lesions.

A phantom is a float image in [0, 1] (bone bright) plus its ground truth: label
(normal / benign / malignant), subtype, skeletal site, view, age, sex, pixel mask and bounding box.
`encode()` turns it into stored 12-bit values with a window, optionally MONOCHROME1 and a rescale,
exactly as a detector would write it, so training goes through the same preprocessing as serving.

Anatomy: a long bone projected as a tube (cortex = shell, medullary cavity = trabecular core),
metaphyseal flare, rounded epiphysis, the opposing bone across the joint, a paired thin bone
(fibula, ulna) where one exists, soft tissue, and normal mimics (nutrient canals, growth plates).
Lesions follow the radiological signs of aggressiveness:
  benign     geographic, well-defined or sclerotic margin, narrow transition, intact cortex,
             no periosteal reaction (non-ossifying fibroma, simple bone cyst, enchondroma,
             giant cell tumour, osteochondroma);
  malignant  permeative / moth-eaten ill-defined margin, cortical destruction, aggressive
             periosteal reaction (sunburst, Codman triangle, onion skin), soft-tissue mass,
             osteoid or chondroid matrix (osteosarcoma, Ewing sarcoma, chondrosarcoma).

    /usr/bin/python3 -m osteon_training.phantoms --n 12 --out out/phantoms   # PNG contact sheet
"""
from __future__ import annotations

import argparse
import math
import os
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
from scipy import ndimage
from scipy.special import expit

from .preprocess import PixelMeta

SITES = {  # name: (relative half-width of shaft, paired thin bone, DICOM BodyPartExamined)
    "femur": (0.085, None, "FEMUR"),
    "tibia": (0.07, "fibula", "TIBIA"),
    "humerus": (0.065, None, "HUMERUS"),
    "fibula": (0.035, "tibia", "FIBULA"),
    "radius": (0.045, "ulna", "RADIUS"),
    "ulna": (0.042, "radius", "ULNA"),
}
# Bones only the new-site generator draws (site_shift --findings v1): no training phantom has them, as
# the training draw below names SITES' six bones only.
NEW_SITES = {"metatarsal": (0.05, None, "FOOT")}
BENIGN = ("osteochondroma", "enchondroma", "giant_cell_tumor", "non_ossifying_fibroma", "simple_bone_cyst")
MALIGNANT = ("osteosarcoma", "ewing", "chondrosarcoma")
AGES = {
    "osteosarcoma": (10, 25),
    "ewing": (5, 20),
    "chondrosarcoma": (40, 75),
    "osteochondroma": (10, 30),
    "enchondroma": (15, 55),
    "giant_cell_tumor": (20, 45),
    "non_ossifying_fibroma": (6, 20),
    "simple_bone_cyst": (5, 20),
    "none": (5, 80),
}


@dataclass
class Centre:
    """Acquisition habits of one (synthetic) hospital: noise, blur, contrast, collimation."""

    name: str
    noise: float
    blur: float
    gamma: float
    collimate: float
    marker: float


def centre(name: str) -> Centre:
    r = np.random.default_rng(abs(hash_str(name)) % (2**32))
    return Centre(
        name,
        noise=float(r.uniform(0.012, 0.03)),
        blur=float(r.uniform(0.5, 1.2)),
        gamma=float(r.uniform(0.85, 1.2)),
        collimate=float(r.uniform(0.2, 0.7)),
        marker=float(r.uniform(0.3, 0.9)),
    )


def hash_str(s: str) -> int:
    import hashlib

    return int(hashlib.sha256(s.encode()).hexdigest()[:12], 16)


@dataclass
class Phantom:
    image: np.ndarray  # float32 [H, W] in [0, 1], bone bright
    mask: np.ndarray  # bool [H, W], lesion (incl. soft-tissue component)
    label: str
    subtype: str
    site: str
    view: str  # AP | LAT
    laterality: str  # L | R
    age: int
    sex: str  # M | F
    pixel_spacing: float  # mm
    bbox: Optional[list]  # [x0, y0, x1, y1] in pixels, or None
    lesion_mm: float = 0.0  # max lesion extent in mm (0 for normal)
    extra: dict = field(default_factory=dict)

    @property
    def size_class(self) -> str:
        if self.label == "normal":
            return "none"
        return "small" if self.lesion_mm < 30 else ("medium" if self.lesion_mm < 60 else "large")


def _smooth_noise(rng, shape, sigma):
    n = ndimage.gaussian_filter(rng.standard_normal(shape), sigma, mode="wrap")
    return n / (n.std() + 1e-9)


def _sstep(a, b, x):
    t = np.clip((x - a) / (b - a), 0.0, 1.0)
    return t * t * (3 - 2 * t)


class _Bone:
    """A long bone along a (slightly tilted) vertical axis; joint end at v = v_end (rows)."""

    def __init__(self, x_axis, angle, r0, v_phys, v_end, down, ep_scale, flare):
        self.x_axis, self.angle, self.r0 = x_axis, angle, r0
        self.v_phys, self.v_end, self.down = v_phys, v_end, down
        self.ep_scale, self.flare = ep_scale, flare

    def coords(self, yy, xx, H):
        # (v along the axis in pixels, measured towards the joint; t across, signed)
        c, s = math.cos(self.angle), math.sin(self.angle)
        dx, dy = xx - self.x_axis, yy - H / 2
        along = dy * c + dx * s
        t = dx * c - dy * s
        v = (along + H / 2) if self.down else (H / 2 - along)
        return v, t

    def radius(self, v):
        r0 = self.r0
        meta = r0 * (1 + self.flare * _sstep(self.v_phys - 0.35 * self.v_end, self.v_phys, v))
        rep = r0 * (1 + self.flare) * self.ep_scale
        span = max(self.v_end - self.v_phys, 1.0)
        cap = rep * np.sqrt(np.clip(1 - ((v - self.v_phys) / span) ** 2, 0, 1))
        return np.where(v <= self.v_phys, meta, cap)

    def cortex(self, v):
        return self.r0 * 0.3 * (1 - 0.75 * _sstep(self.v_phys - 0.3 * self.v_end, self.v_phys, v))


def _tube(r, ri, t):
    outer = np.sqrt(np.clip(r * r - t * t, 0, None))
    inner = np.sqrt(np.clip(ri * ri - t * t, 0, None))
    return 2 * (outer - inner), 2 * inner


_GLYPHS = {"L": ["1000", "1000", "1000", "1000", "1111"], "R": ["1110", "1001", "1110", "1010", "1001"]}


def _marker(img, letter, rng, H, W):
    g = np.array([[c == "1" for c in row] for row in _GLYPHS[letter]], dtype=float)
    k = max(2, int(H / 90))
    g = np.kron(g, np.ones((k, k)))
    h, w = g.shape
    y = int(rng.uniform(0.03, 0.12) * H)
    x = int(rng.uniform(0.03, 0.15) * W) if rng.random() < 0.5 else W - w - int(rng.uniform(0.03, 0.15) * W)
    img[y : y + h, x : x + w] = np.maximum(img[y : y + h, x : x + w], 0.95 * g)


def make_phantom(
    seed: int,
    label: Optional[str] = None,
    size: int = 256,
    centre_name: str = "c01",
    subtype: Optional[str] = None,
    site: Optional[str] = None,
) -> Phantom:
    """Deterministic in (seed, label, size, centre_name, subtype, site)."""
    rng = np.random.default_rng(seed)
    ctr = centre(centre_name)
    if label is None:
        label = rng.choice(["normal", "benign", "malignant"], p=[0.55, 0.35, 0.10])
    if subtype is None:
        subtype = {"normal": "none", "benign": None, "malignant": None}[label] or str(
            rng.choice(BENIGN if label == "benign" else MALIGNANT)
        )
    if site is None:
        site = str(rng.choice(list(SITES), p=[0.3, 0.25, 0.2, 0.08, 0.1, 0.07]))
    anatomy = {**SITES, **NEW_SITES}
    view = str(rng.choice(["AP", "LAT"]))
    lat = str(rng.choice(["L", "R"]))
    sex = str(rng.choice(["M", "F"]))
    lo, hi = AGES[subtype]
    age = int(rng.integers(lo, hi + 1))

    aspect = rng.uniform(0.62, 1.0)
    H = size
    W = max(64, int(round(size * aspect)))
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float64)
    spacing = float(rng.uniform(0.6, 1.2) * 256.0 / size * 0.55)  # mm per pixel

    # --- anatomy -----------------------------------------------------------------------
    rel_r, paired, _ = anatomy[site]
    r0 = rel_r * H * rng.uniform(0.85, 1.2) * (1.08 if view == "LAT" else 1.0)
    x_axis = W * rng.uniform(0.42, 0.58)
    angle = math.radians(rng.uniform(-8, 8))
    down = bool(rng.random() < 0.5)  # joint at the bottom (True) or top
    v_end = H * rng.uniform(0.78, 0.88)
    v_phys = v_end - r0 * (1.6 + 0.25 * rng.standard_normal())
    bone = _Bone(x_axis, angle, r0, v_phys, v_end, down, rng.uniform(0.9, 1.05), rng.uniform(0.5, 0.8))
    v, t = bone.coords(yy, xx, H)
    r = bone.radius(v)
    ct = bone.cortex(v)
    inside = (np.abs(t) < r) & (v < v_end)
    cort, med = _tube(r, np.maximum(r - ct, 0), t)
    cort = np.where(v < v_end, cort, 0)
    med = np.where(v < v_end, med, 0)

    trab = (
        1
        + 0.35 * _smooth_noise(rng, (H, W), 1.2) * _sstep(0.4 * v_end, v_phys, v)
        + 0.1 * _smooth_noise(rng, (H, W), 3)
    )
    density_c = 0.55 * cort / r0
    density_m = 0.16 * med / r0 * np.clip(trab, 0.3, None)
    extra_d = np.zeros((H, W))  # lesion-added bone density
    soft_extra = np.zeros((H, W))  # soft-tissue mass

    # opposing bone across the joint (partial), paired thin bone
    gap = r0 * rng.uniform(0.25, 0.45)
    opp = _Bone(
        x_axis + rng.uniform(-0.1, 0.1) * r0,
        angle,
        r0 * rng.uniform(0.85, 1.1),
        v_phys=0,
        v_end=0,
        down=down,
        ep_scale=1.0,
        flare=0.6,
    )
    vo = v - (v_end + gap)
    ro = opp.r0 * (1.5 * np.sqrt(np.clip(1 - (np.clip(-vo, 0, None) / (0.8 * opp.r0)) ** 2, 0, 1)))
    ro = np.where(vo >= 0, opp.r0 * (1 + 0.5 * (1 - _sstep(0, 2.5 * opp.r0, vo))), ro)
    ro = np.where(vo < -0.8 * opp.r0, 0, ro)
    c2, m2 = _tube(ro, np.maximum(ro - opp.r0 * 0.12, 0), t - (opp.x_axis - x_axis))
    density_c += 0.5 * c2 / r0
    density_m += 0.14 * m2 / r0
    if paired is not None and rng.random() < 0.85:
        side = rng.choice([-1, 1])
        off = side * r0 * (rng.uniform(1.6, 2.3) if view == "AP" else rng.uniform(0.4, 1.0))
        rp0 = min(SITES[paired][0] * H * 0.8, 0.8 * r0)
        rp = np.where(v < v_end * 1.02, rp0 * (1 + 0.4 * _sstep(v_phys - r0, v_end, v)), 0)
        c3, m3 = _tube(rp, np.maximum(rp - 0.3 * rp, 0), t - off)
        density_c += 0.45 * c3 / max(rp0, 0.6 * r0)
        density_m += 0.12 * m3 / max(rp0, 0.6 * r0)

    # normal mimics
    if age < 17:  # growth plate: thin lucent wavy band at the physis
        wave = v_phys + 0.12 * r0 * np.sin(t / r0 * rng.uniform(2, 4) + rng.uniform(0, 6))
        plate = np.exp(-0.5 * ((v - wave) / max(0.7, 0.05 * r0)) ** 2) * inside
        density_m *= 1 - 0.8 * plate
        density_c *= 1 - 0.7 * plate
    if rng.random() < 0.6:  # nutrient canal: thin oblique lucency through the cortex
        vc = rng.uniform(0.25, 0.55) * v_end
        sc = rng.choice([-1, 1])
        line = np.abs((v - vc) - 1.5 * (t * sc - r0 * 0.8))
        canal = (line < max(0.8, 0.04 * r0)) & (np.abs(np.abs(t) - r0 * 0.85) < 0.3 * r0) & (t * sc > 0)
        density_c *= 1 - 0.75 * canal

    # --- lesion ------------------------------------------------------------------------
    mask = np.zeros((H, W), bool)
    if label != "normal":
        mask, density_c, density_m, extra_d, soft_extra = _lesion(
            rng, subtype, v, t, r, ct, r0, v_phys, v_end, inside, density_c, density_m, extra_d, soft_extra, H, W
        )

    # --- soft tissue, exposure, detector -------------------------------------------------
    st_w = r0 * rng.uniform(2.2, 3.2) * (1 + 0.15 * _sstep(0.2 * v_end, v_end, v))
    soft = 0.22 * np.sqrt(np.clip(1 - (t / st_w) ** 2, 0, 1)) + soft_extra
    soft += 0.04 * _smooth_noise(rng, (H, W), 12) * (soft > 0)
    total = soft + density_c + density_m + extra_d
    exposure = rng.uniform(1.6, 2.4)
    img = 1 - np.exp(-exposure * total)
    img = 0.03 + 0.92 * img
    img = ndimage.gaussian_filter(img, ctr.blur * size / 256)
    img = np.clip(img, 0, 1) ** (ctr.gamma * rng.uniform(0.9, 1.1))
    img = img + ctr.noise * rng.uniform(0.7, 1.3) * np.sqrt(np.clip(img, 0.02, 1)) * rng.standard_normal((H, W))
    img += 0.03 * (yy / H - 0.5) * rng.uniform(-1, 1)  # heel effect
    if rng.random() < ctr.collimate:  # unexposed (bright) collimator borders
        b = [int(rng.uniform(0, 0.06) * n) for n in (H, H, W, W)]
        img[: b[0], :] = 0.97
        img[H - b[1] :, :] = 0.97
        img[:, : b[2]] = 0.97
        img[:, W - b[3] :] = 0.97
    if rng.random() < ctr.marker:
        _marker(img, lat, rng, H, W)
    img = np.clip(img, 0, 1)

    if lat == "L":  # mirror so laterality is visible in the geometry too
        img, mask = img[:, ::-1], mask[:, ::-1]
    bbox = None
    lesion_mm = 0.0
    if mask.any():
        ys, xs = np.nonzero(mask)
        bbox = [int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1]
        lesion_mm = float(max(bbox[2] - bbox[0], bbox[3] - bbox[1]) * spacing)
    return Phantom(
        np.ascontiguousarray(img, dtype=np.float32),
        np.ascontiguousarray(mask),
        str(label),
        subtype,
        site,
        view,
        lat,
        age,
        sex,
        spacing,
        bbox,
        lesion_mm,
        extra={"centre": centre_name},
    )


def _lesion(rng, subtype, v, t, r, ct, r0, v_phys, v_end, inside, dc, dm, ed, se, H, W):
    malignant = subtype in MALIGNANT
    side = rng.choice([-1.0, 1.0])
    if subtype == "ewing":
        vc = rng.uniform(0.3, 0.6) * v_end
    elif subtype == "giant_cell_tumor":
        vc = v_phys + 0.2 * r0
    else:
        vc = v_phys - rng.uniform(0.4, 1.6) * r0
    size = rng.uniform(0.6, 1.5)
    ln = r0 * size * (rng.uniform(1.2, 2.2) if malignant else rng.uniform(0.8, 1.4))
    wd = r0 * min(size, 1.0) * (0.85 if malignant else rng.uniform(0.45, 0.8))
    tc = 0.0
    if subtype in ("non_ossifying_fibroma", "giant_cell_tumor"):
        tc = side * r0 * rng.uniform(0.3, 0.5)  # eccentric
    rho = np.sqrt(((v - vc) / ln) ** 2 + ((t - tc) / wd) ** 2)
    mask = np.zeros(v.shape, bool)
    outward = np.abs(t) - r  # >0 outside the bone surface
    zone = np.abs(v - vc) < ln  # lesion's extent along the axis

    if subtype == "osteochondroma":
        # bony outgrowth continuous with the cortex, pointing away from the joint
        length = r0 * rng.uniform(0.9, 1.8)
        th = r0 * rng.uniform(0.25, 0.45)
        along = (v - vc) * -0.6 + outward * 0.8
        across = (v - vc) * 0.8 + outward * 0.6
        stalk = (
            (t * side > 0)
            & (outward > -0.3 * r0)
            & (along < length)
            & (along > -0.2 * r0)
            & (np.abs(across) < th * (1 + 0.6 * np.clip(along / length, 0, 1)))
        )
        cap = (t * side > 0) & (np.hypot(along - length, across) < th * 1.4)
        growth = (stalk | cap).astype(float)
        growth = ndimage.gaussian_filter(growth, 0.7)
        ed = ed + 0.55 * growth * (0.6 + 0.4 * _smooth_noise(rng, v.shape, 1.5).clip(-1, 1))
        mask = growth > 0.5
        return mask, dc, dm, ed, se

    if not malignant:
        margin = 0.04
        L = expit((1 - rho) / margin)
        depth = {"simple_bone_cyst": 0.95, "non_ossifying_fibroma": 0.85, "enchondroma": 0.6, "giant_cell_tumor": 0.9}[
            subtype
        ]
        dm = dm * (1 - depth * L)
        if subtype in ("non_ossifying_fibroma", "enchondroma", "simple_bone_cyst") or rng.random() < 0.3:
            ring = np.exp(-0.5 * ((rho - 1) / 0.08) ** 2) * inside
            ed = ed + rng.uniform(0.1, 0.2) * ring  # sclerotic rim
        if subtype == "non_ossifying_fibroma":
            lobes = 1 + 0.5 * np.cos(6 * np.arctan2(v - vc, t - tc))
            ed = ed + 0.05 * L * (lobes > 1.2)
        if subtype == "enchondroma":  # rings and arcs
            dots = (_smooth_noise(rng, v.shape, 1.0) > 1.6) & (L > 0.5)
            ed = ed + 0.25 * ndimage.gaussian_filter(dots.astype(float), 0.6)
        if subtype == "simple_bone_cyst":  # mild expansion thins the cortex, intact
            dc = dc * (1 - 0.35 * L)
        mask = (rho < 1) & inside
        return mask, dc, dm, ed, se

    # malignant: permeative / moth-eaten, ill-defined (wide transition zone)
    margin = rng.uniform(0.18, 0.3)
    L = expit((1 - rho) / margin)
    holes = ndimage.gaussian_filter((rng.random(v.shape) < 0.35).astype(float), 0.8)
    holes = holes / holes.max()
    dm = dm * (1 - 0.85 * L * (0.4 + 0.6 * holes))
    # cortical destruction on one side (and partly the other)
    destroy = zone * np.clip(1 - np.abs(v - vc) / ln, 0, 1) ** 0.5
    breach = destroy * np.where(t * side > 0, rng.uniform(0.7, 1.0), rng.uniform(0.1, 0.5))
    breach *= 0.5 + 0.5 * (_smooth_noise(rng, v.shape, 1.5) > -0.3)
    dc = dc * (1 - breach)
    # soft-tissue mass
    mc = r0 * rng.uniform(0.5, 1.2)
    mass_rho = np.sqrt(((v - vc) / (ln * 1.05)) ** 2 + ((t - side * (r + 0.3 * mc)) / (mc + 0.5 * r0)) ** 2)
    mass = expit((1 - mass_rho) / 0.12) * (t * side > 0)
    se = se + rng.uniform(0.07, 0.12) * mass
    # aggressive periosteal reaction
    kinds = {
        "osteosarcoma": ["sunburst", "codman"],
        "ewing": ["onion", "codman"],
        "chondrosarcoma": ["codman", "onion"],
    }[subtype]
    kinds = kinds if rng.random() < 0.7 else kinds[:1]
    out_side = (t * side > 0) & (outward > 0)
    for k in kinds:
        if k == "sunburst":
            ang = np.arctan2(v - vc, t * side)
            n = rng.uniform(18, 30)
            spic = (0.5 + 0.5 * np.cos(n * ang)) ** 6
            reach = mc * rng.uniform(0.8, 1.3)
            ed = (
                ed
                + 0.32
                * spic
                * out_side
                * (outward < reach)
                * (np.abs(v - vc) < 0.9 * ln)
                * np.clip(1 - outward / reach, 0, 1) ** 0.5
            )
        elif k == "codman":
            for end in (-1, 1):
                if rng.random() < 0.75:
                    ve = vc + end * ln * 0.95
                    d = (v - ve) * -end  # >0 towards lesion centre
                    tri = out_side & (d > 0) & (d < 0.9 * r0) & (outward < 0.6 * d + 0.5)
                    edge = tri & (outward > 0.6 * d - 1.5)
                    ed = ed + 0.4 * ndimage.gaussian_filter(edge.astype(float), 0.6)
        elif k == "onion":
            for i in range(1, 4):
                lam = np.exp(-0.5 * ((outward - i * r0 * 0.16) / max(0.6, 0.03 * r0)) ** 2)
                ed = ed + 0.22 * lam * (t * side > 0) * (np.abs(v - vc) < 0.85 * ln)
    # matrix
    if subtype == "osteosarcoma":
        cloud = np.clip(_smooth_noise(rng, v.shape, 2.0), 0, None)
        ed = ed + 0.16 * cloud * np.maximum(L * inside, 0.6 * mass)
    elif subtype == "chondrosarcoma":
        dots = (_smooth_noise(rng, v.shape, 1.0) > 1.5) & ((L > 0.5) | (mass > 0.5))
        ed = ed + 0.22 * ndimage.gaussian_filter(dots.astype(float), 0.6)
    mask = ((L > 0.5) & inside) | (mass > 0.5) | ((breach > 0.4) & (np.abs(outward) < 0.4 * r0))
    return mask, dc, dm, ed, se


# --- acquisition encoding ---------------------------------------------------------------


def encode(
    image: np.ndarray,
    rng: np.random.Generator,
    monochrome1: Optional[bool] = None,
    windowed: Optional[bool] = None,
    rescale: Optional[bool] = None,
    bits: int = 12,
):
    """Float [0,1] image -> (stored uint16 array, PixelMeta) as a CR/DX detector would store it."""
    maxv = 2**bits - 1
    if monochrome1 is None:
        monochrome1 = bool(rng.random() < 0.15)
    if windowed is None:
        windowed = bool(rng.random() < 0.8)
    if rescale is None:
        rescale = bool(rng.random() < 0.2)
    lo, hi = rng.uniform(0.02, 0.12), rng.uniform(0.85, 0.98)
    vals = image if not monochrome1 else 1 - image
    stored = np.clip(np.round((lo + (hi - lo) * vals) * maxv), 0, maxv).astype(np.uint16)
    slope, intercept = (None, None)
    if rescale:
        slope, intercept = float(rng.choice([0.5, 1.0, 2.0])), float(rng.choice([-1024.0, 0.0, 100.0]))
    meta = PixelMeta(slope=slope, intercept=intercept, photometric="MONOCHROME1" if monochrome1 else "MONOCHROME2")
    if windowed:
        s = 1.0 if slope is None else slope
        b = 0.0 if intercept is None else intercept
        # a window around the useful range (as a modality LUT / VOI would pick), a bit of jitter
        wlo = (lo + rng.uniform(-0.03, 0.05)) * maxv * s + b
        whi = (hi + rng.uniform(-0.05, 0.03)) * maxv * s + b
        meta.window_center = float(round((wlo + whi) / 2))
        meta.window_width = float(max(2.0, round(whi - wlo)))
    return stored, meta


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=12)
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="out/phantoms")
    a = ap.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    os.makedirs(a.out, exist_ok=True)
    labels = ["normal", "benign", "malignant"]
    cols = 6
    rows = int(math.ceil(a.n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 2.2, rows * 2.6))
    for i, ax in enumerate(np.atleast_1d(axes).ravel()):
        ax.axis("off")
        if i >= a.n:
            continue
        p = make_phantom(a.seed + i, labels[i % 3], a.size)
        ax.imshow(p.image, cmap="gray", vmin=0, vmax=1)
        if p.mask.any():
            ax.contour(p.mask, levels=[0.5], colors="r", linewidths=0.5)
        ax.set_title(f"{p.subtype}\n{p.site} {p.view}", fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(a.out, "phantoms.png"), dpi=110)
    print(os.path.join(a.out, "phantoms.png"))


if __name__ == "__main__":
    main()
