"""Choosing one VR where the dictionary gives several, or none (PS3.5 6.2.2, Annex A).

In Implicit VR files the VR comes from the dictionary, and a few elements have
two or three (`US or SS`, `OB or OW`, `US or SS or OW`): the right one follows
from the dataset (Pixel Representation, Bits Allocated). Rules as in PS3.5 and
as pydicom applies them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dicodec.datadict import entry
from dicodec.generated import tags

if TYPE_CHECKING:
    from dicodec.dataset import Dataset

# PS3.3 C.11.1.1, C.7.6.3.1.5: the LUT Descriptors, US whatever the pixels' sign
LUT_DESCRIPTOR_TAGS = frozenset(
    {
        tags.LUTDescriptor,
        tags.RedPaletteColorLookupTableDescriptor,
        tags.GreenPaletteColorLookupTableDescriptor,
        tags.BluePaletteColorLookupTableDescriptor,
    }
)


def _context_int(ds: Dataset | None, tag: int) -> int | None:
    """An int attribute from `ds` or the nearest enclosing dataset that has it."""
    while ds is not None:
        if tag in ds._elements:
            value = ds[tag].value
            if isinstance(value, list):
                value = value[0] if value else None
            return int(value) if value is not None else None
        ds = ds.parent
    return None


def dictionary_vr(tag: int, ds: Dataset | None, *, implicit: bool, undefined: bool = False) -> str:
    """The VR of an element whose file gave none (Implicit VR) or UN."""
    found = entry(tag)
    if found is None:
        return "UN"
    vr = found[0]
    if " or " not in vr:
        return vr
    return resolve_ambiguous(vr, tag, ds, implicit=implicit, undefined=undefined)


def resolve_ambiguous(
    vr: str, tag: int, ds: Dataset | None, *, implicit: bool = False, undefined: bool = False
) -> str:
    """One VR out of `US or SS`, `OB or OW`, `US or SS or OW`, `US or OW`."""
    options = vr.split(" or ")
    if vr == "US or SS" or (options[:2] == ["US", "SS"]):
        if tag in LUT_DESCRIPTOR_TAGS:
            return "US"  # PS3.3 C.11.1.1: descriptors are US, whatever the pixels' sign
        representation = _context_int(ds, tags.PixelRepresentation)
        return "SS" if representation == 1 else "US"
    if vr == "OB or OW":
        if tag == tags.PixelData:
            if undefined:
                return "OB"  # PS3.5 A.4: encapsulated Pixel Data is OB
            if implicit:
                return "OW"  # PS3.5 A.1: Pixel Data is OW in Implicit VR Little Endian
            bits = _context_int(ds, tags.BitsAllocated)
            return "OB" if bits is not None and bits <= 8 else "OW"
        return "OW"
    if "OW" in options:
        return "OW"  # LUT Data in Implicit VR: words (PS3.5 A.1 note)
    return options[0]
