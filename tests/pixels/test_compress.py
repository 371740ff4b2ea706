"""compress(): lossless round trips of hypothesis arrays, lossy attributes, refusals, encapsulation."""

from __future__ import annotations

import io
import re
import struct
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pydicom = pytest.importorskip("pydicom")

import dicodec  # noqa: E402
from dicodec.pixels import (  # noqa: E402
    encapsulated,
    encoding,
    set_pixel_data,
)
from dicodec.pixels.encoders import encoders_for  # noqa: E402
from dicodec.uid import (  # noqa: E402
    HTJ2K,
    JPEG2000,
    DeflatedImageFrameCompression,
    HTJ2KLossless,
    HTJ2KLosslessRPCL,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)

from .test_corpus import CORPUS  # noqa: E402


@dataclass(frozen=True)
class Limits:
    """What a codec encodes, as the strategies draw it."""

    bits_allocated: tuple[int, ...]
    bits_stored_min: int
    bits_stored_max: int
    sides: tuple[int, int]  # rows and columns drawn from this range
    colour_8bit_only: bool = False
    pydicom_reads: bool = True


LIMITS = {
    RLELossless: Limits((8, 16, 32), 1, 32, (1, 12)),
    JPEGLSLossless: Limits((8, 16), 2, 16, (16, 20)),
    JPEG2000Lossless: Limits((8, 16, 32), 1, 24, (32, 36)),
    HTJ2KLossless: Limits((8, 16), 1, 16, (1, 40), colour_8bit_only=True),
    HTJ2KLosslessRPCL: Limits((8, 16), 1, 16, (60, 70), colour_8bit_only=True),
    DeflatedImageFrameCompression: Limits((8, 16, 32, 64), 1, 64, (1, 12), pydicom_reads=False),
}
ENCODERS = [(uid, e.name) for uid in LIMITS for e in encoders_for(uid) if e.is_available()]


@st.composite
def images(draw: Any, limits: Limits) -> tuple[np.ndarray, str, int, int]:
    """(array, photometric, bits stored, planar configuration of the native source)."""
    bits = draw(st.sampled_from(limits.bits_allocated))
    samples = draw(st.sampled_from((1, 3)))
    signed = draw(st.booleans())
    if limits.colour_8bit_only and (samples == 3 or (bits == 8 and signed)):
        bits, signed = (8, False) if samples == 3 else (16, True)
    stored = draw(st.integers(limits.bits_stored_min, min(bits, limits.bits_stored_max)))
    rows = draw(st.integers(*limits.sides))
    columns = draw(st.integers(*limits.sides))
    frames = draw(st.integers(1, 2))
    shape = (frames, rows, columns) + ((3,) if samples == 3 else ())
    dtype = np.dtype(f"{'i' if signed else 'u'}{bits // 8}")
    low, high = (
        (-(1 << (stored - 1)), (1 << (stored - 1)) - 1) if signed else (0, (1 << stored) - 1)
    )
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    arr = rng.integers(low, high, size=shape, dtype=dtype, endpoint=True)
    if draw(st.booleans()):  # smooth images too: the codecs take other paths on them
        arr = np.sort(arr, axis=-2 if samples == 1 else -3)
    arr = arr[0] if frames == 1 else arr
    photometric = "RGB" if samples == 3 else draw(st.sampled_from(("MONOCHROME1", "MONOCHROME2")))
    planar = draw(st.sampled_from((0, 1))) if samples == 3 else 0
    return arr, photometric, stored, planar


def _native(arr: np.ndarray, photometric: str, stored: int, planar: int) -> dicodec.Dataset:
    ds = dicodec.dcmread(CORPUS / "MR_small.dcm")
    set_pixel_data(ds, arr, photometric, stored)
    if planar:  # PS3.3 C.7.6.3.1.3: colour-by-plane
        frames = arr.reshape(-1, *arr.shape[-3:])
        ds.PixelData = (
            np.ascontiguousarray(frames.transpose(0, 3, 1, 2))
            .astype(arr.dtype.newbyteorder("<"))
            .tobytes()
        )
        ds.PlanarConfiguration = 1
    return ds


def _read_back(ds: dicodec.Dataset, pydicom_too: bool) -> list[np.ndarray]:
    buffer = io.BytesIO()
    dicodec.dcmwrite(buffer, ds)
    data = buffer.getvalue()
    arrays = [dicodec.dcmread(data).pixel_array]
    if pydicom_too:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arrays.append(pydicom.dcmread(io.BytesIO(data)).pixel_array)
    return arrays


