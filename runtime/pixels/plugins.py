"""Decoders for compressed transfer syntaxes, by codec family, in order of preference.

Each plugin wraps one of the field's maintained codec packages; the first one
installed is used (the README says why this order). RLE Lossless (when
pylibjpeg-rle is not installed), Deflated Image Frame Compression and
encapsulated uncompressed data are decoded in-house and always available.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dicodec.errors import (
    DicomWarning,
    NoCodecError,
    PixelDataError,
    UnsupportedTransferSyntaxError,
)
from dicodec.generated.uid_constants import JPEGBaseline8Bit, JPEGExtended12Bit
from dicodec.pixels import deflate, rle
from dicodec.pixels.description import PixelDescription
from dicodec.pixels.native import correct_unused_bits, decode_native
from dicodec.pixels.packages import importable
from dicodec.records import TransferSyntax

__all__ = [
    "Plugin",
    "available_plugins",
    "decode_encoded_frame",
    "plugins_for",
    "plugins_of",
]

DecodeFunction = Callable[[bytes, PixelDescription], NDArray[Any]]
#: Why a plugin will not decode a frame whose output would differ from the reference, or None.
DeclineFunction = Callable[[bytes, PixelDescription], "str | None"]


def _accepts_all(data: bytes, desc: PixelDescription) -> str | None:
    return None


#: The pyproject extra that installs a decoder for each codec family.
EXTRAS = {"jpeg": "jpeg", "jpegls": "jpegls", "jpeg2000": "j2k", "htj2k": "j2k", "rle": "rle"}


@dataclass(frozen=True)
class Plugin:
    """One way of decoding one codec family."""

    name: str  # e.g. "pylibjpeg-libjpeg"
    modules: tuple[str, ...]  # what must import for the plugin to work
    decode: DecodeFunction
    #: Checked before decoding: a reason when the plugin's output would not be the
    #: reference array (pydicom's with the maintained codec packages), so the next is tried.
    declines: DeclineFunction = _accepts_all
    limits: str = ""  # what it decodes, said where it is offered: "8-bit unsigned only"

    def is_available(self) -> bool:
        return all(importable(m) for m in self.modules)

    def offered_as(self) -> str:
        return f"{self.name} ({self.limits})" if self.limits else self.name

    def decode_frame(self, data: bytes, desc: PixelDescription) -> NDArray[Any]:
        """Decode one frame to (rows, cols[, samples]), as the codestream says."""
        return self.decode(data, desc)


# -- codestream metadata ------------------------------------------------------------


@dataclass(frozen=True)
class _JpegInfo:
    precision: int = 0
    component_ids: tuple[int, ...] = ()
    app_prefixes: tuple[bytes, ...] = ()
    rows: int = 0  # 0: not given (a DNL marker gives it later, ISO 10918-1 B.2.5)
    columns: int = 0
    sampling: tuple[int, ...] = ()  # each component's Hi << 4 | Vi (ISO 10918-1 B.2.2)
    adobe_transform: int | None = None  # the APP14 "Adobe" colour transform flag, if present


def _jpeg_info(data: bytes) -> _JpegInfo:
    """Scan JPEG / JPEG-LS markers up to Start of Scan (ISO 10918-1 B.1, 14495-1 C.2)."""
    pos, precision, rows, columns = 2, 0, 0, 0
    ids: tuple[int, ...] = ()
    sampling: tuple[int, ...] = ()
    adobe: int | None = None
    apps: list[bytes] = []
    size = len(data)
    while pos + 4 <= size and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        body = data[pos + 4 : pos + 2 + length]
        if 0xE0 <= marker <= 0xEF:
            apps.append(bytes(body[:5]))
            if marker == 0xEE and body[:5] == b"Adobe" and len(body) >= 12:
                adobe = body[11]
        elif marker in (
            0xC0,
            0xC1,
            0xC2,
            0xC3,
            0xC5,
            0xC6,
            0xC7,
            0xC9,
            0xCA,
            0xCB,
            0xCD,
            0xCE,
            0xCF,
            0xF7,
        ):
            if len(body) >= 6:
                precision = body[0]
                rows = int.from_bytes(body[1:3], "big")
                columns = int.from_bytes(body[3:5], "big")
                ncomp = body[5]
                ids = tuple(body[6 + 3 * i] for i in range(ncomp) if 6 + 3 * i < len(body))
                sampling = tuple(body[7 + 3 * i] for i in range(ncomp) if 7 + 3 * i < len(body))
        elif marker == 0xDA:
            break
        pos += 2 + length
    return _JpegInfo(precision, ids, tuple(apps), rows, columns, sampling, adobe)


def _j2k_siz(data: bytes) -> tuple[int, bool] | None:
    """(precision, signed) of the first component from the SIZ marker (ISO 15444-1 A.5.1)."""
    components = _j2k_components(data)
    return components[0] if components else None


def _j2k_components(data: bytes) -> list[tuple[int, bool]]:
    """(precision, signed) of every component from the SIZ marker (ISO 15444-1 A.5.1)."""
    pos = data.find(b"\xff\x4f\xff\x51")
    if pos < 0 or pos + 42 > len(data):
        return []
    count = int.from_bytes(data[pos + 40 : pos + 42], "big")
    found = []
    for i in range(count):
        at = pos + 42 + 3 * i
        if at >= len(data):
            break
        ssiz = data[at]
        found.append(((ssiz & 0x7F) + 1, bool(ssiz & 0x80)))
    return found


def _j2k_size(data: bytes) -> tuple[int, int] | None:
    """(rows, columns) of the image from the SIZ marker: Ysiz - YOsiz, Xsiz - XOsiz (A.5.1)."""
    pos = data.find(b"\xff\x4f\xff\x51")
    if pos < 0 or pos + 24 > len(data):
        return None
    xsiz, ysiz, xosiz, yosiz = struct.unpack_from(">4I", data, pos + 8)
    return max(0, ysiz - yosiz), max(0, xsiz - xosiz)


def _check_size(data: bytes, desc: PixelDescription) -> None:
    """Refuse a codestream claiming more pixels than the frame has, before decoding it.

    The codec would allocate what a damaged (or hostile) header says: a JPEG
    2000 SIZ of 524,388 rows instead of 100 made both decoders allocate 157 MB.
    """
    codec = desc.syntax.codec
    if codec in ("jpeg", "jpegls"):
        info = _jpeg_info(data)
        rows, columns = info.rows, info.columns
        if info.precision and rows == 0:
            # A height left to a DNL marker (ISO 10918-1 B.2.5): the decoders then grow
            # the image without bound (a fuzzed 3 KB frame took 24 GB before the OOM killer).
            raise PixelDataError(
                f"the {desc.syntax.name} frame header gives no height (it would come from a "
                "DNL marker): not decoded"
            )
    elif codec in ("jpeg2000", "htj2k"):
        rows, columns = _j2k_size(data) or (0, 0)
    else:
        return
    if rows * columns > desc.rows * desc.columns:
        raise PixelDataError(
            f"the {desc.syntax.name} codestream is {rows} x {columns} pixels, "
            f"more than the {desc.rows} x {desc.columns} of (Rows) x (Columns)"
        )


# -- plugin implementations ---------------------------------------------------------


def _libjpeg(data: bytes, desc: PixelDescription) -> NDArray[Any]:
    from libjpeg.utils import decode

    # colour_transform=0: return the samples as encoded; colour conversion is ours.
    return np.asarray(decode(data, 0, reshape=True))


def _charls(data: bytes, desc: PixelDescription) -> NDArray[Any]:
    import jpeg_ls

    return np.asarray(jpeg_ls.jlsread(data))


def _openjpeg(data: bytes, desc: PixelDescription) -> NDArray[Any]:
    from openjpeg.utils import decode

    return np.asarray(decode(data))


def _pillow(data: bytes, desc: PixelDescription) -> NDArray[Any]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        if image.format == "JPEG" and desc.photometric_interpretation.startswith("YBR"):
            image.draft("YCbCr", image.size)  # keep Pillow from converting to RGB
        return np.asarray(image)


def _rle(data: bytes, desc: PixelDescription) -> NDArray[Any]:
    return rle.decode_frame(data, desc)


def _pylibjpeg_rle(data: bytes, desc: PixelDescription) -> NDArray[Any]:
    """pylibjpeg-rle (compiled): the frame's samples come back plane by plane (PS3.5 G.2)."""
    from rle.rle import decode_frame

    pixels = desc.rows * desc.columns
    frame = decode_frame(data, pixels, desc.bits_allocated, "<")
    planes = np.frombuffer(
        frame, dtype=desc.dtype.newbyteorder("<"), count=pixels * desc.samples_per_pixel
    )
    if desc.samples_per_pixel == 1:
        out = planes.reshape(desc.rows, desc.columns).astype(desc.dtype, copy=False)
    else:
        shape = (desc.samples_per_pixel, desc.rows, desc.columns)
        out = np.ascontiguousarray(planes.reshape(shape).transpose(1, 2, 0), dtype=desc.dtype)
    if desc.bits_stored < desc.bits_allocated:
        correct_unused_bits(out, desc)
    return out


