"""A new site the shipped model was not trained for: DICOM radiographs with fake PHI and their truth.

The shipped model (models/default, synthetic-phantoms-v1) saw long bones only (femur, tibia,
humerus, fibula, radius, ulna) from detectors with mild processing. This site images another body
part (phantoms v2 anatomy: `pelvis`, the hemipelvis with the proximal femur as the host bone, by
default; or `hand`, `foot`) on a new detector whose vendor processing is strong (acquisition.Centre
`NEW_DETECTOR`: heavy unsharp masking, multi-scale contrast, a hard sigmoid LUT, more quantum noise,
10-bit export, a third MONOCHROME1). The findings are v1's kinds: normal (no finding), the benign
tumours of v1 (osteochondroma, enchondroma, giant cell tumour, non-ossifying fibroma, simple bone
cyst) and its malignant ones (osteosarcoma, Ewing sarcoma, chondrosarcoma), drawn with phantoms v2's
sign tables (render.project reads only the signs).

One study per case, one AP image per study. Label counts are exact: round(n x prevalence)
malignant, the rest benign and normal in v1's 35 : 55 ratio, in a seeded order. Everything is
deterministic in (--seed, --n, --prevalence, --site, --size-px); UIDs derive from the seed and the
index (dicom_io.uid), so another seed gives new UIDs and accession numbers.

Writes
    dicom/<NNNNNN>.dcm   Digital X-Ray (For Presentation), explicit VR little endian; fake, obviously
                         synthetic PHI (PatientName `Sitefake^Case000001`, PatientID `FAKE-SITE-...`)
    truth.csv            study_instance_uid,accession_number,sop_instance_uid,finding,label,subtype,
                         body_part,file   (finding: MALIGNANT | BENIGN_TUMOUR | NO_TUMOUR, the
                         TriageDiagnosis enum)
    site.json            generator, arguments, label counts, detector, provenance

    cd training && /usr/bin/python3 -m osteon_training.site_shift --out /tmp/site --n 600 --prevalence 0.3 --seed 7
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime
import json
import os
import sys
import time

import numpy as np
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from . import phantoms
from .dicom_io import DX_PRESENTATION, new_dataset, set_pixels, uid
from .phantoms_v2 import VERSION, population
from .phantoms_v2.acquisition import Centre, _blur, _burn, _lut, encode
from .phantoms_v2.anatomy import views_for
from .phantoms_v2.dataset import Case, render_view
from .phantoms_v2.signs import sample_signs, to_record

GENERATOR = "osteon-site-shift-v1"
NEW_DETECTOR = Centre(
    "newsite",
    native_px=3000,
    exposure=2.0,
    blur_px=1.0,
    noise=0.06,
    unsharp=(2.0, 2.0),
    msc=((1.0, 0.8), (4.0, 0.8), (16.0, 0.6)),
    lut=("sigmoid", 0.6, 0.1),
    bits=10,
    mono1=0.33,
    collimation=0.8,
    markers=0.9,
    arrow=0.2,
    ruler=0.2,
)
SUBTYPES = {  # v1's kinds of finding, with phantoms v2's within-label mix renormalised
    "normal": ("none",),
    "benign": ("osteochondroma", "enchondroma", "giant_cell_tumor", "non_ossifying_fibroma", "simple_bone_cyst"),
    "malignant": ("osteosarcoma", "ewing", "chondrosarcoma"),
}
FINDING = {"malignant": "MALIGNANT", "benign": "BENIGN_TUMOUR", "normal": "NO_TUMOUR"}
SITES = ("pelvis", "hand", "foot")  # phantoms v2 sites absent from v1 (phantoms.SITES)
V1_NEW_SITE = "metatarsal"  # phantoms.NEW_SITES: a v1 bone no v1 training phantom has
BODY_PART = {"pelvis": "PELVIS", "hand": "HAND", "foot": "FOOT", V1_NEW_SITE: "FOOT"}
TRUTH_COLUMNS = (
    "study_instance_uid",
    "accession_number",
    "sop_instance_uid",
    "finding",
    "label",
    "subtype",
    "body_part",
    "file",
)
PROVENANCE = "Osteon synthetic new-site radiographs; all names and IDs are fake. NOT FOR CLINICAL USE."


def labels(n: int, prevalence: float, seed: int) -> list:
    n_mal = int(round(n * prevalence))
    n_ben = int(round((n - n_mal) * 0.35 / 0.90))
    out = ["malignant"] * n_mal + ["benign"] * n_ben + ["normal"] * (n - n_mal - n_ben)
    np.random.default_rng([seed, 1]).shuffle(out)
    return out


def _subtype(rng, label: str) -> str:
    names = SUBTYPES[label]
    if label == "normal":
        return names[0]
    w = np.array([population.MIX[label][k] for k in names])
    return str(names[rng.choice(len(names), p=w / w.sum())])


def make_case(seed: int, i: int, label: str, site: str) -> Case:
    """Case i of the site: its own rng (seed, i) draws age, sex, subtype, signs and laterality."""
    case_seed = int(np.random.SeedSequence([seed, i]).generate_state(1)[0])
    rng = np.random.default_rng(case_seed)
    ctx = population.clinical(rng)
    subtype = _subtype(rng, label)
    signs = to_record(sample_signs(population.TABLES[subtype], rng, 1), 0)
    return Case(
        f"site{seed}",
        i,
        f"site{seed}-p{i:06d}",
        NEW_DETECTOR.name,
        subtype,
        label,
        label,
        signs,
        ctx["age"],
        ctx["sex"],
        site,
        views_for(site),
        case_seed,
        str(rng.choice(["L", "R"])),
    )


@dataclasses.dataclass
class V1Case:
    """What dicom() reads of a case rendered from phantoms v1."""

    site: str
    subtype: str
    laterality: str
    age: int
    sex: str


def render_v1(seed: int, i: int, label: str, size_px: int):
    """A phantoms v1 finding (the live model's own kind of lesion) on the v1 bone `V1_NEW_SITE`, which
    no v1 training phantom has, through the new detector: quantum noise, unsharp masking, multi-scale
    contrast, the sigmoid LUT, collimation, burned-in markers and the 10-bit export (MONOCHROME1 a
    third of the time), applied to the displayed image as the detector's processing would be."""
    case_seed = int(np.random.SeedSequence([seed, i, 1]).generate_state(1)[0])
    p = phantoms.make_phantom(case_seed, label, size=size_px, centre_name="newsite", site=V1_NEW_SITE)
    rng = np.random.default_rng(case_seed + 2)
    c, pitch = NEW_DETECTOR, p.pixel_spacing
    x = p.image.astype(np.float64)
    x = x + c.noise * np.sqrt(np.clip(x, 0.02, 1)) * rng.standard_normal(x.shape)
    amt, rad = c.unsharp
    x = x + amt * (x - _blur(x, rad / pitch))
    for rad, gain in c.msc:
        x = x + gain * (_blur(x, rad / 2 / pitch) - _blur(x, rad / pitch))
    x = _lut(np.clip(x, 0, 1), c.lut)
    x = _burn(np.clip(x, 0, 1), rng, c, pitch, p.laterality)
    stored, meta, _ = encode(x, c, rng)
    case = V1Case(V1_NEW_SITE, p.subtype, p.laterality, p.age, p.sex)
    return case, {"stored": stored, "meta": meta, "info": {"pixel_spacing": pitch}}


def fake_phi(seed: int, i: int, age: int, when: datetime.datetime) -> dict:
    birth = when.date().replace(year=when.year - age, month=1 + i % 12, day=1 + (7 * i) % 28)
    return {
        "PatientName": f"Sitefake^Case{i + 1:06d}",
        "PatientID": f"FAKE-SITE-{seed}-{i + 1:06d}",
        "PatientBirthDate": birth.strftime("%Y%m%d"),
        "AccessionNumber": f"FS{seed % 1000:03d}{i + 1:07d}",  # SH: at most 16 characters
        "StudyID": f"FS{i + 1:06d}",
        "ReferringPhysicianName": "Fakedoctor^Newsite^^Dr.",
        "InstitutionName": "Osteon Synthetic New Site (FAKE)",
        "StationName": "FAKE-NEWDR-01",
        "OperatorsName": "Fakeradiographer^Nina",
    }


def dicom(seed: int, i: int, c: Case, r: dict, when: datetime.datetime):
    key = f"site-shift/{seed}/{i}"
    ds = new_dataset(DX_PRESENTATION, uid(key + "/sop"))
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = uid(key + "/study"), uid(key + "/series")
    ds.Modality = "DX"
    ds.PresentationIntentType = "FOR PRESENTATION"
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = when.strftime("%Y%m%d")
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = when.strftime("%H%M%S")
    ds.BodyPartExamined = BODY_PART[c.site]
    ds.ViewPosition = "AP"
    ds.ImageLaterality = ds.Laterality = c.laterality
    ds.PatientAge = f"{c.age:03d}Y"
    ds.PatientSex = c.sex
    ds.SeriesNumber, ds.InstanceNumber = 1, 1
    ds.PatientOrientation = ["L", "F"] if c.laterality == "R" else ["R", "F"]
    pitch = f"{r['info']['pixel_spacing']:.4f}"
    ds.ImagerPixelSpacing = ds.PixelSpacing = [pitch, pitch]
    ds.BurnedInAnnotation = "NO"
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.Manufacturer = "Osteon Phantom Works (FAKE)"
    ds.ManufacturerModelName = "Synthetic NewSite DR (strong processing)"
    ds.StudyDescription = f"XR {BODY_PART[c.site]} (SYNTHETIC)"
    ds.SeriesDescription = "Synthetic new-site phantom"
    phi = fake_phi(seed, i, c.age, when)
    for k, v in phi.items():
        setattr(ds, k, v)
    req = Dataset()
    req.AccessionNumber = phi["AccessionNumber"]
    req.RequestedProcedureID = f"FAKERP{i + 1:06d}"
    ds.RequestAttributesSequence = Sequence([req])
    set_pixels(ds, r["stored"], r["meta"], bits_stored=NEW_DETECTOR.bits)
    return ds


def generate(
    out: str,
    n: int,
    prevalence: float,
    seed: int,
    site: str = "pelvis",
    size_px: int = 256,
    findings: str = "v2",
    log=print,
):
    t0 = time.time()
    os.makedirs(os.path.join(out, "dicom"), exist_ok=True)
    rows = []
    start = datetime.datetime(2026, 1, 5, 8, 0)
    for i, label in enumerate(labels(n, prevalence, seed)):
        if findings == "v1":
            c, r = render_v1(seed, i, label, size_px)
        else:
            c = make_case(seed, i, label, site)
            r = render_view(c, 0, size_px, centre=NEW_DETECTOR)
        when = start + datetime.timedelta(minutes=17 * i)
        ds = dicom(seed, i, c, r, when)
        rel = f"dicom/{i + 1:06d}.dcm"
        ds.save_as(os.path.join(out, rel), write_like_original=False)
        rows.append(
            {
                "study_instance_uid": ds.StudyInstanceUID,
                "accession_number": ds.AccessionNumber,
                "sop_instance_uid": ds.SOPInstanceUID,
                "finding": FINDING[label],
                "label": label,
                "subtype": c.subtype,
                "body_part": ds.BodyPartExamined,
                "file": rel,
            }
        )
    with open(os.path.join(out, "truth.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, TRUTH_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    counts = {lab: sum(r["label"] == lab for r in rows) for lab in ("normal", "benign", "malignant")}
    info = {
        "generator": GENERATOR,
        "phantoms": VERSION,
        "n": n,
        "prevalence_malignant": prevalence,
        "seed": seed,
        "site": V1_NEW_SITE if findings == "v1" else site,
        "findings": findings,
        "size_px": size_px,
        "label_counts": counts,
        "detector": dataclasses.asdict(NEW_DETECTOR),
        "subtypes": SUBTYPES,
        "provenance": PROVENANCE,
        "seconds": round(time.time() - t0, 1),
    }
    with open(os.path.join(out, "site.json"), "w") as fh:
        json.dump(info, fh, indent=2)
        fh.write("\n")
    log(f"site_shift: {n} {info['site']} studies {counts} in {info['seconds']}s -> {out}")
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=600, help="studies (one image each)")
    ap.add_argument("--prevalence", type=float, default=0.3, help="share malignant (exact count)")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--site", choices=SITES, default="pelvis")
    ap.add_argument("--size-px", type=int, default=256, help="long side of the stored image")
    ap.add_argument(
        "--findings",
        choices=("v1", "v2"),
        default="v2",
        help="v2: phantoms v2 signs on the --site anatomy; v1: the live model's own phantoms v1 findings on "
        "a v1 bone absent from its training (the metatarsal), which a few hundred studies can teach "
        "(./osteon learn)",
    )
    a = ap.parse_args(argv)
    if a.n < 1 or not 0 <= a.prevalence <= 1 or not 64 <= a.size_px <= 4096 or a.seed < 0:
        ap.error("--n >= 1, 0 <= --prevalence <= 1, 64 <= --size-px <= 4096, --seed >= 0")
    info = generate(
        a.out, a.n, a.prevalence, a.seed, a.site, a.size_px, a.findings, log=lambda m: print(m, file=sys.stderr)
    )
    print(json.dumps({"out": a.out, **{k: info[k] for k in ("n", "site", "label_counts", "seconds")}}))


if __name__ == "__main__":
    main()
