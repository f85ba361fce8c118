"""Phantoms v2 rendering: a sign record and a scene -> attenuation maps and masks; sample-set CLI.

`project(scene, signs, geometry, pitch, rng, age)` draws the bones of the scene on a grid of
`pitch` mm per pixel and the finding described by the signs into its host bone. It reads the sign
record only (never the subtype or the label), so the Bayes ceiling of ceiling.py bounds every
model of these images. The finding's geometry (where along the bone, which side, its shape) comes
from `geometry(...)`, drawn from the patient's rng, so every view of a patient shows the same
finding. Output is in attenuation units (bone, soft tissue, metal) and two masks: `mask` (tumour:
label benign or malignant) and `finding_mask` (any focal finding, mimics included).

    /usr/bin/python3 -m osteon_training.phantoms_v2.render --n 24 --out out/phantoms_v2   # PNGs + JSONL
    /usr/bin/python3 -m osteon_training.phantoms_v2.render --n 4 --native --out out/native # native size
"""
from __future__ import annotations

import argparse
import json
import math
import os
from dataclasses import dataclass

import numpy as np
from scipy import ndimage
from scipy.special import expit

from .anatomy import VIEW_ANGLE, Blob, Scene, Segment, chord, sstep
from .signs import SIGNS

CORTEX, MEDULLA, SOFT, METAL = 0.55, 0.24, 0.085, 3.0  # attenuation per ref_mm of chord


def sign(signs: dict, name: str):
    """A sign's value for one case: level name (categorical) or float."""
    v = signs[name]
    v = v[0] if isinstance(v, np.ndarray) else v
    levels = SIGNS[name]
    if levels is None:
        return float(v)
    return v if isinstance(v, str) else levels[int(v)]


def geometry(rng) -> dict:
    """Label-free shape of a finding, shared by the views of one patient."""
    return {
        "u_pos": float(rng.random()),
        "aspect": float(rng.uniform(0.45, 0.8)),
        "theta": float(rng.uniform(0, 2 * math.pi)),
        "oblique": float(rng.uniform(-0.4, 0.4)),
        "hw_side": float(rng.choice([-1.0, 1.0])),
        "hw_pos": float(rng.uniform(0.2, 0.5)),
    }


def smooth_noise(rng, shape, sigma_px):
    n = ndimage.gaussian_filter(rng.standard_normal(shape), max(sigma_px, 0.3), mode="wrap")
    return n / (n.std() + 1e-9)


@dataclass
class Maps:
    bone: np.ndarray  # attenuation of bone (+ lesion matrix), float32 [H, W]
    soft: np.ndarray  # soft tissue
    metal: np.ndarray  # hardware
    mask: np.ndarray  # bool, tumour
    finding_mask: np.ndarray  # bool, any focal finding
    pitch: float  # mm per pixel
    lesion_mm: float  # longest extent of the drawn finding (0 if none)


def _window(box, pitch, H, W):
    x0, y0, x1, y1 = box
    c0, c1 = max(0, int(x0 / pitch)), min(W, int(math.ceil(x1 / pitch)) + 1)
    r0, r1 = max(0, int(y0 / pitch)), min(H, int(math.ceil(y1 / pitch)) + 1)
    if c1 <= c0 or r1 <= r0:
        return None
    ys = (np.arange(r0, r1) + 0.5) * pitch
    xs = (np.arange(c0, c1) + 0.5) * pitch
    Y, X = np.meshgrid(ys, xs, indexing="ij")
    return (slice(r0, r1), slice(c0, c1)), X, Y


def mirror(m: Maps) -> Maps:
    f = lambda a: np.ascontiguousarray(a[:, ::-1])  # noqa: E731
    return Maps(f(m.bone), f(m.soft), f(m.metal), f(m.mask), f(m.finding_mask), m.pitch, m.lesion_mm)


