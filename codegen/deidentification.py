"""The de-identification tables of `spec/` (PS3.15 Annex E): loading, checks, template context.

`spec.load` reads them through `load`; `context` decides everything
`templates/deidentification.py.jinja` prints.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.spec import SourceRef, SpecError, _build, read_table

# The one row of Table E.1-1 that names a rule, not a tag (see codegen/importers).
PRIVATE_ROW_TAG = "(gggg,eeee) where gggg is odd"
FILES = {
    "attributes": ("deidentification", "attributes"),
    "methods": ("deidentification_methods", "methods"),
    "safe_private": ("deidentification_private", "safe_private"),
    "vrs": ("deidentification_vrs", "vrs"),
}


@dataclass(frozen=True)
class Method:
    method: str  # "basic" or an option: the field of Attribute.actions that holds its column
    column: str
    code_value: str
    coding_scheme: str
    code_meaning: str


@dataclass(frozen=True)
class Attribute:
    tag: str  # "(0010,0010)", "(50xx,xxxx)", or PRIVATE_ROW_TAG
    name: str
    retired: bool
    in_std_comp_iod: bool
    actions: tuple[tuple[str, str], ...]  # (method, action code as written) where given


@dataclass(frozen=True)
class SafePrivate:
    tag: str  # "(0019,xx27)": the element at offset 0x27 of the creator's block
    creator: str
    vr: str | None
    vm: str | None
    meaning: str


@dataclass(frozen=True)
class VRTreatment:
    vr: str
    dummy: str | None
    shift: str | None


@dataclass(frozen=True)
class Deidentification:
    edition: str  # of PS3.15
    attributes: tuple[Attribute, ...]
    methods: tuple[Method, ...]
    safe_private: tuple[SafePrivate, ...]
    vrs: tuple[VRTreatment, ...]
    sources: dict[str, tuple[SourceRef, ...]]  # spec file stem -> its recorded sources


def load(spec_dir: Path) -> Deidentification:
    """Read the four de-identification spec files."""
    loaded: dict[str, tuple[Any, ...]] = {}
    sources: dict[str, tuple[SourceRef, ...]] = {}
    for field, (name, key) in FILES.items():
        path = spec_dir / f"{name}.yaml"
        rows, sources[name] = read_table(path, key)
        if field == "methods":
            loaded[field] = tuple(_build(Method, path, row) for row in rows)
        elif field == "safe_private":
            loaded[field] = tuple(_build(SafePrivate, path, row) for row in rows)
        elif field == "vrs":
            loaded[field] = tuple(_build(VRTreatment, path, row) for row in rows)
        else:
            loaded[field] = tuple(rows)
    methods = [m.method for m in loaded["methods"]]
    attributes = tuple(
        Attribute(
            tag=row["tag"],
            name=row["name"],
            retired=row["retired"],
            in_std_comp_iod=row["in_std_comp_iod"],
            actions=tuple((m, row[m]) for m in methods if row.get(m)),
        )
        for row in loaded["attributes"]
    )
    editions = {s.edition for refs in sources.values() for s in refs if s.part == "PS3.15"}
    if len(editions) != 1:
        raise SpecError(f"spec/deidentification*.yaml: expected one PS3.15 edition, not {editions}")
    spec = Deidentification(
        editions.pop() or "",
        attributes,
        loaded["methods"],
        loaded["safe_private"],
        loaded["vrs"],
        sources,
    )
    check(spec)
    return spec


def check(spec: Deidentification) -> None:
    """Refuse tables the runtime could not apply."""
    methods = [m.method for m in spec.methods]
    problems = [] if methods[:1] == ["basic"] else ["the first method must be the basic profile"]
    for a in spec.attributes:
        if not a.actions or a.actions[0][0] != "basic":
            problems.append(f"{a.tag}: no action for the Basic Profile")
    private_rows = [a for a in spec.attributes if a.tag == PRIVATE_ROW_TAG]
    if len(private_rows) != 1:
        problems.append(f"expected one row {PRIVATE_ROW_TAG!r}, found {len(private_rows)}")
    if problems:
        raise SpecError("spec/deidentification*.yaml:\n  " + "\n  ".join(problems))


def _mask_and_value(tag: str) -> tuple[int, int]:
    digits = tag[1:5] + tag[6:10]
    mask = int("".join("0" if c == "x" else "F" for c in digits), 16)
    return mask, int(digits.replace("x", "0"), 16)


def _dummy(vr: VRTreatment, struct_format: str | None, kind: str) -> str:
    """The Python literal of a VR's dummy value."""
    if vr.dummy is None:
        return "None"
    if kind == "binary_number":
        number = float(vr.dummy) if struct_format in ("f", "d") else int(vr.dummy)
        return repr(number)
    if kind == "tag":
        return repr(int(vr.dummy, 16))
    if kind == "bytes":
        data = bytes.fromhex(vr.dummy)
        width = struct.calcsize(struct_format) if struct_format else 1
        if len(data) % width:
            raise SpecError(f"VR {vr.vr}: dummy {vr.dummy!r} is not whole values of {width} bytes")
        return repr(data)
    return repr(vr.dummy)


def _actions(attribute: Attribute) -> str:
    return "{" + ", ".join(f"{m!r}: {code!r}" for m, code in attribute.actions) + "}"


def context(spec: Any) -> dict[str, Any]:
    """What the template prints (`spec` is a `codegen.spec.Spec`)."""
    deid: Deidentification = spec.deidentification
    kinds = {vr.vr: (vr.kind, vr.struct) for vr in spec.vrs}
    exact, masked, private = [], [], None
    for a in deid.attributes:
        row = {"in_iod": a.in_std_comp_iod, "actions": _actions(a), "name": a.name}
        if a.tag == PRIVATE_ROW_TAG:
            private = row
        elif "x" in a.tag:
            mask, value = _mask_and_value(a.tag)
            masked.append({**row, "mask_hex": f"{mask:08X}", "tag_hex": f"{value:08X}"})
        else:
            exact.append({**row, "tag_hex": f"{_mask_and_value(a.tag)[1]:08X}"})
    safe = [
        {
            "creator": s.creator,
            "group_hex": s.tag[1:5],
            "element_hex": s.tag[8:10],
            "vr": s.vr or "",
            "meaning": s.meaning,
        }
        for s in deid.safe_private
    ]
    return {
        "edition": deid.edition,
        "methods": deid.methods,
        "options": [m.method for m in deid.methods if m.method != "basic"],
        "exact": sorted(exact, key=lambda r: r["tag_hex"]),
        "masked": masked,
        "private": private,
        "safe_private": safe,
        "vrs": [
            {"vr": v.vr, "dummy": _dummy(v, kinds[v.vr][1], kinds[v.vr][0]), "shift": v.shift}
            for v in deid.vrs
        ],
    }
