"""The encoder: a dataset's elements to bytes, in a transfer syntax, losslessly.

An element that was read and never changed is written as the very bytes it was
read from (when the encoding is the same), so a dataset read and written back
unchanged gives the same bytes. Everything else is encoded by the generated
per-VR codecs, with the header, padding and byte order each VR's record gives.
Files (preamble, File Meta Information, deflate) are `dicodec.filewriter`'s.
"""

from __future__ import annotations

import array
import struct
from collections.abc import Callable
from typing import Any

from dicodec.dataset import Dataset
from dicodec.element import UNREAD, DataElement
from dicodec.errors import EncodeError, tag_text
from dicodec.generated import tags
from dicodec.generated.vr_codecs import ENCODERS, NUMBER_TEXT_TYPES
from dicodec.generated.vrs import VRS
from dicodec.records import VR, TransferSyntax
from dicodec.sequence import Sequence
from dicodec.source import SEQUENCE_DELIMITER, UNDEFINED, UNDEFINED_LENGTH, Source, delimiter
from dicodec.values.numbers import PackedNumbers
from dicodec.vr_context import resolve_ambiguous

__all__ = ["ITEM_TAG", "encode_dataset", "matches"]

_SHORT = {True: struct.Struct("<HH2sH"), False: struct.Struct(">HH2sH")}
_LONG = {True: struct.Struct("<HH2s2xI"), False: struct.Struct(">HH2s2xI")}
_IMPLICIT = {True: struct.Struct("<HHI"), False: struct.Struct(">HHI")}
_UL = {True: struct.Struct("<I"), False: struct.Struct(">I")}
# an item's tag (its length follows), and the end of an undefined-length item (PS3.5 7.5)
ITEM_TAG = {little: delimiter(tags.Item, little)[:4] for little in (True, False)}
_ITEM_DELIMITER = {little: delimiter(tags.ItemDelimitationItem, little) for little in (True, False)}
# A value too long for a 2-byte length is written as UN, whose length has 4 (PS3.5 6.2.2).
_UNKNOWN = VRS["UN"]
_SEQUENCE = VRS["SQ"]
_WORDS = VRS["OW"]  # Pixel Data's VR for words (PS3.5 A.1)
# the array type code of an unsigned word of 2, 4 and 8 bytes (its size varies by platform)
_WORD_CODES = {array.array(code).itemsize: code for code in "QLIH"}


def matches(src: Source, encoding: TransferSyntax) -> bool:
    """True when bytes read from `src` can be copied as they are (a value cut short cannot)."""
    return (
        src.whole
        and src.implicit_vr == encoding.implicit_vr
        and src.little_endian == encoding.little_endian
    )


def encode_dataset(ds: Dataset, encoding: TransferSyntax) -> bytes:
    """The dataset's elements, encoded (unchanged elements copied as read)."""
    out: list[bytes] = []
    _write_elements(ds, encoding, out.append)
    return b"".join(out)


def _write_elements(ds: Dataset, encoding: TransferSyntax, write: Callable[[bytes], Any]) -> None:
    elements = ds._elements
    encodings = ds._charset()
    for tag in ds._sorted_tags():
        raw = elements[tag]
        if raw.__class__ is tuple:
            src = raw[4]
            if matches(src, encoding):
                write(src.element_bytes(raw))
                continue
            raw = ds[tag]
        _write_element(raw, ds, encoding, encodings, write)


def _unchanged(element: DataElement) -> bool:
    """True when the element's value is still what its bytes say."""
    raw = element._raw
    if raw is None or raw[0] != element.VR:
        return False
    value = element._value
    if isinstance(value, list) and not isinstance(value, Sequence):
        # a MultiValue can be changed in place: compare with what the bytes decode to
        return bool(
            value == DataElement._from_raw(element.tag, element.VR, raw, element._encodings).value
        )
    return not isinstance(value, Sequence)


