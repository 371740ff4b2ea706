"""Lookups in the generated data dictionary: a tag's VR, VM, name and keyword.

The tables are `dicodec.generated.dictionary`; this module adds what they
cannot say by themselves: repeating groups such as (60xx,3000), the keywords
the standard renamed (still accepted, with a DeprecationWarning), and the
closest keywords to a misspelt one.
"""

from __future__ import annotations

import os
import sys
import warnings
from functools import lru_cache
from types import FrameType

from dicodec.errors import UnknownKeywordError
from dicodec.generated.dictionary import DICTIONARY, KEYWORDS, LEFT_OUT, REPEATERS
from dicodec.generated.keyword_aliases import KEYWORD_ALIASES

Entry = tuple[str, str, str, bool, str]  # VR, VM, name, retired, keyword

_GROUP_LENGTH: Entry = ("UL", "1", "Group Length", False, "")
_PRIVATE_CREATOR: Entry = ("LO", "1", "Private Creator", False, "")


@lru_cache(maxsize=4096)
def _repeater_entry(tag: int) -> Entry | None:
    for mask, value, vr, vm, name, retired, keyword in REPEATERS:
        if tag & mask == value:
            return (vr, vm, name, retired, keyword)
    return None


def entry(tag: int) -> Entry | None:
    """The dictionary entry of `tag`, repeating groups and group lengths included."""
    found = DICTIONARY.get(tag)
    if found is not None:
        return found
    if tag >> 16 & 1:  # private group: only creators and lengths are known
        element = tag & 0xFFFF
        if element == 0:
            return _GROUP_LENGTH
        if 0x10 <= element <= 0xFF:
            return _PRIVATE_CREATOR
        return None
    if tag & 0xFFFF == 0:  # (gggg,0000) is a group length in every group (PS3.5 7.2)
        return _GROUP_LENGTH
    return _repeater_entry(tag)


def dictionary_VM(tag: int) -> str:
    found = entry(tag)
    return found[1] if found is not None else ""


def dictionary_description(tag: int) -> str:
    """The tag's name in the standard, as the listing prints it."""
    found = entry(tag)
    return found[2] if found is not None else ""


def dictionary_is_retired(tag: int) -> bool:
    found = entry(tag)
    return found[3] if found is not None else False


def keyword_for_tag(tag: int) -> str:
    """The keyword of `tag`, or "" when it has none."""
    found = entry(tag)
    return found[4] if found is not None else ""


def tag_for_keyword(keyword: str) -> int | None:
    """The tag of `keyword`, or None when no element has it.

    An old keyword that the standard renamed gives its element's tag, with a
    DeprecationWarning that names the new keyword.
    """
    tag = KEYWORDS.get(keyword)
    if tag is None and keyword in KEYWORD_ALIASES:
        tag, _, message = KEYWORD_ALIASES[keyword]
        warn_renamed(message)
    return tag


_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def warn_renamed(message: str) -> None:
    """A DeprecationWarning for a renamed keyword, pointing at the first caller outside dicodec."""
    frame: FrameType | None = sys._getframe(1)
    level = 2  # warn's stacklevel of that frame
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    warnings.warn(message, DeprecationWarning, stacklevel=level)


def suggest_keywords(word: str, count: int = 3) -> list[str]:
    """The keywords closest to a misspelt `word`, best first."""
    import difflib  # only for an error message

    lowered = {k.lower(): k for k in KEYWORDS}
    close = difflib.get_close_matches(word.lower(), lowered, n=count, cutoff=0.75)
    return [lowered[c] for c in close]


@lru_cache(maxsize=1)
def _left_out() -> tuple[int, frozenset[int]]:
    """(bits, the top `bits` of the CRC-32 of each keyword these tables leave out): the
    LEFT_OUT table decoded (codegen.contexts.left_out_lines writes it)."""
    import base64  # only for an error message

    data = base64.b85decode(LEFT_OUT)
    size, k, bits = data[0], data[1], "".join(format(byte, "08b") for byte in data[2:])
    found: set[int] = set()
    value = at = 0
    while True:
        stop = bits.find("0", at)
        if stop < 0 or stop + 1 + k > len(bits):
            return size, frozenset(found)
        value += (stop - at) << k | int(bits[stop + 1 : stop + 1 + k], 2)
        found.add(value)
        at = stop + 1 + k


def is_left_out(word: str) -> bool:
    """True for a keyword of the standard's dictionary that these tables leave out: never in
    dicodec, whose tables are whole; in a package of `dicodec embed`, one outside its selection.
    """
    if not LEFT_OUT or not word.isascii():
        return False
    import zlib

    size, hashes = _left_out()
    return zlib.crc32(word.encode("ascii")) >> (32 - size) in hashes


class _UnknownKeywordMessage:
    """The message for a word that is no keyword, with the closest keywords: found when read."""

    __slots__ = ("word",)

    def __init__(self, word: str) -> None:
        self.word = word

    def __str__(self) -> str:
        if is_left_out(self.word):
            return (
                f"{self.word!r} is a DICOM keyword outside the selection of this package "
                f"({len(KEYWORDS)} keywords): add it to the selection and make the package "
                "again (the command is in its header)"
            )
        message = f"{self.word!r} is not a DICOM keyword"
        suggestions = suggest_keywords(self.word)
        if suggestions:
            message += "; did you mean " + " or ".join(suggestions) + "?"
        return message


def unknown_keyword(word: str) -> UnknownKeywordError:
    """The error for `word`, which is no keyword; its message is built when read."""
    return UnknownKeywordError(_UnknownKeywordMessage(word))
