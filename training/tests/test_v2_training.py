"""Phantoms-v2 training: seg head and its export, golden mask, mask-aligned augmentation, the OE term,
mask localisation metrics, and the --quick / --phantoms v2 configuration.

    /usr/bin/python3 -m pytest -q tests/test_v2_training.py
"""
import numpy as np
import torch

from osteon_training import onnx_numpy
from osteon_training.augment import acquisition, augment
from osteon_training.evaluate_model import mask_localisation
from osteon_training.export import check, export_onnx
from osteon_training.golden import write_goldens
from osteon_training.model import DeployModel, OsteonNet
from osteon_training.pipeline import parse
from osteon_training.train import centre_weights, dice_bce, lesion_loss, oe_loss


def _deploy(S=32, seg=True, oe=True, lesion_pool=False):
    torch.manual_seed(0)
    net = OsteonNet(width=4, heads=2, seg=seg, oe=oe, lesion_pool=lesion_pool).eval()
    F = net.feat_dim
    return DeployModel(net, 1.0, np.zeros((3, F)), np.eye(F), 1.0, 4.0).eval()


def test_seg_head_gives_a_mask_at_the_input_resolution():
    d = _deploy(32)
    with torch.no_grad():
        out = d(torch.randn(3, 1, 32, 32))
    assert d.outputs == ["probs", "spread", "uncertainty", "cam", "mask"] and len(out) == 5
    assert out[4].shape == (3, 32, 32) and (out[4] >= 0).all() and (out[4] <= 1).all()
    assert out[3].shape == (3, 2, 2)  # the CAM stays
    assert len(_deploy(32, seg=False)(torch.randn(1, 1, 32, 32))) == 4


def test_export_has_the_mask_output_and_numpy_matches_torch(tmp_path):
    d = _deploy(32)
    path = str(tmp_path / "m.onnx")
    export_onnx(d, path, 32)
    assert check(path)["outputs"] == ["probs", "spread", "uncertainty", "cam", "mask"]
    x = np.random.default_rng(0).normal(size=(3, 1, 32, 32)).astype(np.float32)
    got = onnx_numpy.run(path, {"image": x})
    with torch.no_grad():
        want = d(torch.from_numpy(x))
    for k, w in zip(d.outputs, want):
        assert np.abs(got[k] - w.numpy()).max() < 1e-4, k


def test_lesion_pool_exports_and_its_cam_still_averages_to_the_pooled_logit(tmp_path):
    d = _deploy(64, lesion_pool=True)
    path = str(tmp_path / "m.onnx")
    export_onnx(d, path, 64)
    x = np.random.default_rng(1).normal(size=(2, 1, 64, 64)).astype(np.float32)
    got = onnx_numpy.run(path, {"image": x})
    with torch.no_grad():
        want = d(torch.from_numpy(x))
        g, lesion, att = d.net.pool(d.net.encode(torch.from_numpy(x))[3])
    for k, w in zip(d.outputs, want):
        assert np.abs(got[k] - w.numpy()).max() < 1e-4, k
    assert g.shape == (2, 2 * d.net.channels) and lesion.shape == att.shape == (2, 1, 4, 4)
    # the map's mean over the cells is the features' share of the member-mean malignant logit
    w_mal = torch.stack([h.weight[2] for h in d.net.heads]).mean(0)
    assert torch.allclose(want[3].mean((1, 2)), g @ w_mal, atol=1e-5)


def test_centre_weights_give_every_centre_the_pooled_label_distribution():
    y = np.array([2] * 10 + [0] * 90 + [2] * 40 + [0] * 60)  # centre a: 10 % malignant, b: 40 %
    meta = [{"centre": "a"}] * 100 + [{"centre": "b"}] * 100
    w = centre_weights(y, meta)
    for c in ("a", "b"):
        sel = np.array([m["centre"] == c for m in meta])
        assert abs(w[sel & (y == 2)].sum() / w[sel].sum() - 0.25) < 1e-9
    assert (centre_weights(y, [{}] * 200) == 1).all()  # no centre: unweighted
    # a centre whose non-malignant images are all "not malignant" (3) is balanced like the others
    y3 = np.array([2] * 10 + [3] * 90 + [2] * 40 + [0] * 30 + [1] * 30)
    w3 = centre_weights(y3, meta)
    for c in ("a", "b"):
        sel = np.array([m["centre"] == c for m in meta])
        assert abs(w3[sel & (y3 == 2)].sum() / w3[sel].sum() - 0.25) < 1e-9
    rare = np.array([2] + [0] * 99 + [2] * 50 + [0] * 50)  # 1 % against 50 %: clipped at 5
    assert centre_weights(rare, meta).max() == 5.0


