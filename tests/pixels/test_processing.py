"""LUTs, windowing and colour conversion compared with pydicom's functions of the same names."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pydicom = pytest.importorskip("pydicom")
from pydicom.dataset import Dataset  # noqa: E402
from pydicom.pixels import processing as ref  # noqa: E402

import dicodec  # noqa: E402
from dicodec import pixels  # noqa: E402

CORPUS = Path(pydicom.data.__file__).parent / "test_files"


def read(
    name: str, edit: Callable[[Any, Any], None] | None = None
) -> tuple[dicodec.Dataset, Dataset]:
    """The file read by dicodec, and by pydicom (the oracle), both given the same `edit`."""
    ours, theirs = dicodec.dcmread(CORPUS / name), pydicom.dcmread(CORPUS / name)
    if edit is not None:
        edit(ours, dicodec.Dataset)
        edit(theirs, Dataset)
    return ours, theirs


def _set_lut_data(item: Any, values: list[int]) -> None:
    """LUT Data (0028,3006) is "US or OW": a list of ints is US (pydicom leaves the VR open)."""
    if isinstance(item, dicodec.Dataset):
        item.add_new("LUTData", "US", values)
    else:
        item.LUTData = values


def test_modality_rescale() -> None:
    ds, oracle = read("CT_small.dcm")
    arr = ds.pixel_array
    np.testing.assert_array_equal(
        pixels.apply_modality_lut(arr, ds), ref.apply_modality_lut(arr, oracle)
    )


def test_modality_lut_sequence() -> None:
    def edit(ds: Any, new: Any) -> None:
        item = new()
        item.LUTDescriptor = [4096, 0, 16]
        _set_lut_data(item, list(range(0, 4096 * 4, 4)))
        item.ModalityLUTType = "HU"
        ds.ModalityLUTSequence = [item]

    ds, oracle = read("CT_small.dcm", edit)
    arr = ds.pixel_array
    np.testing.assert_array_equal(
        pixels.apply_modality_lut(arr, ds), ref.apply_modality_lut(arr, oracle)
    )


@pytest.mark.parametrize("function", ["LINEAR", "LINEAR_EXACT", "SIGMOID"])
@pytest.mark.parametrize("center,width", [(40, 400), (1024.5, 1), (0, 2)])
def test_windowing(function: str, center: float, width: float) -> None:
    def edit(ds: Any, new: Any) -> None:
        ds.WindowCenter, ds.WindowWidth, ds.VOILUTFunction = center, width, function

    ds, oracle = read("CT_small.dcm", edit)
    arr = ds.pixel_array
    np.testing.assert_allclose(pixels.apply_windowing(arr, ds), ref.apply_windowing(arr, oracle))
    np.testing.assert_allclose(pixels.apply_voi_lut(arr, ds), ref.apply_voi_lut(arr, oracle))


def test_voi_lut_sequence() -> None:
    def edit(ds: Any, new: Any) -> None:
        item = new()
        # 16-bit entries: pydicom indexes through the LUT's dtype, so an 8-bit LUT wraps
        # input values above 255 there (we clip per C.11.2.1.1 instead).
        item.LUTDescriptor = [4096, 0, 16]
        _set_lut_data(item, [i // 4 for i in range(4096)])
        ds.VOILUTSequence = [item]

    ds, oracle = read("MR_small.dcm", edit)
    arr = ds.pixel_array
    np.testing.assert_array_equal(pixels.apply_voi_lut(arr, ds), ref.apply_voi_lut(arr, oracle))


@pytest.mark.parametrize(
    "name", ["SC_rgb_jpeg_dcmtk.dcm", "examples_ybr_color.dcm", "SC_rgb_small_odd.dcm"]
)
def test_color_space(name: str) -> None:
    ds, _ = read(name)
    arr = ds.pixel_array
    for a, b in (("RGB", "YBR_FULL"), ("YBR_FULL", "RGB"), ("YBR_FULL_422", "RGB")):
        ours = pixels.convert_color_space(arr, a, b)
        theirs = ref.convert_color_space(arr, a, b)
        assert np.abs(ours.astype(int) - theirs.astype(int)).max() <= 1, (a, b)


def test_palette_color() -> None:
    ds, oracle = read("examples_palette.dcm")
    arr = ds.pixel_array
    np.testing.assert_array_equal(pixels.apply_color_lut(arr, ds), ref.apply_color_lut(arr, oracle))


def test_segmented_palette() -> None:
    # C.7.9.2: discrete 0,10 / linear to 65535 over 100 / indirect copy of segment 0.
    words = [0, 2, 0, 10, 1, 100, 65535, 2, 1, 0, 0]
    seg = np.array(words, dtype="<u2").tobytes()

    def edit(ds: Any, new: Any) -> None:
        for color in ("Red", "Green", "Blue"):
            setattr(ds, f"Segmented{color}PaletteColorLookupTableData", seg)
            setattr(ds, f"{color}PaletteColorLookupTableDescriptor", [104, 0, 16])
            delattr(ds, f"{color}PaletteColorLookupTableData")

    ds, oracle = read("examples_palette.dcm", edit)
    arr = ds.pixel_array
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = ref.apply_color_lut(arr, oracle)
    np.testing.assert_array_equal(pixels.apply_color_lut(arr, ds), theirs)


def test_decompress_and_compress_round_trip() -> None:
    ds, oracle = read("SC_rgb_rle_16bit_2frame.dcm")
    expected = oracle.pixel_array
    work = copy.deepcopy(ds)
    pixels.decompress(work)
    assert work.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
    np.testing.assert_array_equal(pixels.pixel_array(work), expected)
    pixels.compress(work, "1.2.840.10008.1.2.5")
    assert work["PixelData"].is_undefined_length and work["PixelData"].VR == "OB"
    np.testing.assert_array_equal(pixels.pixel_array(work), expected)
    # the dataset read is untouched by the work on its copy
    np.testing.assert_array_equal(ds.pixel_array, expected)


def test_set_pixel_data() -> None:
    ds, _ = read("CT_small.dcm")
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
