"""The file-like objects `dcmread` reads from and `dcmwrite` writes to, as typing protocols.

pydicom's buffer wrappers (`dicodec.filebase`) are such objects; so is any binary file.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["ReadableBuffer", "WriteableBuffer"]


class ReadableBuffer(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...  # pragma: no cover

    def seek(self, offset: int, whence: int = ..., /) -> int: ...  # pragma: no cover

    def tell(self) -> int: ...  # pragma: no cover


class WriteableBuffer(Protocol):
    def seek(self, offset: int, whence: int = ..., /) -> int: ...  # pragma: no cover

    def tell(self) -> int: ...  # pragma: no cover

    def write(self, b: bytes | bytearray | memoryview, /) -> int | None: ...  # pragma: no cover
