"""Plant a distinctive fake value in every identifying attribute, for de-identification tests.

    cd training && /usr/bin/python3 -m osteon_training.plant_phi IN.dcm OUT.dcm MANIFEST.json [--token T]

Copies IN with fresh Study/Series/SOP (and Frame of Reference) UIDs and writes a canary value
containing `PHI-CANARY-<token>` into every attribute of the DICOM PS3.15 Basic Application Level
Confidentiality Profile (Table E.1-1) listed in BASIC_PROFILE below that applies to a radiograph,
CT or SR object: names, IDs, addresses, telephone numbers, institution, accession, study ID,
device serial and IDs, operators and physicians, comments and descriptions, plus dates and times
(planted as distinctive values, since DA/TM cannot hold text), inside nested sequences (two levels
deep) and in a private block. MANIFEST.json lists every planted value with its tag path, so a test
can assert that none of them survives de-identification (grep the output for the token and the
listed dates). pydicom only.
"""
from __future__ import annotations

import argparse
import json
import secrets

import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import generate_uid

# keyword -> VR: the Basic Profile attributes that apply to image and SR objects (text-like VRs)
BASIC_PROFILE = {
    "AccessionNumber": "SH",
    "AcquisitionComments": "LT",
    "AcquisitionDeviceProcessingDescription": "LO",
    "AcquisitionProtocolDescription": "LO",
    "AdditionalPatientHistory": "LT",
    "AdmissionID": "LO",
    "AdmittingDiagnosesDescription": "LO",
    "Allergies": "LO",
    "BranchOfService": "LO",
    "CommentsOnThePerformedProcedureStep": "ST",
    "ConsultingPhysicianName": "PN",
    "ContentCreatorName": "PN",
    "CountryOfResidence": "LO",
    "CurrentPatientLocation": "LO",
    "DerivationDescription": "ST",
    "DetectorID": "SH",
    "DeviceSerialNumber": "LO",
    "EthnicGroup": "SH",
    "FrameComments": "LT",
    "GantryID": "LO",
    "GeneratorID": "LO",
    "ImageComments": "LT",
    "InstitutionAddress": "ST",
    "InstitutionalDepartmentName": "LO",
    "InstitutionName": "LO",
    "IssuerOfPatientID": "LO",
    "MedicalAlerts": "LO",
    "MedicalRecordLocator": "LO",
    "MilitaryRank": "LO",
    "NameOfPhysiciansReadingStudy": "PN",
    "Occupation": "SH",
    "OperatorsName": "PN",
    "OtherPatientNames": "PN",
    "OtherPatientIDs": "LO",
    "PatientAddress": "LO",
    "PatientBirthName": "PN",
    "PatientComments": "LT",
    "PatientID": "LO",
    "PatientMotherBirthName": "PN",
    "PatientName": "PN",
    "PatientReligiousPreference": "LO",
    "PatientState": "LO",
    "PatientTelephoneNumbers": "SH",
    "PerformedProcedureStepDescription": "LO",
    "PerformedProcedureStepID": "SH",
    "PerformingPhysicianName": "PN",
    "PhysiciansOfRecord": "PN",
    "PlateID": "LO",
    "CassetteID": "LO",
    "ProtocolName": "LO",
    "ReferringPhysicianAddress": "ST",
    "ReferringPhysicianName": "PN",
    "ReferringPhysicianTelephoneNumbers": "SH",
    "RegionOfResidence": "LO",
    "RequestedProcedureDescription": "LO",
    "RequestingPhysician": "PN",
    "RequestingService": "LO",
    "ResponsibleOrganization": "LO",
    "ResponsiblePerson": "PN",
    "SeriesDescription": "LO",
    "ServiceEpisodeDescription": "LO",
    "ServiceEpisodeID": "LO",
    "SpecialNeeds": "LO",
    "StationName": "SH",
    "StudyDescription": "LO",
    "StudyID": "SH",
    "VisitComments": "LT",
    "PatientInsurancePlanCodeSequence": None,
    "VerifyingOrganization": "LO",
    "ScheduledProcedureStepDescription": "LO",
    "PersonName": "PN",
    "InterpretationRecorder": "PN",
    "InterpretationTranscriber": "PN",
    "InterpretationAuthor": "PN",
    "RequestedProcedureID": "SH",
    "ScheduledProcedureStepID": "SH",
    "FillerOrderNumberImagingServiceRequest": "LO",
    "PlacerOrderNumberImagingServiceRequest": "LO",
    "ReasonForStudy": "LO",
    "RequestedContrastAgent": "LO",
    "TextComments": "LT",
    "DeviceDescription": "LO",
    "OriginalAttributesSequence": None,
}
BASIC_PROFILE = {k: v for k, v in BASIC_PROFILE.items() if v is not None}
DATES = {
    "StudyDate": "DA",
    "SeriesDate": "DA",
    "AcquisitionDate": "DA",
    "ContentDate": "DA",
    "PatientBirthDate": "DA",
    "InstanceCreationDate": "DA",
    "PerformedProcedureStepStartDate": "DA",
    "StudyTime": "TM",
    "SeriesTime": "TM",
    "AcquisitionTime": "TM",
    "ContentTime": "TM",
    "PatientBirthTime": "TM",
    "InstanceCreationTime": "TM",
    "AcquisitionDateTime": "DT",
}
MAXLEN = {"SH": 16, "LO": 64, "PN": 64, "ST": 1024, "LT": 10240}
PRIVATE_GROUP, PRIVATE_CREATOR = 0x0011, "OSTEON PHI CANARY"


