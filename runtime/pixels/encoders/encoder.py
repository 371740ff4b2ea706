"""One encoder of one transfer syntax (`Encoder`), and the options `compress` takes.

The encoder modules of this package (`rle`, `jpegls`, ...) each make theirs from
these; the package's `__init__` gathers them by transfer syntax.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from numpy.typing import NDArray

from dicodec.errors import PixelDataError
from dicodec.pixels.description import PixelDescription
from dicodec.pixels.packages import importable

__all__ = ["EncodeOptions", "Encoder", "integer_pixels"]


@dataclass(frozen=True)
class EncodeOptions:
    """What `compress(**options)` may say, with pydicom 3's names where pydicom has one.

    `jls_error`: the NEAR parameter of JPEG-LS Near-Lossless (ISO 14495-1), the largest
    difference allowed per sample. `j2k_cr`: compression ratios, one per quality layer,
    or `j2k_psnr`: peak signal-to-noise ratios, for lossy JPEG 2000. `htj2k_quantization`:
    the quantization step of lossy HTJ2K (smaller keeps more). `deflate_level`: zlib's 0-9.
    """

    jls_error: int | None = None
    j2k_cr: tuple[float, ...] | None = None
    j2k_psnr: tuple[float, ...] | None = None
    htj2k_quantization: float | None = None
    deflate_level: int = 6

    @classmethod
    def from_keywords(cls, options: Mapping[str, Any]) -> EncodeOptions:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise PixelDataError(
                f"unknown compress() option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        values = dict(options)
        for name in ("j2k_cr", "j2k_psnr"):
            if values.get(name) is not None:
                values[name] = tuple(float(v) for v in values[name])
        return cls(**values)


EncodeFunction = Callable[[NDArray[Any], PixelDescription, EncodeOptions], bytes]
#: Why the codec cannot encode pixels so described with these options, naming the
#: parameter ("(BitsStored) 20: ..."); None when it can.
RefuseFunction = Callable[[PixelDescription, EncodeOptions], "str | None"]


@dataclass(frozen=True)
class Encoder:
    """One way of encoding frames into one transfer syntax."""

    name: str  # e.g. "pyjpegls"
    modules: tuple[str, ...]  # what must import for it to work
    encode: EncodeFunction
    refuses: RefuseFunction
    #: PS3.3 C.7.6.1.1.5 Lossy Image Compression Method, when the options make it lossy
    lossy_method: str = ""
    is_lossy: Callable[[EncodeOptions], bool] = lambda options: False
    #: the Photometric Interpretation of the encoded data, when the codec changes it
    photometric: Callable[[PixelDescription, EncodeOptions], str] = lambda desc, options: (
        desc.photometric_interpretation
    )
    #: it encodes the stored bytes exactly (RLE, deflate): native words can be handed over
    #: as they are stored, unused high bits included, instead of decoded first
    exact_bytes: bool = False

    def is_available(self) -> bool:
        return all(importable(m) for m in self.modules)


def integer_pixels(desc: PixelDescription) -> str | None:
    """The common refusal: encapsulated syntaxes hold integer Pixel Data only (PS3.5 A.4)."""
    if desc.is_float:
        return f"({desc.pixel_keyword}) holds floats; only integer Pixel Data is encapsulated"
    return None
