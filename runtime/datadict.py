"""Lookups in the data dictionary and the private dictionary, under pydicom's names.

The tables are `dicodec.generated.dictionary` (PS3.6, PS3.7) and
`dicodec.generated.private_dictionary` (the vendors' private elements, imported the
first time a private element is looked up). This module adds what they cannot say by
themselves: repeating groups such as (60xx,3000), the keywords the standard renamed
(still accepted, with a DeprecationWarning), the closest keywords to a misspelt one,
and the entries a program adds.

Entries added with `add_dict_entry` / `add_private_dict_entry` (pydicom's functions)
hold **in the current context** (a `contextvars.ContextVar`, as `dicodec.config`'s
settings do): a thread or asyncio task that adds entries does not change what others
read. They add what the tables lack; an element of the standard's dictionary keeps its
entry (the standard's tables are the one home of those facts).

pydicom's functions raise `KeyError` for a tag they do not know (`dictionary_VR`,
`get_entry`, `get_private_entry`, ...); `entry()` and `private_entry()` are dicodec's
own, returning None.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Mapping
from contextvars import ContextVar
from functools import cache, lru_cache
from types import FrameType, MappingProxyType
from typing import Any, NamedTuple

from dicodec.errors import InvalidTagError, UnknownKeywordError, tag_text
from dicodec.generated.dictionary import DICTIONARY, KEYWORDS, LEFT_OUT, REPEATERS
from dicodec.generated.keyword_aliases import KEYWORD_ALIASES

Entry = tuple[str, str, str, bool, str]  # VR, VM, name, retired, keyword
PrivateEntry = tuple[str, str, str]  # VR, VM, name

__all__ = [
    "Entry",
    "add_dict_entries",
    "add_dict_entry",
    "add_private_dict_entries",
    "add_private_dict_entry",
    "dictionary_VM",
    "dictionary_VR",
    "dictionary_description",
    "dictionary_has_tag",
    "dictionary_is_retired",
    "dictionary_keyword",
    "entry",
    "exact_entry",
    "get_entry",
    "get_private_entry",
    "keyword_dict",
    "keyword_for_tag",
    "mask_match",
    "name_of",
    "private_dictionary_VM",
    "private_dictionary_VR",
    "private_dictionary_description",
    "private_entry",
    "repeater_has_keyword",
    "repeater_has_tag",
    "tag_for_keyword",
    "vm_of",
]

_GROUP_LENGTH: Entry = ("UL", "1", "Group Length", False, "")
_PRIVATE_CREATOR: Entry = ("LO", "1", "Private Creator", False, "")

#: keyword -> tag of the standard's dictionary (pydicom's `keyword_dict`), read-only
keyword_dict: Mapping[str, int] = MappingProxyType(KEYWORDS)


class _Additions(NamedTuple):
    """What a program added to the dictionaries in one context (never changed in place)."""

    entries: Mapping[int, Entry]
    keywords: Mapping[str, int]
    private: Mapping[str, Mapping[str, PrivateEntry]]  # creator -> {"0019xx10": entry}


_ADDITIONS: ContextVar[_Additions | None] = ContextVar("dicodec_dictionary_additions", default=None)


# -- the data dictionary --------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _repeater_entry(tag: int) -> Entry | None:
    for mask, value, vr, vm, name, retired, keyword in REPEATERS:
        if tag & mask == value:
            return (vr, vm, name, retired, keyword)
    return None


def exact_entry(tag: int) -> Entry | None:
    """The entry of exactly this tag: the standard's, or one added in this context."""
    found = DICTIONARY.get(tag)
    if found is None:
        added = _ADDITIONS.get()
        if added is not None:
            return added.entries.get(tag)
    return found


def entry(tag: int) -> Entry | None:
    """The dictionary entry of `tag`, repeating groups, group lengths and private
    creators included; None when there is none (dicodec's own lookup)."""
    found = exact_entry(tag)
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


def vm_of(tag: int) -> str:
    """The dictionary's VM of `tag`, or "" when it has none."""
    found = entry(tag)
    return found[1] if found is not None else ""


def name_of(tag: int) -> str:
    """The tag's name in the standard, as the listing prints it; "" when it has none."""
    found = entry(tag)
    return found[2] if found is not None else ""


def _as_int(tag: Any) -> int:
    """A tag as pydicom's dictionary functions take it: an int, a (group, element) pair, a
    keyword or hex text. (`dicodec.tag.Tag` takes more forms; it is built on this module.)"""
    if isinstance(tag, int):
        return int(tag)
    if isinstance(tag, tuple) and len(tag) == 2 and all(isinstance(t, int) for t in tag):
        if 0 <= tag[0] <= 0xFFFF and 0 <= tag[1] <= 0xFFFF:
            return int(tag[0]) << 16 | int(tag[1])
    elif isinstance(tag, str):
        found = tag_for_keyword(tag)
        if found is not None:
            return found
        try:
            value = int(tag, 16)
        except ValueError:
            raise unknown_keyword(tag) from None
        if 0 <= value <= 0xFFFFFFFF:
            return value
    raise InvalidTagError(f"cannot make a tag from {tag!r}")


