"""Importers: turn the DICOM standard's published tables into `spec/*.yaml`.

`import_standard` is what `python -m codegen import-standard` runs on each new edition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import build, diff, docbook, iods, registry_json, yaml_out
from .build import SpecError

__all__ = ["SpecError", "import_standard"]

OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"


@dataclass(frozen=True)
class _SpecFile:
    name: str
    key: str
    title: str
    sources: list[str]
    source: dict[str, Any]
    entries: list[build.Entry]
    id_field: str
    label: str = "keyword"


def _latest(standard: Path, pattern: str) -> Path | None:
    hits = sorted(standard.glob(pattern))
    return hits[-1] if hits else None


def _required(path: Path | None, what: str) -> Path:
    if path is None or not path.is_file():
        raise FileNotFoundError(f"{what} not found ({path})")
    return path


def _label(path: Path) -> str:
    """A location-independent name for a source file, so output does not depend on the checkout."""
    if path.resolve().parent == OVERRIDES:
        return f"codegen/overrides/{path.name}"
    return f"{path.resolve().parent.name}/{path.name}"


def _load_override(overrides: Path, name: str) -> dict[str, Any]:
    data = yaml.safe_load((overrides / name).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SpecError("override", [f"{overrides / name}: expected a mapping"])
    return data


def import_standard(
    standard: Path,
    spec_dir: Path,
    *,
    part05: Path | None = None,
    part06: Path | None = None,
    part07: Path | None = None,
    registry: Path | None = None,
    overrides: Path = OVERRIDES,
) -> str:
    """Rebuild every `spec/*.yaml` from the standard and return a report of what changed.

    DocBook parts default to the latest `standard/nema-*-docbook/partNN.xml`; the registry
    (a folder holding `attributes.json` and `sops.json`, or one of those files) defaults to
    the latest `standard/innolitics-*`. Without a registry the dictionary and SOP classes
    come from the DocBook alone. Nothing is written unless every table imports cleanly.
    """
    p05 = _required(part05 or _latest(standard, "nema-*-docbook/part05.xml"), "PS3.5 DocBook")
    p06 = _required(part06 or _latest(standard, "nema-*-docbook/part06.xml"), "PS3.6 DocBook")
    p07 = _required(part07 or _latest(standard, "nema-*-docbook/part07.xml"), "PS3.7 DocBook")
    reg = registry or _latest(standard, "innolitics-*")
    if reg is not None and reg.is_file():
        reg = reg.parent
    attrs = reg / registry_json.ATTRIBUTES if reg else None
    sops = reg / registry_json.SOPS if reg else None
    if registry is not None and not (attrs and attrs.is_file()):
        raise FileNotFoundError(f"registry {registry} has no {registry_json.ATTRIBUTES}")
    has_attrs = bool(attrs and attrs.is_file())
    has_sops = bool(sops and sops.is_file())

    root05, root06, root07 = docbook.load(p05), docbook.load(p06), docbook.load(p07)
    ed05, ed06, ed07 = docbook.edition(root05), docbook.edition(root06), docbook.edition(root07)
    ed_reg = registry_json.edition(reg) if reg and (has_attrs or has_sops) else None

    over_vrs = _load_override(overrides, "vrs.yaml")
    over_uids = _load_override(overrides, "uids.yaml")
    over_ts = _load_override(overrides, "transfer_syntaxes.yaml")
    over_cs = _load_override(overrides, "charsets.yaml")
    o_vrs, o_uids, o_ts, o_cs = (
        overrides / n for n in ("vrs.yaml", "uids.yaml", "transfer_syntaxes.yaml", "charsets.yaml")
    )

    # dictionary: PS3.6 tables 6-1, 7-1, 8-1 and PS3.7 E.1-1, E.2-1, then the registry on top
    rows = [r for label in ("6-1", "7-1", "8-1") for r in docbook.data_elements(root06, label)]
    rows += docbook.command_elements(root07, "E.1-1", retired=False)
    rows += docbook.command_elements(root07, "E.2-1", retired=True)
    o_dict = overrides / "dictionary.yaml"
    over_dict = _load_override(overrides, "dictionary.yaml") if o_dict.is_file() else {}
    elements = build.dictionary(
        registry_json.attributes(attrs) if has_attrs and attrs else [],
        rows,
        over_dict.get("names"),
    )
    dict_files = (
        [p06, p07]
        + ([attrs] if has_attrs and attrs else [])
        + ([o_dict] if o_dict.is_file() else [])
    )
    dict_sources = [
        f"PS3.6 {ed06} Tables 6-1, 7-1, 8-1 ({_label(p06)})",
        f"PS3.7 {ed07} Tables E.1-1, E.2-1 ({_label(p07)})",
    ]
    if has_attrs and attrs:
        dict_sources.append(
            f"PS3.6 {ed_reg} registry of data elements ({_label(attrs)}), which wins"
        )

    # UIDs and transfer syntaxes: PS3.6 Table A-1, the registry's SOP classes, the overrides
    ts_props: list[dict[str, Any]] = list(over_ts["transfer_syntaxes"])
    uid_entries = build.uids(
        docbook.uids(root06),
        registry_json.sop_classes(sops) if has_sops and sops else [],
        over_uids,
        {p["uid"]: bool(p["retired"]) for p in ts_props},
    )
    ts_entries = build.transfer_syntaxes(uid_entries, ts_props)
    uid_files = [p06] + ([sops] if has_sops and sops else []) + [o_uids, o_ts]
    uid_sources = [f"PS3.6 {ed06} Table A-1 ({_label(p06)})"]
    if has_sops and sops:
        uid_sources.append(f"PS3.6 {ed_reg} SOP classes ({_label(sops)})")
    uid_sources.append(f"hand-written: {_label(o_uids)}, {_label(o_ts)}")

    vr_entries = build.vrs(docbook.value_representations(root05), over_vrs["vrs"])
    charset_entries = sorted((dict(c) for c in over_cs["charsets"]), key=lambda c: str(c["term"]))
    build.check_unique("charsets", [str(c["term"]) for c in charset_entries])

    newest = ed_reg or ed06

    def source(edition: str, files: Sequence[Path]) -> dict[str, Any]:
        return {"edition": edition, "files": [_label(f) for f in files]}

    specs = [
        _SpecFile(
            "dictionary.yaml", "elements", "spec/dictionary.yaml: the DICOM data dictionary.",
            dict_sources, source(ed_reg if has_attrs and ed_reg else ed06, dict_files), elements, "tag",
        ),
        _SpecFile(
            "vrs.yaml", "vrs", "spec/vrs.yaml: the value representations and how to encode them.",
            [f"PS3.5 {ed05} Table 6.2-1 ({_label(p05)})", f"hand-written: {_label(o_vrs)}"],
            source(ed05, [p05, o_vrs]), vr_entries, "vr", "name",
        ),
        _SpecFile(
            "uids.yaml", "uids", "spec/uids.yaml: the registry of DICOM unique identifiers.",
            uid_sources, source(newest, uid_files), uid_entries, "uid",
        ),
        _SpecFile(
            "transfer_syntaxes.yaml", "transfer_syntaxes",
            "spec/transfer_syntaxes.yaml: the transfer syntaxes and their properties.",
            uid_sources, source(newest, uid_files), ts_entries, "uid",
        ),
        _SpecFile(
            "charsets.yaml", "charsets",
            "spec/charsets.yaml: the Specific Character Set defined terms (PS3.3 C.12.1.1.2).",
            [f"hand-written: {_label(o_cs)}"], source(str(over_cs["edition"]), [o_cs]),
            charset_entries, "term", "description",
        ),
    ]  # fmt: skip

    texts = {
        s.name: yaml_out.render(
            title=s.title, sources=s.sources, source=s.source, key=s.key, entries=s.entries
        )
        for s in specs
    }
    report: list[str] = []
    for s in specs:
        before = yaml_out.read(spec_dir / s.name, s.key)
        report += diff.compare(f"spec/{s.name}", s.id_field, before, s.entries, label=s.label)
    # PS3.3 IODs and modules, checked against the dictionary imported above
    tables = standard / iods.FOLDER
    if tables.is_dir() and reg is not None:
        iod_sources = iods.Sources(tables, reg)
        imported = iods.collect(iod_sources, elements)
        texts.update(iods.render(iod_sources, imported))
        report += iods.report(spec_dir, imported)
    else:
        report.append(
            f"spec/iods.yaml, spec/modules.yaml: no changes (kept: {tables} or the registry is missing)"
        )
    spec_dir.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        target = spec_dir / name
        tmp = target.with_suffix(".yaml.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    return "\n".join(report) + "\n"
