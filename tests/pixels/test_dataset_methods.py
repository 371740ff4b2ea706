"""The pixel methods of Dataset that pydicom 3 has: set_pixel_data, pixel_array_options."""

from __future__ import annotations

import io

import numpy as np
import pytest

pydicom = pytest.importorskip("pydicom")

import dicodec  # noqa: E402
from dicodec.uid import ExplicitVRLittleEndian  # noqa: E402

from .test_corpus import CORPUS  # noqa: E402


def test_set_pixel_data_method() -> None:
    ds = dicodec.dcmread(CORPUS / "JPEG2000.dcm")  # compressed: becomes native
    instance = ds.SOPInstanceUID
    arr = np.arange(2 * 4 * 5 * 3, dtype=np.uint8).reshape(2, 4, 5, 3)
    ds.set_pixel_data(arr, "RGB", 8)
    assert ds.SOPInstanceUID != instance  # pydicom 3: generate_instance_uid=True
    assert ds.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian
    assert (ds.SamplesPerPixel, ds.PlanarConfiguration, ds.NumberOfFrames) == (3, 0, 2)
    buffer = io.BytesIO()
    ds.save_as(buffer)
    np.testing.assert_array_equal(pydicom.dcmread(io.BytesIO(buffer.getvalue())).pixel_array, arr)
    same = ds.SOPInstanceUID
    ds.set_pixel_data(arr[0], "RGB", 8, generate_instance_uid=False)
    assert ds.SOPInstanceUID == same
    with pytest.raises(dicodec.PixelDataError, match="BitsStored"):
        ds.set_pixel_data(arr, "RGB", 4)


def test_pixel_array_options() -> None:
    ds = dicodec.dcmread(CORPUS / "SC_rgb_rle_2frame.dcm")
    frames = ds.pixel_array
    ds.pixel_array_options(index=1)
    np.testing.assert_array_equal(ds.pixel_array, frames[1])
    ds.pixel_array_options(decoding_plugin="dicodec-rle")
    np.testing.assert_array_equal(ds.pixel_array, frames)
    ybr = dicodec.dcmread(CORPUS / "SC_ybr_full_422_uncompressed.dcm")
    rgb = ybr.pixel_array
    ybr.pixel_array_options(raw=True)
    expected = pydicom.dcmread(CORPUS / "SC_ybr_full_422_uncompressed.dcm")
    expected.pixel_array_options(raw=True)
    np.testing.assert_array_equal(ybr.pixel_array, expected.pixel_array)
    assert not np.array_equal(ybr.pixel_array, rgb)
    with pytest.raises(dicodec.PixelDataError, match="use_pdh"):
        ds.pixel_array_options(use_pdh=True)
