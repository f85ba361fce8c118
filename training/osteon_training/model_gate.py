"""The promotion gate: a candidate model against the live one, with statistics, a report and a decision.

    cd training && /usr/bin/python3 -m osteon_training.model_gate --live ../models/default \\
        --candidate out/site-ft --dataset /data/datasets/site-3f2a9c1b7e04 --reference /data/reference \\
        [--scores scores.jsonl --shadow-last 200] --out out/site-ft/gate

Both models score the same images as serving does (evaluate_model.Model: `osteon-xr-pre-v1` with
each model's own preprocessing block, model.onnx run by onnx_numpy, gate.py's REVIEW / ESCALATE /
ROUTINE from each model's model.json thresholds). A study's decision is its most severe image's
(ESCALATE > REVIEW > ROUTINE); a study is malignant when its label is `malignant` (`benign`,
`normal` and `not_malignant` are not). Sensitivity = share of malignant studies ESCALATEd.

Criteria (all must pass; statistics in gate_stats.py):
  reference_noninferiority   locked reference set (reference.py): paired difference in sensitivity
                             (candidate - live) >= -margin, Tango's score test, one-sided at alpha
  reference_flag_rate        locked reference set: the share of non-malignant studies taken out of
                             the routine queue (ESCALATE or REVIEW), candidate <= live +
                             --reference-flag-tolerance (0.05): sensitivity bought by flagging
                             everything fails here
  site_sensitivity           dataset test split: paired difference > 0, its two-sided 95 % Tango
                             score CI excluding 0; before / after sensitivities with Wilson CIs
  site_flag_rate             dataset test split: the share of studies taken out of the routine queue
                             (--escalation-basis flagged: ESCALATE or REVIEW; escalated: ESCALATE only)
                             is not higher: candidate <= live + --escalation-tolerance (point
                             estimates; the paired score CI of the difference is reported)
  site_calibration           dataset test split, per image: ECE of p(malignant) as a two-class
                             forecast (15 bins), candidate <= live + --ece-tolerance
  shadow_agreement           (--scores) the last N studies scored by the live model (primary events
                             of its version) and the candidate (shadow events of its version): share
                             with the same decision, each from its event's own thresholds, and the
                             disagreements for review. Informational: it passes whenever agreement
                             data exist; with --scores and no study scored by both it fails (the
                             candidate has not run in shadow). Without --scores it is `not_run` and
                             does not enter the decision.

Writes <out>/gate_report.json and <out>/gate_report.md and prints one JSON line. Exit 0 PASS,
3 FAIL, 2 a usage or input error (missing folder, manifest mismatch, unreadable file).
"""
from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import os
import sys
import time

import numpy as np

from . import gate
from . import gate_stats as gs
from .preprocess import meta_from_dataset
from .datasets import osteon_dataset
from .reference import sha256_file
from .reference import verify as verify_reference

SEVERITY = {gate.ROUTINE: 0, gate.REVIEW: 1, gate.ESCALATE: 2}
MAX_DICOM_BYTES = 64 << 20
MAX_PIXELS = 4096 * 4096
MAX_LABELS_BYTES = 32 << 20
MAX_SCORES_BYTES = 256 << 20
MAX_SCORE_LINE = 64 << 10
MAX_IMAGES = 20_000
PROVENANCE = "Osteon research prototype: promotion gate report. NOT FOR CLINICAL USE."


class InputError(Exception):
    """Bad input: the gate exits 2 with this message."""


# ---------------------------------------------------------------------------------------------- inputs


def model_hashes(d: str, js: dict) -> dict:
    """model_sha256: SHA-256 of the graph file; pin_sha256: the scoring service's model digest (the
    sha256sum manifest of model.json, the graph, golden/golden.json and every golden case file,
    scoring/README.md), the hash a swap pins; golden_sha256: SHA-256 of golden/golden.json."""
    graph = js.get("file", "model.onnx")
    files = {"model.json", graph}
    gpath = os.path.join(d, "golden", "golden.json")
    golden = None
    if os.path.isfile(gpath):
        golden = sha256_file(gpath)
        files.add("golden/golden.json")
        for c in json.load(open(gpath)).get("cases", []):
            files.update(f"golden/{c[k]}" for k in ("file", "input") if c.get(k))
    lines = "".join(f"{sha256_file(os.path.join(d, f))}  {f}\n" for f in sorted(files))
    return {
        "model_sha256": sha256_file(os.path.join(d, graph)),
        "pin_sha256": hashlib.sha256(lines.encode()).hexdigest(),
        "golden_sha256": golden,
    }


