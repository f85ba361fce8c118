"""What the page must show for the studies the browser test sends first, read from their DICOM files.

For each file: the accession, the Patient Name exactly as its bytes are in the file (Specific Character
Set ISO_IR 192, so UTF-8; trailing padding removed), and the PACS viewer link the demo's template makes
(Orthanc's study id: SHA-1 of PatientID|StudyInstanceUID in 5 groups of 8). Prints JSON.
Usage: python3 expected-from-dicom.py <orthanc-url> <file.dcm>...
"""

import hashlib
import json
import sys

import pydicom


def orthanc_study_id(patient_id, study_uid):
    h = hashlib.sha1(f"{patient_id}|{study_uid}".encode("utf-8")).hexdigest()
    return "-".join(h[i : i + 8] for i in range(0, 40, 8))


def main(orthanc_url, files):
    studies = []
    for path in files:
        ds = pydicom.dcmread(path)
        charset = ds.get("SpecificCharacterSet", "")
        if charset != "ISO_IR 192":
            sys.exit(f"{path}: Specific Character Set {charset!r}, not ISO_IR 192 (UTF-8)")
        raw = ds.get_item(0x00100010).value.rstrip(b" \x00")
        study_id = orthanc_study_id(ds.PatientID, ds.StudyInstanceUID)
        studies.append(
            {
                "accession": ds.AccessionNumber,
                "patientNameUtf8Hex": raw.hex(),
                "patientName": raw.decode("utf-8"),
                "orthancStudyId": study_id,
                "pacsViewerUrl": f"{orthanc_url}/app/explorer.html#study?uuid={study_id}",
            }
        )
    print(json.dumps(studies, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
