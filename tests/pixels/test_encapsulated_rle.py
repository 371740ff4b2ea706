"""Encapsulation (PS3.5 A.4) and RLE Lossless (PS3.5 Annex G)."""

from __future__ import annotations

import struct
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dicodec.errors import DicomFormatWarning, PixelDataError
from dicodec.leniency import reading
from dicodec.pixels import encapsulated as enc
from dicodec.pixels import rle
from dicodec.pixels.description import PixelDescription

RLE = "1.2.840.10008.1.2.5"
FRAMES = [b"\xff\xd8frame-zero\xff\xd9", b"\xff\xd8one\xff\xd9", b"\xff\xd8two!\xff\xd9"]


@pytest.mark.parametrize("has_bot", [True, False])
@pytest.mark.parametrize("delimiter", [b"", b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"])
def test_round_trip_bot(has_bot: bool, delimiter: bytes) -> None:
    value = enc.encapsulate(FRAMES, has_bot=has_bot) + delimiter
    got = list(enc.iter_frames(value, 3))
    assert [g.rstrip(b"\x00") for g in got] == FRAMES
    assert enc.get_frame(value, 2, 3).rstrip(b"\x00") == FRAMES[2]


def test_extended_offset_table() -> None:
    value, offsets, lengths = enc.encapsulate_extended(FRAMES)
    assert list(enc.iter_frames(value, 3, (offsets, lengths))) == FRAMES
    assert enc.get_frame(value, 1, 3, (offsets, lengths)) == FRAMES[1]


def test_multi_fragment_frames() -> None:
    # Split each frame into two fragments; without a BOT the end markers tell frames apart.
    items = b"".join(
        struct.pack("<II", 0xE000FFFE, len(p)) + p
        for f in FRAMES
        for p in (f[:4], f[4:] + b"\x00" * (len(f[4:]) % 2))
    )
    value = struct.pack("<II", 0xE000FFFE, 0) + items
    got = [g.rstrip(b"\x00") for g in enc.iter_frames(value, 3)]
    assert got == FRAMES
    # One frame: all fragments are that frame.
    assert enc.get_frame(value, 0, 1).replace(b"\x00", b"") == b"".join(FRAMES).replace(
        b"\x00", b""
    )


def test_frames_joins_each_frame_when_reached() -> None:
    value = enc.encapsulate([b"one!", b"two!", b"three!"])
    frames = enc.Frames(value, 3)
    assert len(frames) == 3
    assert list(frames) == [b"one!", b"two!", b"three!"] == list(enc.iter_frames(value, 3))
    assert len(enc.Frames(value, 2)) == 2


def test_hostile_lengths() -> None:
    value = struct.pack("<II", 0xE000FFFE, 0) + struct.pack("<II", 0xE000FFFE, 0x7FFFFFF0) + b"abcd"
    # leniently (a file cut short) the item is left out with a warning, and so is its frame
    with pytest.warns(DicomFormatWarning, match=r"offset 8 .* claims 2147483632 bytes"):
        with pytest.raises(PixelDataError, match="no fragments"):
            enc.get_frame(value, 0, 1)
    with reading(strict=True), pytest.raises(PixelDataError, match=r"claims 2147483632 bytes"):
        enc.get_frame(value, 0, 1)
    with pytest.raises(PixelDataError, match="expected an item tag"):
        enc.get_frame(b"\x10\x00\x10\x00\x00\x00\x00\x00", 0, 1)
    bad_bot = struct.pack("<III", 0xE000FFFE, 4, 999) + struct.pack("<II", 0xE000FFFE, 2) + b"ab"
    with pytest.raises(PixelDataError, match="Basic Offset Table entry 0"):
        enc.get_frame(bad_bot, 0, 1)


def rle_desc(
    bits: int, signed: int, samples: int, frames: int = 1, rows: int = 3, cols: int = 7
) -> PixelDescription:
    return PixelDescription(
        rows=rows,
        columns=cols,
        samples_per_pixel=samples,
        bits_allocated=bits,
        bits_stored=bits,
        high_bit=bits - 1,
        pixel_representation=signed,
        planar_configuration=0,
        number_of_frames=frames,
        photometric_interpretation="RGB" if samples == 3 else "MONOCHROME2",
        transfer_syntax_uid=RLE,
    )


@st.composite
def images(draw: Any) -> tuple[np.ndarray, PixelDescription]:
    bits = draw(st.sampled_from([8, 16, 32, 64]))
    samples = draw(st.sampled_from([1, 3]))
    if bits == 64 and samples == 3:
        samples = 1  # 24 segments would exceed the 15 of G.5
    signed = draw(st.sampled_from([0, 1]))
    rows, cols = draw(st.integers(1, 6)), draw(st.integers(1, 300))
    dtype = np.dtype(f"{'i' if signed else 'u'}{bits // 8}")
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    info = np.iinfo(dtype)
    # Mix runs and noise so both run kinds (and their 128-byte limits) are exercised.
    noise = rng.integers(info.min, info.max, size=(rows, cols, samples), dtype=dtype, endpoint=True)
    runs = np.repeat(noise[:, :1], cols, axis=1)
    mask = rng.random((rows, cols, 1)) < draw(st.floats(0, 1))
    arr = np.where(mask, runs, noise).astype(dtype)
    return arr, rle_desc(bits, signed, samples, rows=rows, cols=cols)


@settings(max_examples=150, deadline=None)
@given(images())
def test_rle_round_trip(case: tuple[np.ndarray, PixelDescription]) -> None:
    arr, desc = case
    frame = rle.encode_frame(arr, desc)
    out = rle.decode_frame(frame, desc)
    np.testing.assert_array_equal(out, arr.reshape(desc.frame_shape))


@settings(max_examples=40, deadline=None)
@given(images())
def test_rle_encoding_decodes_with_pydicom(case: tuple[np.ndarray, PixelDescription]) -> None:
    prle = pytest.importorskip("pydicom.pixels.decoders.rle")
    arr, desc = case
    frame = rle.encode_frame(arr, desc)
    raw = prle._rle_decode_frame(
        frame, desc.rows, desc.columns, desc.samples_per_pixel, desc.bits_allocated
    )
    # pydicom's frame: colour-by-plane, little-endian samples.
    planes = np.frombuffer(bytes(raw), dtype=desc.dtype.newbyteorder("<")).reshape(
        desc.samples_per_pixel, desc.rows, desc.columns
    )
    np.testing.assert_array_equal(planes.transpose(1, 2, 0), arr)


def test_packbits_limits() -> None:
    for row in (
        b"",
        b"a",
        b"ab",
        b"aaa",
        b"a" * 300,
        bytes(range(256)) * 2,
        b"ab" * 200 + b"c" * 129,
    ):
        assert rle.packbits_decode(rle.packbits_encode(row)) == row


def test_rle_bad_header() -> None:
    desc = rle_desc(8, 0, 1)
    with pytest.raises(PixelDataError, match="64-byte header"):
        rle.decode_frame(b"\x01\x00", desc)
    header = struct.pack("<16I", 1, 10_000, *[0] * 14)
    with pytest.raises(PixelDataError, match="outside the frame"):
        rle.decode_frame(header + b"\x00", desc)
    header = struct.pack("<16I", 3, 64, 64, 64, *[0] * 12)
    with pytest.raises(PixelDataError, match="3 segments; 1 are needed"):
        rle.decode_frame(header + b"\x00\x00", desc)


def test_rle_short_segment_is_padded_with_warning() -> None:
    desc = rle_desc(8, 0, 1, rows=1, cols=4)
    frame = struct.pack("<16I", 1, 64, *[0] * 14) + b"\x01\x05\x06"  # 2 of 4 bytes
    with pytest.warns(UserWarning, match="instead of 4"):
        out = rle.decode_frame(frame, desc)
    assert out.tolist() == [[5, 6, 0, 0]]