def _write_element(
    element: DataElement,
    ds: Dataset,
    encoding: TransferSyntax,
    encodings: tuple[str, ...],
    write: Callable[[bytes], Any],
) -> None:
    tag = int(element.tag)
    raw = element._raw
    if raw is not None and matches(raw[4], encoding) and _unchanged(element):
        write(raw[4].element_bytes(raw))
        return
    vr = element.VR
    little = encoding.little_endian
    if " or " in vr:
        vr = resolve_ambiguous(vr, tag, ds)
    record = VRS.get(vr)
    if record is None:
        raise EncodeError(f"{tag_text(tag)}: no encoder for VR {vr!r}")
    if record is _SEQUENCE:
        _write_sequence(element, encoding, write)
        return
    undefined = element.is_undefined_length and record.undefined_length
    if undefined and (encoding.implicit_vr or not little):
        # PS3.5 A.4: encapsulated Pixel Data exists only in Explicit VR Little Endian
        raise EncodeError(
            f"{tag_text(tag)} {vr}: an undefined-length (encapsulated) value cannot be written "
            f"in {encoding.name}; decompress the Pixel Data first"
        )
    swap = raw is not None and raw[4].little_endian != little and record.kind == "bytes"
    width = _word_size(tag, record, ds) if swap else 1
    if (
        raw is not None
        and (not undefined)
        and element._value is UNREAD
        and _copyable(raw[4], record, little)
    ):
        src = raw[4]
        data = src.value_bytes(raw)
        if swap:
            data = _swap(data, width)
        if len(data) & 1 and not src.whole:
            data += record.padding  # a value cut short is written whole: of even length
    else:
        value = element._value
        if value.__class__ is not PackedNumbers or vr not in NUMBER_TEXT_TYPES:
            value = element.value  # (packed DS/IS numbers are written as their text, unread)
        if undefined:
            data = bytes(value) if value is not None else b""
        else:
            try:
                data = ENCODERS[little][vr](value, encodings)
            except KeyError:
                raise EncodeError(f"{tag_text(tag)}: no encoder for VR {vr!r}") from None
            except (TypeError, ValueError, struct.error) as exc:
                raise EncodeError(f"{tag_text(tag)} {vr}: cannot encode {value!r}: {exc}") from exc
            if swap:  # bytes as stored, in the byte order they were read in
                data = _swap(data, width)
    length = UNDEFINED_LENGTH if undefined else len(data)
    if encoding.implicit_vr:
        write(_IMPLICIT[little].pack(tag >> 16, tag & 0xFFFF, length))
    else:
        if not record.long_header and length > 0xFFFF:
            record = _UNKNOWN  # too long for a 2-byte length
        _write_header(tag, record, length, little, write)
    write(data)
    if undefined:
        write(SEQUENCE_DELIMITER[little])


def _copyable(src: Source, record: VR, little: bool) -> bool:
    """True when value bytes read from `src` can be written as read (words swapped).

    Text, bytes and UN (whose structure is unknown, so it is not swapped) do not depend
    on the byte order but for their words; numbers and AT are decoded and re-encoded.
    """
    return src.little_endian == little or record.kind not in ("binary_number", "tag")


def _word_size(tag: int, record: VR, ds: Dataset) -> int:
    """The width of the words a value is swapped by when the byte order changes.

    Pixel Data in OW holds words of Bits Allocated: 32- and 64-bit pixels are
    swapped whole, as the toolkits that wrote pydicom's rtdose_expb.dcm do
    (PS3.5 8.1.1, 8.2). Float and Double Float Pixel Data are OF and OD.
    """
    if tag == tags.PixelData and record is _WORDS:
        bits = ds.get("BitsAllocated")
        if isinstance(bits, int) and bits in (32, 64):
            return bits // 8
    return record.swap_width


def _swap(data: bytes, width: int) -> bytes:
    """Reverse the byte order of each `width`-byte word (PS3.5 7.3); a ragged tail stays."""
    if width == 1:
        return data
    usable = len(data) - len(data) % width
    words = array.array(_WORD_CODES[width], data[:usable])
    words.byteswap()
    return words.tobytes() + data[usable:]


def _write_header(
    tag: int, record: VR, length: int, little: bool, write: Callable[[bytes], Any]
) -> None:
    header = _LONG if record.long_header else _SHORT
    write(header[little].pack(tag >> 16, tag & 0xFFFF, record.vr.encode("ascii"), length))


def _write_sequence(
    element: DataElement, encoding: TransferSyntax, write: Callable[[bytes], Any]
) -> None:
    """A sequence: items re-assembled; undefined lengths kept undefined (PS3.5 7.5)."""
    little = encoding.little_endian
    tag = int(element.tag)
    sequence: Sequence = element.value
    undefined = element.is_undefined_length or sequence.is_undefined_length
    items: list[bytes] = []
    for item in sequence:
        body = encode_dataset(item, encoding)
        if item.is_undefined_length_sequence_item:
            items.append(ITEM_TAG[little] + UNDEFINED + body + _ITEM_DELIMITER[little])
        else:
            items.append(ITEM_TAG[little] + _UL[little].pack(len(body)) + body)
    value = b"".join(items)
    length = UNDEFINED_LENGTH if undefined else len(value)
    if encoding.implicit_vr:
        write(_IMPLICIT[little].pack(tag >> 16, tag & 0xFFFF, length))
    else:
        _write_header(tag, _SEQUENCE, length, little, write)
    write(value)
    if undefined:
        write(SEQUENCE_DELIMITER[little])
