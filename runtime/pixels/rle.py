"""RLE Lossless (PS3.5 Annex G): decoding and encoding in numpy.

A frame is a 64-byte header (G.5: the number of segments and 15 offsets)
followed by segments. Each segment holds one byte plane of one sample,
most significant byte first (G.2), compressed with PackBits (G.3.1).
"""

from __future__ import annotations

import struct
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import DicomWarning, PixelDataError
from .description import PixelDescription

__all__ = ["decode_frame", "decode_frames", "encode_frame", "packbits_decode", "packbits_encode"]

_HEADER = struct.Struct("<16I")

# Input bytes consumed by a run, by its header byte n (G.3.1): 0..127 copy n+1
# literal bytes; 129..255 repeat the next byte 257-n times; 128 is a no-op.
_STEP = bytes(n + 2 if n < 128 else (1 if n == 128 else 2) for n in range(256))
# Pointer-doubling levels: the Python loop visits one run head in 2**_LEVELS.
_LEVELS = 3
# Frames shorter than this (bytes) are decoded run by run: numpy's per-call cost
# would exceed the work.
_SMALL_FRAME = 16384


def _run_heads(data: bytes, starts: Sequence[int], ends: Sequence[int]) -> NDArray[np.intp]:
    """The offset of every run header of the segments data[start:end], in order.

    Runs are chained (each header says where the next one is), so following
    the chain is sequential; pointer doubling makes numpy do most of it: jump
    tables to the 2nd, 4th, 8th next header for every byte, a Python loop over
    every 8th header, then the tables fill in the headers between.
    """
    n = len(data)
    stop = n  # sentinel: past a segment's end
    jump = np.arange(n + 1, dtype=np.intp)
    jump[:n] += np.frombuffer(data.translate(_STEP), dtype=np.uint8)
    jump[stop] = stop
    for start, end in zip(starts, ends, strict=True):
        tail = jump[max(start, end - 130) : end]
        tail[tail >= end] = stop
    levels = [jump]
    for _ in range(_LEVELS):
        levels.append(np.take(levels[-1], levels[-1]))
    far = levels[-1].data
    found: list[int] = []
    append = found.append
    for start in starts:
        pos = start
        while pos != stop:
            append(pos)
            pos = far[pos]
    heads = np.array(found, dtype=np.intp)
    for table in reversed(levels[:-1]):
        both = np.empty(2 * len(heads), dtype=np.intp)
        both[0::2] = heads
        np.take(table, heads, out=both[1::2])
        heads = both
    result: NDArray[np.intp] = heads[heads != stop]
    return result


def _expand_fast(
    data: bytes, starts: Sequence[int], ends: Sequence[int], npix: int
) -> NDArray[np.uint8] | None:
    """PackBits-decode the segments of one frame, each to `npix` bytes; None if any is not.

    Each input byte is output a number of times: 0 for a run header, 257-n
    for the value of a replicate run, 1 for a literal byte; one np.repeat does it.
    """
    heads = _run_heads(data, starts, ends)
    src = np.frombuffer(data, dtype=np.uint8)
    header = src[heads].astype(np.intp)
    segment = np.searchsorted(np.asarray(starts[1:], dtype=np.intp), heads, side="right")
    room = np.asarray(ends, dtype=np.intp)[segment] - heads - 1  # bytes after the header
    replicate = (header > 128) & (room > 0)
    run_length = np.where(header < 128, np.minimum(header + 1, room), 0)
    run_length[replicate] = 257 - header[replicate]
    if not np.array_equal(
        np.bincount(segment, run_length, len(starts)), np.full(len(starts), npix)
    ):
        return None
    counts = np.ones(len(data), dtype=np.uint8)
    counts[heads] = 0
    counts[heads[replicate] + 1] = run_length[replicate]
    out: NDArray[np.uint8] = np.repeat(src, counts)
    return out


