"""JPEG 2000 Lossless and lossy encoding with pylibjpeg-openjpeg (ISO 15444-1)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from dicodec.generated.uid_constants import JPEG2000, JPEG2000Lossless
from dicodec.pixels.description import PixelDescription
from dicodec.pixels.encoders.encoder import EncodeOptions, Encoder, integer_pixels

__all__ = ["ENCODERS"]

_SMALLEST_SIDE = 32
METHOD = "ISO_15444_1"  # PS3.3 C.7.6.1.1.5.1


def _common(desc: PixelDescription) -> str | None:
    if (why := integer_pixels(desc)) is not None:
        return why
    if desc.samples_per_pixel not in (1, 3):
        return f"(SamplesPerPixel) {desc.samples_per_pixel}: JPEG 2000 encodes 1 or 3 samples here"
    if desc.bits_allocated not in (8, 16, 32):
        return f"(BitsAllocated) {desc.bits_allocated}: openjpeg encodes 8, 16 or 32"
    if not 1 <= desc.bits_stored <= 24:
        return f"(BitsStored) {desc.bits_stored}: openjpeg encodes 1 to 24 bits"
    if desc.high_bit != desc.bits_stored - 1:
        return f"(HighBit) {desc.high_bit}: JPEG 2000 samples start at bit 0 (High Bit = Bits Stored - 1)"
    if desc.is_ybr_422_native:
        return "(PhotometricInterpretation) YBR_FULL_422: JPEG 2000 encodes unsubsampled samples"
    if min(desc.rows, desc.columns) < _SMALLEST_SIDE:
        # its 6 resolution levels (5 wavelet decompositions) need 2**5 pixels a side
        return (
            f"(Rows) {desc.rows} x (Columns) {desc.columns}: pylibjpeg-openjpeg encodes "
            f"images of at least {_SMALLEST_SIDE} x {_SMALLEST_SIDE}"
        )
    return None


def _lossless_refuses(desc: PixelDescription, options: EncodeOptions) -> str | None:
    if options.j2k_cr or options.j2k_psnr:
        return f"j2k_cr / j2k_psnr: JPEG 2000 Lossless allows no loss; use JPEG 2000 ({JPEG2000})"
    return _common(desc)


def _lossy_refuses(desc: PixelDescription, options: EncodeOptions) -> str | None:
    if (why := _common(desc)) is not None:
        return why
    if bool(options.j2k_cr) == bool(options.j2k_psnr):
        return "give one of j2k_cr (compression ratios) or j2k_psnr (signal-to-noise ratios)"
    layers = options.j2k_cr or options.j2k_psnr or ()
    if options.j2k_cr and (min(layers) < 1 or list(layers) != sorted(layers, reverse=True)):
        return f"j2k_cr {list(layers)}: ratios of at least 1, from the largest down"
    if options.j2k_psnr and (min(layers) <= 0 or list(layers) != sorted(layers)):
        return f"j2k_psnr {list(layers)}: positive ratios, from the smallest up"
    return None


def _uses_mct(desc: PixelDescription) -> bool:
    """The reversible/irreversible colour transform of ISO 15444-1 Annex G, for RGB only.

    Not for 1-bit or 24-bit samples: openjpeg 2.5 then decodes some images wrong
    (2 of 60 random 1-bit images, 10 of 20 24-bit ones; the transform needs one bit
    more than the samples), so they are encoded as RGB without it.
    """
    return (
        desc.samples_per_pixel == 3
        and desc.photometric_interpretation == "RGB"
        and 1 < desc.bits_stored < 24
    )


def _photometric(desc: PixelDescription, options: EncodeOptions) -> str:
    """PS3.5 8.2.4: RGB encoded with the component transform is YBR_RCT (lossless) or YBR_ICT."""
    if not _uses_mct(desc):
        return desc.photometric_interpretation
    return "YBR_ICT" if options.j2k_cr or options.j2k_psnr else "YBR_RCT"


def _encode(frame: NDArray[Any], desc: PixelDescription, options: EncodeOptions) -> bytes:
    from openjpeg.utils import encode_array

    arr = np.ascontiguousarray(frame)
    encoded: bytes = encode_array(
        arr,
        bits_stored=desc.bits_stored,
        photometric_interpretation=1 if _uses_mct(desc) else 0,
        use_mct=_uses_mct(desc),
        compression_ratios=list(options.j2k_cr) if options.j2k_cr else None,
        signal_noise_ratios=list(options.j2k_psnr) if options.j2k_psnr else None,
        codec_format=0,  # a J2K codestream, no JP2 box (PS3.5 8.2.4)
    )
    return bytes(encoded)


_MODULES = ("openjpeg",)
ENCODERS = {
    JPEG2000Lossless: (
        Encoder(
            "pylibjpeg-openjpeg", _MODULES, _encode, _lossless_refuses, photometric=_photometric
        ),
    ),
    JPEG2000: (
        Encoder(
            "pylibjpeg-openjpeg",
            _MODULES,
            _encode,
            _lossy_refuses,
            METHOD,
            lambda options: True,
            _photometric,
        ),
    ),
}
