"""The promotion gate: its statistics on vectors with known answers, the shadow agreement, the
reference set's hash, the new site's files, and model_gate end to end on tiny sets."""
import csv
import json
import math
import os

import numpy as np
import pydicom
import pytest
from scipy.optimize import minimize_scalar

from conftest import REPO
from gate_fixtures import dataset_from_reference, model_copy
from osteon_training import gate_stats as gs
from osteon_training import model_gate, reference, site_shift

MODEL = os.path.join(REPO, "models", "default")


# ---------------------------------------------------------------------------------------------- statistics


def test_wilson_matches_the_published_values():
    lo, hi = gs.wilson(81, 263)  # Newcombe 1998, Stat Med 17:857, example (a)
    assert lo == pytest.approx(0.2553, abs=1e-4) and hi == pytest.approx(0.3662, abs=1e-4)
    assert gs.wilson(0, 10) == pytest.approx([0.0, 0.2775], abs=1e-4)
    assert gs.wilson(0, 0) == [None, None]


def test_tango_statistic_at_zero_is_mcnemars():
    assert gs.tango_z(9, 3, 80, 0.0) == pytest.approx(6 / math.sqrt(12))
    assert gs.tango_z(0, 0, 80, 0.0) == 0.0


def test_restricted_estimate_is_the_constrained_maximum_likelihood():
    for b, c, n, d0 in ((7, 3, 60, -0.05), (0, 0, 100, -0.05), (2, 9, 40, 0.1), (12, 1, 30, -0.2)):
        m = n - b - c

        def nll(q):
            return -(b * np.log(q + d0) + c * np.log(q) + m * np.log(1 - 2 * q - d0))

        r = minimize_scalar(
            nll, bounds=(max(0, -d0) + 1e-10, (1 - d0) / 2 - 1e-10), method="bounded", options={"xatol": 1e-12}
        )
        assert gs.restricted_q(b, c, n, d0) == pytest.approx(r.x, abs=1e-6)


def test_identical_models_have_the_closed_form_statistic_and_pass_non_inferiority_with_enough_cases():
    hit = np.r_[np.ones(190, bool), np.zeros(10, bool)]
    r = gs.noninferiority(hit, hit, margin=0.05, alpha=0.025)
    assert r["z"] == pytest.approx(math.sqrt(200 * 0.05 / 0.95))  # no discordant pair: Z = sqrt(n m / (1 - m))
    assert r["pass"] and r["difference"] == 0 and -0.05 < r["lower_bound"] < 0
    few = gs.noninferiority(hit[:60], hit[:60], 0.05, 0.025)  # below z^2 (1 - m) / m = 73 cases: no power
    assert not few["pass"]


def test_identical_models_fail_improvement():
    hit = np.r_[np.ones(30, bool), np.zeros(30, bool)]
    r = gs.improvement(hit, hit)
    assert not r["pass"] and r["ci"][0] < 0 < r["ci"][1]


def test_a_worse_candidate_fails_non_inferiority():
    live = np.ones(200, bool)
    cand = live.copy()
    cand[:20] = False  # 10 points of sensitivity lost
    r = gs.noninferiority(live, cand, 0.05, 0.025)
    assert not r["pass"] and r["difference"] == pytest.approx(-0.1) and r["lower_bound"] < -0.05


def test_a_candidate_within_the_margin_passes_and_its_bound_is_where_the_test_flips():
    live = np.ones(300, bool)
    cand = live.copy()
    cand[:3] = False  # 1 point lost, margin 5
    r = gs.noninferiority(live, cand, 0.05, 0.025)
    assert r["pass"] and r["lower_bound"] > -0.05
    assert gs.tango_z(0, 3, 300, r["lower_bound"]) == pytest.approx(r["z_critical"], abs=1e-6)


def test_a_clearly_better_candidate_passes_improvement_and_the_interval_is_symmetric_in_the_models():
    live = np.zeros(50, bool)
    cand = np.r_[np.ones(15, bool), np.zeros(35, bool)]
    r = gs.improvement(live, cand)
    assert r["pass"] and r["difference"] == pytest.approx(0.3) and r["ci"][0] < 0.3 < r["ci"][1]
    back = gs.improvement(cand, live)
    assert back["ci"] == pytest.approx([-r["ci"][1], -r["ci"][0]], abs=1e-9)
    assert gs.paired_difference_ci(0, 0, 100) == pytest.approx([-3.8415 / 103.8415, 3.8415 / 103.8415], abs=1e-4)


