"""Writes a deliberately mislabelled copy of an osteon-dataset: malignant and not-malignant swapped.

The worse candidate of ./osteon learn is fine-tuned on it, as a site would after a faulty export
(labels inverted), so that the promotion gate is shown to refuse it. The copy is a dataset of its own:
the same images, its own labels.csv, MANIFEST.sha256, dataset.json and content hash, in a new
read-only folder <out>/<name>-mislabelled-<12 hex>/. Prints that folder. NOT FOR CLINICAL USE.
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

SWAP = {"malignant": "normal", "benign": "malignant", "normal": "malignant", "not_malignant": "malignant"}


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    meta = json.load(open(os.path.join(a.dataset, "dataset.json")))
    with open(os.path.join(a.dataset, "labels.csv"), newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        row["label"] = SWAP[row["label"]]
        row["label_source"] = "mislabelled:" + row["label_source"]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)

    tmp = os.path.join(a.out, ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.join(tmp, "images"))
    with open(os.path.join(tmp, "labels.csv"), "w", newline="") as f:
        f.write(text.getvalue())
    for row in rows:
        shutil.copyfile(os.path.join(a.dataset, row["file"]), os.path.join(tmp, row["file"]))
    names = ["labels.csv"] + sorted(row["file"] for row in rows)
    manifest = "".join(f"{sha256(os.path.join(tmp, n))}  {n}\n" for n in sorted(names))
    with open(os.path.join(tmp, "MANIFEST.sha256"), "w") as f:
        f.write(manifest)
    content = hashlib.sha256(manifest.encode()).hexdigest()
    name = meta["name"] + "-mislabelled"
    meta.update({"name": name, "content_sha256": content, "mislabelled_from": meta["content_sha256"]})
    with open(os.path.join(tmp, "dataset.json"), "w") as f:
        json.dump(meta, f, indent=2)
    final = os.path.join(a.out, f"{name}-{content[:12]}")
    shutil.rmtree(final, ignore_errors=True)
    os.rename(tmp, final)
    print(final)
    return 0


if __name__ == "__main__":
    sys.exit(main())
