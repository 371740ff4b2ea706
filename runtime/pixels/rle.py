"""RLE Lossless (PS3.5 Annex G): decoding and encoding in numpy.

A frame is a 64-byte header (G.5: the number of segments and 15 offsets)
followed by segments. Each segment holds one byte plane of one sample,
most significant byte first (G.2), compressed with PackBits (G.3.1).
"""

from __future__ import annotations

import struct
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from dicodec.errors import DicomWarning, PixelDataError
from dicodec.pixels.description import PixelDescription

__all__ = ["decode_frame", "decode_frames", "encode_frame", "packbits_decode", "packbits_encode"]

_HEADER = struct.Struct("<16I")

# Input bytes consumed by a run, by its header byte n (G.3.1): 0..127 copy n+1
# literal bytes; 129..255 repeat the next byte 257-n times; 128 is a no-op.
_STEP = bytes(n + 2 if n < 128 else (1 if n == 128 else 2) for n in range(256))
# How many times the byte after a header is output, by the header byte n.
_AFTER_HEADER = np.array([1] * 128 + [0] + [257 - n for n in range(129, 256)], dtype=np.intp)
# Runs are decoded in Python a chunk of _CHUNK runs at a time while they average
# at least _SPARSE input bytes (Python costs ~180 ns a run, numpy ~8 ns an input
# byte); a denser chunk hands the rest of the segment to numpy. On the 512 x 512
# 16-bit benchmark frame the low byte plane (128 bytes a run) stays in Python
# (0.1 ms) and the high one (3 bytes a run) goes to numpy (0.7 ms, against
# 3 ms run by run).
_CHUNK = 64
_SPARSE = 24
# Back-to-back 128-byte literal runs are stripped with one reshape when there
# are at least _STRETCH_MIN of them (numpy's ~3 us a call against Python's
# ~0.15 us a run), up to _STRETCH_MAX at a time.
_STRETCH_MIN = 16
_STRETCH_MAX = 256
_STRETCH_HEADERS = b"\x7f" * _STRETCH_MIN
# Below this many bytes numpy's per-call cost exceeds the work: Python to the end.
_NUMPY_MIN = 2048
# Bytes of a segment chained at a time by pointer doubling.
_WINDOW = 1 << 18


def _full_literals(segment: bytes, pos: int) -> int:
    """How many whole 128-byte literal runs (header 127) follow one another from `pos`.

    0 when there are fewer than _STRETCH_MIN: the first test is a 16-byte compare.
    """
    if segment[pos : pos + 129 * _STRETCH_MIN : 129] != _STRETCH_HEADERS:
        return 0
    probe = segment[pos : pos + 129 * _STRETCH_MAX : 129]  # their headers, if they are such runs
    count = len(probe) - len(probe.lstrip(b"\x7f"))
    count = count if pos + 129 * count <= len(segment) else count - 1  # the last one cut short
    return count if count >= _STRETCH_MIN else 0


def _decode_python(segment: bytes, parts: list[bytes]) -> tuple[int, int]:
    """Decode runs of `segment` into `parts` while they are sparse.

    Returns where it stopped and how many bytes the last chunk of runs took.
    A run cut short by the end of the segment gives what is there.
    """
    size = len(segment)
    pos = chunk_start = 0
    append = parts.append
    # Reading the header past the end raises IndexError: that ends the loop,
    # sparing a bounds check a run (as pydicom's decoder does).
    try:
        while True:
            chunk_start = pos
            # Noise encodes as 128-byte literal runs back to back (G.3.1 caps a
            # run there): stripping them by the stretch makes the benchmark's
            # low byte plane take ~0.1 ms instead of ~0.35 ms run by run. Looking
            # once a chunk keeps the run-by-run loop lean.
            stretch = _full_literals(segment, pos)
            if stretch:
                block = np.frombuffer(segment, np.uint8, 129 * stretch, pos)
                append(block.reshape(stretch, 129)[:, 1:].tobytes())
                pos += 129 * stretch
                continue
            for _ in range(_CHUNK):
                n = segment[pos]
                if n < 128:
                    append(segment[pos + 1 : pos + n + 2])
                    pos += n + 2
                elif n > 128:
                    append(segment[pos + 1 : pos + 2] * (257 - n))
                    pos += 2
                else:
                    pos += 1
            if pos - chunk_start < _CHUNK * _SPARSE and size - pos >= _NUMPY_MIN:
                return pos, pos - chunk_start
    except IndexError:
        return pos, pos - chunk_start


def _doubling_levels(runs_per_byte: float) -> int:
    """How many pointer-doubling levels to build for a segment of `runs_per_byte`.

    Each level is a gather over every byte (~0.75 ns a byte) and halves the
    Python loop over the headers (~110 ns a step, with the fill): add levels
    while the half it saves costs more (5 or 6 for the benchmark's high bytes).
    """
    levels = 1
    while levels < 8 and runs_per_byte * 73 > 1 << levels:
        levels += 1
    return levels