def test_lesion_loss_leaves_out_tumour_images_without_a_mask():
    masks = torch.zeros(5, 1, 32, 32)
    masks[0, 0, 4:12, 4:12] = 1  # malignant with a mask
    y = torch.tensor([2, 0, 2, 1])  # 4 in-batch images, then one outlier
    logits = torch.zeros(5, 1, 2, 2, requires_grad=True)
    lesion_loss(logits, masks, y, 4).backward()
    taught = logits.grad.flatten(1).abs().sum(1) > 0
    # the masked image, the normal one and the outlier are taught; the unannotated tumours are not
    assert taught.tolist() == [True, True, False, False, True]
    cells = torch.full((5, 1, 2, 2), -20.0)
    cells[0, 0, 0, 0] = 20.0  # right on every kept image: the mask's cell on, the rest off
    assert float(lesion_loss(cells, masks, y, 4)) < 1e-6


def test_golden_vectors_cover_the_mask(tmp_path):
    d = _deploy(32)
    export_onnx(d, str(tmp_path / "model.onnx"), 32)
    g = write_goldens(d, str(tmp_path / "golden"), 32, 0.5, 0.25)
    for c in g["cases"]:
        o = c["outputs"]
        assert o["mask_shape"] == [32, 32] and isinstance(o["mask_sum"], float) and 0 <= o["mask_max"] <= 1
    assert onnx_numpy.check_golden(str(tmp_path)) <= 1e-4


def test_geometric_augment_moves_masks_with_the_image():
    g = torch.Generator().manual_seed(0)
    m = torch.zeros(8, 1, 48, 48)
    m[:, :, 10:22, 14:30] = 1.0
    x = (m * 0.9 + 0.05 - 0.5) / 0.25  # bright where the mask is, on a dim body
    xa, ma = augment(x, 0.5, 0.25, g, p=1.0, mask=m)
    bright = (xa * 0.25 + 0.5) > 0.5
    agree = (bright == (ma > 0.5)).float().mean()
    assert agree > 0.97 and not torch.equal(ma, m)


def test_acquisition_augment_keeps_padding_and_anatomy_in_place():
    rng = np.random.default_rng(1)
    v = np.zeros((64, 64))
    v[:, 16:48] = 0.3
    v[20:30, 24:36] = 0.9  # a bright "lesion"
    for _ in range(20):
        out = acquisition(v, 0.5, rng)
        assert out.shape == v.shape and (out[:, :16] == 0).all() and (out[:, 48:] == 0).all()
        assert 0 <= out.min() and out.max() <= 1


def test_losses_are_finite_and_dice_is_low_for_a_perfect_mask():
    m = torch.zeros(2, 1, 16, 16)
    m[:, :, 4:8, 4:8] = 1
    assert dice_bce(m * 40 - 20, m) < 0.01 < dice_bce(-m * 40 + 20, m)
    lg = torch.randn(3, 5, 3)
    assert torch.isfinite(oe_loss(lg, torch.randn(9), 4))


