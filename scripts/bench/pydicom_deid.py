#!/usr/bin/python3
"""The pydicom side of `./osteon bench ingest`: DICOM PS3.15 Annex E basic profile on every file.

    /usr/bin/python3 scripts/bench/pydicom_deid.py IN_DIR OUT_DIR   # prints "files seconds cpu-seconds"

Per file, on one thread like one Osteon stream task: read it, check its SHA-256 against the one its
claim check carries (as Osteon does before de-identifying; a mismatch stops the run), remove (X) or
empty (Z) the basic profile's identifying attributes at every nesting level, drop private attributes,
replace every UID (U) with a 2.25 UID derived from a keyed SHA-256, record the method, write it. The
file is read once, and parsed from the bytes that were hashed. The expected digests are computed before
the clock starts, as the Java side builds its events (claim checks) before its clock starts. First
400 de-identifications over the files in turn, each output deleted at once, warm the caches and are not
counted (DeidBench warms its JIT as many times).
"""
import hashlib
import hmac
import io
import os
import sys
import time

import pydicom
from pydicom.tag import Tag

SECRET = b"osteon-bench-only-secret-not-for-production-use"
WARM_UP = 400

# Annex E, Table E.1-1, basic profile: X = remove, Z = replace with an empty value (type 2).
REMOVE = [
    (0x0008, 0x0014),
    (0x0008, 0x0015),
    (0x0008, 0x0021),
    (0x0008, 0x0022),
    (0x0008, 0x0023),
    (0x0008, 0x0024),
    (0x0008, 0x0025),
    (0x0008, 0x002A),
    (0x0008, 0x0031),
    (0x0008, 0x0032),
    (0x0008, 0x0033),
    (0x0008, 0x0034),
    (0x0008, 0x0035),
    (0x0008, 0x0080),
    (0x0008, 0x0081),
    (0x0008, 0x0082),
    (0x0008, 0x0092),
    (0x0008, 0x0094),
    (0x0008, 0x0096),
    (0x0008, 0x1010),
    (0x0008, 0x1030),
    (0x0008, 0x103E),
    (0x0008, 0x1040),
    (0x0008, 0x1048),
    (0x0008, 0x1049),
    (0x0008, 0x1050),
    (0x0008, 0x1052),
    (0x0008, 0x1060),
    (0x0008, 0x1062),
    (0x0008, 0x1070),
    (0x0008, 0x1072),
    (0x0008, 0x1080),
    (0x0008, 0x1084),
    (0x0008, 0x1110),
    (0x0008, 0x1111),
    (0x0008, 0x1120),
    (0x0008, 0x1140),
    (0x0008, 0x2111),
    (0x0010, 0x0021),
    (0x0010, 0x0032),
    (0x0010, 0x0050),
    (0x0010, 0x0101),
    (0x0010, 0x0102),
    (0x0010, 0x1000),
    (0x0010, 0x1001),
    (0x0010, 0x1002),
    (0x0010, 0x1005),
    (0x0010, 0x1010),
    (0x0010, 0x1020),
    (0x0010, 0x1030),
    (0x0010, 0x1040),
    (0x0010, 0x1060),
    (0x0010, 0x1080),
    (0x0010, 0x1081),
    (0x0010, 0x1090),
    (0x0010, 0x2000),
    (0x0010, 0x2110),
    (0x0010, 0x2150),
    (0x0010, 0x2152),
    (0x0010, 0x2154),
    (0x0010, 0x2160),
    (0x0010, 0x2180),
    (0x0010, 0x21A0),
    (0x0010, 0x21B0),
    (0x0010, 0x21D0),
    (0x0010, 0x21F0),
    (0x0010, 0x2203),
    (0x0010, 0x4000),
    (0x0018, 0x1000),
    (0x0018, 0x1004),
    (0x0018, 0x1005),
    (0x0018, 0x1007),
    (0x0018, 0x1008),
    (0x0018, 0x1030),
    (0x0018, 0x4000),
    (0x0018, 0x700A),
    (0x0020, 0x3401),
    (0x0020, 0x4000),
    (0x0020, 0x9158),
    (0x0032, 0x0012),
    (0x0032, 0x1020),
    (0x0032, 0x1021),
    (0x0032, 0x1030),
    (0x0032, 0x1032),
    (0x0032, 0x1033),
    (0x0032, 0x1060),
    (0x0032, 0x1070),
    (0x0032, 0x4000),
    (0x0038, 0x0004),
    (0x0038, 0x0010),
    (0x0038, 0x0011),
    (0x0038, 0x0300),
    (0x0038, 0x0400),
    (0x0038, 0x0500),
    (0x0038, 0x4000),
    (0x0040, 0x0001),
    (0x0040, 0x0002),
    (0x0040, 0x0003),
    (0x0040, 0x0004),
    (0x0040, 0x0005),
    (0x0040, 0x0006),
    (0x0040, 0x0007),
    (0x0040, 0x0009),
    (0x0040, 0x000B),
    (0x0040, 0x0010),
    (0x0040, 0x0011),
    (0x0040, 0x0241),
    (0x0040, 0x0242),
    (0x0040, 0x0243),
    (0x0040, 0x0244),
    (0x0040, 0x0245),
    (0x0040, 0x0250),
    (0x0040, 0x0251),
    (0x0040, 0x0253),
    (0x0040, 0x0254),
    (0x0040, 0x0275),
    (0x0040, 0x0280),
    (0x0040, 0x0555),
    (0x0040, 0x1001),
    (0x0040, 0x1004),
    (0x0040, 0x1005),
    (0x0040, 0x1010),
    (0x0040, 0x1011),
    (0x0040, 0x1102),
    (0x0040, 0x1103),
    (0x0040, 0x1400),
    (0x0040, 0x2001),
    (0x0040, 0x2008),
    (0x0040, 0x2009),
    (0x0040, 0x2010),
    (0x0040, 0x2400),
    (0x0040, 0x3001),
    (0x0040, 0xA027),
    (0x0040, 0xA730),
    (0x0040, 0xA078),
    (0x0070, 0x0084),
    (0x0070, 0x0086),
    (0x0088, 0x0140),
    (0x0400, 0x0100),
    (0x0400, 0x0402),
    (0x0400, 0x0403),
    (0x0400, 0x0404),
    (0x0400, 0x0550),
    (0x0400, 0x0561),
    (0x2030, 0x0020),
    (0x4000, 0x0010),
    (0x4000, 0x4000),
    (0x4008, 0x0042),
    (0x4008, 0x0100),
    (0x4008, 0x0102),
    (0x4008, 0x010A),
    (0x4008, 0x010B),
    (0x4008, 0x010C),
    (0x4008, 0x0111),
    (0x4008, 0x0114),
    (0x4008, 0x0115),
    (0x4008, 0x0118),
    (0x4008, 0x0119),
    (0x4008, 0x011A),
    (0x4008, 0x0202),
    (0x4008, 0x0300),
    (0x4008, 0x4000),
]
EMPTY = [
    (0x0008, 0x0020),
    (0x0008, 0x0030),
    (0x0008, 0x0050),
    (0x0008, 0x0090),
    (0x0010, 0x0010),
    (0x0010, 0x0020),
    (0x0010, 0x0030),
    (0x0010, 0x0040),
    (0x0020, 0x0010),
    (0x0040, 0xA075),
    (0x0040, 0xA123),
    (0x0070, 0x0001),
    (0x0018, 0x0010),
    (0x0008, 0x0023),
    (0x0008, 0x0033),
]
REMOVE_TAGS = [Tag(*t) for t in REMOVE]
EMPTY_TAGS = [Tag(*t) for t in EMPTY]
UID_KEEP = {
    Tag(0x0008, 0x0016),
    Tag(0x0002, 0x0002),
    Tag(0x0002, 0x0010),
    Tag(0x0002, 0x0012),
    Tag(0x0008, 0x1150),
    Tag(0x0008, 0x0062),
    Tag(0x0008, 0x1062),
}


