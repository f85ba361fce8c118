"""Writing phantoms as DICOM with pydicom (explicit VR little endian, uncompressed).

    /usr/bin/python3 -m osteon_training.dicom_io OUT.dcm [SEED]    # one phantom radiograph
"""
from __future__ import annotations

import datetime
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from .phantoms import SITES, Phantom, encode, make_phantom
from .preprocess import PixelMeta

CR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.1"
DX_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.1"
CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11"
UID_ROOT = "1.2.826.0.1.3680043.8.498."  # pydicom's example root: obviously not a real hospital


def uid(seed_text: str) -> str:
    """Deterministic UID from a text (so re-running make_samples gives byte-identical files)."""
    return generate_uid(prefix=UID_ROOT, entropy_srcs=[seed_text])


def new_dataset(sop_class: str, sop_uid: str) -> FileDataset:
    fm = FileMetaDataset()
    fm.MediaStorageSOPClassUID = sop_class
    fm.MediaStorageSOPInstanceUID = sop_uid
    fm.TransferSyntaxUID = ExplicitVRLittleEndian
    fm.ImplementationClassUID = UID_ROOT + "1"
    fm.ImplementationVersionName = "OSTEON_0_1"
    ds = FileDataset(None, {}, file_meta=fm, preamble=b"\0" * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop_uid
    return ds


def set_pixels(ds: Dataset, stored: np.ndarray, meta: PixelMeta, bits_stored: int = 12, signed: bool = False) -> None:
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = meta.photometric
    ds.Rows, ds.Columns = int(stored.shape[0]), int(stored.shape[1])
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, bits_stored, bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    if meta.slope is not None or meta.intercept is not None:
        ds.RescaleSlope = f"{meta.slope if meta.slope is not None else 1.0:g}"
        ds.RescaleIntercept = f"{meta.intercept if meta.intercept is not None else 0.0:g}"
        ds.RescaleType = "US"
    if meta.window_center is not None and meta.window_width is not None:
        ds.WindowCenter = f"{meta.window_center:g}"
        ds.WindowWidth = f"{meta.window_width:g}"
    arr = stored.astype(np.int16 if signed else np.uint16)
    ds.PixelData = arr.tobytes()


def radiograph(
    p: Phantom,
    stored: np.ndarray,
    meta: PixelMeta,
    key: str,
    sop_class: str = CR_IMAGE_STORAGE,
    when: datetime.datetime = datetime.datetime(2024, 3, 14, 9, 30),
) -> FileDataset:
    """A minimal, valid CR/DX object for a phantom (no PHI; make_samples adds fake PHI)."""
    ds = new_dataset(sop_class, uid(key + "/sop"))
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = uid(key + "/study"), uid(key + "/series")
    ds.Modality = "CR" if sop_class == CR_IMAGE_STORAGE else "DX"
    if sop_class == DX_PRESENTATION:
        ds.PresentationIntentType = "FOR PRESENTATION"
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = when.strftime("%Y%m%d")
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = when.strftime("%H%M%S")
    ds.BodyPartExamined = SITES[p.site][2]
    ds.ViewPosition = p.view if p.view == "AP" else "LL"
    ds.ImageLaterality = p.laterality
    ds.Laterality = p.laterality
    ds.PatientAge = f"{p.age:03d}Y"
    ds.PatientSex = p.sex
    ds.SeriesNumber, ds.InstanceNumber = 1, 1
    ds.PatientOrientation = ["L", "F"] if p.laterality == "R" else ["R", "F"]
    ds.ImagerPixelSpacing = ds.PixelSpacing = [f"{p.pixel_spacing:.4f}", f"{p.pixel_spacing:.4f}"]
    ds.BurnedInAnnotation = "NO"
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    set_pixels(ds, stored, meta)
    return ds


def write_phantom(path: str, seed: int, label=None, size: int = 256, **enc) -> Phantom:
    p = make_phantom(seed, label, size)
    stored, meta = encode(p.image, np.random.default_rng(seed + 17), **enc)
    radiograph(p, stored, meta, f"phantom/{seed}").save_as(path, write_like_original=False)
    return p


if __name__ == "__main__":
    p = write_phantom(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(sys.argv[1], p.label, p.subtype, p.site, p.image.shape)
