"""`--format osteon-dataset`: a curated dataset folder written by `./osteon dataset build`.

Layout (docs/model.md "Fine-tuning from a shipped model"; written by the curation module):
  dataset.json      format "osteon-dataset", format_version 1, name, content_sha256, split rule, ...
  labels.csv        file,study_key,instance_key,label,label_source,site,recorded_at,split,age_years,sex,body_part,view
  images/<instance_key>.dcm
  MANIFEST.sha256   "<sha256>  <relative path>" for labels.csv and every image, sorted by path

Before any pixel is read, `verify` checks that sha256(MANIFEST.sha256) is dataset.json's
content_sha256 (and the folder name's 12-hex suffix), that every listed file hashes to its line, and
that labels.csv and images/ hold nothing unlisted; a dataset that fails is refused (TamperedDataset).

Labels: normal, benign, malignant (y 0, 1, 2) and not_malignant (y 3, NOT_MALIGNANT: a click said
"not malignant" without a diagnosis). train.py trains y 3 with the marginal loss
-log(p_normal + p_benign). Images go through the serving preprocessing (preprocess.preprocess_dataset).
`split` (train / cal / test) is the dataset's own, a pure function of study_key; meta["patient"] is
the study_key, so clustered statistics group a study's images.

`write_dataset` builds the same layout from DICOM datasets (tests and fixtures; the real builder is
the curation module's Java CLI).

    /usr/bin/python3 -m osteon_training.datasets.osteon_dataset DIR     # verify, print a summary
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import sys

import numpy as np
import pydicom

from ..config import LABELS
from ..preprocess import preprocess_dataset
from .phantom import Bundle

FORMAT, FORMAT_VERSION = "osteon-dataset", 1
NOT_MALIGNANT = 3
LABEL_INDEX = {**{lab: i for i, lab in enumerate(LABELS)}, "not_malignant": NOT_MALIGNANT}
COLUMNS = [
    "file",
    "study_key",
    "instance_key",
    "label",
    "label_source",
    "site",
    "recorded_at",
    "split",
    "age_years",
    "sex",
    "body_part",
    "view",
]
SPLITS = ("train", "cal", "test")
MAX_MANIFEST_BYTES = 64 << 20  # a manifest line per image: far more than any site's dataset


class TamperedDataset(ValueError):
    """The folder is not the dataset its content hash names."""


def sha256_file(path: str) -> str:
    """SHA-256 of a file, read a MiB at a time: the digest of every manifest line and model file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify(root: str) -> dict:
    """dataset.json after checking the folder against MANIFEST.sha256 and content_sha256."""
    try:
        info = json.load(open(os.path.join(root, "dataset.json")))
    except (OSError, ValueError) as e:
        raise TamperedDataset(f"{root}: no readable dataset.json ({e})") from e
    if info.get("format") != FORMAT or info.get("format_version") != FORMAT_VERSION:
        raise TamperedDataset(f"{root}: format {info.get('format')!r} v{info.get('format_version')}, want {FORMAT} v1")
    mpath = os.path.join(root, "MANIFEST.sha256")
    if not os.path.isfile(mpath) or os.path.getsize(mpath) > MAX_MANIFEST_BYTES:
        raise TamperedDataset(f"{root}: MANIFEST.sha256 missing or larger than {MAX_MANIFEST_BYTES} bytes")
    raw = open(mpath, "rb").read()
    content = hashlib.sha256(raw).hexdigest()
    if content != info.get("content_sha256"):
        raise TamperedDataset(
            f"{root}: sha256(MANIFEST.sha256) {content} != content_sha256 {info.get('content_sha256')}"
        )
    base = os.path.basename(os.path.normpath(root))
    if "-" in base and base.rsplit("-", 1)[1] != content[:12]:
        raise TamperedDataset(f"{root}: folder suffix {base.rsplit('-', 1)[1]} != content hash {content[:12]}")
    listed = {}
    for line in raw.decode("utf-8").splitlines():
        digest, _, rel = line.partition("  ")
        if len(digest) != 64 or not rel or rel.startswith("/") or ".." in rel.split("/"):
            raise TamperedDataset(f"{root}: bad manifest line {line[:120]!r}")
        listed[rel] = digest
    # labels.csv and every image must be listed; other listed files (a data card) are checked too
    must = {"labels.csv"} if os.path.exists(os.path.join(root, "labels.csv")) else set()
    img_dir = os.path.join(root, "images")
    if os.path.isdir(img_dir):
        must |= {"images/" + f for f in os.listdir(img_dir)}
    extra = sorted(must - set(listed))
    missing = sorted(r for r in listed if not os.path.isfile(os.path.join(root, r)))
    if extra or missing or "labels.csv" not in listed:
        raise TamperedDataset(f"{root}: files not in the manifest {extra[:5]}, listed but missing {missing[:5]}")
    for rel, digest in listed.items():
        if sha256_file(os.path.join(root, rel)) != digest:
            raise TamperedDataset(f"{root}: {rel} does not hash to its manifest line")
    return info


