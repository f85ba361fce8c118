"""Evaluate any model folder (model.onnx + model.json) on any labelled set, as serving would score it.

Scoring: the preprocessing `osteon-xr-pre-v1` with the model's own `preprocessing` block (what the
Java scoring service applies; golden vectors pin both), model.onnx run by the NumPy evaluator
(onnx_numpy.py, no torch in the path), and the gate of streams mirrored in gate.py (REVIEW when
uncertainty >= review threshold, else ESCALATE when p(malignant) >= escalate threshold, else
ROUTINE), with the thresholds of model.json. The report (docs/model.md "Evaluation on phantoms v2"):

    test            AUC (patient-clustered bootstrap CI), gate sensitivity / specificity (clustered
                    CIs), escalation and review rates, silent-routine rate of malignant images with
                    its exact one-sided 95 % upper bound (Clopper-Pearson), per image and per patient
                    (a patient's study is routine only when every view is), ECE
    uncertainty     the review lane: rate, error rates in and out of it
    by_*            centre, subtype, site, age band, lesion size band, view
    cam_pointing_game   share of lesion images whose CAM peak lies inside the lesion mask
    localisation    (models with a mask output) Dice, pointing game and FROC sensitivity at 1 false
                    positive per image, from the mask's connected components; null otherwise
    shift_suite     (phantoms-v2) each acquisition shift alone on the test centres (phantoms_v2/shifts.py)
    near_ood        (phantoms-v2) hardware only, an unseen site, phone photo of a film, web JPEG

Formats: `btxrd` (datasets/btxrd.py), `dicom-folder` (datasets/dicom_folder.py, needs --labels), and
`phantoms-v2`, whose PATH is either a spec `[SPLIT:]N` (the first N images of the split, rendered at
the model's input size; SPLIT defaults to test: centres c07-c08) or a folder written by
`phantoms_v2.render` (hidden.jsonl + 8-bit PNGs of the displayed image, scored with min-max).

    ./osteon evaluate --model models/default --data test:300 --format phantoms-v2 --out /tmp/v2.json
    cd training && /usr/bin/python3 -m osteon_training.evaluate_model --model ../models/default \\
        --data test:300 --format phantoms-v2 --suite-n 40 --out /tmp/v2.json
    /usr/bin/python3 -m osteon_training.evaluate_model --model ../models/default --data /data/BTXRD --format btxrd
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass

import numpy as np

from . import gate, onnx_numpy
from . import stats as st
from .preprocess import PixelMeta, preprocess_pixels, resize_mask

LABELS = ("normal", "benign", "malignant")
SPEC = re.compile(r"^(?:(?P<split>[a-z]+):)?(?P<n>[0-9]+)$")


@dataclass
class Model:
    dir: str
    js: dict

    @property
    def S(self) -> int:
        return int(self.js["preprocessing"]["size"])

    @property
    def mal(self) -> int:
        return self.js["labels"].index(self.js.get("malignant_label", "malignant"))

    @property
    def thresholds(self) -> dict:
        return self.js["thresholds"]

    def outputs(self) -> dict:
        return self.js.get("outputs", {})

    def preprocess(self, stored, meta: PixelMeta) -> np.ndarray:
        p = self.js["preprocessing"]
        return preprocess_pixels(stored, meta, self.S, float(p["mean"]), float(p["std"]))[0, 0]

    def score(self, x: np.ndarray, batch: int = 16) -> dict:
        """x [N,S,S] float32 -> probs [N,C], uncertainty [N], cam [N,h,w] and mask [N,S,S] (float16)
        when the model has them."""
        names = self.outputs()
        inp = self.js["inputs"][0]["name"]
        path = os.path.join(self.dir, self.js.get("file", "model.onnx"))
        out = {"probs": [], "uncertainty": [], "cam": [], "mask": []}
        for i in range(0, len(x), batch):
            r = onnx_numpy.run(path, {inp: np.ascontiguousarray(x[i : i + batch, None], np.float32)})
            for k in out:
                if names.get(k) in r:
                    out[k].append(r[names[k]].astype(np.float16) if k == "mask" else r[names[k]])
        return {k: np.concatenate(v) if v else None for k, v in out.items()}


def load_model(d: str) -> Model:
    js = json.load(open(os.path.join(d, "model.json")))
    if js.get("architecture", {}).get("clinical_inputs"):
        raise SystemExit("evaluate: models with clinical inputs are not supported yet (the graph needs age/sex)")
    if list(js["labels"]) != list(LABELS):
        raise SystemExit(f"evaluate: labels {js['labels']} are not {LABELS}")
    return Model(d, js)


# ---------------------------------------------------------------------------------------------- data


@dataclass
class Data:
    x: np.ndarray  # [N,S,S] preprocessed
    y: np.ndarray  # [N] label index (truth)
    mask: np.ndarray  # [N,S,S] tumour mask on the preprocessed canvas
    meta: list  # dicts: patient, centre, subtype, site, view, age_band, size_band, ...
    cluster_note: str
    shown: list | None = None  # displayed images and pitch (phantoms-v2 spec), for the near-OOD kinds


def age_band(age) -> str:
    if age is None or age == "":
        return "unknown"
    a = float(age)
    return "0-17" if a < 18 else "18-39" if a < 40 else "40-64" if a < 65 else "65+"


def size_band_mm(mm) -> str:
    """Longest extent of the focal finding (tumour or mimic), in mm; v1's bands."""
    if not mm:
        return "none"
    return "small" if mm < 30 else "medium" if mm < 60 else "large"


