"""Keywords the standard renamed, kept as deprecated aliases so that users' code keeps working.

When an edition renames a keyword (2026c: SummarizedFilterLookupTable ->
SummarizedFilterLookupTableSequence), the import that brings it in adds an alias from
the old keyword to the element's tag. The alias stays through the `KEEP` editions after
the rename, then goes; it goes sooner when its keyword becomes a keyword of the
standard again. `spec/dictionary.yaml` keeps the list; the generator turns each alias
into an accessor that warns (and that type checkers see as deprecated).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .build import Entry, check_keywords
from .sources import edition_after, edition_key

# An alias is kept in the edition that renamed its keyword and in the KEEP editions after it.
KEEP = 2


def update(
    old_elements: Iterable[Mapping[str, Any]],
    new_elements: Iterable[Mapping[str, Any]],
    old_aliases: Iterable[Mapping[str, Any]],
    edition: str,
) -> list[Entry]:
    """The aliases after an import of `edition`: the old ones still due, and one per rename.

    Sorted by keyword: {keyword, tag, renamed_to, since, until}.
    """
    old_keywords = {str(e["tag"]): e.get("keyword") for e in old_elements}
    by_tag = {str(e["tag"]): e.get("keyword") for e in new_elements}
    current = {k for k in by_tag.values() if k}
    aliases: dict[str, Entry] = {}
    for alias in old_aliases:
        aliases[str(alias["keyword"])] = dict(alias)
    for tag, new in by_tag.items():
        old = old_keywords.get(tag)
        if old and new and old != new:
            aliases[old] = {
                "keyword": old,
                "tag": tag,
                "since": edition,
                "until": edition_after(edition, KEEP),
            }
    out = []
    for keyword, alias in sorted(aliases.items()):
        target = by_tag.get(str(alias["tag"]))
        if keyword in current or not target:
            continue  # a keyword of the standard again, or its element is gone or unnamed
        if edition_key(edition) > edition_key(str(alias["until"])):
            continue  # kept for its editions: gone now
        out.append(
            {
                "keyword": keyword,
                "tag": alias["tag"],
                "renamed_to": target,
                "since": alias["since"],
                "until": alias["until"],
            }
        )
    check_keywords("keyword aliases", ((str(a["tag"]), str(a["keyword"])) for a in out))
    return out
