"""Which file each importer reads, and which edition of the standard that file is.

An edition comes from the source, never from the name of its folder:
- NEMA's DocBook states it in the book's `<subtitle>` ("DICOM PS3.5 2026c - ...");
- any other file (the JSON extractions) from `source.yaml` beside it (`edition: 2026c`),
  from the edition the maintainer gives (`EDITION=`), or from a record of files whose
  edition is known, keyed by the sha256 of their bytes (`codegen/overrides/editions.yaml`,
  and the sources that `spec/` itself records).
Claims that disagree, or no claim at all, and the source is refused with a one-line
`SourceError` naming the file. Importers of any table use `read_source` the same way.

Some sources are no part of the standard (the vendors' private dictionaries that GDCM
and DCMTK collect): they have no edition, but an upstream revision ("GDCM commit
2cd05d132 (2026-08-21)"), claimed the same ways (`revision:` in `source.yaml`, or in the
record of known files by sha256) and recorded beside the file's sha256.
"""

from __future__ import annotations

import hashlib
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

EDITION = re.compile(r"\d{4}[a-e]?")
# "DICOM PS3.5 2026c - Data Structures and Encoding", "DICOM PS 3.6 2013 - Data Dictionary"
_SUBTITLE = re.compile(r"\bPS\s?3\.(\d+)\s+(\d{4}[a-e]?)\b")
SOURCE_YAML = "source.yaml"
# The standard is re-released five times a year since 2014: 2026a ... 2026e.
_LETTERS = "abcde"


class SourceError(ValueError):
    """A source that cannot be used; the message is one line naming the file and the problem."""


@dataclass(frozen=True)
class Option:
    """One source the importers can be given (`make import-standard PART05=...`)."""

    name: str  # the command-line option: part05, registry, ...
    part: str  # the part of the standard: PS3.5, PS3.6, ...; or who publishes it: GDCM
    docbook: bool  # NEMA's DocBook (states its edition) or another format (does not)
    what: str
    standard: bool = True  # False: no part of the standard, with a revision, not an edition


OPTIONS: dict[str, Option] = {
    o.name: o
    for o in (
        Option("part05", "PS3.5", True, "NEMA's DocBook part05.xml"),
        Option("part06", "PS3.6", True, "NEMA's DocBook part06.xml"),
        Option("part07", "PS3.7", True, "NEMA's DocBook part07.xml"),
        Option("part15", "PS3.15", True, "NEMA's DocBook part15.xml"),
        Option("registry", "PS3.6", False, "the data elements, shaped as attributes.json"),
        Option("uids", "PS3.6", False, "the UIDs, shaped as uids.json"),
        Option(
            "modules",
            "PS3.3",
            False,
            "the IOD and module tables, module_attribute_map.json.gz of ps3.3-modules/ "
            "(sop_class_iod_map.json and iod_module_map.json beside it)",
        ),
        Option(
            "iodnames",
            "PS3.3",
            False,
            "IOD names, ciods.json of an innolitics registry folder "
            "(modules.json and ciod_to_modules.json beside it)",
        ),
        Option(
            "private_gdcm",
            "GDCM",
            False,
            "GDCM's private dictionary, privatedicts.xml (Source/DataDictionary/)",
            standard=False,
        ),
        Option(
            "private_dcmtk",
            "DCMTK",
            False,
            "DCMTK's private dictionary, private.dic (dcmdata/data/)",
            standard=False,
        ),
    )
}


@dataclass(frozen=True)
class Source:
    """A source file and the edition it is, with what says so."""

    option: str
    path: Path
    edition: str  # "" for a source that is no part of the standard
    sha256: str
    stated_by: str  # "its subtitle", "source.yaml", "EDITION=", "the record of known files"
    revision: str | None = None  # the upstream revision of a source that is no part of it

    @property
    def part(self) -> str:
        return OPTIONS[self.option].part


def check_edition(text: str, where: str) -> str:
    """`text` when it is an edition (2026c, or a year for the editions before 2014), else refuse."""
    if not EDITION.fullmatch(text):
        raise SourceError(f"{where}: {text!r} is not an edition of the standard (like 2026c)")
    return text


def edition_key(edition: str) -> tuple[int, int]:
    """What orders editions: 2013 < 2014a < ... < 2026c < 2026d (a year alone is the
    annual edition that came before the lettered ones)."""
    year, letter = edition[:4], edition[4:]
    return int(year), _LETTERS.index(letter) + 1 if letter else 0


def edition_after(edition: str, steps: int) -> str:
    """The edition `steps` releases after `edition` (five a year: 2026c + 2 is 2026e)."""
    year, rank = edition_key(edition)
    index = year * len(_LETTERS) + max(rank - 1, 0) + steps
    return f"{index // len(_LETTERS)}{_LETTERS[index % len(_LETTERS)]}"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def label(path: Path, root: Path) -> str:
    """`path` relative to `root` (the folder holding spec/), in POSIX form, as spec/ records it."""
    # abspath, not resolve: a symlinked ../shared keeps the name it is reached by
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()


