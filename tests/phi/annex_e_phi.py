"""Independent check of Osteon's de-identification: plant fake PHI in every attribute of the Annex E
table, then prove with readers other than PixelMed that none of it survives.

    /usr/bin/python3 tests/phi/annex_e_phi.py plant PROFILE BASE.dcm OUT.dcm MANIFEST.json
    /usr/bin/python3 tests/phi/annex_e_phi.py verify MANIFEST.json DEIDENTIFIED.dcm [...]

`plant` reads the `attr` rows of Osteon's profile file (the table the engine applies) and writes
BASE with a distinct fake value in each listed attribute: person names with ideographic and
phonetic groups, IDs and free text, dates, UIDs, numbers and binary values, items of listed
sequences, three levels of nesting through sequences the table does not list, and a private block.
The manifest records, per row, what was planted or why it could not be; `skipped` must stay short.

`verify` walks each de-identified object with pydicom, searches its raw bytes, and searches the
text of dcmtk's `dcmdump`, and exits non-zero if any planted token, UID or date survives. It prints
one JSON line. pydicom and dcmdump only: the code under test (PixelMed) takes no part in checking.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta

import pydicom
from pydicom.datadict import dictionary_VR
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.tag import Tag

CHARSET = "ISO_IR 192"
UID_ROOT = "1.2.826.0.1.3680043.10.999."
# Kept by an option on purpose (patient characteristics are model inputs): planted, never a token.
RETAINED_BY_OPTION = {"K"}
# Attributes that cannot be planted in a stored data set, with the reason.
UNPLANTABLE = {
    (0x0000, 0x1000): "command group (0000,eeee) never appears in a stored data set (PS3.5 7.1)",
    (0x0000, 0x1001): "command group (0000,eeee) never appears in a stored data set (PS3.5 7.1)",
    (0xFFFC, 0xFFFC): "trailing padding is not a value: it is dropped when any data set is rewritten",
}


def rows(profile_path):
    """(tag text, group, element, basic code, option overrides, name) per `attr` row."""
    out = []
    for line in open(profile_path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[0] != "attr":
            continue
        tag = f[1].strip("()")
        g, e = tag.split(",")
        out.append((f[1], g, e, f[2], f[3], f[4]))
    return out


def concrete(hexpart):
    """A concrete tag number for a table pattern: the first group of a repeating range."""
    return int(hexpart.replace("x", "0"), 16)


def token(i):
    return f"PHIQ{i:04d}X"


def person_name(i):
    # Alphabetic, ideographic and phonetic groups, each with a distinct marker.
    return f"{token(i)}^Given{i}=山田{i:04d}^太郎=やまだ{i:04d}^たろう"


def planted_date(i):
    return (date(1931, 1, 1) + timedelta(days=i * 37)).strftime("%Y%m%d")


def item(i, tokens, uids):
    """A sequence item holding three identifying attributes of its own."""
    ds = Dataset()
    ds.PatientName = person_name(i)
    ds.InstitutionName = token(i) + "I"
    uid = UID_ROOT + f"{i}.7"
    ds.ReferencedSOPInstanceUID = uid
    ds.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.1"
    tokens += [token(i), f"山田{i:04d}", f"やまだ{i:04d}", token(i) + "I"]
    uids.append(uid)
    return ds


def plant(profile_path, base_path, out_path, manifest_path):
    ds = pydicom.dcmread(base_path)
    ds.SpecificCharacterSet = CHARSET
    tokens, uids, dates, planted, skipped, retained = [], [], [], [], [], []
    n = 0
    for text, g, e, basic, options, name in rows(profile_path):
        n += 1
        group, element = concrete(g), concrete(e)
        if (group, element) in UNPLANTABLE:
            skipped.append({"tag": text, "name": name, "why": UNPLANTABLE[(group, element)]})
            continue
        if group == 0x0002:
            # Media Storage SOP Instance UID lives in the file meta and mirrors SOP Instance UID.
            uid = UID_ROOT + f"{n}.2"
            ds.file_meta.MediaStorageSOPInstanceUID = uid
            ds.SOPInstanceUID = uid
            uids.append(uid)
            planted.append({"tag": text, "name": name, "kind": "UI"})
            continue
        try:
            vr = dictionary_VR(Tag(group, element))
        except KeyError:
            vr = "LO"  # newer than this pydicom's dictionary: plant text, which the table's action still covers
        vr = vr.split(" or ")[0]
        kept = any(o.endswith("=K") for o in options.split(","))
        value, kind = None, vr
        if vr == "SQ":
            value = Sequence([item(n, tokens, uids)])
        elif vr == "PN":
            value = person_name(n)
            tokens += [token(n), f"山田{n:04d}", f"やまだ{n:04d}"]
        elif vr == "UI":
            value = UID_ROOT + f"{n}.1"
            uids.append(value)
        elif vr == "DA":
            value = planted_date(n)
            dates.append({"tag": f"{group:04X}{element:04X}", "value": value})
        elif vr == "DT":
            value = planted_date(n) + "101010"
            dates.append({"tag": f"{group:04X}{element:04X}", "value": value})
        elif vr == "TM":
            value = "101010"  # a time of day alone identifies nobody; the modified-dates option keeps it
            kind = "TM"
        elif vr in ("LO", "SH", "LT", "ST", "UT", "UC", "AE", "CS", "UR"):
            value = token(n) if vr != "CS" else token(n).upper()
            if vr == "AE":
                value = value[:16]
            tokens.append(value)
        elif vr == "AS":
            value = "045Y"
            kind = "AS"
        elif vr in ("OB", "OW", "UN", "OD", "OF", "OL", "OV"):
            value = (token(n) + "B").encode("ascii")
            if len(value) % 2:
                value += b"\0"
            vr = "OB" if vr not in ("OB", "UN") else vr
            tokens.append(token(n) + "B")
        elif vr in ("DS", "IS"):
            value = "4242"
        elif vr in ("US", "SS", "UL", "SL", "FL", "FD", "UV", "SV"):
            value = 4242
        elif vr == "AT":
            value = Tag(0x0010, 0x0010)
        else:
            skipped.append({"tag": text, "name": name, "why": f"VR {vr} has no plantable form here"})
            continue
        ds.add_new(Tag(group, element), vr, value)
        entry = {"tag": text, "name": name, "kind": kind}
        if kept:
            retained.append(entry)
            if vr in ("LO", "SH", "CS", "LT", "ST", "UT"):
                tokens.remove(value)  # kept by an option on purpose
        planted.append(entry)

    # Three levels through sequences the table does not list: the recursion must reach them all.
    inner = Dataset()
    inner.ReferencedStudySequence = Sequence([item(9001, tokens, uids)])
    middle = Dataset()
    middle.CodeValue = "XRFEMUR"
    middle.CodingSchemeDesignator = "99OSTEON"
    middle.CodeMeaning = "XR femur"
    middle.add_new(0x00400275, "SQ", Sequence([inner]))  # Request Attributes Sequence, nested
    middle.add_new(0x00081032, "SQ", Sequence([Dataset()]))
    middle[0x00081032].value[0].ReferencedPatientSequence = Sequence([item(9002, tokens, uids)])
    ds.ProcedureCodeSequence = Sequence([middle])
    # A private block, also inside a sequence item.
    block = ds.private_block(0x0019, "FAKE PHI VENDOR", create=True)
    block.add_new(0x01, "LO", token(9003) + "P")
    block.add_new(0x02, "PN", person_name(9004))
    nested = middle.private_block(0x0029, "FAKE PHI VENDOR", create=True)
    nested.add_new(0x01, "LO", token(9005) + "P")
    tokens += [token(9003) + "P", token(9004), token(9005) + "P", "FAKE PHI VENDOR"]

    ds.save_as(out_path, write_like_original=False)
    manifest = {
        "profile_rows": n,
        "planted": planted,
        "retained_by_option": retained,
        "skipped": skipped,
        "tokens": sorted(set(tokens)),
        "uids": sorted(set(uids)),
        "dates": dates,
    }
    with open(manifest_path, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
    print(
        json.dumps(
            {
                "profile_rows": n,
                "planted": len(planted),
                "skipped": len(skipped),
                "tokens": len(manifest["tokens"]),
                "uids": len(manifest["uids"]),
                "dates": len(dates),
            }
        )
    )


def walk(ds, path=""):
    """Every (path, element) in the data set, private and nested ones included."""
    for elem in ds:
        here = f"{path}({elem.tag.group:04X},{elem.tag.element:04X})"
        yield here, elem
        if elem.VR == "SQ":
            for i, child in enumerate(elem.value):
                yield from walk(child, f"{here}[{i}]/")


def text_of(elem):
    value = elem.value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if elem.VR == "SQ":
        return ""
    if isinstance(value, (list, tuple, pydicom.multival.MultiValue)):
        return "\\".join(str(v) for v in value)
    return str(value)


def verify(manifest_path, files):
    manifest = json.load(open(manifest_path, encoding="utf-8"))
    needles = manifest["tokens"] + manifest["uids"]
    dates = {d["tag"]: d["value"] for d in manifest["dates"]}
    findings = []
    for path in files:
        ds = pydicom.dcmread(path)
        for where, elem in walk(ds):
            text = text_of(elem)
            for needle in needles:
                if needle in text:
                    findings.append(f"{path}: pydicom: {where} holds {needle}")
            tag = f"{elem.tag.group:04X}{elem.tag.element:04X}"
            if tag in dates and dates[tag] in text:
                findings.append(f"{path}: pydicom: {where} still holds its planted date {dates[tag]}")
        for where, elem in walk(ds.file_meta):
            for needle in manifest["uids"]:
                if needle in text_of(elem):
                    findings.append(f"{path}: pydicom: file meta {where} holds {needle}")
        raw = open(path, "rb").read()
        for needle in needles:
            if needle.encode("utf-8") in raw:
                findings.append(f"{path}: bytes: {needle}")
        dump = subprocess.run(["dcmdump", "+U8", "-q", "+M", path], capture_output=True, check=True).stdout.decode(
            "utf-8", "replace"
        )
        for needle in needles:
            if needle in dump:
                findings.append(f"{path}: dcmdump: {needle}")
    result = {
        "files": len(files),
        "needles": len(needles),
        "dates": len(dates),
        "findings": findings[:50],
        "finding_count": len(findings),
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0 if not findings else 1


def main(argv):
    if len(argv) == 6 and argv[1] == "plant":
        plant(*argv[2:])
        return 0
    if len(argv) >= 4 and argv[1] == "verify":
        return verify(argv[2], argv[3:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
