import json
import os

import pydicom

from conftest import REPO
from osteon_training.plant_phi import BASIC_PROFILE, main

SAMPLE = os.path.join(REPO, "samples", "radiographs", "01-normal-femur.dcm")


def _all_strings(ds):
    out = []
    for el in ds.iterall():
        if el.VR == "SQ":
            continue
        v = el.value
        out.extend(str(x) for x in v) if isinstance(v, (list, pydicom.multival.MultiValue)) else out.append(str(v))
    return out


def test_plants_a_canary_in_every_identifying_attribute_nested_and_private(tmp_path):
    out, man = tmp_path / "c.dcm", tmp_path / "c.json"
    main([SAMPLE, str(out), str(man), "--token", "abcde"])
    m = json.loads(man.read_text())
    ds = pydicom.dcmread(str(out))
    src = pydicom.dcmread(SAMPLE)
    assert m["token"] == "PHI-CANARY-abcde"
    for kw in BASIC_PROFILE:
        assert "PHI-CANARY-abcde" in str(ds.data_element(kw).value), kw
    values = _all_strings(ds)
    for p in m["planted"]:
        assert any(p["value"] == v for v in values), p
    paths = [p["path"] for p in m["planted"]]
    assert "RequestAttributesSequence[0].ScheduledProtocolCodeSequence[0].CodeMeaning" in paths
    assert any(p["path"].startswith("(0011,OSTEON PHI CANARY)") for p in m["planted"])
    assert str(ds.RequestAttributesSequence[0].ScheduledProtocolCodeSequence[0].CodeMeaning).startswith(
        "PHI-CANARY-abcde"
    )
    assert ds.PatientBirthDate == "19010203"
    for kw in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"):
        assert ds.data_element(kw).value != src.data_element(kw).value
    assert ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID
    assert ds.pixel_array.shape == src.pixel_array.shape
    assert set(m["strings"]) == {p["value"] for p in m["planted"]}


def test_random_tokens_differ(tmp_path):
    main([SAMPLE, str(tmp_path / "a.dcm"), str(tmp_path / "a.json")])
    main([SAMPLE, str(tmp_path / "b.dcm"), str(tmp_path / "b.json")])
    ta = json.loads((tmp_path / "a.json").read_text())["token"]
    tb = json.loads((tmp_path / "b.json").read_text())["token"]
    assert ta != tb and len(ta) == len("PHI-CANARY-") + 5
