"""Load `spec/*.yaml` into typed records and cross-check them.

This is the generator's only view of the standard: the importers write the
YAML, this module reads it back and refuses tables the codec could not serve.
"""

from __future__ import annotations

import keyword as py_keyword
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from codegen.deidentification import Deidentification
    from codegen.iod_spec import IODSpec

SPEC_FILES = ("dictionary", "vrs", "uids", "transfer_syntaxes", "charsets")
# the vendors' private elements: a spec file of its own, no part of the standard
PRIVATE_DICTIONARY = "private_dictionary"


class SpecError(Exception):
    """A spec table that the generator cannot turn into code."""


@dataclass(frozen=True)
class Element:
    tag: str  # "(GGGG,EEEE)", lower-case x for repeating digits
    keyword: str | None
    name: str
    vr: str  # "US", "US or SS", "NONE"
    vm: str
    retired: bool

    @property
    def vrs(self) -> tuple[str, ...]:
        """The alternative VRs of `vr` ("US or SS" -> ("US", "SS"))."""
        return tuple(self.vr.split(" or "))

    @property
    def is_repeating(self) -> bool:
        return "x" in self.tag

    @property
    def mask_and_value(self) -> tuple[int, int]:
        """For a tag with `x` digits: (mask, value) such that tag & mask == value."""
        digits = self.tag[1:5] + self.tag[6:10]
        mask = int("".join("0" if c == "x" else "F" for c in digits), 16)
        value = int(digits.replace("x", "0"), 16)
        return mask, value

    @property
    def tag_int(self) -> int:
        """The tag as an int; repeating digits read as 0 (the group's first member)."""
        return self.mask_and_value[1]


@dataclass(frozen=True)
class VR:
    vr: str
    name: str
    kind: str  # text | number_text | binary_number | tag | bytes | sequence
    header: str  # short | long  (PS3.5 7.1.2)
    undefined_length: bool  # the value length may be undefined (PS3.5 7.1.1)
    max_length: int | None
    width: int | None
    struct: str | None
    padding: str
    multi: bool
    charset: bool
    strip: str
    chars: str | None
    python_type: str
    arrow_type: str | None  # a pyarrow type alias: "date32", "time64[us]"; None: no column


@dataclass(frozen=True)
class UIDEntry:
    uid: str
    keyword: str
    name: str
    type: str
    retired: bool
    info: str = ""  # PS3.6's Part column or remark (DICOS, "Default Transfer Syntax for DICOM")


@dataclass(frozen=True)
class TransferSyntax:
    uid: str
    keyword: str
    name: str
    implicit_vr: bool
    little_endian: bool
    deflated: bool
    encapsulated: bool
    lossy: bool
    retired: bool
    codec: str


@dataclass(frozen=True)
class Charset:
    term: str
    description: str
    python_codec: str
    iso2022: bool
    escape_g0: str | None  # hex bytes, "1b 24 42"
    escape_g1: str | None
    multibyte: bool


@dataclass(frozen=True)
class KeywordAlias:
    """A keyword the standard renamed, kept working (deprecated) for a few editions."""

    keyword: str
    tag: str
    renamed_to: str
    since: str  # the edition that renamed it
    until: str  # the last edition that keeps it


@dataclass(frozen=True)
class PrivateEntry:
    """A vendor's private element: its creator, the tag with `xx` for the block, VR, VM, name."""

    creator: str
    tag: str  # "(0019,xx10)", "(60xx,xx00)", or a fixed "(0019,1000)"
    vr: str
    vm: str
    name: str
    source: str  # the dictionary it comes from: GDCM or DCMTK

    @property
    def key(self) -> str:
        """The tag as pydicom's private dictionary keys it: "0019xx10"."""
        return self.tag[1:5] + self.tag[6:10]


