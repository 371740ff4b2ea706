"""Deflated Image Frame Compression, `DeflatedImageFrameCompression` (PS3.5 8.2.16, A.4.13; Sup 244).

Each frame is compressed on its own with the Deflate algorithm (RFC 1951)
and encapsulated one fragment per frame. As with Deflated Explicit VR Little
Endian (PS3.5 A.5), the stream is raw deflate without the zlib (RFC 1950)
wrapper; a zlib-wrapped frame, as some writers may produce, is accepted too.
"""

from __future__ import annotations

import zlib
from typing import Any

from numpy.typing import NDArray

from dicodec.errors import PixelDataError
from dicodec.pixels.description import PixelDescription
from dicodec.pixels.native import decode_native

__all__ = ["decode_frame", "encode_frame", "inflate"]


def inflate(data: bytes, expected: int) -> bytes:
    """Inflate one frame, never producing more than `expected` + 1 bytes (deflate bombs)."""
    for wbits in (-15, 15):
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(data, expected + 1)
        except zlib.error:
            continue
        return out
    raise PixelDataError("a Deflated Image Frame Compression frame is not a valid deflate stream")


def decode_frame(data: bytes, desc: PixelDescription) -> NDArray[Any]:
    """Decode one frame to (rows, cols[, samples]); the inflated frame is native little endian."""
    one = desc.replace(number_of_frames=1)
    raw = inflate(data, one.frame_length)
    if len(raw) < one.frame_length:
        raise PixelDataError(
            f"a deflated frame inflates to {len(raw)} bytes, {one.frame_length} expected"
        )
    return decode_native(raw[: one.frame_length], one, byteorder="<", check=False)


def encode_frame(raw: bytes, level: int = 6) -> bytes:
    """Deflate one native frame (raw deflate, RFC 1951)."""
    deflater = zlib.compressobj(level, zlib.DEFLATED, -15)
    return deflater.compress(raw) + deflater.flush()
