"""Training loop: class-weighted cross-entropy, one bootstrap weighting and one dropout mask per
ensemble member, AdamW + one-cycle schedule, best epoch by validation NLL. CUDA if present.

Optional terms (phantoms-v2 runs; Config):
  seg_weight  Dice + BCE of the seg head's logits against the tumour masks, on the images of the
              batch that have one (images without a tumour mask add nothing)
  oe_weight   outlier exposure: each step adds batch_size/4 synthetic near-OOD images (oe.py) to the
              forward pass; loss = oe_weight * (mean over members of the cross-entropy of their
              softmax to the uniform distribution on the outliers + BCE of the OE head, in-batch
              images 0, outliers 1). Batch-norm statistics see both, as in Hendrycks et al. 2019.
  acq_aug     share of each batch re-acquired by augment.acquisition (before the geometric augment)
  lesion_pool BCE of the lesion logits (model.py) against the tumour mask max-pooled to their cells,
              on the images with a tumour mask, the normal ones (all cells 0) and the outliers
  centre_balance  each training image weighs P(malignant or not) / (the same | its centre): centres
              differ in prevalence and in acquisition, and unweighted the acquisition predicts the label

Fine-tuning (`--init MODEL_DIR`, pipeline.py; docs/model.md "Fine-tuning from a shipped model"):
  net0        the network rebuilt from the model directory (rebuild.py); one cycle of cfg.epochs at
              cfg.finetune_lr, every BatchNorm kept in eval mode (frozen statistics: the rebuilt BNs are
              identities holding the folded statistics, and a site's few images per batch would give
              noisy batch statistics that move every feature the ensemble heads, the Mahalanobis
              reference and the golden vectors rest on)
  replay_b    the base model's own training distribution: each batch is (1 - cfg.replay_fraction)
              site images and cfg.replay_fraction replay images drawn at random, so the model does not
              forget the reference distribution while it learns the site's
  select      cfg.finetune_select: "best" keeps the epoch of lowest val NLL, "last" the final one; the
              val split is mostly replay images (finetune.site_splits), so its NLL measures forgetting and
              "best" tends to keep an early, barely adapted epoch
  label 3     not_malignant (a click without a diagnosis): marginal loss -log(p_normal + p_benign)

    /usr/bin/python3 -m osteon_training.pipeline --epochs 5      # (train is driven by the pipeline)
"""
from __future__ import annotations

import copy
import math
import time

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import roc_auc_score
from tqdm import tqdm

from .augment import acquisition, augment
from .config import MALIGNANT, Config
from .datasets.phantom import Bundle
from .model import OsteonNet


def device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def clinical_tensor(meta: list) -> np.ndarray:
    """Optional clinical inputs, in model.json order: age_years/100, sex_male."""
    return np.array(
        [
            [float(m.get("age") or 0) / 100.0, 1.0 if str(m.get("sex", "")).upper().startswith("M") else 0.0]
            for m in meta
        ],
        dtype=np.float32,
    )


@torch.no_grad()
def infer(net: OsteonNet, x: np.ndarray, clin=None, batch: int = 256):
    """Eval-mode member logits [K,N,3] and pooled features [N,F] (numpy)."""
    net.eval()
    dev = next(net.parameters()).device
    lg, ft = [], []
    for i in range(0, len(x), batch):
        xb = torch.from_numpy(x[i : i + batch]).unsqueeze(1).to(dev)
        cb = None if clin is None else torch.from_numpy(clin[i : i + batch]).to(dev)
        z, f, _ = net(xb, cb)
        lg.append(z.cpu())
        ft.append(f.cpu())
    return torch.cat(lg, 1).numpy(), torch.cat(ft, 0).numpy()


NOT_MALIGNANT = 3  # datasets/osteon_dataset.py: "not malignant" without saying normal or benign


def label_prob(p, y):
    """P(label) from class probabilities p [..., N, 3] (torch): p[y], and p_normal + p_benign for
    y == NOT_MALIGNANT (the marginal likelihood of a label that only says "not malignant")."""
    y = torch.as_tensor(y)
    yc = y.clamp_max(2)
    pick = p.gather(-1, yc.expand(p.shape[:-1]).unsqueeze(-1)).squeeze(-1)
    return torch.where(y == NOT_MALIGNANT, p[..., 0] + p[..., 1], pick)


def label_nll(logits, y):
    """Per-example -log P(label) of logits [..., N, 3]; log-sum-exp for the marginal label."""
    lp = F.log_softmax(logits, -1)
    y = torch.as_tensor(y, device=logits.device)
    pick = lp.gather(-1, y.clamp_max(2).expand(lp.shape[:-1]).unsqueeze(-1)).squeeze(-1)
    return -torch.where(y == NOT_MALIGNANT, torch.logsumexp(lp[..., :2], -1), pick)


