"""Sign readability: how much of each hidden sign the rendered pixels show, and what that leaves of
the Bayes ceiling. One JSON line; it measures the generator, not a model of the label.

The ceiling (ceiling.py) is the AUC of the exact likelihood ratio of the sign records. It bounds any
model of the pixels, but it is only reachable if the renderer makes the signs legible. This command
renders the tumour images (benign or malignant, true label) of the first `--n-train` training-split
and `--n-test` test-split cases at `--size` px (long side), cuts each lesion out of its image with
the true mask (a square of 1.5 times the mask's extent plus 16 px, area-resized to `--crop` px, so
every lesion fills its crop), and trains one small CNN on the training crops to read every sign at
once: cross-entropy for the categorical signs, mean squared error for the real ones (standardised),
and BCE for the observed label. On the held-out crops it reports:

  signs            categorical: macro one-vs-rest AUC of the levels present; real: Spearman rho
  label_auc_pixels the reader's label head: what a model that knows where the lesion is reaches
  label_auc_signs  the exact likelihood ratio of the same test images' sign records (true label):
                   what the pixels could give if every sign were legible

Localisation is given (the true mask), so this is an upper bound for the label from the pixels at
that size and data, and a sign with AUC near 0.5 or rho near 0 is one the renderer does not show.

  --held-out test       the test split's cases (centres c07-c08: other acquisition); the default
  --held-out patients   the last third of the training crops (other patients, the same centres):
                        separates what the acquisition shift costs from what the rendering hides
  --no-acquisition      crops of the attenuation image (bone + soft tissue + metal, standardised)
                        before any detector, vendor processing or export: the anatomy renderer alone

    cd training
    /usr/bin/python3 -m osteon_training.phantoms_v2.readability --size 768 --n-train 1400 --n-test 700
"""
from __future__ import annotations

import argparse
import json
import time
from multiprocessing import Pool

import numpy as np

from . import VERSION
from .ceiling import auc, log_lr
from .signs import SIGNS

CATEGORICAL_READ = ("pattern", "periosteal", "matrix", "exophytic", "fracture")
REAL_READ = ("margin", "lysis", "rim", "breach", "expansion", "soft_tissue", "sclerosis", "eccentricity")


def lesion_crop(x: np.ndarray, mask: np.ndarray, crop: int) -> np.ndarray:
    """The square centred on the mask's bounding box, of side 1.5 x its longer extent + 16 px
    (edge-padded), area-resized to crop x crop."""
    import torch
    import torch.nn.functional as F

    ys, xs = np.nonzero(mask)
    cy, cx = (ys.min() + ys.max()) // 2, (xs.min() + xs.max()) // 2
    h = int(max(ys.max() - ys.min(), xs.max() - xs.min(), 16) * 0.75 + 8)
    p = np.pad(x, h, mode="edge")[cy : cy + 2 * h, cx : cx + 2 * h]
    t = torch.from_numpy(np.ascontiguousarray(p, dtype=np.float32))[None, None]
    return F.interpolate(t, size=(crop, crop), mode="area")[0, 0].numpy()


def _view_image(c, v: int, size: int, acquired: bool):
    """(preprocessed image, tumour mask) at size px, or the standardised attenuation image."""
    from ..preprocess import preprocess_pixels, resize_mask
    from .dataset import render_maps, render_view

    if not acquired:
        maps, _ = render_maps(c, v, size)
        a = maps.bone + maps.soft + maps.metal
        return ((a - a.mean()) / (a.std() + 1e-6)).astype(np.float32), maps.mask
    r = render_view(c, v, size)
    m = resize_mask(r["mask"], size) if r["mask"].any() else r["mask"]
    return preprocess_pixels(r["stored"], r["meta"], size, 0.5, 0.25)[0, 0], m


def _crops_of_case(args):
    split, i, size, crop, acquired = args
    from ..datasets.phantoms_v2 import near_ood_case
    from .dataset import case

    c = case(split, i)
    if near_ood_case(c) or c.true_label == "normal":
        return []
    out = []
    for v in range(len(c.views)):
        x, m = _view_image(c, v, size, acquired)
        if not m.any():
            continue
        out.append(
            (lesion_crop(x, m, crop), int(c.label == "malignant"), int(c.true_label == "malignant"), c.signs, c.patient)
        )
    return out


def crops(split: str, n_cases: int, size: int, crop: int, workers: int = 2, acquired: bool = True):
    """(x [N,crop,crop], observed label, true label, sign records, patient ids) of the split's first
    n_cases cases, every view of a patient in a row."""
    jobs = [(split, i, size, crop, acquired) for i in range(n_cases)]
    if workers > 1:
        with Pool(workers) as p:
            rows = [r for rs in p.map(_crops_of_case, jobs, chunksize=8) for r in rs]
    else:
        rows = [r for j in jobs for r in _crops_of_case(j)]
    if not rows:
        raise ValueError(f"no tumour image in the first {n_cases} cases of {split}")
    x = np.stack([r[0] for r in rows]).astype(np.float32)
    y, yt = np.array([r[1] for r in rows]), np.array([r[2] for r in rows])
    return x, y, yt, [r[3] for r in rows], [r[4] for r in rows]


