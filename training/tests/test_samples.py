"""The committed samples: what other teams' tests rely on."""
import glob
import json
import os

import pydicom
import pytest

from conftest import REPO

SAMPLES = os.path.join(REPO, "samples")
RADIOGRAPHS = sorted(glob.glob(os.path.join(SAMPLES, "radiographs", "*.dcm")))


def test_sixteen_radiographs_each_its_own_study_with_realistic_headers():
    assert len(RADIOGRAPHS) == 16
    uids = {k: set() for k in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "AccessionNumber")}
    labels, mono1 = [], 0
    for f in RADIOGRAPHS:
        assert os.path.getsize(f) <= 400 * 1024
        ds = pydicom.dcmread(f)
        assert ds.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
        assert ds.SOPClassUID in ("1.2.840.10008.5.1.4.1.1.1", "1.2.840.10008.5.1.4.1.1.1.1")
        assert ds.Modality in ("CR", "DX") and ds.BitsStored == 12 and ds.SpecificCharacterSet == "ISO_IR 192"
        assert ds.BodyPartExamined in ("FEMUR", "TIBIA", "HUMERUS", "FIBULA", "RADIUS", "ULNA", "KNEE")
        for kw in (
            "ViewPosition",
            "ImageLaterality",
            "WindowCenter",
            "WindowWidth",
            "PixelSpacing",
            "PatientAge",
            "PatientSex",
            "PatientName",
            "PatientID",
            "PatientBirthDate",
            "ReferringPhysicianName",
            "InstitutionName",
            "StudyID",
            "OtherPatientIDs",
            "RequestAttributesSequence",
        ):
            assert kw in ds, (f, kw)
        assert 384 <= max(ds.Rows, ds.Columns) <= 512
        for k in uids:
            uids[k].add(str(ds.data_element(k).value))
        mono1 += ds.PhotometricInterpretation == "MONOCHROME1"
        block = ds.private_block(0x0099, "OSTEON SYNTHETIC")
        labels.append(str(block[0x01].value).split("=")[1])
    assert all(len(v) == 16 for v in uids.values())
    assert mono1 >= 2 and 3 <= labels.count("malignant") <= 4
    assert "=" in str(pydicom.dcmread(RADIOGRAPHS[0]).PatientName)  # ideographic + phonetic groups


def test_other_objects_take_the_not_scored_path():
    ct = pydicom.dcmread(os.path.join(SAMPLES, "other", "ct-slice.dcm"))
    assert ct.Modality == "CT" and ct.SOPClassUID == "1.2.840.10008.5.1.4.1.1.2" and (ct.Rows, ct.Columns) == (256, 256)
    sr = pydicom.dcmread(os.path.join(SAMPLES, "other", "report-sr.dcm"))
    assert sr.Modality == "SR" and sr.SOPClassUID == "1.2.840.10008.5.1.4.1.1.88.11" and "PixelData" not in sr


def test_phi_manifest_lists_values_that_are_really_in_the_files():
    man = json.load(open(os.path.join(SAMPLES, "phi-manifest.json"), encoding="utf-8"))
    assert len(man) == 18
    for rel, attrs in man.items():
        raw = open(os.path.join(SAMPLES, rel), "rb").read()
        for attr, value in attrs.items():
            assert value.encode("utf-8") in raw, (rel, attr)
            assert "FAKE" in value.upper() or attr.endswith("Date") or "^" in value, (rel, attr, value)


def test_samples_are_reproducible(tmp_path):
    import subprocess, sys

    subprocess.check_call(
        [sys.executable, "-m", "osteon_training.make_samples", "--out", str(tmp_path)],
        cwd=os.path.join(REPO, "training"),
        stdout=subprocess.DEVNULL,
    )
    for f in RADIOGRAPHS[:3]:
        rel = os.path.relpath(f, SAMPLES)
        assert open(f, "rb").read() == open(tmp_path / rel, "rb").read(), rel
