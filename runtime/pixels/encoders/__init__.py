"""Encoders for the compressed transfer syntaxes, by transfer syntax, in order of preference.

Each `Encoder` turns one frame (rows, columns[, samples]) into the bytes of
one fragment. Before any frame is encoded, `refuses` says which parameter
(an Image Pixel attribute, or an option) the codec cannot encode, so that
nothing is half done. RLE Lossless and Deflated Image Frame Compression are
in-house; the others wrap the field's maintained codec packages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from numpy.typing import NDArray

from dicodec.errors import NoCodecError, PixelDataError, UnsupportedTransferSyntaxError
from dicodec.pixels.description import PixelDescription, syntax_info
from dicodec.pixels.packages import importable

__all__ = ["EncodeOptions", "Encoder", "encoders_for", "pick_encoder"]


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


def _registry() -> dict[str, tuple[Encoder, ...]]:
    from dicodec.pixels.encoders import deflate, htj2k, jpeg2000, jpegls, rle

    table: dict[str, tuple[Encoder, ...]] = {}
    for module in (rle, jpegls, jpeg2000, htj2k, deflate):
        for uid, encoders in module.ENCODERS.items():
            table[uid] = encoders
    return table


@cache
def _encoders() -> dict[str, tuple[Encoder, ...]]:
    return _registry()


def encoders_for(uid: str) -> tuple[Encoder, ...]:
    """Every encoder of the transfer syntax, in order of preference."""
    return _encoders().get(str(uid), ())


#: The pyproject extra that installs an encoder, by encoder name.
EXTRAS = {
    "pylibjpeg-rle": "rle",
    "pyjpegls": "jpegls",
    "pylibjpeg-openjpeg": "j2k",
    "itkwasm-htj2k": "htj2k",
}


def pick_encoder(
    uid: str, desc: PixelDescription, options: EncodeOptions, only: str | None = None
) -> Encoder:
    """The first installed encoder of `uid` (or the one named `only`) that accepts `desc`.

    Raises UnsupportedTransferSyntaxError when dicodec encodes no such syntax,
    NoCodecError when none is installed, PixelDataError naming the parameter
    when the installed ones cannot encode it.
    """
    syntax = syntax_info(uid)
    candidates = encoders_for(uid)
    if not candidates:
        known = ", ".join(sorted(_encoders()))
        raise UnsupportedTransferSyntaxError(
            f"dicodec cannot encode {syntax.name} ({uid}); it encodes: {known}"
        )
    if only is not None:
        named = tuple(e for e in candidates if e.name == only)
        if not named:
            names = ", ".join(e.name for e in candidates)
            raise NoCodecError(
                f"{only!r} does not encode {syntax.name} ({uid}); its encoders: {names}"
            )
        candidates = named
    installed = [e for e in candidates if e.is_available()]
    if not installed:
        names = ", ".join(e.name for e in candidates)
        extra = next((EXTRAS[e.name] for e in candidates if e.name in EXTRAS), "codecs")
        raise NoCodecError(
            f"encoding {syntax.name} ({uid}) needs {names}; "
            f'install it with: pip install "dicodec[{extra}]"'
        )
    reasons = []
    for encoder in installed:
        reason = encoder.refuses(desc, options)
        if reason is None:
            return encoder
        reasons.append(f"{encoder.name}: {reason}" if len(installed) > 1 else reason)
    raise PixelDataError(f"cannot encode {syntax.name} ({uid}): " + "; ".join(reasons))


def integer_pixels(desc: PixelDescription) -> str | None:
    """The common refusal: encapsulated syntaxes hold integer Pixel Data only (PS3.5 A.4)."""
    if desc.is_float:
        return f"({desc.pixel_keyword}) holds floats; only integer Pixel Data is encapsulated"
    return None