def _deflate(data: bytes, desc: PixelDescription) -> NDArray[Any]:
    return deflate.decode_frame(data, desc)


def _encapsulated_native(data: bytes, desc: PixelDescription) -> NDArray[Any]:
    # PS3.5 A.4.11: each fragment is one uncompressed frame, little endian.
    return decode_native(data, desc.replace(number_of_frames=1), byteorder="<")


def _pillow_jpeg_declines(data: bytes, desc: PixelDescription) -> str | None:
    """Where Pillow's JPEG output is not the reference (libjpeg, colour transform 0, then
    dicodec's YCbCr -> RGB): measured over pydicom's corpus, see the README."""
    if desc.transfer_syntax_uid not in (JPEGBaseline8Bit, JPEGExtended12Bit):
        return "Pillow decodes only JPEG Baseline and Extended (lossy) JPEG"
    info = _jpeg_info(data)
    if info.precision > 8 or desc.bits_stored > 8:
        return f"Pillow decodes only 8-bit JPEG, this frame is {info.precision or desc.bits_stored}-bit"
    if desc.samples_per_pixel == 1:
        return None
    if not _effective_photometric(data, desc, warn=False).startswith("YBR"):
        # libjpeg-turbo applies its own colour conversion to RGB-coded components:
        # up to 137 levels off on SC_rgb_jpeg.dcm.
        return "Pillow converts the colour of RGB-coded JPEG itself"
    if any(factor & 0x0F > 1 for factor in info.sampling):
        # libjpeg-turbo's "fancy" vertical upsampling: 1 to 3 levels off (examples_ybr_color.dcm)
        return "Pillow upsamples vertically subsampled (4:2:0) chroma differently"
    return None