def load_model(d: str):
    from . import evaluate_model as em

    if not os.path.isfile(os.path.join(d, "model.json")):
        raise InputError(f"{d}: no model.json")
    try:
        m = em.load_model(d)
    except SystemExit as e:  # evaluate_model refuses unsupported models this way
        raise InputError(str(e)) from None
    if not os.path.isfile(os.path.join(d, m.js.get("file", "model.onnx"))):
        raise InputError(f"{d}: no {m.js.get('file', 'model.onnx')}")
    info = {"dir": os.path.abspath(d), "name": m.js["name"], "version": m.js["version"], **model_hashes(d, m.js)}
    info["thresholds"] = dict(m.thresholds)
    info["training"] = {k: m.js.get("training", {}).get(k) for k in ("dataset", "dataset_sha256", "init_from")}
    return m, info


def read_folder(root: str, kind: str, split: str | None) -> tuple[dict, list, list]:
    """A dataset (dataset.json) or reference (reference.json) folder: its verified info, the rows of
    `split` (all rows when None) and their images as (stored, PixelMeta)."""
    import pydicom

    info_name = "dataset.json" if kind == "dataset" else "reference.json"
    if not os.path.isfile(os.path.join(root, info_name)):
        raise InputError(f"{root}: no {info_name}")
    info = json.load(open(os.path.join(root, info_name)))
    if kind == "dataset" and info.get("format") != "osteon-dataset":
        raise InputError(f"{root}: dataset.json format is {info.get('format')!r}, not 'osteon-dataset'")
    try:
        # each kind by its own verifier: a dataset's requires labels.csv and every image listed
        content = osteon_dataset.verify(root)["content_sha256"] if kind == "dataset" else verify_reference(root)
    except (ValueError, OSError) as e:
        raise InputError(f"{root}: {e}") from None
    path = os.path.join(root, "labels.csv")
    if os.path.getsize(path) > MAX_LABELS_BYTES:
        raise InputError(f"{path}: larger than {MAX_LABELS_BYTES} bytes")
    with open(path, newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if split is None or r.get("split") == split]
    if len(rows) > MAX_IMAGES:
        raise InputError(f"{path}: more than {MAX_IMAGES} images")
    images = []
    for r in rows:
        for k in ("file", "study_key", "label"):
            if not r.get(k):
                raise InputError(f"{path}: a row without {k}")
        rel = r["file"]
        if os.path.isabs(rel) or ".." in rel.split("/"):
            raise InputError(f"{path}: file {rel!r} leaves the folder")
        f = os.path.join(root, rel)
        if os.path.getsize(f) > MAX_DICOM_BYTES:
            raise InputError(f"{f}: larger than {MAX_DICOM_BYTES} bytes")
        try:
            ds = pydicom.dcmread(f)
            if int(ds.Rows) * int(ds.Columns) > MAX_PIXELS:
                raise InputError(f"{f}: more than {MAX_PIXELS} pixels")
            images.append((ds.pixel_array, meta_from_dataset(ds)))
        except InputError:
            raise
        except Exception as e:  # pydicom raises many kinds; any of them means an unreadable image
            raise InputError(f"{f}: unreadable DICOM ({type(e).__name__}: {e})") from None
    info = {
        "dir": os.path.abspath(root),
        "name": info.get("name", os.path.basename(os.path.normpath(root))),
        "content_sha256": content,
        "split": split or "all",
        "n_images": len(rows),
    }
    return info, rows, images


def score(model, images, cache: dict, key) -> dict:
    """p(malignant), uncertainty and the gate's decision of every image. Outputs are cached by
    (set, graph digest, preprocessing): a candidate that changes only thresholds is scored once."""
    k = (
        key,
        sha256_file(os.path.join(model.dir, model.js.get("file", "model.onnx"))),
        json.dumps(model.js["preprocessing"], sort_keys=True),
        model.mal,
    )
    if k not in cache:
        x = np.stack([model.preprocess(stored, meta) for stored, meta in images])
        try:
            out = model.score(x)
        except (NotImplementedError, KeyError, ValueError) as e:  # a graph onnx_numpy cannot run as described
            raise InputError(f"{model.dir}: model.onnx does not run as model.json describes ({type(e).__name__}: {e})")
        cache[k] = (out["probs"][:, model.mal].astype(np.float64), out["uncertainty"].astype(np.float64))
    p, u = cache[k]
    return {"p": p, "u": u, "decision": gate.decide_all(p, u, model.thresholds)}


