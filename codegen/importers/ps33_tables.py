"""Read PS3.3's IOD and module tables as JSON (`ps3.3-modules/`), and the names beside them.

Two sources, and this is the only module that knows their shapes:
- `ps3.3-modules/` (highdicom's data files): SOP class -> IOD, IOD -> modules with their
  usage and Information Entity, module -> attribute rows (keyword, type, sequence path),
  macros already expanded;
- the innolitics registry folder (`innolitics-2024e/`): IOD and module names, descriptions and
  table links (`ciods.json`, `modules.json`), and the conditional statements of conditional
  modules (`ciod_to_modules.json`).
"""

from __future__ import annotations

import gzip
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SOP_CLASS_IOD_MAP = "sop_class_iod_map.json"
IOD_MODULE_MAP = "iod_module_map.json"
MODULE_ATTRIBUTE_MAP = "module_attribute_map.json.gz"
CIODS = "ciods.json"
MODULES = "modules.json"
CIOD_TO_MODULES = "ciod_to_modules.json"

# The requirement types PS3.3 7.4 defines; the tables of normalized IODs (PS3.3 Annex B) give none.
TYPES = frozenset({"1", "1C", "2", "2C", "3"})
USAGES = frozenset({"M", "C", "U"})


class TableError(ValueError):
    """A table that is not shaped as expected."""


@dataclass(frozen=True)
class AttributeRow:
    """One attribute row of a module table: `path` names the enclosing sequences, outermost first."""

    module: str
    path: tuple[str, ...]
    keyword: str
    type: str | None


@dataclass(frozen=True)
class UsageRow:
    """One module of an IOD: its usage (M, C, U) and Information Entity, in the table's order."""

    iod: str
    module: str
    ie: str
    usage: str


@dataclass(frozen=True)
class Described:
    """An IOD or module as the registry names it: name, description text, PS3.3 table."""

    id: str
    name: str
    description: str
    table: str | None


def _json(path: Path) -> Any:
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    return json.loads(path.read_text(encoding="utf-8"))


def _mapping(path: Path) -> dict[str, Any]:
    data = _json(path)
    if not isinstance(data, dict):
        raise TableError(f"{path}: expected an object")
    return data


def _objects(path: Path) -> list[dict[str, Any]]:
    data = _json(path)
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise TableError(f"{path}: expected a list of objects")
    return data


def sop_classes(folder: Path) -> dict[str, str]:
    """SOP Class UID -> IOD id."""
    return {str(uid): str(iod) for uid, iod in _mapping(folder / SOP_CLASS_IOD_MAP).items()}


def usages(folder: Path) -> list[UsageRow]:
    """Every IOD's modules, IODs in the file's order, modules in the IOD table's order."""
    path = folder / IOD_MODULE_MAP
    rows = []
    for iod, modules in _mapping(path).items():
        for item in modules:
            try:
                row = UsageRow(str(iod), str(item["key"]), str(item["ie"]), str(item["usage"]))
            except KeyError as exc:
                raise TableError(f"{path}: {iod}: a module without {exc}") from None
            if row.usage not in USAGES:
                raise TableError(f"{path}: {iod}/{row.module}: usage {row.usage!r}")
            rows.append(row)
    return rows


def attributes(folder: Path) -> list[AttributeRow]:
    """Every module's attribute rows, in the table's order (a sequence before its items)."""
    path = folder / MODULE_ATTRIBUTE_MAP
    rows = []
    for module, items in _mapping(path).items():
        seen: set[tuple[str, ...]] = set()
        for item in items:
            try:
                keyword, kind, parents = item["keyword"], item["type"], item["path"]
            except KeyError as exc:
                raise TableError(f"{path}: {module}: a row without {exc}") from None
            # the upstream writes a missing type as the string "None"
            kind = None if kind in (None, "None") else str(kind)
            if kind is not None and kind not in TYPES:
                raise TableError(f"{path}: {module}/{keyword}: type {kind!r}")
            row = AttributeRow(str(module), tuple(str(p) for p in parents), str(keyword), kind)
            if row.path and row.path not in seen:
                raise TableError(f"{path}: {module}/{keyword}: comes before its sequence")
            seen.add((*row.path, row.keyword))
            rows.append(row)
    return rows


_TABLE = re.compile(r"#table_([A-Z0-9.]+-[0-9a-z]+)")
_TAGS = re.compile(r"<[^>]+>")


def plain_text(text: str) -> str:
    """HTML of the registry's descriptions as one line of plain text."""
    return " ".join(html.unescape(_TAGS.sub("", text)).split())


def described(path: Path) -> dict[str, Described]:
    """The IODs (`ciods.json`) or modules (`modules.json`) of the registry, by id."""
    out = {}
    for item in _objects(path):
        try:
            link = str(item.get("linkToStandard") or "")
            match = _TABLE.search(link)
            out[str(item["id"])] = Described(
                id=str(item["id"]),
                name=str(item["name"]),
                description=plain_text(str(item.get("description") or "")),
                table=match.group(1) if match else None,
            )
        except KeyError as exc:
            raise TableError(f"{path}: entry without {exc}") from None
    return out


def conditional_statements(path: Path) -> dict[tuple[str, str], str]:
    """(IOD id, module id) -> the conditional statement of the module's usage, where one is given."""
    out = {}
    for item in _objects(path):
        statement = item.get("conditionalStatement")
        if statement:
            out[(str(item["ciodId"]), str(item["moduleId"]))] = " ".join(str(statement).split())
    return out
