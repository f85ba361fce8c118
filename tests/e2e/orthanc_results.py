"""Reads Osteon's results back out of Orthanc and checks them, for tests/e2e/orthanc.sh.

collect URL OUT                 downloads every instance Orthanc holds over its REST API into OUT and
                                prints one JSON line per source image: its file and its results' files
check OUT MODEL_VERSION         checks each source's SR and presentation state (see check_source)
find URL UID...                 exits 0 when Orthanc holds every listed SOP Instance UID
outline PS PLAIN_PGM PS_PGM     the share of the presentation state's outline points that it changed
likelihood SR                   the SR's malignant likelihood as a probability (0..1), and its outcome

Orthanc's user and password come from ORTHANC_USER and ORTHANC_PASSWORD, never the command line.
"""

import base64
import io
import json
import os
import sys
import urllib.request

import pydicom

COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33"
GRAYSCALE_PS = "1.2.840.10008.5.1.4.1.1.11.1"
RESULT_CLASSES = {COMPREHENSIVE_SR: "sr", GRAYSCALE_PS: "pr"}
OUTCOMES = ("ESCALATE", "REVIEW", "ROUTINE")
NOT_FOR_CLINICAL_USE = "NOT FOR CLINICAL USE"


def orthanc(url, path, body=None):
    request = urllib.request.Request(url + path, data=body, method="POST" if body else "GET")
    credentials = f"{os.environ['ORTHANC_USER']}:{os.environ['ORTHANC_PASSWORD']}"
    token = base64.b64encode(credentials.encode()).decode()
    request.add_header("Authorization", "Basic " + token)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def collect(url, out):
    os.makedirs(out, exist_ok=True)
    by_sop = {}
    for instance_id in json.loads(orthanc(url, "/instances")):
        data = orthanc(url, f"/instances/{instance_id}/file")
        dataset = pydicom.dcmread(io.BytesIO(data), stop_before_pixels=True)
        path = os.path.join(out, f"{dataset.SOPInstanceUID}.dcm")
        with open(path, "wb") as f:
            f.write(data)
        by_sop[dataset.SOPInstanceUID] = (path, dataset, instance_id)
    sources = {
        uid: {"file": path, "orthanc_id": oid, "sr": [], "pr": []}
        for uid, (path, ds, oid) in by_sop.items()
        if ds.SOPClassUID not in RESULT_CLASSES
    }
    for uid, (path, ds, _) in by_sop.items():
        kind = RESULT_CLASSES.get(ds.SOPClassUID)
        if kind is None:
            continue
        for referenced in sorted(referenced_sop_uids(ds)):
            sources.setdefault(referenced, {"file": None, "sr": [], "pr": []})[kind].append(path)
    for uid, entry in sorted(sources.items()):
        print(json.dumps({"source": uid, **{k: v for k, v in entry.items()}}))


def referenced_sop_uids(dataset):
    found = set()
    for element in dataset.iterall():
        if element.keyword == "ReferencedSOPInstanceUID":
            found.add(str(element.value))
    return found


def content_items(dataset):
    for item in getattr(dataset, "ContentSequence", []):
        yield item
        yield from content_items(item)


def check_source(entry, model_version):
    """One source image's results: exactly one SR and one presentation state, each in the source's
    study, referencing the image, with its patient and character set, carrying the model version,
    the outcome and NOT FOR CLINICAL USE."""
    problems = []
    if len(entry["sr"]) != 1 or len(entry["pr"]) != 1:
        return [f"expected one SR and one presentation state, found {len(entry['sr'])} and {len(entry['pr'])}"]
    source = pydicom.dcmread(entry["file"], stop_before_pixels=True)
    sr = pydicom.dcmread(entry["sr"][0])
    pr = pydicom.dcmread(entry["pr"][0])
    for name, result in (("SR", sr), ("presentation state", pr)):
        for keyword in ("StudyInstanceUID", "PatientID", "PatientName", "SpecificCharacterSet"):
            if str(result.get(keyword, "")) != str(source.get(keyword, "")):
                problems.append(f"{name} {keyword} {result.get(keyword)!r} != source's {source.get(keyword)!r}")
        if source.SOPInstanceUID not in referenced_sop_uids(result):
            problems.append(f"{name} does not reference the source image")
    texts, codes = [], []
    for item in content_items(sr):
        if "TextValue" in item:
            texts.append(str(item.TextValue))
        for code in getattr(item, "ConceptCodeSequence", []):
            codes.append(str(code.CodeValue))
    if model_version not in texts:
        problems.append(f"SR does not carry the model version {model_version}: {texts}")
    if not any(o in codes for o in OUTCOMES):
        problems.append(f"SR carries no triage outcome code: {codes}")
    if not any(NOT_FOR_CLINICAL_USE in t.upper() for t in texts):
        problems.append("SR lacks NOT FOR CLINICAL USE")
    annotations = " ".join(
        str(t.UnformattedTextValue)
        for layer in getattr(pr, "GraphicAnnotationSequence", [])
        for t in getattr(layer, "TextObjectSequence", [])
    )
    if NOT_FOR_CLINICAL_USE not in annotations.upper() or not any(o in annotations.upper() for o in OUTCOMES):
        problems.append(f"presentation state text lacks the outcome or NOT FOR CLINICAL USE: {annotations!r}")
    return problems


