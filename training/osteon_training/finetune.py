"""Fine-tuning from a shipped model directory on a site's dataset (issue 24; docs/model.md
"Fine-tuning from a shipped model").

    cd training
    /usr/bin/python3 -m osteon_training.pipeline --init ../models/default --format osteon-dataset \
        --data DATASET_DIR --out out/site --n-train 1200 --n-val 300 --n-cal 600 --epochs 3

What `--init MODEL_DIR` does (pipeline.py drives it):
  base        rebuild.rebuild: the torch network from model.onnx + model.json; rebuild.verify checks it
              against the graph on the model's golden inputs (refused above 1e-4). Input size,
              normalisation, width, heads and the optional heads come from the model (base_config).
  data        the site's osteon-dataset splits (datasets/osteon_dataset.py, verified by content hash):
                train  the site's train split, each batch mixed with replay images
                val    half A of the site's cal split (by sha256 of the study key) + the replay val split:
                       best epoch, temperature, the OOD scale (d0, k)
                cal    half B of the site's cal split + the replay cal split: the conformal escalation
                       threshold and the review threshold, fitted after T so that T does not see them
                test   the site's test split: the report's test section
  replay      the base model's own training distribution, read from model.json
              training.reference_dataset (a candidate's) or training.dataset
              (synthetic-phantoms-v1 or -v2), regenerated at the model's input size and at the base's own
              malignant share (base_malignant_fraction; --malignant-fraction overrides): n_train images
              for replay in training, n_val and n_cal images joined to val and cal, so the
              temperature, thresholds and Mahalanobis reference (refitted on site train + replay
              train) are fitted to the union of the site and the reference distribution
  training    one cycle of cfg.epochs at cfg.finetune_lr, BatchNorm frozen (train.py); the "best" epoch by
              val NLL or (--finetune-select last) the final one. The folded conv weights (rebuild.py) are
              small (|w| ~0.01 in stage 3), so an Adam lr of 3e-3 diverges (loss -> ln 3); use <= 1e-3
              for the 64 px v1 base and 1e-4 for the shipped 192 px one, which collapses at 1e-3
  review      --site-cal-weight W: the site's cal images weigh W in the review quantile (else by count)
  tuned       the 64 px v1 base fine-tuned on 200-study site_shift sets (seeds 11, 12) passes the gate with
              --epochs 40 --finetune-lr 1e-3 --replay-fraction 0.25 --finetune-select last --site-cal-weight 0.5
  export      a normal model dir, version bumped (0.2.0 -> 0.2.1-<dataset content hash[:8]>),
              training.init_from {name, version, model_sha256}, training.dataset (the dataset's name),
              training.dataset_sha256, training.reference_dataset (the replay source, inherited, so a
              candidate can be fine-tuned again)
"""
from __future__ import annotations

import hashlib
import json
import os
import re

import numpy as np

from .datasets.phantom import Bundle

REPLAY_SOURCES = ("synthetic-phantoms-v1", "synthetic-phantoms-v2")


def base_json(model_dir: str) -> dict:
    return json.load(open(os.path.join(model_dir, "model.json")))


def base_config(cfg, explicit: dict):
    """cfg with the base model's preprocessing and architecture; ValueError when a flag given on the
    command line contradicts the model (a different input size would not be the same model)."""
    mj = base_json(cfg.init)
    pre, arch = mj["preprocessing"], mj["architecture"]
    fixed = {
        "size": int(pre["size"]),
        "mean": float(pre["mean"]),
        "std": float(pre["std"]),
        "width": int(arch["width"]),
        "heads": int(arch["heads"]),
        "clinical": bool(arch.get("clinical_inputs", False)),
        "lesion_pool": bool(arch.get("lesion_pool", False)),
    }
    for k, v in fixed.items():
        if k in explicit and explicit[k] != v:
            raise ValueError(f"--{k.replace('_', '-')} {explicit[k]} contradicts {cfg.init}/model.json ({v})")
    frac = base_malignant_fraction(cfg.init)
    if frac is not None and "malignant_fraction" not in explicit:
        fixed["malignant_fraction"] = frac
    heads = {}
    for key, flag, default in (("segmentation_head", "seg_weight", 1.0), ("outlier_exposure_head", "oe_weight", 0.5)):
        if arch.get(key):
            heads[flag] = explicit.get(flag) or default
        elif explicit.get(flag):
            raise ValueError(f"--{flag.replace('_', '-')} needs a model with a {key.replace('_', ' ')}")
        else:
            heads[flag] = 0.0
    return cfg.update(**fixed, **heads, init=os.path.abspath(cfg.init))


