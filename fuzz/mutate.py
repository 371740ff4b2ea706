"""Mutations of a seed file, byte-level and element-aware, and hostile files built from scratch.

Every function takes a `random.Random`, so that a run seed reproduces a run.
Element-aware mutations use the seed's layout: where each element's header,
length field and value are, found by reading the seed with dicodec.
"""

from __future__ import annotations

import random
import struct
import warnings
from typing import NamedTuple

import dicodec
from dicodec.errors import DicomError


class Element(NamedTuple):
    """Where an element of a seed is: header start, value start, end, where its length is."""

    start: int
    value: int
    end: int
    length_at: int
    length_size: int
    vr_at: int | None  # None in Implicit VR


_DICOM_VRS = b"AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI"
VRS = [*(_DICOM_VRS + b" UL UN UR US UT UV").split(), b"XX", b"\0\0", b"ob", b"  "]
# Lengths worth trying: empty, odd, the 2- and 4-byte limits, undefined, near 4 GiB.
LENGTHS = (0, 1, 2, 3, 7, 0xFFFF, 0x10000, 0x7FFFFFFF, 0xFFFFFFF0, 0xFFFFFFFE, 0xFFFFFFFF)
# 4 bytes written over the data: item and delimiter tags, undefined and huge lengths
WORDS = (
    b"\xfe\xff\x00\xe0",
    b"\xfe\xff\x0d\xe0",
    b"\xfe\xff\xdd\xe0",
    b"\xff\xff\xff\xff",
    b"\xf0\xff\xff\xff",
    b"\x00\x00\x00\x00",
    b"\xe0\x7f\x10\x00",  # (7FE0,0010) Pixel Data
)


def layout(data: bytes) -> list[Element]:
    """The elements of `data` (nested ones too), or none when dicodec cannot read it."""
    found: list[Element] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = dicodec.dcmread(data, force=True)
            elements = list(ds.file_meta.iterall()) + list(ds.iterall())
    except DicomError:
        return found
    for element in elements:
        raw = element._raw
        if raw is None or raw[4].buf is not data:
            continue  # deflated (the offsets are in the inflated copy) or not read
        _, start, value, end, src = raw
        if src.implicit_vr:
            found.append(Element(start, value, end, start + 4, 4, None))
        elif value - start == 12:
            found.append(Element(start, value, end, start + 8, 4, start + 4))
        else:
            found.append(Element(start, value, end, start + 6, 2, start + 4))
    return found


def _length(size: int, rng: random.Random, little: bool) -> bytes:
    value = rng.choice(LENGTHS) if rng.random() < 0.7 else rng.randrange(1 << (8 * size))
    value &= (1 << (8 * size)) - 1
    return value.to_bytes(size, "little" if little else "big")


# -- one mutation each: (new bytes, what was done) ---------------------------------------------
def flip_bits(data: bytearray, rng: random.Random, elements: list[Element]) -> str:
    count = rng.randint(1, 8)
    for _ in range(count):
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
    return f"flip {count} bits"


def insert_bytes(data: bytearray, rng: random.Random, elements: list[Element]) -> str:
    at = rng.randrange(len(data) + 1)
    data[at:at] = rng.randbytes(rng.randint(1, 16))
    return f"insert at {at}"


def delete_bytes(data: bytearray, rng: random.Random, elements: list[Element]) -> str:
    at = rng.randrange(len(data))
    count = rng.randint(1, 16)
    del data[at : at + count]
    return f"delete {count} at {at}"


def truncate(data: bytearray, rng: random.Random, elements: list[Element]) -> str:
    at = rng.randrange(len(data))
    del data[at:]
    return f"truncate at {at}"


def overwrite_word(data: bytearray, rng: random.Random, elements: list[Element]) -> str:
    at = rng.randrange(max(1, len(data) - 4))
    data[at : at + 4] = rng.choice(WORDS)
    return f"word at {at}"


def set_length(data: bytearray, rng: random.Random, elements: list[Element]) -> str:
    element = rng.choice(elements)
    at, size = element.length_at, element.length_size
    data[at : at + size] = _length(size, rng, little=rng.random() < 0.9)
    return f"length at {at}"


def set_vr(data: bytearray, rng: random.Random, elements: list[Element]) -> str:
    explicit = [e for e in elements if e.vr_at is not None]
    if not explicit:
        return flip_bits(data, rng, elements)
    element = rng.choice(explicit)
    assert element.vr_at is not None
    data[element.vr_at : element.vr_at + 2] = rng.choice(VRS)
    return f"VR at {element.vr_at}"


def duplicate_element(data: bytearray, rng: random.Random, elements: list[Element]) -> str:
    element = rng.choice(elements)
    copy = data[element.start : element.end]
    at = element.end if rng.random() < 0.7 else rng.choice(elements).start
    data[at:at] = copy
    return f"duplicate {element.start}:{element.end} at {at}"


def swap_elements(data: bytearray, rng: random.Random, elements: list[Element]) -> str:
    first = rng.randrange(len(elements))
    later = [e for e in elements[first + 1 :] if e.start >= elements[first].end]
    if not later:
        return delete_bytes(data, rng, elements)
    a, b = elements[first], later[0] if rng.random() < 0.7 else rng.choice(later)
    data[a.start : b.end] = data[b.start : b.end] + data[a.end : b.start] + data[a.start : a.end]
    return f"swap {a.start} and {b.start}"


def truncate_in_element(data: bytearray, rng: random.Random, elements: list[Element]) -> str:
    element = rng.choice(elements)
    at = rng.randrange(element.start, max(element.start + 1, element.end))
    del data[at:]
    return f"truncate at {at} in the element at {element.start}"


