"""The change report of an import: what a reviewer reads before accepting a new edition.

Per spec file: the edition of each source before and after, then each list's changes
(added, removed, retired, un-retired, renamed, any other field changed), and the ids
"added" although an earlier edition already had them, where the import can know it
(an older source read in the same import has them, or an earlier import removed them).
`spec/CHANGES.md` keeps the reports, newest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .tables import EntryList, Table

CHANGES = "CHANGES.md"
PREAMBLE = """# Changes to spec/, one import of the standard at a time

Written by `make import-standard` (codegen/importers/report.py), newest first: per
spec file, the edition of each source before and after, then what changed in its
entries. An import that changes nothing adds nothing here.
"""
_SPEC_HEADING = re.compile(r"^### spec/(\S+)$")
# A new list longer than this is reported by its size, not row by row
_NEW_LIST_SHOWN = 1000
_REMOVED = re.compile(r"^- removed: (\S+)")


def _show(value: Any) -> str:
    return "null" if value is None else repr(value) if isinstance(value, str) else str(value)


def _source_key(record: Mapping[str, Any]) -> str:
    return str(record.get("option") or record.get("file"))


def _describe(record: Mapping[str, Any]) -> str:
    """ "PS3.6 2026c (registry), <file>", "PS3.3 2024e, <file>", "hand-written <file>"."""
    if record.get("option"):
        version = record.get("edition") or record.get("revision")
        return f"{record.get('part')} {version} ({record['option']}), {record['file']}"
    if record.get("edition"):
        return f"{record.get('part')} {record['edition']}, {record['file']}"
    return f"hand-written {record['file']}"


def compare_sources(
    before: Iterable[Mapping[str, Any]], after: Iterable[Mapping[str, Any]]
) -> list[str]:
    """Lines for the sources whose edition, file, bytes or use changed."""
    old = {_source_key(r): r for r in before}
    new = {_source_key(r): r for r in after}
    lines = []
    for key, b in new.items():
        a = old.get(key)
        if a is None:
            lines.append(f"- source added: {_describe(b)}: {b['use']}")
        elif (a.get("edition"), a.get("revision"), a.get("file")) != (
            b.get("edition"),
            b.get("revision"),
            b.get("file"),
        ):
            lines.append(f"- source: {_describe(a)} -> {_describe(b)}")
        elif a.get("sha256") != b.get("sha256"):
            lines.append(f"- source: {_describe(b)}: the same edition, other bytes")
        elif a.get("use") != b.get("use"):
            lines.append(f"- source: {_describe(b)} now gives {b['use']} (was: {a.get('use')})")
    lines += [f"- source dropped: {_describe(a)}" for key, a in old.items() if key not in new]
    return lines


def compare_list(
    entry_list: EntryList,
    before: Sequence[Mapping[str, Any] | str],
    known_before: Mapping[str, str],
) -> list[str]:
    """A summary line and one line per change of one list of a spec file ([] if none)."""
    label = entry_list.label_field
    fields = entry_list.id_field
    key_fields = (fields,) if isinstance(fields, str) else fields

    def identity(e: Mapping[str, Any] | str) -> str:
        if isinstance(e, str):  # a one-line row (spec/modules.yaml): itself
            return e
        return " ".join(str(e[k]) for k in key_fields)

    old = {identity(e): e for e in before}
    new = {identity(e): e for e in entry_list.entries}
    lines: list[str] = []

    def describe(e: Mapping[str, Any] | str) -> str:
        if isinstance(e, str):
            return e
        if entry_list.show:
            return entry_list.show.format(**e)
        return f"{identity(e)} {e.get(label) or e.get('name') or ''}".rstrip()

    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    lines += [f"- added: {describe(new[k])}" for k in added]
    lines += [f"- removed: {describe(old[k])}" for k in removed]
    for k, b in new.items():
        a = old.get(k)
        if a is None or isinstance(a, str) or isinstance(b, str):
            continue
        if not a.get("retired") and b.get("retired"):
            lines.append(f"- retired: {describe(b)}")
        elif a.get("retired") and not b.get("retired"):
            lines.append(f"- un-retired: {describe(b)}")
        for name in b:
            if name in (*key_fields, "retired") or a.get(name) == b.get(name):
                continue
            what = "renamed" if name == label else f"{name} changed"
            lines.append(f"- {what}: {k} {_show(a.get(name))} -> {_show(b.get(name))}")
        lines += [f"- {name} dropped: {k}" for name in a if name not in b]
    again = [k for k in added if k in known_before]
    lines += [
        f"- added, though {known_before[k]} already had it: {describe(new[k])}" for k in again
    ]
    if not lines:
        return []
    summary = f"{entry_list.key}: {len(new)} ({len(added)} added, {len(removed)} removed)"
    return [summary, "", *lines]


def removed_earlier(changes: str) -> dict[str, dict[str, str]]:
    """spec file -> id -> the heading of the earlier import that removed it, from CHANGES.md."""
    found: dict[str, dict[str, str]] = {}
    heading, spec = "", ""
    for line in changes.splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
        elif match := _SPEC_HEADING.match(line):
            spec = match.group(1)
        elif spec and (match := _REMOVED.match(line)):
            found.setdefault(spec, {})[match.group(1)] = f"the standard before {heading}"
    return found


def table_report(old: Mapping[str, Any], table: Table, history: str) -> list[str]:
    """The report of one spec file whose text changed: a heading and its changes."""
    lines = compare_sources(old.get("sources") or [], [u.record() for u in table.used])
    earlier = {**removed_earlier(history).get(table.name, {}), **table.known_before}
    for entry_list in table.lists:
        if (
            not old
            and entry_list.entries
            and (
                isinstance(entry_list.entries[0], str) or len(entry_list.entries) > _NEW_LIST_SHOWN
            )
        ):
            # a new list of one-line rows (100,000 module rows), or a new table of thousands
            # (the private dictionary's 12,000 entries): its size, not every row
            lines += ["", f"- new: {len(entry_list.entries)} {entry_list.key}"]
            continue
        changes = compare_list(entry_list, old.get(entry_list.key) or [], earlier)
        if changes:
            lines += ["", *changes]
    if not lines:
        lines = ["- the header changed, not the entries"]
    return [f"### spec/{table.name}", "", *lines]


def section(heading: str, warnings: Sequence[str], reports: Sequence[list[str]]) -> str:
    """One import's part of CHANGES.md."""
    lines = [f"## {heading}", ""]
    if warnings:
        lines += [f"Warning: {w}" for w in warnings] + [""]
    for report in reports:
        lines += [*report, ""]
    return "\n".join(lines)


def prepend(changes: str, new_section: str) -> str:
    """CHANGES.md with `new_section` first, after the preamble."""
    body = changes[len(PREAMBLE) :] if changes.startswith(PREAMBLE) else changes
    return (
        PREAMBLE
        + "\n"
        + new_section.rstrip("\n")
        + "\n"
        + ("\n" + body.lstrip("\n") if body.strip() else "")
    )