def by_study(rows, live: dict, cand: dict) -> dict:
    """Per study (sorted keys): malignant, and each model's escalated / flagged (any image)."""
    keys = sorted({r["study_key"] for r in rows})
    at = {k: i for i, k in enumerate(keys)}
    n = len(keys)
    res = {"keys": keys, "malignant": np.zeros(n, bool)}
    for name in ("live", "cand"):
        res[f"{name}_escalated"] = np.zeros(n, bool)
        res[f"{name}_flagged"] = np.zeros(n, bool)
    for i, r in enumerate(rows):
        s = at[r["study_key"]]
        res["malignant"][s] |= r["label"] == "malignant"
        for name, sc in (("live", live), ("cand", cand)):
            d = sc["decision"][i]
            res[f"{name}_escalated"][s] |= d == gate.ESCALATE
            res[f"{name}_flagged"][s] |= d != gate.ROUTINE
    return res


# ---------------------------------------------------------------------------------------------- criteria


def _sens(hit) -> dict:
    k, n = int(np.sum(hit)), int(np.size(hit))
    return {"value": k / n if n else None, "ci": gs.wilson(k, n), "k": k, "n": n, "ci_method": "Wilson 95 %"}


def reference_criterion(st: dict, margin: float, alpha: float) -> dict:
    m = st["malignant"]
    r = gs.noninferiority(st["live_escalated"][m], st["cand_escalated"][m], margin, alpha)
    return {
        "what": "malignant sensitivity (share of malignant studies ESCALATEd) on the locked reference set, "
        "candidate - live, non-inferior at the margin",
        "value": r.get("difference"),
        "ci": [r.get("lower_bound"), None],
        "ci_note": f"one-sided {1 - alpha:.3f} lower confidence bound (Tango score)",
        "threshold": -margin,
        "pass": r["pass"],
        "method": f"Tango score test for paired proportions, H0: difference <= -{margin}, one-sided alpha {alpha}",
        "live": _sens(st["live_escalated"][m]),
        "candidate": _sens(st["cand_escalated"][m]),
        "detail": r,
    }


def reference_flag_criterion(st: dict, tolerance: float) -> dict:
    """Specificity side of the reference set: a candidate must not buy sensitivity by flagging more
    of the studies without a malignant finding (ESCALATE or REVIEW)."""
    m = st["malignant"]
    lv, cv = st["live_flagged"][~m], st["cand_flagged"][~m]
    b, c, n = gs.discordant(lv, cv)
    rl, rc = (float(lv.mean()), float(cv.mean())) if n else (None, None)
    return {
        "what": "share of the reference set's non-malignant studies taken out of the routine queue "
        "(ESCALATE or REVIEW), candidate - live",
        "value": None if n == 0 else rc - rl,
        "ci": gs.paired_difference_ci(b, c, n),
        "ci_note": "two-sided 95 % Tango score interval of candidate - live (reported, not the test)",
        "threshold": tolerance,
        "pass": bool(n > 0 and rc <= rl + tolerance + 1e-12),
        "method": f"point estimates: candidate <= live + {tolerance}",
        "live": {"value": rl, "ci": gs.wilson(int(lv.sum()), n)},
        "candidate": {"value": rc, "ci": gs.wilson(int(cv.sum()), n)},
    }


