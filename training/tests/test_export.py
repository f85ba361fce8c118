"""Export: deterministic in-graph outputs, ONNX validity, model.json / golden.json contract."""
import json
import os

import numpy as np
import pytest
import torch

from conftest import REPO
from osteon_training import golden_diff, onnx_numpy
from osteon_training.config import Config
from osteon_training.export import check, export_onnx, model_json
from osteon_training.golden import write_goldens
from osteon_training.model import DeployModel, OsteonNet
from osteon_training.preprocess import preprocess_file

MODEL_KEYS = {
    "name",
    "version",
    "file",
    "opset",
    "inputs",
    "outputs",
    "labels",
    "malignant_label",
    "preprocessing",
    "temperature",
    "thresholds",
    "uncertainty",
    "training",
    "provenance",
}
DEFAULT = os.path.join(REPO, "models", "default")


def _deploy(S=64):
    torch.manual_seed(0)
    net = OsteonNet(width=8, heads=3).eval()
    with torch.no_grad():
        for m in net.modules():  # non-trivial BN statistics
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    F = net.feat_dim
    return DeployModel(net, 1.3, np.random.default_rng(0).normal(size=(3, F)), np.eye(F) * 0.5, 1.0, 4.0)


def test_deploy_outputs_are_deterministic_and_well_formed():
    d = _deploy()
    x = torch.randn(4, 1, 64, 64)
    with torch.no_grad():
        a, b = d(x), d(x)
    for u, v in zip(a, b):
        assert torch.equal(u, v)
    probs, spread, unc, cam = a
    assert probs.shape == (4, 3) and spread.shape == (4, 3) and unc.shape == (4,) and cam.shape == (4, 4, 4)
    assert torch.allclose(probs.sum(1), torch.ones(4), atol=1e-6)
    assert (unc >= 0).all() and (unc <= 1).all() and (spread >= 0).all()


def test_onnx_export_is_valid_dynamic_and_matches_torch(tmp_path):
    d = _deploy(64)
    path = str(tmp_path / "m.onnx")
    export_onnx(d, path, 64)
    info = check(path)
    assert info["opset"] <= 17 and info["inputs"] == ["image"]
    assert info["outputs"] == ["probs", "spread", "uncertainty", "cam"]
    x = np.random.default_rng(1).normal(size=(3, 1, 64, 64)).astype(np.float32)  # batch 3 != export batch 2
    got = onnx_numpy.run(path, {"image": x})
    with torch.no_grad():
        want = d(torch.from_numpy(x))
    for k, w in zip(("probs", "spread", "uncertainty", "cam"), want):
        assert np.abs(got[k] - w.numpy()).max() < 1e-4, k


def test_model_json_has_the_contract_shape():
    cfg = Config()
    mj = model_json(
        cfg,
        1.23,
        {"escalate_malignant_probability": 0.1, "review_uncertainty": 0.6},
        {"d0": 1.0, "k": 2.0},
        {},
        "0" * 64,
        "synthetic-phantoms-v1",
        3,
        (8, 8),
        1000,
    )
    assert MODEL_KEYS <= set(mj)
    assert mj["inputs"] == [{"name": "image", "shape": [-1, 1, 128, 128], "dtype": "float32"}]
    assert mj["outputs"] == {"probs": "probs", "spread": "spread", "uncertainty": "uncertainty", "cam": "cam"}
    assert mj["preprocessing"] == {
        "version": "osteon-xr-pre-v1",
        "size": 128,
        "mean": 0.5,
        "std": 0.25,
        "pad_value": 0.0,
    }
    assert set(mj["thresholds"]) >= {"alpha", "escalate_malignant_probability", "review_uncertainty"}
    assert set(mj["training"]) >= {"commit", "data_hash", "dataset", "seed", "epochs"}
    assert "NOT FOR CLINICAL USE" in mj["provenance"]
    clin = model_json(
        Config(clinical=True),
        1.0,
        {"escalate_malignant_probability": 0.1, "review_uncertainty": 0.6},
        {"d0": 1.0, "k": 2.0},
        {},
        "0",
        "x",
        1,
        (8, 8),
        1,
    )
    assert clin["inputs"][1] == {
        "name": "clinical",
        "shape": [-1, 2],
        "dtype": "float32",
        "features": ["age_years/100", "sex_male"],
    }


def test_golden_files_round_trip(tmp_path):
    d = _deploy(64)
    g = write_goldens(d, str(tmp_path), 64, 0.5, 0.25)
    assert g["tolerance"] == {"input": 1e-4, "outputs": 1e-4} and 4 <= len(g["cases"]) <= 6
    photometrics = {c["photometric"] for c in g["cases"]}
    assert photometrics == {"MONOCHROME1", "MONOCHROME2"}
    for c in g["cases"]:
        x = np.fromfile(tmp_path / c["input"], dtype="<f4").reshape(1, 1, 64, 64)
        assert np.array_equal(x, preprocess_file(str(tmp_path / c["file"]), 64))
        assert len(c["outputs"]["probs"]) == 3 and len(c["outputs"]["spread"]) == 3
        assert isinstance(c["outputs"]["uncertainty"], float) and isinstance(c["outputs"]["cam_sum"], float)
        assert c["outputs"]["cam_abs_sum"] >= abs(c["outputs"]["cam_sum"])


