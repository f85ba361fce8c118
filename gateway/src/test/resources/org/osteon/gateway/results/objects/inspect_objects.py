"""Reads result objects with pydicom, an independent DICOM reader, for ResultObjects' tests.

Usage:
  inspect_objects.py sr FILE          the SR's header and flattened content tree, as JSON
  inspect_objects.py pr FILE          the presentation state's references and annotations, as JSON
  inspect_objects.py names FILE...    Specific Character Set, decoded Patient Name and its raw bytes
  inspect_objects.py ir87 SRC DST     SRC rewritten in ISO 2022 IR 87 with its Patient Name's groups
"""

import json
import sys

import pydicom


def code(item):
    return {
        "value": item.CodeValue,
        "scheme": item.CodingSchemeDesignator,
        "meaning": item.CodeMeaning,
    }


def content(items, depth, out):
    for item in items:
        entry = {
            "depth": depth,
            "type": item.ValueType,
            "relationship": item.get("RelationshipType", ""),
        }
        if "ConceptNameCodeSequence" in item:
            entry["concept"] = code(item.ConceptNameCodeSequence[0])
        if item.ValueType == "TEXT":
            entry["text"] = item.TextValue
        elif item.ValueType == "CODE":
            entry["code"] = code(item.ConceptCodeSequence[0])
        elif item.ValueType == "NUM":
            measured = item.MeasuredValueSequence[0]
            entry["number"] = str(measured.NumericValue)
            entry["unit"] = code(measured.MeasurementUnitsCodeSequence[0])
        elif item.ValueType == "UIDREF":
            entry["uid"] = item.UID
        elif item.ValueType == "IMAGE":
            entry["image"] = item.ReferencedSOPSequence[0].ReferencedSOPInstanceUID
        elif item.ValueType == "SCOORD":
            entry["graphicType"] = item.GraphicType
            entry["points"] = [float(v) for v in item.GraphicData]
        out.append(entry)
        if "ContentSequence" in item:
            content(item.ContentSequence, depth + 1, out)
    return out


def sr(path):
    ds = pydicom.dcmread(path)
    evidence = ds.CurrentRequestedProcedureEvidenceSequence[0]
    series = evidence.ReferencedSeriesSequence[0]
    return {
        "sopClass": ds.SOPClassUID,
        "studyUid": ds.StudyInstanceUID,
        "template": ds.ContentTemplateSequence[0].TemplateIdentifier,
        "root": code(ds.ConceptNameCodeSequence[0]),
        "evidenceStudy": evidence.StudyInstanceUID,
        "evidenceSeries": series.SeriesInstanceUID,
        "evidenceInstance": series.ReferencedSOPSequence[0].ReferencedSOPInstanceUID,
        "items": content(ds.ContentSequence, 1, []),
    }


def pr(path):
    ds = pydicom.dcmread(path)
    series = ds.ReferencedSeriesSequence[0]
    annotation = ds.GraphicAnnotationSequence[0]
    return {
        "sopClass": ds.SOPClassUID,
        "studyUid": ds.StudyInstanceUID,
        "referencedSeries": series.SeriesInstanceUID,
        "referencedInstance": series.ReferencedImageSequence[0].ReferencedSOPInstanceUID,
        "annotatedInstance": annotation.ReferencedImageSequence[0].ReferencedSOPInstanceUID,
        "layer": annotation.GraphicLayer,
        "texts": [t.UnformattedTextValue for t in annotation.get("TextObjectSequence", [])],
        "graphics": [[float(v) for v in g.GraphicData] for g in annotation.get("GraphicObjectSequence", [])],
        "shutter": ds.get("ShutterShape", ""),
    }


def names(paths):
    out = []
    for path in paths:
        ds = pydicom.dcmread(path)
        raw = ds.get_item("PatientName").value
        charset = ds.SpecificCharacterSet
        out.append(
            {
                "charset": (list(charset) if isinstance(charset, pydicom.multival.MultiValue) else [charset]),
                "patientName": str(ds.PatientName),
                "rawPatientName": raw.hex(),
            }
        )
    return out


def ir87(source, target):
    ds = pydicom.dcmread(source)
    # PS3.5 H.3.1's example spelling: alphabetic, ideographic and phonetic groups.
    ds.SpecificCharacterSet = ["", "ISO 2022 IR 87"]
    ds.PatientName = "Yamada^Tarou=山田^太郎=やまだ^たろう"
    ds.save_as(target)
    return {"written": target}


def main(argv):
    command = argv[1]
    if command == "sr":
        result = sr(argv[2])
    elif command == "pr":
        result = pr(argv[2])
    elif command == "names":
        result = names(argv[2:])
    elif command == "ir87":
        result = ir87(argv[2], argv[3])
    else:
        raise SystemExit("unknown command " + command)
    json.dump(result, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main(sys.argv)
