"""Comparing two dicodec datasets value by value, across transfer syntaxes.

Used by the transfer syntax tests: a dataset written in one syntax and read
back must hold the same values as the original, with three expected changes:
- words (OW, OF, OL, OD, OV) are bytes in the byte order of the dataset they
  were read from, as pydicom gives them: they compare as numbers, that is,
  after swapping both to little endian (PS3.5 7.3); Pixel Data's words are
  Bits Allocated wide (32- and 64-bit pixels are swapped whole);
- Implicit VR has no VR in the file: an element the dictionary does not know
  (a private one) comes back UN, with the bytes its value encodes to; a private
  element the private dictionary knows comes back with the dictionary's VR (as in
  pydicom), and the same bytes;
- Pixel Data is OW in Implicit VR (PS3.5 A.1): an OB value comes back OW.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dicodec import Dataset, Tag
from dicodec.datadict import entry, private_entry
from dicodec.generated.vr_codecs import ENCODERS
from dicodec.generated.vrs import VRS

# bytes VRs made of words, and the word size: swapped when the byte order changes (PS3.5 7.3)
WORD_SIZES = {
    vr: record.swap_width
    for vr, record in VRS.items()
    if record.kind == "bytes" and record.swap_width > 1
}


def as_little_endian(vr: str, value: Any, little: bool | None, width: int | None = None) -> Any:
    """Words of an OW/OF/OL/OD/OV value in little endian order (`little` None: as given)."""
    if vr not in WORD_SIZES or value is None or little is None or little:
        return value
    width = width or WORD_SIZES[vr]
    data = bytes(value)
    usable = len(data) - len(data) % width
    words = np.frombuffer(data[:usable], dtype=f">u{width}").astype(f"<u{width}")
    return words.tobytes() + data[usable:]


def _same(a: Any, b: Any) -> bool:
    # a list of one value set by hand reads back as that value (VM 1), as in pydicom
    if isinstance(a, list) and not isinstance(b, list) and len(a) == 1:
        a = a[0]
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _ambiguous_ob_ow(tag: int) -> bool:
    found = entry(tag)
    return found is not None and found[0] == "OB or OW"


def differences(
    a: Dataset, b: Dataset, little_a: bool | None, little_b: bool | None, where: str = ""
) -> list[str]:
    """What differs between `a` and `b` (empty when they hold the same values)."""
    problems: list[str] = []
    tags_a, tags_b = [int(t) for t in a.keys()], [int(t) for t in b.keys()]
    if tags_a != tags_b:
        odd = sorted(set(tags_a) ^ set(tags_b))
        return [f"{where}: tags differ: {[str(Tag(t)) for t in odd]}"]
    for tag in tags_a:
        ea, eb = a[tag], b[tag]
        here = f"{where}{Tag(tag)}"
        if ea.VR == "SQ" or eb.VR == "SQ":
            problems += _sequence_differences(ea, eb, little_a, little_b, here)
            continue
        if ea.VR != eb.VR:
            problems += _vr_change(ea, eb, little_a, little_b, here)
            continue
        width = _pixel_word(a, tag, ea.VR)
        va = as_little_endian(ea.VR, ea.value, little_a, width)
        vb = as_little_endian(eb.VR, eb.value, little_b, width)
        if not _same(va, vb):
            problems.append(f"{here} {ea.VR}: {str(va)[:80]} != {str(vb)[:80]}")
    return problems


def _pixel_word(ds: Dataset, tag: int, vr: str) -> int | None:
    """Pixel Data in OW is swapped in words of Bits Allocated when that is 32 or 64."""
    bits = ds.get("BitsAllocated")
    if tag == Tag("PixelData") and vr == "OW" and bits in (32, 64):
        return int(bits) // 8
    return None


def _sequence_differences(
    ea: Any, eb: Any, little_a: bool | None, little_b: bool | None, where: str
) -> list[str]:
    if ea.VR != eb.VR:
        return [f"{where}: VR {ea.VR} != {eb.VR}"]
    if len(ea.value) != len(eb.value):
        return [f"{where}: {len(ea.value)} items != {len(eb.value)}"]
    problems: list[str] = []
    for n, (x, y) in enumerate(zip(ea.value, eb.value, strict=True)):
        problems += differences(x, y, little_a, little_b, f"{where}[{n}]")
    return problems


def _vr_change(
    ea: Any, eb: Any, little_a: bool | None, little_b: bool | None, where: str
) -> list[str]:
    """An element whose VR changed: fine only for the expected, lossless changes."""
    if eb.VR == "UN" and entry(int(ea.tag)) is None:
        little = True if little_b is None else little_b
        value = as_little_endian(ea.VR, ea.value, little_a)  # swapped when written (PS3.5 7.3)
        expected = b"" if value is None else ENCODERS[little][ea.VR](value, ea._encodings)
        if (eb.value or b"") == expected:
            return []
        return [f"{where}: UN {eb.value!r} != {ea.VR} {expected!r}"]
    known = private_entry(int(eb.tag), eb.private_creator)
    if known is not None and known[0] == eb.VR:
        little = True if little_b is None else little_b
        value = as_little_endian(ea.VR, ea.value, little_a)
        before = b"" if value is None else ENCODERS[little][ea.VR](value, ea._encodings)
        after = b"" if eb.value is None else ENCODERS[little][eb.VR](eb.value, eb._encodings)
        if before == after:
            return []
        return [f"{where}: {ea.VR} {before!r} != the private dictionary's {eb.VR} {after!r}"]
    if {ea.VR, eb.VR} == {"OB", "OW"} and _ambiguous_ob_ow(int(ea.tag)):
        if bytes(ea.value or b"") == bytes(eb.value or b""):
            return []
        return [f"{where}: the {ea.VR} and {eb.VR} bytes differ"]
    return [f"{where}: VR {ea.VR} != {eb.VR}"]
