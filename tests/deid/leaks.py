"""The identity-leak check of de-identified output, with pydicom as the independent reader.

For every element of the original file (at any depth) that the Basic Profile removes or
replaces (PS3.15 Table E.1-1 as imported into spec/deidentification.yaml, the private
attributes, every date and date-time, every UID that is not a registry UID), each value of
at least MIN_LENGTH characters is looked for in the de-identified file's bytes, encoded in
the file's character set and in ASCII. Used by the tests and by `make bench` (for
dicognito's output too).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydicom
import yaml
from pydicom._uid_dict import UID_dictionary
from pydicom.charset import convert_encodings
from pydicom.dataset import Dataset as PydicomDataset

REPO = Path(__file__).resolve().parents[2]
MIN_LENGTH = 4
_DATE_VRS = ("DA", "DT")
# the dummy values of action D: a value equal to one says nothing when found
DUMMIES = frozenset(
    str(v["dummy"])
    for v in yaml.safe_load((REPO / "spec" / "deidentification_vrs.yaml").read_text())["vrs"]
    if v["dummy"]
)


def _table() -> tuple[dict[int, str], list[tuple[int, int]]]:
    rows = yaml.safe_load((REPO / "spec" / "deidentification.yaml").read_text(encoding="utf-8"))
    exact: dict[int, str] = {}
    masks: list[tuple[int, int]] = []
    for row in rows["attributes"]:
        tag = row["tag"]
        if not tag.startswith("(") or "where" in tag:
            continue
        digits = tag[1:5] + tag[6:10]
        if "x" in digits:
            mask = int("".join("0" if c == "x" else "F" for c in digits), 16)
            masks.append((mask, int(digits.replace("x", "0"), 16)))
        else:
            exact[int(digits, 16)] = row["basic"]
    return exact, masks


EXACT, MASKS = _table()


def removed_or_replaced(tag: int, vr: str) -> bool:
    """Whether the Basic Profile removes or replaces this element's value."""
    if tag >> 16 & 1:
        return True  # private
    if tag in EXACT:
        return EXACT[tag] != "K"
    if any(tag & mask == value for mask, value in MASKS):
        return True
    return vr in _DATE_VRS


@dataclass
class Leak:
    path: str
    value: str

    def __str__(self) -> str:
        return f"{self.path}: {self.value!r}"


@dataclass
class Originals:
    """The identifying values of one original file, and the encodings to look for them in.

    A value that is also part of a value the profile keeps ("Brain" in both Study
    Description, removed, and Position Reference Indicator, kept) or that equals a dummy
    value is not looked for: finding it would say nothing. `excused` lists those.
    """

    values: dict[str, str] = field(default_factory=dict)  # value -> where it was
    encodings: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    excused: list[str] = field(default_factory=list)


def _values(element: Any) -> Iterator[str]:
    value = element.value
    items = value if isinstance(value, (list, tuple, pydicom.multival.MultiValue)) else [value]
    for v in items:
        if v is None or isinstance(v, (bytes, bytearray)):
            continue
        text = str(v).strip("\0 ")
        yield text
        if element.VR == "PN":
            yield from (p for p in re.split(r"[\^=]", text))


def originals(source: Path | bytes) -> Originals:
    """The identifying values of a file (a path, or its bytes)."""
    ds = pydicom.dcmread(io.BytesIO(source) if isinstance(source, bytes) else source, force=True)
    found = Originals()
    charset = ds.get("SpecificCharacterSet", "ISO_IR 6")
    found.encodings = convert_encodings(charset)

    def visit(dataset: PydicomDataset, where: str) -> None:
        for element in dataset:
            here = f"{where}{element.tag}"
            if element.VR == "SQ":
                for i, item in enumerate(element.value):
                    visit(item, f"{here}[{i}].")
                continue
            try:
                values = list(_values(element))
            except Exception:  # a value pydicom cannot decode: nothing to look for
                continue
            if not removed_or_replaced(element.tag, element.VR):
                found.kept += values
                continue
            for v in values:
                if len(v) >= MIN_LENGTH and not (element.VR == "UI" and v in UID_dictionary):
                    found.values.setdefault(v, here)

    visit(ds.file_meta, "meta ")
    visit(ds, "")
    kept = "\0".join(found.kept)
    for value in list(found.values):
        if value in DUMMIES or value in kept:
            del found.values[value]
            found.excused.append(value)
    return found


def leaks(original: Path | bytes, output: bytes, found: Originals | None = None) -> list[Leak]:
    """Every identifying value of `original` that is still in `output`."""
    found = found or originals(original)
    out = []
    for value, where in found.values.items():
        forms = set()
        for codec in [*found.encodings, "ascii"]:
            try:
                forms.add(value.encode(codec))
            except (UnicodeError, LookupError):
                continue
        if any(form and form in output for form in forms):
            out.append(Leak(where, value))
    return out
