"""RLE Lossless encoders (PS3.5 Annex G): dicodec's own, and pylibjpeg-rle's."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from dicodec.generated.uid_constants import RLELossless
from dicodec.pixels import rle
from dicodec.pixels.description import PixelDescription
from dicodec.pixels.encoders.encoder import EncodeOptions, Encoder, integer_pixels

__all__ = ["ENCODERS"]


def _refuses(desc: PixelDescription, options: EncodeOptions) -> str | None:
    if (why := integer_pixels(desc)) is not None:
        return why
    if desc.bits_allocated % 8:
        return f"(BitsAllocated) {desc.bits_allocated}: RLE Lossless holds whole bytes (PS3.5 G.2)"
    segments = desc.bits_allocated // 8 * desc.samples_per_pixel
    if segments > 15:
        return (
            f"(BitsAllocated) {desc.bits_allocated} x (SamplesPerPixel) {desc.samples_per_pixel}: "
            f"{segments} byte segments, RLE Lossless has room for 15 (PS3.5 G.5)"
        )
    return None


def _own(frame: NDArray[Any], desc: PixelDescription, options: EncodeOptions) -> bytes:
    return rle.encode_frame(frame, desc)


def _pylibjpeg_rle_refuses(desc: PixelDescription, options: EncodeOptions) -> str | None:
    if (why := _refuses(desc, options)) is not None:
        return why
    if desc.bits_allocated not in (8, 16, 32, 64):
        return f"(BitsAllocated) {desc.bits_allocated}: pylibjpeg-rle encodes 8, 16, 32 or 64"
    return None


def _pylibjpeg_rle(frame: NDArray[Any], desc: PixelDescription, options: EncodeOptions) -> bytes:
    from rle.utils import encode_pixel_data

    little = np.ascontiguousarray(frame, dtype=desc.dtype.newbyteorder("<"))
    encoded: bytes = encode_pixel_data(
        little.tobytes(),
        rows=desc.rows,
        columns=desc.columns,
        samples_per_pixel=desc.samples_per_pixel,
        bits_allocated=desc.bits_allocated,
        byteorder="<",
    )
    return encoded


ENCODERS = {
    RLELossless: (
        # compiled, so first when installed; the in-house one needs numpy only
        Encoder(
            "pylibjpeg-rle",
            ("rle.utils",),
            _pylibjpeg_rle,
            _pylibjpeg_rle_refuses,
            exact_bytes=True,
        ),
        Encoder("dicodec-rle", (), _own, _refuses, exact_bytes=True),
    )
}
