"""Overlay planes as arrays (PS3.3 C.9.2): packed in (60xx,3000), or in unused bits of Pixel Data.

An overlay is one bit per pixel. Normally the bits are packed in Overlay
Data, little-endian within each byte and continuing across frames (PS3.5
8.1.2), as pydicom unpacks them. In older files (PS3.3 C.9.2.1.3, retired,
still met) there is no Overlay Data: Overlay Bits Allocated equals the
image's Bits Allocated and Overlay Bit Position names a bit of each Pixel
Data word outside Bits Stored; pydicom does not read those.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from dicodec.datadict import tag_for_keyword
from dicodec.errors import PixelDataError, tag_text
from dicodec.pixels.description import PixelDescription
from dicodec.pixels.native import decode_native

if TYPE_CHECKING:
    from dicodec.dataset import Dataset

__all__ = ["overlay_array"]


def _element(name: str) -> int:
    """The element number of an Overlay Plane attribute, from the dictionary's 6000 group."""
    tag = tag_for_keyword(name)
    assert tag is not None, name
    return tag & 0xFFFF


_ROWS, _COLUMNS = _element("OverlayRows"), _element("OverlayColumns")
_FRAMES, _FRAME_ORIGIN = _element("NumberOfFramesInOverlay"), _element("ImageFrameOrigin")
_BITS_ALLOCATED, _BIT_POSITION = _element("OverlayBitsAllocated"), _element("OverlayBitPosition")
_DATA = _element("OverlayData")


def _value(ds: Dataset, group: int, element: int, default: Any = None) -> Any:
    found = ds.get((group, element))
    if found is None or found.value is None or found.value == "":
        return default
    value = found.value
    if isinstance(value, (list, tuple)) and element != _DATA:
        value = value[0] if value else default
    return value


def _required(ds: Dataset, group: int, element: int, what: str) -> int:
    value = _value(ds, group, element)
    if value is None:
        raise PixelDataError(
            f"the overlay in group {group:04X} has no {tag_text(group << 16 | element)} {what}; "
            "it is needed to read the overlay"
        )
    return int(value)


def overlay_array(ds: Dataset, group: int) -> NDArray[np.uint8]:
    """The overlay of repeating group `group` (0x6000 to 0x601E, even): 0s and 1s, shaped
    (rows, columns), or (frames, rows, columns) for a multi-frame overlay."""
    if not (0x6000 <= group <= 0x601E and group % 2 == 0):
        raise PixelDataError(f"overlay group {group:#06x} is not an even group of 6000 to 601E")
    rows = _required(ds, group, _ROWS, "Overlay Rows")
    columns = _required(ds, group, _COLUMNS, "Overlay Columns")
    frames = int(_value(ds, group, _FRAMES, 1) or 1)
    data = _value(ds, group, _DATA)
    if data is not None:
        bits = _unpack(bytes(data), rows * columns * frames, group)
    else:
        bits = _embedded(ds, group, rows, columns, frames)
    shape = (rows, columns) if frames == 1 else (frames, rows, columns)
    return bits.reshape(shape)


def _unpack(data: bytes, count: int, group: int) -> NDArray[np.uint8]:
    needed = (count + 7) // 8
    if len(data) < needed:
        raise PixelDataError(
            f"{tag_text(group << 16 | _DATA)} Overlay Data is {len(data)} bytes, "
            f"{needed} are needed for {count} overlay pixels"
        )
    unpacked: NDArray[np.uint8] = np.unpackbits(
        np.frombuffer(data, dtype=np.uint8, count=needed), bitorder="little"
    )[:count]
    return unpacked


def _embedded(ds: Dataset, group: int, rows: int, columns: int, frames: int) -> NDArray[np.uint8]:
    """The overlay bit of each Pixel Data word (PS3.3 C.9.2.1.3, retired)."""
    desc = PixelDescription.from_dataset(ds)
    bits_allocated = _required(ds, group, _BITS_ALLOCATED, "Overlay Bits Allocated")
    position = _required(ds, group, _BIT_POSITION, "Overlay Bit Position")
    if bits_allocated == 1:
        raise PixelDataError(
            f"the overlay in group {group:04X} has no {tag_text(group << 16 | _DATA)} Overlay Data"
        )
    if desc.is_encapsulated or desc.is_float or bits_allocated != desc.bits_allocated:
        raise PixelDataError(
            f"{tag_text(group << 16 | _BIT_POSITION)} puts the overlay in bit {position} of Pixel Data, "
            f"which needs native Pixel Data of {bits_allocated} bits allocated"
        )
    if not desc.high_bit < position < desc.bits_allocated and not (
        position < desc.high_bit - desc.bits_stored + 1
    ):
        raise PixelDataError(
            f"{tag_text(group << 16 | _BIT_POSITION)} Overlay Bit Position {position} is inside the "
            f"pixel's Bits Stored (bits {desc.high_bit - desc.bits_stored + 1} to {desc.high_bit})"
        )
    if (rows, columns) != (desc.rows, desc.columns) or desc.samples_per_pixel != 1:
        raise PixelDataError(
            f"an overlay in Pixel Data must have the image's {desc.rows} x {desc.columns} "
            f"monochrome pixels, group {group:04X} says {rows} x {columns}"
        )
    origin = int(_value(ds, group, _FRAME_ORIGIN, 1) or 1)
    if not 1 <= origin <= origin + frames - 1 <= desc.number_of_frames:
        raise PixelDataError(
            f"overlay frames {origin} to {origin + frames - 1} are not frames of the image "
            f"(it has {desc.number_of_frames})"
        )
    # every bit of the words, unsigned: Bits Stored and High Bit cover them all
    words = desc.replace(
        bits_stored=desc.bits_allocated, high_bit=desc.bits_allocated - 1, pixel_representation=0
    )
    value = ds[desc.pixel_keyword].value
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise PixelDataError(f"the {desc.pixel_keyword} value is {type(value).__name__}, not bytes")
    # PS3.5 A.2: 8-bit words in an OW value written big endian are swapped in pairs
    swap = (
        not desc.syntax.little_endian
        and desc.bits_allocated == 8
        and ds[desc.pixel_keyword].VR == "OW"
    )
    stack = [
        decode_native(value, words, index=origin - 1 + i, swap_ow_bytes=swap) for i in range(frames)
    ]
    out: NDArray[np.uint8] = (np.stack(stack) >> position & 1).astype(np.uint8)
    return out