def _pillow_j2k_declines(data: bytes, desc: PixelDescription) -> str | None:
    """Pillow reads JPEG 2000 as 8-bit unsigned (or 16-bit "I;16") images: signed samples
    lose their sign and 9- to 16-bit ones their precision (MR_small_jp2klossless.dcm came
    back as -32641..-30623 instead of 127..2145)."""
    components = _j2k_components(data)
    if not components:
        return "the JPEG 2000 codestream has no SIZ marker Pillow could be checked against"
    if desc.pixel_representation or any(signed for _, signed in components):
        return "Pillow loses the sign of signed JPEG 2000 samples"
    if desc.bits_stored > 8 or any(precision > 8 for precision, _ in components):
        return "Pillow keeps only 8-bit JPEG 2000 samples exactly"
    return None


_LIBJPEG = Plugin("pylibjpeg-libjpeg", ("libjpeg",), _libjpeg)
_CHARLS = Plugin("pyjpegls", ("jpeg_ls",), _charls)
_OPENJPEG = Plugin("pylibjpeg-openjpeg", ("openjpeg",), _openjpeg)
_PILLOW = Plugin(
    "pillow",
    ("PIL.Image",),
    _pillow,
    _pillow_jpeg_declines,
    "8-bit lossy monochrome or YCbCr without 4:2:0 subsampling",
)
_PILLOW_J2K = Plugin(
    "pillow",
    ("PIL.Image", "PIL.Jpeg2KImagePlugin"),
    _pillow,
    _pillow_j2k_declines,
    "8-bit unsigned only",
)