def _chain(window: bytes, levels: int) -> NDArray[np.intp]:
    """The offsets of the run headers of `window` chained from its first byte, in order.

    Runs are chained (each header says where the next one is), so following
    the chain is sequential; pointer doubling makes numpy do most of it: jump
    tables to the 2nd, 4th, ... 2**levels-th next header from every byte, a
    Python loop over every 2**levels-th header, then the tables fill in the
    headers between.
    """
    size = len(window)
    jump = np.empty(size + 1, dtype=np.intp)
    np.add(
        np.arange(size, dtype=np.intp),
        np.frombuffer(window.translate(_STEP), dtype=np.uint8),
        out=jump[:size],
    )
    tail = jump[max(size - 129, 0) :]  # only a run of the last 129 bytes can end past the end
    np.minimum(tail, size, out=tail)  # there: the sentinel `size`, which stays put
    jump[size] = size
    tables = [jump]
    for _ in range(levels):
        tables.append(np.take(tables[-1], tables[-1]))
    far = tables[-1].data  # indexing a memoryview is ~3x faster than an ndarray
    found: list[int] = []
    append = found.append
    pos = 0
    while pos != size:
        append(pos)
        pos = far[pos]
    heads = np.array(found, dtype=np.intp)
    for table in reversed(tables[:-1]):
        both = np.empty(2 * len(heads), dtype=np.intp)
        both[0::2] = heads
        np.take(table, heads, out=both[1::2])
        heads = both
    result: NDArray[np.intp] = heads[: np.searchsorted(heads, size)]
    return result


def _run_heads(segment: bytes, runs_per_byte: float) -> NDArray[np.intp]:
    """The offset of every run header of `segment`, in order.

    The segment is chained _WINDOW bytes at a time, each window from the
    header the last one leads to: the jump tables (8 bytes a byte each, up to
    8 of them) stay ~16 MB at most, however long the segment.
    """
    levels = _doubling_levels(runs_per_byte)
    found = []
    start = 0
    while start < len(segment):
        heads = _chain(segment[start : start + _WINDOW], levels)
        heads += start
        found.append(heads)
        last = int(heads[-1])
        start = last + _STEP[segment[last]]
    return found[0] if len(found) == 1 else np.concatenate(found)


def _decode_numpy(segment: bytes, runs_per_byte: float, room: int) -> tuple[int, NDArray[np.uint8]]:
    """Decode `segment`: its decoded length, and its first `room` bytes at most.

    Each input byte is output a number of times: 0 for a run header, 257-n
    for the value of a replicate run, 1 for a literal byte; one np.repeat does it.
    """
    heads = _run_heads(segment, runs_per_byte)
    src = np.frombuffer(segment, dtype=np.uint8)
    # The byte after a header: a literal byte (1), the replicated value (257-n),
    # or the next header (header 128), which the line after sets to 0. A last
    # header's entry falls in the spare last slot.
    counts = np.ones(len(segment) + 1, dtype=np.intp)
    counts[heads + 1] = _AFTER_HEADER[src[heads]]
    counts[heads] = 0
    counts = counts[:-1]
    total = int(counts.sum())
    if total > room:  # never allocate more than asked, whatever the segment says
        reached = np.cumsum(counts)
        last = int(np.searchsorted(reached, room))
        src = src[: last + 1]
        counts = counts[: last + 1]
        counts[last] -= reached[last] - room
    out: NDArray[np.uint8] = np.repeat(src, counts)
    return total, out


def _decode_pieces(segment: bytes, room: int) -> tuple[bytes, int, NDArray[np.uint8]]:
    """PackBits-decode one segment (G.3.1): what Python decoded, then the decoded
    length and (at most `room` bytes) of what numpy decoded after it."""
    parts: list[bytes] = []
    pos, last_chunk = _decode_python(segment, parts)
    head = b"".join(parts)
    if pos >= len(segment):
        return head, 0, np.empty(0, dtype=np.uint8)
    total, tail = _decode_numpy(segment[pos:], _CHUNK / last_chunk, max(room - len(head), 0))
    return head, total, tail


def _decode_segment(segment: bytes, dest: NDArray[np.uint8]) -> int:
    """PackBits-decode one segment into `dest`, as far as it holds; return the decoded length."""
    head, total, tail = _decode_pieces(segment, len(dest))
    done = min(len(head), len(dest))
    dest[:done] = np.frombuffer(head, dtype=np.uint8, count=done)
    dest[done : done + len(tail)] = tail
    return len(head) + total


def _expand_frame(frame: bytes, offsets: Sequence[int], planes: NDArray[np.uint8]) -> None:
    """PackBits-decode the segments of one frame into `planes`, padded or trimmed to fit."""
    npix = planes.shape[1]
    ends = [*offsets[1:], len(frame)]
    wrong = set()
    for plane, start, end in zip(planes, offsets, ends, strict=True):
        length = _decode_segment(frame[start:end], plane)
        if length != npix:
            wrong.add(length)
            plane[length:] = 0
    if wrong:
        warnings.warn(
            f"RLE segment(s) decoded to {sorted(wrong)} bytes instead of {npix}; padded or trimmed",
            DicomWarning,
            stacklevel=3,
        )


