"""Feeds a new site's final diagnoses to a running Osteon, as a pathology system and an admin would.

Every fourth study goes as an HL7 v2 ORU^R01 to the worklist adapter's diagnosis listener (MLLP), the
others through POST /api/diagnoses as the admin; both are keyed by accession number, which the
adapter resolves to the study pseudonym. Every truth.csv row is fed. Prints one JSON line of counts.

    python3 feed_diagnoses.py --truth truth.csv --worklist http://localhost:8080 --hl7-port 2576

The admin's password comes from OSTEON_LEARN_ADMIN_PASSWORD (never an argument: ps would show it).
Synthetic data only; NOT FOR CLINICAL USE.
"""
from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import socket
import sys
import time
import urllib.error
import urllib.request

# ICD-O-3 morphologies with their behaviour digit (/3 malignant, /0 benign), and SNOMED CT "no
# abnormality detected": the codes the adapter's ORU mapping reads (docs/worklist.md, "Diagnoses").
HL7_CODES = {
    "MALIGNANT": ("9180/3", "Osteosarcoma NOS", "ICDO3"),
    "BENIGN_TUMOUR": ("9220/0", "Chondroma NOS", "ICDO3"),
    "NO_TUMOUR": ("281900007", "No abnormality detected", "SCT"),
}
START, END = b"\x0b", b"\x1c\x0d"


def oru(accession: str, finding: str, control_id: str) -> bytes:
    code, text, system = HL7_CODES[finding]
    now = time.strftime("%Y%m%d%H%M%S")
    segments = [
        f"MSH|^~\\&|PATHLAB|NEWSITE|OSTEON|OSTEON|{now}||ORU^R01^ORU_R01|{control_id}|P|2.5.1",
        "PID|1||SYNTHETIC^^^NEWSITE||Sitefake^Case",
        f"OBR|1||{accession}|59847-4^Histology and behavior ICD-O-3^LN|||{now}|||||||||||||||||SP|F",
        f"OBX|1|CWE|59847-4^Histology and behavior ICD-O-3^LN||{code}^{text}^{system}||||||F|||{now}",
    ]
    return START + "\r".join(segments).encode("ascii") + b"\r" + END


def send_hl7(port: int, message: bytes) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(message)
        reply = b""
        while not reply.endswith(END):
            chunk = s.recv(65536)
            if not chunk:
                break
            reply += chunk
    for segment in reply.strip(START + END).split(b"\r"):
        if segment.startswith(b"MSA|"):
            return segment.split(b"|")[1].decode()
    return "none"


def post_rest(url: str, auth: str, accession: str, finding: str) -> int:
    body = json.dumps({"accessionNumber": accession, "finding": finding, "source": "PATHOLOGY"}).encode()
    request = urllib.request.Request(
        url + "/api/diagnoses",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": "Basic " + auth},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--truth", required=True)
    ap.add_argument("--worklist", default="http://localhost:8080")
    ap.add_argument("--hl7-port", type=int, default=2576)
    ap.add_argument("--admin", default="admin")
    a = ap.parse_args(argv)
    password = os.environ.get("OSTEON_LEARN_ADMIN_PASSWORD")
    if not password:
        print("feed_diagnoses: set OSTEON_LEARN_ADMIN_PASSWORD", file=sys.stderr)
        return 2
    auth = base64.b64encode(f"{a.admin}:{password}".encode()).decode()
    with open(a.truth, newline="") as f:
        rows = list(csv.DictReader(f))
    counts = {"hl7_accepted": 0, "rest_accepted": 0, "refused": 0}
    for i, row in enumerate(rows):
        if i % 4 == 0:
            ack = send_hl7(a.hl7_port, oru(row["accession_number"], row["finding"], f"LEARN{i:06d}"))
            ok = ack == "AA"
            counts["hl7_accepted" if ok else "refused"] += 1
        else:
            status = post_rest(a.worklist, auth, row["accession_number"], row["finding"])
            ok = 200 <= status < 300
            counts["rest_accepted" if ok else "refused"] += 1
        if not ok:
            print(f"feed_diagnoses: study {i} refused", file=sys.stderr)
    print(json.dumps(counts))
    return 0 if counts["refused"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
