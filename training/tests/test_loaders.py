"""Loaders on tiny fixtures written in the exact BTXRD layout (and a DICOM folder), from phantoms."""
import csv
import json
import os

import numpy as np
import pytest
from PIL import Image
from skimage import measure

from osteon_training.config import LABELS
from osteon_training.datasets.btxrd import load_btxrd
from osteon_training.datasets.dicom_folder import load_dicom_folder
from osteon_training.dicom_io import write_phantom
from osteon_training.phantoms import make_phantom

# the public BTXRD dataset.xlsx header (37 columns)
BTXRD_COLUMNS = [
    "image_id",
    "center",
    "age",
    "gender",
    "hand",
    "ulna",
    "radius",
    "humerus",
    "foot",
    "tibia",
    "fibula",
    "femur",
    "hip bone",
    "ankle-joint",
    "knee-joint",
    "hip-joint",
    "wrist-joint",
    "elbow-joint",
    "shoulder-joint",
    "tumor",
    "benign",
    "malignant",
    "osteochondroma",
    "multiple osteochondromas",
    "simple bone cyst",
    "giant cell tumor",
    "osteofibroma",
    "synovial osteochondroma",
    "other bt",
    "osteosarcoma",
    "other mt",
    "upper limb",
    "lower limb",
    "pelvis",
    "frontal",
    "lateral",
    "oblique",
]
SUBTYPE_COL = {
    "osteochondroma": "osteochondroma",
    "simple_bone_cyst": "simple bone cyst",
    "giant_cell_tumor": "giant cell tumor",
    "non_ossifying_fibroma": "osteofibroma",
    "enchondroma": "other bt",
    "osteosarcoma": "osteosarcoma",
    "ewing": "other mt",
    "chondrosarcoma": "other mt",
}


def _fixture(root, n=6, as_csv=False):
    os.makedirs(os.path.join(root, "images"))
    os.makedirs(os.path.join(root, "Annotations"))
    rows, truth = [], []
    for i in range(n):
        label = LABELS[i % 3]
        p = make_phantom(500 + i, label, 160)
        iid = f"IMG{i + 1:06d}"
        Image.fromarray((p.image * 255).round().astype(np.uint8)).save(
            os.path.join(root, "images", iid + ".jpeg"), quality=95
        )
        row = {c: 0 for c in BTXRD_COLUMNS}
        row.update(
            {
                "image_id": iid + ".jpeg",
                "center": 1 + i % 3,
                "age": p.age,
                "gender": p.sex,
                p.site: 1,
                "frontal" if p.view == "AP" else "lateral": 1,
            }
        )
        if label != "normal":
            row["tumor"] = 1
            row[label] = 1
            row[SUBTYPE_COL[p.subtype]] = 1
            shapes = []
            for c in measure.find_contours(p.mask.astype(float), 0.5):
                if len(c) >= 3:
                    shapes.append(
                        {
                            "label": SUBTYPE_COL[p.subtype],
                            "points": c[:, ::-1].tolist(),
                            "shape_type": "polygon",
                            "group_id": None,
                            "flags": {},
                        }
                    )
            x0, y0, x1, y1 = p.bbox
            shapes.append({"label": SUBTYPE_COL[p.subtype], "points": [[x0, y0], [x1, y1]], "shape_type": "rectangle"})
            with open(os.path.join(root, "Annotations", iid + ".json"), "w") as fh:
                json.dump(
                    {
                        "version": "5.2.1",
                        "flags": {},
                        "shapes": shapes,
                        "imagePath": iid + ".jpeg",
                        "imageData": None,
                        "imageHeight": p.image.shape[0],
                        "imageWidth": p.image.shape[1],
                    },
                    fh,
                )
        rows.append(row)
        truth.append(p)
    if as_csv:
        with open(os.path.join(root, "dataset.csv"), "w", newline="") as fh:
            w = csv.DictWriter(fh, BTXRD_COLUMNS)
            w.writeheader()
            w.writerows(rows)
    else:
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(BTXRD_COLUMNS)
        for r in rows:
            ws.append([r[c] for c in BTXRD_COLUMNS])
        wb.save(os.path.join(root, "dataset.xlsx"))
    return truth


@pytest.mark.parametrize("as_csv", [False, True])
def test_btxrd_layout_loads_labels_sites_and_masks(tmp_path, as_csv):
    truth = _fixture(str(tmp_path), as_csv=as_csv)
    b = load_btxrd(str(tmp_path), S=64, log=lambda *_: None)
    assert b.x.shape == (6, 64, 64) and b.x.dtype == np.float32
    assert [LABELS[y] for y in b.y] == [p.label for p in truth]
    for m, mask, p in zip(b.meta, b.mask, truth):
        assert m["site"] == p.site and m["centre"] in ("1", "2", "3") and m["patient"] == m["uid"]
        assert m["sex"] == p.sex and m["age"] == p.age
        assert mask.any() == (p.label != "normal")
    assert b.meta[2]["subtype"] in ("osteosarcoma", "other_malignant")
    assert b.meta[0]["subtype"] == "none"


def test_btxrd_variant_columns_label_subtype_site(tmp_path):
    os.makedirs(tmp_path / "images")
    p = make_phantom(9, "malignant", 128)
    Image.fromarray((p.image * 255).astype(np.uint8)).save(tmp_path / "images" / "IMG000009.jpg")
    with open(tmp_path / "dataset.csv", "w") as fh:
        fh.write(
            "Image ID,Centre,Age,Sex,Site,Label,Subtype,Patient ID\nIMG000009,A,14,M,Femur,malignant,Ewing sarcoma,P1\n"
        )
    b = load_btxrd(str(tmp_path), S=32, log=lambda *_: None)
    m = b.meta[0]
    assert (m["label"], m["subtype"], m["site"], m["centre"], m["patient"]) == (
        "malignant",
        "ewing",
        "femur",
        "A",
        "P1",
    )
    assert not b.mask.any()  # no Annotations folder: empty mask


def test_dicom_folder_with_labels_csv(tmp_path):
    rows = []
    for i in range(4):
        label = LABELS[i % 3]
        write_phantom(str(tmp_path / f"im{i}.dcm"), 700 + i, label, size=128)
        rows.append(f"im{i}.dcm,{label},P{i // 2},site{i % 2}")
    (tmp_path / "labels.csv").write_text("file,label,patient_id,centre\n" + "\n".join(rows) + "\n")
    b = load_dicom_folder(str(tmp_path), str(tmp_path / "labels.csv"), S=32, log=lambda *_: None)
    assert [LABELS[y] for y in b.y] == [LABELS[i % 3] for i in range(4)]
    assert [m["patient"] for m in b.meta] == ["P0", "P0", "P1", "P1"]
    assert b.meta[0]["site"] in ("femur", "tibia", "humerus", "fibula", "radius", "ulna")
    assert b.x.shape == (4, 32, 32)
