"""`Tag`: a data element tag, an `int` that always holds (group, element)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final, SupportsIndex

from dicodec.datadict import keyword_for_tag, name_of, tag_for_keyword, unknown_keyword
from dicodec.errors import DicomError, InvalidTagError, tag_text
from dicodec.generated import tags
from dicodec.generated.dictionary import DICTIONARY

_HEX_TAG = re.compile(
    r"\(?\s*(?:0x)?([0-9A-Fa-f]{4})\s*,\s*(?:0x)?([0-9A-Fa-f]{4})\s*\)?|(?:0x)?([0-9A-Fa-f]{8})"
)

_SHORT_HEX = re.compile(r"(?:0x)?[0-9A-Fa-f]{1,8}")


class Tag(int):
    """A data element tag: `Tag(0x00100010) == Tag(0x10, 0x10) == Tag("PatientName")`.

    Made from an int, two ints, a `(group, element)` pair, a keyword, or a hex
    string (`"00100010"`, `"0x00100010"`, `"(0010,0010)"`). Prints as `(0010, 0010)`.

    As in pydicom, a tag equals and orders against anything a tag is made from:
    `Tag(0x10, 0x10) == (0x10, 0x10) == "PatientName"`; what is no tag is unequal,
    and ordering against it is a TypeError.
    """

    __slots__ = ()

    def __new__(cls, arg: Any, element: SupportsIndex | None = None) -> Tag:
        if element is not None:
            return cls._from_pair(arg, element)
        if type(arg) is cls:
            return arg
        if isinstance(arg, int):
            if not 0 <= arg <= 0xFFFFFFFF:
                raise InvalidTagError(f"tag {arg:#x} is outside 0..0xFFFFFFFF")
            return int.__new__(cls, arg)
        if isinstance(arg, (tuple, list)):
            if len(arg) != 2:
                raise InvalidTagError(f"a tag pair has two ints, not {arg!r}")
            return cls._from_pair(arg[0], arg[1])
        if isinstance(arg, str):
            return cls._from_text(arg)
        raise InvalidTagError(f"cannot make a tag from {type(arg).__name__} {arg!r}")

    @classmethod
    def _from_pair(cls, group: Any, element: Any) -> Tag:
        if isinstance(group, str) or isinstance(element, str):
            raise InvalidTagError(f"a tag pair has two ints, not ({group!r}, {element!r})")
        group, element = int(group), int(element)
        if not (0 <= group <= 0xFFFF and 0 <= element <= 0xFFFF):
            raise InvalidTagError(f"tag ({group:#x}, {element:#x}): group and element are 16-bit")
        return int.__new__(cls, group << 16 | element)

    @classmethod
    def _from_text(cls, text: str) -> Tag:
        tag = tag_for_keyword(text)
        if tag is not None:
            return int.__new__(cls, tag)
        match = _HEX_TAG.fullmatch(text.strip())
        if match is None:
            if _SHORT_HEX.fullmatch(text.strip()):  # "10", "0x7FE0": hex, as pydicom reads it
                return int.__new__(cls, int(text, 16))
            raise unknown_keyword(text)
        if match.group(3):
            return int.__new__(cls, int(match.group(3), 16))
        return int.__new__(cls, int(match.group(1), 16) << 16 | int(match.group(2), 16))

    @property
    def group(self) -> int:
        return self >> 16

    @property
    def element(self) -> int:
        return self & 0xFFFF

    elem = element

    @property
    def is_private(self) -> bool:
        """Private tags have an odd group number (PS3.5 7.8)."""
        return self >> 16 & 1 == 1

    @property
    def is_private_creator(self) -> bool:
        """(gggg,0010)-(gggg,00FF) in a private group reserve a block (PS3.5 7.8.1)."""
        return self >> 16 & 1 == 1 and 0x10 <= self & 0xFFFF <= 0xFF

    @property
    def private_creator(self) -> Tag:
        """The tag of the private creator that reserves this private tag's block (PS3.5 7.8.1):
        (gggg,00xx) for (gggg,xxee). Meaningless for a tag that is not private, as in pydicom."""
        return int.__new__(Tag, (self & 0xFFFF0000) | (self & 0xFFFF) >> 8)

    @property
    def json_key(self) -> str:
        """The tag as a key of the DICOM JSON Model: "00100010" (PS3.18 F.2.1.1)."""
        return f"{self:08X}"

    @property
    def keyword(self) -> str:
        return keyword_for_tag(self)

    @property
    def name(self) -> str:
        return name_of(self)

    def __repr__(self) -> str:
        return tag_text(self)

    __str__ = __repr__

    # -- comparison with what a tag is made from (pydicom's rules) ------------------------
    __hash__ = int.__hash__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, int):
            return int(self) == int(other)
        found = _other_tag(other)
        return found is not None and int(self) == found

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __lt__(self, other: object) -> bool:
        return int(self) < _ordered(other)

    def __le__(self, other: object) -> bool:
        return int(self) <= _ordered(other)

    def __gt__(self, other: object) -> bool:
        return int(self) > _ordered(other)

    def __ge__(self, other: object) -> bool:
        return int(self) >= _ordered(other)


def _other_tag(other: object) -> int | None:
    """The tag `other` makes (a pair, a keyword, hex text, a number as pydicom takes it),
    or None when it makes none."""
    if isinstance(other, float) and 0 <= other <= 0xFFFFFFFF:
        return int(other)  # pydicom's Tag(1.5) is 1
    if not isinstance(other, (tuple, list, str)):
        return None
    try:
        return int(Tag(other))
    except (DicomError, ValueError, TypeError):
        return None


def _ordered(other: object) -> int:
    if isinstance(other, int):
        return int(other)
    found = _other_tag(other)
    if found is None:
        raise TypeError(f"cannot order a Tag against {type(other).__name__} {other!r}")
    return found


def TupleTag(group_elem: tuple[int, int]) -> Tag:
    """A tag from a `(group, element)` pair known to be valid (pydicom's fast factory)."""
    return int.__new__(Tag, group_elem[0] << 16 | group_elem[1])


@contextmanager
def tag_in_exception(tag: int) -> Iterator[None]:
    """Within the block, an exception is raised again, of its type, with `tag` in its message
    (pydicom's helper for code that converts elements)."""
    try:
        yield
    except Exception as exc:
        raise type(exc)(f"With tag {tag_text(tag)} got exception: {exc}") from exc


# One shared `Tag` per tag of the data dictionary: elements made by the parser
# or by keyword assignment take theirs from here (a Tag is immutable). Speed: a
# 10,000-item RT Structure Set has 60,000 elements, and a Tag each was 60,000
# more objects for the cyclic garbage collector to walk (sequence-10k-build-write).
DICTIONARY_TAGS: Final[dict[int, Tag]] = {tag: int.__new__(Tag, tag) for tag in DICTIONARY}


# pydicom's names: its base class of tags, and the tags its reader and writer name
BaseTag = Tag
ItemTag: Final = DICTIONARY_TAGS[tags.Item]
ItemDelimiterTag: Final = DICTIONARY_TAGS[tags.ItemDelimitationItem]
SequenceDelimiterTag: Final = DICTIONARY_TAGS[tags.SequenceDelimitationItem]
TAG_CHARSET: Final = DICTIONARY_TAGS[tags.SpecificCharacterSet]
TAG_PIXREP: Final = DICTIONARY_TAGS[tags.PixelRepresentation]


def as_tag(key: Any) -> int:
    """A plain int tag from anything `Tag` accepts; ints pass through untouched (hot path)."""
    if type(key) is int:
        return key
    return int(Tag(key))


__all__ = [
    "DICTIONARY_TAGS",
    "TAG_CHARSET",
    "TAG_PIXREP",
    "BaseTag",
    "InvalidTagError",
    "ItemDelimiterTag",
    "ItemTag",
    "SequenceDelimiterTag",
    "Tag",
    "TupleTag",
    "as_tag",
    "tag_in_exception",
    "tag_text",
]
