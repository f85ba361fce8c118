"""Evaluation on the held-out test split (and synthetic OOD inputs). Writes report.json,
roc.png, calibration.png, risk_coverage.png and MODEL_CARD.md into the output directory.

Metrics: malignant-vs-rest AUC with a bootstrap 95% CI; sensitivity, specificity, PPV, NPV at the
shipped operating point; top-label ECE (15 bins); risk-coverage of the review lane; AUROC of the
uncertainty score for the model's own errors and for OOD inputs; all stratified by subtype, site
and lesion size; Dice / IoU / Hausdorff of the CAM-derived localisation against lesion masks.

    (driven by) /usr/bin/python3 -m osteon_training.pipeline
    /usr/bin/python3 -m osteon_training.evaluate ../models/default   # rewrite MODEL_CARD.md from report/model.json
"""
from __future__ import annotations

import json
import os
from collections import defaultdict

import numpy as np
import torch
import torch.nn.functional as F
from scipy.spatial.distance import directed_hausdorff
from sklearn.metrics import roc_auc_score, roc_curve

from .config import LABELS, MALIGNANT


@torch.no_grad()
def run_deploy(deploy, x: np.ndarray, clin=None, batch: int = 256) -> dict:
    deploy.eval()
    dev = next(deploy.parameters()).device
    out = defaultdict(list)
    for i in range(0, len(x), batch):
        xb = torch.from_numpy(x[i : i + batch]).unsqueeze(1).to(dev)
        cb = None if clin is None else torch.from_numpy(clin[i : i + batch]).to(dev)
        # a mask output, when there is one, is left out (N x S x S floats; evaluate_model scores it)
        for k, v in zip(("probs", "spread", "uncertainty", "cam"), deploy(xb, cb)):
            out[k].append(v.cpu().numpy())
    return {k: np.concatenate(v) for k, v in out.items()}


def _auc(y, s):
    y = np.asarray(y)
    return float(roc_auc_score(y, s)) if 0 < y.sum() < len(y) else None


def bootstrap_auc(y, s, n=1000, seed=0):
    rng = np.random.default_rng(seed)
    y, s = np.asarray(y), np.asarray(s)
    vals = []
    for _ in range(n):
        i = rng.integers(0, len(y), len(y))
        if 0 < y[i].sum() < len(i):
            vals.append(roc_auc_score(y[i], s[i]))
    if not vals:  # a split without both classes (e.g. a left-out centre with no malignant case)
        return [None, None]
    return [float(np.percentile(vals, 2.5)), float(np.percentile(vals, 97.5))]


def ece(probs, y, bins=15):
    conf = probs.max(1)
    correct = (probs.argmax(1) == y).astype(float)
    edges = np.linspace(0, 1, bins + 1)
    e = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            e += m.mean() * abs(conf[m].mean() - correct[m].mean())
    return float(e)


def binary_at(y_pos, escalate):
    y_pos, escalate = np.asarray(y_pos, bool), np.asarray(escalate, bool)
    tp, fn = int((y_pos & escalate).sum()), int((y_pos & ~escalate).sum())
    fp, tn = int((~y_pos & escalate).sum()), int((~y_pos & ~escalate).sum())
    div = lambda a, b: float(a / b) if b else None
    return {
        "tp": tp,
        "fn": fn,
        "fp": fp,
        "tn": tn,
        "sensitivity": div(tp, tp + fn),
        "specificity": div(tn, tn + fp),
        "ppv": div(tp, tp + fp),
        "npv": div(tn, tn + fn),
        "false_omission_rate": div(fn, fn + tn),
        "escalation_rate": div(tp + fp, len(y_pos)),
    }


def risk_coverage(u, err):
    order = np.argsort(u, kind="stable")
    e = np.asarray(err, float)[order]
    k = np.arange(1, len(e) + 1)
    risk = np.cumsum(e) / k
    cov = k / len(e)
    return cov, risk, float(np.trapz(risk, cov))