def get_entry(tag: Any) -> tuple[str, str, str, str, str]:
    """(VR, VM, name, "Retired" or "", keyword) of a tag of the dictionary or of a
    repeating group, as pydicom gives it; a KeyError for any other tag."""
    value = _as_int(tag)
    found = exact_entry(value)
    if found is None and not value >> 16 & 1:
        found = _repeater_entry(value)
    if found is None:
        raise KeyError(f"Tag {tag_text(value)} not found in DICOM dictionary")
    vr, vm, name, retired, keyword = found
    return vr, vm, name, "Retired" if retired else "", keyword


def dictionary_has_tag(tag: Any) -> bool:
    """Whether the dictionary has exactly this tag (a repeating group's members are not)."""
    try:
        return exact_entry(_as_int(tag)) is not None
    except (ValueError, TypeError, KeyError, AttributeError):
        return False


def dictionary_VR(tag: Any) -> str:
    return get_entry(tag)[0]


def dictionary_VM(tag: Any) -> str:
    return get_entry(tag)[1]


def dictionary_description(tag: Any) -> str:
    return get_entry(tag)[2]


def dictionary_is_retired(tag: Any) -> bool:
    return get_entry(tag)[3] == "Retired"


def dictionary_keyword(tag: Any) -> str:
    return get_entry(tag)[4]


def keyword_for_tag(tag: Any) -> str:
    """The keyword of `tag` (of its repeating group too), or "" when it has none."""
    value = _as_int(tag)
    found = exact_entry(value)
    if found is None and not value >> 16 & 1:
        found = _repeater_entry(value)
    return found[4] if found is not None else ""


def tag_for_keyword(keyword: str) -> int | None:
    """The tag of `keyword`, or None when no element has it.

    An old keyword that the standard renamed gives its element's tag, with a
    DeprecationWarning that names the new keyword.
    """
    tag = KEYWORDS.get(keyword)
    if tag is None:
        if keyword in KEYWORD_ALIASES:
            tag, _, message = KEYWORD_ALIASES[keyword]
            warn_renamed(message)
        else:
            added = _ADDITIONS.get()
            if added is not None:
                return added.keywords.get(keyword)
    return tag


def added_keyword_tag(keyword: str) -> int | None:
    """The tag of a keyword added in this context (`add_dict_entry`), or None."""
    added = _ADDITIONS.get()
    return added.keywords.get(keyword) if added is not None else None


def _mask_text(mask: int, value: int) -> str:
    """pydicom's key of a repeating group: "60xx3000" (x where the mask has 0)."""
    digits = f"{value:08X}"
    return "".join("x" if mask >> (28 - 4 * i) & 0xF == 0 else d for i, d in enumerate(digits))


def mask_match(tag: int) -> str | None:
    """The repeating group `tag` belongs to, as pydicom writes it ("60xx3000"), or None."""
    for mask, value, *_ in REPEATERS:
        if tag & mask == value:
            return _mask_text(mask, value)
    return None


def repeater_has_tag(tag: int) -> bool:
    return mask_match(tag) is not None


_REPEATER_KEYWORDS = frozenset(keyword for *_, keyword in REPEATERS if keyword)


def repeater_has_keyword(keyword: str) -> bool:
    return keyword in _REPEATER_KEYWORDS


# -- the private dictionary -----------------------------------------------------------------
@cache
def _private_dictionary() -> Mapping[str, Mapping[str, PrivateEntry]]:
    """The vendors' private dictionary, imported once, when first needed (half a megabyte)."""
    from dicodec.generated.private_dictionary import PRIVATE_DICTIONARY

    return PRIVATE_DICTIONARY


def private_entry(tag: int, private_creator: object) -> PrivateEntry | None:
    """(VR, VM, name) of private element `tag` of `private_creator`'s block, or None.

    Looked up as pydicom does: the tag itself, then its offset in any block of its group
    ("0019xx10"), then in any group of its repeating groups ("60xxxx10").
    """
    if not isinstance(private_creator, str):  # a damaged creator element (not LO)
        return None
    added = _ADDITIONS.get()
    mine = added.private.get(private_creator) if added is not None else None
    theirs = _private_dictionary().get(private_creator)
    if mine is None and theirs is None:
        return None
    group, element = tag >> 16, tag & 0xFFFF
    for key in (
        f"{group:04X}{element:04X}",
        f"{group:04X}xx{element & 0xFF:02X}",
        f"{group >> 8:02X}xxxx{element & 0xFF:02X}",
    ):
        if mine is not None and key in mine:
            return mine[key]
        if theirs is not None and key in theirs:
            return theirs[key]
    return None


