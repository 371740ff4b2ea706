"""`spec/iods.yaml` and `spec/modules.yaml` as typed records, and the format of a module row.

The attribute rows are written as PS3.3 prints its tables, one plain string a row:
`MODULE TYPE KEYWORD`, with a `>` before the keyword for each enclosing sequence
(`acquisition-context 1 >>ReferencedSOPClassUID`); TYPE `none` where the table gives none.
100,000 such strings load in about a second, where as many flow mappings take ten.
`spec.load` reads both files through `load`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.spec import SourceRef, SpecError, _build, _build_source, _read

NO_TYPE = "none"
FILES = ("iods", "modules")  # the spec file stems


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
    iods: tuple[IOD, ...]
    usages: tuple[Usage, ...]
    modules: tuple[Module, ...]
    rows: tuple[Row, ...]
    sources: dict[str, tuple[SourceRef, ...]]  # spec file stem -> its recorded sources


def row_text(module: str, path: Sequence[str], keyword: str, kind: str | None) -> str:
    """One row as spec/modules.yaml writes it."""
    return f"{module} {kind or NO_TYPE} {'>' * len(path)}{keyword}"


def parse_rows(texts: Sequence[str]) -> list[Row]:
    """Row strings back as rows with their paths (each row follows its sequence)."""
    rows = []
    path: list[str] = []
    module = ""
    for text in texts:
        parts = str(text).split(" ")
        if len(parts) != 3:
            raise ValueError(f"{text!r} is not 'MODULE TYPE KEYWORD'")
        row_module, kind, nested = parts
        if row_module != module:
            module, path = row_module, []
        keyword = nested.lstrip(">")
        depth = len(nested) - len(keyword)
        if depth > len(path) or not keyword.isidentifier():
            raise ValueError(f"{text!r} is not 'MODULE TYPE KEYWORD' under a sequence row")
        del path[depth:]
        rows.append(Row(module, tuple(path), keyword, None if kind == NO_TYPE else kind))
        path.append(keyword)
    return rows


def load(spec_dir: Path) -> IODSpec | None:
    """Both files, or None when the spec has no IODs (the PS3.3 tables were never imported)."""
    iods_path, modules_path = spec_dir / "iods.yaml", spec_dir / "modules.yaml"
    if not iods_path.exists() and not modules_path.exists():
        return None
    iods = _read(iods_path, "iods", "iod_modules", "sources")
    modules = _read(modules_path, "modules", "attributes", "sources")
    try:
        rows = parse_rows(modules["attributes"])
    except ValueError as exc:
        raise SpecError(f"{modules_path}: {exc}") from None
    return IODSpec(
        iods=tuple(_iod(iods_path, row) for row in iods["iods"]),
        usages=tuple(_build(Usage, iods_path, row) for row in iods["iod_modules"]),
        modules=tuple(_build(Module, modules_path, row) for row in modules["modules"]),
        rows=tuple(rows),
        sources={
            "iods": tuple(_build_source(iods_path, r) for r in iods["sources"]),
            "modules": tuple(_build_source(modules_path, r) for r in modules["sources"]),
        },
    )


def _iod(path: Path, row: dict[str, Any]) -> IOD:
    built: IOD = _build(IOD, path, {**row, "sop_classes": tuple(row.get("sop_classes") or ())})
    return built
