"""pydicom's `filebase`: a buffer wrapped with DICOM's tags and numbers in its byte order.

`DicomBytesIO` (over an in-memory buffer) and `DicomFileLike` (over any file
object with `seek` and `tell`) are what pydicom users hand to `dcmread` and
`dcmwrite`; dicodec takes them, and any other binary file object, directly.
`is_little_endian` and `is_implicit_VR` must be set before the `read_*` /
`write_*` helpers are used.
"""

from __future__ import annotations

import os
import struct
from io import BytesIO
from typing import TYPE_CHECKING, Any

from dicodec.buffers import ReadableBuffer, WriteableBuffer
from dicodec.errors import EncodeError, TruncatedDataError

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "DicomBytesIO",
    "DicomFile",
    "DicomFileLike",
    "DicomIO",
    "ReadableBuffer",
    "WriteableBuffer",
]


_STRUCTS = {
    little: (struct.Struct(f"{order}H"), struct.Struct(f"{order}L"), struct.Struct(f"{order}HH"))
    for little, order in ((True, "<"), (False, ">"))
}


class DicomIO:
    """A buffer (anything with `seek` and `tell`, and `read` and/or `write`) for DICOM data."""

    def __init__(self, buffer: ReadableBuffer | WriteableBuffer) -> None:
        for method in ("seek", "tell"):
            if not callable(getattr(buffer, method, None)):
                raise TypeError(
                    f"{type(self).__name__} needs a buffer with seek() and tell(): "
                    f"'{type(buffer).__name__}' has no {method}()"
                )
        self._buffer = buffer
        self._name: str | None = getattr(buffer, "name", None)
        self._little_endian: bool | None = None
        self._implicit_vr: bool | None = None

    # -- the buffer's own methods --------------------------------------------------------------
    def read(self, size: int = -1, /) -> bytes:
        """Up to `size` bytes (all that are left when -1)."""
        read = getattr(self._buffer, "read", None)
        if read is None:
            raise TypeError(
                f"'{type(self).__name__}' cannot be used with "
                f"'{type(self._buffer).__name__}': object has no read() method"
            )
        data: bytes = read(size)
        return data

    def write(self, b: bytes | bytearray | memoryview, /) -> int:
        write = getattr(self._buffer, "write", None)
        if write is None:
            raise TypeError(
                f"'{type(self).__name__}' cannot be used with "
                f"'{type(self._buffer).__name__}': object has no write() method"
            )
        written = write(b)
        return len(b) if written is None else int(written)

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        return self._buffer.seek(offset, whence)

    def tell(self) -> int:
        return self._buffer.tell()

    def close(self, *args: Any, **kwargs: Any) -> Any:
        """Close the buffer, when it can be closed."""
        close = getattr(self._buffer, "close", None)
        return close(*args, **kwargs) if close is not None else None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def name(self) -> str | None:
        """The buffer's `name` (a file's path), or None."""
        return self._name

    @name.setter
    def name(self, name: str) -> None:
        self._name = name

    @property
    def parent(self) -> ReadableBuffer | WriteableBuffer:
        """The wrapped buffer."""
        return self._buffer

    # -- encoding ------------------------------------------------------------------------------
    @property
    def is_little_endian(self) -> bool:
        """The byte order of the tags and numbers read and written."""
        if self._little_endian is None:
            raise AttributeError(f"{type(self).__name__}.is_little_endian' has not been set")
        return self._little_endian

    @is_little_endian.setter
    def is_little_endian(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"'{type(self).__name__}.is_little_endian' must be bool")
        self._little_endian = value

    @property
    def is_implicit_VR(self) -> bool:
        """Whether the data has its VRs implicit (PS3.5 7.1.3)."""
        if self._implicit_vr is None:
            raise AttributeError(f"{type(self).__name__}.is_implicit_VR' has not been set")
        return self._implicit_vr

    @is_implicit_VR.setter
    def is_implicit_VR(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"'{type(self).__name__}.is_implicit_VR' must be bool")
        self._implicit_vr = value

    def _structs(self) -> tuple[struct.Struct, struct.Struct, struct.Struct]:
        return _STRUCTS[self.is_little_endian]

    # -- DICOM's numbers ---------------------------------------------------------------------
    def read_exact(self, length: int, nr_retries: int = 3) -> bytes:
        """Exactly `length` bytes; a buffer that ends first raises `TruncatedDataError` (an EOFError)."""
        start = self.tell()
        data = bytearray(self.read(length))
        attempts = 0
        while len(data) < length and attempts < nr_retries:
            more = self.read(length - len(data))
            data += more
            attempts += 1
        if len(data) != length:
            raise TruncatedDataError(
                f"unexpected end of data: {len(data)} of {length} bytes read", offset=start
            )
        return bytes(data)

    def read_tag(self) -> tuple[int, int]:
        """A tag's (group, element)."""
        group, element = self._structs()[2].unpack(self.read_exact(4))
        return group, element

    def read_UL(self) -> int:
        value: int = self._structs()[1].unpack(self.read_exact(4))[0]
        return value

    def read_US(self) -> int:
        value: int = self._structs()[0].unpack(self.read_exact(2))[0]
        return value

    def write_tag(self, tag: int) -> None:
        self.write(self._pack(2, tag >> 16, tag & 0xFFFF))

    def write_UL(self, val: int) -> None:
        self.write(self._pack(1, val))

    def write_US(self, val: int) -> None:
        self.write(self._pack(0, val))

    def _pack(self, which: int, *values: int) -> bytes:
        packer = self._structs()[which]
        try:
            return packer.pack(*values)
        except struct.error as exc:
            raise EncodeError(f"cannot write {values} as {packer.format!r}: {exc}") from None


class DicomFileLike(DicomIO):
    """A file object wrapped for DICOM data (see `DicomIO`)."""


def DicomFile(*args: Any, **kwargs: Any) -> DicomFileLike:
    """`open(*args, **kwargs)`, wrapped in a `DicomFileLike`."""
    return DicomFileLike(open(*args, **kwargs))  # the wrapper owns the file: close() closes it


class DicomBytesIO(DicomIO):
    """An in-memory buffer for DICOM data (see `DicomIO`), with `getvalue()`."""

    def __init__(self, initial_bytes: bytes | bytearray | memoryview = b"") -> None:
        self._bytes = BytesIO(initial_bytes)
        super().__init__(self._bytes)

    def getvalue(self) -> bytes:
        return self._bytes.getvalue()