# ---------------------------------------------------------------------------------------------- shadow


def _ev(study, inst, role, version, p, u, at, esc=0.3, rev=0.5):
    return {
        "study_key": study,
        "instance_key": inst,
        "model_role": role,
        "model_version": version,
        "malignant_probability": p,
        "uncertainty": u,
        "escalate_threshold": esc,
        "review_uncertainty_threshold": rev,
        "scored_at": at,
        "_order": 0,
    }


def test_shadow_agreement_uses_each_events_thresholds_the_latest_event_and_the_last_studies():
    ev = [
        _ev("s1", "i1", "primary", "1.0", 0.4, 0.1, 1000),  # ESCALATE
        _ev("s1", "i1", "shadow", "2.0", 0.4, 0.1, 1001, esc=0.5),  # its own threshold: ROUTINE
        _ev("s2", "i2", "primary", "1.0", 0.1, 0.1, 2000),
        _ev("s2", "i2", "shadow", "2.0", 0.1, 0.1, 2001),
        _ev("s2", "i3", "primary", "1.0", 0.9, 0.1, 2002),  # s2's most severe instance, but not shadowed
        _ev("s3", "i4", "primary", "1.0", 0.1, 0.9, 3000),  # REVIEW
        _ev("s3", "i4", "shadow", "2.0", 0.9, 0.1, 2500),  # an older shadow event ...
        _ev("s3", "i4", "shadow", "2.0", 0.1, 0.9, 3001),  # ... replaced by this one: REVIEW
        _ev("s4", "i5", "primary", "0.9", 0.9, 0.1, 4000),  # another live version: ignored
        _ev("s4", "i5", "shadow", "2.0", 0.9, 0.1, 4001),
    ]
    r = model_gate.shadow_agreement(ev, "1.0", "2.0", last=10)
    assert r["n_studies"] == 3 and r["n_agree"] == 2 and r["pass"]
    assert [d["study_key"] for d in r["disagreements"]] == ["s1"]
    assert (
        r["disagreements"][0]["live_decision"] == "ESCALATE" and r["disagreements"][0]["shadow_decision"] == "ROUTINE"
    )
    last = model_gate.shadow_agreement(ev, "1.0", "2.0", last=2)
    assert last["n_studies"] == 2 and last["disagreements"] == []  # s1 is the oldest
    none = model_gate.shadow_agreement(ev, "1.0", "3.0", last=10)
    assert none["n_studies"] == 0 and none["pass"] is False


# ---------------------------------------------------------------------------------------------- data


def test_reference_set_hash_is_stable_and_a_rebuild_is_kept(tmp_path):
    a = reference.build(str(tmp_path / "a"), 96, 12, log=lambda *_: None)
    b = reference.build(str(tmp_path / "b"), 96, 12, log=lambda *_: None)
    assert a["content_sha256"] == b["content_sha256"] and a["n"] == 12
    assert a["label_counts"]["malignant"] == 6  # malignant share 0.5
    again = reference.build(str(tmp_path / "a"), 96, 12, log=lambda *_: None)
    assert again["content_sha256"] == a["content_sha256"]
    assert reference.verify(str(tmp_path / "a")) == a["content_sha256"]
    assert oct(os.stat(tmp_path / "a" / "labels.csv").st_mode & 0o777) == "0o444"
    with pytest.raises(SystemExit):  # other content under the same name is refused
        reference.build(str(tmp_path / "a"), 96, 13, log=lambda *_: None)


def test_reference_verification_catches_a_changed_image(tmp_path):
    reference.build(str(tmp_path / "r"), 96, 6, log=lambda *_: None)
    os.chmod(tmp_path / "r" / "images", 0o755)
    img = sorted((tmp_path / "r" / "images").iterdir())[0]
    os.chmod(img, 0o644)
    img.write_bytes(img.read_bytes()[:-2] + b"\0\1")
    with pytest.raises(ValueError, match="does not match"):
        reference.verify(str(tmp_path / "r"))


