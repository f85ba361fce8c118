"""A folder of DICOM files plus a labels CSV.

CSV columns (normalised names): `file` (path relative to the folder) or `sop_instance_uid`;
`label` (normal | benign | malignant, or 0 | 1 | 2); optional `patient_id` (default: the file's
PatientID), `centre`/`center` (default: InstitutionName, else "unknown"), `subtype`, `site`
(default: BodyPartExamined), `age`, `sex`, `mask` (a .png or .npy of the image's size).

    /usr/bin/python3 -m osteon_training.pipeline --data /data/dcm --format dicom-folder --labels /data/labels.csv --out out/dcm
"""
from __future__ import annotations

import os

import numpy as np
import pydicom
from tqdm import tqdm

from ..config import LABELS
from ..preprocess import preprocess_dataset, resize_mask
from .btxrd import row_label
from .phantom import Bundle
from .table import norm, pick, read_table


def _mask(path, shape):
    if not path:
        return np.zeros(shape, bool)
    if path.endswith(".npy"):
        return np.load(path).astype(bool)
    from PIL import Image

    return np.asarray(Image.open(path).convert("L")) > 127


def _age(ds, row):
    a = pick(row, "age")
    if a not in (None, ""):
        return float(a)
    pa = str(ds.get("PatientAge", "") or "")
    if len(pa) == 4 and pa[:3].isdigit():
        return float(pa[:3]) * {"Y": 1, "M": 1 / 12, "W": 1 / 52, "D": 1 / 365}.get(pa[3], 1)
    return None


def load_dicom_folder(
    root: str, labels_csv: str, S: int = 128, mean: float = 0.5, std: float = 0.25, log=print
) -> Bundle:
    rows = read_table(labels_csv)
    by_uid = {}
    if any("file" not in r and "sop_instance_uid" in r for r in rows):
        for dp, _, fs in os.walk(root):
            for f in fs:
                try:
                    d = pydicom.dcmread(os.path.join(dp, f), stop_before_pixels=True)
                    by_uid[str(d.SOPInstanceUID)] = os.path.join(dp, f)
                except Exception:
                    continue
    xs, ms, ys, meta = [], [], [], []
    for row in tqdm(rows, desc="dicom", leave=False):
        f = pick(row, "file", "path", "filename")
        path = os.path.join(root, f) if f else by_uid[str(pick(row, "sop_instance_uid"))]
        ds = pydicom.dcmread(path)
        label = row_label(row)
        x = preprocess_dataset(ds, S, mean, std)[0, 0]
        mpath = pick(row, "mask")
        m = _mask(os.path.join(root, mpath) if mpath else None, (int(ds.Rows), int(ds.Columns)))
        xs.append(x)
        ms.append(resize_mask(m, S) if m.any() else np.zeros((S, S), bool))
        ys.append(LABELS.index(label))
        meta.append(
            {
                "uid": str(ds.get("SOPInstanceUID", path)),
                "patient": str(pick(row, "patient_id", "patient", default=ds.get("PatientID", path))),
                "centre": str(
                    pick(
                        row,
                        "centre",
                        "center",
                        "institution",
                        default=ds.get("InstitutionName", "unknown") or "unknown",
                    )
                ),
                "label": label,
                "subtype": norm(pick(row, "subtype", default="none" if label == "normal" else "unspecified")),
                "site": norm(pick(row, "site", default=ds.get("BodyPartExamined", "unknown") or "unknown")),
                "view": str(ds.get("ViewPosition", "") or "unknown"),
                "age": _age(ds, row),
                "sex": str(pick(row, "sex", "gender", default=ds.get("PatientSex", "")) or "").upper()[:1],
                "size_class": "unknown" if label != "normal" else "none",
                "file": os.path.relpath(path, root),
            }
        )
    log(f"dicom-folder: {len(ys)} images from {root}")
    return Bundle(np.stack(xs).astype(np.float32), np.array(ys, np.int64), np.stack(ms), meta)