def patient_cut(rows, share: float = 2 / 3):
    """(first part, rest) of crops(...)'s rows, cut at the first patient boundary after share of them."""
    pid = rows[4]
    k = next((i for i in range(int(len(pid) * share), len(pid)) if i == 0 or pid[i] != pid[i - 1]), len(pid))
    return tuple(t[:k] for t in rows), tuple(t[k:] for t in rows)


def sign_arrays(records: list) -> dict:
    """{sign: array}: categorical signs as level indices, real signs as floats."""
    return {
        k: np.array([levels.index(r[k]) for r in records])
        if levels is not None
        else np.array([r[k] for r in records], float)
        for k, levels in SIGNS.items()
    }


def read(train, test, epochs: int = 40, seed: int = 0) -> dict:
    """Train the multi-task reader on train = (x, y_observed, y_true, records, ...), score test."""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    from scipy.stats import spearmanr

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    s_tr, s_te = sign_arrays(train[3]), sign_arrays(test[3])
    mu = {k: s_tr[k].mean() for k in REAL_READ}
    sd = {k: s_tr[k].std() + 1e-6 for k in REAL_READ}

    def conv(cin, cout):
        return [nn.Conv2d(cin, cout, 3, 1, 1), nn.BatchNorm2d(cout), nn.ReLU()]

    enc = nn.Sequential(
        *conv(1, 16), nn.MaxPool2d(2), *conv(16, 32), nn.MaxPool2d(2), *conv(32, 64), nn.MaxPool2d(2), *conv(64, 64)
    )
    enc.append(nn.AdaptiveAvgPool2d(1))
    enc.append(nn.Flatten())
    cat_heads = nn.ModuleDict({k: nn.Linear(64, len(SIGNS[k])) for k in CATEGORICAL_READ})
    real_head, label_head = nn.Linear(64, len(REAL_READ)), nn.Linear(64, 1)
    mods = nn.ModuleList([enc, cat_heads, real_head, label_head])
    opt = torch.optim.AdamW(mods.parameters(), 1e-3, weight_decay=1e-3)
    x = torch.from_numpy(train[0]).unsqueeze(1)
    y = torch.from_numpy(train[1]).float()
    t_cat = {k: torch.from_numpy(s_tr[k]) for k in CATEGORICAL_READ}
    t_real = torch.from_numpy(np.stack([(s_tr[k] - mu[k]) / sd[k] for k in REAL_READ], 1)).float()
    g = torch.Generator().manual_seed(seed)
    mods.train()
    for _ in range(epochs):
        perm = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), 32):
            b = perm[i : i + 32]
            xb = x[b].flip(3) if rng.random() < 0.5 else x[b]  # left and right are the same lesion
            f = enc(xb)
            loss = sum(F.cross_entropy(cat_heads[k](f), t_cat[k][b]) for k in CATEGORICAL_READ)
            loss = loss + F.mse_loss(real_head(f), t_real[b])
            loss = loss + F.binary_cross_entropy_with_logits(label_head(f)[:, 0], y[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
    mods.eval()
    with torch.no_grad():
        f = enc(torch.from_numpy(test[0]).unsqueeze(1))
        out = {}
        for k in CATEGORICAL_READ:
            p, lv = torch.softmax(cat_heads[k](f), 1).numpy(), s_te[k]
            a = [auc(p[:, j], lv == j) for j in range(p.shape[1]) if 0 < (lv == j).sum() < len(lv)]
            out[k] = {"macro_auc": round(float(np.mean(a)), 3) if a else None}
        r = real_head(f).numpy()
        for j, k in enumerate(REAL_READ):
            rho = spearmanr(r[:, j], s_te[k])[0] if np.ptp(s_te[k]) > 0 else float("nan")
            out[k] = {"spearman": None if np.isnan(rho) else round(float(rho), 3)}
        score = label_head(f)[:, 0].numpy()
    return {
        "signs": out,
        "label_auc_pixels": round(auc(score, test[2]), 3),
        "label_auc_signs": round(auc(log_lr(s_te), test[2]), 3),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=768, help="rendered long side (px)")
    ap.add_argument("--crop", type=int, default=64, help="side of the resized lesion crop (px)")
    ap.add_argument("--n-train", type=int, default=1400, help="training-split cases (tumour views are kept)")
    ap.add_argument("--n-test", type=int, default=700, help="test-split cases (--held-out test)")
    ap.add_argument("--held-out", choices=["test", "patients"], default="test")
    ap.add_argument("--no-acquisition", action="store_true", help="read the attenuation image, not the radiograph")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args(argv)
    import torch

    torch.set_num_threads(max(1, a.workers))
    t0 = time.time()
    acquired = not a.no_acquisition
    tr = crops("train", a.n_train, a.size, a.crop, a.workers, acquired)
    if a.held_out == "test":
        te = crops("test", a.n_test, a.size, a.crop, a.workers, acquired)
    else:
        tr, te = patient_cut(tr)
    res = read(tr, te, a.epochs, a.seed)
    out = {
        "generator": VERSION,
        "held_out": a.held_out,
        "acquisition": acquired,
        "size": a.size,
        "crop": a.crop,
        "n_train_images": len(tr[1]),
        "n_test_images": len(te[1]),
        "test_malignant": int(te[2].sum()),
        **res,
        "seconds": round(time.time() - t0, 1),
    }
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
