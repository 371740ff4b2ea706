"""The parser: element headers out of a buffer, into `RawElement` tuples.

This is the hot path of reading a file. For each element it unpacks one
header with a precompiled `struct.Struct`, records where the value is, and
moves on: values are not decoded here, and sequences of defined length are not
even entered until someone asks for their items (`read_items`).
"""

from __future__ import annotations

import struct
from collections.abc import Collection, Container
from typing import Any

from dicodec.errors import InvalidDicomError, TruncatedDataError, tag_text
from dicodec.generated import tags
from dicodec.generated.vrs import VRS
from dicodec.leniency import tolerate
from dicodec.source import UNDEFINED_LENGTH, RawElement, Source

ITEM = tags.Item
ITEM_DELIMITER = tags.ItemDelimitationItem
SEQUENCE_DELIMITER = tags.SequenceDelimitationItem
ITEM_GROUP = ITEM >> 16  # items and delimiters, and nothing else, are in group FFFE
_ITEM_GROUP_LE = ITEM_GROUP.to_bytes(2, "little")
# Encapsulated Pixel Data cut short by the end of the data is read leniently (its complete
# frames stay usable); any other undefined-length value without its delimiter is refused.
_PIXEL_DATA = tags.PixelData
# Sequences nested deeper than this are refused: real files stay far below it, and a
# hostile file must not exhaust the stack (parsing and walking items recurse).
MAX_SEQUENCE_DEPTH = 64

# Explicit VR header: group, element, VR, 2-byte length (PS3.5 7.1.2)
_EXPLICIT = {True: struct.Struct("<HH2sH"), False: struct.Struct(">HH2sH")}
# Implicit VR header, and item headers: group, element, 4-byte length (PS3.5 7.1.3, 7.5)
_IMPLICIT = {True: struct.Struct("<HHI"), False: struct.Struct(">HHI")}
_UL = {True: struct.Struct("<I"), False: struct.Struct(">I")}

# the VR of an Explicit VR header, by its two bytes
_VR_NAMES: dict[bytes, str] = {vr.encode("ascii"): vr for vr in VRS}
# VRs whose Explicit VR header has 2 reserved bytes and a 4-byte length (PS3.5 7.1.2)
LONG_HEADER_VRS = frozenset(vr for vr, record in VRS.items() if record.long_header)


KEEP, SKIP, STOP = 0, 1, 2
NO_TAG_STOPS = 1 << 32  # above every tag


class StopRule:
    """Where a top-level parse stops or what it keeps (`stop_before_pixels`, `specific_tags`,
    the File Meta Information's group).

    The parse stops at a tag of `stop_at`, and at the first tag outside `first` to `end`
    (`end` not included). Tags ascend (PS3.5 7.1), so it stops past the last tag of
    `keep` too: nothing after it is even measured.
    """

    __slots__ = ("end", "first", "keep", "stop_at")

    def __init__(
        self,
        stop_at: Container[int] = (),
        keep: Collection[int] | None = None,
        *,
        first: int = 0,
        end: int = NO_TAG_STOPS,
    ) -> None:
        self.stop_at = stop_at
        self.keep = keep
        self.first = first
        self.end = min(end, max(keep) + 1) if keep else end

    def verdict(self, tag: int) -> int:
        """KEEP the element, SKIP it, or STOP before it."""
        if not self.first <= tag < self.end or tag in self.stop_at:
            return STOP
        if self.keep is not None and tag not in self.keep:
            return SKIP
        return KEEP


def parse_dataset(
    src: Source,
    pos: int,
    end: int,
    *,
    in_item: bool = False,
    rule: StopRule | None = None,
    depth: int = 0,
) -> tuple[dict[int, RawElement], int]:
    """Parse elements from `pos` up to `end`, or to an item delimiter when `in_item`.

    Returns the elements by tag and the position after the last byte consumed.
    `depth` counts the undefined-length sequences being walked around this call.
    """
    if depth > MAX_SEQUENCE_DEPTH:
        raise InvalidDicomError(f"sequences nested more than {MAX_SEQUENCE_DEPTH} deep", offset=pos)
    if src.implicit_vr:
        return _parse_implicit(src, pos, end, in_item, rule, depth)
    return _parse_explicit(src, pos, end, in_item, rule, depth)


