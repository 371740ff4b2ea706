"""Editions come from the sources, never from folder names; a bad source ends in one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from codegen.__main__ import main
from codegen.importers import sources
from codegen.importers.sources import SourceError, read_source

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "standard"
PART05 = FIXTURES / "docbook" / "part05.xml"
ATTRIBUTES = FIXTURES / "json" / "attributes.json"


def _json_copy(tmp_path: Path, folder: str = "new") -> Path:
    """The fixture's attributes.json alone in a folder, with no source.yaml beside it."""
    target = tmp_path / folder / "attributes.json"
    target.parent.mkdir(parents=True)
    shutil.copy(ATTRIBUTES, target)
    return target


def test_docbook_states_its_edition_whatever_its_folder_is_called(tmp_path: Path) -> None:
    misleading = tmp_path / "innolitics-2024e" / "part05.xml"
    misleading.parent.mkdir()
    shutil.copy(PART05, misleading)
    found = read_source("part05", misleading)
    assert (found.edition, found.stated_by, found.part) == ("2099", "its subtitle", "PS3.5")
    assert found.sha256 == sources.sha256_of(PART05)


def test_docbook_of_another_part_is_refused() -> None:
    with pytest.raises(SourceError, match=r"subtitle says PS3\.5, but part07 is PS3\.7"):
        read_source("part07", PART05)


def test_json_edition_from_source_yaml_beside_it() -> None:
    found = read_source("registry", ATTRIBUTES)
    assert (found.edition, found.stated_by) == ("2099a", str(ATTRIBUTES.parent / "source.yaml"))


def test_json_without_an_edition_is_refused_in_one_line(tmp_path: Path) -> None:
    path = _json_copy(tmp_path, "ps3.6-2026c")  # a folder name is no edition
    with pytest.raises(SourceError) as caught:
        read_source("registry", path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message and "EDITION=" in message


def test_json_edition_given_or_known_by_its_bytes(tmp_path: Path) -> None:
    path = _json_copy(tmp_path)
    assert read_source("registry", path, given="2026d").stated_by == "EDITION="
    known = {sources.sha256_of(path): "2026d"}
    assert read_source("registry", path, known=known).edition == "2026d"
    assert read_source("registry", path, given="2026d", known=known).edition == "2026d"


@pytest.mark.parametrize(
    ("given", "known", "source_yaml", "match"),
    [
        ("2026e", "2026d", None, "EDITION= says 2026e, the record of known files says 2026d"),
        ("2026e", None, "edition: 2026d", "says 2026d, EDITION= says 2026e"),
        ("2026x", None, None, "'2026x' is not an edition"),
        (None, None, "edition: [2026d]", "is not an edition"),
        (None, None, "2026d", "expected a mapping with `edition"),
        (None, None, "edition: 'x", "not YAML"),
    ],
)
def test_disagreeing_or_malformed_editions_are_refused(
    tmp_path: Path, given: str | None, known: str | None, source_yaml: str | None, match: str
) -> None:
    path = _json_copy(tmp_path)
    if source_yaml is not None:
        (path.parent / "source.yaml").write_text(source_yaml + "\n", encoding="utf-8")
    record = {sources.sha256_of(path): known} if known else None
    with pytest.raises(SourceError, match=match) as caught:
        read_source("registry", path, given=given, known=record)
    assert "\n" not in str(caught.value)


def test_edition_order_and_arithmetic() -> None:
    editions = ["2026c", "2013", "2027a", "2026e", "2014a"]
    assert sorted(editions, key=sources.edition_key) == ["2013", "2014a", "2026c", "2026e", "2027a"]
    assert sources.edition_after("2026c", 2) == "2026e"
    assert sources.edition_after("2026e", 2) == "2027b"


def test_the_record_of_known_files_is_valid() -> None:
    from codegen.importers import KNOWN_EDITIONS, OVERRIDES

    record = sources.known_editions(OVERRIDES / KNOWN_EDITIONS)
    assert record and all(len(sha) == 64 for sha in record)


# bad sources end in one line naming the file ---------------------------------------


def _bad_sources(tmp_path: Path) -> dict[str, tuple[str, Path, str]]:
    """name -> (option, file, what the message must say)."""
    folder, stated = tmp_path / "bad", tmp_path / "bad-json"
    folder.mkdir()
    stated.mkdir()
    (stated / "source.yaml").write_text("edition: 2026d\n", encoding="utf-8")
    wrong_shape = stated / "attributes.json"
    wrong_shape.write_text(json.dumps([{"tag": "(0008,0005)", "name": "x"}]), encoding="utf-8")
    not_json = stated / "uids.json"
    not_json.write_text("[{", encoding="utf-8")
    no_table = folder / "part07.xml"
    no_table.write_text(
        PART05.read_text(encoding="utf-8").replace("PS3.5 2099", "PS3.7 2099"), encoding="utf-8"
    )
    not_xml = folder / "part05.xml"
    not_xml.write_text("<book><subtitle>DICOM PS3.5 2099</subtitle>", encoding="utf-8")
    no_subtitle = folder / "part06.xml"
    no_subtitle.write_text("<book><title>PS3.6</title></book>", encoding="utf-8")
    return {
        "missing file": ("registry", folder / "nothing.json", "no such file"),
        "a folder": ("registry", folder, "is a folder"),
        "JSON of the wrong shape": ("registry", wrong_shape, "has no keyword"),
        "not JSON": ("uids", not_json, "not JSON"),
        "DocBook without the table": ("part07", no_table, "expected one table 'E.1-1'"),
        "not XML": ("part05", not_xml, "not XML"),
        "no subtitle": ("part06", no_subtitle, "no <subtitle>"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing file",
        "a folder",
        "JSON of the wrong shape",
        "not JSON",
        "DocBook without the table",
        "not XML",
        "no subtitle",
    ],
)
def test_bad_sources_end_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    option, path, what = _bad_sources(tmp_path)[case]
    spec = tmp_path / "project" / "spec"
    given = {
        "part05": PART05,
        "part06": FIXTURES / "docbook" / "part06.xml",
        "part07": FIXTURES / "docbook" / "part07.xml",
        option: path,
    }
    argv = ["--spec", str(spec), "import-standard"]
    for name, file in given.items():
        argv += [f"--{name}", str(file)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith(f"import-standard: {path}") and what in err, err
    assert not spec.exists()  # nothing written
