"""Pillow is the only codec package: every JPEG 2000 array is pydicom's, or refused saying why."""

from __future__ import annotations

import importlib.util

import pytest

from tests.envs.checks import FILES, decode_or_refusal, reference


def test_the_environment_is_pillow_only() -> None:
    assert importlib.util.find_spec("PIL") is not None
    for name in ("openjpeg", "libjpeg", "jpeg_ls", "rle", "itkwasm_htj2k"):
        assert importlib.util.find_spec(name) is None, name


@pytest.mark.parametrize("name", FILES)
def test_decoded_right_or_refused(name: str) -> None:
    outcome = decode_or_refusal(name)
    if outcome != "decoded" and reference()[name] is not None:  # pydicom decodes it: say why not
        assert "declines" in outcome or "needs one of" in outcome or "cannot decode" in outcome


def test_signed_jpeg2000_is_refused_with_the_reason() -> None:
    """The issue's case: -32641..-30623 instead of 127..2145, silently."""
    outcome = decode_or_refusal("MR_small_jp2klossless.dcm")
    assert "pillow declines" in outcome and "sign" in outcome
    assert "pylibjpeg-openjpeg" in outcome and 'pip install "dicodec[j2k]"' in outcome


def test_pillow_decodes_what_it_decodes_right() -> None:
    assert decode_or_refusal("examples_jpeg2k.dcm") == "decoded"
    assert decode_or_refusal("SC_rgb_jpeg_dcmtk.dcm") == "decoded"