def test_outlier_exposure_raises_the_uncertainty_of_outliers():
    """A tiny net trained with OE on smooth in-distribution blobs vs striped outliers."""
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(0)
    S = 24
    yy, xx = torch.meshgrid(torch.arange(S), torch.arange(S), indexing="ij")

    def ind(n):
        c = torch.rand(n, 2, generator=g) * S
        return torch.exp(-((yy - c[:, :1, None]) ** 2 + (xx - c[:, 1:, None]) ** 2) / 20.0).unsqueeze(1)

    def ood(n):
        f = torch.rand(n, 1, 1, generator=g) * 1.5 + 0.5
        return (torch.sin(xx * f) > 0).float().unsqueeze(1)

    net = OsteonNet(width=4, heads=2, oe=True)
    opt = torch.optim.Adam(net.parameters(), 1e-2)
    for _ in range(60):
        xi, xo = ind(16), ood(8)
        y = (xi.flatten(1).argmax(1) % 3).long()
        r = net.forward_all(torch.cat([xi, xo]))
        ce = torch.nn.functional.cross_entropy(r["logits"][:, :16].reshape(-1, 3), y.repeat(2))
        loss = ce + oe_loss(r["logits"][:, 16:], r["oe"], 16)
        opt.zero_grad()
        loss.backward()
        opt.step()
    net.eval()
    F = net.feat_dim
    d = DeployModel(net, 1.0, np.zeros((3, F)), np.eye(F), 1e6, 1.0).eval()  # Mahalanobis term off
    with torch.no_grad():
        xi, xo = ind(64), ood(64)
        oe_in, oe_out = torch.sigmoid(net.forward_all(xi)["oe"]), torch.sigmoid(net.forward_all(xo)["oe"])
        u_out = d(xo)[2]
    assert float(oe_out.mean()) > float(oe_in.mean()) + 0.5
    assert torch.all(u_out >= oe_out - 1e-6)  # the graph's uncertainty includes the OE term


def test_mask_localisation_counts_hits_and_false_positives():
    m = np.zeros((3, 32, 32), bool)
    m[0, 5:10, 5:10] = m[1, 20:25, 20:25] = True
    p = np.zeros((3, 32, 32), np.float32)
    p[0, 5:10, 5:10] = 0.9  # exact hit
    p[1, 0:3, 0:3] = 0.8  # misses, a false positive
    p[2, 10:12, 10:12] = 0.7  # a normal image: a false positive
    r = mask_localisation(p, m, np.array([2, 2, 0]), 2)["malignant"]
    assert r["n"] == 2 and r["dice_mean"] == 0.5 and r["pointing_game"] == 0.5
    assert r["froc_sensitivity_at_1fp"] == 0.5 and r["froc"]["0.125"] == 0.5
    assert mask_localisation(None, m, np.zeros(3), 2) is None
    blob = np.full((3, 32, 32), 0.9, np.float32)  # everything "tumour": no lesion found, 3 false positives
    r = mask_localisation(blob, m, np.array([2, 2, 0]), 2)["malignant"]
    assert r["froc_sensitivity_at_1fp"] == 0.0 and r["froc"]["4.0"] == 0.0 and r["dice_mean"] < 0.1


def test_quick_trains_on_phantoms_v2_with_every_v2_part():
    cfg = parse(["--quick"])
    assert cfg.quick and cfg.dataset == "phantoms-v2"
    assert cfg.seg_weight > 0 and cfg.oe_weight > 0 and cfg.acq_aug > 0 and cfg.previous_model == ""
    assert cfg.lesion_pool and cfg.centre_balance
    assert not parse(["--quick", "--no-lesion-pool"]).lesion_pool
    assert parse(["--quick", "--phantoms", "v1"]).dataset == "phantom"
    full = parse(["--phantoms", "v2", "--size", "192"])
    assert full.size == 192 and full.previous_model.endswith("models/default") and not full.quick
    assert parse(["--data", "/nowhere", "--format", "btxrd", "--quick"]).dataset == "btxrd"


def test_v2_training_splits_leave_out_the_near_ood_kinds():
    from osteon_training.datasets.phantoms_v2 import build, near_ood_case, plan
    from osteon_training.phantoms_v2.dataset import case

    p = plan("train", 30)
    assert sum(len(v) for _, v in p) == 30
    assert not any(near_ood_case(case("train", i)) for i, _ in p)
    b = build("val", 6, 32, workers=1)
    assert b.x.shape == (6, 32, 32) and b.mask.shape == (6, 32, 32) and "pixel_spacing" in b.meta[0]