def test_reference_verification_refuses_an_unlisted_file(tmp_path):
    reference.build(str(tmp_path / "r"), 96, 6, log=lambda *_: None)
    os.chmod(tmp_path / "r", 0o755)
    (tmp_path / "r" / "extra.csv").write_text("file,label\n")
    with pytest.raises(ValueError, match="not in MANIFEST"):
        reference.verify(str(tmp_path / "r"))


def test_site_shift_writes_valid_dicom_with_fake_phi_and_exact_prevalence(tmp_path):
    info = site_shift.generate(str(tmp_path), 20, 0.3, seed=5, size_px=96, log=lambda *_: None)
    rows = list(csv.DictReader(open(tmp_path / "truth.csv")))
    assert list(rows[0])[:4] == ["study_instance_uid", "accession_number", "sop_instance_uid", "finding"]
    assert info["label_counts"]["malignant"] == 6 and sum(r["finding"] == "MALIGNANT" for r in rows) == 6
    assert {r["finding"] for r in rows} <= {"MALIGNANT", "BENIGN_TUMOUR", "NO_TUMOUR"}
    for key in ("study_instance_uid", "sop_instance_uid", "accession_number"):
        assert len({r[key] for r in rows}) == 20
    ds = pydicom.dcmread(tmp_path / rows[0]["file"])
    assert ds.Modality == "DX" and ds.BodyPartExamined == "PELVIS" and ds.SOPInstanceUID == rows[0]["sop_instance_uid"]
    assert str(ds.PatientName).startswith("Sitefake^") and ds.PatientID.startswith("FAKE-SITE-")
    assert len(ds.AccessionNumber) <= 16 and ds.AccessionNumber == rows[0]["accession_number"]
    assert ds.pixel_array.shape == (ds.Rows, ds.Columns) and max(ds.Rows, ds.Columns) == 96
    other = site_shift.generate(str(tmp_path / "o"), 3, 0.3, seed=6, size_px=96, log=lambda *_: None)
    assert other["n"] == 3
    assert not {r["study_instance_uid"] for r in csv.DictReader(open(tmp_path / "o" / "truth.csv"))} & {
        r["study_instance_uid"] for r in rows
    }


# ---------------------------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    root = tmp_path_factory.mktemp("gate")
    reference.build(str(root / "reference"), 256, 24, log=lambda *_: None)  # the shipped model's phantom size
    reference.build(str(root / "site-src"), 256, 24, seed=1, log=lambda *_: None)
    dataset_from_reference(str(root / "site-src"), str(root / "dataset"))
    # live reviews everything (as the shipped model does at the new site); the candidate is the same
    # graph with the shipped thresholds: better sensitivity, fewer studies flagged
    model_copy(MODEL, str(root / "live"), "0.2.0-live", escalate_malignant_probability=0.999, review_uncertainty=0.0)
    model_copy(MODEL, str(root / "worse"), "0.2.0-all", escalate_malignant_probability=0.0, review_uncertainty=1.01)
    return root


def _gate(sets, cand, out, *extra, live=None):
    return model_gate.main(
        [
            "--live",
            str(live or sets / "live"),
            "--candidate",
            str(cand),
            "--dataset",
            str(sets / "dataset"),
            "--reference",
            str(sets / "reference"),
            "--out",
            str(out),
            *extra,
        ]
    )


def test_gate_passes_a_better_candidate_and_writes_the_report(sets, tmp_path, capsys):
    scores = tmp_path / "scores.jsonl"
    scores.write_text(
        json.dumps(_ev("s1", "i1", "primary", "0.2.0-live", 0.5, 0.9, 1, 0.999, 0.0))
        + "\n"
        + json.dumps(_ev("s1", "i1", "shadow", "0.2.0", 0.5, 0.1, 2, 0.26, 0.44))
        + "\n"
    )
    code = _gate(sets, MODEL, tmp_path / "g", "--scores", str(scores))
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    rep = json.load(open(tmp_path / "g" / "gate_report.json"))
    assert code == 0 and rep["decision"] == "PASS" == line["decision"], rep["failed"]
    assert set(rep["criteria"]) == {
        "reference_noninferiority",
        "reference_flag_rate",
        "site_sensitivity",
        "site_flag_rate",
        "site_calibration",
        "shadow_agreement",
    }
    for c in rep["criteria"].values():
        assert {"value", "ci", "threshold", "pass"} <= set(c)
    assert rep["inputs"]["candidate"]["model_sha256"] == model_gate.sha256_file(os.path.join(MODEL, "model.onnx"))
    assert rep["inputs"]["candidate"]["pin_sha256"] and rep["inputs"]["dataset"]["content_sha256"]
    assert rep["inputs"]["reference"]["content_sha256"] == line["reference_sha256"]
    assert (
        "NOT FOR CLINICAL USE" in rep["provenance"]
        and "NOT FOR CLINICAL USE" in open(tmp_path / "g" / "gate_report.md").read()
    )
    assert line["report_sha256"] == model_gate.sha256_file(str(tmp_path / "g" / "gate_report.json"))
    s = rep["criteria"]["site_sensitivity"]
    assert s["before"]["value"] == 0 and s["after"]["value"] > 0.5 and s["ci"][0] > 0
    sh = rep["criteria"]["shadow_agreement"]
    assert sh["n_studies"] == 1 and sh["disagreements"][0]["live_decision"] == "REVIEW"