class Finding:
    """The finding of one sign record, placed in the host segment (frame v along, t across, mm)."""

    def __init__(self, signs: dict, geo: dict, host: Segment, view: str, pitch: float):
        self.s = {k: sign(signs, k) for k in SIGNS}
        self.present = self.s["location"] != "none"
        self.host, self.geo, self.pitch = host, geo, pitch
        if not self.present:
            return
        L, r0 = host.length, host.r0
        self.length = float(np.clip(self.s["size_mm"] * r0 / 12.0, 3 * pitch, 0.7 * L))
        a = self.a = self.length / 2
        u = geo["u_pos"]
        loc = self.s["location"]
        if loc == "epiphysis":
            vc = host.v_phys + (L - host.v_phys) * (0.35 + 0.2 * u)
        elif loc == "metaphysis":
            vc = host.v_phys - (0.4 + 0.6 * u) * a - 0.3 * r0
        else:
            vc = L * (0.25 + 0.3 * u)
        self.vc = float(np.clip(vc, 0.5 * a, L - 0.35 * r0))
        rl = float(host.radius(np.array([self.vc]))[0]) or r0
        self.rl = rl
        self.b = min(a * geo["aspect"] * 1.6, rl * (0.9 + 0.5 * self.s["expansion"]))
        c = math.cos(geo["theta"] - math.radians(VIEW_ANGLE[view]))
        self.side = 1.0 if c >= 0 else -1.0
        self.profile = abs(c) ** 0.5  # how much of the finding's side is seen in profile
        self.tc = self.s["eccentricity"] * 0.7 * rl * c
        margin = self.s["margin"]
        self.m = 0.03 + 0.5 * margin * (1.5 if self.s["pattern"] == "permeative" else 1.0)

    def bump(self, v):
        return np.exp(-0.5 * ((v - self.vc) / (0.45 * self.a)) ** 2)