def test_cam_sum_is_compared_relative_to_the_maps_l1_norm():
    # cells of both signs: the float32 rounding of their sum scales with the cells, not with the sum
    cam = np.concatenate([np.full(72, 2.6), np.full(72, -2.6)]).astype(np.float32)
    cam[0] += 2.1157
    golden = {
        "cam_sum": float(cam.astype(np.float64).sum()),
        "cam_abs_sum": float(np.abs(cam.astype(np.float64)).sum()),
    }
    rounded = cam.copy()
    rounded[1] -= 4e-4  # torch and NumPy summing in another order
    assert golden_diff.cam_sum_diff(rounded, golden) == pytest.approx(4e-4 / golden["cam_abs_sum"], rel=1e-3)
    changed = cam.copy()
    changed[1] += 1e-3 * golden["cam_abs_sum"]  # ten times the tolerance
    assert golden_diff.cam_sum_diff(changed, golden) > 5e-4
    flipped = -cam  # same norm, the sum's sign flipped
    assert golden_diff.cam_sum_diff(flipped, golden) > 1e-2
    # the scale is checked against the map: an inflated cam_abs_sum is a difference, not a looser tolerance
    assert golden_diff.cam_sum_diff(cam, {**golden, "cam_abs_sum": 1e300}) == pytest.approx(1.0)
    assert golden_diff.cam_sum_diff(cam, {**golden, "cam_abs_sum": golden["cam_sum"] / 2}) == float("inf")
    for bad in (float("nan"), float("inf")):
        assert golden_diff.cam_sum_diff(cam, {**golden, "cam_abs_sum": bad}) == float("inf")
        assert golden_diff.cam_sum_diff(np.full(4, bad), golden) == float("inf")
    # goldens written before cam_abs_sum: the sum alone, relative to max(1, |cam_sum|)
    assert golden_diff.cam_sum_diff(np.array([50.5]), {"cam_sum": 50.0}) == pytest.approx(0.01)
    assert golden_diff.cam_sum_diff(np.array([0.5]), {"cam_sum": 0.0}) == pytest.approx(0.5)


def test_a_nan_difference_is_the_worst_not_skipped():
    assert golden_diff.worst_of([0.0, float("nan"), 1e-6]) == float("inf")
    assert golden_diff.worst_of([1e-6, 2e-6]) == 2e-6


@pytest.mark.skipif(not os.path.exists(os.path.join(DEFAULT, "model.json")), reason="models/default not built")
def test_committed_default_model_is_consistent():
    mj = json.load(open(os.path.join(DEFAULT, "model.json")))
    assert MODEL_KEYS <= set(mj) and mj["file"] == "model.onnx" and mj["opset"] <= 17
    S = mj["preprocessing"]["size"]
    assert mj["inputs"][0]["shape"] == [-1, 1, S, S]
    size = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(DEFAULT) for f in fs)
    # Small enough to live in git and be cloned with the code: 0.2.0 (2.7 M float32 weights) is 12 MB.
    assert size <= 16 * 1024 * 1024
    g = json.load(open(os.path.join(DEFAULT, "golden", "golden.json")))
    for c in g["cases"]:
        x = np.fromfile(os.path.join(DEFAULT, "golden", c["input"]), dtype="<f4").reshape(1, 1, S, S)
        ref = preprocess_file(
            os.path.join(DEFAULT, "golden", c["file"]), S, mj["preprocessing"]["mean"], mj["preprocessing"]["std"]
        )
        assert np.abs(x - ref).max() <= g["tolerance"]["input"]
    assert onnx_numpy.check_golden(DEFAULT) <= g["tolerance"]["outputs"]
    rep = json.load(open(os.path.join(DEFAULT, "report.json")))
    for k in ("auc_malignant", "auc_malignant_ci", "sensitivity_malignant", "specificity_malignant", "ece"):
        assert k in rep["test"]
    assert "error_auroc" in rep["uncertainty"] and "ood_auroc" in rep["uncertainty"]


def test_optional_clinical_input_exports_as_a_second_input(tmp_path):
    torch.manual_seed(0)
    net = OsteonNet(width=8, heads=2, clinical=True).eval()
    F = net.feat_dim
    d = DeployModel(net, 1.0, np.zeros((3, F)), np.eye(F), 1.0, 4.0)
    path = str(tmp_path / "c.onnx")
    export_onnx(d, path, 32, clinical=True)
    assert check(path)["inputs"] == ["image", "clinical"]
    x = np.random.default_rng(0).normal(size=(2, 1, 32, 32)).astype(np.float32)
    c = np.array([[0.12, 1.0], [0.6, 0.0]], np.float32)
    got = onnx_numpy.run(path, {"image": x, "clinical": c})
    with torch.no_grad():
        want = d(torch.from_numpy(x), torch.from_numpy(c))
    assert np.abs(got["probs"] - want[0].numpy()).max() < 1e-5