_FAMILIES: dict[str, tuple[Plugin, ...]] = {
    "jpeg": (_LIBJPEG, _PILLOW),
    "jpegls": (_CHARLS, _LIBJPEG),
    "jpeg2000": (_OPENJPEG, _PILLOW_J2K),
    "htj2k": (_OPENJPEG,),
    # pylibjpeg-rle first when installed: compiled, ~8x faster than the in-house decoder
    "rle": (Plugin("pylibjpeg-rle", ("rle",), _pylibjpeg_rle), Plugin("dicodec-rle", (), _rle)),
    "deflate_frames": (Plugin("dicodec-deflate", ("zlib",), _deflate),),
    # Encapsulated Uncompressed: the registry's codec is "native" (PS3.5 A.4.11).
    "native": (Plugin("dicodec-native", (), _encapsulated_native),),
}


def plugins_for(desc: PixelDescription) -> tuple[Plugin, ...]:
    """Every plugin that handles the transfer syntax, in order of preference."""
    return plugins_of(desc.syntax)


def plugins_of(syntax: TransferSyntax) -> tuple[Plugin, ...]:
    """Every plugin that decodes the transfer syntax's encapsulated frames, in order."""
    return _FAMILIES.get(syntax.codec, ())


def available_plugins(desc: PixelDescription, only: str | None = None) -> list[Plugin]:
    """The installed plugins for the transfer syntax, in order; raise NoCodecError if none
    is installed, UnsupportedTransferSyntaxError if none exists.

    `only` names the one plugin to use (e.g. "dicodec-rle"), as pydicom's
    `decoding_plugin` does.
    """
    plugins = plugins_for(desc)
    syntax = desc.syntax
    if only is not None:
        plugins = tuple(p for p in plugins if p.name == only)
        if not plugins:
            names = ", ".join(p.name for p in plugins_for(desc)) or "none"
            raise NoCodecError(
                f"{only!r} does not decode {syntax.name} ({syntax.uid}); its plugins: {names}"
            )
    if not plugins:
        raise UnsupportedTransferSyntaxError(
            f"dicodec cannot decode {syntax.name} ({syntax.uid}): no decoder exists for it"
        )
    found = [p for p in plugins if p.is_available()]
    if not found:
        names = ", ".join(p.offered_as() for p in plugins)
        raise NoCodecError(
            f"decoding {syntax.name} ({syntax.uid}) needs one of: {names}; {_install_hint(desc)}"
        )
    return found


def _install_hint(desc: PixelDescription) -> str:
    extra = EXTRAS.get(desc.syntax.codec, "codecs")
    return f'install one with: pip install "dicodec[{extra}]"'


# -- from codestream to the array pydicom gives -------------------------------------


def _effective_photometric(data: bytes, desc: PixelDescription, *, warn: bool = True) -> str:
    """The colour space of the decoded samples, where the codestream overrides the dataset."""
    pi = desc.photometric_interpretation
    family = desc.syntax.codec
    if family in ("jpeg2000", "htj2k") and pi in ("YBR_ICT", "YBR_RCT"):
        return "RGB"  # the JPEG 2000 decoder applies the inverse component transform
    if family not in ("jpeg", "jpegls") or desc.samples_per_pixel != 3:
        return pi
    info = _jpeg_info(data)
    if info.component_ids in ((82, 71, 66), (114, 103, 98)) and pi != "RGB":  # "RGB" / "rgb"
        if warn:
            warnings.warn(
                f"(PhotometricInterpretation) is {pi!r} but the JPEG codestream's component IDs "
                "say RGB; decoding as RGB",
                DicomWarning,
                stacklevel=4,
            )
        return "RGB"
    if any(a.startswith(b"JFIF") for a in info.app_prefixes) and "YBR" not in pi:
        # JFIF mandates YCbCr (JFIF 1.02 section "Standard color space").
        wanted = "YBR_FULL_422" if desc.transfer_syntax_uid == JPEGBaseline8Bit else "YBR_FULL"
        if warn:
            warnings.warn(
                f"(PhotometricInterpretation) is {pi!r} but the JPEG codestream has a JFIF "
                f"marker, which means {wanted}; decoding as {wanted}",
                DicomWarning,
                stacklevel=4,
            )
        return wanted
    return pi


