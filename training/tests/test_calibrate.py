import math

import numpy as np
import torch
from scipy import stats

from osteon_training.calibrate import (
    crc_threshold,
    fit_ood,
    fit_temperature,
    ood_distance,
    operating_point,
    rcps_threshold,
    review_threshold,
)


def test_crc_threshold_is_the_largest_lambda_meeting_the_bound():
    p = np.linspace(0.01, 0.99, 99)  # n = 99, alpha = 0.05 -> 4 misses allowed
    lam = crc_threshold(p, 0.05)
    n = len(p)
    fnr = (p < lam).mean()
    assert lam == p[4]
    assert n / (n + 1) * fnr + 1 / (n + 1) <= 0.05 + 1e-12
    nxt = p[5]
    assert n / (n + 1) * (p < nxt).mean() + 1 / (n + 1) > 0.05


def test_crc_with_too_few_cases_escalates_everything():
    assert crc_threshold(np.array([0.5, 0.9]), 0.05) == 0.0


def test_rcps_matches_brute_force_binomial_bound():
    p = np.sort(np.random.default_rng(0).random(300))
    lam = rcps_threshold(p, 0.05, 0.1)
    misses = int((p < lam).sum())
    ucb = stats.beta.ppf(0.9, misses + 1, len(p) - misses)
    assert ucb <= 0.05
    assert stats.beta.ppf(0.9, misses + 2, len(p) - misses - 1) > 0.05


def test_operating_point_takes_the_more_conservative_lambda():
    rng = np.random.default_rng(1)
    y = np.r_[np.full(200, 2), np.zeros(800, int)]
    pm = np.r_[rng.beta(8, 2, 200), rng.beta(2, 8, 800)]
    op = operating_point(pm, y, 2, 0.05, 0.1)
    assert op["escalate_malignant_probability"] == min(op["lambda_crc"], op["lambda_rcps"])
    assert op["calibration_fnr"] <= 0.05


def test_temperature_recovers_a_known_scale():
    rng = np.random.default_rng(2)
    n = 4000
    z_true = rng.normal(0, 2, (n, 3))
    p = torch.softmax(torch.from_numpy(z_true), 1).numpy()
    y = np.array([rng.choice(3, p=pi) for pi in p])
    logits = np.stack([z_true * 2.5] * 3)  # over-confident by 2.5
    assert abs(fit_temperature(logits, y) - 2.5) < 0.25


def test_review_threshold_is_the_upper_quantile():
    u = np.arange(100) / 100
    assert review_threshold(u, 0.1) == 0.9


def _features(rng, n, spread):
    y = rng.integers(0, 3, n)
    f = rng.normal(0, spread, (n, 8))
    f[:, 0] += y * 3
    return f, y


def test_ood_fit_squashes_held_out_to_low_scores_and_far_points_high():
    rng = np.random.default_rng(3)
    f, y = _features(rng, 600, 1.0)
    held, _ = _features(rng, 600, 1.0)
    o = fit_ood(f, y, held)
    d = ood_distance(held, o["mu"], o["prec_chol"])
    assert abs((d <= o["d0"]).mean() - 0.99) < 0.01
    far = ood_distance(f[:5] + 25, o["mu"], o["prec_chol"])
    s = 1 / (1 + np.exp(-o["k"] * (far - o["d0"])))
    assert (s > 0.99).all()
    # Mahalanobis via the Cholesky factor equals the direct formula
    prec = o["prec_chol"] @ o["prec_chol"].T
    diff = f[0] - o["mu"][y[0]]
    assert math.isclose(diff @ prec @ diff, ((diff @ o["prec_chol"]) ** 2).sum(), rel_tol=1e-9)


def test_ood_scale_comes_from_held_out_features_not_the_fitted_ones():
    # A trained network pulls its training images towards the class means: model that as training
    # features with a smaller spread than new images of the same classes.
    rng = np.random.default_rng(5)
    train, y = _features(rng, 3000, 0.8)
    held, _ = _features(rng, 1000, 1.0)
    new, _ = _features(rng, 3000, 1.0)
    flagged = lambda o: (ood_distance(new, o["mu"], o["prec_chol"]) > o["d0"]).mean()
    assert flagged(fit_ood(train, y, held)) < 0.02
    assert flagged(fit_ood(train, y, train)) > 0.05  # scale from the training features


def test_weighted_review_threshold_matches_the_plain_quantile_and_follows_the_weights():
    rng = np.random.default_rng(0)
    u = rng.random(613)
    assert review_threshold(u, 0.1, np.ones(len(u))) == review_threshold(u, 0.1)
    # 13 site images, all more uncertain than 600 replay ones: by count every one is reviewed; at
    # half the weight, about 10 % of the mixture (a fifth of the site's images) is
    site = np.linspace(0.9, 1.0, 13)
    uu = np.concatenate([site, rng.random(600) * 0.8])
    assert (site >= review_threshold(uu, 0.1)).all()
    w = np.concatenate([np.full(13, 0.5 / 13), np.full(600, 0.5 / 600)])
    tau = review_threshold(uu, 0.1, w)
    assert 2 <= (site >= tau).sum() <= 3 and (uu[13:] >= tau).sum() == 0
