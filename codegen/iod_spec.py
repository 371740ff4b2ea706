"""`spec/iods.yaml` and `spec/modules.yaml` as typed records, and the format of a module row.

A module's attribute rows are written as PS3.3 prints its tables, one plain string a row:
`TYPE KEYWORD`, with a `>` before the keyword for each enclosing sequence
(`1 >>ReferencedSOPClassUID`); TYPE `none` where the table gives no type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

NO_TYPE = "none"


@dataclass(frozen=True)
class IOD:
    id: str
    name: str
    table: str | None
    sop_classes: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Usage:
    """A module of an IOD, in the IOD table's order."""

    iod: str
    module: str
    ie: str
    usage: str  # M, C, U
    condition: str | None
    rule: str | None


@dataclass(frozen=True)
class Module:
    id: str
    name: str
    table: str | None
    description: str


@dataclass(frozen=True)
class Row:
    module: str
    path: tuple[str, ...]  # keywords of the enclosing sequences, outermost first
    keyword: str
    type: str | None


@dataclass(frozen=True)
class IODSpec:
    edition: str
    iods: tuple[IOD, ...]
    usages: tuple[Usage, ...]
    modules: tuple[Module, ...]
    rows: tuple[Row, ...]


def row_text(path: Sequence[str], keyword: str, kind: str | None) -> str:
    """One row as spec/modules.yaml writes it."""
    return f"{kind or NO_TYPE} {'>' * len(path)}{keyword}"


def parse_rows(module: str, texts: Sequence[str]) -> list[Row]:
    """A module's row strings back as rows with their paths (each row follows its sequence)."""
    rows = []
    path: list[str] = []
    for text in texts:
        kind, _, nested = str(text).partition(" ")
        keyword = nested.lstrip(">")
        depth = len(nested) - len(keyword)
        if depth > len(path) or not keyword.isidentifier():
            raise ValueError(f"{module}: {text!r} is not 'TYPE KEYWORD' under a sequence row")
        del path[depth:]
        rows.append(Row(module, tuple(path), keyword, None if kind == NO_TYPE else kind))
        path.append(keyword)
    return rows


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


def _records(cls: type[Any], rows: Sequence[Mapping[str, Any]]) -> tuple[Any, ...]:
    names = cls.__dataclass_fields__
    out = []
    for row in rows:
        values = {n: row[n] for n in names}
        if "sop_classes" in values:
            values["sop_classes"] = tuple(values["sop_classes"])
        out.append(cls(**values))
    return tuple(out)


def load(spec_dir: Path) -> IODSpec | None:
    """Both files, or None when the spec has no IODs (the PS3.3 tables were never imported)."""
    iods_path, modules_path = spec_dir / "iods.yaml", spec_dir / "modules.yaml"
    if not iods_path.exists() or not modules_path.exists():
        return None
    iods, modules = _load(iods_path), _load(modules_path)
    rows = [
        row
        for module, texts in (modules.get("attributes") or {}).items()
        for row in parse_rows(str(module), texts)
    ]
    return IODSpec(
        edition=str((iods.get("source") or {}).get("edition", "")),
        iods=_records(IOD, iods["iods"]),
        usages=_records(Usage, iods["iod_modules"]),
        modules=_records(Module, modules["modules"]),
        rows=tuple(rows),
    )