def _draw_segment(seg: Segment, X, Y, trab, age, finding: Finding | None, rng):
    """Bone attenuation of one segment (chords / ref later), and the finding drawn into it."""
    v, t = seg.frame(X, Y)
    r = seg.radius(v)
    ct = seg.cortical(v)
    out = {"extra": 0.0, "soft": 0.0, "metal": 0.0, "lesion": None}
    f = finding if (finding is not None and finding.present) else None
    if f is not None:
        e = f.s["expansion"]
        r = r * (1 + 0.45 * e * f.bump(v))
        ct = ct * (1 - 0.6 * e * f.bump(v))
    ri = np.maximum(r - ct, 0)
    cort = chord(r, t) - chord(ri, t)
    med = chord(ri, t) * trab
    inside = np.abs(t) < r
    if seg.physis and age < 17:
        wave = seg.v_phys + 0.1 * seg.r0 * np.sin(t / seg.r0 * 3 + seg.x0)
        plate = np.exp(-0.5 * ((v - wave) / max(0.5, 0.05 * seg.r0)) ** 2) * inside
        med, cort = med * (1 - 0.8 * plate), cort * (1 - 0.6 * plate)
    if f is None:
        return CORTEX * cort + MEDULLA * med, out
    s, a = f.s, f.a
    rho = np.sqrt(((v - f.vc) / a) ** 2 + ((t - f.tc) / f.b) ** 2)
    Lf = expit((1 - rho) / f.m)
    shp = X.shape
    px = f.pitch
    if s["pattern"] == "moth_eaten":
        tex = 0.35 + 0.65 * np.clip(smooth_noise(rng, shp, 1.5 / px) * 0.5 + 0.5, 0, 1)
    elif s["pattern"] == "permeative":
        tex = 0.4 + 0.6 * np.clip(smooth_noise(rng, shp, 0.5 / px) * 0.5 + 0.5, 0, 1)
    else:
        tex = 1.0
    lys = s["lysis"] * Lf * tex
    med = med * (1 - 0.95 * lys)
    cort = cort * (1 - 0.55 * lys)
    side_t = t * f.side
    outward = np.abs(t) - r
    zone = np.exp(-0.5 * ((v - f.vc) / (0.6 * a)) ** 2)
    # cortical breach: in profile on the finding's side, en face as extra lucency over it
    br = s["breach"]
    destroyed = np.zeros(shp, bool)
    if br > 0:
        rough = 0.6 + 0.4 * (smooth_noise(rng, shp, 1.0 / px) > -0.3)
        loss = np.clip(br * 1.2, 0, 1) * zone * f.profile * (side_t > 0) * rough
        cort = cort * (1 - loss)
        destroyed = (loss > 0.25) & (np.abs(t) < r) & (np.abs(t) > ri)
        med = med * (1 - 0.3 * br * (1 - f.profile) * Lf)
    extra = np.zeros(shp)
    ring = np.exp(-0.5 * ((rho - 1) / (0.06 + 0.4 * f.m)) ** 2) * (np.abs(t) < r)
    extra += 0.5 * s["rim"] * ring * seg.r0
    pos = np.clip(smooth_noise(rng, shp, 1.5 / px), 0, None)
    extra += 0.35 * s["sclerosis"] * Lf * (0.5 + 0.5 * pos) * seg.r0
    mtx = s["matrix"]
    if mtx == "chondroid":
        dots = (smooth_noise(rng, shp, 0.8 / px) > 1.3) & (Lf > 0.5)
        extra += 0.9 * ndimage.gaussian_filter(dots.astype(float), 0.4 / px) * seg.r0
    elif mtx == "osteoid":
        extra += 0.45 * np.clip(smooth_noise(rng, shp, 2.0 / px), 0, None) * Lf * seg.r0
    elif mtx == "ground_glass":
        extra += 0.22 * Lf * (np.abs(t) < r) * seg.r0
    elif mtx == "serpiginous":
        n = smooth_noise(rng, shp, 2.5 / px)
        extra += 0.7 * (np.abs(n) < 0.18) * (Lf > 0.3) * seg.r0
    # soft-tissue component on the finding's side
    soft = np.zeros(shp)
    mass = np.zeros(shp)
    ms = s["soft_tissue"] * seg.r0
    if ms > 0:
        rl = f.rl
        mrho = np.sqrt(((v - f.vc) / (a * 1.05)) ** 2 + ((side_t - (rl + 0.3 * ms)) / (ms + 0.4 * rl)) ** 2)
        mass = expit((1 - mrho) / 0.1) * (side_t > 0) * (outward > -0.2 * rl)
        soft += 1.3 * mass * 2 * (ms + 0.4 * rl) * np.sqrt(np.clip(1 - mrho**2, 0, 1))
    # periosteal reaction, outside the cortex on the finding's side, over the finding
    per = s["periosteal"]
    out_side = (side_t > 0) & (outward > 0)
    over = np.abs(v - f.vc) < 0.9 * a
    r0 = seg.r0
    if per == "solid":
        th = 0.18 * r0
        extra += (
            0.9 * r0 * ((outward < th) & out_side & over) * sstep(0, 0.4 * a, 0.9 * a - np.abs(v - f.vc)) * f.profile
        )
    elif per == "lamellated":
        for i in range(1, 4):
            lam = np.exp(-0.5 * ((outward - i * 0.13 * r0) / max(0.6 * px, 0.025 * r0)) ** 2)
            extra += 0.6 * r0 * lam * (side_t > 0) * over * f.profile
    elif per == "codman":
        for end in (-1, 1):
            ve = f.vc + end * a * 0.95
            d = (v - ve) * -end
            tri = out_side & (d > 0) & (d < 0.9 * r0) & (outward < 0.6 * d + 0.5)
            edge = tri & (outward > 0.6 * d - 2 * px - 0.6)
            extra += 0.9 * r0 * ndimage.gaussian_filter(edge.astype(float), 0.4 / px) * f.profile
    elif per == "spiculated":
        ang = np.arctan2(v - f.vc, np.abs(t))
        spic = (0.5 + 0.5 * np.cos(26 * ang)) ** 6
        reach = (0.5 + s["soft_tissue"]) * r0
        extra += 0.7 * r0 * spic * out_side * (outward < reach) * over * np.clip(1 - outward / reach, 0, 1) ** 0.5
    if s["fracture"] == "line":
        d = (v - f.vc) - f.geo["oblique"] * t
        line = np.exp(-0.5 * (d / max(0.35, 0.6 * px)) ** 2) * (np.abs(t) < r)
        cort, med = cort * (1 - 0.8 * line), med * (1 - 0.8 * line)
    growth = np.zeros(shp)
    if s["exophytic"] == "yes":
        length = max(a * 1.2, r0)
        th = r0 * 0.35
        away = -1.0  # points away from the joint (towards end 0)
        along = (v - f.vc) * 0.6 * away + outward * 0.8
        across = (v - f.vc) * 0.8 + outward * 0.6 * -away
        stalk = (side_t > 0) & (outward > -0.3 * r0) & (along < length) & (along > -0.2 * r0)
        stalk &= np.abs(across) < th * (1 + 0.6 * np.clip(along / length, 0, 1))
        cap = (side_t > 0) & (np.hypot(along - length, across) < th * 1.4)
        growth = ndimage.gaussian_filter((stalk | cap).astype(float), 0.5 / px)
        extra += 1.2 * r0 * growth
    expanded = (f.bump(v) > 0.3) & (np.abs(t) < r) & (np.abs(t) > seg.radius(v)) & (np.abs(v - f.vc) < a)
    lesion = ((Lf > 0.5) & (np.abs(t) < r)) | (mass > 0.5) | (growth > 0.5) | destroyed | expanded
    out.update(extra=extra, soft=soft, lesion=lesion)
    return CORTEX * cort + MEDULLA * med, out


