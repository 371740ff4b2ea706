"""The printed listing of a dataset, in the format users know from pydicom.

`(gggg, eeee) ` + the name cut or padded to 35 characters + ` VR: value`;
sequences as `(gggg, eeee)  Name   N item(s) ---- ` with their items indented
by three spaces, each closed by `---------`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dicodec.errors import tag_text
from dicodec.generated.vrs import VRS

if TYPE_CHECKING:
    from dicodec.dataset import Dataset
    from dicodec.element import DataElement

NAME_WIDTH = 35
# Longer values are summarized rather than printed in full (as pydicom does).
MAX_DISPLAY = 16
# How one value of each kind of VR is shown (vrs.yaml `kind`): numbers as text are quoted,
# binary numbers are not, tags are (gggg, eeee); a VR this edition does not know, as text.
_SHOWN: dict[str, Callable[[Any], str]] = {
    "number_text": '"{}"'.format,
    "binary_number": str,
    "tag": tag_text,
}


def value_text(element: DataElement) -> str:
    """The value as the listing shows it."""
    vr = element.VR
    value = element.value
    if value is None:
        return "''"
    record = VRS.get(vr)
    kind = record.kind if record is not None else ""
    if kind == "bytes" or isinstance(value, (bytes, bytearray)):
        if len(value) > MAX_DISPLAY:
            return f"Array of {len(value)} bytes"
        return repr(bytes(value))
    if isinstance(value, list):
        if len(value) > MAX_DISPLAY:
            return f"Array of {len(value)} elements"
        return "[" + ", ".join(_item_text(kind, v) for v in value) + "]"
    if vr == "UI":  # a registered UID shows its name
        return str(getattr(value, "name", value))
    show = _SHOWN.get(kind)
    return show(value) if show is not None else repr(str(value))


def _item_text(kind: str, value: Any) -> str:
    if kind == "tag":
        return tag_text(value)
    if isinstance(value, (int, float)) and kind != "number_text":
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