BYTE_MUTATIONS = (flip_bits, insert_bytes, delete_bytes, truncate, overwrite_word)
ELEMENT_MUTATIONS = (set_length, set_vr, duplicate_element, swap_elements, truncate_in_element)


def mutate(seed: bytes, elements: list[Element], rng: random.Random) -> tuple[bytes, str]:
    """1 to 3 mutations of `seed`; element-aware ones when its layout is known."""
    data = bytearray(seed)
    done = []
    for _ in range(rng.randint(1, 3)):
        if not data:
            break
        aware = elements and len(data) == len(seed) and rng.random() < 0.6
        mutation = rng.choice(ELEMENT_MUTATIONS if aware else BYTE_MUTATIONS)
        done.append(mutation(data, rng, elements))
    return bytes(data), "; ".join(done)


# -- hostile files, built from scratch ---------------------------------------------------------
_PREAMBLE = b"\0" * 128 + b"DICM"


def _explicit(tag: int, vr: bytes, value: bytes, length: int | None = None) -> bytes:
    size = len(value) if length is None else length
    if vr in (b"OB", b"OW", b"SQ", b"UN", b"UT", b"UC", b"UR", b"OD", b"OF", b"OL", b"OV"):
        return struct.pack("<HH2s2xI", tag >> 16, tag & 0xFFFF, vr, size) + value
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr, size & 0xFFFF) + value


def _meta(syntax: bytes) -> bytes:
    body = _explicit(0x00020010, b"UI", syntax)
    return _PREAMBLE + _explicit(0x00020000, b"UL", struct.pack("<I", len(body))) + body


def nested_sequences(rng: random.Random) -> tuple[bytes, str]:
    depth = rng.choice((65, 200, 1000, 5000))
    undefined = rng.random() < 0.5
    kind = "undefined" if undefined else "defined"
    return nested(depth, undefined=undefined), f"sequences nested {depth} deep ({kind} lengths)"


def nested(depth: int, *, undefined: bool) -> bytes:
    """Implicit VR: Content Sequences nested `depth` deep, of undefined or defined length."""
    body = b""
    for _ in range(depth):
        if undefined:
            item = b"\xfe\xff\x00\xe0\xff\xff\xff\xff" + body + b"\xfe\xff\x0d\xe0\0\0\0\0"
            body = b"\x40\x00\x30\xa7\xff\xff\xff\xff" + item + b"\xfe\xff\xdd\xe0\0\0\0\0"
        else:
            item = b"\xfe\xff\x00\xe0" + struct.pack("<I", len(body)) + body
            body = b"\x40\x00\x30\xa7" + struct.pack("<I", len(item)) + item
    return body


def huge_element(rng: random.Random) -> tuple[bytes, str]:
    length = rng.choice((0xFFFFFFF0, 0xFFFFFFFE, 0x7FFFFFFF, 0x10000000))
    vr = rng.choice((b"OB", b"OW", b"UN", b"UT", b"SQ"))
    tail = rng.randbytes(rng.randint(0, 32))
    data = _meta(b"1.2.840.10008.1.2.1\0") + _explicit(0x7FE00010, vr, tail, length)
    return data, f"a {len(data)}-byte file claiming a {length}-byte {vr.decode()} element"


def _image_header(rows: int, columns: int, frames: int, syntax: bytes) -> bytes:
    def us(tag: int, value: int) -> bytes:
        return _explicit(tag, b"US", struct.pack("<H", value & 0xFFFF))

    return (
        _meta(syntax)
        + _explicit(0x00280002, b"US", struct.pack("<H", 1))
        + _explicit(0x00280004, b"CS", b"MONOCHROME2 ")
        + _explicit(0x00280008, b"IS", str(frames).encode().ljust(2))
        + us(0x00280010, rows)
        + us(0x00280011, columns)
        + us(0x00280100, 16)
        + us(0x00280101, 16)
        + us(0x00280102, 15)
        + us(0x00280103, 0)
    )


def hostile_pixels(rng: random.Random) -> tuple[bytes, str]:
    """Image attributes claiming far more pixels than there are, or a hostile offset table."""
    rows, columns = rng.choice(((65535, 65535), (4096, 4096), (16, 16)))
    frames = rng.choice((1, 2, 1000, 2147483647))
    fragment = rng.randbytes(rng.randint(0, 64))
    kind = rng.randrange(3)
    if kind == 0:
        header = _image_header(rows, columns, frames, b"1.2.840.10008.1.2.1\0")
        return header + _explicit(0x7FE00010, b"OW", fragment), "native pixels far too short"
    offsets = [rng.choice((0, 8, 0xFFFFFFF0, rng.randrange(1 << 32))) for _ in range(2)]
    if rng.random() < 0.5:
        offsets = [16, 0]  # pointing backwards
    table = struct.pack("<2I", *offsets)
    rle = b"1.2.840.10008.1.2.5\0" if kind == 1 else b"1.2.840.10008.1.2.4.50"
    items = b"\xfe\xff\x00\xe0" + struct.pack("<I", len(table)) + table
    for _ in range(rng.randint(0, 3)):
        length = rng.choice((len(fragment), 0, 0xFFFFFFFF))
        items += b"\xfe\xff\x00\xe0" + struct.pack("<I", length) + fragment
    items += b"\xfe\xff\xdd\xe0\0\0\0\0"
    header = _image_header(rows, columns, frames, rle)
    data = header + _explicit(0x7FE00010, b"OB", items, 0xFFFFFFFF)
    return data, f"encapsulated pixels, {rows}x{columns}x{frames}, offsets {offsets}"


HOSTILE = (nested_sequences, huge_element, hostile_pixels)
