"""A minimal Part 10 header walker: finds the Image Pixel attributes and where Pixel Data is.

TODO(reader): replace with `dicodec.dcmread(path, defer_size=1024)` once it exists: its
deferred PixelData element will carry `.file_offset` (absolute offset of the value's
first byte) and `.length` (0xFFFFFFFF when undefined), which is all this module provides.
"""

from __future__ import annotations

import mmap
import os
import struct
from typing import Any

from ..errors import PixelDataError
from ._syntaxes import syntax_info

__all__ = ["FileSource", "open_file"]

_US = {
    0x00280002,
    0x00280006,
    0x00280010,
    0x00280011,
    0x00280100,
    0x00280101,
    0x00280102,
    0x00280103,
}
_KEYWORDS = {
    0x00280002: "SamplesPerPixel",
    0x00280004: "PhotometricInterpretation",
    0x00280006: "PlanarConfiguration",
    0x00280008: "NumberOfFrames",
    0x00280010: "Rows",
    0x00280011: "Columns",
    0x00280100: "BitsAllocated",
    0x00280101: "BitsStored",
    0x00280102: "HighBit",
    0x00280103: "PixelRepresentation",
    0x7FE00001: "ExtendedOffsetTable",
    0x7FE00002: "ExtendedOffsetTableLengths",
}
_PIXEL_TAGS = {
    0x7FE00010: "PixelData",
    0x7FE00008: "FloatPixelData",
    0x7FE00009: "DoubleFloatPixelData",
}
_LONG_VRS = {
    b"OB",
    b"OD",
    b"OF",
    b"OL",
    b"OV",
    b"OW",
    b"SQ",
    b"SV",
    b"UC",
    b"UN",
    b"UR",
    b"UT",
    b"UV",
}
_UNDEFINED = 0xFFFFFFFF


class _Meta:
    def __init__(self, uid: str) -> None:
        self.TransferSyntaxUID = uid

    def get(self, keyword: str, default: Any = None) -> Any:
        return getattr(self, keyword, default)


