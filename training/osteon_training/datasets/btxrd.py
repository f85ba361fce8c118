"""BTXRD loader (Yao et al., Sci Data 2025: "A radiograph dataset for the classification,
localization and segmentation of primary bone tumors").

Layout:
    ROOT/images/IMG000001.jpeg ...
    ROOT/Annotations/IMG000001.json ...   LabelMe: shapes[].points, shape_type polygon|rectangle
    ROOT/dataset.xlsx (or dataset.csv)    one row per image

Columns (names are normalised, so "Image ID", "image_id" and "image id" are the same):
    image id      image_id | image | id | file | filename     (".jpeg" added when missing)
    centre        center | centre | institution              (BTXRD: 1, 2, 3)
    age, sex      age; gender | sex
    label         malignant (0/1), benign (0/1), tumor (0/1); or one column label = normal|benign|malignant
    subtype       subtype | tumor_type; or BTXRD one-hot columns (osteochondroma, ..., osteosarcoma, other mt)
    site          site | body_part; or BTXRD one-hot columns (femur, tibia, ..., hip bone)
    view          view; or one-hot frontal | lateral | oblique
    patient       patient_id | patient (BTXRD has none: each image is its own patient)

Images are 8-bit JPEGs without DICOM attributes: preprocessing uses min-max (no window), MONOCHROME2.

    /usr/bin/python3 -m osteon_training.pipeline --data /data/BTXRD --format btxrd --out out/btxrd
"""
from __future__ import annotations

import json
import os

import numpy as np
from tqdm import tqdm

from ..config import LABELS
from ..preprocess import PixelMeta, preprocess_pixels, resize_mask
from .phantom import Bundle
from .table import find_table, norm, pick, read_table, truthy

SUBTYPES = {  # BTXRD one-hot column -> Osteon subtype
    "osteochondroma": "osteochondroma",
    "multiple_osteochondromas": "osteochondroma",
    "simple_bone_cyst": "simple_bone_cyst",
    "giant_cell_tumor": "giant_cell_tumor",
    "osteofibroma": "non_ossifying_fibroma",
    "synovial_osteochondroma": "synovial_osteochondroma",
    "other_bt": "other_benign",
    "osteosarcoma": "osteosarcoma",
    "other_mt": "other_malignant",
    "enchondroma": "enchondroma",
    "ewing": "ewing",
    "ewing_sarcoma": "ewing",
    "chondrosarcoma": "chondrosarcoma",
    "non_ossifying_fibroma": "non_ossifying_fibroma",
}
SITES = (
    "femur",
    "tibia",
    "fibula",
    "humerus",
    "radius",
    "ulna",
    "hand",
    "foot",
    "hip_bone",
    "pelvis",
    "ankle_joint",
    "knee_joint",
    "hip_joint",
    "wrist_joint",
    "elbow_joint",
    "shoulder_joint",
)
VIEWS = {"frontal": "AP", "lateral": "LAT", "oblique": "OBL"}


def row_label(row: dict) -> str:
    lab = pick(row, "label", "class", "diagnosis")
    if lab is not None and not str(lab).strip().isdigit():
        lab = norm(lab)
        if lab in LABELS:
            return lab
    if lab is not None and str(lab).strip().isdigit():
        return LABELS[int(lab)]
    if truthy(pick(row, "malignant")):
        return "malignant"
    if truthy(pick(row, "benign")):
        return "benign"
    if "tumor" in row or "tumour" in row:
        return "benign" if truthy(pick(row, "tumor", "tumour")) else "normal"
    raise ValueError(f"no label in row {row}")


def row_subtype(row: dict, label: str) -> str:
    st = pick(row, "subtype", "tumor_type", "tumour_type", "histology")
    if st is not None:
        return SUBTYPES.get(norm(st), norm(st))
    for col, name in SUBTYPES.items():
        if truthy(row.get(col)):
            return name
    return "none" if label == "normal" else f"unspecified_{label}"


