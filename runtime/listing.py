"""The printed listing of a dataset, in the format users know from pydicom.

`(gggg, eeee) ` + the name cut or padded to 35 characters + ` VR: value`;
sequences as `(gggg, eeee)  Name   N item(s) ---- ` with their items indented
by three spaces, each closed by `---------`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dicodec.generated.vr_codecs import BYTES_VRS
from dicodec.tag import tag_text

if TYPE_CHECKING:
    from dicodec.dataset import Dataset
    from dicodec.element import DataElement

NAME_WIDTH = 35
# Longer values are summarized rather than printed in full (as pydicom does).
MAX_DISPLAY = 16
_QUOTED_NUMBERS = {"DS", "IS"}


def value_text(element: DataElement) -> str:
    """The value as the listing shows it."""
    vr = element.VR
    value = element.value
    if value is None:
        return "''"
    if vr in BYTES_VRS or isinstance(value, (bytes, bytearray)):
        if len(value) > MAX_DISPLAY:
            return f"Array of {len(value)} bytes"
        return repr(bytes(value))
    if isinstance(value, list):
        if len(value) > MAX_DISPLAY:
            return f"Array of {len(value)} elements"
        return "[" + ", ".join(_item_text(vr, v) for v in value) + "]"
    if vr == "UI":
        return str(getattr(value, "name", value))
    if vr in _QUOTED_NUMBERS:
        return f'"{value}"'
    if vr in ("FL", "FD", "US", "SS", "UL", "SL", "SV", "UV", "AT"):
        return str(value) if vr != "AT" else tag_text(value)
    return repr(str(value))


def _item_text(vr: str, value: Any) -> str:
    if vr == "AT":
        return tag_text(value)
    if isinstance(value, (int, float)) and vr not in _QUOTED_NUMBERS:
        return str(value)
    return repr(str(value))


def element_line(element: DataElement, indent: str = "") -> str:
    """One element's line (for a sequence, its heading line)."""
    name = element.name
    if element.VR == "SQ":
        return f"{indent}{tag_text(element.tag)}  {name}   {len(element.value)} item(s) ---- "
    return f"{indent}{tag_text(element.tag)} {name[:NAME_WIDTH]:<{NAME_WIDTH}} {element.VR}: {value_text(element)}"


def dataset_lines(ds: Dataset, depth: int = 0, recursive: bool = True) -> list[str]:
    indent = "   " * depth
    lines = []
    for element in ds:
        lines.append(
            element_line(element, indent).rstrip()
            if element.VR == "SQ"
            else element_line(element, indent)
        )
        if element.VR == "SQ" and recursive:
            for item in element.value:
                lines.extend(dataset_lines(item, depth + 1))
                lines.append(f"{indent}   ---------")
    return lines


def format_dataset(ds: Dataset, recursive: bool = True) -> str:
    return "\n".join(dataset_lines(ds, 0, recursive))
