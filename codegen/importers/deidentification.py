"""PS3.15 Annex E, the de-identification profile -> `spec/deidentification*.yaml`.

Table E.1-1 gives, for every attribute, the action of the Basic Application Level
Confidentiality Profile and of each option; Table E.1-1a the action codes; Table
E.3.10-1 the private attributes known to be safe, with their private creators.
What PS3.15 publishes in no table (the CID 7050 code of each profile and option, a
dummy value for each VR, how Modified Dates treats each VR) is written by hand in
`codegen/overrides/deidentification.yaml` and merged in here.

This module only knows the tables' columns and cell texts: `docbook` reads the XML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from . import docbook
from .build import Entry, SpecError, normalise_tag, tag_sort_key
from .tables import EntryList, Inputs, Table

# Table labels in PS3.15 (selected by label, never by position).
ACTION_CODES_TABLE = "E.1-1a"
PROFILE_TABLE = "E.1-1"
SAFE_PRIVATE_TABLE = "E.3.10-1"

# The one row of Table E.1-1 that names no tag but a rule (PS3.5 7.8: odd groups).
PRIVATE_ROW_TAG = "(gggg,eeee) where gggg is odd"

# Table E.1-1 columns before the action columns, found by the start of their header
# (the headers end in an olink to PS3.6 / PS3.3 that has no text here).
_NAME, _TAG, _RETIRED, _IN_IOD = "Attribute Name", "Tag", "Retd.", "In Std. Comp. IOD"
_ELEMENT_TEXT = re.compile(r"\(([0-9A-Fa-f]{4}),[xX]{2}([0-9A-Fa-f]{2})\)")
# What the spec of each VR says about it (see docs/spec-format.md).
SHIFTS = (None, "date", "datetime", "time")


def _column(table: docbook.Table, start: str) -> int:
    hits = [i for i, h in enumerate(table.header) if h.casefold().startswith(start.casefold())]
    if len(hits) != 1:
        raise docbook.DocBookError(
            f"{table.path}: table {table.label}: expected one column starting {start!r}, "
            f"header is {table.header}"
        )
    return hits[0]


def _yes_no(text: str, where: str) -> bool:
    if text not in ("Y", "N"):
        raise SpecError("Table E.1-1", [f"{where}: expected Y or N, found {text!r}"])
    return text == "Y"


def action_codes(book: docbook.Book) -> list[str]:
    """The action codes of Table E.1-1a, as written (D, Z, X, K, C, U, Z/D, X/Z, ...)."""
    table = docbook.find_table(book, label=ACTION_CODES_TABLE, headed=False)
    return [row.cells[0] for row in table.rows]


def profile_attributes(book: docbook.Book, methods: Iterable[Mapping[str, Any]]) -> list[Entry]:
    """Every row of Table E.1-1, one entry each, with an action (or null) per method.

    `methods` are the override's entries: `method` (the spec field) and `column` (the
    header of its column in the table). Every action column must be claimed by one.
    """
    table = docbook.find_table(book, label=PROFILE_TABLE)
    name, tag = _column(table, _NAME), _column(table, _TAG)
    retired, in_iod = _column(table, _RETIRED), _column(table, _IN_IOD)
    columns = {m["method"]: table.column(str(m["column"])) for m in methods}
    unclaimed = set(range(len(table.header))) - {name, tag, retired, in_iod, *columns.values()}
    problems = [f"column {table.header[i]!r} is claimed by no method" for i in sorted(unclaimed)]
    codes = set(action_codes(book))
    entries: list[Entry] = []
    for row in table.rows:
        cells = [c.replace("\n", " ") for c in row.cells]
        where = f"{cells[tag]} {cells[name]}"
        entry: Entry = {
            "tag": cells[tag] if cells[tag] == PRIVATE_ROW_TAG else normalise_tag(cells[tag]),
            "name": cells[name],
            "retired": _yes_no(cells[retired], where),
            "in_std_comp_iod": _yes_no(cells[in_iod], where),
        }
        for method, i in columns.items():
            entry[method] = cells[i] or None
            if cells[i] and cells[i] not in codes:
                problems.append(f"{where}: action {cells[i]!r} is not in Table E.1-1a")
        if entry["basic"] is None:
            problems.append(f"{where}: no action for the Basic Profile")
        entries.append(entry)
    if problems:
        raise SpecError("PS3.15 Table E.1-1", problems)
    entries.sort(key=_row_order)
    _check_unique("PS3.15 Table E.1-1", (str(e["tag"]) for e in entries))
    return entries


def _row_order(entry: Entry) -> tuple[int, str]:
    tag = str(entry["tag"])
    # the private attributes rule sorts last: it applies to whatever no row names
    return (1 << 32, tag) if tag == PRIVATE_ROW_TAG else tag_sort_key(tag)


def safe_private_attributes(book: docbook.Book) -> list[Entry]:
    """Table E.3.10-1: private element (in its creator's block), creator, VR, VM, meaning."""
    table = docbook.find_table(book, label=SAFE_PRIVATE_TABLE)
    tag, creator = table.column("Data Element"), table.column("Private Creator")
    vr, vm, meaning = table.column("VR"), table.column("VM"), table.column("Meaning")
    problems: list[str] = []
    entries: list[Entry] = []
    for row in table.rows:
        cells = [c.replace("\n", " ") for c in row.cells]
        match = _ELEMENT_TEXT.fullmatch(cells[tag])
        if not match or not int(match.group(1), 16) & 1:
            problems.append(f"{cells[tag]!r} is not a private element (gggg,xxee), gggg odd")
            continue
        entries.append(
            {
                "tag": f"({match.group(1).upper()},xx{match.group(2).upper()})",
                "creator": cells[creator],
                # the table writes "OW/OB" where PS3.6 writes "OB or OW"
                "vr": " or ".join(sorted(cells[vr].split("/"))) if cells[vr] else None,
                "vm": cells[vm] or None,
                "meaning": cells[meaning],
            }
        )
    if problems:
        raise SpecError("PS3.15 Table E.3.10-1", problems)
    entries.sort(key=lambda e: (*tag_sort_key(str(e["tag"])), str(e["creator"])))
    _check_unique("PS3.15 Table E.3.10-1", (f"{e['tag']} {e['creator']}" for e in entries))
    return entries


def methods(book: docbook.Book, overrides: Iterable[Mapping[str, Any]]) -> list[Entry]:
    """The profile and its options, in the table's column order, with their CID 7050 codes."""
    table = docbook.find_table(book, label=PROFILE_TABLE)
    out = [
        {k: m[k] for k in ("method", "column", "code_value", "coding_scheme", "code_meaning")}
        for m in overrides
    ]
    for m in out:
        table.column(str(m["column"]))  # fails loudly when the standard renamed a column
    _check_unique("de-identification methods", (str(m["method"]) for m in out))
    return sorted(out, key=lambda m: table.column(str(m["column"])))


def vr_treatments(overrides: Iterable[Mapping[str, Any]], vrs: Iterable[str]) -> list[Entry]:
    """For each VR: its dummy value (action D) and how Modified Dates shifts it."""
    out = [{k: v.get(k) for k in ("vr", "dummy", "shift")} for v in overrides]
    vrs = set(vrs)
    given = [str(v["vr"]) for v in out]
    _check_unique("de-identification VRs", given)
    problems = [f"{vr}: no entry" for vr in sorted(set(vrs) - set(given))]
    problems += [f"{vr}: not a VR of spec/vrs.yaml" for vr in sorted(set(given) - set(vrs))]
    problems += [f"{v['vr']}: shift {v['shift']!r} is not one of {SHIFTS}" for v in out
                 if v["shift"] not in SHIFTS]  # fmt: skip
    if problems:
        raise SpecError("codegen/overrides/deidentification.yaml", problems)
    return sorted(out, key=lambda v: str(v["vr"]))


def _check_unique(what: str, keys: Iterable[str]) -> None:
    seen: set[str] = set()
    dupes = [k for k in keys if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
    if dupes:
        raise SpecError(f"{what}: listed twice", dupes)


def _vr_names(inputs: Inputs) -> set[str]:
    """The VRs there are: those of codegen/overrides/vrs.yaml."""
    return {str(row["vr"]) for row in inputs.override("vrs.yaml")["vrs"]}


def tables(inputs: Inputs) -> list[Table]:
    """The four spec files of the profile, from PS3.15 (`part15`) and the override; none
    when no PS3.15 is given or recorded."""
    part15 = inputs.source("part15")
    if part15 is None:
        return []
    book = inputs.docbook("part15")
    overrides = inputs.override("deidentification.yaml")
    over_methods = list(overrides["methods"])
    used_profile = inputs.used(
        "part15", f"Table {PROFILE_TABLE}, the actions of Table {ACTION_CODES_TABLE}"
    )
    by_hand = "deidentification.yaml"
    return [
        Table(
            "deidentification.yaml",
            "the Application Level Confidentiality Profile.",
            (used_profile, inputs.used_override(by_hand, "the column of each method")),
            (EntryList("attributes", profile_attributes(book, over_methods), "tag", "name"),),
        ),
        Table(
            "deidentification_methods.yaml",
            "the profile, its options and their codes.",
            (
                inputs.used("part15", f"Table {PROFILE_TABLE}: its columns"),
                inputs.used_override(by_hand, "PS3.16 CID 7050 codes"),
            ),
            (EntryList("methods", methods(book, over_methods), "method", "code_meaning"),),
        ),
        Table(
            "deidentification_private.yaml",
            "private attributes known to be safe.",
            (inputs.used("part15", f"Table {SAFE_PRIVATE_TABLE}"),),
            (
                EntryList(
                    "safe_private", safe_private_attributes(book), ("tag", "creator"), "meaning"
                ),
            ),
        ),
        Table(
            "deidentification_vrs.yaml",
            "dummy values and date shifts by VR.",
            (inputs.used_override(by_hand, "the dummy value and date shift of each VR"),),
            (EntryList("vrs", vr_treatments(overrides["vrs"], _vr_names(inputs)), "vr", "dummy"),),
        ),
    ]
