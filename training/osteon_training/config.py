"""One dataclass holds every knob of a training run (nanoGPT style).

    /usr/bin/python3 -m osteon_training.pipeline --help     # all fields are flags

The defaults are one run of a compact network (width 16, 128 px, one 5-epoch cycle); `models/default`
(0.2.0) is two runs with flags, in `recipes/default.sh`. `quick()` is the CI
smoke configuration.
Thresholds are never set here: they are fitted by calibrate.py and live only in model.json.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field

LABELS = ("normal", "benign", "malignant")
MALIGNANT = 2
PRE_VERSION = "osteon-xr-pre-v1"


@dataclass
class Config:
    # data
    dataset: str = "phantom"  # phantom | phantoms-v2 (--phantoms v2) | btxrd | dicom-folder | osteon-dataset
    data: str = ""  # path for real data
    labels_csv: str = ""  # labels for dicom-folder
    split_by: str = "auto"  # auto | centre | patient
    leave_out_centre: str = ""  # leave-one-centre-out: this centre is the test split
    n_train: int = 4800  # phantom counts per split
    n_val: int = 900
    n_cal: int = 1500
    n_test: int = 1800
    n_ood: int = 400
    malignant_fraction: float = 0.10
    phantom_size: int = 256  # longest side of generated phantoms (px) before preprocessing
    # preprocessing (recorded in model.json; Java reads it from there)
    size: int = 128
    mean: float = 0.5
    std: float = 0.25
    # model
    width: int = 16  # channels of the stem (stages: w, 2w, 4w, 8w)
    heads: int = 5  # ensemble members (linear heads on shared features)
    head_dropout: float = 0.2
    clinical: bool = False  # optional age/sex input (off for the default model)
    seg_weight: float = 0.0  # > 0: U-Net-style seg head, loss weight of its Dice + BCE (v2 preset: 1.0)
    oe_weight: float = 0.0  # > 0: outlier exposure (oe.py) and the OE head, loss weight (v2 preset: 0.5)
    n_oe: int = 0  # synthetic near-OOD training images (oe.py); 0 with oe_weight > 0: n_train // 4
    lesion_pool: bool = (
        False  # heads also read the encoder map pooled under a mask-supervised lesion attention (model.py)
    )
    acq_aug: float = 0.0  # share of each batch given the acquisition augmentation (augment.py; v2 preset: 0.5)
    # training
    epochs: int = 5
    batch_size: int = 64
    lr: float = 3e-3
    weight_decay: float = 1e-4
    centre_balance: bool = False  # weigh each image by P(malignant or not) / (the same | its centre) (train.py)
    seed: int = 1337
    restart_epochs: int = 0  # warm restart: a second one-cycle run from the best state (0: none)
    restart_lr: float = 1.5e-3
    init: str = ""  # resume after the first cycle from its ckpt.pt; or fine-tune from a model dir (finetune.py)
    finetune_lr: float = 3e-4  # --init MODEL_DIR: peak lr of the one fine-tuning cycle (small: keep what it knows)
    finetune_select: str = "best"  # --init MODEL_DIR: keep the "best" epoch by val NLL or the "last" one
    replay_fraction: float = 0.5  # --init MODEL_DIR: share of each batch drawn from the base model's training data
    workers: int = 2
    # calibration
    alpha: float = 0.05  # tolerated false-negative rate for malignant
    delta: float = 0.10  # RCPS: P(FNR > alpha) <= delta
    review_rate: float = 0.10  # target share of in-distribution studies sent to human review
    site_cal_weight: float = (
        0.0  # --init with replay: weight of the site's cal images in the review quantile (0: by count)
    )
    # evaluation
    bootstrap: int = 1000
    suite_n: int = 40  # phantoms-v2: images per shift and per near-OOD kind (evaluate_model.py)
    previous_model: str = (
        ""  # phantoms-v2: model folder evaluated on the same test images (v2 preset: ../models/default)
    )
    ceiling_n: int = 200_000  # phantoms-v2: sign records behind benchmark.bayes_ceiling_auc
    # io
    out: str = "out/run"  # relative to training/; models/default only by --out (recipes/default.sh)
    work: str = "out/default"  # checkpoints, caches (git-ignored)
    quick: bool = False
    goldens: bool = True

    def update(self, **kw) -> "Config":
        return dataclasses.replace(self, **{k: v for k, v in kw.items() if v is not None})


def quick() -> Config:
    """Smoke configuration: tiny data, two epochs. Must stay well under 3 minutes on 2 cores."""
    return Config(
        n_train=640, n_val=240, n_cal=320, n_test=320, n_ood=80, epochs=2, bootstrap=200, quick=True, phantom_size=192
    )


# What `--phantoms v2` sets unless given on the command line. Pelvis and hardware-only cases are
# near-OOD kinds of the evaluation: they are left out of train, val, cal and test (datasets/phantoms_v2.py).
V2_PRESET = dict(
    seg_weight=1.0,
    oe_weight=0.5,
    acq_aug=0.5,
    lesion_pool=True,
    centre_balance=True,
    previous_model="../models/default",
)
V2_QUICK = dict(suite_n=6, previous_model="", ceiling_n=20_000)


def set_threads() -> None:
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