def _conform(arr: NDArray[Any], data: bytes, desc: PixelDescription) -> NDArray[Any]:
    """Fix dtype and signedness of a decoded frame the way pydicom does."""
    family = desc.syntax.codec
    if family in ("jpeg2000", "htj2k", "jpegls"):
        if family == "jpegls":
            info = _jpeg_info(data)
            precision, signed = info.precision or desc.bits_stored, False
        else:
            siz = _j2k_siz(data)
            precision, signed = siz if siz else (desc.bits_stored, arr.dtype.kind == "i")
        size = 1 if precision <= 8 else 2 if precision <= 16 else 4
        kind = "i" if desc.pixel_representation else "u"
        out = arr.astype(f"{arr.dtype.kind}{size}", copy=False).view(f"{kind}{size}")
        if not out.flags.writeable:
            out = out.copy()
        shift = 8 * size - precision
        needs = (family == "jpegls" and desc.pixel_representation == 1) or (
            family != "jpegls"
            and signed != bool(desc.pixel_representation)
            and desc.photometric_interpretation in ("MONOCHROME1", "MONOCHROME2")
        )
        if needs and shift:
            np.left_shift(out, shift, out=out)
            np.right_shift(out, shift, out=out)
        return out
    if family in ("rle", "deflate_frames", "native"):
        return arr  # already conformed by the in-house decoder
    out = (
        arr.astype(desc.dtype, copy=True)
        if arr.dtype != desc.dtype or not arr.flags.writeable
        else arr
    )
    if desc.bits_stored < desc.bits_allocated:
        correct_unused_bits(out, desc)
    return out


def decode_encoded_frame(
    data: bytes, desc: PixelDescription, plugin_name: str | None = None
) -> tuple[NDArray[Any], str]:
    """Decode one encoded frame; return (array, its photometric interpretation).

    The array is shaped (rows, cols[, samples]); colour conversion is left to the caller.
    """
    errors = []
    _check_size(data, desc)
    declined = 0
    plugins = available_plugins(desc, plugin_name)
    for plugin in plugins:
        reason = plugin.declines(data, desc)
        if reason is not None:
            declined += 1
            errors.append(f"{plugin.name} declines: {reason}")
            continue
        try:
            arr = plugin.decode_frame(data, desc)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            # A codec's own exception types vary; a Rust codec's panic (pyo3's
            # PanicException, seen from pylibjpeg-rle on damaged data) is a BaseException.
            errors.append(f"{plugin.name}: {type(exc).__name__}: {exc}")
            continue
        arr = arr.reshape(desc.frame_shape) if arr.size == desc.samples_per_frame else arr
        if arr.shape != desc.frame_shape:
            errors.append(f"{plugin.name}: decoded shape {arr.shape}, expected {desc.frame_shape}")
            continue
        return _conform(arr, data, desc), _effective_photometric(data, desc)
    message = f"cannot decode a {desc.syntax.name} frame: " + "; ".join(errors)
    if declined == len(plugins):
        # every installed plugin declined: one that is not installed would decode it
        others = [p.name for p in plugins_for(desc) if not p.is_available()]
        hint = f"; {', '.join(others)} would decode it, {_install_hint(desc)}" if others else ""
        raise NoCodecError(message + hint)
    raise PixelDataError(message)
