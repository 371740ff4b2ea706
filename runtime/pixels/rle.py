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

from ..errors import DicodecWarning, PixelDataError
from .description import PixelDescription

__all__ = ["decode_frame", "decode_frames", "encode_frame", "packbits_decode", "packbits_encode"]

_HEADER = struct.Struct("<16I")

# Input bytes consumed by a run, by its header byte n (G.3.1): 0..127 copy n+1
# literal bytes; 129..255 repeat the next byte 257-n times; 128 is a no-op.
_STEP = tuple(n + 2 if n < 128 else (1 if n == 128 else 2) for n in range(256))


def _run_heads(data: bytes, start: int, end: int, heads: list[int]) -> None:
    """Append the offset of every run header in data[start:end].

    The only per-run Python work: runs are chained, so finding where the next
    one starts is inherently sequential. Everything else is vectorized.
    """
    step = _STEP
    append = heads.append
    pos = start
    while pos < end:
        append(pos)
        pos += step[data[pos]]


def _expand(data: bytes, segments: Sequence[tuple[int, int]], npix: int) -> NDArray[np.uint8]:
    """PackBits-decode many segments of `data` at once, each to exactly `npix` bytes.

    Every byte that is neither a run header nor a replicated value is literal
    payload, so one np.repeat over the input, with a count per input byte,
    produces the whole output; a segment whose length comes out wrong goes
    through the careful per-segment path.
    """
    heads_list: list[int] = []
    for start, end in segments:
        _run_heads(data, start, end, heads_list)
    src = np.frombuffer(data, dtype=np.uint8)
    counts = np.zeros(len(src) + 1, dtype=np.intp)
    for start, end in segments:  # bytes outside segments (frame headers) are not output
        counts[start:end] = 1
    heads = np.array(heads_list, dtype=np.intp)
    n = src[heads]
    counts[heads] = 0
    replicate = heads[n > 128]
    counts[replicate + 1] = 257 - n[n > 128].astype(np.intp)
    starts = np.array([s for s, _ in segments], dtype=np.intp)
    per_segment = (
        np.add.reduceat(counts[:-1], starts) if len(src) else np.zeros(len(segments), np.intp)
    )
    if counts[-1] == 0 and np.all(per_segment == npix):
        return np.repeat(src, counts[:-1])
    return _expand_careful(data, segments, npix)


def _decode_segment(data: bytes, start: int, end: int) -> bytearray:
    """Decode one segment run by run (the careful path, G.3.1)."""
    out = bytearray()
    pos = start
    while pos < end:
        n = data[pos]
        if n < 128:
            out += data[pos + 1 : min(pos + n + 2, end)]
            pos += n + 2
        elif n > 128:
            if pos + 1 < end:
                out += data[pos + 1 : pos + 2] * (257 - n)
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
            DicodecWarning,
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
    nbytes = desc.bits_allocated // 8 if desc.bits_allocated > 1 else 1
    spp = desc.samples_per_pixel
    want = nbytes * spp
    npix = desc.pixels_per_frame
    data = b"".join(frames) if len(frames) > 1 else bytes(frames[0])
    segments: list[tuple[int, int]] = []
    base = 0
    for i, frame in enumerate(frames):
        offsets = _parse_header(frame, i)
        if len(offsets) != want:
            raise PixelDataError(
                f"RLE frame {i} has {len(offsets)} segments; {want} are needed for "
                f"{spp} sample(s) of {desc.bits_allocated} bits allocated (PS3.5 G.2)"
            )
        ends = [*offsets[1:], len(frame)]
        segments.extend((base + s, base + e) for s, e in zip(offsets, ends, strict=False))
        base += len(frame)
    if desc.bits_allocated == 1:
        raise PixelDataError("RLE Lossless with Bits Allocated 1 is not supported")
    nframes = len(frames)
    planes = _expand(data, segments, npix).reshape(nframes, spp, nbytes, npix)
    unsigned = np.dtype(f"u{desc.dtype.itemsize}")
    # Combine the byte planes, most significant first (G.2), on contiguous planes.
    acc = planes[:, :, 0, :].astype(unsigned)
    for b in range(1, nbytes):
        acc <<= 8
        acc |= planes[:, :, b, :]
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