def _v2_meta(info: dict) -> dict:
    return {
        "uid": info["uid"],
        "patient": info["patient"],
        "centre": info["centre"],
        "subtype": info["subtype"],
        "site": info["site"],
        "view": info["view"],
        "age_band": age_band(info["age"]),
        "size_band": size_band_mm(info.get("lesion_mm", 0.0)),
    }


def load_v2_spec(spec: str, model: Model) -> Data:
    from .phantoms_v2.dataset import images

    m = SPEC.match(spec)
    split, n = m.group("split") or "test", int(m.group("n"))
    xs, ys, ms, meta, shown = [], [], [], [], []
    for r in images(split, n, model.S):
        xs.append(model.preprocess(r["stored"], r["meta"]))
        ms.append(resize_mask(r["mask"], model.S) if r["mask"].any() else np.zeros((model.S, model.S), bool))
        ys.append(LABELS.index(r["info"]["true_label"]))
        meta.append(_v2_meta(r["info"]))
        shown.append((r["image"], r["info"]["pixel_spacing"]))
    note = "patient id of phantoms v2 (all views of one finding)"
    return Data(np.stack(xs), np.array(ys), np.stack(ms), meta, note, shown)


def load_v2_folder(path: str, model: Model) -> Data:
    from PIL import Image

    xs, ys, ms, meta = [], [], [], []
    for line in open(os.path.join(path, "hidden.jsonl")):
        info = json.loads(line)
        img = np.asarray(Image.open(os.path.join(path, info["uid"] + ".png")).convert("L"))
        mask = np.load(os.path.join(path, info["uid"] + ".mask.npy"))
        xs.append(model.preprocess(img, PixelMeta()))
        ms.append(resize_mask(mask, model.S) if mask.any() else np.zeros((model.S, model.S), bool))
        ys.append(LABELS.index(info["true_label"]))
        meta.append(_v2_meta(info))
    note = "patient id of phantoms v2; images are the folder's 8-bit PNGs (min-max), not the stored DICOM values"
    return Data(np.stack(xs), np.array(ys), np.stack(ms), meta, note)


def load_real(fmt: str, path: str, labels: str | None, model: Model) -> Data:
    p = model.js["preprocessing"]
    args = (model.S, float(p["mean"]), float(p["std"]))
    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    if fmt == "btxrd":
        from .datasets.btxrd import load_btxrd

        b = load_btxrd(path, *args, log=log)
        note = (
            "the table's patient_id column when present; BTXRD has none, so each image is its own patient "
            "and views of one patient count as independent (CIs too narrow)"
        )
    else:
        from .datasets.dicom_folder import load_dicom_folder

        if not labels:
            raise SystemExit("evaluate: --format dicom-folder needs --labels CSV")
        b = load_dicom_folder(path, labels, *args, log=log)
        note = "patient_id of the labels CSV, else the file's PatientID"
    meta = [
        {
            "uid": m["uid"],
            "patient": m["patient"],
            "centre": m["centre"],
            "subtype": m["subtype"],
            "site": m["site"],
            "view": m["view"],
            "age_band": age_band(m.get("age")),
            "size_band": m.get("size_class", "unknown"),
        }
        for m in b.meta
    ]
    return Data(b.x, b.y, b.mask, meta, note)