@dataclass(frozen=True)
class SourceRef:
    """One source a spec file was made from: the part and edition of the standard, or by hand,
    or a vendor's revision (no part of the standard)."""

    file: str
    part: str | None = None
    edition: str | None = None
    option: str | None = None
    revision: str | None = None

    @property
    def text(self) -> str:
        """ "PS3.6 2026c", "PS3.3 2024e by hand", or "" for the other hand-written files and
        for the sources that are no part of the standard."""
        if self.option is not None:
            return f"{self.part} {self.edition}" if self.edition else ""
        return f"{self.part} {self.edition} by hand" if self.edition else ""


@dataclass(frozen=True)
class Spec:
    elements: tuple[Element, ...]
    vrs: tuple[VR, ...]
    uids: tuple[UIDEntry, ...]
    transfer_syntaxes: tuple[TransferSyntax, ...]
    charsets: tuple[Charset, ...]
    aliases: tuple[KeywordAlias, ...] = ()
    deidentification: Deidentification | None = None  # PS3.15 Annex E (its own four files)
    iods: IODSpec | None = None  # PS3.3: spec/iods.yaml and spec/modules.yaml, once imported
    # spec file stem ("dictionary") -> the sources its header lists
    sources: Mapping[str, tuple[SourceRef, ...]] = field(default_factory=dict)
    # the keywords of the standard's dictionary that these elements leave out: none, but in
    # the subset an embedded package holds (`python -m codegen embed`)
    left_out: tuple[str, ...] = ()
    # vendors' private elements (spec/private_dictionary.yaml), once imported
    private: tuple[PrivateEntry, ...] = ()

    def editions(self, stem: str) -> list[str]:
        """The parts and editions of the standard a spec file was made from, newest first:
        ["PS3.6 2026c", "PS3.7 2026c", "PS3.6 2013"]; hand-written tables name the
        edition they follow ("PS3.3 2024e by hand")."""
        found = [s for s in self.sources.get(stem, ()) if s.text]
        found.sort(key=lambda s: _edition_key(s.edition or "0000"), reverse=True)
        return list(dict.fromkeys(s.text for s in found))

    def edition(self, stem: str) -> str:
        """The newest edition a spec file's data comes from ("2026c")."""
        editions = [s.edition for s in self.sources.get(stem, ()) if s.edition]
        return max(editions, key=_edition_key) if editions else ""


def _edition_key(edition: str) -> tuple[int, str]:
    return int(edition[:4]), edition[4:]


def read_table(path: Path, key: str) -> tuple[list[dict[str, Any]], tuple[SourceRef, ...]]:
    """The entries under `key` of a spec file, and the sources it records."""
    data = _read(path, key, "sources")
    return data[key], tuple(_build_source(path, row) for row in data["sources"])


def _read(path: Path, *keys: str) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as f:
            data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError:
        raise SpecError(f"{path} is missing: run `make import-standard`") from None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), list) for k in keys):
        raise SpecError(f"{path}: expected a mapping with lists {', '.join(keys)}")
    return data


def _build(cls: type[Any], path: Path, row: dict[str, Any]) -> Any:
    fields = cls.__dataclass_fields__
    required = [n for n, f in fields.items() if f.default is MISSING]
    missing = [name for name in required if name not in row]
    if missing:
        raise SpecError(f"{path}: entry {row!r} lacks {', '.join(missing)}")
    return cls(**{name: row[name] for name in fields if name in row})