def site_criteria(st: dict, basis: str, tolerance: float) -> tuple[dict, dict]:
    m = st["malignant"]
    imp = gs.improvement(st["live_escalated"][m], st["cand_escalated"][m])
    sens = {
        "what": "malignant sensitivity on the site's held-out test studies, candidate - live",
        "value": imp["difference"],
        "ci": imp["ci"],
        "ci_note": "two-sided 95 % Tango score interval for the paired difference",
        "threshold": 0.0,
        "pass": imp["pass"],
        "method": "paired by study; pass when the difference's 95 % CI lies above 0",
        "before": _sens(st["live_escalated"][m]),
        "after": _sens(st["cand_escalated"][m]),
        "detail": imp,
    }
    col = "flagged" if basis == "flagged" else "escalated"
    lv, cv = st[f"live_{col}"], st[f"cand_{col}"]
    b, c, n = gs.discordant(lv, cv)
    rl, rc = float(lv.mean()) if n else None, float(cv.mean()) if n else None
    rate = {
        "what": (
            "share of the site's test studies taken out of the routine queue (ESCALATE or REVIEW)"
            if basis == "flagged"
            else "share of the site's test studies ESCALATEd"
        ),
        "basis": basis,
        "value": None if n == 0 else rc - rl,
        "ci": gs.paired_difference_ci(b, c, n),
        "ci_note": "two-sided 95 % Tango score interval of candidate - live (reported, not the test)",
        "threshold": tolerance,
        "pass": bool(n > 0 and rc <= rl + tolerance + 1e-12),
        "method": f"point estimates: candidate <= live + {tolerance}",
        "live": {"value": rl, "ci": gs.wilson(int(lv.sum()), n)},
        "candidate": {"value": rc, "ci": gs.wilson(int(cv.sum()), n)},
        "rates": {
            who: {
                "escalated": float(st[f"{key}_escalated"].mean()) if n else None,
                "flagged": float(st[f"{key}_flagged"].mean()) if n else None,
                "escalated_non_malignant": float(st[f"{key}_escalated"][~m].mean()) if (~m).any() else None,
            }
            for who, key in (("live", "live"), ("candidate", "cand"))
        },
    }
    return sens, rate


def calibration_criterion(rows, live: dict, cand: dict, tolerance: float) -> dict:
    y = np.array([r["label"] == "malignant" for r in rows])
    el, ec = gs.ece_binary(live["p"], y), gs.ece_binary(cand["p"], y)
    ok = el is not None and ec is not None and ec <= el + tolerance + 1e-12
    return {
        "what": "ECE of p(malignant) as a two-class forecast on the site's test images (15 equal-width bins)",
        "value": ec,
        "ci": None,
        "threshold": None if el is None else el + tolerance,
        "pass": bool(ok),
        "method": f"candidate ECE <= live ECE + {tolerance}",
        "live": el,
        "candidate": ec,
    }


# ---------------------------------------------------------------------------------------------- shadow


def _when(v) -> float:
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return datetime.datetime.fromisoformat(str(v).replace("Z", "+00:00")).timestamp() * 1000
    except ValueError:
        return float("nan")


def read_scores(path: str) -> list:
    if not os.path.isfile(path):
        raise InputError(f"--scores {path}: no such file")
    if os.path.getsize(path) > MAX_SCORES_BYTES:
        raise InputError(f"--scores {path}: larger than {MAX_SCORES_BYTES} bytes")
    need = (
        "study_key",
        "instance_key",
        "model_role",
        "model_version",
        "malignant_probability",
        "uncertainty",
        "escalate_threshold",
        "review_uncertainty_threshold",
    )
    events = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if len(line) > MAX_SCORE_LINE:
                raise InputError(f"--scores {path}:{i}: line longer than {MAX_SCORE_LINE}")
            if not line.strip():
                continue
            try:
                e = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"--scores {path}:{i}: not JSON ({err})") from None
            missing = [k for k in need if k not in e]
            if missing:
                raise InputError(f"--scores {path}:{i}: missing {missing}")
            e["_order"] = i
            events.append(e)
    return events


