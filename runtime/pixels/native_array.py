"""Native (uncompressed) Pixel Data to a numpy array, with nothing but numpy.

What `dicodec.pixels.pixel_array` does for a native transfer syntax (which it calls this
module for): the pixel value read without a copy where it can be, Explicit VR Big
Endian's swapped bytes, YBR_FULL shown as RGB, and errors that say where. Its own
`pixel_array` decodes native Pixel Data only, importing no codec plugin: the `pixels`
module of a package of `dicodec embed --pixels` (docs/embedding.md).
"""

from __future__ import annotations

import mmap
from typing import TYPE_CHECKING, Any

from numpy.typing import NDArray

from dicodec.errors import PixelDataError, UnsupportedTransferSyntaxError
from dicodec.pixels.description import PIXEL_KEYWORDS, PixelDescription
from dicodec.pixels.native import decode_native
from dicodec.pixels.processing import convert_color_space
from dicodec.tag import Tag

if TYPE_CHECKING:
    from dicodec.dataset import Dataset

__all__ = ["Pixels", "decode_native_pixels", "located", "pixel_array", "to_rgb"]


class Pixels:
    """A dataset and its pixel value: in the dataset, or a view of the memory-mapped file."""

    def __init__(self, ds: Dataset, value: Any = None, file_map: mmap.mmap | None = None) -> None:
        self.ds = ds
        self._value = value
        self._map = file_map

    def value(self, desc: PixelDescription) -> Any:
        if self._value is not None:
            return self._value
        element = self.ds.get(Tag(desc.pixel_keyword))
        view = getattr(element, "value_view", None)
        if view is not None and (buffer := view()) is not None:
            # unchanged and in memory: decode from the read buffer, copying once
            self._value = buffer
            return buffer
        value = self.ds.get(desc.pixel_keyword)
        if value is None:
            raise PixelDataError(f"the dataset has no ({desc.pixel_keyword}) value")
        if not isinstance(value, (bytes, bytearray, memoryview)):
            # a damaged file gave it a text or number VR
            raise PixelDataError(
                f"the {desc.pixel_keyword} value is {type(value).__name__}, not bytes "
                f"(VR {element.VR if element is not None else '?'})"
            )
        return value

    def close(self) -> None:
        if isinstance(self._value, memoryview):
            try:
                self._value.release()
            except BufferError:  # still viewed by an array; released with it
                pass
        self._value = None
        if self._map is not None:
            try:
                self._map.close()
            except BufferError:  # an array still views the map; it closes when that goes
                pass


def _pixel_vr(ds: Dataset, desc: PixelDescription) -> str:
    try:
        return str(ds[desc.pixel_keyword].VR)
    except (KeyError, AttributeError, TypeError):
        return "OB"


def to_rgb(arr: NDArray[Any], photometric: str, as_rgb: bool) -> NDArray[Any]:
    if as_rgb and photometric in ("YBR_FULL", "YBR_FULL_422"):
        return convert_color_space(arr, photometric, "RGB")
    return arr


def decode_native_pixels(
    px: Pixels, desc: PixelDescription, index: int | None, as_rgb: bool
) -> NDArray[Any]:
    """The native pixels of `px` (all frames, or frame `index`)."""
    value = px.value(desc)
    # PS3.5 A.2: Explicit VR Big Endian stores 8-bit pixels in OW as swapped words.
    swap = (
        not desc.syntax.little_endian
        and desc.bits_allocated == 8
        and _pixel_vr(px.ds, desc) == "OW"
    )
    arr = decode_native(value, desc, index=index, swap_ow_bytes=swap)
    photometric = "YBR_FULL" if desc.is_ybr_422_native else desc.photometric_interpretation
    return to_rgb(arr, photometric, as_rgb)


def located(exc: PixelDataError, ds: Dataset) -> PixelDataError:
    """The same error, saying where: the pixel element's tag, and its value's offset if read."""
    if exc.tag is not None or exc.offset is not None:
        return exc
    keyword = next((kw for kw in PIXEL_KEYWORDS if kw in ds), None)
    if keyword is None:
        return exc
    element = ds[keyword]
    return type(exc)(str(exc), offset=element.file_offset, tag=int(element.tag))


def pixel_array(
    src: Dataset,
    *,
    index: int | None = None,
    as_rgb: bool = True,
    decoding_plugin: str | None = None,
) -> NDArray[Any]:
    """The native pixels of dataset `src` (all frames, or frame `index`), as
    `dicodec.pixels.pixel_array` gives them; encapsulated (compressed) Pixel Data is refused
    with UnsupportedTransferSyntaxError: `dicodec.pixels` decodes it. (`decoding_plugin`, as
    `dicodec.pixels.pixel_array` takes it: native Pixel Data needs none.)"""
    px = Pixels(src)
    try:
        desc = PixelDescription.from_dataset(src)
        if desc.is_encapsulated or desc.syntax.codec != "native":
            raise UnsupportedTransferSyntaxError(
                f"{desc.syntax.name or desc.transfer_syntax_uid}: native Pixel Data only is "
                "decoded here (dicodec.pixels decodes the others)"
            )
        return decode_native_pixels(px, desc, index, as_rgb)
    except PixelDataError as exc:
        raise located(exc, src) from exc
    finally:
        px.close()
