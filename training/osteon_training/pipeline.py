"""The CLI that runs everything: data -> train -> calibrate -> evaluate -> export -> golden vectors.

    cd training
    bash recipes/default.sh                                            # reproduce ../models/default (two runs)
    /usr/bin/python3 -m osteon_training.pipeline                       # one run of the defaults into out/run
    /usr/bin/python3 -m osteon_training.pipeline --quick               # CI smoke run, temp dir, < 3 min
    /usr/bin/python3 -m osteon_training.pipeline --quick --out /tmp/q  # smoke run into a chosen dir
    /usr/bin/python3 -m osteon_training.pipeline --phantoms v2 --out out/v2   # phantoms v2 (recipes/v2.sh)
    /usr/bin/python3 -m osteon_training.pipeline --quick --phantoms v2        # v2 smoke run
    /usr/bin/python3 -m osteon_training.pipeline --data /data/BTXRD --format btxrd --out out/btxrd
    /usr/bin/python3 -m osteon_training.pipeline --data /data/dcm --format dicom-folder --labels labels.csv --out out/dcm
    /usr/bin/python3 -m osteon_training.pipeline --data /data/BTXRD --format btxrd --leave-out-centre 3 --out out/loco
    /usr/bin/python3 -m osteon_training.pipeline --init ../models/default --format osteon-dataset --data DATASET \
        --out out/site                                                  # fine-tune (finetune.py)

(`./osteon train [ARGS]` runs the same from the repository root.)
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import sys
import tempfile
import time

import numpy as np
import torch

from . import calibrate, evaluate, export, golden, onnx_numpy
from .config import LABELS, MALIGNANT, V2_PRESET, V2_QUICK, Config, quick, set_threads
from .datasets.phantom import GENERATOR, SPLIT_CENTRES, Bundle, build
from .finetune import candidate_version
from .model import DeployModel
from .ood import build_ood
from .splits import check_disjoint, grouped_split, leave_one_centre_out
from .train import NOT_MALIGNANT, clinical_tensor, infer, train

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # training/
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "models", "default"))


def parse(argv=None):
    ap = argparse.ArgumentParser(
        prog="osteon train", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="smoke run (tiny data, 2 epochs, temp dir; phantoms v2 unless --phantoms v1)",
    )
    ap.add_argument("--data", help="real data root (BTXRD folder or DICOM folder)")
    ap.add_argument(
        "--format",
        choices=["btxrd", "dicom-folder", "osteon-dataset"],
        help="layout of --data (osteon-dataset: ./osteon dataset build's folder, verified by its content hash)",
    )
    ap.add_argument("--labels", help="labels CSV for --format dicom-folder")
    ap.add_argument(
        "--phantoms",
        choices=["v1", "v2"],
        help="synthetic data when there is no --data: v1 (synthetic-phantoms-v1; the default) or v2 (phantoms_v2, "
        "with the seg head, outlier exposure, acquisition augmentation and the v2 evaluation; config.V2_PRESET); "
        "--quick defaults to v2",
    )
    ap.add_argument(
        "--out",
        help="output directory (default out/run; --quick: a temp dir; " "recipes/default.sh writes ../models/default)",
    )
    ap.add_argument("--no-goldens", action="store_true")
    for f in dataclasses.fields(Config):
        if f.name in ("quick", "out", "data", "labels_csv", "dataset", "goldens"):
            continue
        flag = "--" + f.name.replace("_", "-")
        if f.type in ("bool", bool):
            ap.add_argument(flag, dest=f.name, action=argparse.BooleanOptionalAction, default=None)
        else:
            typ = {"int": int, "float": float, "str": str}.get(str(f.type), str)
            ap.add_argument(flag, dest=f.name, type=typ, default=None)
    a = ap.parse_args(argv)
    cfg = quick() if a.quick else Config()
    over = {f.name: getattr(a, f.name) for f in dataclasses.fields(Config) if hasattr(a, f.name)}
    over.pop("quick", None)
    phantoms = a.phantoms or ("v2" if a.quick else "v1")
    if phantoms == "v2" and not a.data:
        preset = {**V2_PRESET, **(V2_QUICK if a.quick else {})}
        over = {**preset, **{k: v for k, v in over.items() if v is not None}, "dataset": "phantoms-v2"}
        if over["previous_model"] and not os.path.isabs(over["previous_model"]):
            over["previous_model"] = os.path.normpath(os.path.join(HERE, over["previous_model"]))
    cfg = cfg.update(**over)
    if a.data:
        if not a.format:
            ap.error("--data needs --format btxrd|dicom-folder|osteon-dataset")
        cfg = cfg.update(dataset=a.format, data=a.data, labels_csv=a.labels or "")
        if a.format == "dicom-folder" and not a.labels:
            ap.error("--format dicom-folder needs --labels CSV")
    if a.out:
        out = a.out
    elif cfg.quick:
        out = tempfile.mkdtemp(prefix="osteon-quick-")
    elif cfg.dataset not in ("phantom", "phantoms-v2"):
        out = os.path.join(HERE, "out", cfg.dataset)
    else:
        # models/default is written only when asked for by name (recipes/default.sh does): a run of the
        # defaults alone is not the shipped recipe and must not replace it.
        out = os.path.join(HERE, cfg.out)
    shipped = os.path.realpath(out) == os.path.realpath(DEFAULT_OUT)
    if (cfg.quick or cfg.dataset not in ("phantom", "phantoms-v2")) and shipped:
        ap.error("refusing to overwrite models/default with a quick or real-data run; pass another --out")
    if a.work:
        work = a.work
    else:
        work = os.path.join(HERE, cfg.work) if shipped else os.path.join(out, "work")
    cfg = cfg.update(out=out, work=work, goldens=not a.no_goldens)
    if cfg.finetune_select not in ("best", "last"):
        ap.error(f"--finetune-select {cfg.finetune_select}: best or last")
    if cfg.init and os.path.isdir(cfg.init):  # fine-tuning from a model directory: its size, width, heads
        from .finetune import base_config

        if not os.path.exists(os.path.join(cfg.init, "model.json")):
            ap.error(f"--init {cfg.init}: a directory without model.json")
        try:
            cfg = base_config(cfg, {k: v for k, v in over.items() if v is not None})
        except ValueError as e:
            ap.error(str(e))
    return cfg


def load_data(cfg: Config, log):
    """Returns dict split -> Bundle, and the dataset name."""
    kw = dict(
        size=cfg.phantom_size,
        S=cfg.size,
        mean=cfg.mean,
        std=cfg.std,
        workers=cfg.workers,
        cache_dir=os.path.join(cfg.work, "cache"),
        malignant_fraction=cfg.malignant_fraction,
    )
    if cfg.dataset == "phantom":
        n = {"train": cfg.n_train, "val": cfg.n_val, "cal": cfg.n_cal, "test": cfg.n_test}
        splits = {s: build(s, n[s], SPLIT_CENTRES[s], **kw) for s in n}
        allb = Bundle.concat([splits[s] for s in n])
        off = np.cumsum([0] + [len(splits[s]) for s in n])
        check_disjoint(allb.meta, {s: np.arange(off[i], off[i + 1]) for i, s in enumerate(n)})
        return splits, GENERATOR
    if cfg.dataset == "phantoms-v2":
        from .datasets import phantoms_v2 as v2

        n = {"train": cfg.n_train, "val": cfg.n_val, "cal": cfg.n_cal, "test": cfg.n_test}
        kw2 = dict(S=cfg.size, mean=cfg.mean, std=cfg.std, workers=cfg.workers, cache_dir=kw["cache_dir"])
        splits = {s: v2.build(s, n[s], **kw2) for s in n}
        allb = Bundle.concat([splits[s] for s in n])
        off = np.cumsum([0] + [len(splits[s]) for s in n])
        check_disjoint(allb.meta, {s: np.arange(off[i], off[i + 1]) for i, s in enumerate(n)})
        return splits, v2.DATASET
    if cfg.dataset == "osteon-dataset":  # trained from scratch: no replay (finetune.site_splits)
        from .finetune import site_splits

        splits, info, _, _ = site_splits(cfg, None, log)
        return splits, info["name"]
    if cfg.dataset == "btxrd":
        from .datasets.btxrd import load_btxrd

        b = load_btxrd(cfg.data, cfg.size, cfg.mean, cfg.std, log=log)
        name = "BTXRD"
    else:
        from .datasets.dicom_folder import load_dicom_folder

        b = load_dicom_folder(cfg.data, cfg.labels_csv, cfg.size, cfg.mean, cfg.std, log=log)
        name = "dicom-folder:" + os.path.basename(os.path.normpath(cfg.data))
    idx = (
        leave_one_centre_out(b.meta, cfg.leave_out_centre, cfg.seed)
        if cfg.leave_out_centre
        else grouped_split(b.meta, cfg.split_by, cfg.seed)
    )
    return {s: b.subset(i) for s, i in idx.items()}, name


def manifest_hash(splits: dict, path: str, extra: dict) -> str:
    h = hashlib.sha256()
    with open(path, "w") as fh:
        head = json.dumps(extra, sort_keys=True)
        fh.write(head + "\n")
        h.update(head.encode() + b"\n")
        for s, b in splits.items():
            for line in b.manifest_lines():
                line = json.dumps({"split": s, **json.loads(line)}, sort_keys=True)
                fh.write(line + "\n")
                h.update(line.encode() + b"\n")
    return h.hexdigest()


def run(cfg: Config) -> dict:
    t_start = time.time()
    set_threads()
    os.makedirs(cfg.out, exist_ok=True)
    os.makedirs(cfg.work, exist_ok=True)
    logf = open(os.path.join(cfg.work, "train.log"), "a")

    def log(msg):
        line = f"[{time.time() - t_start:6.1f}s] {msg}"
        print(line, flush=True)
        logf.write(line + "\n")
        logf.flush()

    log(f"config: {json.dumps(dataclasses.asdict(cfg))}")
    ft = finetune_base(cfg, log) if cfg.init and os.path.isdir(cfg.init) else None
    replay_b, dataset_info = None, None
    if ft is not None and cfg.dataset == "osteon-dataset":
        from .finetune import site_splits

        splits, dataset_info, replay_b, ft["composition"] = site_splits(cfg, ft["base"]["reference_dataset"], log)
        dataset = dataset_info["name"]
    else:
        splits, dataset = load_data(cfg, log)
    for s, b in splits.items():
        log(f"{s}: {b.summary()}")
    data_hash = manifest_hash(
        {**splits, **({"replay": replay_b} if replay_b is not None else {})},
        os.path.join(cfg.work, "manifest.jsonl"),
        {"dataset": dataset, "preprocessing": "osteon-xr-pre-v1", "size": cfg.size, "mean": cfg.mean, "std": cfg.std},
    )
    log(f"data manifest sha256 {data_hash}")
    ood_x, ood_kinds = build_ood(cfg.n_ood, cfg.size, cfg.mean, cfg.std)
    v2 = cfg.dataset == "phantoms-v2"
    oe_x = None
    if cfg.oe_weight > 0:
        from .datasets.phantoms_v2 import build_oe

        oe_x, oe_kinds = build_oe(
            cfg.n_oe or cfg.n_train // 4, cfg.size, cfg.mean, cfg.std, cfg.workers, os.path.join(cfg.work, "cache")
        )
        log(f"outlier exposure: {len(oe_x)} images, kinds {sorted(set(oe_kinds))}")
    previous = v2_previous_model(cfg, log) if v2 else None  # before the export can replace it

    t0 = time.time()
    net, hist = train(cfg, splits["train"], splits["val"], log, oe_x, net0=ft["net"] if ft else None, replay_b=replay_b)
    train_s = time.time() - t0
    torch.save(
        {"model": net.state_dict(), "config": dataclasses.asdict(cfg), "history": hist},
        os.path.join(cfg.work, "ckpt.pt"),
    )
    clin = {s: (clinical_tensor(b.meta) if cfg.clinical else None) for s, b in splits.items()}

    ood_train = splits["train"] if replay_b is None else Bundle.concat([splits["train"], replay_b])
    _, f_train = infer(net, ood_train.x, clinical_tensor(ood_train.meta) if cfg.clinical else None)
    lg_val, f_val = infer(net, splits["val"].x, clin["val"])
    ood = calibrate.fit_ood(f_train, ood_train.y, f_val)
    T = calibrate.fit_temperature(lg_val, splits["val"].y)
    log(f"temperature {T:.4f}; OOD d0 {ood['d0']:.4f} k {ood['k']:.4f}")
    net = net.cpu()
    deploy = DeployModel(net, T, ood["mu"], ood["prec_chol"], ood["d0"], ood["k"]).eval()

    cal = evaluate.run_deploy(deploy, splits["cal"].x, clin["cal"])
    op = calibrate.operating_point(cal["probs"][:, MALIGNANT], splits["cal"].y, MALIGNANT, cfg.alpha, cfg.delta)
    tau = calibrate.review_threshold(cal["uncertainty"], cfg.review_rate, review_weights(cfg, ft, len(splits["cal"])))
    thresholds = {
        "alpha": cfg.alpha,
        "escalate_malignant_probability": op["escalate_malignant_probability"],
        "review_uncertainty": tau,
    }
    log(f"operating point {json.dumps(op)}; review threshold {tau:.4f}")

    test = evaluate.run_deploy(deploy, splits["test"].x, clin["test"])
    y_test = marginal_to_class(splits["test"].y, test["probs"])
    ood_clin = np.zeros((len(ood_x), 2), np.float32) if cfg.clinical else None
    ood_out = evaluate.run_deploy(deploy, ood_x, ood_clin)
    rep = evaluate.evaluate(
        test,
        y_test,
        splits["test"].meta,
        splits["test"].mask,
        ood_out,
        ood_kinds,
        thresholds,
        cfg.size,
        cfg.bootstrap,
        cfg.seed,
    )
    evaluate.plots(rep, test["probs"], y_test, cfg.out)
    report = evaluate.strip_curves(rep)
    report["training"] = {
        "history": hist,
        "train_seconds": round(train_s, 1),
        "temperature": T,
        "splits": {s: b.summary() for s, b in splits.items()},
        "dataset": dataset,
        "data_hash": data_hash,
    }
    extra = {}
    version = None
    if ft is not None:
        base = ft["base"]
        extra["init_from"] = {k: base[k] for k in ("name", "version", "model_sha256")}
        extra["reference_dataset"] = base["reference_dataset"]
        if replay_b is not None:  # what the next fine-tune of this candidate replays (finetune.base_malignant_fraction)
            extra["replay"] = {"malignant_fraction": cfg.malignant_fraction, "phantom_size": cfg.phantom_size}
        tag = (dataset_info["content_sha256"] if dataset_info else data_hash)[:8]
        version = candidate_version(base["version"], tag)
        report["training"]["fine_tune"] = {
            "init_from": extra["init_from"],
            "rebuild_max_abs_diff": ft["rebuild_max_abs_diff"],
            "finetune_lr": cfg.finetune_lr,
            "batchnorm": "frozen (eval mode)",
            "replay": {
                "source": base["reference_dataset"],
                "fraction": cfg.replay_fraction if replay_b is not None else 0.0,
                "malignant_fraction": cfg.malignant_fraction if replay_b is not None else None,
            },
            "composition": ft.get("composition"),
        }
    if dataset_info is not None:
        extra["dataset_sha256"] = dataset_info["content_sha256"]
        report["training"]["dataset_sha256"] = dataset_info["content_sha256"]
        if (splits["test"].y == NOT_MALIGNANT).any():
            report["training"]["test_not_malignant"] = NOT_MALIGNANT_NOTE

    export.export_onnx(deploy, os.path.join(cfg.out, "model.onnx"), cfg.size, cfg.clinical)
    mj = export.model_json(
        cfg,
        T,
        thresholds,
        ood,
        {k: v for k, v in op.items() if k != "escalate_malignant_probability"},
        data_hash,
        dataset,
        len(hist),
        test["cam"].shape[1:],
        sum(p.numel() for p in net.parameters()),
        version=version,
        training_extra=extra,
    )
    export.write_json(mj, os.path.join(cfg.out, "model.json"))
    if cfg.goldens and not cfg.clinical:
        golden.write_goldens(deploy, os.path.join(cfg.out, "golden"), cfg.size, cfg.mean, cfg.std)
        # independent of torch: evaluate model.onnx with NumPy on the golden inputs
        diff = onnx_numpy.check_golden(cfg.out)
        report["export"] = {
            "onnx_numpy_vs_torch_max_abs_diff": diff,
            **export.check(os.path.join(cfg.out, "model.onnx")),
        }
        log(f"ONNX (NumPy reference) vs torch golden outputs: max abs diff {diff:.2e}")
        if not diff <= 1e-4:  # NaN included
            raise AssertionError("exported ONNX graph disagrees with torch")
    if v2:
        card_loc = report["localisation"]
        report = v2_report(cfg, report, splits["test"], previous, log)
        report["training"]["outlier_exposure"] = {"n": 0 if oe_x is None else len(oe_x), "kinds": OE_NOTE}
        report["done_when"] = done_when_v2(report)
    else:
        report["done_when"] = done_when(report)
    report["total_seconds"] = round(time.time() - t_start, 1)
    export.write_json(report, os.path.join(cfg.out, "report.json"))
    card = {**report, "localisation": card_loc} if v2 else report  # the card's CAM rows: evaluate.localisation
    evaluate.model_card(card, mj, {s: b.summary() for s, b in splits.items()}, cfg.out)
    t, u = report["test"], report["uncertainty"]
    fmt = lambda v: "n/a" if v is None else (f"{v:.4f}" if isinstance(v, float) else str(v))
    log(
        f"test AUC {fmt(t['auc_malignant'])} CI {t['auc_malignant_ci']} sens {fmt(t['sensitivity_malignant'])} "
        f"spec {fmt(t['specificity_malignant'])} ECE {fmt(t['ece'])} err-AUROC {fmt(u['error_auroc'])} "
        f"OOD-AUROC {fmt(u['ood_auroc'])}"
    )
    log(f"DONE-WHEN {json.dumps(report['done_when'])}")
    log(f"wrote {cfg.out} in {time.time() - t_start:.0f}s")
    return report


NOT_MALIGNANT_NOTE = (
    "test images labelled not_malignant count, in the 3-class figures (accuracy, ECE, confusion), as the "
    "one of normal and benign the model finds likelier: the label says only that it is not malignant; "
    "the malignant figures (AUC, sensitivity, escalation) are exact"
)


def marginal_to_class(y: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """3-class labels for evaluation: not_malignant (3) -> the likelier of normal and benign (NOT_MALIGNANT_NOTE)."""
    return np.where(y == NOT_MALIGNANT, (probs[:, 1] > probs[:, 0]).astype(y.dtype), y)


def review_weights(cfg: Config, ft: dict | None, n_cal: int):
    """Per-image weights of the review quantile: with cfg.site_cal_weight > 0 and a fine-tune's cal
    split of site half B + replay (finetune.site_splits, site first), the site's images weigh that share
    in all, so the review rate is near its target on the site the candidate is for, not only on the
    replay images that outnumber them; None (by count) otherwise."""
    comp = (ft or {}).get("composition") or {}
    n_site = ((comp.get("cal") or {}).get("site_cal_half_b") or {}).get("n", 0)
    if cfg.site_cal_weight <= 0 or not comp.get("cal", {}).get("replay") or not 0 < n_site < n_cal:
        return None
    w = np.full(n_cal, (1 - cfg.site_cal_weight) / (n_cal - n_site))
    w[:n_site] = cfg.site_cal_weight / n_site
    return w


def finetune_base(cfg: Config, log) -> dict:
    """The base model of `--init MODEL_DIR`, rebuilt in torch and checked against its graph."""
    from . import rebuild

    net, deploy, base = rebuild.rebuild(cfg.init, cfg.head_dropout)
    diff = rebuild.verify(deploy, cfg.init)  # raises RebuildError above 1e-4
    log(f"rebuilt {base['name']} {base['version']} from {cfg.init}: max abs diff vs its graph {diff:.2e}")
    return {"net": net, "base": base, "rebuild_max_abs_diff": diff}


def done_when(report) -> dict:
    t, u = report["test"], report["uncertainty"]
    ok = lambda v, f: v is not None and bool(f(v))
    return {
        "auc_malignant>=0.97": ok(t["auc_malignant"], lambda v: v >= 0.97),
        "sensitivity_malignant>=0.95": ok(t["sensitivity_malignant"], lambda v: v >= 0.95),
        "ece<=0.05": ok(t["ece"], lambda v: v <= 0.05),
        "ood_auroc>=0.9": ok(u["ood_auroc"], lambda v: v >= 0.9),
    }


OE_NOTE = (
    "oe.py: implants (K-wires, cerclage, staples, clips), body_part (chest-like, spine-like), film_photo "
    "(affine, dark surround, defocus), web_annot (equalised, circles/boxes/text, JPEG q 20-42 or 62-90); "
    "none is an evaluation near-OOD generator, and hardware-only and pelvis cases are left out of training"
)


def v2_previous_model(cfg: Config, log) -> dict | None:
    """The previous model (cfg.previous_model, by default the shipped models/default) on the same
    in-distribution test images, rendered at its own input size."""
    if not cfg.previous_model or not os.path.exists(os.path.join(cfg.previous_model, "model.json")):
        return None
    from . import evaluate_model as em
    from .datasets import phantoms_v2 as v2

    t0 = time.time()
    m = em.load_model(cfg.previous_model)
    p = m.js["preprocessing"]
    b = v2.build(
        "test", cfg.n_test, m.S, float(p["mean"]), float(p["std"]), cfg.workers, os.path.join(cfg.work, "cache")
    )
    out = m.score(b.x)
    y = np.array([LABELS.index(i["true_label"]) for i in b.meta])
    g = em.gate_block(
        out["probs"][:, m.mal],
        out["uncertainty"],
        y,
        m.mal,
        m.thresholds,
        [i["patient"] for i in b.meta],
        cfg.bootstrap,
        cfg.seed,
    )
    keep = ("n", "n_malignant", "auc_malignant", "auc_malignant_ci", "escalation_rate", "review_rate")
    res = {
        "name": m.js["name"],
        "version": m.js["version"],
        "dataset": m.js.get("training", {}).get("dataset"),
        "data": f"the same {len(y)} in-distribution v2 test images, rendered at {m.S} px",
        **{k: g[k] for k in keep},
        "silent_routine_rate_malignant": g["silent_routine_rate_malignant"],
    }
    log(f"previous model {res['name']} {res['version']}: AUC {res['auc_malignant']} ({time.time() - t0:.0f}s)")
    return res


def v2_report(cfg: Config, rep1: dict, test_b, previous, log) -> dict:
    """report.json of a phantoms-v2 run: evaluate_model's report of the exported model (onnx_numpy,
    the serving preprocessing and gate) on the in-distribution test split, with the shift and
    near-OOD suites; the torch evaluation (rep1) keeps its far-OOD figures, ECE curves and CAM
    localisation (`cam_localisation`); plus training, benchmark and previous_model."""
    from . import evaluate_model as em
    from .phantoms_v2 import VERSION
    from .phantoms_v2.ceiling import REFERENCE_PREVALENCE, ceiling

    model = em.load_model(cfg.out)
    y = np.array([LABELS.index(m["true_label"]) for m in test_b.meta])
    data = em.Data(test_b.x, y, test_b.mask, [em._v2_meta(m) for m in test_b.meta], "patient id of phantoms v2")
    path = f"test:{len(y)} (in-distribution: no hardware-only or pelvis case)"
    rep = em.evaluate(model, data, "phantoms-v2", path, cfg.suite_n, cfg.bootstrap, cfg.seed, log)
    rep["test"] = {**{k: v for k, v in rep1["test"].items() if k not in rep["test"]}, **rep["test"]}
    unc1 = rep1["uncertainty"]
    rep["uncertainty"] = {
        **{k: v for k, v in unc1.items() if k not in ("review_lane",)},
        **rep["uncertainty"],
        "far_ood_note": "ood_auroc, ood_by_kind: the v1 far-OOD set (ood.py) scored by torch",
    }
    rep["uncertainty"]["review_lane"]["ood_flagged"] = unc1["review_lane"].get("ood_flagged")
    rep["cam_localisation"] = rep1["localisation"]
    rep["training"] = rep1["training"]
    c = ceiling(cfg.ceiling_n, 0, 200)
    rep["benchmark"] = {
        "bayes_ceiling_auc": c["auc"],
        "bayes_ceiling_ci95": c["ci95"],
        "generator": VERSION,
        "n_sign_records": cfg.ceiling_n,
        "prevalence": REFERENCE_PREVALENCE,
    }
    rep["previous_model"] = previous or {"auc_malignant": None, "note": "no previous model (--previous-model)"}
    for k in ("export", "total_seconds"):
        if k in rep1:
            rep[k] = rep1[k]
    return rep


def done_when_v2(report) -> dict:
    """The phantoms v2 acceptance criteria (issue 22), each True/False (False when not measured)."""
    t, u = report["test"], report["uncertainty"]
    ceil = report["benchmark"]["bayes_ceiling_auc"]
    ok = lambda v, f: v is not None and bool(f(v))  # noqa: E731
    shifts = (report.get("shift_suite") or {}).get("shifts", {})
    kinds = (report.get("near_ood") or {}).get("kinds", {})
    loc = (report.get("localisation") or {}).get("malignant", {})
    ci = t.get("auc_malignant_ci") or [None, None]
    return {
        "criteria_version": "phantoms-v2 (issue 22)",
        'training.dataset=="synthetic-phantoms-v2"': report["training"]["dataset"] == "synthetic-phantoms-v2",
        "benchmark.bayes_ceiling_auc in [0.90,0.95]": ok(ceil, lambda v: 0.90 <= v <= 0.95),
        "previous_model.auc_malignant<0.95": ok(report["previous_model"].get("auc_malignant"), lambda v: v < 0.95),
        "test.auc_malignant>=ceiling-0.03 (patient-clustered CI reported)": ok(
            t["auc_malignant"], lambda v: v >= ceil - 0.03
        )
        and ci[0] is not None,
        "test.silent_routine_rate_malignant<=0.05 (exact upper bound reported)": ok(
            t["silent_routine_rate_malignant"], lambda v: v <= 0.05
        )
        and t.get("silent_routine_malignant_ucb95") is not None,
        "test.escalation_rate<=0.30": ok(t["escalation_rate"], lambda v: v <= 0.30),
        "uncertainty.review_lane.review_rate<=0.15": ok(u["review_lane"]["review_rate"], lambda v: v <= 0.15),
        "every shift malignant_silent_routine_rate<=0.05": bool(shifts)
        and all(ok(s["malignant_silent_routine_rate"], lambda v: v <= 0.05) for s in shifts.values()),
        "near_ood.review_auroc>=0.90": ok((report.get("near_ood") or {}).get("review_auroc"), lambda v: v >= 0.90),
        "near_ood every kind silent_routine_rate_malignant<=0.05": bool(kinds)
        and all(
            k["silent_routine_rate_malignant"] is None or k["silent_routine_rate_malignant"] <= 0.05
            for k in kinds.values()
        ),
        "localisation.malignant.dice_mean>=0.70": ok(loc.get("dice_mean"), lambda v: v >= 0.70),
        "localisation.malignant.pointing_game>=0.80": ok(loc.get("pointing_game"), lambda v: v >= 0.80),
        "localisation.malignant.froc_sensitivity_at_1fp>=0.80": ok(
            loc.get("froc_sensitivity_at_1fp"), lambda v: v >= 0.80
        ),
    }


def main(argv=None):
    cfg = parse(argv)
    run(cfg)


if __name__ == "__main__":
    main()