def docbook_subtitle(path: Path) -> tuple[str, str]:
    """(part, edition) from a DocBook book's `<subtitle>`: ("PS3.5", "2026c").

    Reads only as far as the subtitle, which comes before the first chapter.
    """
    try:
        for _, element in ET.iterparse(path, events=("end",)):
            if element.tag.rsplit("}", 1)[-1] == "subtitle":
                text = " ".join("".join(element.itertext()).split())
                match = _SUBTITLE.search(text)
                if not match:
                    raise SourceError(f"{path}: no part and edition in its subtitle {text!r}")
                return f"PS3.{int(match.group(1))}", match.group(2)
    except ET.ParseError as exc:
        raise SourceError(f"{path}: not XML ({exc})") from None
    raise SourceError(f"{path}: no <subtitle>, so its edition is unknown (is it NEMA's DocBook?)")


def _source_yaml(path: Path, key: str = "edition") -> str | None:
    """The edition (or with `key="revision"`, the upstream revision) that `source.yaml`
    beside `path` states, or None when there is none."""
    stated = path.parent / SOURCE_YAML
    if not stated.is_file():
        return None
    try:
        data = yaml.safe_load(stated.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourceError(f"{stated}: not YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(data, dict) or key not in data:
        like = "like 2026c" if key == "edition" else "the upstream commit"
        raise SourceError(f"{stated}: expected a mapping with `{key}: ...` ({like})")
    if key != "edition":
        return str(data[key])
    return check_edition(str(data["edition"]), str(stated))


def _known_files(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list):
        raise SourceError(f"{path}: expected a mapping with a list `files`")
    for entry in files:
        if not isinstance(entry, dict) or "sha256" not in entry:
            raise SourceError(f"{path}: each file needs sha256, not {entry!r}")
        if ("edition" in entry) == ("revision" in entry):
            raise SourceError(f"{path}: each file needs an edition or a revision, not {entry!r}")
    return files


def known_editions(path: Path) -> dict[str, str]:
    """sha256 -> edition from a record of known files (`codegen/overrides/editions.yaml`)."""
    return {
        str(entry["sha256"]): check_edition(str(entry["edition"]), str(path))
        for entry in _known_files(path)
        if "edition" in entry
    }


def known_revisions(path: Path) -> dict[str, str]:
    """sha256 -> upstream revision of the known files that are no part of the standard."""
    return {
        str(entry["sha256"]): str(entry["revision"])
        for entry in _known_files(path)
        if "revision" in entry
    }


def read_source(
    option: str,
    path: Path,
    *,
    given: str | None = None,
    known: Mapping[str, str] | None = None,
    revisions: Mapping[str, str] | None = None,
) -> Source:
    """The edition of `path`, read as `option`, or a `SourceError`.

    `given` is the maintainer's `EDITION=`: it names the edition of a file that does not
    state one (DocBook always does). `known` maps sha256 -> edition for files whose edition
    was recorded before. Every claim must agree. A source that is no part of the standard
    has an upstream revision instead, from `source.yaml` or `revisions` (sha256 -> revision).
    """
    spec = OPTIONS[option]
    if not path.exists():
        raise SourceError(f"{path}: no such file ({option}: {spec.what})")
    if path.is_dir():
        raise SourceError(f"{path}: is a folder; give the file ({option}: {spec.what})")
    digest = sha256_of(path)
    if not spec.standard:
        return _vendor_source(option, path, digest, revisions or {})
    claims: list[tuple[str, str]] = []
    if spec.docbook:
        part, edition = docbook_subtitle(path)
        if part != spec.part:
            raise SourceError(f"{path}: its subtitle says {part}, but {option} is {spec.part}")
        claims.append((edition, "its subtitle"))
    stated = _source_yaml(path)
    if stated is not None:
        claims.append((stated, f"{path.parent / SOURCE_YAML}"))
    if given is not None and not spec.docbook:
        claims.append((check_edition(given, "EDITION="), "EDITION="))
    recorded = (known or {}).get(digest)
    if recorded is not None:
        claims.append((recorded, "the record of known files"))
    if not claims:
        raise SourceError(
            f"{path}: its edition is unknown: give EDITION= (like 2026d) "
            f"or write `edition: ...` into {path.parent / SOURCE_YAML}"
        )
    editions = {edition for edition, _ in claims}
    if len(editions) > 1:
        said = ", ".join(f"{by} says {edition}" for edition, by in claims)
        raise SourceError(f"{path}: editions disagree: {said}")
    edition, by = claims[0]
    return Source(option, path, edition, digest, by)


def _vendor_source(option: str, path: Path, digest: str, revisions: Mapping[str, str]) -> Source:
    """A source that is no part of the standard: its upstream revision, or a `SourceError`."""
    claims = [
        (revision, by)
        for revision, by in (
            (_source_yaml(path, "revision"), f"{path.parent / SOURCE_YAML}"),
            (revisions.get(digest), "the record of known files"),
        )
        if revision is not None
    ]
    if not claims:
        raise SourceError(
            f"{path}: its upstream revision is unknown: write `revision: ...` into "
            f"{path.parent / SOURCE_YAML}, or record its sha256 {digest} in "
            "codegen/overrides/editions.yaml"
        )
    if len({revision for revision, _ in claims}) > 1:
        said = ", ".join(f"{by} says {revision!r}" for revision, by in claims)
        raise SourceError(f"{path}: revisions disagree: {said}")
    revision, by = claims[0]
    return Source(option, path, "", digest, by, revision)
