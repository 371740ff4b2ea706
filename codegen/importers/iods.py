"""PS3.3's IODs and modules -> `spec/iods.yaml` and `spec/modules.yaml`.

The tables come from `ps3.3-modules/` (option `modules`: its module_attribute_map.json.gz);
names, descriptions and the conditional statements of conditional modules from the innolitics
registry folder (option `iodnames`: its ciods.json). The attributes of SR content items that
PS3.3 requires for one Value Type only are made conditional from
`codegen/overrides/content_items.yaml` (the tables expand those macros without their condition). Every attribute keyword is checked
against the data dictionary imported alongside (a renamed keyword becomes its new name);
the ones it lacks are listed in the header of both files, and the generator leaves them out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen import iod_spec

from . import conditions, ps33_tables
from .tables import EntryList, Inputs, Table
from .tables import dictionary as dictionary_tables


@dataclass(frozen=True)
class Imported:
    """The entries of both spec files and what the report says about them."""

    iods: list[dict[str, Any]]
    iod_modules: list[dict[str, Any]]
    modules: list[dict[str, Any]]
    attributes: list[str]  # "module TYPE >>KEYWORD" (codegen.iod_spec)
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


CONDITIONAL_TYPES = {"1": "1C", "2": "2C"}


def by_value_type(
    rows: Sequence[ps33_tables.AttributeRow], keywords: Collection[str]
) -> list[ps33_tables.AttributeRow]:
    """`rows`, with each of `keywords` that is Type 1 or 2 beside a Value Type (in the same
    module, at the same sequence level: an SR content item) made Type 1C or 2C: PS3.3
    includes its macro for one Value Type only."""
    items = {(r.module, r.path) for r in rows if r.keyword == "ValueType"}
    return [
        ps33_tables.AttributeRow(r.module, r.path, r.keyword, CONDITIONAL_TYPES[r.type])
        if r.keyword in keywords and r.type in CONDITIONAL_TYPES and (r.module, r.path) in items
        else r
        for r in rows
    ]


def collect(
    folder: Path,
    registry: Path,
    elements: Sequence[Mapping[str, Any]],
    renamed: Mapping[str, str] | None = None,
    value_type_keywords: Collection[str] = (),
) -> Imported:
    """Read both folders and merge them into spec entries (nothing written).

    `renamed`: keywords the dictionary has renamed (old -> new); rows use the new one.
    `value_type_keywords`: the attributes of SR content items required for one Value Type
    only (`by_value_type`).
    """
    sop_classes = ps33_tables.sop_classes(folder)
    usages = ps33_tables.usages(folder)
    rows = by_value_type(ps33_tables.attributes(folder), value_type_keywords)
    renamed = renamed or {}
    if renamed:
        rows = [
            ps33_tables.AttributeRow(
                r.module,
                tuple(renamed.get(p, p) for p in r.path),
                renamed.get(r.keyword, r.keyword),
                r.type,
            )
            for r in rows
        ]
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
        iod_spec.row_text(r.module, r.path, r.keyword, r.type)
        for r in sorted(rows, key=lambda r: r.module)  # stable: keeps each table's row order
    ]
    return Imported(iods, iod_modules, modules, attributes, missing, notes)


CONTENT_ITEMS = "content_items.yaml"


def tables(inputs: Inputs) -> list[Table]:
    """spec/iods.yaml and spec/modules.yaml, from the PS3.3 module tables (`modules`) and the
    names beside them (`iodnames`); none when no module tables are given or recorded."""
    tables_source = inputs.source("modules")
    if tables_source is None:
        return []
    names_source = inputs.require("iodnames", "IOD and module names (ciods.json)")
    (dictionary,) = [t for t in dictionary_tables(inputs) if t.name == "dictionary.yaml"]
    lists = {entry_list.key: entry_list.entries for entry_list in dictionary.lists}
    elements = [e for e in lists["elements"] if isinstance(e, Mapping)]
    renamed = {
        str(a["keyword"]): str(a["renamed_to"]) for a in lists["aliases"] if isinstance(a, Mapping)
    }
    # the files beside each source: beside the file itself, where a link to it points
    folder, registry = tables_source.path.resolve().parent, names_source.path.resolve().parent
    content_items = inputs.override(CONTENT_ITEMS)
    value_type_keywords = {k for ks in content_items["value_types"].values() for k in ks}
    imported = collect(folder, registry, elements, renamed, value_type_keywords)
    missing = ", ".join(f"{k} ({', '.join(v)})" for k, v in imported.missing_keywords.items())
    rules = [note for note in imported.notes if note.startswith("conditional modules")]
    used_tables = inputs.used(
        "modules",
        f"the module tables, {len(imported.attributes)} rows with macros expanded, beside "
        f"{ps33_tables.SOP_CLASS_IOD_MAP} and {ps33_tables.IOD_MODULE_MAP}"
        + (f"; keywords the dictionary lacks, left out of the views: {missing}" if missing else ""),
    )
    used_names = inputs.used(
        "iodnames",
        f"IOD names and descriptions, beside {ps33_tables.MODULES} (module names) and "
        f"{ps33_tables.CIOD_TO_MODULES} ({rules[0] if rules else 'conditional statements'})",
    )
    return [
        Table(
            "iods.yaml",
            "the IODs of PS3.3, their SOP classes and their modules (usage M, C, U).",
            (used_tables, used_names),
            (
                EntryList("iods", imported.iods, "id", "name"),
                EntryList("iod_modules", imported.iod_modules, ("iod", "module"), "usage"),
            ),
        ),
        Table(
            "modules.yaml",
            "the modules of PS3.3 and their attributes, one 'MODULE TYPE KEYWORD' row each "
            "(a '>' for each enclosing sequence; TYPE none where the table gives none).",
            (
                used_tables,
                used_names,
                inputs.used_override(
                    CONTENT_ITEMS,
                    "SR content item attributes required for one Value Type only: Type 1C/2C",
                    "PS3.3",
                ),
            ),
            (
                EntryList("modules", imported.modules, "id", "name"),
                EntryList("attributes", imported.attributes, "row"),
            ),
        ),
    ]
