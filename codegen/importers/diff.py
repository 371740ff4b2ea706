"""The change report between the spec files before and after an import: what a maintainer reviews."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Entry = Mapping[str, Any]


def _id(entry: Entry, key: str | tuple[str, ...]) -> str:
    """An entry's identity: one field, or several joined (a private tag and its creator)."""
    return " ".join(str(entry[k]) for k in _fields(key))


def _fields(key: str | tuple[str, ...]) -> tuple[str, ...]:
    return (key,) if isinstance(key, str) else key


def _by(entries: Iterable[Entry], key: str | tuple[str, ...]) -> dict[str, Entry]:
    return {_id(e, key): e for e in entries}


def _show(value: Any) -> str:
    return "null" if value is None else repr(value) if isinstance(value, str) else str(value)


def compare(
    title: str,
    key: str | tuple[str, ...],
    before: Sequence[Entry],
    after: Sequence[Entry],
    *,
    label: str = "keyword",
) -> list[str]:
    """Lines describing what was added, removed, retired, un-retired or changed, by `key`."""
    old, new = _by(before, key), _by(after, key)
    lines: list[str] = []

    def describe(e: Entry) -> str:
        return f"{_id(e, key)} {e.get(label) or e.get('name') or ''}".rstrip()

    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    lines += [f"  added: {describe(new[k])}" for k in added]
    lines += [f"  removed: {describe(old[k])}" for k in removed]
    for k in new:
        if k not in old:
            continue
        a, b = old[k], new[k]
        if not a.get("retired") and b.get("retired"):
            lines.append(f"  retired: {describe(b)}")
        elif a.get("retired") and not b.get("retired"):
            lines.append(f"  no longer retired: {describe(b)}")
        for field in b:
            if field in (*_fields(key), "retired") or a.get(field) == b.get(field):
                continue
            what = "renamed" if field == label else f"{field} changed"
            lines.append(f"  {what}: {k} {_show(a.get(field))} -> {_show(b.get(field))}")
        for field in a:
            if field not in b:
                lines.append(f"  {field} dropped: {k}")
    if not lines:
        return [f"{title}: no changes ({len(new)} entries)"]
    summary = f"{title}: {len(new)} entries ({len(added)} added, {len(removed)} removed)"
    return [summary, *lines]
