"""Merge the rows read from the standard with `codegen/overrides/` into `spec/` entries.

Everything here works on rows (`model.py`) and plain mappings, never on a source format.
"""

from __future__ import annotations

import keyword as pykeyword
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .model import ElementRow, UIDRow, VRRow

Entry = dict[str, Any]

_TAG = re.compile(r"\(([0-9A-Fa-fXx]{4}),([0-9A-Fa-fXx]{4})\)")
_UID = re.compile(r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+")


class SpecError(ValueError):
    """The sources, merged, break a rule of docs/spec-format.md; the message lists every problem."""

    def __init__(self, what: str, problems: Iterable[str]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(f"{what}:\n  " + "\n  ".join(self.problems))


def normalise_tag(text: str) -> str:
    """`(GGGG,EEEE)` in upper-case hex, with a lower-case `x` for repeating-group digits."""
    match = _TAG.fullmatch(text.strip())
    if not match:
        raise SpecError("bad tag", [repr(text)])
    return "({},{})".format(*(part.upper().replace("X", "x") for part in match.groups()))


def tag_sort_key(tag: str) -> tuple[int, str]:
    """Order by tag value with `x` read as 0, ties by the tag text."""
    return int(tag[1:5].replace("x", "0") + tag[6:10].replace("x", "0"), 16), tag


def uid_sort_key(uid: str) -> tuple[int, ...]:
    """Order UIDs component by component, numerically."""
    return tuple(int(part) for part in uid.split("."))


def _vr(row: ElementRow, vrs: Collection[str]) -> str:
    if row.tag.startswith("(FFFE,"):
        # PS3.5 7.5: items and delimiters have no VR; the registry says "See Note 2".
        return "NONE"
    if not row.vr:
        return "UN"
    parts = [p.strip() for p in re.split(r"\bor\b", row.vr)]
    if not all(p in vrs for p in parts):
        raise SpecError("unknown VR", [f"{row.tag} {row.vr!r}"])
    return " or ".join(parts)


def element(row: ElementRow, vrs: Collection[str]) -> Entry:
    """One `spec/dictionary.yaml` entry from a registry row; `vrs` are the VRs there are."""
    vr = _vr(row, vrs)
    if not row.vr and not row.retired and vr != "NONE":
        raise SpecError("element without VR that is not retired", [row.tag])
    return {
        "tag": normalise_tag(row.tag),
        "keyword": row.keyword or None,
        "name": row.name,
        "vr": vr,
        "vm": row.vm or "1",
        "retired": row.retired,
    }


def dictionary(
    registries: Sequence[Iterable[ElementRow]],
    commands: Iterable[ElementRow],
    names: Mapping[str, str] | None = None,
    *,
    vrs: Collection[str],
) -> tuple[list[Entry], list[int]]:
    """All elements, sorted, and how many each registry gave.

    `vrs` are the VR names there are (codegen/overrides/vrs.yaml): an element of any
    other VR is refused.

    `registries` are PS3.6's, newest first: a tag comes from the newest registry that has
    it, and an older one only adds the tags no newer one has. `commands` are PS3.7's.
    `names` (from `codegen/overrides/dictionary.yaml`) pins the name of a tag.
    """
    merged: dict[str, Entry] = {}
    given = []
    for rows in registries:
        count = 0
        for row in rows:
            tag = normalise_tag(row.tag)
            if tag not in merged:
                merged[tag] = element(row, vrs)
                count += 1
        given.append(count)
    for row in commands:
        merged[normalise_tag(row.tag)] = element(row, vrs)
    for tag, name in (names or {}).items():
        key = normalise_tag(tag)
        if key not in merged:
            raise SpecError("name override for a tag the standard does not have", [tag])
        merged[key]["name"] = name
    entries = sorted(merged.values(), key=lambda e: tag_sort_key(e["tag"]))
    check_keywords("data dictionary keywords", ((e["tag"], e["keyword"]) for e in entries))
    return entries, given


def check_keywords(what: str, pairs: Iterable[tuple[str, str | None]]) -> None:
    """Fail unless every keyword is a unique Python identifier that is not a Python keyword."""
    seen: dict[str, str] = {}
    problems = []
    for key, kw in pairs:
        if kw is None:
            continue
        if not kw.isidentifier() or pykeyword.iskeyword(kw):
            problems.append(f"{key}: {kw!r} is not a valid Python identifier")
        if kw in seen:
            problems.append(f"{key}: keyword {kw!r} is also used by {seen[kw]}")
        seen[kw] = key
    if problems:
        raise SpecError(what, problems)


def check_unique(what: str, keys: Iterable[str]) -> None:
    """Fail when a key appears twice."""
    seen: set[str] = set()
    dupes = []
    for k in keys:
        if k in seen:
            dupes.append(k)
        seen.add(k)
    if dupes:
        raise SpecError(f"{what}: duplicates", dupes)


# UIDs -------------------------------------------------------------------------

_KEYWORD_SUFFIXES = (
    (re.compile(r"\s+SOP Class( UID)?\b"), ""),
    (re.compile(r"\s+SOP Instance$"), " Instance"),
    (re.compile(r"\s+Frame of Reference$"), ""),
    (re.compile(r"\s+Service Class\b"), ""),
)
_DIMSE_WORDS = frozenset({"FIND", "MOVE", "GET"})


def derive_uid_keyword(name: str) -> str:
    """A keyword from a UID name, the way PS3.6 Table A-1 derives most of them:
    "CT Image Storage" -> CTImageStorage, "Verification SOP Class" -> Verification,
    "... Information Model - FIND" -> ...InformationModelFind."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", name):
        return name  # LDAP OIDs (PS3.15 Annex H) are their own keyword: dicomDeviceName
    for pattern, replacement in _KEYWORD_SUFFIXES:
        name = pattern.sub(replacement, name)
    words = [w for w in re.split(r"[^A-Za-z0-9]+", name) if w]
    return "".join(w.title() if w in _DIMSE_WORDS else w[:1].upper() + w[1:] for w in words)


@dataclass
class UIDsGiven:
    """What one UID table gave: whole UIDs, and the types and keywords newer tables lacked."""

    uids: int = 0
    types: int = 0
    keywords: int = 0
    infos: int = 0


def uids(
    tables: Sequence[Iterable[UIDRow]], overrides: Mapping[str, Any]
) -> tuple[list[Entry], list[UIDsGiven]]:
    """PS3.6's UID tables, newest first, merged with the overrides, sorted; and what each gave.

    A UID comes from the newest table that has it; an older table adds the UIDs no newer
    one has, and the type or keyword a newer one lacks (uids.json has no keywords, and
    says "Other" for several types). Keywords are the standard's where a table has them,
    else the pins of the overrides, else derived from the name.
    """
    types: Mapping[str, str] = overrides.get("types") or {}
    names: Mapping[str, str] = overrides.get("names") or {}
    corrections: Mapping[str, str] = overrides.get("corrections") or {}
    pins: dict[str, str] = dict(overrides.get("keywords") or {})
    merged: dict[str, Entry] = {}
    vague: set[str] = set()  # UIDs whose type an older table may make precise
    given = []
    for rows in tables:
        counts = UIDsGiven()
        for row in rows:
            uid = corrections.get(row.uid, row.uid)
            have = merged.get(uid)
            if have is None:
                merged[uid] = {
                    "uid": uid,
                    "name": row.name,
                    "type": row.type,
                    "retired": row.retired,
                    "keyword": row.keyword,
                    "info": row.info,
                }
                if row.vague_type:
                    vague.add(uid)
                counts.uids += 1
                continue
            if uid in vague and row.type and not row.vague_type:
                vague.discard(uid)
                if have["type"] != row.type:
                    have["type"] = row.type
                    counts.types += 1
            if not have["keyword"] and row.keyword:
                have["keyword"] = row.keyword
                counts.keywords += 1
            if not have["info"] and row.info:
                have["info"] = row.info  # uids.json has no Part column, nor the remarks
                counts.infos += 1
        given.append(counts)
    for added in overrides.get("added") or []:
        pins.setdefault(added["uid"], added["keyword"])
        if added["uid"] not in merged:
            merged[added["uid"]] = {k: added[k] for k in ("uid", "name", "type", "retired")}
            merged[added["uid"]]["keyword"] = ""
            merged[added["uid"]]["info"] = ""
    problems = [f"{u}: not a valid UID" for u in merged if not _UID.fullmatch(u)]
    problems += [
        f"{u}: pinned but in no source"
        for u in sorted(set(pins) | set(names) | set(types))
        if u not in merged
    ]
    for uid, name in names.items():
        if uid in merged:
            merged[uid]["name"] = name
    for uid, kind in types.items():
        if uid not in merged:
            continue
        if merged[uid]["type"] not in (None, kind):
            problems.append(
                f"{uid}: the override types it {kind!r} but the source says "
                f"{merged[uid]['type']!r}: remove it from the override"
            )
        merged[uid]["type"] = kind
    problems += [
        f"{e['uid']} ({e['name']}): no source gives its UID Type: add it to `types` in the override"
        for e in merged.values()
        if e["type"] is None
    ]
    if problems:
        raise SpecError("UIDs", problems)
    entries = sorted(merged.values(), key=lambda e: uid_sort_key(e["uid"]))
    # A retired UID whose derived keyword is taken by a current one gets "Retired"
    # appended, as PS3.6 does (UltrasoundMultiFrameImageStorageRetired).
    derived = {e["uid"]: derive_uid_keyword(e["name"]) for e in entries}
    current = {
        e["keyword"] or pins.get(e["uid"]) or derived[e["uid"]] for e in entries if not e["retired"]
    }
    out = []
    for e in entries:
        kw = e["keyword"] or pins.get(e["uid"])
        if not kw:
            kw = derived[e["uid"]]
            if e["retired"] and kw in current:
                kw += "Retired"
        out.append(
            {"uid": e["uid"], "keyword": kw, **{k: e[k] for k in ("name", "type", "retired")}}
            | ({"info": e["info"]} if e["info"] else {})
        )
    check_keywords("UID keywords", ((e["uid"], e["keyword"]) for e in out))
    return out, given


def transfer_syntaxes(
    uid_entries: Iterable[Entry], properties: Iterable[Mapping[str, Any]]
) -> list[Entry]:
    """One entry per transfer syntax UID, with the hand-written properties of the override
    (whether it is retired comes from the UID table)."""
    props = {p["uid"]: p for p in properties}
    ts = [e for e in uid_entries if e["type"] == "Transfer Syntax"]
    problems = [
        f"{e['uid']} ({e['name']}): no properties in the override"
        for e in ts
        if e["uid"] not in props
    ]
    problems += [
        f"{u}: properties for a UID that is not a transfer syntax"
        for u in set(props) - {e["uid"] for e in ts}
    ]
    if problems:
        raise SpecError("transfer syntaxes", problems)
    keys = ("implicit_vr", "little_endian", "deflated", "encapsulated", "lossy")
    return [
        {
            "uid": e["uid"],
            "keyword": e["keyword"],
            "name": e["name"],
            **{k: props[e["uid"]][k] for k in keys},
            "retired": e["retired"],
            "codec": props[e["uid"]]["codec"],
        }
        for e in ts
    ]


# VRs --------------------------------------------------------------------------

_LENGTH = re.compile(r"(\d+) (bytes|chars) (maximum|fixed)")

VR_KEYS = (
    "vr", "name", "kind", "header", "undefined_length", "max_length", "width", "struct", "padding",
    "multi", "charset", "strip", "chars", "python_type", "arrow_type",
)  # fmt: skip


def parse_length(text: str) -> tuple[int | None, bool]:
    """(length, fixed) from a "Length of Value" cell; (None, False) for "2^32-2 bytes maximum",
    "see Transfer Syntax definition", "not applicable" and the like."""
    first = text.split("\n")[0]
    if "^" in first:
        return None, False
    match = _LENGTH.match(first)
    if not match:
        return None, False
    return int(match.group(1)), match.group(3) == "fixed"


def vrs(table: Iterable[VRRow], overrides: Iterable[Mapping[str, Any]]) -> list[Entry]:
    """PS3.5 Table 6.2-1 (names, maximum lengths) merged with the override's codec facts."""
    rows = {r.vr: r for r in table}
    problems: list[str] = []
    out = []
    for over in overrides:
        vr = over["vr"]
        row = rows.get(vr)
        entry: Entry = {k: over.get(k) for k in VR_KEYS}
        if row is not None:
            entry["name"] = row.name
            length, fixed = parse_length(row.length)
            if over["kind"] in ("binary_number", "tag"):
                if length != over["width"] or not fixed:
                    problems.append(
                        f"{vr}: width {over['width']} but the standard says {row.length!r}"
                    )
                entry["max_length"] = None
            else:
                entry["max_length"] = length
        elif "name" not in over or "max_length" not in over:
            problems.append(
                f"{vr}: not in Table 6.2-1, so the override must give name and max_length"
            )
        out.append(entry)
    overridden = {e["vr"] for e in out}
    problems += [f"{vr}: in Table 6.2-1 but not in the override" for vr in set(rows) - overridden]
    if problems:
        raise SpecError("value representations", problems)
    return sorted(out, key=lambda e: str(e["vr"]))
