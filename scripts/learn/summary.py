"""The one JSON line of ./osteon learn, and its verdict: exit 0 only when the loop did what it must.

It must: the candidate passes the gate, with the site's held-out sensitivity up by at least 0.05 and
the paired difference's 95 % CI above 0, and the reference-set non-inferiority passing; the
deliberately worse candidate fails the gate; and the model scoring runs after the approval is the
candidate. NOT FOR CLINICAL USE.
"""
from __future__ import annotations

import argparse
import json
import sys

PROVENANCE = "Research prototype, synthetic data only: NOT FOR CLINICAL USE."


def load(path: str) -> dict:
    try:
        with open(path) as f:
            lines = [line for line in f.read().splitlines() if line.strip()]
        return json.loads(lines[-1]) if lines else {}
    except (OSError, ValueError):
        return {}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gate", required=True)
    ap.add_argument("--worse", required=True)
    ap.add_argument("--built", required=True, help="the dataset build's JSON line")
    ap.add_argument("--feed", required=True, help="feed_diagnoses' JSON line")
    ap.add_argument("--live-version", required=True)
    ap.add_argument("--promoted", default="")
    ap.add_argument("--seconds", type=int, required=True)
    ap.add_argument("--studies", type=int, required=True)
    ap.add_argument("--shadow-studies", type=int, required=True)
    a = ap.parse_args(argv)
    gate, worse, built, feed = load(a.gate), load(a.worse), json.loads(a.built), json.loads(a.feed)
    before = gate.get("site_sensitivity_before", {})
    after = gate.get("site_sensitivity_after", {})
    diff = gate.get("site_sensitivity_difference", {})
    candidate_version = (gate.get("candidate") or {}).get("version")
    out = {
        "studies": a.studies,
        "diagnoses": feed,
        "dataset": built.get("dataset"),
        "dataset_sha256": built.get("content_sha256"),
        "dataset_label_counts": built.get("label_counts"),
        "live_model": a.live_version,
        "candidate_model": candidate_version,
        "site_sensitivity_before": before,
        "site_sensitivity_after": after,
        "site_sensitivity_difference": diff,
        "reference_noninferiority": gate.get("reference_noninferiority"),
        "shadow_agreement": gate.get("shadow_agreement"),
        "shadow_studies": a.shadow_studies,
        "gate_decision": gate.get("decision"),
        "gate_failed": gate.get("failed"),
        "gate_report_sha256": gate.get("report_sha256"),
        "worse_candidate": {"decision": worse.get("decision"), "failed": worse.get("failed")},
        "promoted_model_version": a.promoted or None,
        "seconds": a.seconds,
        "provenance": PROVENANCE,
    }
    print(json.dumps(out))
    ci = diff.get("ci") or [0.0, 0.0]
    ok = (
        gate.get("decision") == "PASS"
        and after.get("value", 0.0) >= before.get("value", 1.0) + 0.05
        and ci[0] > 0.0
        and (gate.get("reference_noninferiority") or {}).get("pass") is True
        and worse.get("decision") == "FAIL"
        and a.promoted == candidate_version
    )
    if not ok:
        print("osteon learn: the loop did not do what it must (see the JSON line)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