def localisation(cam, masks, S):
    """CAM -> upsample to S x S, keep >= 50% of its max -> compare with the lesion mask."""
    t = torch.from_numpy(cam).unsqueeze(1)
    up = F.interpolate(t, size=(S, S), mode="bilinear", align_corners=False)[:, 0].numpy()
    res = []
    for c, m in zip(up, masks):
        if not m.any():
            continue
        c = np.maximum(c, 0)
        pred = c >= 0.5 * c.max() if c.max() > 0 else np.zeros_like(m)
        inter, union = (pred & m).sum(), (pred | m).sum()
        dice = 2 * inter / (pred.sum() + m.sum())
        a, b = np.argwhere(pred), np.argwhere(m)
        hd = max(directed_hausdorff(a, b)[0], directed_hausdorff(b, a)[0]) if len(a) else float(S)
        res.append((dice, inter / union, hd))
    if not res:
        return {"n": 0}
    r = np.array(res)
    return {
        "n": len(r),
        "dice_mean": float(r[:, 0].mean()),
        "dice_median": float(np.median(r[:, 0])),
        "iou_mean": float(r[:, 1].mean()),
        "hausdorff_px_mean": float(r[:, 2].mean()),
        "hausdorff_px_median": float(np.median(r[:, 2])),
        "grid": f"{cam.shape[1]}x{cam.shape[2]} upsampled to {S}x{S}",
    }


def stratify(meta, key, y, out, lam, tau):
    groups = defaultdict(list)
    for i, m in enumerate(meta):
        groups[str(m.get(key, "unknown"))].append(i)
    res = {}
    for gk, ii in sorted(groups.items()):
        ii = np.array(ii)
        pm = out["probs"][ii, MALIGNANT]
        ym = y[ii] == MALIGNANT
        esc = pm >= lam
        err = out["probs"][ii].argmax(1) != y[ii]
        r = {
            "n": int(len(ii)),
            "n_malignant": int(ym.sum()),
            "auc_malignant": _auc(ym, pm),
            "escalation_rate": float(esc.mean()),
            "accuracy": float(1 - err.mean()),
            "review_rate": float((out["uncertainty"][ii] >= tau).mean()),
            "error_auroc": _auc(err, out["uncertainty"][ii]),
        }
        b = binary_at(ym, esc)
        r.update({"sensitivity_malignant": b["sensitivity"], "specificity_malignant": b["specificity"]})
        res[gk] = r
    return res