def load_data(fmt: str, path: str, labels: str | None, model: Model) -> Data:
    if fmt == "phantoms-v2":
        if os.path.isdir(path):
            return load_v2_folder(path, model)
        if not SPEC.match(path):
            raise SystemExit(f"evaluate: phantoms-v2 --data must be [SPLIT:]N or a render folder, not {path!r}")
        return load_v2_spec(path, model)
    return load_real(fmt, path, labels, model)


# ---------------------------------------------------------------------------------------------- metrics


def _div(a, b):
    return float(a / b) if b else None


def gate_block(p, u, y, mal, thresholds, patients=None, n_boot=0, seed=0) -> dict:
    """Gate rates of a set of images; with patients and n_boot, clustered CIs and per-patient rates."""
    dec = gate.decide_all(p, u, thresholds)
    esc, rev, rout = dec == gate.ESCALATE, dec == gate.REVIEW, dec == gate.ROUTINE
    ym = np.asarray(y) == mal
    k_silent, n_mal = int((rout & ym).sum()), int(ym.sum())
    r = {
        "n": int(len(y)),
        "n_malignant": n_mal,
        "auc_malignant": st.auc(ym, p),
        "escalation_rate": st.rate(esc),
        "review_rate": st.rate(rev),
        "routine_rate": st.rate(rout),
        "sensitivity_malignant": _div((esc & ym).sum(), n_mal),
        "specificity_malignant": _div((~esc & ~ym).sum(), (~ym).sum()),
        "silent_routine_rate_malignant": _div(k_silent, n_mal),
        "silent_routine_malignant_ucb95": st.clopper_pearson_upper(k_silent, n_mal),
    }
    if patients is None:
        return r
    patients = np.asarray(patients)
    sens = lambda i: _div((esc[i] & ym[i]).sum(), ym[i].sum())  # noqa: E731
    spec = lambda i: _div((~esc[i] & ~ym[i]).sum(), (~ym[i]).sum())  # noqa: E731
    aucf = lambda i: st.auc(ym[i], p[i])  # noqa: E731
    r["auc_malignant_ci"] = st.cluster_bootstrap(aucf, patients, n_boot, seed)["ci"]
    r["sensitivity_malignant_ci"] = st.cluster_bootstrap(sens, patients, n_boot, seed)["ci"]
    r["specificity_malignant_ci"] = st.cluster_bootstrap(spec, patients, n_boot, seed)["ci"]
    mal_patients = sorted(set(patients[ym]))
    silent_p = [bool(rout[patients == q].all()) for q in mal_patients]  # study: most severe view wins
    r["n_patients"] = int(len(set(patients)))
    r["n_malignant_patients"] = len(mal_patients)
    r["silent_routine_rate_malignant_patient"] = _div(sum(silent_p), len(mal_patients))
    r["silent_routine_malignant_patient_ucb95"] = st.clopper_pearson_upper(sum(silent_p), len(mal_patients))
    r["decisions"] = {d: int((dec == d).sum()) for d in gate.DECISIONS}
    return r