def canary(token: str, keyword: str, vr: str) -> str:
    base = f"PHI-CANARY-{token}"
    if vr == "SH":  # 16 characters: exactly the token
        return base[:16]
    if vr == "PN":
        return f"{base}^{keyword[:20]}"
    return f"{base} {keyword}"[: MAXLEN.get(vr, 64)]


def _planted(path, keyword, vr, value):
    t = pydicom.datadict.tag_for_keyword(keyword)
    return {"path": path, "keyword": keyword, "vr": vr, "value": str(value), "tag": f"({t >> 16:04X},{t & 0xFFFF:04X})"}


def plant(ds: Dataset, token: str) -> dict:
    planted = []
    for kw, vr in BASIC_PROFILE.items():
        v = canary(token, kw, vr)
        setattr(ds, kw, v)
        planted.append(_planted(kw, kw, vr, v))
    # distinctive dates and times (a de-identifier must remove or shift them)
    values = {"DA": "19010203", "TM": "040506.070809", "DT": "19010203040506"}
    for kw, vr in DATES.items():
        setattr(ds, kw, values[vr])
        planted.append(_planted(kw, kw, vr, values[vr]))
    # nested: RequestAttributesSequence > item > ScheduledProtocolCodeSequence > item, and others
    req = Dataset()
    for kw in ("AccessionNumber", "RequestedProcedureID", "ScheduledProcedureStepID", "RequestedProcedureDescription"):
        v = canary(token, "Req" + kw, BASIC_PROFILE[kw])
        setattr(req, kw, v)
        planted.append(_planted(f"RequestAttributesSequence[0].{kw}", kw, BASIC_PROFILE[kw], v))
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator = "CANARY1", "99OSTEON"
    code.CodeMeaning = canary(token, "NestedCodeMeaning", "LO")
    planted.append(
        _planted(
            "RequestAttributesSequence[0].ScheduledProtocolCodeSequence[0].CodeMeaning",
            "CodeMeaning",
            "LO",
            code.CodeMeaning,
        )
    )
    req.ScheduledProtocolCodeSequence = Sequence([code])
    ds.RequestAttributesSequence = Sequence([req])
    other = Dataset()
    other.PatientID = canary(token, "OtherPatientID", "LO")
    other.IssuerOfPatientID = canary(token, "OtherIssuer", "LO")
    other.TypeOfPatientID = "TEXT"
    ds.OtherPatientIDsSequence = Sequence([other])
    planted.append(_planted("OtherPatientIDsSequence[0].PatientID", "PatientID", "LO", other.PatientID))
    planted.append(
        _planted("OtherPatientIDsSequence[0].IssuerOfPatientID", "IssuerOfPatientID", "LO", other.IssuerOfPatientID)
    )
    ref = Dataset()
    ref.PersonName = canary(token, "RefPhysIdent", "PN")
    ref.InstitutionName = canary(token, "RefPhysInstitution", "LO")
    ds.ReferringPhysicianIdentificationSequence = Sequence([ref])
    planted.append(
        _planted("ReferringPhysicianIdentificationSequence[0].PersonName", "PersonName", "PN", ref.PersonName)
    )
    planted.append(
        _planted(
            "ReferringPhysicianIdentificationSequence[0].InstitutionName", "InstitutionName", "LO", ref.InstitutionName
        )
    )
    # private block (unsafe private attributes must be removed)
    block = ds.private_block(PRIVATE_GROUP, PRIVATE_CREATOR, create=True)
    pv = canary(token, "PrivateTag", "LO")
    block.add_new(0x01, "LO", pv)
    planted.append(
        {
            "path": f"({PRIVATE_GROUP:04X},{PRIVATE_CREATOR}).01",
            "keyword": None,
            "vr": "LO",
            "value": pv,
            "tag": f"({PRIVATE_GROUP:04X},{block.block_start + 1:04X})",
        }
    )
    return planted


def fresh_uids(ds: Dataset) -> dict:
    changed = {}
    for kw in ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "FrameOfReferenceUID"):
        if kw in ds:
            new = generate_uid()
            changed[kw] = {"old": str(ds.data_element(kw).value), "new": new}
            setattr(ds, kw, new)
    if hasattr(ds, "file_meta") and "SOPInstanceUID" in ds:
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    return changed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("manifest")
    ap.add_argument("--token", help="5 hex digits (so even 16-character SH values hold all of it); default random")
    a = ap.parse_args(argv)
    token = (a.token or secrets.token_hex(3))[:5]
    ds = pydicom.dcmread(a.inp)
    ds.SpecificCharacterSet = "ISO_IR 192"
    uids = fresh_uids(ds)
    planted = plant(ds, token)
    ds.save_as(a.out, write_like_original=False)
    strings = sorted({p["value"] for p in planted})
    with open(a.manifest, "w") as fh:
        json.dump(
            {
                "source": a.inp,
                "output": a.out,
                "token": f"PHI-CANARY-{token}",
                "uids": uids,
                "planted": planted,
                "strings": strings,
            },
            fh,
            indent=2,
            ensure_ascii=False,
        )
        fh.write("\n")
    print(f"planted {len(planted)} values (token PHI-CANARY-{token}) into {a.out}")


if __name__ == "__main__":
    main()
