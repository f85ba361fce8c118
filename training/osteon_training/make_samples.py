"""Deterministic sample studies for demos and other teams' tests, from the phantom generator.

    cd training && /usr/bin/python3 -m osteon_training.make_samples --out ../samples

Writes
  samples/radiographs/NN-<label>-<site>.dcm   16 CR/DX radiographs, each its own study, fake PHI
  samples/other/ct-slice.dcm                  a CT slice (not scored: wrong modality)
  samples/other/report-sr.dcm                 a Basic Text SR (not scored: no pixels)
  samples/phi-manifest.json                   file -> identifying attribute -> fake value
  samples/README.md

All names, IDs and dates are invented and obviously fake. A private block (0099,"OSTEON SYNTHETIC")
carries the phantom's ground truth (label, subtype, site), which is not PHI.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os

import numpy as np
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from .dicom_io import (
    BASIC_TEXT_SR,
    CR_IMAGE_STORAGE,
    CT_IMAGE_STORAGE,
    DX_PRESENTATION,
    new_dataset,
    radiograph,
    set_pixels,
    uid,
)
from .ood import ct_slice
from .phantoms import encode, make_phantom
from .preprocess import PixelMeta

SIZE = 432  # longest side: <= 373 KB of 16-bit pixels
PRIVATE_GROUP, PRIVATE_CREATOR = 0x0099, "OSTEON SYNTHETIC"
# (label, subtype, site, MONOCHROME1, SOP class)
PLAN = [
    ("normal", None, "femur", False, CR_IMAGE_STORAGE),
    ("benign", "non_ossifying_fibroma", "tibia", False, CR_IMAGE_STORAGE),
    ("malignant", "osteosarcoma", "femur", False, CR_IMAGE_STORAGE),
    ("normal", None, "humerus", True, CR_IMAGE_STORAGE),
    ("benign", "osteochondroma", "femur", False, DX_PRESENTATION),
    ("normal", None, "tibia", False, DX_PRESENTATION),
    ("benign", "simple_bone_cyst", "humerus", False, CR_IMAGE_STORAGE),
    ("malignant", "ewing", "tibia", False, DX_PRESENTATION),
    ("normal", None, "radius", False, CR_IMAGE_STORAGE),
    ("benign", "enchondroma", "fibula", False, CR_IMAGE_STORAGE),
    ("normal", None, "femur", False, DX_PRESENTATION),
    ("benign", "giant_cell_tumor", "radius", True, CR_IMAGE_STORAGE),
    ("malignant", "chondrosarcoma", "humerus", False, CR_IMAGE_STORAGE),
    ("normal", None, "tibia", False, CR_IMAGE_STORAGE),
    ("benign", "non_ossifying_fibroma", "femur", False, DX_PRESENTATION),
    ("malignant", "osteosarcoma", "tibia", False, CR_IMAGE_STORAGE),
]
NAMES = [
    "Yamada^Tarou=山田^太郎=やまだ^たろう",
    "Fakename^Alice^Q^^",
    "Testperson^Bob",
    "Müller-Fake^Jürgen",
    "Synthetic^Carla",
    "Notreal^Dmitri",
    "O'Phantom^Eve",
    "Placeholder^Farid",
    "Dummy^Grace",
    "Sample^Hiro",
    "Fictive^Ines",
    "Madeup^Jamal",
    "Pseudo^Kira",
    "Imaginary^Lars",
    "Invented^Mei",
    "Nobody^Nils",
]
KNEE_SITES = {1, 5}  # these two say KNEE (a DICOM defined term) instead of the bone


def fake_phi(i: int, age: int, when: datetime.datetime) -> dict:
    birth = when.date().replace(year=when.year - age, month=1 + i % 12, day=1 + (7 * i) % 28)
    return {
        "PatientName": NAMES[i % len(NAMES)],
        "PatientID": f"FAKE-PID-{i + 1:04d}",
        "PatientBirthDate": birth.strftime("%Y%m%d"),
        "OtherPatientIDs": f"FAKE-OTHER-{i + 1:04d}",
        "AccessionNumber": f"FAKEACC{i + 1:05d}",
        "StudyID": f"FAKESTUDY{i + 1:03d}",
        "ReferringPhysicianName": "Fakedoctor^Referring^^Dr.",
        "InstitutionName": "Osteon Synthetic Hospital (FAKE)",
        "InstitutionAddress": "1 Nowhere Street, Faketown, XX 00000",
        "OperatorsName": "Fakeradiographer^Olga",
        "StationName": "FAKESTATION01",
        "DeviceSerialNumber": f"FAKE-SN-{1000 + i}",
    }


def _phi_into(ds: Dataset, phi: dict, i: int) -> dict:
    """Puts the fake PHI (and a nested request sequence) into ds; returns what the manifest lists."""
    for k, v in phi.items():
        setattr(ds, k, v)
    ds.StudyDescription = "XR BONE (SYNTHETIC)"
    ds.SeriesDescription = "Synthetic phantom"
    req = Dataset()
    req.AccessionNumber = phi["AccessionNumber"]
    req.RequestedProcedureID = f"FAKERP{i + 1:04d}"
    req.ScheduledProcedureStepID = f"FAKESPS{i + 1:04d}"
    req.RequestedProcedureDescription = "XR long bone 2 views (synthetic)"
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = "RPID17", "99OSTEON", "XR long bone"
    req.ScheduledProtocolCodeSequence = Sequence([code])  # nested two levels deep
    ds.RequestAttributesSequence = Sequence([req])
    other = Dataset()
    other.PatientID = phi["OtherPatientIDs"]
    other.IssuerOfPatientID = "FAKE-ISSUER"
    other.TypeOfPatientID = "TEXT"
    ds.OtherPatientIDsSequence = Sequence([other])
    listed = dict(phi)
    listed["RequestAttributesSequence[0].AccessionNumber"] = req.AccessionNumber
    listed["RequestAttributesSequence[0].RequestedProcedureID"] = req.RequestedProcedureID
    listed["RequestAttributesSequence[0].ScheduledProcedureStepID"] = req.ScheduledProcedureStepID
    listed["OtherPatientIDsSequence[0].PatientID"] = other.PatientID
    return listed


def _private(ds: Dataset, **values) -> None:
    block = ds.private_block(PRIVATE_GROUP, PRIVATE_CREATOR, create=True)
    for off, (k, v) in enumerate(values.items(), start=1):
        block.add_new(off, "LO", f"{k}={v}")


def radiographs(outdir: str, phi_manifest: dict) -> list:
    os.makedirs(outdir, exist_ok=True)
    written = []
    for i, (label, subtype, site, mono1, sop) in enumerate(PLAN):
        seed = 9000 + i
        p = make_phantom(seed, label, SIZE, "c09", subtype=subtype, site=site)
        stored, meta = encode(p.image, np.random.default_rng(seed), monochrome1=mono1, windowed=True, rescale=False)
        when = datetime.datetime(2024, 1 + i % 12, 1 + (3 * i) % 28, 8 + i % 9, (7 * i) % 60)
        ds = radiograph(p, stored, meta, f"sample/{i:02d}", sop, when)
        if i in KNEE_SITES:
            ds.BodyPartExamined = "KNEE"
        ds.Manufacturer = "Osteon Phantom Works"
        ds.ManufacturerModelName = "Synthetic CR 1"
        ds.KVP = f"{60 + i % 10}"
        ds.ExposureTime = 20
        listed = _phi_into(ds, fake_phi(i, p.age, when), i)
        _private(ds, label=p.label, subtype=p.subtype, site=p.site, generator="synthetic-phantoms-v1", seed=seed)
        name = f"{i + 1:02d}-{p.label}-{p.site}.dcm"
        ds.save_as(os.path.join(outdir, name), write_like_original=False)
        phi_manifest[f"radiographs/{name}"] = listed
        written.append((name, p))
    return written


def ct(outdir: str, phi_manifest: dict) -> None:
    os.makedirs(outdir, exist_ok=True)
    when = datetime.datetime(2024, 5, 2, 14, 5)
    hu = ct_slice(np.random.default_rng(42), 256)
    stored = np.clip(np.round(hu + 1024), 0, 4095).astype(np.uint16)
    ds = new_dataset(CT_IMAGE_STORAGE, uid("sample/ct/sop"))
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = uid("sample/ct/study"), uid("sample/ct/series")
    ds.FrameOfReferenceUID = uid("sample/ct/for")
    ds.Modality = "CT"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = when.strftime("%Y%m%d")
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = when.strftime("%H%M%S")
    ds.BodyPartExamined = "ABDOMEN"
    ds.PatientAge, ds.PatientSex = "047Y", "F"
    ds.SeriesNumber, ds.InstanceNumber = 2, 1
    ds.KVP, ds.SliceThickness = "120", "5"
    ds.ImagePositionPatient = ["-200", "-200", "-100"]
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.PixelSpacing = ["1.5625", "1.5625"]
    ds.Manufacturer = "Osteon Phantom Works"
    set_pixels(ds, stored, PixelMeta(slope=1.0, intercept=-1024.0, window_center=40.0, window_width=400.0))
    listed = _phi_into(ds, fake_phi(16, 47, when) | {"PatientName": "Ctfake^Petra", "PatientID": "FAKE-PID-CT01"}, 16)
    _private(ds, label="not-a-radiograph", generator="osteon ood.ct_slice")
    ds.save_as(os.path.join(outdir, "ct-slice.dcm"), write_like_original=False)
    phi_manifest["other/ct-slice.dcm"] = listed


def _code(value, scheme, meaning):
    c = Dataset()
    c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = value, scheme, meaning
    return Sequence([c])


def sr(outdir: str, phi_manifest: dict) -> None:
    when = datetime.datetime(2024, 5, 3, 10, 0)
    ds = new_dataset(BASIC_TEXT_SR, uid("sample/sr/sop"))
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = uid("sample/sr/study"), uid("sample/sr/series")
    ds.Modality = "SR"
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = when.strftime("%Y%m%d")
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = when.strftime("%H%M%S")
    ds.SeriesNumber, ds.InstanceNumber = 3, 1
    ds.PatientSex = "M"
    ds.Manufacturer = "Osteon Phantom Works"
    ds.ValueType = "CONTAINER"
    ds.ConceptNameCodeSequence = _code("18748-4", "LN", "Diagnostic Imaging Report")
    ds.ContinuityOfContent = "SEPARATE"
    ds.CompletionFlag, ds.VerificationFlag = "COMPLETE", "UNVERIFIED"
    items = []
    for text in (
        "Synthetic report for testing. No acute osseous abnormality.",
        "NOT A REAL PATIENT. Generated by Osteon make_samples.",
    ):
        it = Dataset()
        it.RelationshipType, it.ValueType = "CONTAINS", "TEXT"
        it.ConceptNameCodeSequence = _code("121071", "DCM", "Finding")
        it.TextValue = text
        items.append(it)
    ds.ContentSequence = Sequence(items)
    ds.ReferencedPerformedProcedureStepSequence = Sequence([])
    ds.PerformedProcedureCodeSequence = Sequence([])
    listed = _phi_into(ds, fake_phi(17, 35, when) | {"PatientName": "Srfake^Quentin", "PatientID": "FAKE-PID-SR01"}, 17)
    ds.save_as(os.path.join(outdir, "report-sr.dcm"), write_like_original=False)
    phi_manifest["other/report-sr.dcm"] = listed


README = """# Samples (synthetic, NOT patient data)

