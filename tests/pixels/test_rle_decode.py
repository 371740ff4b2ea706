"""The RLE decoder's paths (PS3.5 G.3.1): run by run in Python, pointer doubling in numpy.

Every path is checked against a plain run-by-run decoder, on well-formed and
on malformed segments.
"""

from __future__ import annotations

import dataclasses
import struct
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dicodec.pixels import rle

from .test_encapsulated_rle import rle_desc


def reference(segment: bytes) -> bytes:
    """PackBits decoding as G.3.1 words it; a run cut short by the end gives what is there."""
    out = bytearray()
    pos = 0
    while pos < len(segment):
        n = segment[pos]
        if n < 128:
            out += segment[pos + 1 : pos + n + 2]
            pos += n + 2
        elif n > 128:
            out += segment[pos + 1 : pos + 2] * (257 - n)
            pos += 2
        else:
            pos += 1
    return bytes(out)


def runs(rng: np.random.Generator, size: int, literal: float, longest: int) -> bytes:
    """About `size` bytes of runs: a `literal` share of literal runs of 1..`longest` bytes."""
    out = bytearray()
    while len(out) < size:
        if rng.random() < literal:
            n = int(rng.integers(0, longest))
            out.append(n)
            out += rng.integers(0, 256, n + 1, dtype=np.uint8).tobytes()
        else:
            out += bytes((int(rng.integers(129, 256)), int(rng.integers(0, 256))))
    return bytes(out)


@pytest.fixture
def numpy_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the segment tails handed to the numpy path."""
    calls: list[int] = []
    original = rle._decode_numpy

    def spy(segment: bytes, *args: Any) -> Any:
        calls.append(len(segment))
        return original(segment, *args)

    monkeypatch.setattr(rle, "_decode_numpy", spy)
    return calls


DENSE = 3  # bytes a run: short runs, numpy's
SPARSE = 128  # long literal runs, Python's


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(0, 30_000),
    literal=st.floats(0, 1),
    longest=st.sampled_from([1, 4, 128]),
    cut=st.integers(0, 3),
)
def test_any_runs_decode_as_the_reference(
    seed: int, size: int, literal: float, longest: int, cut: int
) -> None:
    segment = runs(np.random.default_rng(seed), size, literal, longest)
    segment = segment[: len(segment) - cut]  # maybe a run cut short by the end
    assert rle.packbits_decode(segment) == reference(segment)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(0, 30_000))
def test_random_bytes_decode_as_the_reference(seed: int, size: int) -> None:
    segment = np.random.default_rng(seed).integers(0, 256, size, dtype=np.uint8).tobytes()
    assert rle.packbits_decode(segment) == reference(segment)


def test_dense_segment_goes_to_numpy(numpy_calls: list[int]) -> None:
    segment = runs(np.random.default_rng(1), 20_000, 0.3, 4)
    assert rle.packbits_decode(segment) == reference(segment)
    assert numpy_calls and numpy_calls[0] > 19_000


def test_sparse_segment_stays_in_python(numpy_calls: list[int]) -> None:
    segment = runs(np.random.default_rng(2), 20_000, 1.0, 128)
    assert rle.packbits_decode(segment) == reference(segment)
    assert numpy_calls == []


def test_sparse_then_dense_hands_over_mid_segment(numpy_calls: list[int]) -> None:
    rng = np.random.default_rng(3)
    sparse = runs(rng, 10_000, 1.0, 128)
    segment = sparse + runs(rng, 10_000, 0.2, 2)
    assert rle.packbits_decode(segment) == reference(segment)
    assert len(numpy_calls) == 1 and numpy_calls[0] < len(segment) - len(sparse) + 200


def test_full_literal_stretches() -> None:
    """Back-to-back 128-byte literal runs are stripped in blocks; the last may be cut short."""
    rng = np.random.default_rng(4)
    full = [b"\x7f" + rng.integers(0, 256, 128, dtype=np.uint8).tobytes() for _ in range(600)]
    whole = b"".join(full)
    for segment in (
        whole,
        whole[:-1],  # the last run one byte short
        whole[:-128],  # the last run only its header
        b"\x81\x05" + whole + b"\x00\x07" + whole[: 129 * 3],
        b"".join(full[: rle._STRETCH_MIN - 1]),  # too few to strip in one go
        b"".join(full[: rle._STRETCH_MIN]),
        b"".join(full[: rle._STRETCH_MIN]) + b"\x81",
        full[0],
    ):
        assert rle.packbits_decode(segment) == reference(segment)


@pytest.mark.parametrize(
    "tail",
    [
        b"\x81",  # a replicate header as the last byte
        b"\x7f\x01\x02",  # a literal run cut short
        b"\x80" * 5,  # no-ops
        b"",
    ],
)
def test_dense_segment_ends(tail: bytes, numpy_calls: list[int]) -> None:
    segment = runs(np.random.default_rng(5), 10_000, 0.1, 2) + tail
    assert rle.packbits_decode(segment) == reference(segment)
    assert numpy_calls


@pytest.mark.parametrize("window", [129, 1000, 4096])
def test_dense_segment_chained_window_by_window(
    window: int, monkeypatch: pytest.MonkeyPatch, numpy_calls: list[int]
) -> None:
    """Runs that cross from one window to the next, of every kind, and a cut-short end."""
    monkeypatch.setattr(rle, "_WINDOW", window)
    rng = np.random.default_rng(window)
    segment = runs(rng, 12_000, 0.3, 128) + b"\x80" * 300 + runs(rng, 3_000, 0.1, 2) + b"\x05ab"
    assert rle.packbits_decode(segment) == reference(segment)
    assert numpy_calls


def test_no_op_flood_goes_to_numpy(numpy_calls: list[int]) -> None:
    segment = b"\x80" * 50_000 + b"\x01ab"
    assert rle.packbits_decode(segment) == b"ab"
    assert numpy_calls


def frame_of(*segments: bytes) -> bytes:
    offsets, pos = [], 64
    for segment in segments:
        offsets.append(pos)
        pos += len(segment)
    header = struct.pack("<16I", len(segments), *offsets, *[0] * (15 - len(segments)))
    return header + b"".join(segments)


def runs_decoding_to(rng: np.random.Generator, length: int, literal: float) -> bytes:
    """Runs as runs() gives them, topped up to decode to exactly `length` bytes."""
    segment = runs(rng, length // (64 if literal < 0.5 else 2), literal, 128)
    left = length - len(reference(segment))
    assert left >= 0
    fill = b"\x81\x00" if literal < 0.5 else b"\x7f" + bytes(range(128))
    last = bytes((left % 128 - 1,)) + bytes(left % 128) if left % 128 else b""
    return segment + fill * (left // 128) + last


@pytest.mark.parametrize("literal", [0.05, 1.0])  # numpy's path, Python's path
@pytest.mark.parametrize("extra", [-1000, -1, 1, 5000])
def test_segment_of_wrong_length_is_padded_or_trimmed(literal: float, extra: int) -> None:
    """Never more is allocated than the frame needs, whatever a segment decodes to."""
    rows, cols = 200, 1000
    segment = runs_decoding_to(np.random.default_rng(6), rows * cols + extra, literal)
    decoded = reference(segment)
    assert len(decoded) == rows * cols + extra
    desc = rle_desc(8, 0, 1, rows=rows, cols=cols)
    with pytest.warns(
        UserWarning, match=f"decoded to \\[{len(decoded)}\\] bytes instead of {rows * cols}"
    ):
        out = rle.decode_frame(frame_of(segment), desc)
    assert out.tobytes() == (decoded + bytes(max(-extra, 0)))[: rows * cols]


def test_segments_decoding_to_a_huge_length_allocate_only_the_frame() -> None:
    """A dense segment that would decode to 64x its size is cut at the frame's size."""
    segment = b"\x81\x09" * 50_000  # 6.4 MB of 9s
    desc = rle_desc(8, 0, 1, rows=1, cols=10)
    with pytest.warns(UserWarning, match=r"\[6400000\] bytes instead of 10"):
        out = rle.decode_frame(frame_of(segment), desc)
    assert out.tolist() == [[9] * 10]


