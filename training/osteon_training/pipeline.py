"""The CLI that runs everything: data -> train -> calibrate -> evaluate -> export -> golden vectors.

    cd training
    bash recipes/default.sh                                            # reproduce ../models/default (two runs)
    /usr/bin/python3 -m osteon_training.pipeline                       # one run of the defaults into out/run
    /usr/bin/python3 -m osteon_training.pipeline --quick               # CI smoke run, temp dir, < 3 min
    /usr/bin/python3 -m osteon_training.pipeline --quick --out /tmp/q  # smoke run into a chosen dir
    /usr/bin/python3 -m osteon_training.pipeline --data /data/BTXRD --format btxrd --out out/btxrd
    /usr/bin/python3 -m osteon_training.pipeline --data /data/dcm --format dicom-folder --labels labels.csv --out out/dcm
    /usr/bin/python3 -m osteon_training.pipeline --data /data/BTXRD --format btxrd --leave-out-centre 3 --out out/loco

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
from .config import LABELS, MALIGNANT, Config, quick, set_threads
from .datasets.phantom import GENERATOR, SPLIT_CENTRES, Bundle, build
from .model import DeployModel
from .ood import build_ood
from .splits import check_disjoint, grouped_split, leave_one_centre_out
from .train import clinical_tensor, infer, train

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # training/
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "models", "default"))


def parse(argv=None):
    ap = argparse.ArgumentParser(
        prog="osteon train", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="smoke run (tiny data, 2 epochs, temp dir)")
    ap.add_argument("--data", help="real data root (BTXRD folder or DICOM folder)")
    ap.add_argument("--format", choices=["btxrd", "dicom-folder"], help="layout of --data")
    ap.add_argument("--labels", help="labels CSV for --format dicom-folder")
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
            ap.add_argument(flag, dest=f.name, action="store_true", default=None)
        else:
            typ = {"int": int, "float": float, "str": str}.get(str(f.type), str)
            ap.add_argument(flag, dest=f.name, type=typ, default=None)
    a = ap.parse_args(argv)
    cfg = quick() if a.quick else Config()
    over = {f.name: getattr(a, f.name) for f in dataclasses.fields(Config) if hasattr(a, f.name)}
    over.pop("quick", None)
    cfg = cfg.update(**over)
    if a.data:
        if not a.format:
            ap.error("--data needs --format btxrd|dicom-folder")
        cfg = cfg.update(dataset=a.format, data=a.data, labels_csv=a.labels or "")
        if a.format == "dicom-folder" and not a.labels:
            ap.error("--format dicom-folder needs --labels CSV")
    if a.out:
        out = a.out
    elif cfg.quick:
        out = tempfile.mkdtemp(prefix="osteon-quick-")
    elif cfg.dataset != "phantom":
        out = os.path.join(HERE, "out", cfg.dataset)
    else:
        # models/default is written only when asked for by name (recipes/default.sh does): a run of the
        # defaults alone is not the shipped recipe and must not replace it.
        out = os.path.join(HERE, cfg.out)
    shipped = os.path.realpath(out) == os.path.realpath(DEFAULT_OUT)
    if (cfg.quick or cfg.dataset != "phantom") and shipped:
        ap.error("refusing to overwrite models/default with a quick or real-data run; pass another --out")
    if a.work:
        work = a.work
    else:
        work = os.path.join(HERE, cfg.work) if shipped else os.path.join(out, "work")
    cfg = cfg.update(out=out, work=work, goldens=not a.no_goldens)
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
    splits, dataset = load_data(cfg, log)
    for s, b in splits.items():
        log(f"{s}: {b.summary()}")
    data_hash = manifest_hash(
        splits,
        os.path.join(cfg.work, "manifest.jsonl"),
        {"dataset": dataset, "preprocessing": "osteon-xr-pre-v1", "size": cfg.size, "mean": cfg.mean, "std": cfg.std},
    )
    log(f"data manifest sha256 {data_hash}")
    ood_x, ood_kinds = build_ood(cfg.n_ood, cfg.size, cfg.mean, cfg.std)

    t0 = time.time()
    net, hist = train(cfg, splits["train"], splits["val"], log)
    train_s = time.time() - t0
    torch.save(
        {"model": net.state_dict(), "config": dataclasses.asdict(cfg), "history": hist},
        os.path.join(cfg.work, "ckpt.pt"),
    )
    clin = {s: (clinical_tensor(b.meta) if cfg.clinical else None) for s, b in splits.items()}

    _, f_train = infer(net, splits["train"].x, clin["train"])
    lg_val, f_val = infer(net, splits["val"].x, clin["val"])
    ood = calibrate.fit_ood(f_train, splits["train"].y, f_val)
    T = calibrate.fit_temperature(lg_val, splits["val"].y)
    log(f"temperature {T:.4f}; OOD d0 {ood['d0']:.4f} k {ood['k']:.4f}")
    net = net.cpu()
    deploy = DeployModel(net, T, ood["mu"], ood["prec_chol"], ood["d0"], ood["k"]).eval()

    cal = evaluate.run_deploy(deploy, splits["cal"].x, clin["cal"])
    op = calibrate.operating_point(cal["probs"][:, MALIGNANT], splits["cal"].y, MALIGNANT, cfg.alpha, cfg.delta)
    tau = calibrate.review_threshold(cal["uncertainty"], cfg.review_rate)
    thresholds = {
        "alpha": cfg.alpha,
        "escalate_malignant_probability": op["escalate_malignant_probability"],
        "review_uncertainty": tau,
    }
    log(f"operating point {json.dumps(op)}; review threshold {tau:.4f}")

    test = evaluate.run_deploy(deploy, splits["test"].x, clin["test"])
    ood_clin = np.zeros((len(ood_x), 2), np.float32) if cfg.clinical else None
    ood_out = evaluate.run_deploy(deploy, ood_x, ood_clin)
    rep = evaluate.evaluate(
        test,
        splits["test"].y,
        splits["test"].meta,
        splits["test"].mask,
        ood_out,
        ood_kinds,
        thresholds,
        cfg.size,
        cfg.bootstrap,
        cfg.seed,
    )
    evaluate.plots(rep, test["probs"], splits["test"].y, cfg.out)
    report = evaluate.strip_curves(rep)
    report["training"] = {
        "history": hist,
        "train_seconds": round(train_s, 1),
        "temperature": T,
        "splits": {s: b.summary() for s, b in splits.items()},
        "dataset": dataset,
        "data_hash": data_hash,
    }

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
        if diff > 1e-4:
            raise AssertionError("exported ONNX graph disagrees with torch")
    report["done_when"] = done_when(report)
    report["total_seconds"] = round(time.time() - t_start, 1)
    export.write_json(report, os.path.join(cfg.out, "report.json"))
    evaluate.model_card(report, mj, {s: b.summary() for s, b in splits.items()}, cfg.out)
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


def done_when(report) -> dict:
    t, u = report["test"], report["uncertainty"]
    ok = lambda v, f: v is not None and bool(f(v))
    return {
        "auc_malignant>=0.97": ok(t["auc_malignant"], lambda v: v >= 0.97),
        "sensitivity_malignant>=0.95": ok(t["sensitivity_malignant"], lambda v: v >= 0.95),
        "ece<=0.05": ok(t["ece"], lambda v: v <= 0.05),
        "ood_auroc>=0.9": ok(u["ood_auroc"], lambda v: v >= 0.9),
    }


def main(argv=None):
    cfg = parse(argv)
    run(cfg)


if __name__ == "__main__":
    main()