def _parse_explicit(
    src: Source, pos: int, end: int, in_item: bool, rule: StopRule | None, depth: int
) -> tuple[dict[int, RawElement], int]:
    buf = src.buf
    little = src.little_endian
    unpack_header = _EXPLICIT[little].unpack_from
    unpack_implicit = _IMPLICIT[little].unpack_from
    unpack_ul = _UL[little].unpack_from
    vr_names = _VR_NAMES
    long_vrs = LONG_HEADER_VRS
    item_group = ITEM_GROUP
    elements: dict[int, RawElement] = {}
    while pos < end:
        if pos + 8 > end:
            return elements, _trailing(buf, pos, end)
        group, elem, vr_bytes, length = unpack_header(buf, pos)
        tag = group << 16 | elem
        verdict = KEEP if rule is None else rule.verdict(tag)
        if verdict == STOP:  # before the value is even measured (Pixel Data can be huge)
            return elements, pos
        if group == item_group:
            if tag == ITEM_DELIMITER and in_item:
                return elements, pos + 8
            raise InvalidDicomError(
                "an item or delimiter where a data element should be", offset=pos, tag=tag
            )
        vr = vr_names.get(vr_bytes)
        if vr is None:
            # Not a VR: some writers switch to implicit VR mid-file; read this
            # element as implicit VR, as pydicom does.
            _not_a_vr(vr_bytes, pos, tag)
            _, _, length = unpack_implicit(buf, pos)
            vr, start = None, pos + 8
        elif vr in long_vrs:
            if pos + 12 > end:
                return elements, _trailing(buf, pos, end)
            length = unpack_ul(buf, pos + 8)[0]
            start = pos + 12
        else:
            start = pos + 8
        if length == UNDEFINED_LENGTH:
            stop = _end_of_undefined(src, start, end, tag, vr, depth)
            if stop < 0:  # encapsulated Pixel Data cut short: kept as far as it goes
                if verdict == KEEP:
                    elements[tag] = (vr, pos, start, end, src.cut())
                return elements, end
        else:
            stop = start + length
            if length & 1 or stop > end:
                stop = _odd_or_truncated(src, tag, pos, start, length, end)
                if stop < start + length:
                    if verdict == KEEP:
                        elements[tag] = (vr, pos, start, stop, src.cut())
                    return elements, stop
        if verdict == SKIP:
            pos = stop
            continue
        elements[tag] = (vr, pos, start, stop, src)
        pos = stop
    if in_item and pos > end:
        raise InvalidDicomError("an item's elements overrun its length", offset=pos)
    return elements, pos


def _parse_implicit(
    src: Source, pos: int, end: int, in_item: bool, rule: StopRule | None, depth: int
) -> tuple[dict[int, RawElement], int]:
    buf = src.buf
    little = src.little_endian
    unpack_header = _IMPLICIT[little].unpack_from
    item_group = ITEM_GROUP
    elements: dict[int, RawElement] = {}
    while pos < end:
        if pos + 8 > end:
            return elements, _trailing(buf, pos, end)
        group, elem, length = unpack_header(buf, pos)
        tag = group << 16 | elem
        verdict = KEEP if rule is None else rule.verdict(tag)
        if verdict == STOP:
            return elements, pos
        if group == item_group:
            if tag == ITEM_DELIMITER and in_item:
                return elements, pos + 8
            raise InvalidDicomError(
                "an item or delimiter where a data element should be", offset=pos, tag=tag
            )
        start = pos + 8
        if length == UNDEFINED_LENGTH:
            stop = _end_of_undefined(src, start, end, tag, None, depth)
            if stop < 0:  # encapsulated Pixel Data cut short: kept as far as it goes
                if verdict == KEEP:
                    elements[tag] = (None, pos, start, end, src.cut())
                return elements, end
        else:
            stop = start + length
            if length & 1 or stop > end:
                stop = _odd_or_truncated(src, tag, pos, start, length, end)
                if stop < start + length:
                    if verdict == KEEP:
                        elements[tag] = (None, pos, start, stop, src.cut())
                    return elements, stop
        if verdict == SKIP:
            pos = stop
            continue
        elements[tag] = (None, pos, start, stop, src)
        pos = stop
    return elements, pos


def _trailing(buf: Any, pos: int, end: int) -> int:
    """A few bytes after the last element: padding in some files, else a file cut short."""
    tail = bytes(buf[pos:end])
    if tail.strip(b"\x00") != b"":
        message = f"the data ends {end - pos} byte(s) into an element header"
        if end < len(buf):
            raise InvalidDicomError(message, offset=pos)
        tolerate(message + ": they are ignored", offset=pos, error=TruncatedDataError)
    return end


def _odd_or_truncated(src: Source, tag: int, pos: int, start: int, length: int, end: int) -> int:
    """Where a value of odd length, or one running past `end`, ends.

    Both break PS3.5 7.1 and both are read (as pydicom reads them), with a
    warning: an odd length as it is, and a value cut short by the end of the
    data up to there. A value running past the end of its item is an error.
    """
    stop = start + length
    if stop > end:
        available = end - start
        message = (
            f"the value length {length} runs past the end of the data ({available} bytes left)"
        )
        if end < len(src.buf):
            raise TruncatedDataError(message, offset=pos, tag=tag)
        tolerate(
            message + ": the value is cut short", offset=pos, tag=tag, error=TruncatedDataError
        )
        return end
    tolerate(f"odd value length {length} (PS3.5 7.1.1)", offset=pos, tag=tag)
    return stop


def _not_a_vr(vr_bytes: bytes, pos: int, tag: int) -> None:
    tolerate(f"{vr_bytes!r} is not a VR: the element is read as Implicit VR", offset=pos, tag=tag)


