"""Decide the Python types of keyword accessors from a VR and a VM.

Templates only print what this module decides, so the mapping can be tested.
Type names are the aliases the generated module imports (`_PersonName`, ...),
so that a keyword such as `PersonName` (0040,A123) can never shadow a type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from codegen.spec import VR, Element

# python_type in vrs.yaml -> (alias read back by a getter, what a setter accepts, the
# module the alias is imported from: None for a builtin)
_VALUE_TYPES: dict[str, tuple[str, str, str | None]] = {
    "str": ("str", "str", None),
    "PersonName": ("_PersonName", "_PersonName | str", "dicodec.values"),
    "UID": ("_UID", "str", "dicodec.values"),
    "DSfloat": ("_DSfloat", "float | str | _Decimal", "dicodec.values"),
    "IS": ("_IS", "int | str", "dicodec.values"),
    "int": ("int", "int", None),
    "float": ("float", "float", None),
    "Tag": ("_Tag", "int", "dicodec.tag"),
    "bytes": ("bytes", "bytes | bytearray | memoryview", None),
    "Sequence": ("_Sequence", "_Iterable[_Dataset]", "dicodec.sequence"),
}

# VRs whose empty value reads back as '' (text); every other VR reads back None
# (pydicom's convention, kept so that code written for it runs unchanged).
_EMPTY_IS_TEXT = {"str", "_PersonName", "_UID"}


def value_alias(python_type: str) -> str:
    """The name a generated module gives the value type of `python_type` (vrs.yaml)."""
    return _VALUE_TYPES[python_type][0]


# the container of multiple values, imported beside the value types
MULTI_VALUE = ("dicodec.values", "MultiValue", "_MultiValue")


def value_imports(python_types: Iterable[str]) -> list[str]:
    """The import lines of `MultiValue` and of the value types of `python_types`, sorted as
    ruff's isort sorts them (by module, then CONSTANT-like names before classes)."""
    found = {MULTI_VALUE}
    for python_type in python_types:
        alias, _, module = _VALUE_TYPES[python_type]
        if module is not None:
            found.add((module, python_type, alias))
    ordered = sorted(found, key=lambda m: (m[0], not m[1].isupper(), m[1]))
    return [f"from {module} import {name} as {alias}" for module, name, alias in ordered]


@dataclass(frozen=True)
class AccessorType:
    get: str
    set: str


def vm_min_max(vm: str) -> tuple[int, int | None]:
    """The least and greatest number of values a VM allows (None: unbounded).

    "1" -> (1, 1); "1-n" -> (1, None); "2-2n" -> (2, None); "1-3" -> (1, 3);
    "1-n or 1" -> (1, None).
    """
    first = vm.split(" or ")[0].strip()
    match = re.fullmatch(r"(\d+)(?:-(\d*)(n?))?", first)
    if match is None:
        raise ValueError(f"unreadable VM {vm!r}")
    low = int(match.group(1))
    if match.group(2) is None and not match.group(3):
        return low, low
    if match.group(3):
        return low, None
    return low, int(match.group(2))


def accessor_type(element: Element, vrs: dict[str, VR]) -> AccessorType:
    """The getter and setter types of `element`'s keyword accessor."""
    gets: list[str] = []
    sets: list[str] = []
    low, high = vm_min_max(element.vm)
    for name in element.vrs:
        vr = vrs[name]
        get, put, _ = _VALUE_TYPES[vr.python_type]
        if vr.kind in ("bytes", "sequence") or high == 1:
            forms, set_forms = [get], [put]
        elif low > 1:
            # an empty text value reads back as '' (or PersonName(''), UID(''))
            forms = [f"_MultiValue[{get}]"] + ([get] if get in _EMPTY_IS_TEXT else [])
            set_forms = [f"_Seq[{put}]"]
        else:
            forms, set_forms = [get, f"_MultiValue[{get}]"], [put, f"_Seq[{put}]"]
        if vr.kind != "sequence" and get not in _EMPTY_IS_TEXT:
            forms.append("None")
        gets.extend(f for f in forms if f not in gets)
        sets.extend(f for f in set_forms if f not in sets)
    if "None" in gets:  # None last reads best: `int | MultiValue[int] | None`
        gets.remove("None")
        gets.append("None")
    sets.append("None")
    return AccessorType(get=" | ".join(gets), set=" | ".join(sets))


def type_alias(element: Element) -> str:
    """The name of the type alias of `element`'s accessor: its VRs and how many values its VM
    allows, `_PN_1` (one), `_DS_N` (two or more), `_CS_1N` (one or more), `_USorSS_1`;
    `_retired` at the end for a retired element. Every element with the same name has the
    same getter and setter types (`accessor_type` depends on nothing else)."""
    low, high = vm_min_max(element.vm)
    count = "1" if high == 1 else ("N" if low > 1 else "1N")
    name = f"_{'or'.join(element.vrs)}_{count}"
    return f"{name}_retired" if element.retired else name