def test_block(out, data: Data, model: Model, n_boot: int, seed: int) -> tuple[dict, dict]:
    from .evaluate import ece

    probs, u, y, mal = out["probs"], out["uncertainty"], data.y, model.mal
    p = probs[:, mal]
    lam = model.thresholds["escalate_malignant_probability"]
    tau = model.thresholds["review_uncertainty"]
    g = gate_block(p, u, y, mal, model.thresholds, [m["patient"] for m in data.meta], n_boot, seed)
    ym = y == mal
    pred = probs.argmax(1)
    err = pred != y
    test = {
        **g,
        "prevalence_malignant": float(ym.mean()),
        "sensitivity_malignant_threshold_only": _div(((p >= lam) & ym).sum(), ym.sum()),
        "ppv_malignant": _div(
            ((gate.decide_all(p, u, model.thresholds) == gate.ESCALATE) & ym).sum(), g["decisions"]["ESCALATE"]
        ),
        "accuracy_3class": float(1 - err.mean()),
        "ece": ece(probs, y),
        "ece_malignant_binary": ece(np.stack([1 - p, p], 1), ym.astype(int)),
        "confusion_3class": [[int(((y == a) & (pred == b)).sum()) for b in range(3)] for a in range(3)],
    }
    auto = u < tau
    unc = {
        "error_auroc": st.auc(err, u),
        "review_lane": {
            "threshold": tau,
            "review_rate": float((~auto).mean()),
            "coverage": float(auto.mean()),
            "error_rate_auto": float(err[auto].mean()) if auto.any() else None,
            "error_rate_review": float(err[~auto].mean()) if (~auto).any() else None,
        },
    }
    return test, unc


def subgroups(out, data: Data, model: Model, key: str) -> dict:
    groups: dict = {}
    for i, m in enumerate(data.meta):
        groups.setdefault(str(m.get(key, "unknown")), []).append(i)
    res = {}
    for k, ii in sorted(groups.items()):
        ii = np.array(ii)
        r = gate_block(out["probs"][ii, model.mal], out["uncertainty"][ii], data.y[ii], model.mal, model.thresholds)
        r["accuracy"] = float((out["probs"][ii].argmax(1) == data.y[ii]).mean())
        res[k] = r
    return res


