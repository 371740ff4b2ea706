"""Where an element's bytes are: the buffer it was parsed from, or a file to reopen.

The parser records each element as a `RawElement` tuple
`(VR, header start, value start, end, source)`; `end` includes the
sequence delimiter of an undefined-length value. The bytes stay in the source
until someone asks for the value, and an unchanged element is written back by
copying `source[header start:end]`.
"""

from __future__ import annotations

import os
import struct
from typing import Any, Final

from dicodec.errors import InvalidDicomError
from dicodec.generated import tags

# (VR or None, header start, value start, end, source): an element as the parser
# found it, before anyone asked for it. The VR is None when the data gave none
# (Implicit VR). Tuples, not records: the parser makes one per element, and a
# plain tuple is the cheapest object Python makes.
RawElement = tuple[str | None, int, int, int, "Source"]

UNDEFINED_LENGTH: Final = 0xFFFFFFFF
UNDEFINED: Final = b"\xff\xff\xff\xff"  # an undefined length, as stored (either byte order)


def delimiter(tag: int, little_endian: bool) -> bytes:
    """An item or sequence delimitation item: the tag and a zero length (PS3.5 7.5)."""
    return struct.pack("<HHI" if little_endian else ">HHI", tag >> 16, tag & 0xFFFF, 0)


# ends an undefined-length value (PS3.5 7.5), by byte order
SEQUENCE_DELIMITER: Final = {
    little: delimiter(tags.SequenceDelimitationItem, little) for little in (True, False)
}


class Source:
    """An in-memory buffer (bytes, or an mmap) and the transfer syntax it is encoded in.

    `strict` is how the buffer was read (`dcmread(..., strict=)`): values decoded
    from it later are held to the same rules (see `dicodec.leniency`).
    """

    __slots__ = ("buf", "implicit_vr", "little_endian", "strict")

    # The element's bytes are consistent (its header's length is its value's), so
    # they can be copied as read when writing.
    whole = True

    def __init__(
        self, buf: Any, *, implicit_vr: bool, little_endian: bool, strict: bool = False
    ) -> None:
        self.buf = buf
        self.implicit_vr = implicit_vr
        self.little_endian = little_endian
        self.strict = strict

    def like(self, *, implicit_vr: bool | None = None) -> Source:
        """A plain source over the same buffer, in the same syntax unless told otherwise."""
        return Source(
            self.buf,
            implicit_vr=self.implicit_vr if implicit_vr is None else implicit_vr,
            little_endian=self.little_endian,
            strict=self.strict,
        )

    def cut(self) -> TruncatedSource:
        """The source of a value cut short by the end of this buffer."""
        return TruncatedSource(
            self.buf,
            implicit_vr=self.implicit_vr,
            little_endian=self.little_endian,
            strict=self.strict,
        )

    def value_bytes(self, raw: RawElement) -> bytes:
        """The value of `raw`, without a closing sequence delimiter."""
        return bytes(self.buf[raw[2] : self.value_end(raw)])  # from the value start

    def value_end(self, raw: RawElement) -> int:
        """Where the value of `raw` ends: before the sequence delimiter of an undefined length."""
        end = raw[3]  # after the delimiter, if any
        if (
            self.is_undefined_length(raw)
            and self.buf[end - 8 : end] == SEQUENCE_DELIMITER[self.little_endian]
        ):
            return end - 8
        return end

    def element_bytes(self, raw: RawElement) -> bytes:
        """Header and value, exactly as read."""
        _, header, _, end, _ = raw
        return bytes(self.buf[header:end])

    def is_undefined_length(self, raw: RawElement) -> bool:
        _, header, start, _, _ = raw
        return start - 4 >= header and self.buf[start - 4 : start] == UNDEFINED


class TruncatedSource(Source):
    """The source of a value cut short by the end of the data, read leniently.

    Its header gives a length the data does not hold, so its bytes cannot be
    copied as read: the writer encodes a new header (and new items for a
    sequence) around the value bytes that are there.
    """

    __slots__ = ()
    whole = False


class FileSource(Source):
    """A deferred value: read from the file by offset when first asked for.

    The file is reopened by path (as pydicom does); a file that changed (size
    or modification time) meanwhile is refused rather than read at the wrong place.
    """

    __slots__ = ("path", "stamp")

    def __init__(
        self, path: str, *, implicit_vr: bool, little_endian: bool, strict: bool = False
    ) -> None:
        super().__init__(b"", implicit_vr=implicit_vr, little_endian=little_endian, strict=strict)
        self.path = path
        self.stamp = _stamp(path)

    def _read(self, start: int, end: int) -> bytes:
        try:
            if _stamp(self.path) != self.stamp:
                raise InvalidDicomError(
                    f"{self.path} changed since it was read: its deferred values are lost",
                    offset=start,
                )
            with open(self.path, "rb") as f:
                f.seek(start)
                data = f.read(end - start)
        except OSError as exc:
            raise InvalidDicomError(
                f"{self.path} cannot be read again for its deferred value: {exc}", offset=start
            ) from exc
        if len(data) != end - start:
            raise InvalidDicomError(f"{self.path} ends before the deferred value", offset=start)
        return data

    def value_bytes(self, raw: RawElement) -> bytes:
        _, _, start, end, _ = raw
        data = self._read(start, end)
        if self.is_undefined_length(raw) and data[-8:] == SEQUENCE_DELIMITER[self.little_endian]:
            data = data[:-8]
        return data

    def element_bytes(self, raw: RawElement) -> bytes:
        _, header, _, end, _ = raw
        return self._read(header, end)

    def is_undefined_length(self, raw: RawElement) -> bool:
        _, header, start, _, _ = raw
        if start - 4 < header:
            return False
        return self._read(start - 4, start) == UNDEFINED


def _stamp(path: str) -> tuple[int, int]:
    """What says a file is still the one read: its size and modification time."""
    status = os.stat(path)
    return status.st_size, status.st_mtime_ns