def nll_of_mean(logits: np.ndarray, y: np.ndarray, t: float = 1.0) -> float:
    p = torch.softmax(torch.from_numpy(logits) / t, 2).mean(0)
    return float(-torch.log(label_prob(p, torch.from_numpy(y)).clamp_min(1e-12)).mean())


def correct(pred: np.ndarray, y: np.ndarray) -> np.ndarray:
    """pred (argmax class) agrees with y; a not_malignant label accepts normal and benign."""
    return np.where(y == NOT_MALIGNANT, pred != 2, pred == y)


def dice_bce(seg_logits: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Soft Dice (per image, then mean) + pixel BCE; seg_logits and mask [N,1,S,S]."""
    p = torch.sigmoid(seg_logits)
    inter = (p * mask).sum((1, 2, 3))
    dice = 1 - (2 * inter + 1) / (p.sum((1, 2, 3)) + mask.sum((1, 2, 3)) + 1)
    return dice.mean() + F.binary_cross_entropy_with_logits(seg_logits, mask)


def oe_loss(logits_oe: torch.Tensor, oe_logit: torch.Tensor, n_in: int) -> torch.Tensor:
    """logits_oe [K,M,3] of the outliers; oe_logit [n_in + M] of the OE head (in-batch first)."""
    uniform = -F.log_softmax(logits_oe, 2).mean(2).mean()  # CE to the uniform distribution
    target = torch.cat([torch.zeros(n_in), torch.ones(len(oe_logit) - n_in)]).to(oe_logit.device)
    return uniform + F.binary_cross_entropy_with_logits(oe_logit, target)


def train(cfg: Config, train_b, val_b, log=print, oe_x=None, net0=None, replay_b=None):
    """One-cycle run of cfg.epochs, then (cfg.restart_epochs > 0) a warm restart: a second
    one-cycle run from the best state at peak lr cfg.restart_lr. Each cycle reseeds every RNG, so
    `--init ckpt.pt` (the first cycle's checkpoint) continues exactly as one uninterrupted run.
    With net0 (a model directory's rebuilt network) it fine-tunes: one cycle at cfg.finetune_lr,
    BatchNorm frozen, replay_b mixed into each batch."""
    torch.manual_seed(cfg.seed)
    np.random.seed(cfg.seed)
    dev = device()
    net = OsteonNet(
        cfg.width,
        cfg.heads,
        3,
        cfg.head_dropout,
        cfg.clinical,
        seg=cfg.seg_weight > 0,
        oe=cfg.oe_weight > 0,
        lesion_pool=cfg.lesion_pool,
    ).to(dev)
    hist = []
    cycles = [(cfg.epochs, cfg.lr)] + ([(cfg.restart_epochs, cfg.restart_lr)] if cfg.restart_epochs else [])
    first = 0
    freeze_bn = net0 is not None
    if net0 is not None:
        net = net0.to(dev)
        cycles = [(cfg.epochs, cfg.finetune_lr)]
        log(f"fine-tuning {cfg.epochs} epochs at lr {cfg.finetune_lr}, BatchNorm frozen")
    elif cfg.init:  # resume after the first cycle
        ck = torch.load(cfg.init, map_location=dev)
        try:
            net.load_state_dict(ck["model"])
        except RuntimeError as e:
            raise ValueError(
                f"--init {cfg.init}: the checkpoint is of another architecture than this run's "
                f"(seg {cfg.seg_weight > 0}, OE {cfg.oe_weight > 0}, lesion pool {cfg.lesion_pool}); "
                f"run cycle 1 again or pass the flags it was trained with: {str(e).splitlines()[0]}"
            ) from None
        hist = list(ck.get("history", []))
        first = 1
        log(f"resumed after cycle 1 from {cfg.init} ({len(hist)} epochs)")
    for c in range(first, len(cycles)):
        epochs, lr = cycles[c]
        net, h = _cycle(cfg, net, train_b, val_b, epochs, lr, cfg.seed + c, len(hist), log, oe_x, replay_b, freeze_bn)
        hist += h
    net.eval()
    return net, hist


def _acq_batch(xb: torch.Tensor, pitch, cfg, rng) -> torch.Tensor:
    """augment.acquisition on a share cfg.acq_aug of a batch [B,S,S] of preprocessed tensors."""
    xs = xb.numpy().copy()
    for j in np.flatnonzero(rng.random(len(xs)) < cfg.acq_aug):
        v = acquisition(np.clip(xs[j] * cfg.std + cfg.mean, 0, 1), float(pitch[j]), rng)
        xs[j] = (v - cfg.mean) / cfg.std
    return torch.from_numpy(xs)


def _class_weights(y_site, y_replay, replay_share: float) -> np.ndarray:
    """sqrt-inverse-frequency weights (4 entries: the three classes and not_malignant); with replay,
    of the batch mixture: (1 - replay_share) site frequencies + replay_share replay frequencies."""
    counts = np.bincount(y_site, minlength=4).astype(np.float64)
    if y_replay is None or not len(y_replay):
        return np.sqrt(len(y_site) / (3 * np.maximum(counts, 1)))  # as before replay existed, bit for bit
    freq = (1 - replay_share) * counts / max(len(y_site), 1)
    freq = freq + replay_share * np.bincount(y_replay, minlength=4) / len(y_replay)
    return np.sqrt(1.0 / (3 * np.maximum(freq, 1e-3)))


def centre_weights(y: np.ndarray, meta: list) -> np.ndarray:
    """P(m_i) / P(m_i | centre_i) per image, m = malignant or not (normal, benign and not_malignant
    together, so a centre that labels only "not malignant" is balanced like the others): under these
    weights every centre has the pooled malignant share, so no acquisition trait of a centre predicts
    it. Images without a centre (or "unknown") weigh 1; a centre with few images of one kind is clipped
    at 5 so that they cannot dominate. A centre with no malignant image (or only malignant ones) cannot
    be balanced; its images weigh the same."""
    m = np.asarray(y) == MALIGNANT
    centres = np.array([str(x.get("centre") or "") for x in meta])
    w = np.ones(len(m))
    known = (centres != "") & (centres != "unknown")
    if not known.any():
        return w
    p_m = m[known].mean()
    for c in np.unique(centres[known]):
        sel = centres == c
        p_mc = m[sel].mean()
        if 0 < p_mc < 1:
            w[sel] = np.where(m[sel], p_m / p_mc, (1 - p_m) / (1 - p_mc))
    return np.clip(w, 0.2, 5.0)


def lesion_loss(logits: torch.Tensor, masks: torch.Tensor, y: torch.Tensor, n_in: int) -> torch.Tensor:
    """BCE of the lesion logits [B,1,h,w] against the tumour masks [B,1,S,S] max-pooled to the cells,
    on the images whose target is known: those with a tumour mask, normal images (no tumour: every
    cell 0) and the outliers after the first n_in. A benign or malignant image without a mask (a
    site's or BTXRD's unannotated image) is left out, not taught that it holds no lesion."""
    cells = F.adaptive_max_pool2d(masks, logits.shape[2:])
    has = masks.flatten(1).any(1)
    keep = has.clone()
    keep[:n_in] |= y[:n_in] == 0
    keep[n_in:] = True
    if not keep.any():
        return logits.sum() * 0.0
    return F.binary_cross_entropy_with_logits(logits[keep], cells[keep])


def _cycle(cfg, net, train_b, val_b, epochs, lr, seed, ep0, log, oe_x=None, replay_b=None, freeze_bn=False):
    if ep0:  # later cycles reseed the global RNG (dropout masks); the first keeps train()'s seeding
        torch.manual_seed(seed)
    dev = next(net.parameters()).device
    replay = replay_b is not None and len(replay_b) > 0 and cfg.replay_fraction > 0
    n_rep = int(round(cfg.batch_size * cfg.replay_fraction)) if replay else 0
    n_site = max(1, cfg.batch_size - n_rep)
    n_own = len(train_b)  # the images an epoch goes through once; replay images are drawn at random
    # sqrt-inverse-frequency: malignant cases weigh more, without wrecking calibration
    cw = torch.tensor(
        _class_weights(train_b.y, replay_b.y if replay else None, n_rep / (n_rep + n_site)),
        dtype=torch.float32,
        device=dev,
    )
    mix = Bundle.concat([train_b, replay_b]) if replay else train_b
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=cfg.weight_decay)
    steps = epochs * math.ceil(n_own / n_site)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=max(steps, 1), pct_start=0.15)
    g = torch.Generator().manual_seed(seed)
    x_all = torch.from_numpy(mix.x)
    y_all = torch.from_numpy(mix.y)
    c_all = torch.from_numpy(clinical_tensor(mix.meta)) if cfg.clinical else None
    c_val = clinical_tensor(val_b.meta) if cfg.clinical else None
    seg = cfg.seg_weight > 0
    lesion = net.lesion is not None
    m_all = torch.from_numpy(mix.mask) if seg or lesion else None
    cb_w = torch.from_numpy(centre_weights(mix.y, mix.meta) if cfg.centre_balance else np.ones(len(mix))).float()
    use_oe = cfg.oe_weight > 0 and oe_x is not None and len(oe_x) > 0
    oe_all = torch.from_numpy(oe_x) if use_oe else None
    pitch = np.array([float(m.get("pixel_spacing", 0.2)) for m in mix.meta]) if cfg.acq_aug > 0 else None
    arng = np.random.default_rng(seed)
    best, best_nll, hist = None, float("inf"), []
    for e in range(epochs):
        ep = ep0 + e
        net.train()
        if freeze_bn:
            for m in net.modules():
                if isinstance(m, torch.nn.BatchNorm2d):
                    m.eval()
        t0 = time.time()
        perm = torch.randperm(n_own, generator=g)
        bar = tqdm(range(0, len(perm), n_site), desc=f"epoch {ep + 1}", leave=False)
        tot, seen = 0.0, 0
        for i in bar:
            idx = perm[i : i + n_site]
            if replay:
                idx = torch.cat([idx, n_own + torch.randint(0, len(mix) - n_own, (n_rep,), generator=g)])
            if len(idx) < 2:
                continue
            xb = x_all[idx]
            if pitch is not None:
                xb = _acq_batch(xb, pitch[idx.numpy()], cfg, arng)
            if use_oe:
                oi = torch.randint(0, len(oe_all), (max(1, cfg.batch_size // 4),), generator=g)
                xo = oe_all[oi]
                if pitch is not None:
                    xo = _acq_batch(xo, np.full(len(oi), float(np.median(pitch))), cfg, arng)
                xb = torch.cat([xb, xo])
            if m_all is not None:
                mb = torch.cat([m_all[idx], torch.zeros((len(xb) - len(idx),) + m_all.shape[1:], dtype=m_all.dtype)])
                xb, mb = augment(xb.unsqueeze(1), cfg.mean, cfg.std, g, mask=mb.unsqueeze(1).float())
                xb, mb = xb.to(dev), mb.to(dev)
            else:
                xb = augment(xb.unsqueeze(1), cfg.mean, cfg.std, g).to(dev)
            n_in = len(idx)
            yb = y_all[idx].to(dev)
            cb = None if c_all is None else c_all[idx].to(dev)
            if cb is not None and len(xb) > n_in:  # outliers carry no clinical context: zeros
                cb = torch.cat([cb, torch.zeros(len(xb) - n_in, cb.shape[1], device=dev)])
            r = net.forward_all(xb, cb)
            logits = r["logits"][:, :n_in]
            boot = torch.poisson(torch.ones(logits.shape[:2]), generator=g).to(dev)  # [K,B] bootstrap
            ce = label_nll(logits, yb)  # [K,B]; the marginal loss for not_malignant
            w = boot * (cw[yb] * cb_w[idx].to(dev)).unsqueeze(0)
            loss = (ce * w).sum() / w.sum().clamp_min(1.0)
            if seg:
                has = mb[:n_in].flatten(1).any(1)
                if has.any():
                    loss = loss + cfg.seg_weight * dice_bce(r["seg"][:n_in][has], mb[:n_in][has])
            if lesion:
                loss = loss + lesion_loss(r["lesion"], mb, yb, n_in)
            if use_oe:
                loss = loss + cfg.oe_weight * oe_loss(r["logits"][:, n_in:], r["oe"], n_in)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            tot += float(loss) * len(idx)
            seen += len(idx)
            bar.set_postfix(loss=f"{float(loss):.3f}")
        lg, _ = infer(net, val_b.x, c_val)
        vnll = nll_of_mean(lg, val_b.y)
        pv = torch.softmax(torch.from_numpy(lg), 2).mean(0).numpy()
        acc = float(correct(pv.argmax(1), val_b.y).mean())
        ym = val_b.y == 2
        auc = float(roc_auc_score(ym, pv[:, 2])) if 0 < ym.sum() < len(ym) else float("nan")
        hist.append(
            {
                "epoch": ep + 1,
                "train_loss": tot / (max(seen, 1) if replay else len(train_b)),
                "val_nll": vnll,
                "val_acc": acc,
                "val_auc_malignant": auc,
                "seconds": round(time.time() - t0, 1),
            }
        )
        log(
            f"epoch {ep + 1}: train_loss {hist[-1]['train_loss']:.4f} val_nll {vnll:.4f} val_acc {acc:.4f} "
            f"val_auc_malignant {auc:.4f} ({time.time() - t0:.0f}s)"
        )
        if vnll < best_nll or (freeze_bn and cfg.finetune_select == "last"):
            best_nll, best = vnll, copy.deepcopy(net.state_dict())
    net.load_state_dict(best)
    return net, hist
