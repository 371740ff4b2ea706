"""PS3.3's IODs and modules -> `spec/iods.yaml` and `spec/modules.yaml`.

The tables come from `ps3.3-modules/`; names, descriptions and the conditional statements of
conditional modules from the innolitics registry folder. Every attribute keyword is checked
against the data dictionary being imported alongside; the ones it lacks are listed in the
header of `spec/modules.yaml` and in the import report, and the generator leaves them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from codegen import iod_spec

from . import conditions, diff, ps33_tables, registry_json, yaml_out

FOLDER = "ps3.3-modules"


@dataclass(frozen=True)
class Sources:
    """Where the two tables come from and which edition each is: the one place that says so."""

    tables: Path  # the ps3.3-modules folder
    registry: Path  # the innolitics folder (names, descriptions, conditions)

    @property
    def registry_edition(self) -> str:
        return registry_json.edition(self.registry)

    def header(self) -> list[str]:
        return [
            f"PS3.3 IOD, module and attribute tables ({FOLDER}/, highdicom 0.28.2's data files); "
            "the edition is not stated upstream: later than 2024e (it has the Height Map "
            "Segmentation IOD), so the tables here are newer than the names",
            f"PS3.3 {self.registry_edition} IOD and module names, descriptions and conditional "
            f"statements ({self.registry.name}/{ps33_tables.CIODS}, {ps33_tables.MODULES}, "
            f"{ps33_tables.CIOD_TO_MODULES})",
        ]

    def block(self, tables: Sequence[str], registry: Sequence[str]) -> dict[str, Any]:
        """The `source` block: the tables' edition is unstated, the names' is the registry's."""
        files = [f"{FOLDER}/{n}" for n in tables] + [f"{self.registry.name}/{n}" for n in registry]
        return {"edition": f"unstated (names {self.registry_edition})", "files": files}


@dataclass(frozen=True)
class Imported:
    """The entries of both spec files and what the report says about them."""

    iods: list[dict[str, Any]]
    iod_modules: list[dict[str, Any]]
    modules: list[dict[str, Any]]
    attributes: list[dict[str, Any]]
    missing_keywords: dict[str, list[str]]  # keyword -> the modules that use it
    notes: list[str]


def title_from_id(identifier: str) -> str:
    """A name for an id the registry does not name ("height-map-segmentation" -> "Height Map Segmentation")."""
    return " ".join(
        word.upper() if len(word) <= 2 else word.capitalize() for word in identifier.split("-")
    )


def _lookups(
    elements: Sequence[Mapping[str, Any]], modules: Mapping[str, str]
) -> conditions.Lookups:
    by_tag = {str(e["tag"]): str(e["keyword"]) for e in elements if e["keyword"]}
    by_name: dict[str, str] = {}
    for e in elements:
        if e["keyword"] and not e["retired"]:
            by_name.setdefault(str(e["name"]).lower(), str(e["keyword"]))
    names = {name.lower(): module for module, name in modules.items()}
    name_by_keyword = {str(e["keyword"]): str(e["name"]) for e in elements if e["keyword"]}

    def module_by_name(name: str) -> str | None:
        return names.get(re.sub(r"\s+", " ", name).strip().lower())

    return conditions.Lookups(by_tag, by_name, name_by_keyword, module_by_name)