def read_labels(root: str) -> list:
    with open(os.path.join(root, "labels.csv"), newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        if r.get("label") not in LABEL_INDEX or r.get("split") not in SPLITS:
            raise ValueError(f"labels.csv: label {r.get('label')!r} / split {r.get('split')!r} not allowed")
    return rows


def load_osteon_dataset(root: str, S: int = 128, mean: float = 0.5, std: float = 0.25, log=print):
    """(dict split -> Bundle for train / cal / test, dataset.json) after `verify`."""
    info = verify(root)
    rows = read_labels(root)
    out = {}
    for split in SPLITS:
        sel = [r for r in rows if r["split"] == split]
        xs, ys, meta = [], [], []
        for r in sel:
            ds = pydicom.dcmread(os.path.join(root, r["file"]))
            xs.append(preprocess_dataset(ds, S, mean, std)[0, 0])
            ys.append(LABEL_INDEX[r["label"]])
            age = r.get("age_years") or ""
            meta.append(
                {
                    "uid": r["instance_key"],
                    "patient": r["study_key"],  # the cluster of bootstrap statistics
                    "study_key": r["study_key"],
                    "centre": r.get("site") or "unknown",
                    "label": r["label"],
                    "label_source": r.get("label_source", ""),
                    "recorded_at": r.get("recorded_at", ""),
                    "subtype": "none" if r["label"] == "normal" else "unspecified",
                    "site": r.get("body_part") or "unknown",
                    "view": r.get("view") or "unknown",
                    "age": float(age) if age else None,
                    "sex": (r.get("sex") or "").upper()[:1],
                    "size_class": "none" if r["label"] == "normal" else "unknown",
                    "file": r["file"],
                }
            )
        out[split] = Bundle(
            np.stack(xs).astype(np.float32) if xs else np.zeros((0, S, S), np.float32),
            np.array(ys, np.int64),
            np.zeros((len(ys), S, S), bool),
            meta,
        )
        log(f"osteon-dataset {info['name']} {split}: {len(ys)} images, {len({m['patient'] for m in meta})} studies")
    return out, info


def split_of(study_key: str, test_pct: int = 30, cal_pct: int = 15) -> str:
    """The dataset's split rule: sha256(study_key) mod 100 < test_pct -> test, < +cal_pct -> cal, else train."""
    v = int(hashlib.sha256(study_key.encode()).hexdigest(), 16) % 100
    return "test" if v < test_pct else ("cal" if v < test_pct + cal_pct else "train")


def write_dataset(parent: str, name: str, items: list, test_pct: int = 30, cal_pct: int = 15) -> str:
    """Write an osteon-dataset folder under parent from items [(pydicom Dataset, row dict)]; row needs
    study_key, instance_key, label (split defaults to split_of(study_key)). Returns the folder."""
    import datetime
    import shutil
    import tempfile

    tmp = tempfile.mkdtemp(prefix=f".{name}-", dir=parent)
    os.makedirs(os.path.join(tmp, "images"))
    rows = []
    for ds, row in items:
        rel = f"images/{row['instance_key']}.dcm"
        ds.save_as(os.path.join(tmp, rel), write_like_original=False)
        full = {c: "" for c in COLUMNS}
        full.update(row, file=rel)
        full["split"] = row.get("split") or split_of(row["study_key"], test_pct, cal_pct)
        rows.append(full)
    rows.sort(key=lambda r: r["file"])
    with open(os.path.join(tmp, "labels.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    rels = sorted(["labels.csv"] + [r["file"] for r in rows])
    manifest = "".join(f"{sha256_file(os.path.join(tmp, r))}  {r}\n" for r in rels).encode()
    with open(os.path.join(tmp, "MANIFEST.sha256"), "wb") as fh:
        fh.write(manifest)
    content = hashlib.sha256(manifest).hexdigest()
    counts = {lab: sum(r["label"] == lab for r in rows) for lab in LABEL_INDEX}
    info = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": name,
        "content_sha256": content,
        "built_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "topics": {},
        "label_counts": counts,
        "split_rule": f"sha256(study_key) mod 100: <{test_pct} -> test, <{test_pct + cal_pct} -> cal, else train",
        "test_pct": test_pct,
        "cal_pct": cal_pct,
        "provenance": "Osteon research prototype. NOT FOR CLINICAL USE.",
    }
    with open(os.path.join(tmp, "dataset.json"), "w") as fh:
        json.dump(info, fh, indent=2)
    final = os.path.join(parent, f"{name}-{content[:12]}")
    if os.path.exists(final):
        shutil.rmtree(tmp)
        verify(final)
        return final
    os.rename(tmp, final)
    return final


if __name__ == "__main__":
    d = verify(sys.argv[1])
    rows = read_labels(sys.argv[1])
    print(json.dumps({"name": d["name"], "content_sha256": d["content_sha256"], "n": len(rows)}))