def get_private_entry(tag: Any, private_creator: str) -> tuple[str, str, str, str]:
    """(VR, VM, name, "") of a private element, as pydicom gives it; a KeyError when the
    private dictionary has no entry for it."""
    value = _as_int(tag)
    found = private_entry(value, private_creator)
    if found is None:
        if private_creator not in _private_dictionary():
            added = _ADDITIONS.get()
            if added is None or private_creator not in added.private:
                raise KeyError(f"Private creator '{private_creator}' not in the private dictionary")
        raise KeyError(
            f"Tag '{tag_text(value)}' not in private dictionary "
            f"for private creator '{private_creator}'"
        )
    return (*found, "")


def private_dictionary_VR(tag: Any, private_creator: str) -> str:
    return get_private_entry(tag, private_creator)[0]


def private_dictionary_VM(tag: Any, private_creator: str) -> str:
    return get_private_entry(tag, private_creator)[1]


def private_dictionary_description(
    tag: Any, private_creator: str, *, default: Any = KeyError
) -> Any:
    """The private element's name; a KeyError (or `default`, when given) when unknown."""
    if default is KeyError:
        return get_private_entry(tag, private_creator)[2]
    found = private_entry(_as_int(tag), private_creator)
    return found[2] if found is not None else default


# -- entries a program adds (pydicom's add_*), in the current context ----------------------
def add_dict_entry(
    tag: int, VR: str, keyword: str, description: str, VM: str = "1", is_retired: str = ""
) -> None:
    """Add an element to the dictionary of the current context (pydicom's function)."""
    add_dict_entries({tag: (VR, VM, description, is_retired, keyword)})


def add_dict_entries(new_entries_dict: Mapping[int, tuple[str, str, str, str, str]]) -> None:
    """Add elements `{tag: (VR, VM, name, is_retired, keyword)}` to the dictionary of the
    current context; a dataset then takes `ds.<keyword>` as it takes the standard's.

    A private tag is refused (`add_private_dict_entries` adds those), and so is a tag
    of the standard's dictionary, or a keyword that one has (a ValueError).
    """
    tags = {_as_int(tag): value for tag, value in new_entries_dict.items()}
    private = [tag_text(t) for t in tags if t >> 16 & 1]
    if private:
        raise InvalidTagError(
            f"private tags {', '.join(private)} are added with add_private_dict_entries"
        )
    standard = [tag_text(t) for t in tags if t in DICTIONARY]
    taken = [v[4] for v in tags.values() if v[4] in KEYWORDS or v[4] in KEYWORD_ALIASES]
    if standard or taken:
        raise InvalidTagError(
            "the standard's dictionary already has "
            + ", ".join(standard + taken)
            + ": dicodec keeps the standard's entries"
        )
    current = _ADDITIONS.get() or _Additions({}, {}, {})
    entries = dict(current.entries)
    keywords = dict(current.keywords)
    for tag, (vr, vm, name, retired, keyword) in tags.items():
        entries[tag] = (vr, vm, name, "retired" in str(retired).lower(), keyword)
        if keyword:
            keywords[keyword] = tag
    _ADDITIONS.set(_Additions(entries, keywords, current.private))
    if keywords.keys() - current.keywords.keys():
        # pydicom's `ds.NewKeyword`: an attribute of Dataset for each new keyword, which
        # reads the keyword's tag in the context that reads it (a façade upward)
        from dicodec.dataset import install_added_keywords

        install_added_keywords(keywords.keys() - current.keywords.keys())


def add_private_dict_entry(
    private_creator: str, tag: int, VR: str, description: str, VM: str = "1"
) -> None:
    """Add a private element of `private_creator` to the current context (pydicom's)."""
    add_private_dict_entries(private_creator, {tag: (VR, VM, description, "")})


def add_private_dict_entries(
    private_creator: str, new_entries_dict: Mapping[int, tuple[str, str, str, str]]
) -> None:
    """Add private elements `{tag: (VR, VM, name, is_retired)}` of `private_creator` to the
    current context. As in pydicom, an entry holds for the tag's offset in any block of
    its group: (0019,1010) adds "0019xx10"."""
    tags = {_as_int(tag): value for tag, value in new_entries_dict.items()}
    public = [tag_text(t) for t in tags if not t >> 16 & 1]
    if public:
        raise InvalidTagError(
            f"tags {', '.join(public)} are not private: add_dict_entries adds those"
        )
    current = _ADDITIONS.get() or _Additions({}, {}, {})
    private = dict(current.private)
    block = dict(private.get(private_creator, {}))
    for tag, (vr, vm, name, *_) in tags.items():
        block[f"{tag >> 16:04X}xx{tag & 0xFF:02X}"] = (vr, vm, name)
    private[private_creator] = block
    _ADDITIONS.set(_Additions(current.entries, current.keywords, private))


# -- keywords ---------------------------------------------------------------------------
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
