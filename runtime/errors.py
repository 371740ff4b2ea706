"""dicodec's exceptions and warnings: one base class each, a few meaningful kinds.

Messages carry where a problem is: the byte offset in the source and the tag.
"""

from __future__ import annotations


class DicodecError(Exception):
    """Base class of every exception dicodec raises on purpose."""


class DicodecWarning(UserWarning):
    """Base class of every warning dicodec issues."""


class InvalidValueError(DicodecError, ValueError):
    """A value that violates the rules of its VR (PS3.5 6.2), or cannot be converted to its type."""


class InvalidValueWarning(DicodecWarning):
    """A value that violates the rules of its VR, let through on request or when reading."""


class UnknownKeywordError(DicodecError, AttributeError, KeyError):
    """A keyword that is not in the data dictionary."""

    def __str__(self) -> str:
        # KeyError quotes its message; this one should read as a sentence.
        return str(self.args[0]) if self.args else ""


class InvalidDicomError(DicodecError):
    """The input is not DICOM, or is damaged beyond reading.

    `offset` is the byte offset in the source where the problem was found and
    `tag` the element being read there, when known.
    """

    def __init__(self, message: str, *, offset: int | None = None, tag: int | None = None) -> None:
        where = []
        if tag is not None:
            where.append(f"tag ({tag >> 16:04X},{tag & 0xFFFF:04X})")
        if offset is not None:
            where.append(f"offset {offset}")
        super().__init__(f"{message} [{', '.join(where)}]" if where else message)
        self.offset = offset
        self.tag = tag


class EncodeError(DicodecError):
    """A dataset that cannot be encoded as asked (a value, a VR or a transfer syntax)."""


class CharsetError(DicodecError, UnicodeError):
    """Text cannot be encoded (or decoded) with the Specific Character Set (0008,0005)."""


class CharsetWarning(DicodecWarning):
    """A Specific Character Set problem that was worked around (unknown term, bad bytes)."""


class PixelDataError(DicodecError, ValueError):
    """Pixel Data, or the Image Pixel attributes describing it, cannot be decoded or encoded.

    A ValueError too, so that code written for pydicom's `except ValueError` still catches it.
    """


class NoCodecError(PixelDataError):
    """No installed codec package can decode the transfer syntax."""