def evaluate(out, y, meta, masks, ood_out, ood_kinds, thresholds, S, n_boot=1000, seed=0) -> dict:
    lam, tau = thresholds["escalate_malignant_probability"], thresholds["review_uncertainty"]
    probs, u = out["probs"], out["uncertainty"]
    ym = y == MALIGNANT
    pm = probs[:, MALIGNANT]
    pred = probs.argmax(1)
    err = pred != y
    op = binary_at(ym, pm >= lam)
    cov, risk, aurc = risk_coverage(u, err)
    auto = u < tau
    u_all = np.concatenate([u, ood_out["uncertainty"]])
    is_ood = np.concatenate([np.zeros(len(u)), np.ones(len(ood_out["uncertainty"]))])
    ood_by_kind = {}
    for kind in sorted(set(ood_kinds)):
        kk = np.array([k == kind for k in ood_kinds])
        ood_by_kind[kind] = {
            "n": int(kk.sum()),
            "auroc": _auc(np.r_[np.zeros(len(u)), np.ones(kk.sum())], np.r_[u, ood_out["uncertainty"][kk]]),
            "flagged_for_review": float((ood_out["uncertainty"][kk] >= tau).mean()),
        }
    test = {
        "n": int(len(y)),
        "n_malignant": int(ym.sum()),
        "prevalence_malignant": float(ym.mean()),
        "auc_malignant": _auc(ym, pm),
        "auc_malignant_ci": bootstrap_auc(ym, pm, n_boot, seed),
        "sensitivity_malignant": op["sensitivity"],
        "specificity_malignant": op["specificity"],
        "ppv_malignant": op["ppv"],
        "npv_malignant": op["npv"],
        "false_omission_rate": op["false_omission_rate"],
        "escalation_rate": op["escalation_rate"],
        "confusion_at_operating_point": {k: op[k] for k in ("tp", "fn", "fp", "tn")},
        "accuracy_3class": float(1 - err.mean()),
        "ece": ece(probs, y),
        "ece_malignant_binary": ece(np.stack([1 - pm, pm], 1), ym.astype(int)),
        "confusion_3class": [[int(((y == a) & (pred == b)).sum()) for b in range(3)] for a in range(3)],
    }
    unc = {
        "error_auroc": _auc(err, u),
        "ood_auroc": _auc(is_ood, u_all),
        "ood_by_kind": ood_by_kind,
        "n_ood": int(len(ood_kinds)),
        "aurc": aurc,
        "review_lane": {
            "threshold": tau,
            "review_rate": float((~auto).mean()),
            "coverage": float(auto.mean()),
            "error_rate_auto": float(err[auto].mean()) if auto.any() else None,
            "error_rate_review": float(err[~auto].mean()) if (~auto).any() else None,
            "ood_flagged": float((ood_out["uncertainty"] >= tau).mean()),
        },
        "risk_coverage": {
            f"{c:.1f}": float(risk[max(0, int(round(c * len(risk))) - 1)]) for c in np.linspace(0.5, 1.0, 6)
        },
    }
    report = {
        "test": test,
        "uncertainty": unc,
        "operating_point": {**thresholds},
        "by_subtype": stratify(meta, "subtype", y, out, lam, tau),
        "by_site": stratify(meta, "site", y, out, lam, tau),
        "by_lesion_size": stratify(meta, "size_class", y, out, lam, tau),
        "localisation": {
            "malignant": localisation(out["cam"][ym], masks[ym], S),
            "benign": localisation(out["cam"][y == 1], masks[y == 1], S),
        },
    }
    report["_curves"] = {"roc": roc_curve(ym, pm)[:2], "cov": cov, "risk": risk}
    return report


def plots(report, probs, y, outdir):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fpr, tpr = report["_curves"]["roc"]
    t = report["test"]
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    auc = "n/a" if t["auc_malignant"] is None else f"{t['auc_malignant']:.3f}"
    ax.plot(fpr, tpr, lw=1.5, label=f"AUC {auc}")
    ax.plot([0, 1], [0, 1], "k:", lw=0.8)
    if t["specificity_malignant"] is not None and t["sensitivity_malignant"] is not None:
        ax.scatter(
            [1 - t["specificity_malignant"]], [t["sensitivity_malignant"]], c="r", zorder=3, label="operating point"
        )
    ax.set(xlabel="1 - specificity", ylabel="sensitivity", title="Malignant vs rest (test)")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, "roc.png"), dpi=100)
    plt.close(fig)

    conf, correct = probs.max(1), (probs.argmax(1) == y)
    edges = np.linspace(0, 1, 16)
    xs, ys, ns = [], [], []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            xs.append(conf[m].mean()), ys.append(correct[m].mean()), ns.append(m.sum())
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], "k:", lw=0.8)
    ax.plot(xs, ys, "o-", label=f"ECE {t['ece']:.3f}")
    ax.set(xlabel="confidence (top label)", ylabel="accuracy", title="Calibration (test)")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, "calibration.png"), dpi=100)
    plt.close(fig)

    cov, risk = report["_curves"]["cov"], report["_curves"]["risk"]
    rl = report["uncertainty"]["review_lane"]
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot(cov, risk, lw=1.5, label=f"AURC {report['uncertainty']['aurc']:.4f}")
    ax.axvline(rl["coverage"], color="r", ls="--", lw=1, label="review threshold")
    ax.set(
        xlabel="coverage (share not sent to review)", ylabel="error rate of kept studies", title="Risk-coverage (test)"
    )
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, "risk_coverage.png"), dpi=100)
    plt.close(fig)