Made by the phantom generator in `training/`, deterministically:

    cd training && /usr/bin/python3 -m osteon_training.make_samples --out ../samples

| path | what |
|---|---|
| `radiographs/*.dcm` | 16 synthetic long-bone radiographs ({n_norm} normal, {n_ben} benign-looking, {n_mal} malignant-looking), each its own study. CR Image Storage or Digital X-Ray For Presentation, explicit VR little endian, 16-bit unsigned with BitsStored 12, {n_m1} are MONOCHROME1, the rest MONOCHROME2; Window Center/Width, Pixel Spacing, BodyPartExamined, ViewPosition, (Image)Laterality, PatientAge, PatientSex. |
| `other/ct-slice.dcm` | a 256x256 CT Image Storage object (Modality CT): must take the "not scored" path |
| `other/report-sr.dcm` | a Basic Text SR (Modality SR), no pixel data: must take the "not scored" path |
| `phi-manifest.json` | file -> identifying attribute -> value of every fake PHI value written |

Awkward cases on purpose: SpecificCharacterSet `ISO_IR 192` with a person name in three component
groups (`Yamada^Tarou=山田^太郎=やまだ^たろう`, in `{yamada}`), a nested sequence two levels deep
(RequestAttributesSequence > ScheduledProtocolCodeSequence), OtherPatientIDsSequence, and a private
block (group 0099, creator `OSTEON SYNTHETIC`) holding the phantom's ground truth (`label=`,
`subtype=`, `site=`), which lets end-to-end tests check scores without a separate label file.