def _draw_blob(b: Blob, X, Y, trab):
    c, s = math.cos(b.angle), math.sin(b.angle)
    dx, dy = X - b.x, Y - b.y
    xr, yr = dx * c + dy * s, -dx * s + dy * c
    depth = b.thickness * min(b.a, b.b)
    rho2 = (xr / b.a) ** 2 + (yr / b.b) ** 2
    k = b.cortex * min(b.a, b.b)
    rin2 = (xr / max(b.a - k, 1e-3)) ** 2 + (yr / max(b.b - k, 1e-3)) ** 2
    outer = 2 * depth * np.sqrt(np.clip(1 - rho2, 0, None))
    inner = 2 * (depth - k) * np.sqrt(np.clip(1 - rin2, 0, None))
    return b.density * (CORTEX * (outer - inner) + MEDULLA * inner * trab)


def _hardware(kind: str, seg: Segment, geo: dict, X, Y, view: str):
    v, t = seg.frame(X, Y)
    L, r0 = seg.length, seg.r0
    r = seg.radius(v)
    m = np.zeros(X.shape)
    edge_on = abs(math.sin(math.radians(VIEW_ANGLE[view])))
    side = geo["hw_side"]
    v0 = L * geo["hw_pos"]
    if kind == "plate":
        width = r0 * (0.9 - 0.65 * edge_on)
        tp = side * (r0 + 1.5) * (1 - edge_on) + 0.0
        band = (np.abs(v - (v0 + 0.25 * L)) < 0.25 * L) & (np.abs(t - tp) < width / 2)
        m += 0.35 * r0 * band
        for i in range(5):
            vs = v0 + L * 0.5 * (i + 0.5) / 5
            m += 0.5 * r0 * ((np.abs(v - vs) < 0.16 * r0) & (np.abs(t) < r * 1.05))
    elif kind == "screws":
        for i in range(3):
            vs = seg.v_phys - r0 * (0.4 + 0.9 * i)
            d = (v - vs) - 0.3 * t
            m += 0.5 * r0 * ((np.abs(d) < 0.15 * r0) & (np.abs(t) < r * 1.1))
    elif kind == "nail":
        m += 0.6 * r0 * ((np.abs(t) < 0.33 * r0) & (v > 0.05 * L) & (v < 0.95 * L) & (r > 0))
        for vs in (0.15 * L, 0.85 * L):
            m += 0.5 * r0 * ((np.abs(v - vs) < 0.14 * r0) & (np.abs(t) < r * 1.05))
    elif kind == "prosthesis":
        stem = (v > 0.55 * L) & (np.abs(t) < 0.45 * r0 * sstep(0.5 * L, 0.75 * L, v)) & (v < seg.v_phys)
        head = np.hypot(v - (L - 0.4 * r0), t) < 1.2 * r0
        m += 0.7 * r0 * (stem | head)
    return m