class FileSource:
    """Dataset-like view of a file's Image Pixel attributes; Pixel Data stays on disk (mmap)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            self._map: mmap.mmap | bytes = (
                mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            )
        self.values: dict[str, Any] = {}
        self.pixel_keyword = ""
        self.file_offset = 0
        self.length = 0
        self.vr = "OB"
        self.file_meta = _Meta("")
        _walk(self)

    @property
    def buffer(self) -> memoryview:
        return memoryview(self._map)

    def pixel_value(self) -> memoryview:
        """The Pixel Data value (without the Sequence Delimitation Item when undefined length)."""
        end = len(self._map) if self.length == _UNDEFINED else self.file_offset + self.length
        return self.buffer[self.file_offset : end]

    def get(self, keyword: str, default: Any = None) -> Any:
        if keyword == "file_meta":
            return self.file_meta
        if keyword == self.pixel_keyword:
            return self.pixel_value()
        return self.values.get(keyword, default)

    def __contains__(self, keyword: str) -> bool:
        return keyword in self.values or keyword == self.pixel_keyword

    def close(self) -> None:
        if isinstance(self._map, mmap.mmap):
            try:
                self._map.close()
            except BufferError:  # arrays still view the map; it closes when they go
                pass


def open_file(path: str | os.PathLike[str]) -> FileSource:
    return FileSource(path)


def _walk(src: FileSource) -> None:
    buf = src._map
    size = len(buf)
    if size < 132 or buf[128:132] != b"DICM":
        raise PixelDataError(f"{size} bytes: not a DICOM Part 10 file (no 'DICM' at offset 128)")
    pos = 132
    uid = ""
    # File Meta Information: always Explicit VR Little Endian (PS3.10 7.1).
    while pos + 8 <= size and struct.unpack_from("<H", buf, pos)[0] == 0x0002:
        tag, vr, length, pos = _header(buf, pos, True, "<")
        if length == _UNDEFINED or pos + length > size:
            raise PixelDataError(
                f"file meta element at offset {pos - 8} has an invalid length {length}"
            )
        if tag == 0x00020010:
            uid = bytes(buf[pos : pos + length]).decode("ascii", "replace").strip("\x00 ")
        pos += length
    if not uid:
        raise PixelDataError("the file meta information has no (0002,0010) Transfer Syntax UID")
    info = syntax_info(uid)
    if info.deflated_dataset:
        raise PixelDataError(f"{info.name}: the whole dataset is deflated; read it with dcmread")
    src.file_meta = _Meta(uid)
    endian = ">" if info.big_endian else "<"
    explicit = info.explicit_vr
    if explicit and pos + 6 <= size and not bytes(buf[pos + 4 : pos + 6]).isupper():
        explicit = (
            False  # files that say explicit VR but are implicit exist (pydicom does the same)
        )
    while pos + 8 <= size:
        tag, vr, length, pos = _header(buf, pos, explicit, endian)
        if tag in _PIXEL_TAGS:
            src.pixel_keyword, src.file_offset, src.length = _PIXEL_TAGS[tag], pos, length
            src.vr = (
                vr.decode("ascii", "replace") if vr else ("OB" if length == _UNDEFINED else "OW")
            )
            if length != _UNDEFINED and pos + length > size:
                raise PixelDataError(
                    f"{src.pixel_keyword} at offset {pos} claims {length} bytes, the file has {size - pos}"
                )
            return
        if length == _UNDEFINED:
            pos = _skip_undefined(buf, pos, explicit, endian)
            continue
        if pos + length > size:
            raise PixelDataError(
                f"element ({tag >> 16:04X},{tag & 0xFFFF:04X}) at offset {pos} claims {length} bytes past the end"
            )
        keyword = _KEYWORDS.get(tag)
        if keyword:
            raw = bytes(buf[pos : pos + length])
            if tag in _US:
                src.values[keyword] = (
                    struct.unpack_from(f"{endian}H", raw)[0] if length >= 2 else None
                )
            elif tag in (0x7FE00001, 0x7FE00002):
                src.values[keyword] = raw
            else:
                src.values[keyword] = raw.decode("ascii", "replace").strip("\x00 ")
        pos += length
    raise PixelDataError("the file has no Pixel Data")


def _header(buf: Any, pos: int, explicit: bool, endian: str) -> tuple[int, bytes, int, int]:
    group, element = struct.unpack_from(f"{endian}HH", buf, pos)
    tag = group << 16 | element
    if group == 0xFFFE or not explicit:  # items and delimiters have no VR (PS3.5 7.5)
        (length,) = struct.unpack_from(f"{endian}I", buf, pos + 4)
        return tag, b"", length, pos + 8
    vr = bytes(buf[pos + 4 : pos + 6])
    if vr in _LONG_VRS:
        if pos + 12 > len(buf):
            raise PixelDataError(f"element header at offset {pos} is cut short")
        (length,) = struct.unpack_from(f"{endian}I", buf, pos + 8)
        return tag, vr, length, pos + 12
    (length,) = struct.unpack_from(f"{endian}H", buf, pos + 6)
    return tag, vr, length, pos + 8


def _skip_undefined(buf: Any, pos: int, explicit: bool, endian: str) -> int:
    """Skip an undefined-length value (SQ or encapsulated): nested items until its delimiter."""
    depth = 1
    size = len(buf)
    while pos + 8 <= size:
        tag, _, length, pos = _header(buf, pos, explicit, endian)
        if tag == 0xFFFEE0DD:  # Sequence Delimitation Item
            depth -= 1
            if depth == 0:
                return pos
            continue
        if tag == 0xFFFEE00D:  # Item Delimitation Item
            continue
        if length == _UNDEFINED:
            depth += 1 if tag != 0xFFFEE000 else 0
            continue
        if pos + length > size:
            raise PixelDataError(
                f"a value at offset {pos} claims {length} bytes past the end of the file"
            )
        pos += length  # an element, or an item of defined length
    raise PixelDataError("an undefined-length sequence runs past the end of the file")
