"""RLE Lossless encoding in numpy: PackBits over whole byte planes at once (PS3.5 G.3.1, G.5).

Each row of each byte plane is encoded on its own (G.3.1). Runs of three or
more equal bytes become replicate runs (chunks of at most 128), and the
bytes between them literal runs (chunks of at most 128); the layout of every
run in the output is computed for all rows together, so the cost is a few
numpy passes over the frame, not a Python step per run.
"""

from __future__ import annotations

import struct
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

__all__ = ["encode_planes", "packbits_rows"]

_CHUNK = 128  # the longest run either kind of run holds (G.3.1)
_HEADER = struct.Struct("<16I")
_MIN_REPLICATE = 3  # two equal bytes cost as much either way; three are shorter replicated


def _ceil_chunks(lengths: NDArray[np.intp]) -> NDArray[np.intp]:
    return (lengths + _CHUNK - 1) // _CHUNK


def packbits_rows(rows: NDArray[np.uint8]) -> tuple[NDArray[np.uint8], NDArray[np.intp]]:
    """PackBits-encode each row of a 2-D uint8 array.

    Returns the rows' encodings one after another, and where each row's starts.
    """
    count, width = rows.shape
    flat = np.ascontiguousarray(rows).reshape(-1)
    size = flat.size
    if size == 0:
        return np.empty(0, np.uint8), np.zeros(count, np.intp)
    # runs of equal bytes, never across a row's start
    change = np.empty(size, dtype=bool)
    change[0] = True
    np.not_equal(flat[1:], flat[:-1], out=change[1:])
    change[::width] = True
    # 32-bit positions where they fit: half the memory traffic of the per-byte arrays
    index_type = np.int32 if size < 2**31 - 2 * _CHUNK else np.intp
    starts = np.flatnonzero(change).astype(index_type)
    lengths = np.diff(starts, append=index_type(size))
    replicate = lengths >= _MIN_REPLICATE
    row_start = starts % width == 0
    # an item is a replicate run, or a stretch of literal bytes between replicate runs
    # (a stretch also ends where a row does)
    after_replicate = np.empty_like(replicate)
    after_replicate[0] = True
    after_replicate[1:] = replicate[:-1]
    first = replicate | after_replicate | row_start
    item_starts = starts[first]
    item_lengths = np.diff(item_starts, append=index_type(size))
    item_replicate = replicate[first]
    chunks = _ceil_chunks(item_lengths)
    # a replicate chunk is 2 bytes; a literal chunk its header and its bytes
    out_sizes = np.where(item_replicate, 2 * chunks, item_lengths + chunks)
    out_starts = np.zeros(len(out_sizes), dtype=index_type)
    np.cumsum(out_sizes[:-1], out=out_starts[1:])
    out = np.empty(int(out_starts[-1] + out_sizes[-1]), dtype=np.uint8)

    # replicate chunks: (257 - n, value); a lone byte left over is a literal (0, value)
    rep = np.flatnonzero(item_replicate)
    rep_chunks = chunks[rep]
    owner = np.repeat(rep, rep_chunks)
    index = np.arange(len(owner), dtype=index_type) - np.repeat(
        np.cumsum(rep_chunks) - rep_chunks, rep_chunks
    )
    left = item_lengths[owner] - index * _CHUNK
    run = np.minimum(left, _CHUNK)
    at = out_starts[owner] + 2 * index
    out[at] = np.where(run > 1, 257 - run, 0)
    out[at + 1] = flat[item_starts[owner]]

    # literal chunks: (n - 1) then the n bytes
    lit = np.flatnonzero(~item_replicate)
    lit_lengths = item_lengths[lit]
    lit_chunks = chunks[lit]
    owner = np.repeat(lit, lit_chunks)
    index = np.arange(len(owner), dtype=index_type) - np.repeat(
        np.cumsum(lit_chunks) - lit_chunks, lit_chunks
    )
    out[out_starts[owner] + index * (_CHUNK + 1)] = (
        np.minimum(item_lengths[owner] - index * _CHUNK, _CHUNK) - 1
    )
    # every literal byte: its item's output start, its place in the item, one header a chunk
    # (the position in the item: the byte's place in the literal bytes, less its item's)
    literal_at = np.cumsum(lit_lengths) - lit_lengths
    offset = np.arange(int(lit_lengths.sum()), dtype=index_type)
    offset -= np.repeat(literal_at.astype(index_type), lit_lengths)
    shift = np.repeat((out_starts[lit] - item_starts[lit] + 1).astype(index_type), lit_lengths)
    source = np.repeat(item_starts[lit], lit_lengths) + offset
    out[source + shift + offset // _CHUNK] = flat[source]

    return out, out_starts[item_starts % width == 0]  # every row starts an item


def encode_planes(planes: NDArray[np.uint8]) -> bytes:
    """An RLE frame (G.5) of byte planes shaped (segments, rows, columns), in segment order."""
    segments, rows, columns = planes.shape
    out, row_offsets = packbits_rows(planes.reshape(segments * rows, columns))
    bounds = [*row_offsets[::rows].tolist(), len(out)]
    lengths = [end - start for start, end in pairwise(bounds)]
    offsets = []
    position = 64
    for length in lengths:
        offsets.append(position)
        position += length + length % 2  # G.5: segments have even length
    frame = np.zeros(position, dtype=np.uint8)
    frame[:64] = np.frombuffer(
        _HEADER.pack(segments, *offsets, *([0] * (15 - segments))), dtype=np.uint8
    )
    for start, length, at in zip(bounds, lengths, offsets, strict=False):
        frame[at : at + length] = out[start : start + length]
    return frame.tobytes()
