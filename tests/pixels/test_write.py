"""Pixels changed on a dicodec Dataset, written with dcmwrite, read back by dicodec and pydicom."""

from __future__ import annotations

import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

pydicom = pytest.importorskip("pydicom")

import dicodec  # noqa: E402
from dicodec.pixels import encapsulated, iter_pixels, pixel_array, rle, set_pixel_data  # noqa: E402
from dicodec.pixels.description import PixelDescription  # noqa: E402
from dicodec.uid import ExplicitVRLittleEndian, RLELossless  # noqa: E402

from .test_corpus import CORPUS, FILES, _expected, _same  # noqa: E402


def _read_back(ds: dicodec.Dataset, path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Write `ds`; return its pixels as read back by dicodec and by pydicom."""
    dicodec.dcmwrite(path, ds)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dicodec.dcmread(path).pixel_array, pydicom.dcmread(path).pixel_array


@pytest.mark.parametrize("name", FILES)
def test_decompress_write_read(name: str, tmp_path: Path) -> None:
    expected = _expected(name)
    ds = dicodec.dcmread(CORPUS / name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.decompress()
    assert not ds.file_meta.TransferSyntaxUID.is_encapsulated
    ours, theirs = _read_back(ds, tmp_path / "native.dcm")
    _same(ours, expected, name)
    np.testing.assert_array_equal(theirs, expected, err_msg=name)


@pytest.mark.parametrize("name", FILES)
def test_compress_rle_write_read(name: str, tmp_path: Path) -> None:
    expected = _expected(name)
    ds = dicodec.dcmread(CORPUS / name)
    if ds.BitsAllocated % 8 or "PixelData" not in ds:
        pytest.skip("RLE Lossless holds whole bytes of integer pixels (PS3.5 G.2)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.decompress()
        ds.compress(RLELossless)
    element = ds["PixelData"]
    # PS3.5 A.4: encapsulated Pixel Data is OB of undefined length
    assert element.VR == "OB" and element.is_undefined_length
    path = tmp_path / "rle.dcm"
    ours, theirs = _read_back(ds, path)
    _same(ours, expected, name)
    np.testing.assert_array_equal(theirs, expected, err_msg=name)
    frames = list(iter_pixels(path))
    _same(frames[0] if len(frames) == 1 else np.stack(frames), expected, name)


def test_set_pixel_data_write_read(tmp_path: Path) -> None:
    ds = dicodec.dcmread(CORPUS / "MR_small_bigendian.dcm")
    arr = (np.arange(3 * 5 * 7, dtype=np.uint16).reshape(3, 5, 7) * 97) % 4096
    set_pixel_data(ds, arr, "MONOCHROME2", 12)
    assert ds.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian
    ours, theirs = _read_back(ds, tmp_path / "set.dcm")
    np.testing.assert_array_equal(ours, arr)
    np.testing.assert_array_equal(theirs, arr)
    ds.compress(RLELossless, arr)
    ours, theirs = _read_back(ds, tmp_path / "set_rle.dcm")
    np.testing.assert_array_equal(ours, arr)
    np.testing.assert_array_equal(theirs, arr)


def _peak(function: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("encapsulate", [False, True])
def test_one_frame_of_a_file_costs_one_frame(encapsulate: bool, tmp_path: Path) -> None:
    frames, rows, cols = 40, 256, 256
    rng = np.random.default_rng(5)
    arr = rng.integers(0, 4096, size=(frames, rows, cols), dtype=np.uint16)
    ds = dicodec.dcmread(CORPUS / "MR_small.dcm")
    set_pixel_data(ds, arr, "MONOCHROME2", 12)
    if encapsulate:
        ds.compress(RLELossless, arr)
    path = tmp_path / "frames.dcm"
    dicodec.dcmwrite(path, ds)
    middle = frames // 2
    desc = PixelDescription.from_dataset(ds)
    value = ds.PixelData
    if encapsulate:
        frame = encapsulated.get_frame(value, middle, frames)
        decode_only = _peak(lambda: rle.decode_frames([frame], desc))
        read = len(frame)
    else:
        decode_only, read = 0, rows * cols * 2
    del ds, value
    out: list[np.ndarray] = []
    peak = _peak(lambda: out.append(pixel_array(path, index=middle)))
    np.testing.assert_array_equal(out[0], arr[middle])
    # Reading adds about one frame to what decoding that frame needs: the whole
    # Pixel Data (40 frames) would show here.
    assert peak < decode_only + 3 * read + 2**17, (peak, decode_only, read)