def _expand_frame(frame: bytes, offsets: Sequence[int], npix: int) -> NDArray[np.uint8]:
    """PackBits-decode every segment of one frame: (segments * npix) bytes."""
    ends = [*offsets[1:], len(frame)]
    if len(frame) >= _SMALL_FRAME:
        first = offsets[0]
        out = _expand_fast(
            frame[first:], [o - first for o in offsets], [e - first for e in ends], npix
        )
        if out is not None:
            return out
    else:
        decoded = [_decode_segment(frame, s, e) for s, e in zip(offsets, ends, strict=True)]
        if all(len(d) == npix for d in decoded):
            return np.frombuffer(b"".join(decoded), dtype=np.uint8)
    return _expand_careful(frame, list(zip(offsets, ends, strict=True)), npix)


def _decode_segment(data: bytes, start: int, end: int) -> bytearray:
    """Decode one segment run by run (G.3.1); a run cut short by the end gives what is there."""
    segment = data[start:end]
    size = len(segment)
    out = bytearray()
    pos = 0
    while pos < size:
        n = segment[pos]
        if n < 128:
            out += segment[pos + 1 : pos + n + 2]
            pos += n + 2
        elif n > 128:
            out += segment[pos + 1 : pos + 2] * (257 - n)
            pos += 2
        else:
            pos += 1
    return out


def _expand_careful(
    data: bytes, segments: Sequence[tuple[int, int]], npix: int
) -> NDArray[np.uint8]:
    """Decode segment by segment, padding or trimming each to `npix` bytes with a warning."""
    out = np.zeros((len(segments), npix), dtype=np.uint8)
    wrong = set()
    for i, (start, end) in enumerate(segments):
        seg = _decode_segment(data, start, end)
        if len(seg) != npix:
            wrong.add(len(seg))
        k = min(len(seg), npix)
        out[i, :k] = np.frombuffer(seg, dtype=np.uint8, count=k)
    if wrong:
        warnings.warn(
            f"RLE segment(s) decoded to {sorted(wrong)} bytes instead of {npix}; padded or trimmed",
            DicomWarning,
            stacklevel=4,
        )
    return out.reshape(-1)


def packbits_decode(segment: bytes) -> bytes:
    """Decode one PackBits segment (G.3.1)."""
    return bytes(_decode_segment(segment, 0, len(segment)))


def _parse_header(frame: bytes, index: int) -> list[int]:
    if len(frame) < 64:
        raise PixelDataError(
            f"RLE frame {index} is {len(frame)} bytes long, shorter than its 64-byte header"
        )
    fields = _HEADER.unpack_from(frame)
    nseg = fields[0]
    if not 0 < nseg <= 15:
        raise PixelDataError(
            f"RLE frame {index} header says {nseg} segments; PS3.5 G.5 allows 1 to 15"
        )
    offsets = list(fields[1 : nseg + 1])
    for i, off in enumerate(offsets):
        if not 64 <= off <= len(frame) or (i and off < offsets[i - 1]):
            raise PixelDataError(
                f"RLE frame {index}: segment {i} offset {off} is outside the frame ({len(frame)} bytes) "
                "or out of order"
            )
    return offsets


def decode_frames(frames: Sequence[bytes], desc: PixelDescription) -> NDArray[Any]:
    """Decode RLE frames to an array shaped (frames, rows, cols[, samples])."""
    if desc.bits_allocated == 1:
        raise PixelDataError("RLE Lossless with Bits Allocated 1 is not supported")
    nbytes = desc.bits_allocated // 8
    spp = desc.samples_per_pixel
    want = nbytes * spp
    npix = desc.pixels_per_frame
    nframes = len(frames)
    planes = np.empty((nframes, want * npix), dtype=np.uint8)
    for i, frame in enumerate(frames):
        data = bytes(frame)
        offsets = _parse_header(data, i)
        if len(offsets) != want:
            raise PixelDataError(
                f"RLE frame {i} has {len(offsets)} segments; {want} are needed for "
                f"{spp} sample(s) of {desc.bits_allocated} bits allocated (PS3.5 G.2)"
            )
        planes[i] = _expand_frame(data, offsets, npix)
    by_byte = planes.reshape(nframes, spp, nbytes, npix)
    unsigned = np.dtype(f"u{desc.dtype.itemsize}")
    # Combine the byte planes, most significant first (G.2), on contiguous planes.
    acc = by_byte[:, :, 0, :].astype(unsigned)
    for b in range(1, nbytes):
        acc <<= 8
        acc |= by_byte[:, :, b, :]
    combined = acc.view(desc.dtype)
    arr = combined.transpose(0, 2, 1) if spp > 1 else combined
    arr = np.ascontiguousarray(arr)
    arr = arr.reshape((nframes, *desc.frame_shape))
    if desc.bits_stored < arr.dtype.itemsize * 8 or desc.high_bit != desc.bits_stored - 1:
        from .native import correct_unused_bits

        correct_unused_bits(arr, desc)
    return arr


