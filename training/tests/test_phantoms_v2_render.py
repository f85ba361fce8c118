"""Phantoms v2 images: determinism, patients and views, splits, acquisition, masks."""
import dataclasses

import numpy as np
from scipy import ndimage

from osteon_training import splits
from osteon_training.phantoms_v2 import anatomy, ceiling, dataset, render
from osteon_training.phantoms_v2.acquisition import CENTRES, SPLIT_CENTRES

SIZE = 160


def _case_of(split, subtype, start=0):
    for i in range(start, start + 4000):
        c = dataset.case(split, i)
        if c.subtype == subtype:
            return c
    raise AssertionError(subtype)


def test_same_seed_gives_identical_images_and_another_index_does_not():
    a, b = dataset.render_view(dataset.case("val", 3), 0, SIZE), dataset.render_view(dataset.case("val", 3), 0, SIZE)
    assert np.array_equal(a["stored"], b["stored"]) and np.array_equal(a["mask"], b["mask"])
    assert a["info"] == b["info"]
    c = dataset.render_view(dataset.case("val", 4), 0, SIZE)
    assert a["stored"].shape != c["stored"].shape or not np.array_equal(a["stored"], c["stored"])


def test_views_of_a_patient_share_the_patient_and_the_finding():
    c = _case_of("test", "osteosarcoma")
    views = [dataset.render_view(c, v, SIZE) for v in range(len(c.views))]
    assert len(views) >= 2
    assert len({r["info"]["patient"] for r in views}) == 1
    assert len({r["info"]["view"] for r in views}) == len(views)
    assert all(r["info"]["signs"] == c.signs and r["mask"].any() for r in views)


def test_grouped_split_keeps_every_view_of_a_patient_together():
    meta = [r["info"] for r in dataset.images("train", 40, 96)]
    assert len({m["patient"] for m in meta}) < len(meta)  # several views per patient
    idx = splits.grouped_split(meta, "patient", seed=1, fractions={"a": 0.5, "b": 0.5})
    splits.check_disjoint(meta, idx, keys=("patient",))


def test_label_noise_only_in_the_training_split():
    noisy = {}
    for s in SPLIT_CENTRES:
        cs = [dataset.case(s, i) for i in range(600)]
        noisy[s] = sum(c.label != c.true_label for c in cs)
    assert noisy["train"] > 0
    assert noisy["val"] == noisy["cal"] == noisy["test"] == 0


def test_age_is_independent_of_the_label():
    cs = [dataset.case("train", i) for i in range(1500)]
    y = np.array([c.true_label == "malignant" for c in cs])
    age = np.array([c.age for c in cs])
    assert y.sum() > 50 and abs(ceiling.auc(age, y) - 0.5) < 0.08


def test_test_centres_are_outside_the_training_resolution_range_and_prevalences_differ():
    train = [CENTRES[c].native_px for c in SPLIT_CENTRES["train"]]
    assert all(2000 <= p <= 3072 for p in (CENTRES[c].native_px for c in CENTRES))
    assert all(CENTRES[c].native_px > max(train) for c in SPLIT_CENTRES["test"])
    assert len({CENTRES[c].prevalence["malignant"] for c in CENTRES}) >= 4


def test_acquisition_changes_pixels_but_not_the_masks():
    c = _case_of("train", "ewing")
    rs = [dataset.render_view(dataclasses.replace(c, centre=k), 0, SIZE) for k in ("c01", "c04", "c07", "c08")]
    for r in rs[1:]:
        assert np.array_equal(r["mask"], rs[0]["mask"]) and np.array_equal(r["finding_mask"], rs[0]["finding_mask"])
        assert not np.allclose(r["image"], rs[0]["image"], atol=0.02)
    assert {r["meta"].photometric for r in rs} <= {"MONOCHROME1", "MONOCHROME2"}


def _maps(c, signs, size=SIZE):
    prng = np.random.default_rng(c.seed + 1)
    shape, geo = anatomy.patient_shape(prng), render.geometry(prng)
    vrng = np.random.default_rng(c.seed + 2)
    scene = anatomy.build(c.site, c.views[0], shape, vrng)
    return render.project(scene, signs, geo, max(scene.fov) / size, vrng, c.age, c.true_label != "normal")


def test_the_mask_is_where_the_finding_changes_the_bone():
    for st in ("giant_cell_tumor", "metastasis", "enchondroma", "osteomyelitis"):
        c = _case_of("val", st)
        signs = dict(c.signs, hardware="none")
        with_f, without = _maps(c, signs), _maps(c, dict(signs, location="none"))
        m = with_f.finding_mask
        assert m.any()
        assert with_f.mask.any() == (c.true_label != "normal")
        diff = np.abs(with_f.bone - without.bone) + np.abs(with_f.soft - without.soft)
        near = ndimage.binary_dilation(m, iterations=3)
        assert diff[near].sum() / diff.sum() > 0.8, st
        assert diff[m].mean() > 5 * diff[~near].mean(), st


def test_normal_images_have_no_tumour_mask_and_a_bundle_builds():
    b = dataset.build("cal", 6, size=96, S=64)
    assert b.x.shape == (6, 64, 64) and b.mask.shape == (6, 64, 64)
    for y, m, meta in zip(b.y, b.mask, b.meta):
        if meta["true_label"] == "normal":
            assert not m.any()
