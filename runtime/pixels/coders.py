"""pydicom 3's `get_decoder(uid)` and `get_encoder(uid)`: a transfer syntax's decoder or
encoder, what of it is installed, and its `as_array` / `encode`.

They are views over dicodec's plugins (`plugins.py`) and encoders (`encoders/`), named
by dicodec's plugin names ("pylibjpeg-libjpeg", "dicodec-rle", ...), not pydicom's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dicodec.errors import PixelDataError, UnsupportedTransferSyntaxError
from dicodec.pixels.description import PixelDescription, syntax_info
from dicodec.pixels.encoders import EncodeOptions, encoders_for
from dicodec.pixels.encoding import encode_frames
from dicodec.pixels.plugins import plugins_of
from dicodec.records import TransferSyntax
from dicodec.values.uid import UID

__all__ = ["Decoder", "Encoder", "get_decoder", "get_encoder"]

Meta = dict[str, "str | int"]
#: `dicodec.pixels.pixel_array`, which the package gives the decoders and encoders it makes
PixelArray = Callable[..., NDArray[Any]]


def _syntax(uid: str, what: str) -> TransferSyntax:
    syntax = syntax_info(uid)
    if syntax.codec == "unknown":
        raise UnsupportedTransferSyntaxError(
            f"No pixel data {what} have been implemented for '{uid}'"
        )
    return syntax


@dataclass(frozen=True)
class Decoder:
    """The decoder of one transfer syntax (pydicom's `pixels.get_decoder(uid)`)."""

    UID: UID
    _pixel_array: PixelArray

    @property
    def _syntax(self) -> TransferSyntax:
        return syntax_info(self.UID)

    @property
    def is_native(self) -> bool:
        """Whether the syntax holds native (not encapsulated) pixels."""
        return not self._syntax.encapsulated

    @property
    def is_encapsulated(self) -> bool:
        return self._syntax.encapsulated

    @property
    def available_plugins(self) -> tuple[str, ...]:
        """The installed plugins, in order of preference (none for native pixels)."""
        if self.is_native:
            return ()
        return tuple(p.name for p in plugins_of(self._syntax) if p.is_available())

    @property
    def missing_dependencies(self) -> list[str]:
        """The plugins not installed, each with the modules it needs."""
        if self.is_native:
            return []
        return [
            f"{p.name} - requires {', '.join(p.modules)}"
            for p in plugins_of(self._syntax)
            if not p.is_available()
        ]

    @property
    def is_available(self) -> bool:
        return self.is_native or bool(self.available_plugins)

    def as_array(
        self,
        src: Any,
        *,
        index: int | None = None,
        validate: bool = True,
        raw: bool = False,
        decoding_plugin: str = "",
        **kwargs: Any,
    ) -> tuple[NDArray[Any], Meta]:
        """The pixels of the dataset `src` (frame `index`, or all) and what describes them:
        as `pixel_array` gives them (YBR as RGB unless `raw`)."""
        desc = PixelDescription.from_dataset(src, str(self.UID))
        arr = self._pixel_array(
            src, index=index, as_rgb=not raw, decoding_plugin=decoding_plugin or None
        )
        return arr, _meta(desc, arr, raw, 1 if index is not None else desc.number_of_frames)

    def iter_array(
        self,
        src: Any,
        *,
        indices: Iterable[int] | None = None,
        validate: bool = True,
        raw: bool = False,
        decoding_plugin: str = "",
        **kwargs: Any,
    ) -> Iterator[tuple[NDArray[Any], Meta]]:
        """Each frame of the dataset `src` in turn (those of `indices`), as `as_array` gives one."""
        desc = PixelDescription.from_dataset(src, str(self.UID))
        for index in indices if indices is not None else range(desc.number_of_frames):
            yield self.as_array(src, index=index, raw=raw, decoding_plugin=decoding_plugin)


def _meta(desc: PixelDescription, arr: NDArray[Any], raw: bool, frames: int) -> Meta:
    """What describes decoded pixels, under pydicom's keys."""
    photometric = desc.photometric_interpretation
    if not raw and photometric in ("YBR_FULL", "YBR_FULL_422"):
        photometric = "RGB"
    meta: Meta = {
        "bits_allocated": arr.dtype.itemsize * 8 if arr.dtype.kind in "ui" else desc.bits_allocated,
        "bits_stored": desc.bits_stored,
        "columns": desc.columns,
        "number_of_frames": frames,
        "photometric_interpretation": photometric,
        "pixel_representation": desc.pixel_representation,
        "rows": desc.rows,
        "samples_per_pixel": desc.samples_per_pixel,
    }
    if desc.samples_per_pixel > 1:
        meta["planar_configuration"] = 0  # decoded pixels are colour-by-pixel
    return meta


def get_decoder(uid: str, pixel_array: PixelArray) -> Decoder:
    """The decoder of the transfer syntax `uid`; a NotImplementedError when there is none."""
    syntax = _syntax(uid, "decoders")
    # native pixels decode in-house; anything else needs a plugin (JPIP's pixels are
    # elsewhere, SMPTE ST 2110 is video)
    if syntax.codec != "native" and not plugins_of(syntax):
        raise UnsupportedTransferSyntaxError(
            f"No pixel data decoders have been implemented for '{syntax.name}'"
        )
    return Decoder(UID(uid), pixel_array)


@dataclass(frozen=True)
class Encoder:
    """The encoders of one transfer syntax (pydicom's `pixels.get_encoder(uid)`)."""

    UID: UID
    _pixel_array: PixelArray
    is_native = False
    is_encapsulated = True

    @property
    def available_plugins(self) -> tuple[str, ...]:
        return tuple(e.name for e in encoders_for(self.UID) if e.is_available())

    @property
    def missing_dependencies(self) -> list[str]:
        return [
            f"{e.name} - requires {', '.join(e.modules)}"
            for e in encoders_for(self.UID)
            if not e.is_available()
        ]

    @property
    def is_available(self) -> bool:
        return bool(self.available_plugins)

    def encode(
        self,
        src: Any,
        *,
        index: int | None = None,
        validate: bool = True,
        encoding_plugin: str = "",
        **kwargs: Any,
    ) -> bytes:
        """One frame of `src` encoded: a dataset's (its stored pixels), or a numpy array's
        (described by `photometric_interpretation` and `bits_stored`); `index` picks the
        frame of a multi-frame source. Other keywords are the encoder's options."""
        frames = list(
            self.iter_encode(src, indices=[index or 0], encoding_plugin=encoding_plugin, **kwargs)
        )
        return frames[0]

    def iter_encode(
        self,
        src: Any,
        *,
        indices: Iterable[int] | None = None,
        validate: bool = True,
        encoding_plugin: str = "",
        **kwargs: Any,
    ) -> Iterator[bytes]:
        """Each frame of `src` encoded in turn (those of `indices`)."""
        arr, desc, options = _source(src, kwargs, self._pixel_array)
        frames = arr.reshape(desc.number_of_frames, *desc.frame_shape)
        one = desc.replace(number_of_frames=1)
        for index in indices if indices is not None else range(desc.number_of_frames):
            encoded, _ = encode_frames(
                frames[index], one, str(self.UID), options, encoding_plugin or None
            )
            yield encoded[0]


def _source(
    src: Any, kwargs: dict[str, Any], pixel_array: PixelArray
) -> tuple[NDArray[Any], PixelDescription, EncodeOptions]:
    """The pixels to encode, what describes them, and the encoder's options."""
    options = dict(kwargs)
    if isinstance(src, np.ndarray):
        photometric = options.pop("photometric_interpretation", None)
        bits_stored = options.pop("bits_stored", None)
        if photometric is None or bits_stored is None:
            raise PixelDataError(
                "an array to encode needs photometric_interpretation= and bits_stored="
            )
        for described in (
            "rows",
            "columns",
            "samples_per_pixel",
            "bits_allocated",
            "pixel_representation",
            "number_of_frames",
            "planar_configuration",
        ):
            options.pop(described, None)  # the array's shape and dtype say these
        desc = PixelDescription.for_array(src.shape, src.dtype, str(photometric), int(bits_stored))
        return src, desc, EncodeOptions.from_keywords(options)
    stored = PixelDescription.from_dataset(src)
    arr = pixel_array(src, as_rgb=False)  # 4:2:2 comes back one (Y, Cb, Cr) per pixel
    photometric = stored.photometric_interpretation.replace("YBR_FULL_422", "YBR_FULL")
    desc = PixelDescription.for_array(arr.shape, arr.dtype, photometric, stored.bits_stored)
    return arr, desc, EncodeOptions.from_keywords(options)


def get_encoder(uid: str, pixel_array: PixelArray) -> Encoder:
    """The encoder of the transfer syntax `uid`; a NotImplementedError when there is none."""
    syntax = _syntax(uid, "encoders")
    if not encoders_for(syntax.uid):
        raise UnsupportedTransferSyntaxError(
            f"No pixel data encoders have been implemented for '{syntax.name}'"
        )
    return Encoder(UID(uid), pixel_array)
