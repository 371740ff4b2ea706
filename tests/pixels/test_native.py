"""Native pixel decoding with arrays built here (PS3.5 8.1, 8.2)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

from dicodec.errors import DicomWarning, PixelDataError
from dicodec.pixels.description import PixelDescription
from dicodec.pixels.native import decode_native

LE, BE = "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"


def desc(**kw: Any) -> PixelDescription:
    base: dict[str, Any] = dict(
        rows=4,
        columns=5,
        samples_per_pixel=1,
        bits_allocated=16,
        bits_stored=16,
        high_bit=15,
        pixel_representation=0,
        planar_configuration=0,
        number_of_frames=1,
        photometric_interpretation="MONOCHROME2",
        transfer_syntax_uid=LE,
    )
    base.update(kw)
    if "bits_stored" in kw and "high_bit" not in kw:
        base["high_bit"] = base["bits_stored"] - 1
    return PixelDescription(**base)


@pytest.mark.parametrize("bits", [8, 16, 32, 64])
@pytest.mark.parametrize("signed", [0, 1])
@pytest.mark.parametrize("frames", [1, 3])
@pytest.mark.parametrize("samples,planar", [(1, 0), (3, 0), (3, 1)])
@pytest.mark.parametrize("order", ["<", ">"])
def test_layouts(
    bits: int, signed: int, frames: int, samples: int, planar: int, order: str
) -> None:
    rng = np.random.default_rng(bits + frames + samples)
    dtype = np.dtype(f"{'i' if signed else 'u'}{bits // 8}")
    info = np.iinfo(dtype)
    shape = (frames, 4, 5, samples)
    arr = rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    stored = arr.transpose(0, 3, 1, 2) if planar else arr
    raw = np.ascontiguousarray(stored).astype(dtype.newbyteorder(order)).tobytes()
    d = desc(
        bits_allocated=bits,
        bits_stored=bits,
        pixel_representation=signed,
        samples_per_pixel=samples,
        planar_configuration=planar,
        number_of_frames=frames,
        transfer_syntax_uid=LE if order == "<" else BE,
        photometric_interpretation="RGB" if samples == 3 else "MONOCHROME2",
    )
    expected = arr[..., 0] if samples == 1 else arr
    out = decode_native(raw, d)
    assert out.dtype == dtype and out.dtype.isnative
    np.testing.assert_array_equal(out, expected if frames > 1 else expected[0])
    for i in range(frames):
        np.testing.assert_array_equal(decode_native(memoryview(raw), d, index=i), expected[i])


def test_sign_extension_and_masking() -> None:
    # 12 bits stored in 16: high 4 bits hold garbage (e.g. an overlay) that must be ignored.
    values = np.array([-2048, -1, 0, 2047] * 5, dtype=np.int16)
    raw = ((values.astype(np.uint16) & 0x0FFF) | 0xA000).astype("<u2").tobytes()
    out = decode_native(raw, desc(bits_stored=12, pixel_representation=1))
    np.testing.assert_array_equal(out.ravel(), values)
    out = decode_native(raw, desc(bits_stored=12, pixel_representation=0))
    np.testing.assert_array_equal(out.ravel(), values.astype(np.uint16) & 0x0FFF)


def test_high_bit_not_at_bits_stored() -> None:
    # Bits Stored 8 at High Bit 11: the value sits in bits 4..11.
    raw = (np.arange(20, dtype=np.uint16) << 4 | 0xF00F & 0xF00F).astype("<u2").tobytes()
    out = decode_native(raw, desc(bits_stored=8, high_bit=11))
    np.testing.assert_array_equal(out.ravel(), np.arange(20))


def test_one_bit_packed_across_frames() -> None:
    rng = np.random.default_rng(1)
    bits = rng.integers(0, 2, size=(3, 3, 5), dtype=np.uint8)  # 15 bits per frame: not byte aligned
    raw = np.packbits(bits.ravel(), bitorder="little").tobytes()
    d = desc(rows=3, columns=5, bits_allocated=1, bits_stored=1, number_of_frames=3)
    assert d.frame_length == 2 and d.total_length == 6
    np.testing.assert_array_equal(decode_native(raw, d), bits)
    for i in range(3):
        np.testing.assert_array_equal(decode_native(raw, d, index=i), bits[i])


def test_float_pixels() -> None:
    arr = np.linspace(-1, 1, 20, dtype=np.float32).reshape(4, 5)
    d = desc(bits_allocated=32, bits_stored=32, pixel_keyword="FloatPixelData")
    np.testing.assert_array_equal(decode_native(arr.astype(">f4").tobytes(), d, byteorder=">"), arr)
    d64 = desc(bits_allocated=64, bits_stored=64, pixel_keyword="DoubleFloatPixelData")
    np.testing.assert_array_equal(decode_native(arr.astype("<f8").tobytes(), d64), arr)


def test_ybr_full_422_expanded() -> None:
    raw = bytes([10, 20, 100, 200, 30, 40, 101, 201])  # Y1 Y2 Cb Cr, twice
    d = desc(
        rows=1,
        columns=4,
        bits_allocated=8,
        bits_stored=8,
        samples_per_pixel=3,
        photometric_interpretation="YBR_FULL_422",
    )
    assert d.frame_length == 8
    out = decode_native(raw, d)
    assert out.tolist() == [[[10, 100, 200], [20, 100, 200], [30, 101, 201], [40, 101, 201]]]


def test_too_short_and_too_long() -> None:
    d = desc()
    with pytest.raises(PixelDataError, match="39 bytes long but 40"):
        decode_native(bytes(39), d)
    # An odd-length frame plus its padding byte is fine; extra frames warn.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        decode_native(bytes(10), desc(rows=3, columns=3, bits_allocated=8, bits_stored=8))
    with pytest.warns(DicomWarning, match="1 extra frame"):
        decode_native(bytes(80), d)


def test_description_errors_name_the_attribute() -> None:
    class DS(dict[str, Any]):
        pass

    ds = DS(
        Rows=4,
        Columns=5,
        SamplesPerPixel=1,
        BitsAllocated=16,
        BitsStored=16,
        PixelRepresentation=0,
        PhotometricInterpretation="MONOCHROME2",
        NumberOfFrames="1A",
        PixelData=b"",
    )
    with pytest.raises(PixelDataError, match="NumberOfFrames"):
        PixelDescription.from_dataset(ds, LE)
    del ds["NumberOfFrames"], ds["BitsStored"]
    with pytest.raises(PixelDataError, match="BitsStored"):
        PixelDescription.from_dataset(ds, LE)


def test_big_buffer_decodes_with_one_copy() -> None:
    """100 MB decode to one new array of their size: no intermediate copies (traced peak)."""
    import tracemalloc

    d = desc(rows=512, columns=512, number_of_frames=200)  # 100 MB
    raw = np.ones(d.total_length, dtype=np.uint8)
    tracemalloc.start()
    try:
        out = decode_native(raw, d)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert out.shape == (200, 512, 512) and not np.shares_memory(out, raw)
    assert d.total_length <= peak < d.total_length * 1.05


def test_pixel_errors_say_where() -> None:
    import dicodec
    from tests.conftest import pydicom_test_files

    ds = dicodec.dcmread(pydicom_test_files() / "MR_small.dcm")
    ds.Rows = 1000  # more rows than the value holds
    with pytest.raises(PixelDataError, match=r"\[tag \(7fe0, 0010\), offset \d+\]") as caught:
        ds.pixel_array  # noqa: B018
    assert caught.value.tag == 0x7FE00010
    assert caught.value.offset == ds["PixelData"].file_offset
