"""Importers: turn the DICOM standard's published tables into `spec/*.yaml`.

`import_standard` is what `make import-standard` runs on each new edition. Each source
is given on the command line (`PART05=`, `REGISTRY=`, ...) or, when it is not, is the one
`spec/` already records; its edition is read from the source itself (`sources.py`).
Nothing is written unless every table imports cleanly; `spec/CHANGES.md` gets the report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import deidentification, iods, private_dictionary, report, sources, tables, yaml_out
from .build import SpecError
from .docbook import DocBookError
from .registry_json import RegistryError
from .sources import OPTIONS, Source, SourceError, edition_key

__all__ = [
    "BUILDERS",
    "OPTIONS",
    "OVERRIDES",
    "DocBookError",
    "RegistryError",
    "Report",
    "SourceError",
    "SpecError",
    "import_standard",
    "recorded_sources",
]

OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"
KNOWN_EDITIONS = "editions.yaml"

# What makes each spec file, in order: a function from the sources of an import
# (`tables.Inputs`) to the spec files it writes (`tables.Table`). The importer of a new
# table adds its function here.
BUILDERS: tuple[Callable[[tables.Inputs], list[tables.Table]], ...] = (
    tables.dictionary,
    tables.vrs,
    tables.uids,
    tables.charsets,
    deidentification.tables,
    iods.tables,
    private_dictionary.tables,
)


@dataclass(frozen=True)
class Report:
    """What an import changed (`text`, markdown; "" when nothing) and what it warns about."""

    text: str
    warnings: tuple[str, ...]
    changed: tuple[str, ...]  # the spec files whose text changed

    def __str__(self) -> str:
        return self.text or "spec/: no changes\n"


def _spec_files(spec_dir: Path) -> dict[str, dict[str, Any]]:
    return {p.name: yaml_out.read(p) for p in sorted(spec_dir.glob("*.yaml"))}


def recorded_sources(spec_dir: Path) -> dict[str, dict[str, Any]]:
    """option -> the source record (file, edition, sha256, ...) that spec/ holds for it.

    Files are relative to the folder that holds spec/.
    """
    found: dict[str, dict[str, Any]] = {}
    where: dict[str, str] = {}
    for name, data in _spec_files(spec_dir).items():
        for record in data.get("sources") or []:
            option = record.get("option")
            if option is None:
                continue
            if option not in OPTIONS:
                raise SourceError(f"spec/{name}: records an unknown source {option!r}")
            if option in found and found[option]["file"] != record["file"]:
                raise SourceError(
                    f"spec/{name} and spec/{where[option]} record different {option} files: "
                    f"{record['file']}, {found[option]['file']}"
                )
            found[option], where[option] = record, name
    return found


def _resolve(
    root: Path,
    recorded: Mapping[str, Mapping[str, Any]],
    given: Mapping[str, Path],
    edition: str | None,
    known: dict[str, str],
    revisions: dict[str, str],
) -> dict[str, Source]:
    resolved = {}
    for option in OPTIONS:
        if option in given:
            resolved[option] = sources.read_source(
                option, given[option], given=edition, known=known, revisions=revisions
            )
        elif option in recorded:
            path = root / str(recorded[option]["file"])
            if not path.exists():
                raise SourceError(
                    f"{path}: spec/ records it as the {option} source, but it is not there "
                    f"(give {option.upper()}=)"
                )
            resolved[option] = sources.read_source(option, path, known=known, revisions=revisions)
    return resolved


def import_standard(
    spec_dir: Path,
    *,
    given: Mapping[str, Path] | None = None,
    edition: str | None = None,
    target: Path | None = None,
    overrides: Path = OVERRIDES,
) -> Report:
    """Rebuild every spec file from the standard; return the change report.

    `given` maps options (`part05`, `registry`, ... see `sources.OPTIONS`) to files; the
    other sources are those `spec_dir` records. `edition` (`EDITION=`) is the edition of
    given files that do not state one. The spec files are written to `target` (default
    `spec_dir`), and paths in them are relative to the folder holding `spec_dir`.
    """
    given = dict(given or {})
    unknown = sorted(set(given) - set(OPTIONS))
    if unknown:
        raise SourceError(f"unknown sources {unknown}: the options are {sorted(OPTIONS)}")
    if edition is not None:
        sources.check_edition(edition, "EDITION=")
    target = target or spec_dir
    root = spec_dir.parent
    old = _spec_files(spec_dir)
    recorded = recorded_sources(spec_dir)
    known = sources.known_editions(overrides / KNOWN_EDITIONS)
    known.update({str(r["sha256"]): str(r["edition"]) for r in recorded.values() if "edition" in r})
    revisions = sources.known_revisions(overrides / KNOWN_EDITIONS)
    revisions.update(
        {str(r["sha256"]): str(r["revision"]) for r in recorded.values() if "revision" in r}
    )
    resolved = _resolve(root, recorded, given, edition, known, revisions)

    inputs = tables.Inputs(root, resolved, overrides, old)
    built = [table for builder in BUILDERS for table in builder(inputs)]
    warnings = _warnings(resolved, inputs.read, given, edition)

    texts = {t.name: t.text() for t in built}
    changed = tuple(
        name
        for name, text in texts.items()
        if not (spec_dir / name).exists() or (spec_dir / name).read_text(encoding="utf-8") != text
    )
    changes_path = spec_dir / report.CHANGES
    history = changes_path.read_text(encoding="utf-8") if changes_path.exists() else ""
    text = ""
    if changed:
        newest = max(
            (s.edition for s in resolved.values() if s.option in inputs.read and s.edition),
            key=edition_key,
        )
        reports = [
            report.table_report(old.get(t.name, {}), t, history) for t in built if t.name in changed
        ]
        text = report.section(f"DICOM {newest}", warnings, reports)
    if text or (target != spec_dir and history):
        texts[report.CHANGES] = report.prepend(history, text) if text else history
    _write(target, texts)
    return Report(text, tuple(warnings), changed)


def _warnings(
    resolved: Mapping[str, Source],
    read: set[str],
    given: Mapping[str, Path],
    edition: str | None,
) -> list[str]:
    warnings = []
    used = [s for s in resolved.values() if s.option in read and s.edition]
    editions = sorted({s.edition for s in used}, key=edition_key, reverse=True)
    if len(editions) > 1:
        parts = [f"{e} ({', '.join(s.option for s in used if s.edition == e)})" for e in editions]
        warnings.append(f"the sources mix editions: {'; '.join(parts)}")
    for option in sorted(set(given) - read):
        warnings.append(
            f"{option.upper()}={given[option]}: adds nothing to any spec table, so spec/ "
            "does not record it"
        )
    if edition is not None and not any(
        o in given and not OPTIONS[o].docbook and OPTIONS[o].standard for o in resolved
    ):
        warnings.append("EDITION= was given, but no file given needs it (DocBook states its own)")
    return warnings


def _write(target: Path, texts: Mapping[str, str]) -> None:
    """Write every file, or (when a write fails) none of them."""
    target.mkdir(parents=True, exist_ok=True)
    temporary = []
    for name, text in texts.items():
        tmp = target / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        temporary.append((tmp, target / name))
    for tmp, final in temporary:
        tmp.replace(final)
