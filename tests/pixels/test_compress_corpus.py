"""Lossless compress -> write -> read, for every native corpus image and every lossless encoder.

Each image either comes back identical (read by dicodec, and by pydicom where
pydicom knows the transfer syntax), or is refused before anything changes,
with a PixelDataError naming the parameter the codec cannot encode.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import Any

import numpy as np
import pytest

pydicom = pytest.importorskip("pydicom")

import dicodec  # noqa: E402
from dicodec.pixels.encoders import encoders_for  # noqa: E402
from dicodec.uid import (  # noqa: E402
    DeflatedImageFrameCompression,
    HTJ2KLossless,
    HTJ2KLosslessRPCL,
    JPEG2000Lossless,
    JPEGLSLossless,
    RLELossless,
)

from .test_corpus import CORPUS, FILES, _reference, _same, by_syntax  # noqa: E402

LOSSLESS = (
    RLELossless,
    JPEGLSLossless,
    JPEG2000Lossless,
    HTJ2KLossless,
    HTJ2KLosslessRPCL,
    DeflatedImageFrameCompression,
)
# (syntax, encoder) for every encoder of every lossless syntax
CASES = [(uid, e.name) for uid in LOSSLESS for e in encoders_for(uid)]


PARAMETER = re.compile(r"\((Rows|Columns|BitsStored|BitsAllocated|SamplesPerPixel)\) \d+")


# the native images the oracle has an answer for
NATIVE = [name for name in by_syntax(FILES, encapsulated=False) if _reference(name) is not None]


def _pydicom_knows(uid: str) -> bool:
    from pydicom.pixels.decoders.base import get_decoder

    try:
        get_decoder(uid)
    except NotImplementedError:
        return False
    return True


def _installed(uid: str, plugin: str) -> None:
    encoder = next(e for e in encoders_for(uid) if e.name == plugin)
    if not encoder.is_available():
        pytest.skip(f"{plugin} is not installed")


def test_there_are_native_images() -> None:
    assert len(NATIVE) >= 20


@pytest.mark.parametrize("name", NATIVE)
@pytest.mark.parametrize(("uid", "plugin"), CASES, ids=[f"{u.name}-{p}" for u, p in CASES])
def test_lossless_round_trip(uid: Any, plugin: str, name: str) -> None:
    _installed(uid, plugin)
    ref = _reference(name)
    assert ref is not None
    expected = ref[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dicodec.dcmread(CORPUS / name)
        before = ds.file_meta.TransferSyntaxUID
        try:
            ds.compress(uid, encoding_plugin=plugin)
        except dicodec.PixelDataError as exc:
            # refused up front, naming the parameter, before anything changed
            assert PARAMETER.search(str(exc)), str(exc)
            assert ds.file_meta.TransferSyntaxUID == before
            return
        assert ds["PixelData"].is_undefined_length and ds["PixelData"].VR == "OB"
        assert "LossyImageCompression" not in ds or ds.LossyImageCompression == ref[0].get(
            "LossyImageCompression"
        )
        buffer = io.BytesIO()
        dicodec.dcmwrite(buffer, ds)
        data = buffer.getvalue()
        _same(dicodec.dcmread(data).pixel_array, expected, name)
        if _pydicom_knows(uid):
            np.testing.assert_array_equal(pydicom.dcmread(io.BytesIO(data)).pixel_array, expected)
