"""Training loop: class-weighted cross-entropy, one bootstrap weighting and one dropout mask per
ensemble member, AdamW + one-cycle schedule, best epoch by validation NLL. CUDA if present.

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

from .augment import augment
from .config import Config
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


def nll_of_mean(logits: np.ndarray, y: np.ndarray, t: float = 1.0) -> float:
    p = torch.softmax(torch.from_numpy(logits) / t, 2).mean(0)
    return float(-torch.log(p[torch.arange(len(y)), torch.from_numpy(y)].clamp_min(1e-12)).mean())


def train(cfg: Config, train_b, val_b, log=print):
    """One-cycle run of cfg.epochs, then (cfg.restart_epochs > 0) a warm restart: a second
    one-cycle run from the best state at peak lr cfg.restart_lr. Each cycle reseeds every RNG, so
    `--init ckpt.pt` (the first cycle's checkpoint) continues exactly as one uninterrupted run."""
    torch.manual_seed(cfg.seed)
    np.random.seed(cfg.seed)
    dev = device()
    net = OsteonNet(cfg.width, cfg.heads, 3, cfg.head_dropout, cfg.clinical).to(dev)
    hist = []
    cycles = [(cfg.epochs, cfg.lr)] + ([(cfg.restart_epochs, cfg.restart_lr)] if cfg.restart_epochs else [])
    first = 0
    if cfg.init:  # resume after the first cycle
        ck = torch.load(cfg.init, map_location=dev)
        net.load_state_dict(ck["model"])
        hist = list(ck.get("history", []))
        first = 1
        log(f"resumed after cycle 1 from {cfg.init} ({len(hist)} epochs)")
    for c in range(first, len(cycles)):
        epochs, lr = cycles[c]
        net, h = _cycle(cfg, net, train_b, val_b, epochs, lr, cfg.seed + c, len(hist), log)
        hist += h
    net.eval()
    return net, hist


def _cycle(cfg, net, train_b, val_b, epochs, lr, seed, ep0, log):
    if ep0:  # later cycles reseed the global RNG (dropout masks); the first keeps train()'s seeding
        torch.manual_seed(seed)
    dev = next(net.parameters()).device
    counts = np.bincount(train_b.y, minlength=3).astype(np.float64)
    # sqrt-inverse-frequency: malignant cases weigh more, without wrecking calibration
    cw = torch.tensor(np.sqrt(len(train_b.y) / (3 * np.maximum(counts, 1))), dtype=torch.float32, device=dev)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=cfg.weight_decay)
    steps = epochs * math.ceil(len(train_b) / cfg.batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=max(steps, 1), pct_start=0.15)
    g = torch.Generator().manual_seed(seed)
    x_all = torch.from_numpy(train_b.x)
    y_all = torch.from_numpy(train_b.y)
    c_all = torch.from_numpy(clinical_tensor(train_b.meta)) if cfg.clinical else None
    c_val = clinical_tensor(val_b.meta) if cfg.clinical else None
    best, best_nll, hist = None, float("inf"), []
    for e in range(epochs):
        ep = ep0 + e
        net.train()
        t0 = time.time()
        perm = torch.randperm(len(train_b), generator=g)
        bar = tqdm(range(0, len(perm), cfg.batch_size), desc=f"epoch {ep + 1}", leave=False)
        tot = 0.0
        for i in bar:
            idx = perm[i : i + cfg.batch_size]
            if len(idx) < 2:
                continue
            xb = augment(x_all[idx].unsqueeze(1), cfg.mean, cfg.std, g).to(dev)
            yb = y_all[idx].to(dev)
            cb = None if c_all is None else c_all[idx].to(dev)
            logits, _, _ = net(xb, cb)
            boot = torch.poisson(torch.ones(logits.shape[:2]), generator=g).to(dev)  # [K,B] bootstrap
            ce = torch.stack([F.cross_entropy(lk, yb, reduction="none") for lk in logits])
            w = boot * cw[yb].unsqueeze(0)
            loss = (ce * w).sum() / w.sum().clamp_min(1.0)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            tot += float(loss) * len(idx)
            bar.set_postfix(loss=f"{float(loss):.3f}")
        lg, _ = infer(net, val_b.x, c_val)
        vnll = nll_of_mean(lg, val_b.y)
        pv = torch.softmax(torch.from_numpy(lg), 2).mean(0).numpy()
        acc = float((pv.argmax(1) == val_b.y).mean())
        ym = val_b.y == 2
        auc = float(roc_auc_score(ym, pv[:, 2])) if 0 < ym.sum() < len(ym) else float("nan")
        hist.append(
            {
                "epoch": ep + 1,
                "train_loss": tot / len(train_b),
                "val_nll": vnll,
                "val_acc": acc,
                "val_auc_malignant": auc,
                "seconds": round(time.time() - t0, 1),
            }
        )
        log(
            f"epoch {ep + 1}: train_loss {tot / len(train_b):.4f} val_nll {vnll:.4f} val_acc {acc:.4f} "
            f"val_auc_malignant {auc:.4f} ({time.time() - t0:.0f}s)"
        )
        if vnll < best_nll:
            best_nll, best = vnll, copy.deepcopy(net.state_dict())
    net.load_state_dict(best)
    return net, hist
