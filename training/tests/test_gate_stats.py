"""The gate mirror (gate.py against Java's GatePolicy and the golden vectors) and stats.py."""
import json
import math
import os

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from conftest import REPO
from osteon_training import gate, onnx_numpy
from osteon_training import stats as st

MODEL = os.path.join(REPO, "models", "default")
GATE_JAVA = os.path.join(REPO, "streams/src/main/java/org/osteon/streams/gate/GatePolicy.java")
TH = {"escalate_malignant_probability": 0.25, "review_uncertainty": 0.4}


def test_gate_follows_the_java_rule_at_its_boundaries():
    d = lambda p, u: gate.decide(p, u, 0.25, 0.4)  # noqa: E731
    assert d(0.25, 0.0) == "ESCALATE"  # >= on the escalate threshold
    assert d(0.2499, 0.0) == "ROUTINE"
    assert d(0.99, 0.4) == "REVIEW"  # >= on the review threshold, and uncertainty first
    assert d(0.99, 0.3999) == "ESCALATE"
    assert d(float("nan"), 0.0) == "REVIEW" and d(0.9, float("nan")) == "REVIEW"
    p, u = np.array([0.25, 0.2499, 0.99, 0.99, np.nan]), np.array([0.0, 0.0, 0.4, 0.3999, 0.0])
    assert list(gate.decide_all(p, u, TH)) == [d(a, b) for a, b in zip(p, u)]


def test_gate_mirror_names_the_java_class_whose_rule_it_copies():
    java = open(GATE_JAVA).read()
    assert "Double.isNaN(u) || Double.isNaN(p) || u >= review" in java
    assert "p >= escalate" in java
    assert "GatePolicy" in gate.__doc__


def test_golden_cases_get_the_same_decision_from_onnx_numpy_as_from_torch():
    g = json.load(open(os.path.join(MODEL, "golden", "golden.json")))
    th = json.load(open(os.path.join(MODEL, "model.json")))["thresholds"]
    x = np.concatenate(
        [np.fromfile(os.path.join(MODEL, "golden", c["input"]), "<f4").reshape(c["shape"]) for c in g["cases"]]
    )
    out = onnx_numpy.run(os.path.join(MODEL, "model.onnx"), {"image": x})
    torch_side = gate.decide_all(
        [c["outputs"]["probs"][2] for c in g["cases"]], [c["outputs"]["uncertainty"] for c in g["cases"]], th
    )
    assert list(gate.decide_all(out["probs"][:, 2], out["uncertainty"], th)) == list(torch_side)
    assert "ESCALATE" in torch_side and "ROUTINE" in torch_side  # the goldens exercise both lanes


def test_rank_auc_equals_sklearn_with_ties():
    rng = np.random.default_rng(0)
    y, s = rng.random(200) < 0.3, np.round(rng.random(200), 1)
    assert st.auc(y, s) == pytest.approx(roc_auc_score(y, s), abs=1e-12)
    assert st.auc(np.zeros(5, bool), s[:5]) is None


def test_clustered_bootstrap_counts_a_patient_once_however_many_views():
    rng = np.random.default_rng(1)
    per_patient = (rng.random(12) < 0.5).astype(float)
    views = np.repeat(per_patient, 4)  # four identical views per patient
    mean = lambda v: (lambda i: float(v[i].mean()) if len(i) else None)  # noqa: E731
    clustered = st.cluster_bootstrap(mean(views), np.repeat(np.arange(12), 4), 300, seed=3)
    one_view = st.cluster_bootstrap(mean(per_patient), np.arange(12), 300, seed=3)
    naive = st.cluster_bootstrap(mean(views), np.arange(48), 300, seed=3)
    assert clustered["ci"] == one_view["ci"] and clustered["n_clusters"] == 12
    assert naive["ci"][1] - naive["ci"][0] < clustered["ci"][1] - clustered["ci"][0]


@pytest.mark.parametrize(
    "k,n,ucb",
    [(0, 10, 1 - 0.05 ** (1 / 10)), (0, 100, 1 - 0.05 ** (1 / 100)), (10, 10, 1.0), (5, 10, 0.77756), (1, 20, 0.21611)],
)
def test_clopper_pearson_upper_bound_known_values(k, n, ucb):
    assert st.clopper_pearson_upper(k, n) == pytest.approx(ucb, abs=2e-5)
    assert st.clopper_pearson_upper(0, 0) is None
    assert math.isclose(st.clopper_pearson_upper(0, 30), 0.0950, abs_tol=1e-4)  # "rule of three": ~3/n
