"""Training-time augmentation on preprocessed tensors, from the review's list and nothing harsher:
small rotation (±8°), translation (±5 % of the width), scale (0.93-1.07), horizontal/vertical flips, gamma and
contrast, mild detector noise. No elastic or shear distortion (it would fake anatomy).

Works in the [0,1] window space (v = x*std + mean), where the zero padding of `osteon-xr-pre-v1`
stays exactly zero, so augmented images still look like preprocessed studies.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F


def augment(x: torch.Tensor, mean: float, std: float, g: torch.Generator, p: float = 0.5) -> torch.Tensor:
    """Augments a random share p of the batch; the rest passes through unchanged."""
    n = x.shape[0]
    dev = x.device

    def u(lo, hi):
        return torch.rand(n, generator=g).mul(hi - lo).add(lo).to(dev)

    v = x * std + mean
    ang = u(-8, 8) * math.pi / 180
    sc = u(0.93, 1.07)
    fx = torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0).to(dev)
    fy = torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0).to(dev)
    cos, sin = torch.cos(ang) / sc, torch.sin(ang) / sc
    theta = torch.stack(
        [torch.stack([cos * fx, -sin, u(-0.1, 0.1)], 1), torch.stack([sin * fx * fy, cos * fy, u(-0.1, 0.1)], 1)], 1
    )
    grid = F.affine_grid(theta, list(v.shape), align_corners=False)
    v = F.grid_sample(v, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    body = v > 0
    gamma = u(0.85, 1.18).view(n, 1, 1, 1)
    contrast = u(0.93, 1.07).view(n, 1, 1, 1)
    v = (v.clamp(0, 1) ** gamma * contrast).clamp(0, 1)
    noise = u(0, 0.012).view(n, 1, 1, 1) * torch.randn(v.shape, generator=g).to(dev)
    v = torch.where(body, (v + noise).clamp(0, 1), v)
    out = (v - mean) / std
    keep = (torch.rand(n, generator=g) >= p).to(dev).view(n, 1, 1, 1)
    return torch.where(keep, x, out)
