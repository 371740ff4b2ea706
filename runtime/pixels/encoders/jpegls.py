"""JPEG-LS Lossless and Near-Lossless encoding with pyjpegls (CharLS, ISO 14495-1)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from dicodec.generated.uid_constants import JPEGLSLossless, JPEGLSNearLossless
from dicodec.pixels.description import PixelDescription
from dicodec.pixels.encoders.encoder import EncodeOptions, Encoder, integer_pixels

__all__ = ["ENCODERS"]

_SMALLEST_FRAME = 256
METHOD = "ISO_14495_1"  # PS3.3 C.7.6.1.1.5.1, Defined Terms of Lossy Image Compression Method


def _common(desc: PixelDescription) -> str | None:
    if (why := integer_pixels(desc)) is not None:
        return why
    if desc.samples_per_pixel not in (1, 3):
        return f"(SamplesPerPixel) {desc.samples_per_pixel}: JPEG-LS encodes 1 or 3 samples here"
    if desc.bits_allocated not in (8, 16):
        return f"(BitsAllocated) {desc.bits_allocated}: JPEG-LS encodes 8 or 16"
    if not 2 <= desc.bits_stored <= 16:
        return f"(BitsStored) {desc.bits_stored}: JPEG-LS encodes 2 to 16 bits (ISO 14495-1)"
    if desc.high_bit != desc.bits_stored - 1:
        return f"(HighBit) {desc.high_bit}: JPEG-LS samples start at bit 0 (High Bit = Bits Stored - 1)"
    frame_bytes = desc.samples_per_frame * (1 if desc.bits_stored <= 8 else 2)
    if frame_bytes < _SMALLEST_FRAME:
        # pyjpegls gives CharLS twice the frame's size to write into: the headers alone
        # overflow a frame this small (a 3 x 3 RGB frame fails)
        return (
            f"(Rows) {desc.rows} x (Columns) {desc.columns}: pyjpegls encodes frames of "
            f"{_SMALLEST_FRAME} bytes or more, this one is {frame_bytes}"
        )
    return None


def _lossless_refuses(desc: PixelDescription, options: EncodeOptions) -> str | None:
    if options.jls_error:
        return f"jls_error {options.jls_error}: JPEG-LS Lossless allows no error; use Near-Lossless"
    return _common(desc)


def _near_refuses(desc: PixelDescription, options: EncodeOptions) -> str | None:
    if (why := _common(desc)) is not None:
        return why
    error = options.jls_error
    if error is None:
        return "jls_error is needed: the largest error allowed per sample (NEAR, 1 or more)"
    limit = min(255, (1 << desc.bits_stored) // 2)
    if not 0 <= error <= limit:
        return f"jls_error {error}: must be 0 to {limit} for {desc.bits_stored} bits stored"
    if desc.pixel_representation and error:
        # the codec works on unsigned samples: an error near the sign wraps around
        return "(PixelRepresentation) 1: signed pixels are encoded lossless only (jls_error 0)"
    return None


def _encode(frame: NDArray[Any], desc: PixelDescription, options: EncodeOptions) -> bytes:
    from jpeg_ls import encode_buffer

    samples = np.ascontiguousarray(frame).view(f"u{desc.dtype.itemsize}")
    if desc.pixel_representation and desc.bits_stored < desc.bits_allocated:
        # signed: the two's complement of Bits Stored bits, as the decoders sign-extend it
        samples = samples & ((1 << desc.bits_stored) - 1)
    data = samples.astype(samples.dtype.newbyteorder("<"), copy=False).tobytes()
    encoded = encode_buffer(
        data,
        desc.rows,
        desc.columns,
        desc.samples_per_pixel,
        desc.bits_stored,
        lossy_error=options.jls_error or 0,
        interleave_mode=2 if desc.samples_per_pixel > 1 else None,  # colour-by-pixel
    )
    return bytes(encoded)


ENCODERS = {
    JPEGLSLossless: (Encoder("pyjpegls", ("jpeg_ls",), _encode, _lossless_refuses),),
    JPEGLSNearLossless: (
        Encoder(
            "pyjpegls",
            ("jpeg_ls",),
            _encode,
            _near_refuses,
            METHOD,
            lambda options: bool(options.jls_error),
        ),
    ),
}