def project(scene: Scene, signs: dict, geo: dict, pitch: float, rng, age: int, tumour: bool) -> Maps:
    H_mm, W_mm = scene.fov
    H, W = max(32, int(round(H_mm / pitch))), max(32, int(round(W_mm / pitch)))
    bone = np.zeros((H, W))
    soft = np.zeros((H, W))
    metal = np.zeros((H, W))
    lesion = np.zeros((H, W), bool)
    trab = 1 + 0.3 * smooth_noise(rng, (H, W), 0.7 / pitch) + 0.1 * smooth_noise(rng, (H, W), 3.0 / pitch)
    trab = np.clip(trab, 0.3, None)
    host = scene.host_segment
    finding = Finding(signs, geo, host, scene.view, pitch)
    for seg, hw in scene.soft:  # soft-tissue envelopes (max, not sum: one limb)
        w = _window(seg.bbox(hw), pitch, H, W)
        if w is None:
            continue
        sl, X, Y = w
        v, t = seg.frame(X, Y)
        L = seg.length
        inside_v = sstep(-hw, 0, v) * (1 - sstep(L, L + 0.6 * hw, v))
        soft[sl] = np.maximum(soft[sl], chord(hw * (1 + 0.12 * sstep(0, L, v)), t) * inside_v)
    if scene.site == "pelvis":
        yy, xx = np.mgrid[0:H, 0:W] * pitch
        soft = np.maximum(soft, chord(0.75 * W_mm, np.hypot(xx - 0.5 * W_mm, (yy - 0.4 * H_mm) * 1.2)) * 0.12)
    for i, seg in enumerate(scene.segments):
        f = finding if i == scene.host else None
        pad = 0.0 if f is None or not f.present else 2.5 * seg.r0 + f.s["soft_tissue"] * seg.r0
        w = _window(seg.bbox(pad), pitch, H, W)
        if w is None:
            continue
        sl, X, Y = w
        d, out = _draw_segment(seg, X, Y, trab[sl], age, f, rng)
        bone[sl] += d + CORTEX * out["extra"] * 0.5
        soft[sl] += out["soft"]
        if out["lesion"] is not None:
            lesion[sl] |= out["lesion"]
    for b in scene.blobs:
        w = _window(b.bbox(0), pitch, H, W)
        if w is not None:
            sl, X, Y = w
            bone[sl] += _draw_blob(b, X, Y, trab[sl])
    hw_kind = sign(signs, "hardware")
    if hw_kind != "none":
        w = _window(host.bbox(2 * host.r0), pitch, H, W)
        if w is not None:
            sl, X, Y = w
            metal[sl] += _hardware(hw_kind, host, geo, X, Y, scene.view)
    ref = scene.ref_mm
    lesion_mm = 0.0
    if lesion.any():
        ys, xs = np.nonzero(lesion)
        lesion_mm = float(max(xs.max() - xs.min() + 1, ys.max() - ys.min() + 1) * pitch)
    return Maps(
        (bone / ref).astype(np.float32),
        (SOFT * soft / (ref * 2.8)).astype(np.float32),
        (METAL * metal / ref).astype(np.float32),
        lesion if tumour else np.zeros_like(lesion),
        lesion,
        pitch,
        lesion_mm,
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=24, help="number of images (all views of a patient together)")
    ap.add_argument("--split", default="sample", help="train|val|cal|test|sample (sample: every centre)")
    ap.add_argument("--size", type=int, default=512, help="long side in pixels")
    ap.add_argument("--native", action="store_true", help="render at each centre's native size (slow)")
    ap.add_argument("--out", default="out/phantoms_v2")
    a = ap.parse_args()
    from PIL import Image

    from .dataset import images

    os.makedirs(a.out, exist_ok=True)
    thumbs = []
    with open(os.path.join(a.out, "hidden.jsonl"), "w") as fh:
        for r in images(a.split, a.n, a.size, a.native):
            uid = r["info"]["uid"]
            img = np.round(r["image"] * 255).astype(np.uint8)
            Image.fromarray(img).save(os.path.join(a.out, f"{uid}.png"))
            np.save(os.path.join(a.out, f"{uid}.mask.npy"), r["mask"])
            np.save(os.path.join(a.out, f"{uid}.finding.npy"), r["finding_mask"])
            fh.write(json.dumps(r["info"], sort_keys=True) + "\n")
            rgb = np.repeat(img[..., None], 3, axis=2)
            edge = r["finding_mask"] & ~ndimage.binary_erosion(r["finding_mask"], iterations=2)
            rgb[edge] = (255, 40, 40) if r["mask"].any() else (40, 200, 255)
            t = Image.fromarray(rgb)
            t.thumbnail((256, 256))
            thumbs.append(t)
    cols = 6
    rows = (len(thumbs) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * 256, rows * 256))
    for i, t in enumerate(thumbs):
        sheet.paste(t, ((i % cols) * 256, (i // cols) * 256))
    sheet.save(os.path.join(a.out, "contact_sheet.png"))
    print(os.path.join(a.out, "contact_sheet.png"))


if __name__ == "__main__":
    main()