def base_malignant_fraction(model_dir: str) -> float | None:
    """The malignant share of the base model's own training split, which the replay data must have.

    The replay pool, val and cal images are regenerated from the base's training distribution; at the
    Config default (0.10) instead of a base trained at 0.30 they hold a third of its malignant cases,
    and the Mahalanobis class means, its scale d0 and the conformal threshold refitted on them then
    flag the reference set's malignant studies as unfamiliar (REVIEW, not ESCALATE). Read from
    model.json training.replay.malignant_fraction (a candidate's, inherited) or else from the base's
    report.json training.splits.train (a phantom run's counts); None when neither says."""
    mj = base_json(model_dir)
    frac = (mj.get("training", {}).get("replay") or {}).get("malignant_fraction")
    if frac is not None:
        return float(frac)
    try:
        train = json.load(open(os.path.join(model_dir, "report.json")))["training"]["splits"]["train"]
        return round(int(train["malignant"]) / int(train["n"]), 2)
    except (OSError, ValueError, KeyError, TypeError, ZeroDivisionError):
        return None


def candidate_version(base_version: str, tag: str) -> str:
    """'0.2.0' -> '0.2.1-<tag>'; a candidate of a candidate ('0.2.1-ab12cd34') -> '0.2.2-<tag>'."""
    m = re.match(r"^(\d+)\.(\d+)\.(\d+)", base_version)
    if not m:
        raise ValueError(f"base model version {base_version!r} is not MAJOR.MINOR.PATCH")
    a, b, c = map(int, m.groups())
    return f"{a}.{b}.{c + 1}-{tag}"


def _half(study_key: str) -> str:
    """Half A or B of the site's cal split: a pure function of the study key, like the split itself."""
    return "a" if hashlib.sha256(("cal-half:" + study_key).encode()).digest()[0] % 2 == 0 else "b"


def replay_splits(source: str, cfg, log) -> dict:
    """train / val / cal Bundles of the base model's training distribution at cfg.size."""
    cache = os.path.join(cfg.work, "cache")
    n = {"train": cfg.n_train, "val": cfg.n_val, "cal": cfg.n_cal}
    if source == "synthetic-phantoms-v1":
        from .datasets.phantom import SPLIT_CENTRES, build

        kw = dict(size=cfg.phantom_size, S=cfg.size, mean=cfg.mean, std=cfg.std, workers=cfg.workers)
        out = {s: build(s, k, SPLIT_CENTRES[s], cfg.malignant_fraction, cache_dir=cache, **kw) for s, k in n.items()}
    elif source == "synthetic-phantoms-v2":
        from .datasets import phantoms_v2 as v2

        out = {s: v2.build(s, k, cfg.size, cfg.mean, cfg.std, cfg.workers, cache) for s, k in n.items()}
    else:
        raise ValueError(
            f"no replay source for a base model trained on {source!r} (known: {', '.join(REPLAY_SOURCES)}); "
            "pass --replay-fraction 0 to fine-tune without replay"
        )
    log(f"replay ({source}): " + ", ".join(f"{s} {b.summary()}" for s, b in out.items()))
    return out


def site_splits(cfg, replay_source, log):
    """(splits train/val/cal/test, dataset name, dataset.json, replay train Bundle or None)."""
    from .datasets.osteon_dataset import load_osteon_dataset

    site, info = load_osteon_dataset(cfg.data, cfg.size, cfg.mean, cfg.std, log)
    halves = np.array([_half(m["study_key"]) for m in site["cal"].meta])
    cal_a, cal_b = site["cal"].subset(np.flatnonzero(halves == "a")), site["cal"].subset(np.flatnonzero(halves == "b"))
    rep = replay_splits(replay_source, cfg, log) if replay_source and cfg.replay_fraction > 0 else None
    if len(site["train"]) == 0 or len(site["test"]) == 0:
        raise ValueError(
            f"{cfg.data}: the dataset needs train and test studies (has {len(site['train'])}, {len(site['test'])})"
        )
    if rep is None and (len(cal_a) == 0 or len(cal_b) == 0):
        raise ValueError(f"{cfg.data}: without replay, both halves of the cal split need studies")
    splits = {
        "train": site["train"],
        "val": Bundle.concat([cal_a] + ([rep["val"]] if rep else [])),
        "cal": Bundle.concat([cal_b] + ([rep["cal"]] if rep else [])),
        "test": site["test"],
    }
    composition = {
        "train": {"site": site["train"].summary(), "replay_pool": rep["train"].summary() if rep else None},
        "val": {"site_cal_half_a": cal_a.summary(), "replay": rep["val"].summary() if rep else None},
        "cal": {"site_cal_half_b": cal_b.summary(), "replay": rep["cal"].summary() if rep else None},
        "test": {"site": site["test"].summary()},
    }
    return splits, info, (rep["train"] if rep else None), composition
