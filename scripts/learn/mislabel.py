"""Writes a deliberately mislabelled copy of an osteon-dataset: malignant and not-malignant swapped.

The worse candidate of ./osteon learn is fine-tuned on it, as a site would after a faulty export
(labels inverted), so that the promotion gate is shown to refuse it. The copy is a dataset of its own:
the same images, its own labels.csv, MANIFEST.sha256, dataset.json and content hash, in a new
read-only folder <out>/<name>-mislabelled-<12 hex>/ (files 0444, folders 0555), label_counts
recomputed. The name carries the content hash, so an existing folder of that name is kept when it
holds the same content and refused (exit 1) when it does not. Prints that folder. NOT FOR CLINICAL USE.
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


def seal(root: str) -> None:
    """Read-only, as the curation writer leaves a dataset: files 0444, folders 0555."""
    for d, _, files in os.walk(root, topdown=False):
        for f in files:
            os.chmod(os.path.join(d, f), 0o444)
        os.chmod(d, 0o555)


def unseal_and_remove(root: str) -> None:
    for d, _, _ in os.walk(root):
        os.chmod(d, 0o755)
    shutil.rmtree(root)


def same_content(folder: str, content: str) -> bool:
    """The folder's manifest hashes to `content` and every file matches its manifest line."""
    try:
        raw = open(os.path.join(folder, "MANIFEST.sha256"), "rb").read()
        if hashlib.sha256(raw).hexdigest() != content:
            return False
        if json.load(open(os.path.join(folder, "dataset.json"))).get("content_sha256") != content:
            return False
        for line in raw.decode().splitlines():
            digest, _, rel = line.partition("  ")
            if sha256(os.path.join(folder, rel)) != digest:
                return False
        return True
    except (OSError, ValueError):
        return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    meta = json.load(open(os.path.join(a.dataset, "dataset.json")))
    with open(os.path.join(a.dataset, "labels.csv"), newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    counts = {}
    for row in rows:
        row["label"] = SWAP[row["label"]]
        row["label_source"] = "mislabelled:" + row["label_source"]
        counts[row["label"]] = counts.get(row["label"], 0) + 1
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)

    tmp = os.path.join(a.out, ".building")
    if os.path.exists(tmp):
        unseal_and_remove(tmp)  # our own leftover from an interrupted run
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
    meta.update(
        {"name": name, "content_sha256": content, "label_counts": counts, "mislabelled_from": meta["content_sha256"]}
    )
    with open(os.path.join(tmp, "dataset.json"), "w") as f:
        json.dump(meta, f, indent=2)
    final = os.path.join(a.out, f"{name}-{content[:12]}")
    if os.path.exists(final):
        unseal_and_remove(tmp)
        if not same_content(final, content):
            print(f"mislabel: {final} exists with other content; refusing to replace it", file=sys.stderr)
            return 1
        print(final)  # same name, same content hash: the copy already exists
        return 0
    seal(tmp)
    os.rename(tmp, final)
    print(final)
    return 0


if __name__ == "__main__":
    sys.exit(main())
