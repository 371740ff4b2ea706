"""What each spec file is made of: its sources, its entries, and the header that says so.

One builder per spec file (or pair of files). Each reads the sources it needs through
`Inputs`, which parses each source once, merges them with the overrides (`build.py`) and
returns `Table`s. Where two sources give the same table (PS3.6 as DocBook and as JSON),
the newest edition wins and an older one adds only what no newer one has; a source that
adds nothing is not listed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from . import aliases, build, docbook, registry_json
from .build import Entry, SpecError
from .model import ElementRow, UIDRow
from .sources import Source, SourceError, edition_key, label

T = TypeVar("T")


@dataclass(frozen=True)
class Used:
    """One source of a spec file: what it gave, and which file of which edition it is."""

    use: str
    file: str
    option: str | None = None  # None: hand-written, in codegen/overrides/
    part: str | None = None
    edition: str | None = None
    sha256: str | None = None
    revision: str | None = None  # a source that is no part of the standard: its upstream's

    def record(self) -> dict[str, Any]:
        """The entry of the spec file's `sources` list."""
        keys = ("option", "part", "edition", "revision", "file", "sha256", "use")
        return {k: getattr(self, k) for k in keys if getattr(self, k)}

    def line(self) -> str:
        """The header line."""
        if self.option is None:
            what = f"{self.part} {self.edition}, by hand" if self.edition else "by hand"
            return f"  {what} ({self.file}): {self.use}"
        return f"  {self.part} {self.edition or self.revision} ({self.file}): {self.use}"


@dataclass(frozen=True)
class EntryList:
    """One list of a spec file: its key, sorted entries, and which fields identify an entry."""

    key: str
    entries: Sequence[Entry | str]  # a plain string: a one-line row, identified by itself
    id_field: str | tuple[str, ...]  # several: an entry is identified by them together
    label_field: str = "keyword"
    show: str | None = None  # how the change report names an entry: a format of its fields


@dataclass(frozen=True)
class Table:
    """One spec file as the importer writes it."""

    name: str
    title: str
    used: tuple[Used, ...]
    lists: tuple[EntryList, ...]
    # ids that a source of an older edition read in this import has: "added" ids among
    # them were in the standard before (id -> "PS3.6 2013")
    known_before: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # more header lines: how the sources were merged, and why

    @property
    def editions(self) -> list[str]:
        """The editions of the standard's sources (not the hand-written ones), newest first."""
        found = {u.edition for u in self.used if u.option is not None and u.edition}
        return sorted(found, key=edition_key, reverse=True)

    def text(self) -> str:
        from .yaml_out import render

        header = [f"spec/{self.name}: {self.title}", "Sources:"]
        header += [u.line() for u in self.used]
        if len(self.editions) > 1:
            header.append(
                f"Editions mixed: {', '.join(self.editions)} "
                "(an older source adds only what no newer one has)."
            )
        header += self.notes
        return render(
            header=header,
            sources=[u.record() for u in self.used],
            lists=[(entry_list.key, entry_list.entries) for entry_list in self.lists],
        )