def check(out, model_version):
    entries = [json.loads(line) for line in sys.stdin if line.strip()]
    failures = 0
    for entry in entries:
        if entry["file"] is None:
            continue
        problems = check_source(entry, model_version)
        for problem in problems:
            print(f"{entry['source']}: {problem}", file=sys.stderr)
        failures += bool(problems)
    checked = sum(1 for e in entries if e["file"] is not None)
    print(f"{checked - failures} of {checked} source images have a valid SR and presentation state")
    return 0 if failures == 0 and checked > 0 else 1


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields, position = [], 0
    while len(fields) < 4:
        while data[position : position + 1].isspace():
            position += 1
        if data[position : position + 1] == b"#":
            position = data.index(b"\n", position)
            continue
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    position += 1
    width, height, maximum = int(fields[1]), int(fields[2]), int(fields[3])
    size = 2 if maximum > 255 else 1
    pixels = data[position : position + width * height * size]
    return width, height, size, pixels


def outline(ps_file, plain_pgm, ps_pgm):
    """The share of the outline's points (graphic objects' vertices and the segments between them)
    where the rendering with the presentation state differs from the plain one, in a 3-pixel band."""
    w, h, size, plain = read_pgm(plain_pgm)
    w2, h2, size2, drawn = read_pgm(ps_pgm)
    if (w, h, size) != (w2, h2, size2):
        print(f"renderings differ in size: {w}x{h} against {w2}x{h2}", file=sys.stderr)
        return 1
    ps = pydicom.dcmread(ps_file)
    points = []
    for layer in getattr(ps, "GraphicAnnotationSequence", []):
        for graphic in getattr(layer, "GraphicObjectSequence", []):
            data = [float(v) for v in graphic.GraphicData]
            vertices = list(zip(data[0::2], data[1::2]))
            for (x0, y0), (x1, y1) in zip(vertices, vertices[1:]):
                steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0))))
                points += [(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(steps)]
    if not points:
        print("0.0 (no outline)")
        return 0

    def differs(x, y):
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                # GraphicData is in pixels from the image's top left corner, 1-based.
                px, py = int(round(x)) - 1 + dx, int(round(y)) - 1 + dy
                if 0 <= px < w and 0 <= py < h:
                    at = (py * w + px) * size
                    if plain[at : at + size] != drawn[at : at + size]:
                        return True
        return False

    share = sum(differs(x, y) for x, y in points) / len(points)
    print(f"{share:.3f}")
    return 0


def likelihood(sr_file):
    """Prints the SR's malignant likelihood as a probability, and its triage outcome."""
    sr = pydicom.dcmread(sr_file)
    codes = [str(c.CodeValue) for item in content_items(sr) for c in getattr(item, "ConceptCodeSequence", [])]
    outcome = next((c for c in codes if c in OUTCOMES), "NONE")
    for item in content_items(sr):
        if item.get("ValueType") == "NUM":
            concept = item.ConceptNameCodeSequence[0]
            if concept.CodeValue == "111047":
                measured = item.MeasuredValueSequence[0]
                value = float(measured.NumericValue)
                if "FloatingPointValue" in measured:
                    value = float(measured.FloatingPointValue)
                units = measured.MeasurementUnitsCodeSequence[0].CodeValue
                print(repr(value / 100 if units == "%" else value), outcome)
                return 0
    print("no likelihood in the SR", file=sys.stderr)
    return 1


def find(url, uids):
    for uid in uids:
        body = json.dumps({"Level": "Instance", "Query": {"SOPInstanceUID": uid}}).encode()
        if not json.loads(orthanc(url, "/tools/find", body)):
            return 1
    return 0


def main(argv):
    command, args = argv[1], argv[2:]
    if command == "collect":
        collect(*args)
        return 0
    if command == "check":
        return check(*args)
    if command == "find":
        return find(args[0], args[1:])
    if command == "outline":
        return outline(*args)
    if command == "likelihood":
        return likelihood(*args)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
