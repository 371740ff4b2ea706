"""dicodec's exceptions and warnings: one base class each, a few meaningful kinds.

Every exception raised on bad input is a `DicomError`. Its message says where
the problem is, and so do its attributes: `offset` (the byte offset in the
source) and `tag` (the element being read there), when known.

    DicomError
    ├── InvalidDicomError            the input is not DICOM, or is damaged
    │   └── TruncatedDataError       the data ends before a length says it does
    ├── InvalidValueError            a value breaks the rules of its VR
    │   └── InvalidTagError          a value that cannot be a tag
    ├── UnsupportedTransferSyntaxError   nothing in dicodec handles the syntax
    ├── PixelDataError               pixels that cannot be decoded or encoded
    │   └── NoCodecError             a codec package that is not installed
    ├── EncodeError                  a dataset that cannot be encoded as asked
    ├── CharsetError                 text the Specific Character Set cannot carry
    ├── UnknownKeywordError          a keyword that is not in the dictionary
    ├── MissingAttributeError        an IOD view's Type 1 attribute that is absent or empty
    ├── UnknownIODError              a SOP class (or IOD name) that no IOD view serves
    └── DeidentificationError        a dataset that cannot be de-identified as asked
        └── BurnedInAnnotationError  pixels that may show identity, not allowed
"""

from __future__ import annotations


def tag_text(tag: int) -> str:
    """A tag as dicodec writes it everywhere, in messages and listings: `(0010, 0010)`."""
    return f"({tag >> 16:04x}, {tag & 0xFFFF:04x})"


def _where(offset: int | None, tag: int | None) -> str:
    parts = []
    if tag is not None:
        parts.append(f"tag {tag_text(tag)}")
    if offset is not None:
        parts.append(f"offset {offset}")
    return f" [{', '.join(parts)}]" if parts else ""


class DicomError(Exception):
    """Base class of every exception dicodec raises on purpose.

    `offset` is the byte offset in the source where the problem was found and
    `tag` the element being read there, when known (both are also in the message).
    """

    offset: int | None = None
    tag: int | None = None

    def __init__(self, message: str = "", *, offset: int | None = None, tag: int | None = None):
        if offset is not None or tag is not None:
            message += _where(offset, tag)
            self.offset = offset
            self.tag = tag
        super().__init__(message)


class DicomWarning(UserWarning):
    """Base class of every warning dicodec issues."""


class DicomFormatWarning(DicomWarning):
    """The data breaks a rule of the DICOM encoding (PS3.5, PS3.10) and was read anyway.

    `dcmread(..., strict=True)` raises an `InvalidDicomError` instead.
    """


class InvalidDicomError(DicomError):
    """The input is not DICOM, or is damaged beyond reading."""


class TruncatedDataError(InvalidDicomError, EOFError):
    """The data ends before an element, item or fragment length says it does.

    An EOFError too, which pydicom raises when its buffers end early.
    """


class InvalidValueError(DicomError, ValueError):
    """A value that violates the rules of its VR (PS3.5 6.2), or cannot be converted to its type."""


class InvalidTagError(InvalidValueError):
    """A value that cannot be a tag: out of range, or of a type no tag is made from."""


class InvalidValueWarning(DicomWarning):
    """A value that violates the rules of its VR, let through on request or when reading."""


class UnsupportedTransferSyntaxError(DicomError, NotImplementedError):
    """A transfer syntax that nothing in dicodec (or its plugins) can decode or encode."""


class UnknownKeywordError(DicomError, AttributeError, KeyError, ValueError):
    """A keyword that is not in the data dictionary.

    An AttributeError (`ds.Misspelt = x`), a KeyError (`ds["Misspelt"]`) and a ValueError
    (`Tag("Misspelt")`): each is what pydicom raises in that place.

    The message may be any object, made a string only when read: the closest keywords
    are looked for when someone reads them, not by `getattr(ds, "Misspelt", None)`.
    """

    def __init__(self, message: object = "") -> None:
        Exception.__init__(self, message)

    def __str__(self) -> str:
        # KeyError quotes its message; this one should read as a sentence.
        return str(self.args[0]) if self.args else ""


class EncodeError(DicomError):
    """A dataset that cannot be encoded as asked (a value, a VR or a transfer syntax)."""


class CharsetError(DicomError, UnicodeError):
    """Text cannot be encoded (or decoded) with the Specific Character Set (0008,0005)."""


class CharsetWarning(DicomWarning):
    """A Specific Character Set problem that was worked around (unknown term, bad bytes)."""


class PixelDataError(DicomError, ValueError):
    """Pixel Data, or the Image Pixel attributes describing it, cannot be decoded or encoded.

    A ValueError too, so that code written for pydicom's `except ValueError` still catches it.
    """


class NoCodecError(PixelDataError):
    """A codec package that decodes the transfer syntax exists, but none is installed."""


class DeidentificationError(DicomError):
    """A dataset that cannot be de-identified as asked (PS3.15 Annex E)."""


class BurnedInAnnotationError(DeidentificationError):
    """The pixels may show identifying text (Burned In Annotation, or a secondary capture or
    ultrasound image that does not say NO), and the caller did not allow it: dicodec does not
    clean pixels."""


class MissingAttributeError(DicomError, AttributeError):
    """A Type 1 attribute that an IOD view requires is absent or empty (see `dicodec.iods`).

    The message names the IOD, the module and the type; an AttributeError too, so that
    `hasattr(ct, "Rows")` and `getattr(ct, "Rows", None)` work as with any attribute.
    """


class UnknownIODError(DicomError, LookupError):
    """A SOP Class UID, or an IOD name, that no IOD of PS3.3 serves."""
