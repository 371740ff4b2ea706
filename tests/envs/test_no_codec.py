"""No codec package: RLE, deflate and native decode in-house; the rest is refused with
the package and the pip command to install it; RLE and deflate still encode."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

import dicodec
from dicodec.uid import DeflatedImageFrameCompression, JPEGLSLossless, RLELossless
from tests.envs.checks import FILES, decode_or_refusal, reference
from tests.envs.reference import corpus


def test_the_environment_has_no_codec_package() -> None:
    for name in ("PIL", "openjpeg", "libjpeg", "jpeg_ls", "rle", "itkwasm_htj2k"):
        assert importlib.util.find_spec(name) is None, name


@pytest.mark.parametrize("name", FILES)
def test_decoded_right_or_refused(name: str) -> None:
    outcome = decode_or_refusal(name)
    uid = dicodec.dcmread(corpus() / name, stop_before_pixels=True).file_meta.TransferSyntaxUID
    if uid == RLELossless:
        assert outcome == "decoded"
    elif outcome != "decoded" and reference()[name] is not None:
        assert 'pip install "dicodec[' in outcome or "cannot decode" in outcome, outcome


def test_encoders_without_packages() -> None:
    ds = dicodec.dcmread(corpus() / "CT_small.dcm")
    arr = ds.pixel_array
    for uid in (RLELossless, DeflatedImageFrameCompression):
        copy = dicodec.dcmread(corpus() / "CT_small.dcm")
        copy.compress(uid)
        np.testing.assert_array_equal(copy.pixel_array, arr)
    with pytest.raises(dicodec.NoCodecError, match=r'pyjpegls.*pip install "dicodec\[jpegls\]"'):
        ds.compress(JPEGLSLossless)