def shadow_agreement(events: list, live_version: str, cand_version: str, last: int) -> dict:
    """Agreement of the live (primary) and candidate (shadow) decisions over the last `last` studies
    both scored; each decision from its event's own thresholds; a study's decision is its most
    severe instance's over the instances both scored; the latest event per instance and role wins."""
    latest = {}
    for e in events:
        role = e["model_role"]
        if (role == "primary" and e["model_version"] == live_version) or (
            role == "shadow" and e["model_version"] == cand_version
        ):
            k = (role, e["study_key"], e["instance_key"])
            t = (_when(e.get("scored_at")), e["_order"])
            if k not in latest or t >= latest[k][0]:
                latest[k] = (t, e)
    studies: dict = {}
    for (role, sk, ik), (t, e) in latest.items():
        studies.setdefault(sk, {}).setdefault(ik, {})[role] = (t, e)
    rows = []
    for sk, inst in studies.items():
        both = {ik: v for ik, v in inst.items() if "primary" in v and "shadow" in v}
        if not both:
            continue
        per = {}
        for role in ("primary", "shadow"):
            ds = []
            for v in both.values():
                e = v[role][1]
                d = gate.decide(
                    e["malignant_probability"],
                    e["uncertainty"],
                    e["escalate_threshold"],
                    e["review_uncertainty_threshold"],
                )
                ds.append((SEVERITY[d], d, float(e["malignant_probability"]), float(e["uncertainty"])))
            per[role] = max(ds)
        when = max(max(v["primary"][0], v["shadow"][0]) for v in both.values())
        rows.append((when, sk, per["primary"], per["shadow"]))
    rows.sort(key=lambda r: (np.nan_to_num(r[0][0], nan=-np.inf), r[0][1]))
    rows = rows[-last:] if last > 0 else rows
    n = len(rows)
    same = sum(1 for r in rows if r[2][1] == r[3][1])
    dis = [
        {
            "study_key": sk,
            "live_decision": lp[1],
            "shadow_decision": sp[1],
            "live_p_malignant": lp[2],
            "shadow_p_malignant": sp[2],
            "live_uncertainty": lp[3],
            "shadow_uncertainty": sp[3],
        }
        for _, sk, lp, sp in rows
        if lp[1] != sp[1]
    ]
    return {
        "what": f"decisions of the live model ({live_version}, primary) and the candidate ({cand_version}, shadow) "
        f"over the last {last} studies both scored",
        "value": same / n if n else None,
        "ci": gs.wilson(same, n) if n else [None, None],
        "threshold": None,
        "pass": n > 0,
        "role": "informational" if n else "required: no study scored by both, the candidate has not run in shadow",
        "n_studies": n,
        "n_agree": same,
        "confusion": {
            f"{a}->{b}": sum(1 for r in rows if r[2][1] == a and r[3][1] == b)
            for a in gate.DECISIONS
            for b in gate.DECISIONS
        },
        "disagreements": dis,
    }


# ---------------------------------------------------------------------------------------------- report


def markdown(rep: dict) -> str:
    f = lambda v: "n/a" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))  # noqa: E731
    ci = lambda c: "n/a" if not c else "[" + ", ".join("–" if v is None else f"{v:.3f}" for v in c) + "]"  # noqa
    i = rep["inputs"]
    out = [
        f"# Promotion gate: {rep['decision']}",
        "",
        f"**{rep['provenance']}**",
        "",
        f"Candidate {i['candidate']['name']} {i['candidate']['version']} against live {i['live']['name']} "
        f"{i['live']['version']}, {rep['created_at']}.",
        "",
        "| input | identity |",
        "|---|---|",
        f"| live | `{i['live']['dir']}` model sha256 `{i['live']['model_sha256']}`, pin `{i['live']['pin_sha256']}` |",
        f"| candidate | `{i['candidate']['dir']}` model sha256 `{i['candidate']['model_sha256']}`, "
        f"pin `{i['candidate']['pin_sha256']}` |",
        f"| dataset | {i['dataset']['name']} `{i['dataset']['content_sha256']}`, split {i['dataset']['split']}, "
        f"{i['dataset']['n_images']} images |",
        f"| reference | `{i['reference']['content_sha256']}`, {i['reference']['n_images']} images |",
        f"| scores | {'none' if not i['scores'] else '`' + i['scores']['sha256'] + '`, ' + str(i['scores']['n_events']) + ' events'} |",
        "",
        "| criterion | value | CI | threshold | pass |",
        "|---|---|---|---|---|",
    ]
    for name, c in rep["criteria"].items():
        out.append(f"| {name} | {f(c.get('value'))} | {ci(c.get('ci'))} | {f(c.get('threshold'))} | {c.get('pass')} |")
    s = rep["criteria"]["site_sensitivity"]
    r = rep["criteria"]["reference_noninferiority"]
    out += [
        "",
        f"Site sensitivity before {f(s['before']['value'])} {ci(s['before']['ci'])} ({s['before']['k']}/"
        f"{s['before']['n']}), after {f(s['after']['value'])} {ci(s['after']['ci'])} ({s['after']['k']}/"
        f"{s['after']['n']}); Wilson 95 % CIs, studies.",
        f"Reference sensitivity live {f(r['live']['value'])}, candidate {f(r['candidate']['value'])} "
        f"(n = {r['live']['n']} malignant).",
        "",
        "Methods:",
    ]
    out += [f"- {name}: {c.get('method') or c.get('role')}" for name, c in rep["criteria"].items()]
    sh = rep["criteria"]["shadow_agreement"]
    if sh.get("disagreements"):
        out += ["", "Disagreements in shadow (for review):", ""]
        out += ["| study | live | shadow | live p | shadow p |", "|---|---|---|---|---|"]
        out += [
            f"| {d['study_key']} | {d['live_decision']} | {d['shadow_decision']} | {d['live_p_malignant']:.3f} | "
            f"{d['shadow_p_malignant']:.3f} |"
            for d in sh["disagreements"]
        ]
    out += [
        "",
        f"Decision: **{rep['decision']}**" + (f" (failed: {', '.join(rep['failed'])})" if rep["failed"] else ""),
    ]
    return "\n".join(out) + "\n"


