"""Encoders for the compressed transfer syntaxes, by transfer syntax, in order of preference.

Each `Encoder` turns one frame (rows, columns[, samples]) into the bytes of
one fragment. Before any frame is encoded, `refuses` says which parameter
(an Image Pixel attribute, or an option) the codec cannot encode, so that
nothing is half done. RLE Lossless and Deflated Image Frame Compression are
in-house; the others wrap the field's maintained codec packages.
"""

from __future__ import annotations

from functools import cache

from dicodec.errors import NoCodecError, PixelDataError, UnsupportedTransferSyntaxError
from dicodec.pixels.description import PixelDescription, syntax_info
from dicodec.pixels.encoders.encoder import EncodeOptions, Encoder

__all__ = ["EncodeOptions", "Encoder", "encoders_for", "pick_encoder"]


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