def collect(sources: Sources, elements: Sequence[Mapping[str, Any]]) -> Imported:
    """Read both sources and merge them into spec entries (nothing written)."""
    folder, registry = sources.tables, sources.registry
    sop_classes = ps33_tables.sop_classes(folder)
    usages = ps33_tables.usages(folder)
    rows = ps33_tables.attributes(folder)
    ciods = ps33_tables.described(registry / ps33_tables.CIODS)
    named_modules = ps33_tables.described(registry / ps33_tables.MODULES)
    statements = ps33_tables.conditional_statements(registry / ps33_tables.CIOD_TO_MODULES)
    notes: list[str] = []

    module_ids = sorted({r.module for r in rows})
    modules = []
    for module in module_ids:
        found = named_modules.get(module)
        modules.append(
            {
                "id": module,
                "name": found.name if found else title_from_id(module),
                "table": found.table if found else None,
                "description": found.description if found else "",
            }
        )
    unnamed = [m for m in module_ids if m not in named_modules]
    if unnamed:
        notes.append(
            f"modules the registry does not name (named from their id): {', '.join(unnamed)}"
        )
    module_names = {str(m["id"]): str(m["name"]) for m in modules}

    by_iod: dict[str, list[str]] = {}
    for uid, iod in sop_classes.items():
        by_iod.setdefault(iod, []).append(uid)
    iod_ids = sorted({u.iod for u in usages})
    iods = []
    for iod in iod_ids:
        found = ciods.get(iod)
        uids = sorted(by_iod.get(iod, []), key=lambda u: [int(p) for p in u.split(".")])
        iods.append(
            {
                "id": iod,
                "name": found.name if found else title_from_id(iod),
                "table": found.table if found else None,
                "sop_classes": uids,
                "description": found.description if found else "",
            }
        )
    unnamed = [i for i in iod_ids if i not in ciods]
    if unnamed:
        notes.append(f"IODs the registry does not name (named from their id): {', '.join(unnamed)}")
    orphans = sorted(set(sop_classes.values()) - set(iod_ids))
    if orphans:
        notes.append(f"SOP classes of IODs without a module table: {', '.join(orphans)}")

    lookups = _lookups(elements, module_names)
    iod_modules = []
    parsed = conditional = 0
    for usage in sorted(usages, key=lambda u: u.iod):  # stable: keeps each IOD's module order
        statement = statements.get((usage.iod, usage.module))
        rule = conditions.rule(statement, lookups) if statement else None
        conditional += statement is not None and usage.usage == "C"
        parsed += rule is not None and usage.usage == "C"
        iod_modules.append(
            {
                "iod": usage.iod,
                "module": usage.module,
                "ie": usage.ie,
                "usage": usage.usage,
                "condition": statement,
                "rule": rule,
            }
        )
    notes.append(
        f"conditional modules: {parsed} of {conditional} conditional statements read as rules"
    )
    without_table = sorted({(u.iod, u.module) for u in usages if u.module not in module_names})
    if without_table:
        notes.append(
            "modules of IODs without an attribute table in the source: "
            + ", ".join(f"{iod}/{module}" for iod, module in without_table)
        )

    known = {str(e["keyword"]) for e in elements if e["keyword"]}
    missing: dict[str, list[str]] = {}
    for row in rows:
        for keyword in (*row.path, row.keyword):
            if keyword not in known and row.module not in missing.setdefault(keyword, []):
                missing[keyword].append(row.module)
    missing = {k: v for k, v in sorted(missing.items()) if v}
    attributes = [
        {"module": r.module, "path": list(r.path), "keyword": r.keyword, "type": r.type}
        for r in sorted(rows, key=lambda r: r.module)  # stable: keeps each table's row order
    ]
    return Imported(iods, iod_modules, modules, attributes, missing, notes)


@cache
def _scalar(value: yaml_out.Scalar) -> str:
    return yaml_out.scalar(value)  # the same few thousand keywords, 100,000 times


def _flow(entry: Mapping[str, Any]) -> str:
    parts = []
    for key, value in entry.items():
        text = (
            "[" + ", ".join(map(_scalar, value)) + "]"
            if isinstance(value, list)
            else _scalar(value)
        )
        parts.append(f"{key}: {text}")
    return "{" + ", ".join(parts) + "}"


def _render(
    title: str,
    sources: Iterable[str],
    extra: Iterable[str],
    source: Mapping[str, Any],
    lists: Mapping[str, Sequence[Mapping[str, Any]] | Mapping[str, Sequence[str]]],
) -> str:
    lines = [f"# {title}"]
    lines += [f"# Source: {s}" for s in sources]
    lines += [f"# {e}" for e in extra]
    lines += [
        "# Written by `make import-standard`: do not edit.",
        f"source: {yaml_out.flow(source)}",
    ]
    for key, entries in lists.items():
        lines.append(f"{key}:")
        if isinstance(entries, Mapping):  # one list of row strings per module
            for name, rows in entries.items():
                lines.append(f"  {_scalar(name)}:")
                lines += [f"    - {row}" for row in rows]
        else:
            lines += [f"  - {_flow(entry)}" for entry in entries]
    return "\n".join(lines) + "\n"