def strip_curves(report):
    return {k: v for k, v in report.items() if not k.startswith("_")}


PHANTOMS = """Phantoms: long bones (femur, tibia, humerus, fibula, radius, ulna; AP/LAT; ages 5-80) with
benign-looking lesions (osteochondroma, enchondroma, giant cell tumour, non-ossifying fibroma,
simple bone cyst) and malignant-looking ones (osteosarcoma, Ewing sarcoma, chondrosarcoma),
normal mimics (growth plates, nutrient canals), centre-specific noise, blur and contrast.
Train, validation, calibration and test come from different synthetic centres."""


def model_card(report, model_json, data_summary, outdir):
    t, u = report["test"], report["uncertainty"]
    th = model_json["thresholds"]
    f = lambda v: "n/a" if v is None else f"{v:.3f}"
    sub = "\n".join(
        f"| {k} | {v['n']} | {f(v['escalation_rate'])} | {f(v['accuracy'])} | {f(v['review_rate'])} |"
        for k, v in report["by_subtype"].items()
    )
    site = "\n".join(
        f"| {k} | {v['n']} | {v['n_malignant']} | {f(v['auc_malignant'])} | {f(v['sensitivity_malignant'])} | {f(v['specificity_malignant'])} |"
        for k, v in report["by_site"].items()
    )
    size = "\n".join(
        f"| {k} | {v['n']} | {f(v['escalation_rate'])} | {f(v['sensitivity_malignant'])} |"
        for k, v in report["by_lesion_size"].items()
    )
    ood = ", ".join(f"{k} {f(v['auroc'])}" for k, v in u["ood_by_kind"].items())
    loc = report["localisation"]["malignant"]
    data_limit = (
        """- Synthetic phantoms only: the numbers say the pipeline works end to end, not that the model
  recognises tumours in people. Real radiographs differ in anatomy, projection, implants, casts,
  fractures, infection and other mimics that the phantoms do not contain."""
        if model_json["training"]["dataset"].startswith("synthetic")
        else """- Trained and tested on one data set; performance elsewhere is unknown until validated there.
  Research use only: not validated prospectively, not a medical device."""
    )
    text = f"""# Model card: {model_json['name']} {model_json['version']}

**NOT FOR CLINICAL USE.** Osteon research prototype ({model_json['training']['dataset']}).

## Intended use
Research and integration testing of the Osteon triage pipeline: rank bone radiographs so that
studies that look malignant are read first, and send studies the model is unsure about (or that are
not bone radiographs at all) to a "needs human review" lane. It is not a diagnostic device, was not
trained or validated on patient images, and must not inform any clinical decision.

## Model
Compact ResNet-like CNN (stem + 3 residual stages, 1 input channel, input
{model_json['inputs'][0]['shape']}), with an in-graph ensemble of {model_json['architecture']['heads']} linear heads.
Preprocessing `{model_json['preprocessing']['version']}` (docs/preprocessing.md). Temperature
{model_json['temperature']:.4f} is applied inside the graph. Outputs: `probs`, `spread`, `uncertainty`, `cam`.

Uncertainty: {model_json['uncertainty']['formula']}

## Training data
{model_json['training']['dataset']} (manifest sha256 `{model_json['training']['data_hash'][:16]}…`).
Splits keep patients (and centres, where there are enough) disjoint: {json.dumps(data_summary)}.
{PHANTOMS if model_json['training']['dataset'].startswith('synthetic') else ''}

## Operating point (all values in model.json)
Escalate when P(malignant) >= {th['escalate_malignant_probability']:.4f}: conformal risk control with
alpha = {th['alpha']} on {model_json['calibration']['n_malignant_calibration']} malignant calibration studies, combined with a
binomial RCPS bound (delta = {model_json['calibration']['delta']}). Guarantee (exchangeable data): E[FNR] <= alpha, and
P(FNR > alpha) <= delta, where FNR is the share of malignant studies that are not escalated.
Review lane: uncertainty >= {th['review_uncertainty']:.4f}.

## Test metrics (held-out test split, n = {t['n']}, malignant = {t['n_malignant']})
| metric | value |
|---|---|
| AUC malignant vs rest | {f(t['auc_malignant'])} (95% CI {f(t['auc_malignant_ci'][0])}-{f(t['auc_malignant_ci'][1])}) |
| sensitivity (malignant) at operating point | {f(t['sensitivity_malignant'])} |
| specificity | {f(t['specificity_malignant'])} |
| PPV / NPV | {f(t['ppv_malignant'])} / {f(t['npv_malignant'])} |
| escalation rate | {f(t['escalation_rate'])} |
| 3-class accuracy | {f(t['accuracy_3class'])} |
| ECE (top label, 15 bins) | {f(t['ece'])} |
| uncertainty AUROC for own errors | {f(u['error_auroc'])} |
| uncertainty AUROC for OOD inputs | {f(u['ood_auroc'])} ({ood}) |
| review lane: share reviewed / error rate kept | {f(u['review_lane']['review_rate'])} / {f(u['review_lane']['error_rate_auto'])} |
| CAM localisation on malignant (Dice / IoU / Hausdorff px) | {f(loc.get('dice_mean'))} / {f(loc.get('iou_mean'))} / {f(loc.get('hausdorff_px_mean'))} |

By subtype:

| subtype | n | escalated | accuracy | reviewed |
|---|---|---|---|---|
{sub}

By site:

| site | n | malignant | AUC | sensitivity | specificity |
|---|---|---|---|---|---|
{site}

By lesion size (max extent; small < 30 mm, medium < 60 mm):

| size | n | escalated | sensitivity |
|---|---|---|---|
{size}

Plots: roc.png, calibration.png, risk_coverage.png. Full numbers: report.json.

## Limits
{data_limit}
- The conformal guarantee holds only for data exchangeable with the calibration split; any shift
  (new site, detector, population, prevalence) voids it until recalibration.
- The OOD component detects inputs far from the training features; near-OOD inputs (other body
  parts radiographs, children's hands, post-operative images) may not be flagged.
- CAM maps are coarse ({loc.get('grid', '')}) and show evidence for "malignant", not tumour borders
  (Dice {f(loc.get('dice_mean'))} against the lesion masks).
- It is a malignant-versus-rest triage model: 3-class accuracy is {f(t['accuracy_3class'])}, and benign
  lesions are often called normal. The uncertainty score ranks the model's own errors only weakly
  (AUROC {f(u['error_auroc'])}); it is built to catch inputs that are not bone radiographs.
- The review threshold targets {100 * model_json['calibration'].get('review_rate_target', 0.1):.0f} % of calibration studies;
  on the test centres {100 * u['review_lane']['review_rate']:.0f} % were sent to review: a shift between
  centres moves the uncertainty distribution.
"""
    with open(os.path.join(outdir, "MODEL_CARD.md"), "w") as fh:
        fh.write(text)


if __name__ == "__main__":
    # regenerate MODEL_CARD.md from a run's report.json and model.json:
    #   /usr/bin/python3 -m osteon_training.evaluate ../models/default
    import sys

    d = sys.argv[1] if len(sys.argv) > 1 else "../models/default"
    rep = json.load(open(os.path.join(d, "report.json")))
    mj = json.load(open(os.path.join(d, "model.json")))
    model_card(rep, mj, rep["training"]["splits"], d)
    print(os.path.join(d, "MODEL_CARD.md"))
