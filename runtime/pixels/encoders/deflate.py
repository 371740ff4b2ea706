"""Deflated Image Frame Compression (PS3.5 8.2.16, A.4.13): each native frame deflated."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from dicodec.generated.uid_constants import DeflatedImageFrameCompression
from dicodec.pixels import deflate
from dicodec.pixels.description import PixelDescription
from dicodec.pixels.encoders.encoder import EncodeOptions, Encoder, integer_pixels

__all__ = ["ENCODERS"]


def _refuses(desc: PixelDescription, options: EncodeOptions) -> str | None:
    if (why := integer_pixels(desc)) is not None:
        return why
    if desc.bits_allocated not in (8, 16, 32, 64):
        # a frame of 1-bit (or 24-bit) samples is packed: decoders unpack whole words
        return f"(BitsAllocated) {desc.bits_allocated}: frames are deflated as 8, 16, 32 or 64-bit words"
    if desc.is_ybr_422_native:
        return "(PhotometricInterpretation) YBR_FULL_422: store the frames as YBR_FULL"
    if not 0 <= options.deflate_level <= 9:
        return f"deflate_level {options.deflate_level}: zlib levels are 0 to 9"
    return None


def _deflate(frame: NDArray[Any], desc: PixelDescription, options: EncodeOptions) -> bytes:
    # the inflated frame is native little endian, colour-by-pixel (Planar Configuration 0)
    little = np.ascontiguousarray(frame, dtype=desc.dtype.newbyteorder("<"))
    return deflate.encode_frame(little.tobytes(), options.deflate_level)


ENCODERS = {
    DeflatedImageFrameCompression: (
        Encoder("dicodec-deflate", ("zlib",), _deflate, _refuses, exact_bytes=True),
    )
}