def pointing_game(cam, mask, y, mal) -> dict | None:
    """Share of images with a lesion mask whose CAM peak is inside it: `hit_rate` at the peak of the
    CAM upsampled (bilinear) to the canvas, `hit_rate_cell` when the peak cell holds any mask pixel."""
    if cam is None:
        return None
    import torch
    import torch.nn.functional as F

    S, (h, w) = mask.shape[1], cam.shape[1:]
    res = {}
    for name, sel in (("malignant", y == mal), ("benign", (y != mal) & (y != 0)), ("all", y >= 0)):
        ii = np.flatnonzero(sel & mask.reshape(len(mask), -1).any(1))
        if not len(ii):
            res[name] = {"n": 0, "hit_rate": None, "hit_rate_cell": None}
            continue
        up = F.interpolate(torch.from_numpy(cam[ii]).unsqueeze(1), size=(S, S), mode="bilinear", align_corners=False)
        up = up[:, 0].numpy().reshape(len(ii), -1).argmax(1)
        hit = [bool(mask[i].reshape(-1)[k]) for i, k in zip(ii, up)]
        cell = cam[ii].reshape(len(ii), -1).argmax(1)
        ch, cw = S // h, S // w
        hit_cell = [
            bool(mask[i, (c // w) * ch : (c // w + 1) * ch, (c % w) * cw : (c % w + 1) * cw].any())
            for i, c in zip(ii, cell)
        ]
        res[name] = {"n": int(len(ii)), "hit_rate": float(np.mean(hit)), "hit_rate_cell": float(np.mean(hit_cell))}
    res["grid"] = f"{h}x{w} on a {S}x{S} canvas"
    return res


def mask_localisation(prob, mask, y, mal, thr: float = 0.5, iou: float = 0.1) -> dict | None:
    """Localisation of a mask output (probabilities [N,S,S]) against the tumour masks [N,S,S].

    Per block (malignant, benign, all images with a tumour mask): `dice_mean` (prob >= thr against the
    mask, per image, then mean), `pointing_game` (share whose highest-probability pixel lies in the
    mask), and FROC: candidates are the connected components (8-connected) of prob >= thr in every
    image of the set, each scored by its peak probability; a lesion (connected component of a tumour
    mask of the block's images) is found when a kept candidate matches it (IoU >= iou, 0.1: a blob
    over half the image matches nothing); a false positive is a kept candidate that matches no
    tumour lesion; `froc_sensitivity_at_1fp` is the highest sensitivity with
    at most 1 false positive per image (all N images count), `froc` the same at 0.125-4."""
    if prob is None:
        return None
    from scipy import ndimage

    n = len(prob)
    eight = np.ones((3, 3), bool)
    cands = []  # (image, score, overlapped lesion ids of image, is_fp)
    lesions = []  # (image, lesion id)
    for i in range(n):
        p = prob[i].astype(np.float32)
        lab_t, nt = ndimage.label(mask[i], eight)
        lesions += [(i, j) for j in range(1, nt + 1)]
        lab_p, npr = ndimage.label(p >= thr, eight)
        if npr:
            peaks = ndimage.maximum(p, lab_p, np.arange(1, npr + 1))
            for j in range(1, npr + 1):
                comp = lab_p == j
                hit = set()
                for t in set(np.unique(lab_t[comp])) - {0}:
                    les = lab_t == t
                    if (comp & les).sum() >= iou * (comp | les).sum():
                        hit.add(t)
                cands.append((i, float(peaks[j - 1]), hit, not hit))
    res = {}
    y = np.asarray(y)
    has = mask.reshape(n, -1).any(1)
    for name, sel in (("malignant", y == mal), ("benign", (y != mal) & (y != 0)), ("all", np.ones(n, bool))):
        ii = np.flatnonzero(sel & has)
        if not len(ii):
            res[name] = {"n": 0, "dice_mean": None, "pointing_game": None, "froc_sensitivity_at_1fp": None}
            continue
        dice, point = [], []
        for i in ii:
            pr, t = prob[i] >= thr, mask[i]
            dice.append(2 * (pr & t).sum() / max(pr.sum() + t.sum(), 1))
            point.append(bool(t.reshape(-1)[int(np.argmax(prob[i].reshape(-1)))]))
        les = {(i, j) for i, j in lesions if sel[i]}
        curve, found, fp = [], set(), 0  # (fp per image, sensitivity) as the score threshold falls
        order = sorted(cands, key=lambda c: -c[1])
        for k, c in enumerate(order):
            found |= {(c[0], j) for j in c[2]} & les
            fp += c[3]
            if k + 1 == len(order) or order[k + 1][1] < c[1]:  # all candidates tied at this score are in
                curve.append((fp / n, len(found) / max(len(les), 1)))

        def at(f):
            ok = [s for fp, s in curve if fp <= f]
            return float(max(ok)) if ok else 0.0

        res[name] = {
            "n": int(len(ii)),
            "n_lesions": len(les),
            "dice_mean": float(np.mean(dice)),
            "dice_median": float(np.median(dice)),
            "pointing_game": float(np.mean(point)),
            "froc_sensitivity_at_1fp": at(1.0),
            "froc": {str(f): at(f) for f in (0.125, 0.25, 0.5, 1.0, 2.0, 4.0)},
        }
    res["threshold"] = thr
    res["match_iou"] = iou
    res["n_images"] = int(n)
    return res


# ---------------------------------------------------------------------------------------------- suites


def _score_renders(model: Model, renders) -> tuple[dict, np.ndarray]:
    x = np.stack([model.preprocess(r["stored"], r["meta"]) for r in renders])
    y = np.array([LABELS.index(r["info"]["true_label"]) for r in renders])
    return model.score(x), y


def shift_suite(model: Model, n: int, log) -> dict:
    """The first n malignant test images, rendered as their centre acquires them and under each shift."""
    from .phantoms_v2 import shifts

    items = shifts.views_where("test", n, lambda c: c.true_label == "malignant")
    res = {"n_malignant": len(items), "centres": sorted({c.centre for c, _ in items}), "shifts": {}}
    for name in [None, *shifts.SHIFTS]:
        t0 = time.time()
        out, y = _score_renders(model, [shifts.render_shifted(c, v, model.S, name) for c, v in items])
        g = gate_block(out["probs"][:, model.mal], out["uncertainty"], y, model.mal, model.thresholds)
        r = {
            "malignant_escalation_rate": g["escalation_rate"],
            "malignant_review_rate": g["review_rate"],
            "malignant_silent_routine_rate": g["silent_routine_rate_malignant"],
            "malignant_silent_routine_ucb95": g["silent_routine_malignant_ucb95"],
            "median_p_malignant": float(np.median(out["probs"][:, model.mal])),
            "median_uncertainty": float(np.median(out["uncertainty"])),
        }
        if name is None:
            res["base"] = r
        else:
            r["change"] = shifts.SHIFTS[name][0] | ({"render_scale": 2} if shifts.SHIFTS[name][1] != 1 else {})
            res["shifts"][name] = r
        log(f"shift {name or 'base'}: {json.dumps({k: r[k] for k in list(r)[:3]})} ({time.time() - t0:.0f}s)")
    return res


def near_ood_suite(model: Model, n: int, u_in: np.ndarray, log) -> dict:
    """Near-OOD kinds against in-distribution test images (u_in: their uncertainty)."""
    from .phantoms_v2 import shifts
    from .phantoms_v2.dataset import render_view

    ordinary = lambda c: c.site != shifts.UNSEEN_SITE and c.subtype != "hardware"  # noqa: E731
    sel = {
        "hardware_only": shifts.views_where("test", n, lambda c: c.subtype == "hardware"),
        "unseen_site": shifts.views_where("test", n, lambda c: c.site == shifts.UNSEEN_SITE),
    }
    # photo and web kinds: half malignant, so their silent-routine rate has a denominator
    base = shifts.views_where("test", n // 2, lambda c: ordinary(c) and c.true_label == "malignant")
    base += shifts.views_where("test", n - len(base), lambda c: ordinary(c) and c.true_label != "malignant")
    res = {"kinds": {}}
    u_all, is_ood = [u_in], [np.zeros(len(u_in), bool)]
    for kind in shifts.NEAR_OOD:
        t0 = time.time()
        if kind in sel:
            renders = [render_view(c, v, model.S) for c, v in sel[kind]]
        else:
            renders = []
            for c, v in base:
                r = render_view(c, v, model.S)
                rng = np.random.default_rng(c.seed + 100 + v)
                if kind == "phone_photo":
                    r["stored"], r["meta"] = shifts.phone_photo(r["image"], rng)
                else:
                    r["stored"], r["meta"] = shifts.web_jpeg(r["image"], rng, r["info"]["pixel_spacing"])
                renders.append(r)
        out, y = _score_renders(model, renders)
        u = out["uncertainty"]
        g = gate_block(out["probs"][:, model.mal], u, y, model.mal, model.thresholds)
        res["kinds"][kind] = {
            "n": len(renders),
            "n_malignant": g["n_malignant"],
            "review_auroc": st.auc(np.r_[np.zeros(len(u_in)), np.ones(len(u))], np.r_[u_in, u]),
            "flagged_for_review": g["review_rate"],
            "escalation_rate": g["escalation_rate"],
            "silent_routine_rate_malignant": g["silent_routine_rate_malignant"],
            "silent_routine_malignant_ucb95": g["silent_routine_malignant_ucb95"],
        }
        u_all.append(u)
        is_ood.append(np.ones(len(u), bool))
        log(f"near-OOD {kind}: {json.dumps(res['kinds'][kind])} ({time.time() - t0:.0f}s)")
    res["review_auroc"] = st.auc(np.concatenate(is_ood), np.concatenate(u_all))
    res["n_in_distribution"] = int(len(u_in))
    res["in_distribution_review_rate"] = st.rate(u_in >= model.thresholds["review_uncertainty"])
    return res


# ---------------------------------------------------------------------------------------------- report

DEFINITIONS = {
    "gate": "org.osteon.streams.gate.GatePolicy (gate.py): REVIEW if uncertainty >= review threshold, "
    "else ESCALATE if p(malignant) >= escalate threshold, else ROUTINE",
    "sensitivity_malignant": "share of malignant images the gate escalates (REVIEW and ROUTINE are negative calls, "
    "as in analytics.Confusion); sensitivity_malignant_threshold_only ignores the review lane",
    "silent_routine_rate_malignant": "share of malignant images the gate calls ROUTINE (neither escalated nor "
    "reviewed); _patient: share of malignant patients with every view ROUTINE; ucb95: exact one-sided 95 % "
    "Clopper-Pearson upper bound",
    "ci": "95 % percentile bootstrap resampling whole clusters (patients) with replacement",
    "review_auroc": "AUROC of the uncertainty score (the quantity the review lane thresholds) separating "
    "near-OOD images (positive) from in-distribution test images (negative): test images of the main set "
    "that are neither hardware-only nor of the unseen site",
    "ece": "top-label expected calibration error, 15 equal-width bins",
    "localisation": "mask output against the tumour masks (mask_localisation): Dice at probability 0.5, "
    "pointing game at the peak pixel, FROC over connected components of probability >= 0.5 scored by their peak, "
    "a component matching a lesion at IoU >= 0.1; false positives per image over all images of the set",
}


def evaluate(model: Model, data: Data, fmt: str, path: str, suite_n: int, n_boot: int, seed: int, log) -> dict:
    t0 = time.time()
    out = model.score(data.x)
    log(f"scored {len(data.y)} images ({time.time() - t0:.0f}s)")
    test, unc = test_block(out, data, model, n_boot, seed)
    names = model.outputs()
    rep = {
        "model": {"name": model.js["name"], "version": model.js["version"], "dir": model.dir},
        "data": {
            "format": fmt,
            "path": path,
            "n": int(len(data.y)),
            "cluster": "patient",
            "cluster_note": data.cluster_note,
            "preprocessing": model.js["preprocessing"],
            "scorer": "onnx_numpy (NumPy evaluator of model.onnx)",
        },
        "test": test,
        "uncertainty": unc,
        "operating_point": dict(model.thresholds),
        **{f"by_{k}": subgroups(out, data, model, key) for k, key in BY},
        "localisation": mask_localisation(out["mask"], data.mask, data.y, model.mal),
        "cam_pointing_game": pointing_game(out["cam"], data.mask, data.y, model.mal),
        "shift_suite": None,
        "near_ood": None,
    }
    if rep["localisation"] is None:
        rep["localisation_reason"] = "the model has no mask output"
    if rep["cam_pointing_game"] is None:
        rep["cam_pointing_game_reason"] = "the model has no cam output"
    if fmt == "phantoms-v2" and suite_n > 0:
        rep["shift_suite"] = shift_suite(model, suite_n, log)
        ordinary = np.array([m["site"] != "pelvis" and m["subtype"] != "hardware" for m in data.meta])
        rep["near_ood"] = near_ood_suite(model, suite_n, out["uncertainty"][ordinary], log)
    else:
        why = "phantoms-v2 only" if fmt != "phantoms-v2" else "--suite-n 0"
        rep["shift_suite_reason"] = rep["near_ood_reason"] = why
    rep["definitions"] = DEFINITIONS
    rep["seconds"] = round(time.time() - t0, 1)
    rep["provenance"] = "Osteon research prototype. NOT FOR CLINICAL USE."
    return rep


BY = (
    ("centre", "centre"),
    ("subtype", "subtype"),
    ("site", "site"),
    ("age_band", "age_band"),
    ("lesion_size", "size_band"),
    ("view", "view"),
)


def parse(argv=None):
    ap = argparse.ArgumentParser(
        prog="osteon evaluate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--model", required=True, help="model folder: model.onnx + model.json")
    ap.add_argument("--data", required=True, help="data root, or for phantoms-v2 [SPLIT:]N or a render folder")
    ap.add_argument("--format", required=True, choices=["btxrd", "dicom-folder", "phantoms-v2"])
    ap.add_argument("--labels", help="labels CSV for --format dicom-folder")
    ap.add_argument("--out", help="report JSON (default: standard output)")
    ap.add_argument("--suite-n", type=int, default=40, help="images per shift and per near-OOD kind (0: none)")
    ap.add_argument("--bootstrap", type=int, default=1000, help="clustered bootstrap replicates")
    ap.add_argument("--seed", type=int, default=0)
    return ap.parse_args(argv)


def main(argv=None):
    a = parse(argv)
    log = lambda m: print(f"evaluate: {m}", file=sys.stderr, flush=True)  # noqa: E731
    model = load_model(a.model)
    data = load_data(a.format, a.data, a.labels, model)
    rep = evaluate(model, data, a.format, a.data, a.suite_n, a.bootstrap, a.seed, log)
    text = json.dumps(rep, indent=2) + "\n"
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(text)
        t = rep["test"]
        f = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
        log(
            f"n {t['n']} malignant {t['n_malignant']} AUC {f(t['auc_malignant'])} "
            f"escalated {f(t['escalation_rate'])} reviewed {f(t['review_rate'])} "
            f"silent-routine malignant {f(t['silent_routine_rate_malignant'])}; wrote {a.out}"
        )
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