class Inputs:
    """The resolved sources of one import, each parsed once, and the overrides."""

    def __init__(
        self,
        root: Path,
        sources: Mapping[str, Source],
        overrides: Path,
        old: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self.root = root
        self.sources = dict(sources)
        self.overrides = overrides
        self.old = old
        self._parsed: dict[str, Any] = {}
        self.read: set[str] = set()  # the options a table used

    def source(self, option: str) -> Source | None:
        return self.sources.get(option)

    def require(self, option: str, what: str) -> Source:
        found = self.sources.get(option)
        if found is None:
            raise SourceError(
                f"no {what}: give {option.upper()}= (spec/ records no {option} source)"
            )
        return found

    def parsed(self, option: str, read: Callable[[Path], T]) -> T:
        """The source of `option` read by `read`, once."""
        if option not in self._parsed:
            self._parsed[option] = read(self.sources[option].path)
        result: T = self._parsed[option]
        return result

    def docbook(self, option: str) -> docbook.Book:
        return self.parsed(option, docbook.load)

    def used(self, option: str, use: str) -> Used:
        self.read.add(option)
        src = self.sources[option]
        return Used(
            use,
            label(src.path, self.root),
            option,
            src.part,
            src.edition or None,
            src.sha256,
            src.revision,
        )

    def override(self, name: str, *, required: bool = True) -> dict[str, Any]:
        path = self.overrides / name
        if not path.is_file():
            if required:
                raise SourceError(f"{path}: no such file (a hand-written override)")
            return {}
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise SourceError(f"{path}: expected a mapping")
        return data

    def used_override(
        self, name: str, use: str, part: str | None = None, edition: str | None = None
    ) -> Used:
        return Used(use, label(self.overrides / name, self.root), None, part, edition)


def _newest_first(sources: Sequence[tuple[Source, T]]) -> list[tuple[Source, T]]:
    """Newest edition first; for one edition, NEMA's DocBook before an extraction of it."""
    return sorted(
        sources,
        key=lambda s: (edition_key(s[0].edition), s[0].option.startswith("part")),
        reverse=True,
    )


def _ps36(
    inputs: Inputs,
    json_option: str,
    from_json: Callable[[Path], list[T]],
    json_tables: str,
    from_docbook: Callable[[docbook.Book], tuple[str, list[T]]],
) -> list[tuple[Source, tuple[str, list[T]]]]:
    """One PS3.6 table as JSON (`json_option`) and as DocBook (`part06`), the sources given,
    newest first: (source, (the tables it read, its rows))."""
    found: list[tuple[Source, tuple[str, list[T]]]] = []
    if (source := inputs.source(json_option)) is not None:
        found.append((source, (json_tables, inputs.parsed(json_option, from_json))))
    if (part06 := inputs.source("part06")) is not None:
        found.append((part06, from_docbook(inputs.docbook("part06"))))
    if not found:
        what = "data elements" if json_option == "registry" else "UIDs"
        raise SourceError(f"no PS3.6 {what}: give {json_option.upper()}= or PART06=")
    return _newest_first(found)


def _known_before(
    found: Sequence[tuple[Source, tuple[str, list[T]]]], key: Callable[[T], str]
) -> dict[str, str]:
    """id -> "PS3.6 2013" for the rows of the sources older than the newest one."""
    newest = edition_key(found[0][0].edition)
    return {
        key(row): f"{src.part} {src.edition}"
        for src, (_, rows) in found
        if edition_key(src.edition) < newest
        for row in rows
    }


# spec/dictionary.yaml ---------------------------------------------------------


def _docbook_registry(book: docbook.Book) -> tuple[str, list[ElementRow]]:
    labels = [*docbook.REGISTRY_TABLES, *docbook.NEWER_REGISTRY_TABLES]
    tables = "Tables " + ", ".join(t for t in labels if docbook.has_table(book, t))
    return tables, docbook.registry(book)


def dictionary(inputs: Inputs) -> list[Table]:
    """PS3.6 data elements (JSON and/or DocBook), PS3.7 command elements, renamed keywords."""
    registries = _ps36(
        inputs, "registry", registry_json.attributes, "Tables 6-1, 7-1, 8-1, 9-1", _docbook_registry
    )
    part07 = inputs.require("part07", "PS3.7 DocBook")
    book07 = inputs.docbook("part07")
    commands = docbook.command_elements(book07, "E.1-1", retired=False)
    commands += docbook.command_elements(book07, "E.2-1", retired=True)
    names = inputs.override("dictionary.yaml", required=False).get("names")
    vrs = {str(row["vr"]) for row in inputs.override("vrs.yaml")["vrs"]}  # the VRs there are
    entries, given = build.dictionary(
        [rows for _, (_, rows) in registries], commands, names, vrs=vrs
    )

    used = []
    for index, ((src, (tables, _)), count) in enumerate(zip(registries, given, strict=True)):
        if count:
            only = "" if index == 0 else " that no newer source has"
            used.append(inputs.used(src.option, f"{tables}: {count} data elements{only}"))
    used.append(
        inputs.used(part07.option, f"Tables E.1-1, E.2-1: {len(commands)} command elements")
    )
    if names:
        used.append(inputs.used_override("dictionary.yaml", f"names kept by hand ({len(names)})"))
    newest = registries[0][0].edition
    known_before = _known_before(registries, lambda row: build.normalise_tag(row.tag))
    old = inputs.old.get("dictionary.yaml", {})
    alias_entries = aliases.update(
        old.get("elements") or [], entries, old.get("aliases") or [], newest
    )
    return [
        Table(
            "dictionary.yaml",
            "the DICOM data dictionary.",
            tuple(used),
            (
                EntryList("elements", entries, "tag"),
                EntryList(
                    "aliases",
                    alias_entries,
                    "keyword",
                    "renamed_to",
                    "{keyword} -> {renamed_to} {tag} (deprecated alias, kept until {until})",
                ),
            ),
            known_before,
        )
    ]


# spec/vrs.yaml ------------------------------------------------------------------


def vrs(inputs: Inputs) -> list[Table]:
    """PS3.5 Table 6.2-1 with the codec facts written by hand."""
    part05 = inputs.require("part05", "PS3.5 DocBook")
    rows = docbook.value_representations(inputs.docbook("part05"))
    over = inputs.override("vrs.yaml")
    entries = build.vrs(rows, over["vrs"])
    used = (
        inputs.used(part05.option, f"Table 6.2-1: the names and lengths of {len(rows)} VRs"),
        inputs.used_override("vrs.yaml", "how each VR is encoded"),
    )
    return [
        Table(
            "vrs.yaml",
            "the value representations and how to encode them.",
            used,
            (EntryList("vrs", entries, "vr", "name"),),
        )
    ]


# spec/uids.yaml, spec/transfer_syntaxes.yaml --------------------------------------


def _docbook_uids(book: docbook.Book) -> tuple[str, list[UIDRow]]:
    tables = "Tables A-1, A-2" if docbook.has_table(book, "A-2") else "Table A-1"
    return tables, docbook.uids(book)


def uids(inputs: Inputs) -> list[Table]:
    """PS3.6 Tables A-1, A-2 (JSON and/or DocBook) with keywords, and the transfer syntaxes."""
    tables = _ps36(inputs, "uids", registry_json.uids, "Tables A-1, A-2", _docbook_uids)
    over_uids = inputs.override("uids.yaml")
    over_ts = inputs.override("transfer_syntaxes.yaml")
    entries, given = build.uids([rows for _, (_, rows) in tables], over_uids)
    ts_entries = build.transfer_syntaxes(entries, over_ts["transfer_syntaxes"])

    used = []
    for index, ((src, (labels, _)), counts) in enumerate(zip(tables, given, strict=True)):
        if index == 0:
            used.append(inputs.used(src.option, f"{labels}: {counts.uids} UIDs"))
            continue
        gave = [
            text
            for count, text in (
                (counts.uids, f"{counts.uids} UIDs that no newer source has"),
                (
                    counts.types,
                    f"the UID Type of {counts.types} UIDs newer sources type only vaguely",
                ),
                (counts.keywords, f"the keyword of {counts.keywords} UIDs"),
                (
                    counts.infos,
                    f"the Part column or name remark of {counts.infos} UIDs (UID.info)",
                ),
            )
            if count
        ]
        if gave:
            only = "; ".join(gave)
            used.append(
                inputs.used(src.option, f"{labels}, only for what no newer source has: {only}")
            )
    uid_used = [*used, inputs.used_override("uids.yaml", "keywords pinned, types and UIDs added")]
    ts_used = [*used, inputs.used_override("transfer_syntaxes.yaml", "the properties of each")]
    known_before = _known_before(tables, lambda row: row.uid)
    return [
        Table(
            "uids.yaml",
            "the registry of DICOM unique identifiers.",
            tuple(uid_used),
            (EntryList("uids", entries, "uid"),),
            known_before,
        ),
        Table(
            "transfer_syntaxes.yaml",
            "the transfer syntaxes and their properties.",
            tuple(ts_used),
            (EntryList("transfer_syntaxes", ts_entries, "uid"),),
        ),
    ]


# spec/charsets.yaml ---------------------------------------------------------------


def charsets(inputs: Inputs) -> list[Table]:
    """The Specific Character Set defined terms, transcribed by hand from PS3.3."""
    over = inputs.override("charsets.yaml")
    entries = sorted((dict(c) for c in over["charsets"]), key=lambda c: str(c["term"]))
    build.check_unique("charsets", [str(c["term"]) for c in entries])
    edition = str(over["edition"])
    used = inputs.used_override(
        "charsets.yaml", f"C.12.1.1.2, {len(entries)} defined terms", "PS3.3", edition
    )
    return [
        Table(
            "charsets.yaml",
            "the Specific Character Set defined terms (PS3.3 C.12.1.1.2).",
            (used,),
            (EntryList("charsets", entries, "term", "description"),),
        )
    ]


__all__ = [
    "EntryList",
    "Inputs",
    "SpecError",
    "Table",
    "Used",
    "charsets",
    "dictionary",
    "uids",
    "vrs",
]