@pytest.mark.slow
@pytest.mark.parametrize(("uid", "plugin"), ENCODERS, ids=[f"{u.name}-{p}" for u, p in ENCODERS])
def test_lossless_round_trip_of_any_image(uid: Any, plugin: str) -> None:
    limits = LIMITS[uid]

    @settings(
        max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(images(limits))
    def check(image: tuple[np.ndarray, str, int, int]) -> None:
        arr, photometric, stored, planar = image
        ds = _native(arr, photometric, stored, planar)
        ds.compress(uid, encoding_plugin=plugin)
        for decoded in _read_back(ds, limits.pydicom_reads):
            np.testing.assert_array_equal(decoded, arr)

    check()


def _mr() -> dicodec.Dataset:
    return dicodec.dcmread(CORPUS / "MR_small.dcm")


def test_compress_from_a_given_array() -> None:
    ds = _mr()
    arr = (np.arange(3 * 40 * 40, dtype=np.uint16).reshape(3, 40, 40) * 7) % 4096
    ds.BitsStored = 12
    ds.compress(JPEGLSLossless, arr)
    assert ds.NumberOfFrames == 3
    np.testing.assert_array_equal(_read_back(ds, True)[1], arr)


def test_near_lossless_records_the_loss() -> None:
    ds = _mr()
    original = ds.pixel_array.astype(np.int64)
    set_pixel_data(ds, (original - original.min()).astype(np.uint16), "MONOCHROME2", 16)
    original = ds.pixel_array
    instance = ds.SOPInstanceUID
    ds.compress(JPEGLSNearLossless, jls_error=3)
    assert ds.LossyImageCompression == "01"
    assert ds.LossyImageCompressionMethod == "ISO_14495_1"
    ratio = float(ds["LossyImageCompressionRatio"].value)
    assert ratio > 1
    assert ds.SOPInstanceUID != instance
    for decoded in _read_back(ds, True):
        assert np.abs(decoded.astype(np.int64) - original).max() <= 3


def test_lossy_steps_are_recorded_in_order() -> None:
    ds = dicodec.dcmread(CORPUS / "examples_rgb_color.dcm")
    ds.compress(JPEG2000, j2k_cr=[20])
    assert ds.PhotometricInterpretation == "YBR_ICT"  # PS3.5 8.2.4: RGB with the ICT
    ds.compress(HTJ2K, htj2k_quantization=0.01, generate_instance_uid=False)
    assert list(ds.LossyImageCompressionMethod) == ["ISO_15444_1", "ISO_15444_15"]
    assert len(ds["LossyImageCompressionRatio"].value) == 2
    decoded = _read_back(ds, True)
    np.testing.assert_array_equal(decoded[0], decoded[1])


def test_lossless_j2k_of_rgb_uses_the_reversible_transform() -> None:
    ds = dicodec.dcmread(CORPUS / "examples_rgb_color.dcm")
    original = ds.pixel_array
    ds.compress(JPEG2000Lossless)
    assert ds.PhotometricInterpretation == "YBR_RCT"
    assert "LossyImageCompression" not in ds
    for decoded in _read_back(ds, True):
        np.testing.assert_array_equal(decoded, original)


@pytest.mark.parametrize(
    ("uid", "options", "parameter"),
    [
        (JPEGLSLossless, {"jls_error": 2}, "jls_error"),
        (JPEGLSNearLossless, {}, "jls_error"),
        (JPEG2000, {}, "j2k_cr"),
        (JPEG2000Lossless, {"j2k_cr": [10]}, "j2k_cr"),
        (HTJ2K, {}, "htj2k_quantization"),
        (RLELossless, {"quality": 5}, "quality"),
    ],
)
def test_options_a_codec_cannot_take_are_refused(
    uid: str, options: dict[str, Any], parameter: str
) -> None:
    ds = _mr()
    with pytest.raises(dicodec.PixelDataError, match=parameter):
        ds.compress(uid, **options)
    assert ds.file_meta.TransferSyntaxUID != uid


@pytest.mark.parametrize(
    ("uid", "bits", "stored", "parameter"),
    [
        (JPEGLSLossless, 32, 20, "BitsAllocated"),
        (JPEGLSLossless, 8, 1, "BitsStored"),
        (JPEG2000Lossless, 32, 32, "BitsStored"),
        (HTJ2KLossless, 32, 20, "BitsAllocated"),
    ],
)
def test_parameters_a_codec_cannot_encode_are_named(
    uid: str, bits: int, stored: int, parameter: str
) -> None:
    ds = _mr()
    arr = np.ones((40, 40), dtype=f"u{bits // 8}")
    set_pixel_data(ds, arr, "MONOCHROME2", stored)
    with pytest.raises(
        dicodec.PixelDataError,
        match=rf"\({parameter}\) {stored if parameter == 'BitsStored' else bits}",
    ):
        ds.compress(uid)


def test_float_pixels_are_not_encapsulated() -> None:
    ds = _mr()
    set_pixel_data(ds, np.ones((8, 8), dtype=np.float32), "MONOCHROME2", 32)
    with pytest.raises(dicodec.PixelDataError, match=r"integers only|FloatPixelData"):
        ds.compress(RLELossless)


def test_unknown_syntax_and_plugin() -> None:
    with pytest.raises(dicodec.UnsupportedTransferSyntaxError, match=re.escape(JPEGBaseline8Bit)):
        _mr().compress(JPEGBaseline8Bit)
    with pytest.raises(dicodec.NoCodecError, match="nonesuch"):
        _mr().compress(RLELossless, encoding_plugin="nonesuch")


def _items(value: bytes | None) -> list[tuple[int, int]]:
    assert value is not None
    return encapsulated.parse_items(value)


def _value(ds: dicodec.Dataset, keyword: str) -> bytes:
    value = ds[keyword].value
    assert isinstance(value, bytes)
    return value


def test_one_fragment_per_frame_with_a_basic_offset_table() -> None:
    ds = dicodec.dcmread(CORPUS / "rtdose.dcm")  # 15 frames
    frames = ds.pixel_array
    ds.compress(RLELossless)
    items = _items(ds.PixelData)
    assert len(items) == 1 + 15
    offsets = struct.unpack(f"<{items[0][1] // 4}I", _value(ds, "PixelData")[8 : 8 + items[0][1]])
    first = items[1][0] - 8
    assert list(offsets) == [o - 8 - first for o, _ in items[1:]]
    for decoded in _read_back(ds, True):
        np.testing.assert_array_equal(decoded, frames)


@pytest.mark.parametrize("forced", [True, False])
def test_extended_offset_table(forced: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """PS3.3 C.7.6.3.1.8: past 4 GiB of fragments (made small here), or when asked."""
    if not forced:
        monkeypatch.setattr(encoding, "BOT_LIMIT", 1000)
    ds = dicodec.dcmread(CORPUS / "rtdose.dcm")
    frames = ds.pixel_array
    ds.compress(RLELossless, encapsulate_ext=forced)
    assert _items(ds.PixelData)[0][1] == 0  # an empty Basic Offset Table
    offsets = struct.unpack("<15Q", _value(ds, "ExtendedOffsetTable"))
    lengths = struct.unpack("<15Q", _value(ds, "ExtendedOffsetTableLengths"))
    assert offsets[0] == 0 and all(n > 64 for n in lengths)
    for decoded in _read_back(ds, True):
        np.testing.assert_array_equal(decoded, frames)
    monkeypatch.undo()
    ds.compress(RLELossless)  # again, small: the Extended Offset Table goes
    assert "ExtendedOffsetTable" not in ds


def test_htj2k_rpcl_codestream() -> None:
    """PS3.5 8.2.15: RPCL progression, a base resolution of 64 or less, TLM markers."""
    pytest.importorskip("itkwasm_htj2k")
    ds = dicodec.dcmread(CORPUS / "CT_small.dcm")
    original = ds.pixel_array
    ds.compress(HTJ2KLosslessRPCL)
    frame = encapsulated.fragments(ds.PixelData)[0]
    cod = frame.find(b"\xff\x52")
    assert frame[cod + 5] == 2  # progression order RPCL (ISO 15444-1 Table A.16)
    decompositions = frame[cod + 9]
    assert max(int(ds["Rows"].value), int(ds["Columns"].value)) / 2**decompositions <= 64
    tlm = frame.find(b"\xff\x55")
    assert 0 < tlm < frame.find(b"\xff\x90")  # in the main header, before the first tile
    for decoded in _read_back(ds, True):
        np.testing.assert_array_equal(decoded, original)


def test_rle_encoders_agree() -> None:
    """Both RLE encoders' output decodes to the same array (the streams may differ)."""
    pytest.importorskip("rle")
    arrays = []
    for plugin in ("dicodec-rle", "pylibjpeg-rle"):
        ds = dicodec.dcmread(CORPUS / "examples_rgb_color.dcm")
        ds.compress(RLELossless, encoding_plugin=plugin)
        arrays.append(ds.pixel_array)
    np.testing.assert_array_equal(arrays[0], arrays[1])


@pytest.mark.parametrize("uid", [RLELossless, JPEGLSLossless, JPEG2000Lossless])
def test_bits_outside_bits_stored(uid: str) -> None:
    """Stored words with an overlay bit set above Bits Stored: the pixels survive, as decoded."""
    rng = np.random.default_rng(7)
    image = rng.integers(0, 4096, size=(2, 40, 40), dtype=np.uint16)
    ds = _mr()
    set_pixel_data(
        ds, image | (rng.integers(0, 2, image.shape, dtype=np.uint16) << 15), "MONOCHROME2", 16
    )
    ds.BitsStored, ds.HighBit = 12, 11
    ds.compress(uid)
    for decoded in _read_back(ds, True):
        np.testing.assert_array_equal(decoded, image)