def test_gate_fails_a_candidate_that_escalates_everything(sets, tmp_path, capsys):
    assert _gate(sets, sets / "worse", tmp_path / "g", live=MODEL) == 3  # against the shipped thresholds
    rep = json.load(open(tmp_path / "g" / "gate_report.json"))
    assert "reference_flag_rate" in rep["failed"] and rep["criteria"]["shadow_agreement"]["pass"] is None


def test_gate_fails_a_candidate_identical_to_the_live_model(sets, tmp_path, capsys):
    assert _gate(sets, sets / "live", tmp_path / "g") == 3
    rep = json.load(open(tmp_path / "g" / "gate_report.json"))
    assert "site_sensitivity" in rep["failed"] and rep["criteria"]["reference_noninferiority"]["value"] == 0


def test_gate_refuses_bad_input_with_exit_2(sets, tmp_path, capsys):
    assert _gate(sets, tmp_path / "missing", tmp_path / "g") == 2
    scores = tmp_path / "bad.jsonl"
    scores.write_text('{"study_key": "s1"}\n')
    assert _gate(sets, MODEL, tmp_path / "g", "--scores", str(scores)) == 2
    assert not (tmp_path / "g" / "gate_report.json").exists()


def _tampered_copy(sets, tmp_path, name):
    import shutil

    d = tmp_path / name
    shutil.copytree(sets / name, d)
    for sub, _, files in os.walk(d):
        os.chmod(sub, 0o755)
        for f in files:
            os.chmod(os.path.join(sub, f), 0o644)
    return d


def _flip_first_label(path):
    rows = list(csv.DictReader(open(path)))
    rows[0]["label"] = "normal" if rows[0]["label"] == "malignant" else "malignant"
    with open(path, "w", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.mark.parametrize("kind", ["dataset", "reference"])
def test_gate_refuses_changed_labels_with_exit_2(sets, tmp_path, capsys, kind):
    d = _tampered_copy(sets, tmp_path, kind)
    _flip_first_label(d / "labels.csv")
    args = ("--dataset", str(d)) if kind == "dataset" else ("--reference", str(d))
    assert _gate(sets, MODEL, tmp_path / "g", *args) == 2
    assert not (tmp_path / "g" / "gate_report.json").exists()


@pytest.mark.parametrize("kind", ["dataset", "reference"])
def test_gate_refuses_labels_the_manifest_does_not_list_with_exit_2(sets, tmp_path, capsys, kind):
    # labels.csv dropped from the manifest and the content hash recomputed: the hash no longer covers
    # the labels, so the gate must not read them
    import hashlib

    d = _tampered_copy(sets, tmp_path, kind)
    _flip_first_label(d / "labels.csv")
    lines = [l for l in open(d / "MANIFEST.sha256") if not l.rstrip().endswith("  labels.csv")]
    (d / "MANIFEST.sha256").write_text("".join(lines))
    info_name = "dataset.json" if kind == "dataset" else "reference.json"
    info = json.load(open(d / info_name))
    info["content_sha256"] = hashlib.sha256("".join(lines).encode()).hexdigest()
    (d / info_name).write_text(json.dumps(info))
    args = ("--dataset", str(d)) if kind == "dataset" else ("--reference", str(d))
    assert _gate(sets, MODEL, tmp_path / "g", *args) == 2
    assert "labels.csv" in capsys.readouterr().err
