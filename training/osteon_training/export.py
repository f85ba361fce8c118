"""Export the deployable graph to ONNX (opset 17, eval mode, dynamic batch) and write model.json.

    (driven by) /usr/bin/python3 -m osteon_training.pipeline
    /usr/bin/python3 -m osteon_training.export ../models/default/model.onnx   # check an export
"""
from __future__ import annotations

import json
import subprocess
import sys

import torch

OPSET = 17
NAME, VERSION = "osteon-bone-xr", "0.2.0"
VERSION_V2 = "0.3.0"  # the first model trained on phantoms v2 (recipes/v2.sh)
PROVENANCE = "Osteon research prototype. NOT FOR CLINICAL USE."
UNCERTAINTY_METHOD = (
    "in-graph deep ensemble (K linear heads) predictive entropy combined with a "
    "Mahalanobis feature-space distance (tied covariance and class means fitted on train, scale on validation)"
)


OE_METHOD = (
    ", and an outlier-exposure head (synthetic near-OOD images in training, kinds disjoint from the evaluation's)"
)
MASK_METHOD = (
    "tumour-mask probabilities at the input resolution [N,S,S] on the preprocessed canvas, from a U-Net-style "
    "decoder on the shared encoder (Dice + BCE on training images with a tumour mask)"
)


def uncertainty_formula(ood: dict, oe: bool = False) -> str:
    oe_text = (
        " u_oe = sigmoid(w_oe . f + b_oe), the outlier-exposure head (trained to separate the training images "
        "from synthetic near-OOD images; training/osteon_training/oe.py)."
        if oe
        else ""
    )
    return (
        ("uncertainty = max(H, u_ood, u_oe); H" if oe else "uncertainty = max(H, u_ood); H")
        + " = -sum_c p_c ln p_c / ln 3 with p = probs (member-mean of "
        "softmax(z_k / T)); u_ood = sigmoid(k * (d - d0)), d = sqrt(min_c (f - mu_c)^T Sigma^-1 (f - mu_c) / F), "
        "f = concat(global-average-pooled stage-2 and stage-3 features), F = dim f, "
        f"d0 = {ood['d0']:.6f} (99th percentile of d on the validation split), k = {ood['k']:.6f} (= 4 / (d0 - median d)). "
        "spread = population std over the K members of softmax(z_k / T)." + oe_text
    )


def export_onnx(deploy, path: str, size: int, clinical: bool = False) -> None:
    deploy = deploy.cpu().eval()
    x = torch.zeros(2, 1, size, size)
    args = (x,) if not clinical else (x, torch.zeros(2, 2))
    inputs = ["image"] + (["clinical"] if clinical else [])
    outputs = list(getattr(deploy, "outputs", ["probs", "spread", "uncertainty", "cam"]))
    dyn = {n: {0: "batch"} for n in inputs + outputs}
    with torch.no_grad():
        torch.onnx.export(
            deploy,
            args,
            path,
            input_names=inputs,
            output_names=outputs,
            dynamic_axes=dyn,
            opset_version=OPSET,
            do_constant_folding=True,
        )
    check(path)


def check(path: str) -> dict:
    import onnx

    m = onnx.load(path)
    onnx.checker.check_model(m)
    ops = sorted({n.op_type for n in m.graph.node})
    if any(op in ("Dropout", "RandomUniformLike", "RandomNormalLike", "RandomUniform", "RandomNormal") for op in ops):
        raise AssertionError(f"stochastic op in exported graph: {ops}")
    return {
        "opset": max(o.version for o in m.opset_import if o.domain in ("", "ai.onnx")),
        "ops": ops,
        "inputs": [i.name for i in m.graph.input],
        "outputs": [o.name for o in m.graph.output],
    }


def git_commit() -> str:
    try:
        return subprocess.check_output(["git", "rev-parse", "HEAD"], text=True, stderr=subprocess.DEVNULL).strip()
    except Exception:
        return "unknown"