def _truncated(tag: int, pos: int, length: int, available: int) -> TruncatedDataError:
    return TruncatedDataError(
        f"the value length {length} runs past the end of the data ({available} bytes left)",
        offset=pos,
        tag=tag,
    )


def _end_of_undefined(src: Source, pos: int, end: int, tag: int, vr: str | None, depth: int) -> int:
    """The end of an undefined-length value: just past its sequence delimiter (PS3.5 7.5).

    Items of a sequence may themselves have undefined length, so their
    elements are parsed (and the result kept, so that reading the sequence
    later does not parse it twice). Encapsulated Pixel Data holds fragments
    of defined length; when the data ends inside them or before the delimiter
    (a file copied or transferred incompletely), it is read as far as it goes,
    with a warning, as pydicom reads such files: -1 says so.
    """
    buf = src.buf
    little = src.little_endian
    unpack_item = _IMPLICIT[little].unpack_from
    item_src = _item_source(src, vr)
    while True:
        if pos + 8 > end:
            if _cut_pixels(src, end, tag):
                tolerate(
                    "the data ends before the sequence delimiter of the encapsulated Pixel "
                    "Data: its items are kept as read",
                    offset=pos,
                    tag=tag,
                    error=TruncatedDataError,
                )
                return -1
            raise InvalidDicomError(
                "an undefined-length value has no sequence delimiter", offset=pos, tag=tag
            )
        group, elem, length = unpack_item(buf, pos)
        item_tag = group << 16 | elem
        if item_tag == SEQUENCE_DELIMITER:
            return pos + 8
        if item_tag != ITEM:
            raise InvalidDicomError(
                f"expected an item in the undefined-length value, found {tag_text(item_tag)}",
                offset=pos,
                tag=tag,
            )
        if length == UNDEFINED_LENGTH:
            item = _item_syntax(item_src, pos + 8)
            _, pos = parse_dataset(item, pos + 8, end, in_item=True, depth=depth + 1)
        else:
            pos += 8 + length
            if pos > end:
                if _cut_pixels(src, end, tag):
                    tolerate(
                        f"the data ends inside an item of the encapsulated Pixel Data ({length} "
                        f"bytes, {end - pos + length} there): the complete frames stay usable",
                        offset=pos - length - 8,
                        tag=tag,
                        error=TruncatedDataError,
                    )
                    return -1
                raise _truncated(tag, pos - length - 8, length, end - pos + length)


def _cut_pixels(src: Source, end: int, tag: int) -> bool:
    """True for Pixel Data ended by the end of the data itself (not of an item holding it)."""
    return tag == _PIXEL_DATA and end >= len(src.buf)


def _item_source(src: Source, vr: str | None) -> Source:
    """UN of undefined length is a sequence in Implicit VR Little Endian (PS3.5 6.2.2)."""
    if vr == "UN" and not src.implicit_vr:
        return Source(src.buf, implicit_vr=True, little_endian=True, strict=src.strict)
    return src if src.whole else src.like()


def read_items(raw: RawElement) -> list[tuple[dict[int, RawElement], int, int, bool]]:
    """The items of a sequence value: (elements, item start, item end, undefined length).

    Read strictly or leniently as the caller's `dicodec.leniency.reading` says.
    """
    vr, _, pos, end, src = raw
    src = _item_source(src, vr)
    buf = src.buf
    unpack_item = _IMPLICIT[src.little_endian].unpack_from
    items = []
    while pos < end:
        if pos + 8 > end:
            raise InvalidDicomError("the sequence ends inside an item header", offset=pos)
        group, elem, length = unpack_item(buf, pos)
        tag = group << 16 | elem
        if tag == SEQUENCE_DELIMITER:
            break
        if tag != ITEM:
            raise InvalidDicomError(f"expected an item, found {tag_text(tag)}", offset=pos)
        if length == UNDEFINED_LENGTH:
            elements, stop = parse_dataset(_item_syntax(src, pos + 8), pos + 8, end, in_item=True)
            items.append((elements, pos, stop, True))
        else:
            stop = pos + 8 + length
            if stop > end:
                if end < len(buf):
                    raise _truncated(ITEM, pos, length, end - pos - 8)
                tolerate(
                    f"the item length {length} runs past the end of the data: the item is cut short",
                    offset=pos,
                    tag=ITEM,
                    error=TruncatedDataError,
                )
                stop = end
            elements, _ = parse_dataset(_item_syntax(src, pos + 8), pos + 8, stop)
            items.append((elements, pos, stop, False))
        pos = stop
    return items


def _item_syntax(src: Source, pos: int) -> Source:
    """The source to read an item with: an explicit-VR file may hold implicit-VR items.

    Some writers encode sequence items in Implicit VR inside an Explicit VR
    file; when the first element's VR bytes are not a VR, read the item as
    implicit VR (as pydicom does).
    """
    if src.implicit_vr or pos + 8 > len(src.buf):
        return src
    if bytes(src.buf[pos + 4 : pos + 6]) in _VR_NAMES:
        return src
    if bytes(src.buf[pos : pos + 2]) == _ITEM_GROUP_LE:
        return src
    return src.like(implicit_vr=True)