All PHI values are invented and obviously fake (`FAKE-PID-0001`, `FAKEACC00001`,
`Osteon Synthetic Hospital (FAKE)`, …). To make a copy with fresh UIDs and a distinctive canary
value in every identifying attribute of the DICOM PS3.15 Basic Profile:

    cd training && /usr/bin/python3 -m osteon_training.plant_phi ../samples/radiographs/01-normal-femur.dcm /tmp/canary.dcm /tmp/canary.json

Files:

{files}
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="../samples")
    a = ap.parse_args()
    manifest = {}
    written = radiographs(os.path.join(a.out, "radiographs"), manifest)
    ct(os.path.join(a.out, "other"), manifest)
    sr(os.path.join(a.out, "other"), manifest)
    with open(os.path.join(a.out, "phi-manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=2, ensure_ascii=False, sort_keys=True)
        fh.write("\n")
    labels = [p.label for _, p in written]
    files = "\n".join(
        f"- `radiographs/{n}`: {p.label}, {p.subtype}, {p.site}, {p.view}, age {p.age}, "
        f"{'MONOCHROME1' if PLAN[i][3] else 'MONOCHROME2'}, "
        f"{'DX' if PLAN[i][4] == DX_PRESENTATION else 'CR'}"
        for i, (n, p) in enumerate(written)
    )
    with open(os.path.join(a.out, "README.md"), "w") as fh:
        fh.write(
            README.format(
                n_norm=labels.count("normal"),
                n_ben=labels.count("benign"),
                n_mal=labels.count("malignant"),
                n_m1=sum(1 for r in PLAN if r[3]),
                yamada=f"radiographs/{written[0][0]}",
                files=files,
            )
        )
    print(f"wrote {len(written)} radiographs + 2 other objects to {a.out}")


if __name__ == "__main__":
    main()