@pytest.mark.parametrize(
    ("bits", "signed", "stored", "samples"),
    [
        (8, 0, 8, 1),
        (8, 0, 8, 3),
        (16, 1, 12, 1),
        (16, 0, 16, 3),
        (24, 0, 24, 1),
        (32, 1, 32, 3),
        (64, 0, 64, 1),
    ],
)
def test_large_frames_round_trip(
    bits: int, signed: int, stored: int, samples: int, numpy_calls: list[int]
) -> None:
    """Frames big enough for every path: noise (full literal runs), then a ramp (short runs)."""
    rows, cols = 40, 700
    desc = rle_desc(bits, signed, samples, rows=rows, cols=cols)
    desc = dataclasses.replace(desc, bits_stored=stored, high_bit=stored - 1)
    rng = np.random.default_rng(bits + samples)
    dtype = desc.dtype
    low, high = (-(1 << (stored - 1)), 1 << (stored - 1)) if signed else (0, 1 << min(stored, 63))
    noise = rng.integers(
        low, high, size=(rows, cols, samples), dtype=np.int64 if signed else np.uint64
    )
    ramp = (np.arange(cols)[None, :, None] // 3 + np.arange(rows)[:, None, None]) % 251
    arr = np.where(np.arange(rows)[:, None, None] < rows // 2, noise, ramp).astype(dtype)
    arr = arr.reshape(desc.frame_shape)
    frame = rle.encode_frame(arr, desc)
    np.testing.assert_array_equal(rle.decode_frame(frame, desc), arr)
    frames = rle.decode_frames([frame, frame], desc)
    np.testing.assert_array_equal(frames[1], arr)
    assert numpy_calls  # the ramps' planes
