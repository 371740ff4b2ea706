"""`dicodec dict QUERY`: look up the data dictionary and the UID registry.

A tag (`0010,0010`, `(0010,0010)`, `00100010`), a keyword, a UID or the start of one,
or words, all of which must appear in an element's or a UID's name or keyword.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from dicodec.commands.common import FINDINGS, OK, add_command
from dicodec.generated.uid_constants import JPEGBaseline8Bit

EXAMPLES = f"""\
  dicodec dict 0010,0010           an element by tag
  dicodec dict PatientName         by keyword
  dicodec dict patient name        every element or UID whose name has both words
  dicodec dict {JPEGBaseline8Bit}   a UID
  dicodec dict 6000,3000           a repeating group: (60xx,3000) Overlay Data
"""

_UID = re.compile(r"[0-9]+(?:\.[0-9]*)+")


def add_parser(commands: Any) -> None:
    parser = add_command(
        commands,
        "dict",
        help="look up tags, keywords, names and UIDs in the DICOM dictionary",
        description=__doc__.split(": ", 1)[1],
        examples=EXAMPLES,
        run=run,
    )
    parser.add_argument("query", nargs="+", metavar="QUERY")


def run(args: argparse.Namespace) -> int:
    lines = search(" ".join(args.query))
    for line in lines:
        print(line)
    if not lines:
        print(f"dicodec dict: nothing matches {' '.join(args.query)!r}")
    return OK if lines else FINDINGS


def search(query: str) -> list[str]:
    """The lines describing every element and UID that `query` names."""
    from dicodec.errors import DicomError
    from dicodec.tag import Tag

    query = query.strip()
    if _UID.fullmatch(query):
        return _uids(lambda uid, *_: uid == query or uid.startswith(query.rstrip(".") + "."))
    try:
        tag = int(Tag(query))  # a keyword, or a tag in one of its forms
    except DicomError:
        return _by_words(query)
    return _element_by_tag(tag)


def _element_by_tag(tag: int) -> list[str]:
    from dicodec.datadict import entry

    found = entry(tag)
    if found is None:
        return []
    vr, vm, name, retired, keyword = found
    return [_element_line(_repeater_text(tag, keyword), vr, vm, keyword, name, retired)]


def _repeater_text(tag: int, keyword: str) -> str:
    """`(60xx,3000)` for a tag of a repeating group, `(0010,0010)` for the others."""
    from dicodec.generated.dictionary import REPEATERS

    for mask, value, *_, found_keyword in REPEATERS:
        if tag & mask == value and found_keyword == keyword:
            return _tag_text(value, mask)
    return _tag_text(tag, 0xFFFFFFFF)


def _tag_text(value: int, mask: int) -> str:
    digits = "".join(
        f"{value >> shift & 0xF:X}" if mask >> shift & 0xF else "x" for shift in range(28, -4, -4)
    )
    return f"({digits[:4]},{digits[4:]})"


def _element_line(tag: str, vr: str, vm: str, keyword: str, name: str, retired: bool) -> str:
    state = " (retired)" if retired else ""
    return f"{tag}  {vr:<9} {vm:<6} {keyword or '-':<44} {name}{state}"


def _uids(wanted: Any) -> list[str]:
    from dicodec.generated.uids import UIDS

    return [
        f"{uid:<30} {keyword:<44} {name} [{kind}]{' (retired)' if retired else ''}"
        for uid, (keyword, name, kind, retired) in UIDS.items()
        if wanted(uid, keyword, name)
    ]


def _by_words(query: str) -> list[str]:
    from dicodec.generated.dictionary import DICTIONARY, REPEATERS

    words = [w for w in re.split(r"[\s_]+", query.lower()) if w]
    if not words:
        return []

    def matches(keyword: str, name: str) -> bool:
        text = f"{keyword} {name}".lower()
        return all(word in text for word in words)

    exact = query.replace(" ", "").lower()
    elements = [
        (keyword.lower() != exact, tag, _element_line(_tag_text(tag, 0xFFFFFFFF), *row))
        for tag, (vr, vm, name, retired, keyword) in DICTIONARY.items()
        if matches(keyword, name)
        for row in [(vr, vm, keyword, name, retired)]
    ]
    elements += [
        (keyword.lower() != exact, value, _element_line(_tag_text(value, mask), *row))
        for mask, value, vr, vm, name, retired, keyword in REPEATERS
        if matches(keyword, name)
        for row in [(vr, vm, keyword, name, retired)]
    ]
    lines = [line for *_, line in sorted(elements)]
    return lines + _uids(lambda uid, keyword, name: matches(keyword, name))


__all__ = ["add_parser", "run", "search"]
