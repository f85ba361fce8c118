"""Fixtures of the promotion-gate tests: a dataset folder in the curation layout and candidate models.

`dataset_from_site` stands in for `./osteon dataset build` (curation/, design section 2) so the gate
can be tested without the stack: the same files, the same manifest and content hash, the split rule
sha256(study_key) mod 100. Its study keys are hashes of the StudyInstanceUID (the stack's are the
de-identification pseudonyms); the images are copied as they are, which the real build never does
with PHI (the site generator's PHI is fake).
"""
import csv
import hashlib
import json
import os
import shutil

from osteon_training.reference import write_manifest

COLUMNS = "file,study_key,instance_key,label,label_source,site,recorded_at,split,age_years,sex,body_part,view".split(
    ","
)


def split_of(study_key: str, test_pct: int = 30, cal_pct: int = 15) -> str:
    b = int(hashlib.sha256(study_key.encode()).hexdigest(), 16) % 100
    return "test" if b < test_pct else "cal" if b < test_pct + cal_pct else "train"


def dataset_from_site(site_dir: str, out: str, test_pct: int = 30, cal_pct: int = 15, name: str = "site") -> str:
    os.makedirs(os.path.join(out, "images"))
    rows = []
    for t in csv.DictReader(open(os.path.join(site_dir, "truth.csv"))):
        sk = hashlib.sha256(t["study_instance_uid"].encode()).hexdigest()[:32]
        ik = hashlib.sha256(t["sop_instance_uid"].encode()).hexdigest()[:32]
        rel = f"images/{ik}.dcm"
        shutil.copyfile(os.path.join(site_dir, t["file"]), os.path.join(out, rel))
        rows.append(
            {
                "file": rel,
                "study_key": sk,
                "instance_key": ik,
                "label": t["label"],
                "label_source": "diagnosis:PATHOLOGY",
                "site": "newsite",
                "recorded_at": "2026-01-05T08:00:00Z",
                "split": split_of(sk, test_pct, cal_pct),
                "age_years": "",
                "sex": "",
                "body_part": t["body_part"],
                "view": "AP",
            }
        )
    rows.sort(key=lambda r: r["file"])
    with open(os.path.join(out, "labels.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    content = write_manifest(out, ["labels.csv", *(r["file"] for r in rows)])
    counts = {}
    for r in rows:
        counts[r["label"]] = counts.get(r["label"], 0) + 1
    info = {
        "format": "osteon-dataset",
        "format_version": 1,
        "name": name,
        "content_sha256": content,
        "built_at": "2026-01-05T09:00:00Z",
        "topics": {},
        "label_counts": counts,
        "split_rule": f"sha256(study_key) mod 100: <{test_pct} -> test, <{test_pct + cal_pct} -> cal, else train",
        "test_pct": test_pct,
        "cal_pct": cal_pct,
        "provenance": "gate test fixture. NOT FOR CLINICAL USE",
    }
    json.dump(info, open(os.path.join(out, "dataset.json"), "w"), indent=2)
    return content


def model_copy(src: str, out: str, version: str, **thresholds) -> str:
    """A copy of a model folder under another version with other thresholds (same graph)."""
    shutil.copytree(src, out, ignore=shutil.ignore_patterns("*.png", "report.json", "MODEL_CARD.md"))
    js = json.load(open(os.path.join(out, "model.json")))
    js["version"] = version
    js["thresholds"].update(thresholds)
    json.dump(js, open(os.path.join(out, "model.json"), "w"), indent=2)
    return out


def dataset_from_reference(ref_dir: str, out: str, name: str = "refsite") -> str:
    """A reference folder re-labelled as a dataset (every row is in the test split already)."""
    shutil.copytree(ref_dir, out)
    for d, dirs, files in os.walk(out):
        os.chmod(d, 0o755)
        for f in files:
            os.chmod(os.path.join(d, f), 0o644)
    info = json.load(open(os.path.join(out, "reference.json")))
    os.remove(os.path.join(out, "reference.json"))
    ds = {
        "format": "osteon-dataset",
        "format_version": 1,
        "name": name,
        "content_sha256": info["content_sha256"],
        "label_counts": info["label_counts"],
        "provenance": "gate test fixture. NOT FOR CLINICAL USE",
    }
    json.dump(ds, open(os.path.join(out, "dataset.json"), "w"), indent=2)
    return info["content_sha256"]
