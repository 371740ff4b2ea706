"""spec/ against the sources spec/ itself records: made from them byte for byte, and
holding all they hold. No edition or file is named here, so that an update done as
docs/updating-the-standard.md says passes unchanged; a recorded source that is not
there skips the tests that need it, saying which."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from codegen.importers import Report, build, docbook, import_standard, recorded_sources, yaml_out
from codegen.importers import registry_json as registry

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec"
RECORDED = recorded_sources(SPEC)
SPEC_FILES = [*sorted(p.name for p in SPEC.glob("*.yaml")), "CHANGES.md"]


def _source(option: str) -> Path:
    """The file spec/ records for `option`; skip the test when there is none or it is missing."""
    if option not in RECORDED:
        pytest.skip(f"spec/ records no {option} source")
    path = REPO / str(RECORDED[option]["file"])
    if not path.is_file():
        pytest.skip(f"{path}, the {option} source spec/ records, is not here (PRODUCT.md, Sources)")
    return path


@functools.cache
def _spec_file(name: str) -> dict[str, Any]:
    return yaml_out.read(SPEC / name)


def _entries(name: str, key: str) -> list[dict[str, Any]]:
    return list(_spec_file(name)[key] or [])


@pytest.fixture(scope="module")
def reimported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    for option in RECORDED:
        _source(option)
    target = tmp_path_factory.mktemp("spec")
    return target, import_standard(SPEC, target=target)


@pytest.mark.slow
@pytest.mark.parametrize("name", SPEC_FILES)
def test_committed_spec_is_what_the_importer_makes(
    reimported: tuple[Path, Report], name: str
) -> None:
    target, _ = reimported
    assert (target / name).read_bytes() == (SPEC / name).read_bytes(), (
        f"spec/{name} is not what its recorded sources give: run `make import-standard`"
    )


@pytest.mark.slow
def test_reimporting_the_recorded_sources_reports_no_changes(
    reimported: tuple[Path, Report],
) -> None:
    _, report = reimported
    assert report.changed == () and report.text == ""


def test_every_registry_element_is_in_the_dictionary() -> None:
    elements = {e["tag"]: e for e in _entries("dictionary.yaml", "elements")}
    for row in registry.attributes(_source("registry")):
        e = elements[build.normalise_tag(row.tag)]
        vr = {"See Note 2": "NONE", "": "UN"}.get(row.vr, row.vr)
        assert (e["keyword"] or "", e["vr"], e["vm"], e["retired"]) == (
            row.keyword,
            vr,
            row.vm or "1",
            row.retired,
        ), row


def test_every_docbook_element_is_in_the_dictionary() -> None:
    tags = {e["tag"] for e in _entries("dictionary.yaml", "elements")}
    rows = docbook.registry(docbook.load(_source("part06")))
    assert {build.normalise_tag(r.tag) for r in rows} <= tags


def test_every_command_element_is_in_the_dictionary() -> None:
    elements = {e["tag"]: e for e in _entries("dictionary.yaml", "elements")}
    book = docbook.load(_source("part07"))
    rows = docbook.command_elements(book, "E.1-1", retired=False)
    rows += docbook.command_elements(book, "E.2-1", retired=True)
    for row in rows:
        e = elements[build.normalise_tag(row.tag)]
        assert (e["keyword"], e["vr"], e["vm"], e["retired"]) == (
            row.keyword,
            row.vr,
            row.vm,
            row.retired,
        )
    assert len([t for t in elements if t.startswith("(0000,")]) == len(rows)


def test_every_uid_is_in_the_registry() -> None:
    uids = {e["uid"]: e for e in _entries("uids.yaml", "uids")}
    for row in registry.uids(_source("uids")):
        e = uids[row.uid]
        assert (e["name"], e["retired"]) == (row.name, row.retired), row
        assert row.type is None or row.vague_type or e["type"] == row.type, row


def test_every_vr_of_the_table_is_in_vrs() -> None:
    vrs = {e["vr"]: e for e in _entries("vrs.yaml", "vrs")}
    for row in docbook.value_representations(docbook.load(_source("part05"))):
        e = vrs[row.vr]
        length, _ = build.parse_length(row.length)
        assert e["name"] == row.name
        if e["kind"] not in ("binary_number", "tag"):
            assert e["max_length"] == length, row


def test_command_file_meta_and_directory_elements() -> None:
    elements = {e["tag"]: e for e in _entries("dictionary.yaml", "elements")}
    commands = {t: e["keyword"] for t, e in elements.items() if t.startswith("(0000,")}
    assert commands["(0000,0000)"] == "CommandGroupLength"
    assert commands["(0000,0100)"] == "CommandField"
    assert commands["(0000,0900)"] == "Status"
    assert commands["(0000,1031)"] == "MoveOriginatorMessageID"
    assert commands["(0000,0001)"] == "CommandLengthToEnd" and elements["(0000,0001)"]["retired"]
    meta = {t: e["keyword"] for t, e in elements.items() if t.startswith("(0002,")}
    assert meta["(0002,0010)"] == "TransferSyntaxUID"
    assert meta["(0002,0000)"] == "FileMetaInformationGroupLength"
    directory = {t: e["keyword"] for t, e in elements.items() if t.startswith("(0004,")}
    assert directory["(0004,1130)"] == "FileSetID"
    assert directory["(0004,1220)"] == "DirectoryRecordSequence"
    assert len(meta) >= 10 and len(directory) >= 19
