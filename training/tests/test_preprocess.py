"""osteon-xr-pre-v1 against hand-computed values (docs/preprocessing.md)."""
import numpy as np
import pydicom
import pytest

from osteon_training.dicom_io import new_dataset, set_pixels, CR_IMAGE_STORAGE
from osteon_training.preprocess import (
    PixelMeta,
    area_matrix,
    preprocess_file,
    preprocess_pixels,
    resized_shape,
    to_unit,
)


def test_area_matrix_halving_averages_pairs():
    assert np.allclose(area_matrix(4, 2), [[0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]])


def test_area_matrix_three_to_two_splits_the_middle_pixel():
    assert np.allclose(area_matrix(3, 2), [[2 / 3, 1 / 3, 0], [0, 1 / 3, 2 / 3]])


def test_area_matrix_upsampling_repeats():
    assert np.allclose(area_matrix(2, 4), [[1, 0], [1, 0], [0, 1], [0, 1]])
    assert np.allclose(area_matrix(7, 5).sum(1), 1)


def test_resized_shape_rounds_half_up():
    assert resized_shape(300, 180, 128) == (128, 77)  # 180*128/300 = 76.8
    assert resized_shape(256, 256, 128) == (128, 128)
    assert resized_shape(1, 1000, 128) == (1, 128)  # never zero
    assert resized_shape(3, 10, 4) == (1, 4)  # 1.2 -> 1


def test_window_maps_linearly_and_clips():
    v = to_unit(np.array([[0, 100], [200, 300]]), PixelMeta(window_center=150, window_width=200))
    assert np.allclose(v, [[0, 0.25], [0.75, 1.0]])


def test_monochrome1_is_inverted_after_windowing():
    v = to_unit(
        np.array([[0, 100], [200, 300]]), PixelMeta(window_center=150, window_width=200, photometric="MONOCHROME1")
    )
    assert np.allclose(v, [[1, 0.75], [0.25, 0.0]])


def test_rescale_applies_before_window():
    meta = PixelMeta(slope=2.0, intercept=-100.0, window_center=100, window_width=200)
    assert np.allclose(to_unit(np.array([[50, 100, 150]]), meta), [[0.0, 0.5, 1.0]])


def test_no_window_uses_min_max_and_flat_is_zero():
    assert np.allclose(to_unit(np.array([[10, 20, 30]]), PixelMeta()), [[0, 0.5, 1]])
    assert np.allclose(to_unit(np.full((2, 2), 7), PixelMeta()), 0)


def test_window_width_not_above_one_falls_back_to_min_max():
    assert np.allclose(to_unit(np.array([[10, 20, 30]]), PixelMeta(window_center=20, window_width=1)), [[0, 0.5, 1]])


def test_full_pipeline_on_a_2x4_image_pads_centred_and_normalises():
    stored = np.array([[0, 1, 2, 3], [3, 2, 1, 0]], dtype=np.uint16)
    x = preprocess_pixels(stored, PixelMeta(), size=4, mean=0.5, std=0.25)
    assert x.shape == (1, 1, 4, 4) and x.dtype == np.float32
    v = np.array([[0, 1 / 3, 2 / 3, 1], [1, 2 / 3, 1 / 3, 0]])
    expected = np.full((4, 4), -2.0)  # pad is 0 before normalisation: (0 - 0.5) / 0.25
    expected[1:3, :] = (v - 0.5) / 0.25  # h' = 2, top = (4 - 2) // 2 = 1
    assert np.allclose(x[0, 0], expected, atol=1e-6)


def test_downsample_4x4_to_2x2_with_odd_offset():
    stored = np.arange(12, dtype=np.uint16).reshape(3, 4)  # 3x4 -> S=2: h'=floor(1.5+.5)=2, w'=2
    x = preprocess_pixels(stored, PixelMeta(), size=2, mean=0.0, std=1.0)[0, 0]
    v = stored / 11.0
    ry, rx = np.array([[2 / 3, 1 / 3, 0], [0, 1 / 3, 2 / 3]]), np.array([[0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]])
    assert np.allclose(x, ry @ v @ rx.T, atol=1e-6)


@pytest.mark.parametrize("photometric", ["MONOCHROME1", "MONOCHROME2"])
def test_dicom_file_path_matches_array_path(tmp_path, photometric):
    rng = np.random.default_rng(0)
    stored = rng.integers(0, 4096, (37, 23)).astype(np.uint16)
    meta = PixelMeta(slope=2.0, intercept=-1024.0, window_center=2000.0, window_width=3000.0, photometric=photometric)
    ds = new_dataset(CR_IMAGE_STORAGE, "1.2.3.4")
    set_pixels(ds, stored, meta)
    ds.WindowCenter = ["2000", "100"]  # multi-valued: the first value is used
    ds.WindowWidth = ["3000", "50"]
    p = tmp_path / "x.dcm"
    ds.save_as(str(p), write_like_original=False)
    got = preprocess_file(str(p), 16)
    want = preprocess_pixels(stored, meta, 16)
    assert np.array_equal(got, want)