def nested_rows(attributes: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Module -> its rows as "TYPE KEYWORD" strings (`codegen.iod_spec`).

    One plain string a row, as PS3.3 prints its tables: 100,000 of them load in a second,
    where as many flow mappings take ten.
    """
    out: dict[str, list[str]] = {}
    for row in attributes:
        text = iod_spec.row_text(row["path"], row["keyword"], row["type"])
        out.setdefault(row["module"], []).append(text)
    return out


def flat_rows(nested: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    """The rows of `nested_rows` back as mappings with their paths."""
    return [
        {"module": r.module, "path": list(r.path), "keyword": r.keyword, "type": r.type}
        for module, texts in nested.items()
        for r in iod_spec.parse_rows(module, texts)
    ]


def render(sources: Sources, imported: Imported) -> dict[str, str]:
    """The text of `spec/iods.yaml` and `spec/modules.yaml`."""
    missing = (
        [
            "Keywords not in spec/dictionary.yaml (the generator leaves them out): "
            + ", ".join(f"{k} ({', '.join(v)})" for k, v in imported.missing_keywords.items())
        ]
        if imported.missing_keywords
        else []
    )
    iods = _render(
        "spec/iods.yaml: the IODs of PS3.3, their SOP classes and their modules (usage M/C/U).",
        sources.header(),
        [
            "iods sorted by id; iod_modules by IOD, each IOD's modules in its table's order;",
            "rule: the condition read as an expression (docs/spec-format.md), null where it is prose.",
        ],
        sources.block(
            [ps33_tables.SOP_CLASS_IOD_MAP, ps33_tables.IOD_MODULE_MAP],
            [ps33_tables.CIODS, ps33_tables.CIOD_TO_MODULES],
        ),
        {"iods": imported.iods, "iod_modules": imported.iod_modules},
    )
    modules = _render(
        "spec/modules.yaml: the modules of PS3.3 and their attributes, macros expanded.",
        sources.header(),
        [
            "modules sorted by id; attributes by module, each module's rows in its table's order,",
            "as 'TYPE KEYWORD' with a '>' for each enclosing sequence, as PS3.3 prints them",
            f"(TYPE {iod_spec.NO_TYPE}: the table gives none).",
            *missing,
        ],
        sources.block([ps33_tables.MODULE_ATTRIBUTE_MAP], [ps33_tables.MODULES]),
        {"modules": imported.modules, "attributes": nested_rows(imported.attributes)},
    )
    return {"iods.yaml": iods, "modules.yaml": modules}


def _attribute_ids(entries: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"id": f"{e['module']}: {' > '.join([*e['path'], e['keyword']])}", "type": e["type"]}
        for e in entries
    ]


def _usage_ids(entries: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": f"{e['iod']}/{e['module']}", **e} for e in entries]


def report(spec_dir: Path, imported: Imported) -> list[str]:
    """The change report against the spec files as they are, and what the import noticed."""
    before_iods = _read(spec_dir / "iods.yaml")
    before_modules = _read(spec_dir / "modules.yaml")
    lines = diff.compare(
        "spec/iods.yaml iods", "id", before_iods.get("iods", []), imported.iods, label="name"
    )
    lines += diff.compare(
        "spec/iods.yaml iod_modules",
        "id",
        _usage_ids(before_iods.get("iod_modules", [])),
        _usage_ids(imported.iod_modules),
        label="usage",
    )
    lines += diff.compare(
        "spec/modules.yaml modules",
        "id",
        before_modules.get("modules", []),
        imported.modules,
        label="name",
    )
    lines += diff.compare(
        "spec/modules.yaml attributes",
        "id",
        _attribute_ids(flat_rows(before_modules.get("attributes") or {})),
        _attribute_ids(imported.attributes),
        label="type",
    )
    lines += [f"PS3.3: {note}" for note in imported.notes]
    if imported.missing_keywords:
        lines.append(
            "PS3.3: keywords not in the data dictionary: " + ", ".join(imported.missing_keywords)
        )
    return lines


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    import yaml

    data = yaml.load(
        path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )
    return data if isinstance(data, dict) else {}