def packbits_decode(segment: bytes) -> bytes:
    """Decode one PackBits segment (G.3.1)."""
    # A run decodes to 64 bytes per input byte at most: nothing is trimmed.
    head, _, tail = _decode_pieces(segment, 64 * len(segment))
    return head + tail.tobytes()


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


def _combine(planes: NDArray[np.uint8], dest: NDArray[Any]) -> None:
    """Assemble samples from their byte planes, most significant first (G.2), into `dest`.

    Shifting and or-ing whole planes is ~3x faster than writing each plane into
    its byte of the samples (a strided byte copy).
    """
    shift = 8 * (len(planes) - 1)
    np.left_shift(planes[0], shift, out=dest, dtype=dest.dtype)
    for plane in planes[1:]:
        shift -= 8
        np.bitwise_or(
            dest, np.left_shift(plane, shift, dtype=dest.dtype) if shift else plane, out=dest
        )


# PackBits turns 2 input bytes into at most 128 output bytes (a replicate run, G.3.1).
MAX_EXPANSION = 64


def check_expansion(encoded: int, frames: int, desc: PixelDescription) -> None:
    """Refuse, before allocating anything, frames too small to decode to what the image needs.

    Rows, Columns and Number of Frames could otherwise size the output (65535 x
    65535 from an 81-byte value made 16 GB of arrays); a short but possible
    frame is still decoded, padded with a warning.
    """
    needed = frames * desc.frame_length
    if needed > MAX_EXPANSION * encoded:
        raise PixelDataError(
            f"{frames} RLE frame(s) in {encoded} bytes cannot decode to the {needed} bytes "
            f"that {desc.rows} x {desc.columns} pixels need (PackBits expands at most "
            f"{MAX_EXPANSION}-fold)"
        )


class EncodedFrames(Protocol):
    """Frames that can be counted and then read one at a time (a list, or encapsulated.Frames)."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[bytes]: ...


def decode_frames(frames: EncodedFrames, desc: PixelDescription) -> NDArray[Any]:
    """Decode RLE frames to an array shaped (frames, rows, cols[, samples])."""
    if desc.bits_allocated == 1:
        raise PixelDataError("RLE Lossless with Bits Allocated 1 is not supported")
    nbytes = desc.bits_allocated // 8
    spp = desc.samples_per_pixel
    want = nbytes * spp
    nframes = len(frames)
    arr = np.empty((nframes, desc.pixels_per_frame, spp), dtype=desc.dtype)
    samples = arr.view(f"u{desc.dtype.itemsize}")
    planes = np.empty((want, desc.pixels_per_frame), dtype=np.uint8)  # reused frame to frame
    for i, frame in enumerate(frames):
        data = bytes(frame)
        offsets = _parse_header(data, i)
        if len(offsets) != want:
            raise PixelDataError(
                f"RLE frame {i} has {len(offsets)} segments; {want} are needed for "
                f"{spp} sample(s) of {desc.bits_allocated} bits allocated (PS3.5 G.2)"
            )
        _expand_frame(data, offsets, planes)
        for sample in range(spp):
            _combine(planes[sample * nbytes : (sample + 1) * nbytes], samples[i, :, sample])
    arr = arr.reshape((nframes, *desc.frame_shape))
    if desc.bits_stored < arr.dtype.itemsize * 8 or desc.high_bit != desc.bits_stored - 1:
        from dicodec.pixels.native import correct_unused_bits

        correct_unused_bits(arr, desc)
    return arr


def decode_frame(frame: bytes, desc: PixelDescription) -> NDArray[Any]:
    """Decode one RLE frame to (rows, cols[, samples])."""
    result: NDArray[Any] = decode_frames([frame], desc)[0]
    return result


# -- encoding ---------------------------------------------------------------------------


def packbits_encode(row: bytes) -> bytes:
    """PackBits-encode one row (G.3.1): runs of 3+ equal bytes replicate, the rest literal."""
    if not row:
        return b""
    from dicodec.pixels.encoders.packbits import packbits_rows

    out, _ = packbits_rows(np.frombuffer(row, dtype=np.uint8).reshape(1, -1))
    return out.tobytes()


def encode_frame(arr: NDArray[Any], desc: PixelDescription) -> bytes:
    """Encode one frame (rows, cols[, samples]) as RLE Lossless (G.2-G.5)."""
    from dicodec.pixels.encoders.packbits import encode_planes

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
    # (sample, byte most significant first, row, column): one segment per byte plane (G.2)
    planes = np.ascontiguousarray(raw.transpose(2, 3, 0, 1)).reshape(
        spp * nbytes, desc.rows, desc.columns
    )
    return encode_planes(planes)
