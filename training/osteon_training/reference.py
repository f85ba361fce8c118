"""The locked reference test set of the promotion gate: v1 phantom test-split images as DICOM.

A candidate fine-tuned on one site must not get there by forgetting everything else, so the gate
(model_gate.py) compares it with the live model on a fixed set that no fine-tuning ever sees: the
test split of synthetic-phantoms-v1 that the shipped model (models/default, 0.2.0) was tested on
(datasets/phantom.py: the shipped recipe's 1800-image plan, centres c07-c08, 10 % malignant).

Selection, deterministic in (--n, --seed, --malignant-share): one image per patient (the first
view), so cases are independent and a per-image paired test is valid; all the plan's malignant
patients up to n x malignant-share, then other patients drawn with --seed, until n. Enriching for
malignant cases is what gives the non-inferiority test power: with identical models (no
discordant pairs) it passes only when n_malignant > z^2 (1 - m) / m = 72.99 (m = 0.05, alpha 0.025).

Layout (read like a dataset folder, docs/learning.md):
    labels.csv        file,study_key,instance_key,label,label_source,site,recorded_at,split,age_years,
                      sex,body_part,view,subtype   (split = test for every row)
    images/<instance_key>.dcm
    MANIFEST.sha256   "<sha256>  <path>" for labels.csv and every image, sorted by path
    reference.json    {format, content_sha256 (= sha256 of MANIFEST.sha256), n, label_counts,
                       generator, seed, size, source, selection, provenance}
Files 0444, folder 0555; written in a temporary folder beside --out and renamed; an existing
folder with the same content hash is kept (same arguments, same hash), a different one is refused.

    cd training && /usr/bin/python3 -m osteon_training.reference --out /tmp/reference --size 256 --n 400
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import time

import numpy as np

from .datasets.osteon_dataset import COLUMNS as DATASET_COLUMNS
from .datasets.osteon_dataset import sha256_file
from .datasets.phantom import GENERATOR, SPLIT_CENTRES, SPLIT_SEED, _plan
from .dicom_io import radiograph
from .phantoms import SITES, encode, make_phantom

SHIPPED_TEST_N = 1800  # config.Config.n_test of the recipe that made models/default
SHIPPED_MALIGNANT_FRACTION = 0.10
FORMAT = "osteon-reference-set"
COLUMNS = (*DATASET_COLUMNS, "subtype")  # the dataset's columns, plus the phantom's subtype
PROVENANCE = "Osteon synthetic reference set (phantoms v1). NOT FOR CLINICAL USE."


def select(n: int, seed: int, malignant_share: float) -> list:
    """(seed, label, centre, patient) of the chosen patients' first views, in plan order."""
    plan = _plan("test", SHIPPED_TEST_N, SPLIT_CENTRES["test"], SHIPPED_MALIGNANT_FRACTION, SPLIT_SEED["test"])
    first = [(s, lab, c, p) for s, lab, c, p, v in plan if v == 0]
    if n > len(first):
        raise SystemExit(f"reference: --n {n} is more than the {len(first)} patients of the test split")
    mal = [r for r in first if r[1] == "malignant"][: int(round(n * malignant_share))]
    rest = [r for r in first if r[1] != "malignant"]
    pick = np.random.default_rng(seed).permutation(len(rest))[: n - len(mal)]
    chosen = {r[3] for r in mal} | {rest[i][3] for i in pick}
    return [r for r in first if r[3] in chosen]


def write_manifest(root: str, paths: list) -> str:
    """MANIFEST.sha256 of `paths` (relative), sorted; returns its sha256 (the content hash)."""
    text = "".join(f"{sha256_file(os.path.join(root, p))}  {p}\n" for p in sorted(paths))
    with open(os.path.join(root, "MANIFEST.sha256"), "w") as fh:
        fh.write(text)
    return hashlib.sha256(text.encode()).hexdigest()


def seal(root: str) -> None:
    """Read-only: files 0444, folders 0555 (a reference set never changes after it is built)."""
    for d, dirs, files in os.walk(root, topdown=False):
        for f in files:
            os.chmod(os.path.join(d, f), 0o444)
        os.chmod(d, 0o555)


