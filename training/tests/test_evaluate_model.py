"""`./osteon evaluate`: the report on tiny sets (v2 spec and render folder, BTXRD, DICOM folder) with the shipped model."""
import json
import os

import numpy as np
import pytest

from conftest import REPO
from osteon_training import evaluate_model as em
from osteon_training.phantoms_v2.shifts import NEAR_OOD, SHIFTS
from test_loaders import _fixture

MODEL = os.path.join(REPO, "models", "default")


@pytest.fixture(scope="module")
def model():
    return em.load_model(MODEL)


def test_report_schema_on_twelve_v2_test_images(model):
    data = em.load_data("phantoms-v2", "test:12", None, model)
    assert data.x.shape == (12, model.S, model.S) and data.x.dtype == np.float32
    rep = em.evaluate(model, data, "phantoms-v2", "test:12", 1, 50, 0, lambda *_: None)
    json.dumps(rep, allow_nan=False)
    t = rep["test"]
    for k in (
        "auc_malignant",
        "auc_malignant_ci",
        "sensitivity_malignant_ci",
        "specificity_malignant_ci",
        "escalation_rate",
        "silent_routine_rate_malignant",
        "silent_routine_malignant_ucb95",
        "silent_routine_rate_malignant_patient",
        "ece",
    ):
        assert k in t
    assert t["n"] == 12 and sum(t["decisions"].values()) == 12
    assert 0 <= rep["uncertainty"]["review_lane"]["review_rate"] <= 1
    for by in ("centre", "subtype", "site", "age_band", "lesion_size", "view"):
        assert sum(g["n"] for g in rep[f"by_{by}"].values()) == 12
    assert set(rep["by_centre"]) <= {"c07", "c08"}
    assert rep["localisation"] is None and "mask" in rep["localisation_reason"]
    assert rep["cam_pointing_game"]["grid"] == "12x12 on a 192x192 canvas"
    assert set(rep["shift_suite"]["shifts"]) == set(SHIFTS)
    for r in [rep["shift_suite"]["base"], *rep["shift_suite"]["shifts"].values()]:
        assert {"malignant_escalation_rate", "malignant_silent_routine_rate"} <= set(r)
    assert set(rep["near_ood"]["kinds"]) == set(NEAR_OOD) and "review_auroc" in rep["near_ood"]


def test_btxrd_and_dicom_folder_go_through_the_same_report(model, tmp_path):
    from osteon_training.dicom_io import write_phantom

    _fixture(str(tmp_path / "btxrd"), as_csv=True)
    data = em.load_data("btxrd", str(tmp_path / "btxrd"), None, model)
    rep = em.evaluate(model, data, "btxrd", "x", 40, 20, 0, lambda *_: None)
    assert rep["test"]["n"] == 6 and rep["test"]["n_patients"] == 6  # BTXRD: each image its own patient
    assert rep["shift_suite"] is None and rep["shift_suite_reason"] == "phantoms-v2 only"
    assert set(rep["by_centre"]) == {"1", "2", "3"}

    d = tmp_path / "dcm"
    d.mkdir()
    for i in range(4):
        write_phantom(str(d / f"im{i}.dcm"), 700 + i, em.LABELS[i % 3], size=128)
    (d / "labels.csv").write_text(
        "file,label,patient_id\n" + "".join(f"im{i}.dcm,{i % 3},P{i // 2}\n" for i in range(4))
    )
    with pytest.raises(SystemExit):
        em.load_data("dicom-folder", str(d), None, model)
    data = em.load_data("dicom-folder", str(d), str(d / "labels.csv"), model)
    rep = em.evaluate(model, data, "dicom-folder", str(d), 0, 20, 0, lambda *_: None)
    assert rep["test"]["n_patients"] == 2 and rep["test"]["n_malignant"] == 1


def test_a_v2_render_folder_is_scored_from_its_pngs(model, tmp_path, monkeypatch):
    import sys

    from osteon_training.phantoms_v2 import render

    monkeypatch.setattr(sys, "argv", ["render", "--n", "3", "--split", "test", "--size", "192", "--out", str(tmp_path)])
    render.main()
    data = em.load_data("phantoms-v2", str(tmp_path), None, model)
    assert data.x.shape == (3, model.S, model.S) and [m["uid"] for m in data.meta][0].startswith("test-c07-")
    assert "PNG" in data.cluster_note
