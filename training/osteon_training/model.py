"""Compact ResNet-like CNN with an in-graph ensemble of K linear heads, and the deployable graph.

`OsteonNet` (trained): stem + 3 residual stages -> feature map A [N,C,h,w] -> global average pool
-> K linear heads (ensemble members; each trained on its own bootstrap weights and dropout masks).

`DeployModel` (exported to ONNX, used for golden vectors) adds, all deterministic and in-graph:
  probs        mean over members of softmax(z_k / T)                  [N,3]
  spread       population std over members of softmax(z_k / T)        [N,3]
  uncertainty  max(H(probs)/ln 3, sigmoid(k * (d - d0)))               [N]
               d = sqrt(min_c (f-mu_c)^T Sigma^-1 (f-mu_c) / F), f = pooled features of the
               last two stages, mu_c, Sigma fitted on the training split (tied covariance)
  cam          mean-member malignant weights . A (class activation map) [N,h,w]; with the lesion
               pool plus h*w*att * (the weights on the attention-pooled term) . A, so that its mean
               over the cells is the pooled features' share of the malignant logit
  mask         (seg head only) tumour-mask probabilities at the input resolution  [N,S,S]

Optional parts (off for v1 models, on for phantoms-v2 runs; config.py `seg_weight`, `oe_weight`,
`lesion_pool`):
  seg head     a small U-Net-style decoder on the shared encoder: stage-3 map reduced to w channels,
               nearest x2 upsampling and a 3x3 conv with the skip of each earlier stage (stage 2, 1,
               stem), a last x2 upsampling and a 3x3 conv to one logit per input pixel
  OE head      one linear unit on the pooled features f, trained by outlier exposure (train.py) to
               tell in-distribution images from synthetic near-OOD ones (oe.py); in the graph
               u_oe = sigmoid(its logit) joins the uncertainty: max(H, u_maha, u_oe)
  lesion pool  a 1x1 conv on A gives one lesion logit per cell; the heads read the global average of A
               and A averaged under softmax(lesion logits) over the cells. A lesion covers a few of the
               (S/16)^2 cells, so the global average alone dilutes its signs below the acquisition's,
               which fills every cell; the attention pool reads the cells that hold the finding.
               train.py supervises the lesion logits with the tumour mask (max-pooled to the cells)

    /usr/bin/python3 -m osteon_training.model     # prints parameter count and a timing
"""
from __future__ import annotations

import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from .config import MALIGNANT


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.skip = None
        if stride != 1 or cin != cout:
            self.skip = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        return F.relu(y + (x if self.skip is None else self.skip(x)))


def _cbr(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())


def _up(x):
    return F.interpolate(x, scale_factor=2.0, mode="nearest")


