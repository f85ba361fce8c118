#!/usr/bin/python3
"""Writes N new single-image studies for the chaos and soak runs, from the sample radiographs.

Each copy gets fresh Study, Series and SOP Instance UIDs and its own accession number, as new
examinations from a modality would, and one manifest line: file, Study Instance UID, SOP Instance UID.

    /usr/bin/python3 scripts/chaos/make_studies.py samples/radiographs 1000 OUT_DIR
"""
import sys
from pathlib import Path

import pydicom
from pydicom.uid import generate_uid


def main(samples_dir: str, count: int, out_dir: str) -> None:
    samples = sorted(Path(samples_dir).glob("*.dcm"))
    if not samples:
        sys.exit(f"make_studies: no .dcm files in {samples_dir}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    templates = [pydicom.dcmread(s) for s in samples]
    with open(out / "manifest.tsv", "w") as manifest:
        for i in range(count):
            ds = templates[i % len(templates)]
            study, series, sop = generate_uid(), generate_uid(), generate_uid()
            ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID = study, series, sop
            ds.file_meta.MediaStorageSOPInstanceUID = sop
            ds.AccessionNumber = f"CH{i:06d}"
            path = out / f"study-{i:05d}.dcm"
            ds.save_as(path, write_like_original=False)
            manifest.write(f"{path}\t{study}\t{sop}\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
