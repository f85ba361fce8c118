"""Sign readability (phantoms_v2/readability.py): the lesion crop, and a reader that tells a drawn
sign from one the pixels do not show.

    /usr/bin/python3 -m pytest -q tests/test_phantoms_v2_readability.py
"""
import numpy as np

from osteon_training.phantoms_v2 import dataset, readability
from osteon_training.phantoms_v2.signs import SIGNS


def test_the_crop_is_centred_on_the_lesion_and_scales_it_to_the_crop():
    x = np.zeros((200, 300), np.float32)
    m = np.zeros_like(x, bool)
    m[40:80, 200:260] = True  # 40 x 60 px lesion
    x[m] = 1.0
    c = readability.lesion_crop(x, m, 32)
    assert c.shape == (32, 32)
    assert c[16, 16] == 1.0 and c[0, 0] == 0.0  # lesion in the middle, background at the corner
    # the crop's side is 1.5 x the lesion's longer extent + 16 px: 104 px, of which the lesion spans 60
    assert 0.5 < (c[16] > 0.5).mean() < 0.65


def _synthetic(n, rng):
    """Crops where lysis sets the brightness of a central disc and every other sign is not drawn."""
    yy, xx = np.mgrid[0:24, 0:24]
    disc = (yy - 12) ** 2 + (xx - 12) ** 2 < 36
    recs, xs = [], []
    for _ in range(n):
        r = {
            k: (levels[int(rng.integers(len(levels)))] if levels else float(rng.random()))
            for k, levels in SIGNS.items()
        }
        xs.append(rng.normal(0, 0.05, (24, 24)).astype(np.float32) - disc * r["lysis"])
        recs.append(r)
    y = np.array([int(r["lysis"] > 0.5) for r in recs])
    return np.stack(xs).astype(np.float32), y, y, recs


def test_the_reader_reads_a_drawn_sign_and_not_an_undrawn_one():
    rng = np.random.default_rng(0)
    res = readability.read(_synthetic(300, rng), _synthetic(150, rng), epochs=8)
    assert res["signs"]["lysis"]["spearman"] > 0.8
    assert abs(res["signs"]["rim"]["spearman"]) < 0.3
    assert res["signs"]["pattern"]["macro_auc"] < 0.65
    assert res["label_auc_pixels"] > 0.9  # the label here is the drawn sign


def test_patients_held_out_are_not_in_training_and_the_attenuation_crops_come_from_the_mask():
    rows = readability.crops("train", 24, 96, 24, workers=1, acquired=False)
    assert len(set(rows[4])) < len(rows[4])  # patients have several views
    a, b = readability.patient_cut(rows)
    assert set(a[4]).isdisjoint(b[4]) and len(a[1]) + len(b[1]) == len(rows[1]) and len(b[1]) > 0
    x = rows[0]
    assert x.shape[1:] == (24, 24) and np.isfinite(x).all()
    # the first crop is the first tumour view of its patient, cut around its own mask
    c = dataset.case("train", int(rows[4][0].rsplit("p", 1)[1]))
    v = next(v for v in range(len(c.views)) if dataset.render_maps(c, v, 96)[0].mask.any())
    maps = dataset.render_maps(c, v, 96)[0]
    a = maps.bone + maps.soft + maps.metal
    want = readability.lesion_crop(((a - a.mean()) / (a.std() + 1e-6)).astype(np.float32), maps.mask, 24)
    assert np.allclose(x[0], want)
    inside = readability.lesion_crop(maps.mask.astype(np.float32), maps.mask, 24)
    assert inside[12, 12] > 0.5  # the lesion is in the middle of its crop
