"""Pixel words change byte order by Bits Allocated (PS3.5 8.1.1, 8.2): native -> Big Endian -> native."""

from __future__ import annotations

import io
import warnings

import numpy as np
import pytest

pydicom = pytest.importorskip("pydicom")

import dicodec  # noqa: E402
from dicodec.pixels import set_pixel_data  # noqa: E402
from dicodec.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian  # noqa: E402

from .test_corpus import CORPUS  # noqa: E402

ARRAYS: dict[str, np.ndarray] = {
    "uint8": np.arange(60, dtype=np.uint8).reshape(6, 10) * 4,
    "int16": (np.arange(60, dtype=np.int16).reshape(6, 10) - 30) * 1000,
    "uint32": np.arange(60, dtype=np.uint32).reshape(6, 10) * 70_001_003,
    "int32": (np.arange(60, dtype=np.int32).reshape(6, 10) - 30) * 60_000_007,
    "uint64": np.arange(60, dtype=np.uint64).reshape(6, 10) * 300_000_000_017,
    "float32": np.linspace(-3.5, 1e6, 60, dtype=np.float32).reshape(6, 10),
    "float64": np.linspace(-1e300, 7.25, 60, dtype=np.float64).reshape(6, 10),
}


def _write(ds: dicodec.Dataset, uid: str) -> bytes:
    ds.file_meta.TransferSyntaxUID = uid
    buffer = io.BytesIO()
    dicodec.dcmwrite(buffer, ds)
    return buffer.getvalue()


def _pixel_bytes(data: bytes) -> bytes:
    ds = dicodec.dcmread(data)
    keyword = next(k for k in ("PixelData", "FloatPixelData", "DoubleFloatPixelData") if k in ds)
    return bytes(ds[keyword].value)


@pytest.mark.parametrize("kind", sorted(ARRAYS))
def test_native_to_big_endian_and_back(kind: str) -> None:
    arr = ARRAYS[kind]
    ds = dicodec.dcmread(CORPUS / "MR_small.dcm")
    bits = arr.dtype.itemsize * 8
    set_pixel_data(ds, arr, "MONOCHROME2", bits)
    little = _write(ds, ExplicitVRLittleEndian)
    big = _write(dicodec.dcmread(little), ExplicitVRBigEndian)
    again = _write(dicodec.dcmread(big), ExplicitVRLittleEndian)
    np.testing.assert_array_equal(dicodec.dcmread(big).pixel_array, arr)
    np.testing.assert_array_equal(dicodec.dcmread(again).pixel_array, arr)
    assert _pixel_bytes(again) == _pixel_bytes(little)
    if bits > 8:  # each word of Bits Allocated is reversed, not each 16-bit word
        words = arr.astype(arr.dtype.newbyteorder(">")).tobytes()
        assert _pixel_bytes(big) == words
    if kind != "uint64":  # pydicom does not decode 64-bit integer pixels
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = pydicom.dcmread(io.BytesIO(big)).pixel_array
        np.testing.assert_array_equal(theirs, arr)


def test_rtdose_big_endian_matches_the_reference_file() -> None:
    """rtdose.dcm (Bits Allocated 32) as Explicit VR Big Endian reads as pydicom reads
    rtdose_expb.dcm, which another toolkit wrote; it read back 250085395 for 1249000."""
    ds = dicodec.dcmread(CORPUS / "rtdose.dcm")
    big = _write(ds, ExplicitVRBigEndian)
    reference = pydicom.dcmread(CORPUS / "rtdose_expb.dcm").pixel_array
    np.testing.assert_array_equal(dicodec.dcmread(big).pixel_array, reference)
    np.testing.assert_array_equal(pydicom.dcmread(io.BytesIO(big)).pixel_array, reference)
    assert _pixel_bytes(big) == _pixel_bytes((CORPUS / "rtdose_expb.dcm").read_bytes())