def new_uid(uid):
    digest = hmac.new(SECRET, uid.encode("ascii"), hashlib.sha256).digest()[:16]
    return "2.25." + str(int.from_bytes(digest, "big"))


def clean(ds):
    for tag in REMOVE_TAGS:
        if tag in ds:
            del ds[tag]
    for tag in EMPTY_TAGS:
        if tag in ds:
            ds[tag].value = ""
    for elem in list(ds):
        if elem.VR == "UI" and elem.tag not in UID_KEEP and elem.value:
            values = elem.value if elem.VM > 1 else [elem.value]
            mapped = [new_uid(str(v)) for v in values]
            elem.value = mapped if elem.VM > 1 else mapped[0]
        elif elem.VR == "SQ":
            for item in elem.value:
                clean(item)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def deidentify(src, dst, expected_sha256):
    with open(src, "rb") as f:
        data = f.read()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_sha256:
        raise SystemExit("SHA-256 of %s is %s, the claim check says %s" % (src, actual, expected_sha256))
    ds = pydicom.dcmread(io.BytesIO(data))
    ds.remove_private_tags()
    clean(ds)
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = "DICOM PS3.15 E.1 basic profile (pydicom bench)"
    ds.save_as(dst, write_like_original=True)


def main():
    src_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    files = sorted(os.path.join(root, f) for root, _, names in os.walk(src_dir) for f in names if f.endswith(".dcm"))
    claim_checks = {f: sha256(f) for f in files}
    warm = os.path.join(out_dir, "warm-up.dcm")
    for i in range(WARM_UP if files else 0):
        f = files[i % len(files)]
        deidentify(f, warm, claim_checks[f])
        os.remove(warm)
    cpu_start = time.process_time()
    start = time.perf_counter()
    for i, f in enumerate(files):
        deidentify(f, os.path.join(out_dir, "%d.dcm" % i), claim_checks[f])
    print(len(files), time.perf_counter() - start, time.process_time() - cpu_start)


if __name__ == "__main__":
    main()