def model_json(
    cfg,
    temperature: float,
    thresholds: dict,
    ood: dict,
    calib: dict,
    data_hash: str,
    dataset: str,
    epochs: int,
    cam_hw,
    n_params: int,
    version: str | None = None,
    training_extra: dict | None = None,
) -> dict:
    """model.json; version overrides the release version (a fine-tuned candidate's), training_extra
    joins `training` (init_from, dataset_sha256)."""
    S = cfg.size
    inputs = [{"name": "image", "shape": [-1, 1, S, S], "dtype": "float32"}]
    if cfg.clinical:
        inputs.append(
            {"name": "clinical", "shape": [-1, 2], "dtype": "float32", "features": ["age_years/100", "sex_male"]}
        )
    seg, oe = getattr(cfg, "seg_weight", 0) > 0, getattr(cfg, "oe_weight", 0) > 0
    outputs = {"probs": "probs", "spread": "spread", "uncertainty": "uncertainty", "cam": "cam"}
    shapes = {"probs": [-1, 3], "spread": [-1, 3], "uncertainty": [-1], "cam": [-1, int(cam_hw[0]), int(cam_hw[1])]}
    if seg:
        outputs["mask"] = "mask"
        shapes["mask"] = [-1, S, S]
    return {
        "name": NAME,
        "version": version or (VERSION_V2 if getattr(cfg, "dataset", "") == "phantoms-v2" else VERSION),
        "file": "model.onnx",
        "opset": OPSET,
        "inputs": inputs,
        "outputs": outputs,
        "output_shapes": shapes,
        "labels": ["normal", "benign", "malignant"],
        "malignant_label": "malignant",
        "preprocessing": {"version": "osteon-xr-pre-v1", "size": S, "mean": cfg.mean, "std": cfg.std, "pad_value": 0.0},
        "temperature": float(temperature),
        "thresholds": {
            "alpha": cfg.alpha,
            "escalate_malignant_probability": float(thresholds["escalate_malignant_probability"]),
            "review_uncertainty": float(thresholds["review_uncertainty"]),
        },
        "uncertainty": {
            "method": UNCERTAINTY_METHOD + (OE_METHOD if oe else ""),
            "formula": uncertainty_formula(ood, oe),
            "d0": float(ood["d0"]),
            "k": float(ood["k"]),
            "range": [0.0, 1.0],
        },
        "calibration": {
            "method": "temperature scaling (validation split) + conformal risk control and "
            "binomial RCPS on the calibration split; shipped lambda = min of both",
            "guarantee": "E[FNR_malignant] <= alpha (CRC) and P(FNR_malignant > alpha) <= delta (RCPS), "
            "FNR = share of malignant studies not escalated, for data exchangeable "
            "with the calibration split",
            "delta": cfg.delta,
            "review_rate_target": cfg.review_rate,
            **calib,
        },
        "architecture": {
            "type": "compact ResNet-like CNN, in-graph ensemble of linear heads",
            "width": cfg.width,
            "heads": cfg.heads,
            "parameters": int(n_params),
            "clinical_inputs": bool(cfg.clinical),
            "segmentation_head": seg,
            "outlier_exposure_head": oe,
            "lesion_pool": bool(cfg.lesion_pool),
        },
        **({"mask": {"method": MASK_METHOD, "threshold_for_regions": 0.5}} if seg else {}),
        "training": {
            "commit": git_commit(),
            "data_hash": data_hash,
            "dataset": dataset,
            "seed": cfg.seed,
            "epochs": int(epochs),
            **(training_extra or {}),
        },
        "provenance": PROVENANCE,
    }


def write_json(obj, path: str) -> None:
    with open(path, "w") as fh:
        json.dump(obj, fh, indent=2, ensure_ascii=False)
        fh.write("\n")


if __name__ == "__main__":
    print(json.dumps(check(sys.argv[1]), indent=2))
