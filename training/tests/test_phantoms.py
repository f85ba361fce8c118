import numpy as np

from osteon_training.datasets.phantom import _plan, build
from osteon_training.phantoms import BENIGN, MALIGNANT, encode, make_phantom
from osteon_training.preprocess import to_unit


def test_same_seed_gives_identical_phantom():
    a, b = make_phantom(7, "malignant", 160), make_phantom(7, "malignant", 160)
    assert np.array_equal(a.image, b.image) and np.array_equal(a.mask, b.mask)
    assert (a.subtype, a.site, a.age) == (b.subtype, b.site, b.age)
    assert not np.array_equal(a.image, make_phantom(8, "malignant", 160).image)


def test_labels_subtypes_and_masks_are_consistent():
    for seed in range(18):
        label = ["normal", "benign", "malignant"][seed % 3]
        p = make_phantom(seed, label, 160)
        assert p.image.dtype == np.float32 and 0 <= p.image.min() and p.image.max() <= 1
        if label == "normal":
            assert p.subtype == "none" and not p.mask.any() and p.bbox is None and p.size_class == "none"
        else:
            assert p.subtype in (BENIGN if label == "benign" else MALIGNANT)
            assert p.mask.any() and p.bbox is not None
            x0, y0, x1, y1 = p.bbox
            ys, xs = np.nonzero(p.mask)
            assert xs.min() == x0 and xs.max() == x1 - 1 and ys.min() == y0 and ys.max() == y1 - 1


def test_every_subtype_can_be_generated():
    for i, st in enumerate(BENIGN + MALIGNANT):
        p = make_phantom(100 + i, "malignant" if st in MALIGNANT else "benign", 128, subtype=st)
        assert p.subtype == st and p.mask.sum() > 0


def test_encode_round_trips_through_preprocessing_window():
    img = make_phantom(3, "normal", 128).image
    for mono1 in (False, True):
        stored, meta = encode(img, np.random.default_rng(0), monochrome1=mono1, windowed=False)
        assert stored.dtype == np.uint16 and stored.max() <= 4095
        v = to_unit(stored, meta)
        assert np.corrcoef(v.ravel(), img.ravel())[0, 1] > 0.999  # bone stays bright


def test_plan_has_exact_prevalence_and_groups_patients():
    plan = _plan("test", 200, ["c07", "c08"], 0.10, 4_000_000)
    labels = [p[1] for p in plan]
    assert len(plan) == 200 and labels.count("malignant") == 20
    pat = {}
    for seed, lab, c, patient, _ in plan:
        pat.setdefault(patient, set()).add(c)
    assert all(len(v) == 1 for v in pat.values())


def test_build_is_deterministic_and_preprocessed():
    a = build("val", 12, ["c05"], workers=1, progress=False, size=128)
    b = build("val", 12, ["c05"], workers=1, progress=False, size=128)
    assert a.x.shape == (12, 128, 128) and np.array_equal(a.x, b.x)
    assert a.x.min() >= -2.0 - 1e-6 and a.x.max() <= 2.0 + 1e-6
    for y, m, meta in zip(a.y, a.mask, a.meta):
        assert (y == 0) == (not m.any()) or meta["label"] != "normal"