def run(a, log) -> tuple[dict, int]:
    t0 = time.time()
    for flag in ("live", "candidate", "dataset", "reference"):
        if not os.path.isdir(getattr(a, flag)):
            raise InputError(f"--{flag} {getattr(a, flag)}: no such folder")
    live, live_info = load_model(a.live)
    cand, cand_info = load_model(a.candidate)
    events = read_scores(a.scores) if a.scores else None
    ref_info, ref_rows, ref_img = read_folder(a.reference, "reference", None)
    ds_info, ds_rows, ds_img = read_folder(a.dataset, "dataset", "test")
    if not ds_rows or not ref_rows:
        raise InputError("the dataset's test split and the reference set must not be empty")
    log(f"inputs read: reference {len(ref_rows)} images, site test {len(ds_rows)} images ({time.time() - t0:.0f}s)")
    sc, cache = {}, {}
    for tag, imgs in (("reference", ref_img), ("site", ds_img)):
        for who, m in (("live", live), ("cand", cand)):
            t1 = time.time()
            sc[tag, who] = score(m, imgs, cache, tag)
            log(f"scored {tag} with {who} {m.js['version']} ({time.time() - t1:.0f}s)")
    ref_st = by_study(ref_rows, sc["reference", "live"], sc["reference", "cand"])
    site_st = by_study(ds_rows, sc["site", "live"], sc["site", "cand"])
    sens, rate = site_criteria(site_st, a.escalation_basis, a.escalation_tolerance)
    crit = {
        "reference_noninferiority": reference_criterion(ref_st, a.margin, a.alpha),
        "reference_flag_rate": reference_flag_criterion(ref_st, a.reference_flag_tolerance),
        "site_sensitivity": sens,
        "site_flag_rate": rate,
        "site_calibration": calibration_criterion(ds_rows, sc["site", "live"], sc["site", "cand"], a.ece_tolerance),
    }
    if events is None:
        crit["shadow_agreement"] = {
            "value": None,
            "ci": None,
            "threshold": None,
            "pass": None,
            "role": "not_run: no --scores given; does not enter the decision",
        }
    else:
        crit["shadow_agreement"] = shadow_agreement(events, live_info["version"], cand_info["version"], a.shadow_last)
    failed = [k for k, c in crit.items() if c["pass"] is False]
    decision = "FAIL" if failed else "PASS"
    rep = {
        "format": "osteon-gate-report",
        "format_version": 1,
        "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "decision": decision,
        "failed": failed,
        "inputs": {
            "live": live_info,
            "candidate": cand_info,
            "dataset": {
                **ds_info,
                "n_studies": len(site_st["keys"]),
                "n_malignant_studies": int(site_st["malignant"].sum()),
            },
            "reference": {
                **ref_info,
                "n_studies": len(ref_st["keys"]),
                "n_malignant_studies": int(ref_st["malignant"].sum()),
            },
            "scores": None
            if events is None
            else {"path": os.path.abspath(a.scores), "sha256": sha256_file(a.scores), "n_events": len(events)},
        },
        "settings": {
            "margin": a.margin,
            "alpha": a.alpha,
            "escalation_basis": a.escalation_basis,
            "escalation_tolerance": a.escalation_tolerance,
            "ece_tolerance": a.ece_tolerance,
            "reference_flag_tolerance": a.reference_flag_tolerance,
            "shadow_last": a.shadow_last,
            "study_decision": "most severe image: ESCALATE > REVIEW > ROUTINE",
            "malignant": "label == malignant; benign, normal and not_malignant are not malignant",
            "scorer": "evaluate_model.Model: osteon-xr-pre-v1 with each model's preprocessing, onnx_numpy, gate.py",
        },
        "criteria": crit,
        "seconds": round(time.time() - t0, 1),
        "provenance": PROVENANCE,
    }
    return rep, 0 if decision == "PASS" else 3


