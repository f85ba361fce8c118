"""Anatomy of phantoms v2 in millimetres: sites, bones, joints and views.

A scene is a field of view (mm) holding bones. A long bone is a `Segment`: a tube along an axis
(cortex = shell, medulla = core), with metaphyseal flare and a rounded epiphysis at its joint end
(end 1); its projection is the chord length through cortex and medulla at each point. Carpal and
tarsal bones, the femoral head region and the iliac wing are `Blob`s (projected ellipsoids).
One segment is the host of the finding. Sites: femur, tibia, humerus, fibula, radius (with the
opposing bone across the joint and the paired bone where there is one), hand and foot (rays of
metacarpals / metatarsals and phalanges with their joints, carpus / tarsus), pelvis (hemipelvis
with the hip joint and proximal femur). Views: AP, LAT, OBL; a view turns the limb about its
axis, which moves paired bones and the projected position of an eccentric finding.

Everything here is drawn from the patient's own rng and never from the subtype or the label.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

VIEW_ANGLE = {"AP": 0.0, "OBL": 45.0, "LAT": 90.0}
VIEWS = {  # views taken of a patient at each site, in order
    "hand": ("AP", "OBL", "LAT"),
    "foot": ("AP", "OBL", "LAT"),
    "pelvis": ("AP", "OBL"),
}
LONG = {  # site: (shaft radius mm, visible length mm, paired bone, opposing bone radius factor)
    "femur": (13.0, 300.0, None, 0.85),
    "tibia": (11.0, 280.0, "fibula", 1.15),
    "humerus": (10.0, 260.0, None, 0.7),
    "fibula": (6.0, 250.0, "tibia", 1.0),
    "radius": (7.0, 200.0, "ulna", 1.0),
}
PAIRED_RADIUS = {"fibula": 6.0, "ulna": 6.5, "tibia": 11.0}


def views_for(site: str) -> tuple:
    return VIEWS.get(site, ("AP", "LAT"))


def sstep(a, b, x):
    t = np.clip((x - a) / (b - a), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def chord(r, t):
    return 2 * np.sqrt(np.clip(r * r - t * t, 0, None))


@dataclass
class Segment:
    """A tubular bone from (x0, y0) to (x1, y1) mm; end 1 is the joint end (epiphysis)."""

    x0: float
    y0: float
    x1: float
    y1: float
    r0: float
    flare: float = 0.5  # metaphyseal flare at end 1, relative to r0
    flare0: float = 0.2  # at end 0
    cortex: float = 0.3  # shaft cortical thickness / r0
    density: float = 1.0
    physis: bool = True  # has an epiphysis and a physis at end 1
    name: str = ""

    @property
    def length(self) -> float:
        return math.hypot(self.x1 - self.x0, self.y1 - self.y0)

    @property
    def v_phys(self) -> float:
        return self.length - 1.1 * self.r0 * (1 + self.flare)

    def frame(self, X, Y):
        """(v along the axis from end 0, t across, signed) in mm."""
        L = self.length
        ux, uy = (self.x1 - self.x0) / L, (self.y1 - self.y0) / L
        dx, dy = X - self.x0, Y - self.y0
        return dx * ux + dy * uy, dx * -uy + dy * ux

    def point(self, v, t):
        L = self.length
        ux, uy = (self.x1 - self.x0) / L, (self.y1 - self.y0) / L
        return self.x0 + v * ux - t * uy, self.y0 + v * uy + t * ux

    def radius(self, v):
        L, r0 = self.length, self.r0
        r = r0 * (
            1 + self.flare * sstep(L - 3.2 * r0, L - 0.8 * r0, v) + self.flare0 * (1 - sstep(0.6 * r0, 2.5 * r0, v))
        )
        c1 = 0.55 * r0 * (1 + self.flare)
        c0 = 0.55 * r0 * (1 + self.flare0)
        r = r * np.sqrt(np.clip(1 - (np.clip(v - (L - c1), 0, None) / c1) ** 2, 0, 1))
        r = r * np.sqrt(np.clip(1 - (np.clip(c0 - v, 0, None) / c0) ** 2, 0, 1))
        return np.where((v < 0) | (v > L), 0.0, r)

    def cortical(self, v):
        L, r0 = self.length, self.r0
        ends = sstep(L - 3.5 * r0, L - 1.2 * r0, v) + (1 - sstep(1.2 * r0, 3.5 * r0, v))
        return r0 * self.cortex * (1 - 0.75 * np.clip(ends, 0, 1))

    def bbox(self, pad: float):
        xs, ys = (self.x0, self.x1), (self.y0, self.y1)
        m = pad + self.r0 * (1 + max(self.flare, self.flare0))
        return min(xs) - m, min(ys) - m, max(xs) + m, max(ys) + m


@dataclass
class Blob:
    """A projected ellipsoid bone (carpal, tarsal, iliac wing), centre (x, y), semi-axes a, b."""

    x: float
    y: float
    a: float
    b: float
    angle: float = 0.0
    cortex: float = 0.18
    density: float = 0.8
    thickness: float = 1.0  # depth relative to min(a, b); <1 for flat bones

    def bbox(self, pad: float):
        m = max(self.a, self.b) + pad
        return self.x - m, self.y - m, self.x + m, self.y + m


@dataclass
class Scene:
    site: str
    view: str
    fov: tuple  # (height, width) mm
    segments: list
    blobs: list
    host: int  # index of the host segment
    ref_mm: float  # typical shaft radius of the site, for exposure normalisation
    soft: list = field(default_factory=list)  # (segment, half-width mm) soft-tissue envelopes
    joint_down: bool = True

    @property
    def host_segment(self) -> Segment:
        return self.segments[self.host]


def _long_bone(rng, site, view, H_mm, W_mm, shape):
    r0s, length, paired, opp_f = LONG[site]
    phi = math.radians(VIEW_ANGLE[view])
    r0 = r0s * shape["r_scale"] * (1.06 if view == "LAT" else 1.0)
    down = shape["down"]
    tilt = math.radians(shape["tilt"] + rng.uniform(-2, 2))
    xc = W_mm * shape["x_axis"]
    joint_y = H_mm * (0.8 if down else 0.2)
    sgn = 1 if down else -1
    dx, dy = math.sin(tilt) * sgn, math.cos(tilt) * sgn  # unit vector from the far end to the joint
    jx, jy = xc, joint_y
    host = Segment(jx - dx * length, jy - dy * length, jx, jy, r0, shape["flare"], 0.1)
    segs = [host]
    ro = r0 * opp_f
    g = r0 * shape["gap"] + 0.1 * r0
    ox, oy = jx + dx * g, jy + dy * g  # the opposing bone's joint end, across the joint space
    opp = Segment(ox + dx * length, oy + dy * length, ox, oy, ro, 0.55, 0.1, name="opposing")
    segs.append(opp)
    if paired is not None:
        pr = PAIRED_RADIUS[paired] * shape["r_scale"]
        off = shape["paired_side"] * (r0 + pr) * (1.35 * abs(math.cos(phi)) + 0.15)
        px, py = -dy * off, dx * off  # perpendicular offset
        back = shape["paired_shift"] * r0
        segs.append(
            Segment(host.x0 + px, host.y0 + py, jx + px - dx * back, jy + py - dy * back, pr, 0.45, 0.15, name=paired)
        )
    soft = [(host, r0 * shape["soft"]), (opp, ro * shape["soft"])]
    return segs, [], 0, r0s, soft, down


def _rays(rng, site, view, H_mm, W_mm, shape):
    """Hand or foot: rays of (metacarpal|metatarsal, phalanges) fanning from the carpus/tarsus."""
    hand = site == "hand"
    phi = math.radians(VIEW_ANGLE[view])
    spread = 0.12 + 0.88 * abs(math.cos(phi))
    lens = (62, 40, 24, 18) if hand else (72, 30, 14, 12)
    radii = (4.2, 4.0, 3.4, 3.0) if hand else (4.6, 4.2, 3.4, 3.0)
    n_rays = 4
    base_y = H_mm * (0.62 if hand else 0.6)
    cx = W_mm * shape["x_axis"]
    segs, soft = [], []
    for k in range(n_rays):
        ang = math.radians((k - (n_rays - 1) / 2) * 7.0 * spread + shape["tilt"])
        x = cx + (k - (n_rays - 1) / 2) * 17 * spread
        y = base_y
        ray_scale = (1.0, 1.05, 0.98, 0.85)[k] * shape["r_scale"]
        for j, (ln, rr) in enumerate(zip(lens, radii)):
            ln *= ray_scale * (1 if hand or j == 0 else 0.8)
            x1, y1 = x + math.sin(ang) * ln, y - math.cos(ang) * ln
            s = Segment(x, y, x1, y1, rr * ray_scale, 0.35, 0.35, 0.28, physis=True, name=f"ray{k}-{j}")
            segs.append(s)
            soft.append((s, rr * 2.1))
            x, y = x1 - math.sin(ang) * -2.2, y1 - math.cos(ang) * 2.2
    blobs = []
    for i in range(7 if hand else 6):
        bx = cx + rng.uniform(-0.5, 0.5) * 50 * spread
        by = base_y + rng.uniform(6, 28 if hand else 45)
        blobs.append(Blob(bx, by, rng.uniform(6, 10) * (1 if hand else 1.6), rng.uniform(5, 8), rng.uniform(0, 3)))
    palm = Segment(cx, base_y + 30, cx + math.sin(math.radians(shape["tilt"])) * 60, base_y - 60, 4.0)
    soft.append((palm, 30 * spread + 8))
    host = int(rng.choice([0, 1, 4, 5, 8, 9, 12, 13]))  # a metacarpal/metatarsal or proximal phalanx
    return segs, blobs, host, 4.2, soft, False


def _pelvis(rng, site, view, H_mm, W_mm, shape):
    """Hemipelvis: iliac wing, acetabulum over the femoral head, proximal femur as the host."""
    phi = math.radians(VIEW_ANGLE[view])
    hx, hy = W_mm * shape["x_axis"], H_mm * 0.42
    head_r = 24 * shape["r_scale"]
    L = 190.0
    tilt = math.radians(12 + shape["tilt"])
    fem = Segment(hx + math.sin(tilt) * L, hy + math.cos(tilt) * L, hx, hy, 14 * shape["r_scale"], 0.75, 0.05, 0.33)
    blobs = [
        Blob(hx - 45, hy - 75, 100 * (0.7 + 0.3 * abs(math.cos(phi))), 55, 0.45, 0.05, 0.6, 0.12),  # iliac wing
        Blob(hx, hy - 2, head_r * 1.35, head_r * 1.2, 0.0, 0.12, 0.55, 0.6),  # acetabulum
        Blob(hx + 42 * abs(math.cos(phi)) + 10, hy + 28, 20, 26, 0.3, 0.15, 0.7),  # greater trochanter
        Blob(hx - 70, hy + 55, 35, 22, -0.3, 0.15, 0.6, 0.5),  # pubis / ischium
    ]
    segs = [fem, Segment(hx - 20, hy + 20, hx - 120, hy + 40, 8, 0.2, 0.2, 0.3, physis=False, name="ramus")]
    soft = [(fem, 14 * 4.2)]
    return segs, blobs, 0, 12.0, soft, False


FOV = {"hand": (220, 190), "foot": (250, 190), "pelvis": (300, 360)}


def patient_shape(rng) -> dict:
    """The patient's own proportions, shared by all views."""
    return {
        "r_scale": float(rng.uniform(0.85, 1.15)),
        "down": bool(rng.random() < 0.5),
        "tilt": float(rng.uniform(-6, 6)),
        "x_axis": float(rng.uniform(0.42, 0.58)),
        "flare": float(rng.uniform(0.45, 0.75)),
        "gap": float(rng.uniform(0.25, 0.45)),
        "paired_side": float(rng.choice([-1.0, 1.0])),
        "paired_shift": float(rng.uniform(0.5, 2.5)),
        "soft": float(rng.uniform(2.6, 3.6)),
        "fov_scale": float(rng.uniform(0.95, 1.1)),
        "aspect": float(rng.uniform(0.62, 0.85)),
    }


def build(site: str, view: str, shape: dict, rng) -> Scene:
    if site in LONG:
        H_mm = LONG[site][1] * 1.2 * shape["fov_scale"]
        W_mm = H_mm * shape["aspect"]
        parts = _long_bone(rng, site, view, H_mm, W_mm, shape)
    else:
        H_mm, W_mm = (x * shape["fov_scale"] for x in FOV[site])
        parts = (_rays if site in ("hand", "foot") else _pelvis)(rng, site, view, H_mm, W_mm, shape)
    segs, blobs, host, ref, soft, down = parts
    return Scene(site, view, (H_mm, W_mm), segs, blobs, host, ref, soft, down)
