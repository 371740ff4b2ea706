"""Python source that rebuilds a dataset with dicodec's typed keyword accessors
(`dicodec code FILE`, as `pydicom codify` does for pydicom).

Each element becomes `ds.Keyword = value` where its accessor's type takes the value as
it is, and `ds.add_new(tag, VR, value)` elsewhere (private and unknown elements, a VR
other than the dictionary's, a value count its VM does not allow), so the output passes
`mypy --strict`. Text values are written as their text (DS and IS keep their digits),
so running the output rebuilds a dataset equal to the one read.
"""

from __future__ import annotations

import keyword as py_keyword
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dicodec.datadict import entry, vm_of
from dicodec.generated.vrs import VRS

if TYPE_CHECKING:
    from dicodec.dataset import Dataset
    from dicodec.element import DataElement


@dataclass
class _Writer:
    """The lines written so far, and the variable names taken."""

    exclude_size: int | None
    lines: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def name(self, wanted: str) -> str:
        base = _snake(wanted) or "item"
        if py_keyword.iskeyword(base) or base in ("ds", "file_meta", "Dataset", "Sequence"):
            base += "_"
        name, number = base, 1
        while name in self.names:
            number += 1
            name = f"{base}_{number}"
        self.names.add(name)
        return name


def code_for_dataset(
    ds: Dataset, *, name: str = "ds", exclude_size: int | None = None, source: str = ""
) -> str:
    """A Python module that rebuilds `ds` (and its File Meta Information) as `ds`.

    Values of bytes VRs longer than `exclude_size` are left out, with a comment.
    """
    out = _Writer(exclude_size, names={name, "file_meta"})
    meta = ds.file_meta
    if len(meta):
        out.lines += ["# File Meta Information", "file_meta = FileMetaDataset()"]
        _elements(out, meta, "file_meta")
        out.lines.append("")
    out.lines += ["# the data set", f"{name} = Dataset()"]
    _elements(out, ds, name)
    if len(meta):
        out.lines += ["", f"{name}.file_meta = file_meta"]
    out.lines += [
        "",
        'if __name__ == "__main__":',
        "    import sys",
        "",
        f"    {name}.save_as(sys.argv[1], enforce_file_format=True)",
    ]
    imports = ["DataElement"] if any("DataElement(" in line for line in out.lines) else []
    imports += ["Dataset"] + (["FileMetaDataset"] if len(meta) else [])
    imports += ["Sequence"] if any(" = Sequence()" in line for line in out.lines) else []
    heading = f"Rebuilds {source} with dicodec" if source else "Rebuilds a dataset with dicodec"
    head = [
        f'"""{heading} (written by `dicodec code`)."""',
        "",
        f"from dicodec import {', '.join(imports)}",
        "",
    ]
    return "\n".join(head + out.lines) + "\n"


def code_for_file(path: str, *, exclude_size: int | None = None, force: bool = False) -> str:
    from dicodec.filereader import dcmread

    return code_for_dataset(dcmread(path, force=force), exclude_size=exclude_size, source=path)


def _elements(out: _Writer, ds: Dataset, target: str) -> None:
    for element in ds:
        if element.VR == "SQ":
            _sequence(out, element, target)
            continue
        value = element.value
        if (
            out.exclude_size is not None
            and isinstance(value, (bytes, bytearray, memoryview))
            and len(value) > out.exclude_size
        ):
            out.lines.append(
                f"# {element.keyword or element.tag} {element.VR}: {len(value)} bytes left out"
            )
            continue
        literal = _literal(element.VR, value)
        problem = _invalid(element)
        if problem:
            # kept as read, as the file has it: the setters would refuse it
            out.lines.append(f"# {problem}")
            out.lines.append(
                f'{target}.add(DataElement({_tag(element)}, "{element.VR}", {literal}, '
                'validation="ignore"))'
            )
        elif _by_keyword(element):
            out.lines.append(f"{target}.{element.keyword} = {literal}")
        else:
            out.lines.append(f'{target}.add_new({_tag(element)}, "{element.VR}", {literal})')


def _sequence(out: _Writer, element: DataElement, target: str) -> None:
    keyword = element.keyword
    variable = out.name(keyword or f"sequence_{int(element.tag):08x}")
    out.lines += [f"# {element.name}", f"{variable} = Sequence()"]
    item_name = re.sub(r"Sequence$", "", keyword) or "item"
    for item in element.value:
        item_variable = out.name(item_name + "_item" if item_name == keyword else item_name)
        out.lines.append(f"{item_variable} = Dataset()")
        _elements(out, item, item_variable)
        out.lines.append(f"{variable}.append({item_variable})")
    if _by_keyword(element):
        out.lines.append(f"{target}.{keyword} = {variable}")
    else:
        out.lines.append(f'{target}.add_new({_tag(element)}, "SQ", {variable})')


def _by_keyword(element: DataElement) -> bool:
    """True when `ds.Keyword = value` makes this very element, and its accessor's type
    takes the value (a VR other than the dictionary's, or an ambiguous one, is given
    explicitly; so is a list for a keyword of VM 1, or one number for one of VM 2 or more).
    """
    found = entry(int(element.tag))
    if found is None or not element.keyword or found[0] != element.VR or element.tag >> 16 & 1:
        return False  # (a repeating group's element has no keyword of its own)
    vm = vm_of(int(element.tag))
    value = element.value
    if element.VR == "SQ" or value is None:
        return True
    kind = VRS[element.VR].kind
    if kind == "bytes":
        return isinstance(value, bytes)
    values = value if isinstance(value, list) else [value]
    if kind not in ("text", "number_text") and any(isinstance(v, str) for v in values):
        return False  # a number that could not be decoded from a damaged file
    single = vm.split(" or ")[0].strip() == "1"  # "1-n", "2-2n", "3": a sequence of values
    if isinstance(value, list):
        return not single
    # VM 2-n or 3: the accessor takes a sequence (text is one: a sequence of characters)
    return single or vm.startswith("1-") or isinstance(value, str)


def _invalid(element: DataElement) -> str:
    """Why the value would be refused if set as it is ("" when it would not)."""
    from dicodec.element import DataElement
    from dicodec.errors import DicomError

    try:
        DataElement(element.tag, element.VR, element.value)
    except (DicomError, ValueError, TypeError) as exc:
        return " ".join(str(exc).split())
    return ""


def _tag(element: DataElement) -> str:
    return f"0x{int(element.tag):08X}"


def _literal(vr: str, value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(vr, v) for v in value) + "]"
    return _scalar(vr, value)


def _scalar(vr: str, value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return repr(bytes(value))
    if vr == "AT":
        return f"0x{int(value):08X}"
    if isinstance(value, float) and type(value) is float:  # FL, FD (DS keeps its text)
        return repr(value) if math.isfinite(value) else f'float("{value}")'
    if isinstance(value, int) and type(value) is int:
        return repr(value)
    return repr(str(value))


def _snake(text: str) -> str:
    """`BeamSequence` -> `beam_sequence`, `RTBeamLimitingDevice` -> `rt_beam_limiting_device`."""
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", words)
    return re.sub(r"[^0-9a-z_]", "_", words.lower()).strip("_")


__all__ = ["code_for_dataset", "code_for_file"]
