#!/usr/bin/python3
"""Scales every DICOM file in a folder, in place, to a realistic computed-radiography matrix.

    /usr/bin/python3 scripts/bench/enlarge.py DIR [ROWS COLUMNS]   # default 2560 x 2048, 16-bit: about 10 MB

The shipped samples are small synthetic phantoms (about 300 KB); a CR or DX image of a long bone is
typically 2000-3000 pixels a side at 16 bits allocated. Pixels are repeated (nearest neighbour), the
header is kept, only Rows, Columns and Pixel Data change.
"""
import os
import sys

import numpy as np
import pydicom


def main():
    folder = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 2560
    columns = int(sys.argv[3]) if len(sys.argv) > 3 else 2048
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        ds = pydicom.dcmread(path)
        pixels = ds.pixel_array
        r = np.linspace(0, pixels.shape[0] - 1, rows).astype(np.int64)
        c = np.linspace(0, pixels.shape[1] - 1, columns).astype(np.int64)
        big = np.ascontiguousarray(pixels[r][:, c]).astype(pixels.dtype)
        ds.Rows, ds.Columns = rows, columns
        ds.PixelData = big.tobytes()
        ds.save_as(path, write_like_original=True)


if __name__ == "__main__":
    main()