class SegDecoder(nn.Module):
    """U-Net-style decoder: S/16 -> S/8 -> S/4 -> S/2 -> S with w, w/2, w/4 channels (narrow at high
    resolution: about 60 w^2 weights and a third of the encoder's multiply-adds)."""

    def __init__(self, w: int):
        super().__init__()
        w2, w4 = max(4, w // 2), max(4, w // 4)
        self.reduce = nn.Sequential(nn.Conv2d(8 * w, w, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU())
        self.d2 = _cbr(w + 4 * w, w)  # + stage 2 (S/8)
        self.d1 = _cbr(w + 2 * w, w2)  # + stage 1 (S/4)
        self.d0 = _cbr(w2 + w, w4)  # + stem (S/2)
        self.out = nn.Conv2d(w4, 1, 3, 1, 1)

    def forward(self, s0, a1, a2, a3):
        y = self.reduce(a3)
        y = self.d2(torch.cat([_up(y), a2], 1))
        y = self.d1(torch.cat([_up(y), a1], 1))
        y = self.d0(torch.cat([_up(y), s0], 1))
        return self.out(_up(y))  # [N,1,S,S] logits


class OsteonNet(nn.Module):
    def __init__(
        self,
        width: int = 16,
        heads: int = 5,
        n_classes: int = 3,
        head_dropout: float = 0.2,
        clinical: bool = False,
        seg: bool = False,
        oe: bool = False,
        lesion_pool: bool = False,
    ):
        super().__init__()
        w = width
        self.stem = nn.Sequential(nn.Conv2d(1, w, 3, 2, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU())
        self.layer1 = Block(w, 2 * w, 2)  # S/4
        self.layer2 = Block(2 * w, 4 * w, 2)  # S/8
        self.layer3 = Block(4 * w, 8 * w, 2)  # S/16: CAM resolution
        self.channels = 8 * w
        self.feat_dim = 4 * w + 8 * w
        self.clinical = clinical
        self.lesion = nn.Conv2d(self.channels, 1, 1) if lesion_pool else None
        nin = self.channels * (2 if lesion_pool else 1) + (2 if clinical else 0)
        self.heads = nn.ModuleList([nn.Linear(nin, n_classes) for _ in range(heads)])
        self.drop = head_dropout
        self.seg = SegDecoder(w) if seg else None
        self.oe_head = nn.Linear(self.feat_dim, 1) if oe else None

    def encode(self, x):
        s0 = self.stem(x)
        a1 = self.layer1(s0)
        a2 = self.layer2(a1)
        a3 = self.layer3(a2)
        return s0, a1, a2, a3

    def pool(self, a3):
        """What the heads read: [global average of A, (lesion pool) A averaged under the softmax of
        the lesion logits], the lesion logits [N,1,h,w] and that softmax [N,1,h,w] (both None without
        the lesion pool)."""
        g = a3.mean((2, 3))
        if self.lesion is None:
            return g, None, None
        n, c, h, w = a3.shape
        logit = self.lesion(a3)
        att = torch.softmax(logit.reshape(n, h * w), 1).reshape(n, 1, h, w)
        return torch.cat([g, (a3 * att).sum((2, 3))], 1), logit, att

    def features(self, x):
        _, _, a2, a3 = self.encode(x)
        return a3, torch.cat([a2.mean((2, 3)), a3.mean((2, 3))], 1)

    def forward_all(self, x, clin=None, extra_heads: bool = True) -> dict:
        """Member logits [K,N,3], pooled features [N,F], feature map [N,C,h,w], and when the heads
        exist (and extra_heads) seg logits [N,1,S,S] and OE logit [N]."""
        s0, a1, a2, a3 = self.encode(x)
        feats = torch.cat([a2.mean((2, 3)), a3.mean((2, 3))], 1)
        g, lesion, _ = self.pool(a3)
        if self.clinical:
            g = torch.cat([g, clin], 1)
        logits = []
        for h in self.heads:
            gi = F.dropout(g, self.drop, self.training)  # an independent mask per member
            logits.append(h(gi))
        return {
            "logits": torch.stack(logits),
            "feats": feats,
            "a3": a3,
            "seg": None if self.seg is None or not extra_heads else self.seg(s0, a1, a2, a3),
            "oe": None if self.oe_head is None or not extra_heads else self.oe_head(feats)[:, 0],
            "lesion": lesion,
        }

    def forward(self, x, clin=None):
        """Returns (member logits [K,N,3], pooled features [N,F], feature map [N,C,h,w])."""
        r = self.forward_all(x, clin, extra_heads=False)
        return r["logits"], r["feats"], r["a3"]


class DeployModel(nn.Module):
    """Eval-mode graph that Java runs: one call gives probs, spread, uncertainty and cam (and mask,
    when the network has a seg head). `OUTPUTS` of an instance: the output names in order."""

    def __init__(self, net: OsteonNet, temperature: float, mu, prec_chol, d0: float, k: float):
        super().__init__()
        self.net = net.eval()
        self.register_buffer("inv_t", torch.tensor(1.0 / temperature, dtype=torch.float32))
        self.register_buffer("mu", torch.as_tensor(mu, dtype=torch.float32))  # [3,F]
        self.register_buffer("prec_chol", torch.as_tensor(prec_chol, dtype=torch.float32))  # [F,F]
        self.register_buffer("d0", torch.tensor(float(d0)))
        self.register_buffer("k", torch.tensor(float(k)))
        c = net.channels
        w = torch.stack([h.weight[MALIGNANT] for h in net.heads]).mean(0).detach()
        self.register_buffer("w_cam", w[:c].clone().reshape(1, -1))  # [1,C]
        # lesion pool: cell (i,j) adds h*w*att_ij * w_les . A_ij to the map, so that the map's mean
        # over the cells is again the pooled features' share of the malignant logit
        if net.lesion is not None:  # only then: a state dict of a model without it keeps its keys
            self.register_buffer("w_les", w[c : 2 * c].clone().reshape(1, -1))
        self.register_buffer("log3", torch.tensor(math.log(3.0)))
        self.outputs = ["probs", "spread", "uncertainty", "cam"] + (["mask"] if net.seg is not None else [])

    def forward(self, image, clinical=None):
        s0, a1, a2, a3 = self.net.encode(image)
        feats = torch.cat([a2.mean((2, 3)), a3.mean((2, 3))], 1)
        g, _, att = self.net.pool(a3)
        if self.net.clinical:
            g = torch.cat([g, clinical], 1)
        z = torch.stack([h(g) for h in self.net.heads]) * self.inv_t  # [K,N,3]
        p = torch.softmax(z, dim=2)
        probs = p.mean(0)
        spread = torch.sqrt(((p - probs.unsqueeze(0)) ** 2).mean(0))
        ent = -(probs * torch.log(probs.clamp_min(1e-12))).sum(1) / self.log3
        diff = feats.unsqueeze(1) - self.mu.unsqueeze(0)  # [N,3,F]
        white = torch.matmul(diff, self.prec_chol)  # [N,3,F]
        d2 = (white * white).sum(2).min(1).values / feats.shape[1]
        d = torch.sqrt(d2)
        u_ood = torch.sigmoid(self.k * (d - self.d0))
        uncertainty = torch.maximum(ent, u_ood)
        if self.net.oe_head is not None:
            uncertainty = torch.maximum(uncertainty, torch.sigmoid(self.net.oe_head(feats)[:, 0]))
        n, c, h, w = a3.shape
        cells = a3.reshape(n, c, h * w)
        cam = torch.matmul(self.w_cam, cells).reshape(n, h, w)
        if att is not None:
            cam = cam + (h * w) * att[:, 0] * torch.matmul(self.w_les, cells).reshape(n, h, w)
        if self.net.seg is None:
            return probs, spread, uncertainty, cam
        mask = torch.sigmoid(self.net.seg(s0, a1, a2, a3))[:, 0]
        return probs, spread, uncertainty, cam, mask


if __name__ == "__main__":
    import os

    torch.set_num_threads(os.cpu_count())
    m = OsteonNet()
    print(sum(p.numel() for p in m.parameters()), "parameters")
    x = torch.randn(64, 1, 128, 128)
    opt = torch.optim.SGD(m.parameters(), lr=0.01)
    t = time.time()
    for _ in range(3):
        lg, _, _ = m(x)
        lg.mean().backward()
        opt.step()
        opt.zero_grad()
    print("train step (64 x 128^2):", (time.time() - t) / 3, "s")