def build(out: str, size: int, n: int, seed: int = 0, malignant_share: float = 0.5, log=print) -> dict:
    t0 = time.time()
    parent = os.path.dirname(os.path.abspath(out)) or "."
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".reference-", dir=parent)
    try:
        os.makedirs(os.path.join(tmp, "images"))
        rows, counts = [], {"normal": 0, "benign": 0, "malignant": 0}
        for s, label, centre, patient in select(n, seed, malignant_share):
            p = make_phantom(s, label, size, centre)
            stored, meta = encode(p.image, np.random.default_rng(s + 17))  # as datasets/phantom._one
            key = f"{patient}-0"
            rel = f"images/{key}.dcm"
            radiograph(p, stored, meta, f"reference/{key}").save_as(os.path.join(tmp, rel), write_like_original=False)
            counts[p.label] += 1
            rows.append(
                {
                    "file": rel,
                    "study_key": patient,
                    "instance_key": key,
                    "label": p.label,
                    "label_source": "phantom-truth",
                    "site": centre,
                    "recorded_at": "",
                    "split": "test",
                    "age_years": p.age,
                    "sex": p.sex,
                    "body_part": SITES[p.site][2],
                    "view": p.view,
                    "subtype": p.subtype,
                }
            )
        buf = io.StringIO()
        w = csv.DictWriter(buf, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        with open(os.path.join(tmp, "labels.csv"), "w") as fh:
            fh.write(buf.getvalue())
        content = write_manifest(tmp, ["labels.csv", *(r["file"] for r in rows)])
        info = {
            "format": FORMAT,
            "format_version": 1,
            "content_sha256": content,
            "n": len(rows),
            "label_counts": counts,
            "generator": GENERATOR,
            "seed": seed,
            "size": size,
            "source": {
                "split": "test",
                "n_test": SHIPPED_TEST_N,
                "centres": SPLIT_CENTRES["test"],
                "malignant_fraction": SHIPPED_MALIGNANT_FRACTION,
                "plan_seed": SPLIT_SEED["test"],
                "encoding": "phantoms.encode with rng(seed + 17), as datasets/phantom.py",
            },
            "selection": f"first view of each patient; malignant patients in plan order up to n x {malignant_share}, "
            f"other patients drawn with rng({seed})",
            "provenance": PROVENANCE,
        }
        with open(os.path.join(tmp, "reference.json"), "w") as fh:
            json.dump(info, fh, indent=2)
            fh.write("\n")
        if os.path.exists(out):
            have = load_info(out)
            if have.get("content_sha256") != content:
                raise SystemExit(f"reference: {out} exists with another content hash; choose another --out")
            verify(out)
            log(f"reference: {out} exists with the same content {content[:12]}; kept")
            return have
        seal(tmp)
        os.rename(tmp, out)
        tmp = None
        log(f"reference: {len(rows)} images {counts} content {content[:12]} in {time.time() - t0:.1f}s -> {out}")
        return info
    finally:
        if tmp and os.path.exists(tmp):
            for d, _, _ in os.walk(tmp):
                os.chmod(d, 0o755)
            shutil.rmtree(tmp)


def load_info(root: str) -> dict:
    path = os.path.join(root, "reference.json")
    if not os.path.isfile(path):
        raise SystemExit(f"reference: {root} has no reference.json")
    return json.load(open(path))


# files a reference folder holds outside its manifest: the manifest itself and the info file naming its hash
UNLISTED = {"MANIFEST.sha256", "reference.json"}


def verify(root: str) -> str:
    """Checks MANIFEST.sha256 against every file it lists and its hash against reference.json;
    returns the content hash. labels.csv must be listed and every other file must be listed too: a
    file the hash does not cover could otherwise be read as part of the set. Raises ValueError on
    any mismatch. Datasets are checked by datasets/osteon_dataset.verify."""
    text = open(os.path.join(root, "MANIFEST.sha256"), "rb").read()
    content = hashlib.sha256(text).hexdigest()
    listed = set()
    for line in text.decode().splitlines():
        digest, _, rel = line.partition("  ")
        if not rel or os.path.isabs(rel) or ".." in rel.split("/"):
            raise ValueError(f"{root}: manifest path {rel!r} leaves the folder")
        if sha256_file(os.path.join(root, rel)) != digest:
            raise ValueError(f"{root}: {rel} does not match MANIFEST.sha256")
        listed.add(rel)
    if "labels.csv" not in listed:
        raise ValueError(f"{root}: labels.csv is not in MANIFEST.sha256")
    present = {
        os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/") for d, _, files in os.walk(root) for f in files
    }
    unlisted = sorted(present - listed - UNLISTED)
    if unlisted:
        raise ValueError(f"{root}: files not in MANIFEST.sha256 {unlisted[:5]}")
    if json.load(open(os.path.join(root, "reference.json"))).get("content_sha256") != content:
        raise ValueError(f"{root}: reference.json content_sha256 is not the hash of MANIFEST.sha256")
    return content


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder to create (kept if it exists with the same content)")
    ap.add_argument(
        "--size", type=int, default=256, help="phantom long side in pixels, not the model's input size (recipe: 256)"
    )
    ap.add_argument("--n", type=int, default=400, help="images, one per patient")
    ap.add_argument("--seed", type=int, default=0, help="draws the non-malignant patients")
    ap.add_argument("--malignant-share", type=float, default=0.5, help="at most this share malignant")
    a = ap.parse_args(argv)
    if a.size < 64 or a.n < 1 or not 0 <= a.malignant_share <= 1:
        ap.error("--size >= 64, --n >= 1 and 0 <= --malignant-share <= 1")
    info = build(a.out, a.size, a.n, a.seed, a.malignant_share, log=lambda m: print(m, file=sys.stderr))
    print(json.dumps({"reference": a.out, **{k: info[k] for k in ("content_sha256", "n", "label_counts")}}))


if __name__ == "__main__":
    main()