def finite(v):
    """JSON-safe: numpy scalars to Python, non-finite floats (an infinite z) to None."""
    if isinstance(v, dict):
        return {k: finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [finite(x) for x in v]
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not np.isfinite(v):
        return None
    return v


def summary(rep: dict, path: str) -> dict:
    c, i = rep["criteria"], rep["inputs"]
    s, r = c["site_sensitivity"], c["reference_noninferiority"]
    return {
        "decision": rep["decision"],
        "failed": rep["failed"],
        "report": path,
        "report_sha256": sha256_file(path),
        "candidate": {k: i["candidate"][k] for k in ("version", "model_sha256", "pin_sha256", "golden_sha256")},
        "live": {k: i["live"][k] for k in ("version", "model_sha256", "pin_sha256", "golden_sha256")},
        "dataset_sha256": i["dataset"]["content_sha256"],
        "reference_sha256": i["reference"]["content_sha256"],
        "reference_noninferiority": {
            "pass": r["pass"],
            "difference": r["value"],
            "lower_bound": r["ci"][0],
            "margin": rep["settings"]["margin"],
            "alpha": rep["settings"]["alpha"],
        },
        "site_sensitivity_before": {"value": s["before"]["value"], "ci": s["before"]["ci"]},
        "site_sensitivity_after": {"value": s["after"]["value"], "ci": s["after"]["ci"]},
        "site_sensitivity_difference": {"value": s["value"], "ci": s["ci"]},
        "shadow_agreement": c["shadow_agreement"]["value"],
        "provenance": rep["provenance"],
    }


def parse(argv=None):
    ap = argparse.ArgumentParser(
        prog="osteon model gate", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--live", required=True, help="the live model's folder (model.json + model.onnx)")
    ap.add_argument("--candidate", required=True, help="the candidate's model folder")
    ap.add_argument("--dataset", required=True, help="osteon-dataset folder; its test split is the site's hold-out")
    ap.add_argument("--reference", required=True, help="locked reference set folder (osteon_training.reference)")
    ap.add_argument("--scores", help="scores JSONL (./osteon dataset scores) for the shadow agreement")
    ap.add_argument("--shadow-last", type=int, default=200, help="studies of the shadow agreement (latest)")
    ap.add_argument("--out", required=True, help="folder for gate_report.json and gate_report.md")
    ap.add_argument("--margin", type=float, default=0.05, help="non-inferiority margin on the reference set")
    ap.add_argument("--alpha", type=float, default=0.025, help="one-sided level of the non-inferiority test")
    ap.add_argument("--escalation-basis", choices=["flagged", "escalated"], default="flagged")
    ap.add_argument("--escalation-tolerance", type=float, default=0.02)
    ap.add_argument("--ece-tolerance", type=float, default=0.01)
    ap.add_argument(
        "--reference-flag-tolerance",
        type=float,
        default=0.05,
        help="how much more of the reference set's non-malignant studies the candidate may flag",
    )
    a = ap.parse_args(argv)
    if not (0 < a.margin < 1 and 0 < a.alpha < 0.5 and a.shadow_last >= 1 and a.escalation_tolerance >= 0):
        ap.error("0 < --margin < 1, 0 < --alpha < 0.5, --shadow-last >= 1, --escalation-tolerance >= 0")
    return a


def main(argv=None):
    a = parse(argv)
    log = lambda m: print(f"model_gate: {m}", file=sys.stderr, flush=True)  # noqa: E731
    try:
        rep, code = run(a, log)
    except InputError as e:
        print(f"model_gate: {e}", file=sys.stderr)
        print(json.dumps({"decision": None, "error": str(e)}))
        return 2
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "gate_report.json")
    with open(path, "w") as fh:
        json.dump(finite(rep), fh, indent=2, allow_nan=False)
        fh.write("\n")
    with open(os.path.join(a.out, "gate_report.md"), "w") as fh:
        fh.write(markdown(rep))
    print(json.dumps(summary(rep, path)))
    log(f"{rep['decision']}{' (failed: ' + ', '.join(rep['failed']) + ')' if rep['failed'] else ''}; wrote {path}")
    return code


if __name__ == "__main__":
    sys.exit(main())