def row_site(row: dict) -> str:
    s = pick(row, "site", "body_part", "location", "anatomical_site")
    if s is not None:
        return norm(s)
    for col in SITES:
        if truthy(row.get(col)):
            return col
    return "unknown"


def row_view(row: dict) -> str:
    v = pick(row, "view", "projection")
    if v is not None:
        return str(v).upper()
    for col, name in VIEWS.items():
        if truthy(row.get(col)):
            return name
    return "unknown"


def labelme_mask(path: str, h: int, w: int) -> np.ndarray:
    from skimage.draw import polygon

    m = np.zeros((h, w), bool)
    if not os.path.exists(path):
        return m
    with open(path, encoding="utf-8") as fh:
        js = json.load(fh)
    for sh in js.get("shapes", []):
        pts = np.asarray(sh.get("points", []), dtype=float)
        if len(pts) < 2:
            continue
        kind = sh.get("shape_type", "polygon")
        if kind == "rectangle" or len(pts) == 2:
            (x0, y0), (x1, y1) = pts.min(0), pts.max(0)
            m[int(max(y0, 0)) : int(np.ceil(y1)), int(max(x0, 0)) : int(np.ceil(x1))] = True
        else:
            rr, cc = polygon(pts[:, 1], pts[:, 0], (h, w))
            m[rr, cc] = True
    return m


def image_path(root: str, image_id: str) -> str:
    d = os.path.join(root, "images")
    if os.path.splitext(image_id)[1]:
        return os.path.join(d, image_id)
    for ext in (".jpeg", ".jpg", ".png", ".JPEG", ".JPG"):
        p = os.path.join(d, image_id + ext)
        if os.path.exists(p):
            return p
    return os.path.join(d, image_id + ".jpeg")


def load_btxrd(root: str, S: int = 128, mean: float = 0.5, std: float = 0.25, log=print, limit: int = 0) -> Bundle:
    from PIL import Image

    rows = read_table(find_table(root))
    if limit:
        rows = rows[:limit]
    xs, ms, ys, meta = [], [], [], []
    for row in tqdm(rows, desc="btxrd", leave=False):
        image_id = str(pick(row, "image_id", "image", "id", "file", "filename", "image_name"))
        path = image_path(root, image_id)
        img = np.asarray(Image.open(path).convert("L"), dtype=np.uint8)
        h, w = img.shape
        stem = os.path.splitext(os.path.basename(path))[0]
        mask = labelme_mask(os.path.join(root, "Annotations", stem + ".json"), h, w)
        label = row_label(row)
        xs.append(preprocess_pixels(img, PixelMeta(), S, mean, std)[0, 0])
        ms.append(resize_mask(mask, S) if mask.any() else np.zeros((S, S), bool))
        ys.append(LABELS.index(label))
        age = pick(row, "age")
        meta.append(
            {
                "uid": stem,
                "patient": str(pick(row, "patient_id", "patient", default=stem)),
                "centre": str(pick(row, "center", "centre", "institution", "hospital", default="unknown")).split(".")[
                    0
                ],
                "label": label,
                "subtype": row_subtype(row, label),
                "site": row_site(row),
                "view": row_view(row),
                "age": float(age) if age not in (None, "") else None,
                "sex": str(pick(row, "gender", "sex", default="")).upper()[:1],
                "size_class": _size_class(mask, label),
                "file": os.path.relpath(path, root),
            }
        )
    log(f"btxrd: {len(ys)} images from {root}")
    return Bundle(np.stack(xs).astype(np.float32), np.array(ys, np.int64), np.stack(ms), meta)


def _size_class(mask: np.ndarray, label: str) -> str:
    """Without pixel spacing (JPEG), size is relative: lesion bbox side / image side."""
    if label == "normal" or not mask.any():
        return "none" if label == "normal" else "unknown"
    ys, xs = np.nonzero(mask)
    rel = max(np.ptp(ys) + 1, np.ptp(xs) + 1) / max(mask.shape)
    return "small" if rel < 0.15 else ("medium" if rel < 0.3 else "large")
