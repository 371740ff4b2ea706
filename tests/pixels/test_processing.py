"""LUTs, windowing and colour conversion compared with pydicom's functions of the same names."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import numpy as np
import pytest

pydicom = pytest.importorskip("pydicom")
from pydicom.dataset import Dataset  # noqa: E402
from pydicom.pixels import processing as ref  # noqa: E402

from dicodec import pixels  # noqa: E402

CORPUS = Path(pydicom.data.__file__).parent / "test_files"


def read(name: str) -> Dataset:
    # TODO(reader): read with dicodec.dcmread
    return pydicom.dcmread(CORPUS / name)


def test_modality_rescale() -> None:
    ds = read("CT_small.dcm")
    arr = ds.pixel_array
    np.testing.assert_array_equal(
        pixels.apply_modality_lut(arr, ds), ref.apply_modality_lut(arr, ds)
    )


def test_modality_lut_sequence() -> None:
    ds = read("CT_small.dcm")
    item = Dataset()
    item.LUTDescriptor = [4096, 0, 16]
    item.LUTData = list(range(0, 4096 * 4, 4))
    item.ModalityLUTType = "HU"
    ds.ModalityLUTSequence = [item]
    arr = ds.pixel_array
    np.testing.assert_array_equal(
        pixels.apply_modality_lut(arr, ds), ref.apply_modality_lut(arr, ds)
    )


@pytest.mark.parametrize("function", ["LINEAR", "LINEAR_EXACT", "SIGMOID"])
@pytest.mark.parametrize("center,width", [(40, 400), (1024.5, 1), (0, 2)])
def test_windowing(function: str, center: float, width: float) -> None:
    ds = read("CT_small.dcm")
    ds.WindowCenter, ds.WindowWidth, ds.VOILUTFunction = center, width, function
    arr = ds.pixel_array
    np.testing.assert_allclose(pixels.apply_windowing(arr, ds), ref.apply_windowing(arr, ds))
    np.testing.assert_allclose(pixels.apply_voi_lut(arr, ds), ref.apply_voi_lut(arr, ds))


def test_voi_lut_sequence() -> None:
    ds = read("MR_small.dcm")
    item = Dataset()
    # 16-bit entries: pydicom indexes through the LUT's dtype, so an 8-bit LUT wraps
    # input values above 255 there (we clip per C.11.2.1.1 instead).
    item.LUTDescriptor = [4096, 0, 16]
    item.LUTData = [i // 4 for i in range(4096)]
    ds.VOILUTSequence = [item]
    arr = ds.pixel_array
    np.testing.assert_array_equal(pixels.apply_voi_lut(arr, ds), ref.apply_voi_lut(arr, ds))


@pytest.mark.parametrize(
    "name", ["SC_rgb_jpeg_dcmtk.dcm", "examples_ybr_color.dcm", "SC_rgb_small_odd.dcm"]
)
def test_color_space(name: str) -> None:
    ds = read(name)
    arr = ds.pixel_array
    for a, b in (("RGB", "YBR_FULL"), ("YBR_FULL", "RGB"), ("YBR_FULL_422", "RGB")):
        ours = pixels.convert_color_space(arr, a, b)
        theirs = ref.convert_color_space(arr, a, b)
        assert np.abs(ours.astype(int) - theirs.astype(int)).max() <= 1, (a, b)


def test_palette_color() -> None:
    ds = read("examples_palette.dcm")
    arr = ds.pixel_array
    np.testing.assert_array_equal(pixels.apply_color_lut(arr, ds), ref.apply_color_lut(arr, ds))


def test_segmented_palette() -> None:
    ds = read("examples_palette.dcm")
    # C.7.9.2: discrete 0,10 / linear to 65535 over 100 / indirect copy of segment 0.
    words = [0, 2, 0, 10, 1, 100, 65535, 2, 1, 0, 0]
    seg = np.array(words, dtype="<u2").tobytes()
    for color in ("Red", "Green", "Blue"):
        setattr(ds, f"Segmented{color}PaletteColorLookupTableData", seg)
        setattr(ds, f"{color}PaletteColorLookupTableDescriptor", [104, 0, 16])
        delattr(ds, f"{color}PaletteColorLookupTableData")
    arr = ds.pixel_array
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = ref.apply_color_lut(arr, ds)
    np.testing.assert_array_equal(pixels.apply_color_lut(arr, ds), theirs)


def test_decompress_and_compress_round_trip() -> None:
    ds = read("SC_rgb_rle_16bit_2frame.dcm")
    expected = ds.pixel_array.copy()
    work = copy.deepcopy(ds)
    pixels.decompress(work)
    assert work.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
    np.testing.assert_array_equal(pixels.pixel_array(work), expected)
    pixels.compress(work, "1.2.840.10008.1.2.5")
    np.testing.assert_array_equal(pixels.pixel_array(work), expected)
    # pydicom decodes our RLE too.
    del work._pixel_array
    work._pixel_id = {}
    np.testing.assert_array_equal(work.pixel_array, expected)


def test_set_pixel_data() -> None:
    ds = read("CT_small.dcm")
    arr = np.arange(2 * 3 * 4, dtype=np.int16).reshape(2, 3, 4) - 5
    pixels.set_pixel_data(ds, arr, "MONOCHROME2", 12)
    assert (ds.Rows, ds.Columns, ds.NumberOfFrames, ds.BitsStored, ds.PixelRepresentation) == (
        3,
        4,
        2,
        12,
        1,
    )
    np.testing.assert_array_equal(pixels.pixel_array(ds), arr)
    with pytest.raises(ValueError, match="do not fit in 4 bits"):
        pixels.set_pixel_data(ds, arr, "MONOCHROME2", 4)