def load(spec_dir: Path) -> Spec:
    """Read every spec table and cross-check them (see `check`)."""
    loaded: dict[str, Any] = {}
    sources: dict[str, tuple[SourceRef, ...]] = {}
    classes: dict[str, tuple[str, type[Any]]] = {
        "dictionary": ("elements", Element),
        "vrs": ("vrs", VR),
        "uids": ("uids", UIDEntry),
        "transfer_syntaxes": ("transfer_syntaxes", TransferSyntax),
        "charsets": ("charsets", Charset),
    }
    for name in SPEC_FILES:
        key, cls = classes[name]
        path = spec_dir / f"{name}.yaml"
        data = _read(path, key, "sources")
        loaded[key] = tuple(_build(cls, path, row) for row in data[key])
        sources[name] = tuple(_build_source(path, row) for row in data["sources"])
        if name == "dictionary":
            aliases = data.get("aliases") or []
            loaded["aliases"] = tuple(_build(KeywordAlias, path, row) for row in aliases)
    from codegen import deidentification

    deid = deidentification.load(spec_dir)
    sources.update(deid.sources)
    from codegen import iod_spec

    iods = iod_spec.load(spec_dir)
    if iods is not None:
        sources.update(iods.sources)
    private_path = spec_dir / f"{PRIVATE_DICTIONARY}.yaml"
    if private_path.exists():
        rows, sources[PRIVATE_DICTIONARY] = read_table(private_path, "entries")
        loaded["private"] = tuple(_build(PrivateEntry, private_path, row) for row in rows)
    spec = Spec(sources=sources, deidentification=deid, iods=iods, **loaded)
    check(spec)
    return spec


def _build_source(path: Path, row: dict[str, Any]) -> SourceRef:
    if "file" not in row:
        raise SpecError(f"{path}: source {row!r} lacks file")

    def text(key: str) -> str | None:
        return None if row.get(key) is None else str(row[key])

    return SourceRef(
        str(row["file"]), text("part"), text("edition"), text("option"), text("revision")
    )


def check(spec: Spec) -> None:
    """Refuse a spec the codec could not serve.

    Every VR used by the dictionary has a codec entry; every keyword is a
    valid, unique Python identifier; tags and UIDs are unique.
    """
    problems: list[str] = []
    known_vrs = {vr.vr for vr in spec.vrs}
    seen_keywords: dict[str, str] = {}
    seen_tags: set[str] = set()
    for element in spec.elements:
        for vr in element.vrs:
            if vr != "NONE" and vr not in known_vrs:
                problems.append(f"{element.tag}: VR {vr} has no entry in vrs.yaml")
        if element.tag in seen_tags:
            problems.append(f"{element.tag}: listed twice")
        seen_tags.add(element.tag)
        kw = element.keyword
        if kw is None:
            continue
        if not kw.isidentifier() or py_keyword.iskeyword(kw):
            problems.append(f"{element.tag}: keyword {kw!r} is not a Python identifier")
        if kw in seen_keywords:
            problems.append(f"{element.tag}: keyword {kw} also names {seen_keywords[kw]}")
        seen_keywords[kw] = element.tag
    for codec in spec.vrs:
        if codec.kind in ("binary_number", "tag") and (codec.struct is None or codec.width is None):
            problems.append(f"VR {codec.vr}: a binary VR needs struct and width")
    for alias in spec.aliases:
        if alias.keyword in seen_keywords:
            problems.append(
                f"alias {alias.keyword}: also a keyword of {seen_keywords[alias.keyword]}"
            )
        if seen_keywords.get(alias.renamed_to) != alias.tag:
            problems.append(
                f"alias {alias.keyword}: {alias.renamed_to} is not the keyword of {alias.tag}"
            )
    seen_private: set[tuple[str, str]] = set()
    for private in spec.private:
        for vr in private.vr.split(" or "):
            if vr not in known_vrs:
                problems.append(f"private {private.creator} {private.tag}: VR {vr} is unknown")
        if (private.creator, private.tag) in seen_private:
            problems.append(f"private {private.creator} {private.tag}: listed twice")
        seen_private.add((private.creator, private.tag))
    uid_keywords: dict[str, str] = {}
    for entry in spec.uids:
        if not entry.keyword.isidentifier():
            problems.append(f"UID {entry.uid}: keyword {entry.keyword!r} is not an identifier")
        if entry.keyword in uid_keywords:
            problems.append(
                f"UID {entry.uid}: keyword {entry.keyword} also names {uid_keywords[entry.keyword]}"
            )
        uid_keywords[entry.keyword] = entry.uid
    if problems:
        raise SpecError("spec/ cannot be generated:\n  " + "\n  ".join(problems))
