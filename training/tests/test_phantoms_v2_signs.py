"""Phantoms v2 sign tables: overlap between labels, clinical context without a shortcut, the ceiling."""
import numpy as np

from osteon_training.phantoms_v2 import ceiling, population
from osteon_training.phantoms_v2.signs import SIGNS, from_record, log_density, to_record

N = 40_000


def _cases(seed=11):
    st, signs = ceiling.sample_cases(N, seed)
    y = np.array([population.LABEL_OF[s] == "malignant" for s in st])
    return st, signs, y


def test_sampling_is_deterministic_by_seed():
    a, b, c = ceiling.sample_cases(500, 3), ceiling.sample_cases(500, 3), ceiling.sample_cases(500, 4)
    assert list(a[0]) == list(b[0]) and all(np.array_equal(a[1][k], b[1][k]) for k in SIGNS)
    assert any(not np.array_equal(a[1][k], c[1][k]) for k in SIGNS)


def test_no_single_sign_separates_the_labels():
    _, signs, y = _cases()
    per = ceiling.sign_aucs(signs, y)
    assert set(per) == set(SIGNS)
    assert max(per.values()) < 0.9, per


def test_lesion_size_is_a_weak_sign():
    _, signs, y = _cases()
    assert ceiling.size_auc_with_finding(signs, y) < 0.7


def test_malignant_signs_are_always_possible_without_malignancy():
    # the likelihood ratio is finite for (nearly) every malignant case: a non-malignant subtype
    # could have produced the same sign record
    st, signs, y = _cases()
    lr = ceiling.log_lr(signs)
    for k in population.TABLES:
        m = st == k
        if population.LABEL_OF[k] == "malignant":
            assert np.isfinite(lr[m]).mean() > 0.99, k


def test_bayes_ceiling_is_in_the_published_band():
    r = ceiling.ceiling(N, seed=5, boot=20)
    assert 0.90 <= r["ci95"][0] and r["ci95"][1] <= 0.95, r["ci95"]


def test_log_density_is_normalised_for_a_real_sign():
    t = population.TABLES["osteosarcoma"]
    x = np.linspace(1e-3, 2000, 400_001)
    p = np.exp(t["size_mm"].logpdf(x))
    assert abs(np.trapz(p, x) - 1) < 1e-3


def test_records_round_trip():
    _, signs, _ = _cases()
    rec = to_record(signs, 7)
    back = from_record(rec)
    assert all(back[k][0] == signs[k][7] if SIGNS[k] else abs(back[k][0] - signs[k][7]) < 1e-5 for k in SIGNS)
    assert all(rec[k] in SIGNS[k] for k in SIGNS if SIGNS[k])


def test_each_case_is_possible_under_its_own_subtype():
    st, signs, _ = _cases()
    for k in ("none", "enchondroma", "metastasis", "osteomyelitis"):
        m = st == k
        assert np.isfinite(log_density(population.TABLES[k], {n: v[m] for n, v in signs.items()})).all()


def test_age_sex_and_site_do_not_depend_on_the_subtype():
    rng = np.random.default_rng(0)
    st = population.draw_subtypes(rng, 6000)
    ctx = [population.clinical(rng) for _ in st]
    age = np.array([c["age"] for c in ctx])
    y = np.array([population.LABEL_OF[s] == "malignant" for s in st])
    a = ceiling.auc(age, y)
    assert abs(a - 0.5) < 0.05
    src = open(population.__file__).read()
    assert "def clinical(rng)" in src  # the draw takes no subtype or label argument


def test_label_noise_only_in_train():
    rng = np.random.default_rng(0)
    flips = {
        s: sum(population.observed_label(rng, "chondrosarcoma", s) != "malignant" for _ in range(2000))
        for s in ("train", "val", "cal", "test")
    }
    assert flips["train"] > 200 and flips["val"] == flips["cal"] == flips["test"] == 0
    assert all(population.observed_label(rng, "osteochondroma", "train") == "benign" for _ in range(200))