def decode_frame(frame: bytes, desc: PixelDescription) -> NDArray[Any]:
    """Decode one RLE frame to (rows, cols[, samples])."""
    result: NDArray[Any] = decode_frames([frame], desc)[0]
    return result


# -- encoding ---------------------------------------------------------------------------


def packbits_encode(row: bytes) -> bytes:
    """PackBits-encode one row (G.3.1): runs of 3+ equal bytes replicate, the rest literal."""
    n = len(row)
    if n == 0:
        return b""
    arr = np.frombuffer(row, dtype=np.uint8)
    starts = np.flatnonzero(np.concatenate(([True], arr[1:] != arr[:-1])))
    lengths = np.diff(np.append(starts, n))
    out = bytearray()
    lit_from = 0  # start of pending literal bytes
    for s, length in zip(starts.tolist(), lengths.tolist(), strict=False):
        if length < 3:
            continue
        _literal(out, row, lit_from, s)
        value = row[s]
        left = length
        while left > 0:
            chunk = min(left, 128)
            # A replicate run codes 2 to 128 repeats; a single byte is a literal run.
            out += bytes((257 - chunk, value)) if chunk > 1 else bytes((0, value))
            left -= chunk
        lit_from = s + length
    _literal(out, row, lit_from, n)
    return bytes(out)


def _literal(out: bytearray, row: bytes, start: int, end: int) -> None:
    while start < end:
        chunk = min(end - start, 128)
        out.append(chunk - 1)
        out += row[start : start + chunk]
        start += chunk


def encode_frame(arr: NDArray[Any], desc: PixelDescription) -> bytes:
    """Encode one frame (rows, cols[, samples]) as RLE Lossless (G.2-G.5)."""
    nbytes = desc.bits_allocated // 8
    spp = desc.samples_per_pixel
    if desc.bits_allocated % 8 or nbytes * spp > 15:
        raise PixelDataError(
            f"RLE Lossless cannot hold {spp} sample(s) of {desc.bits_allocated} bits allocated (PS3.5 G.2)"
        )
    a = np.asarray(arr).reshape(desc.rows, desc.columns, spp)
    big = a.astype(desc.dtype.newbyteorder(">"), copy=False)
    if nbytes != big.dtype.itemsize:  # e.g. 24 bits allocated: drop the high pad bytes
        raw = big.view(np.uint8).reshape(desc.rows, desc.columns, spp, big.dtype.itemsize)[
            ..., -nbytes:
        ]
    else:
        raw = big.view(np.uint8).reshape(desc.rows, desc.columns, spp, nbytes)
    planes = raw.transpose(2, 3, 0, 1)  # (sample, byte MSB first, row, col)
    segments = []
    for s in range(spp):
        for b in range(nbytes):
            plane = np.ascontiguousarray(planes[s, b])
            # G.3.1: each row is encoded separately.
            seg = b"".join(packbits_encode(plane[r].tobytes()) for r in range(desc.rows))
            if len(seg) % 2:
                seg += b"\x00"  # G.5: segments have even length
            segments.append(seg)
    offsets, pos = [], 64
    for seg in segments:
        offsets.append(pos)
        pos += len(seg)
    header = _HEADER.pack(len(segments), *offsets, *([0] * (15 - len(segments))))
    return header + b"".join(segments)
