"""Fine-tuning from a shipped model (issue 24): the ONNX -> torch rebuild, the osteon-dataset loader
and its tamper check, and a tiny end-to-end fine-tune at 64 px.

    cd training && /usr/bin/python3 -m pytest -q tests/test_finetune.py
"""
import csv
import json
import os
import shutil

import numpy as np
import pytest
import torch

from conftest import REPO
from osteon_training import export, golden, onnx_numpy, pipeline, rebuild
from osteon_training.config import Config
from osteon_training.datasets.osteon_dataset import TamperedDataset, load_osteon_dataset, verify, write_dataset
from osteon_training.dicom_io import radiograph
from osteon_training.finetune import candidate_version
from osteon_training.model import DeployModel, OsteonNet
from osteon_training.phantoms import encode, make_phantom
from osteon_training.train import NOT_MALIGNANT, label_nll

DEFAULT = os.path.join(REPO, "models", "default")
S = 64


def _tiny_model(out, seg=False, oe=False, seed=0, lesion_pool=False):
    """An exported 64 px model (width 8, 2 heads) whose BatchNorms carry non-trivial statistics, so
    that the folding the rebuild undoes is not the identity."""
    torch.manual_seed(seed)
    net = OsteonNet(8, 2, seg=seg, oe=oe, lesion_pool=lesion_pool)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 2.0)
    net.eval()
    f = net.feat_dim
    rng = np.random.default_rng(seed)
    ood = {"mu": rng.normal(0, 0.1, (3, f)), "prec_chol": np.eye(f) * 2.0, "d0": 1.3, "k": 4.0}
    deploy = DeployModel(net, 0.8, ood["mu"], ood["prec_chol"], ood["d0"], ood["k"]).eval()
    os.makedirs(out, exist_ok=True)
    export.export_onnx(deploy, os.path.join(out, "model.onnx"), S)
    cfg = Config(
        size=S,
        width=8,
        heads=2,
        seg_weight=1.0 if seg else 0.0,
        oe_weight=0.5 if oe else 0.0,
        lesion_pool=lesion_pool,
    )
    th = {"escalate_malignant_probability": 0.3, "review_uncertainty": 0.5}
    cam = (S // 16, S // 16)
    n_params = sum(p.numel() for p in net.parameters())
    mj = export.model_json(cfg, 0.8, th, ood, {}, "0" * 64, "synthetic-phantoms-v1", 1, cam, n_params)
    export.write_json(mj, os.path.join(out, "model.json"))
    golden.write_goldens(deploy, os.path.join(out, "golden"), S, cfg.mean, cfg.std)
    assert onnx_numpy.check_golden(out) <= 1e-4
    return out


def test_rebuild_reproduces_the_shipped_model_graph_on_its_goldens(tmp_path):
    net, deploy, info = rebuild.rebuild(DEFAULT)
    assert (info["width"], info["heads"], info["size"], info["seg"], info["oe"]) == (48, 5, 192, False, False)
    assert info["model_sha256"] == rebuild.sha256_file(os.path.join(DEFAULT, "model.onnx"))
    assert rebuild.verify(deploy, DEFAULT) <= 1e-4
    # exported again with the same buffers, the graph gives the shipped golden outputs
    out = tmp_path / "again"
    shutil.copytree(os.path.join(DEFAULT, "golden"), out / "golden")
    export.export_onnx(deploy, str(out / "model.onnx"), info["size"])
    assert onnx_numpy.check_golden(str(out)) <= 1e-4


@pytest.mark.parametrize("seg,oe,lesion_pool", [(False, False, False), (True, True, False), (True, True, True)])
def test_rebuild_undoes_the_batchnorm_folding_with_seg_and_oe_heads(tmp_path, seg, oe, lesion_pool):
    d = _tiny_model(str(tmp_path / "m"), seg=seg, oe=oe, lesion_pool=lesion_pool)
    net, deploy, info = rebuild.rebuild(d)
    assert (info["seg"], info["oe"], info["width"], info["heads"], info["size"]) == (seg, oe, 8, 2, S)
    assert info["lesion_pool"] == lesion_pool
    assert rebuild.verify(deploy, d) <= 1e-4
    assert all(
        float(m.weight.min()) == 1.0 and float(m.running_mean.abs().max()) == 0.0
        for m in net.modules()
        if isinstance(m, torch.nn.BatchNorm2d)
    )


def test_a_rebuild_that_does_not_reproduce_the_goldens_is_refused(tmp_path):
    d = _tiny_model(str(tmp_path / "m"))
    g = json.load(open(os.path.join(d, "golden", "golden.json")))
    g["cases"][0]["outputs"]["probs"][0] += 1e-3
    json.dump(g, open(os.path.join(d, "golden", "golden.json"), "w"))
    _, deploy, _ = rebuild.rebuild(d)
    with pytest.raises(rebuild.RebuildError, match="differs"):
        rebuild.verify(deploy, d)


def test_not_malignant_trains_with_the_marginal_loss():
    z = torch.randn(2, 4, 3)
    y = torch.tensor([0, 1, 2, NOT_MALIGNANT])
    p = torch.softmax(z, -1)
    got = label_nll(z, y)
    assert torch.allclose(got[:, :3], -torch.log(p[:, torch.arange(3), y[:3]]), atol=1e-6)
    assert torch.allclose(got[:, 3], -torch.log(p[:, 3, 0] + p[:, 3, 1]), atol=1e-6)


def test_candidate_version_bumps_the_patch_and_names_the_data():
    assert candidate_version("0.2.0", "ab12cd34") == "0.2.1-ab12cd34"
    assert candidate_version("0.2.1-ab12cd34", "0011aabb") == "0.2.2-0011aabb"


def _site_items(n, seed0=800_000):
    labels = ["malignant", "benign", "normal", "not_malignant", "malignant"]
    out = []
    for i in range(n):
        lab = labels[i % len(labels)]
        p = make_phantom(seed0 + i, "benign" if lab == "not_malignant" else lab, 128, "c08")
        stored, meta = encode(p.image, np.random.default_rng(seed0 + i))
        row = {
            "study_key": f"study-{i:04d}",
            "instance_key": f"inst-{i:04d}",
            "label": lab,
            "label_source": "feedback" if lab == "not_malignant" else "diagnosis:PATHOLOGY",
            "site": "site-new",
            "recorded_at": "2026-11-01T10:00:00Z",
            "age_years": str(p.age),
            "sex": p.sex,
            "body_part": p.site,
            "view": p.view,
        }
        out.append((radiograph(p, stored, meta, f"site/{i}"), row))
    return out


@pytest.fixture(scope="module")
def site_dataset(tmp_path_factory):
    return write_dataset(str(tmp_path_factory.mktemp("datasets")), "site-new", _site_items(48))


def test_the_dataset_loads_with_its_own_splits_and_study_keys(site_dataset):
    splits, info = load_osteon_dataset(site_dataset, S, log=lambda m: None)
    assert os.path.basename(site_dataset) == f"site-new-{info['content_sha256'][:12]}"
    assert sum(len(b) for b in splits.values()) == 48 and min(len(b) for b in splits.values()) > 0
    assert (splits["train"].y == NOT_MALIGNANT).any()
    assert splits["test"].x.shape[1:] == (S, S)
    assert all(m["patient"] == m["study_key"] for b in splits.values() for m in b.meta)


@pytest.mark.parametrize("how", ["image", "labels", "extra", "manifest"])
def test_a_tampered_dataset_is_refused(site_dataset, tmp_path, how):
    d = tmp_path / os.path.basename(site_dataset)
    shutil.copytree(site_dataset, d)
    verify(str(d))
    if how == "image":
        f = sorted((d / "images").iterdir())[0]
        b = bytearray(f.read_bytes())
        b[-1] ^= 1
        f.write_bytes(bytes(b))
    elif how == "labels":
        t = (d / "labels.csv").read_text().replace(",normal,", ",malignant,", 1)
        (d / "labels.csv").write_text(t)
    elif how == "extra":
        shutil.copy(sorted((d / "images").iterdir())[0], d / "images" / "smuggled.dcm")
    else:  # a consistent manifest for changed data no longer matches content_sha256
        (d / "MANIFEST.sha256").write_text((d / "MANIFEST.sha256").read_text()[:-1] + " \n")
    with pytest.raises(TamperedDataset):
        verify(str(d))
    with pytest.raises(TamperedDataset):
        pipeline.run(
            pipeline.parse(
                ["--data", str(d), "--format", "osteon-dataset", "--out", str(tmp_path / "o"), "--size", str(S)]
            )
        )


def test_fine_tune_one_epoch_from_a_64px_model_writes_a_complete_candidate(site_dataset, tmp_path):
    base = _tiny_model(str(tmp_path / "base"))
    out = tmp_path / "cand"
    args = ["--init", base, "--format", "osteon-dataset", "--data", site_dataset, "--out", str(out)]
    args += ["--epochs", "1", "--batch-size", "16", "--n-train", "48", "--n-val", "32", "--n-cal", "32"]
    args += ["--n-ood", "8", "--bootstrap", "10", "--phantom-size", "96", "--workers", "1"]
    cfg = pipeline.parse(args)
    assert (cfg.size, cfg.width, cfg.heads, cfg.finetune_lr, cfg.replay_fraction) == (S, 8, 2, 3e-4, 0.5)
    report = pipeline.run(cfg)
    for f in ("model.onnx", "model.json", "report.json", "MODEL_CARD.md", "golden/golden.json"):
        assert (out / f).exists(), f
    mj = json.load(open(out / "model.json"))
    ds = json.load(open(os.path.join(site_dataset, "dataset.json")))
    assert mj["version"] == "0.2.1-" + ds["content_sha256"][:8]
    assert mj["training"]["init_from"] == {
        "name": "osteon-bone-xr",
        "version": "0.2.0",
        "model_sha256": rebuild.sha256_file(os.path.join(base, "model.onnx")),
    }
    assert mj["training"]["dataset"] == "site-new"
    assert mj["training"]["dataset_sha256"] == ds["content_sha256"]
    assert mj["training"]["reference_dataset"] == "synthetic-phantoms-v1"
    assert mj["preprocessing"]["size"] == S
    rows = list(csv.DictReader(open(os.path.join(site_dataset, "labels.csv"))))
    assert report["test"]["n"] == sum(r["split"] == "test" for r in rows)  # the site's test split
    assert json.load(open(out / "report.json"))["test"] == report["test"]
    ft = report["training"]["fine_tune"]
    assert ft["replay"] == {"source": "synthetic-phantoms-v1", "fraction": 0.5, "malignant_fraction": 0.1}
    assert mj["training"]["replay"] == {"malignant_fraction": 0.1, "phantom_size": 96}
    assert ft["composition"]["test"]["site"]["n"] == report["test"]["n"]
    assert onnx_numpy.check_golden(str(out)) <= 1e-4
    # the candidate is itself a base: it rebuilds exactly
    _, deploy, info = rebuild.rebuild(str(out))
    assert rebuild.verify(deploy, str(out)) <= 1e-4 and info["reference_dataset"] == "synthetic-phantoms-v1"


def test_replay_takes_the_base_models_malignant_share_unless_given(site_dataset, tmp_path):
    """A base trained at 30 % malignant replayed at the Config default of 10 %: its refitted
    Mahalanobis reference and thresholds sent the reference set's malignant studies to REVIEW."""
    base = _tiny_model(str(tmp_path / "base"))
    args = ["--init", base, "--format", "osteon-dataset", "--data", site_dataset, "--out", str(tmp_path / "c")]
    assert pipeline.parse(args).malignant_fraction == Config().malignant_fraction  # nothing says otherwise
    splits = {"train": {"n": 3000, "normal": 1071, "benign": 1023, "malignant": 906}}
    json.dump({"training": {"splits": splits}}, open(os.path.join(base, "report.json"), "w"))
    assert pipeline.parse(args).malignant_fraction == 0.3
    assert pipeline.parse(args + ["--malignant-fraction", "0.2"]).malignant_fraction == 0.2
    mj = json.load(open(os.path.join(base, "model.json")))
    mj["training"]["replay"] = {"malignant_fraction": 0.25, "phantom_size": 256}  # a candidate's, inherited
    json.dump(mj, open(os.path.join(base, "model.json"), "w"))
    assert pipeline.parse(args).malignant_fraction == 0.25


def test_fine_tuning_refuses_a_size_other_than_the_models(site_dataset, tmp_path):
    base = _tiny_model(str(tmp_path / "base"))
    with pytest.raises(SystemExit):
        pipeline.parse(["--init", base, "--format", "osteon-dataset", "--data", site_dataset, "--size", "128"])
