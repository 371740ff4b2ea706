"""The importers: DocBook and JSON readers, the YAML writer, the merge rules, the recorded
sources, the change report and the renamed keywords, on small fixtures written here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from codegen.importers import (
    OVERRIDES,
    SourceError,
    SpecError,
    aliases,
    build,
    docbook,
    import_standard,
    recorded_sources,
    yaml_out,
)
from codegen.importers.model import ElementRow

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# the VR names there are: those of the override
VR_NAMES = {row["vr"] for row in yaml.safe_load((OVERRIDES / "vrs.yaml").read_text())["vrs"]}
STANDARD = FIXTURES / "standard"
DOCBOOK = STANDARD / "docbook"
JSON = STANDARD / "json"
SPEC_FILES = ("dictionary.yaml", "vrs.yaml", "uids.yaml", "transfer_syntaxes.yaml", "charsets.yaml")
ALL = {
    "part05": DOCBOOK / "part05.xml",
    "part06": DOCBOOK / "part06.xml",
    "part07": DOCBOOK / "part07.xml",
    "part15": DOCBOOK / "part15.xml",
    "registry": JSON / "attributes.json",
    "uids": JSON / "uids.json",
}


def _overrides(tmp_path: Path) -> Path:
    """The fixture's UID and transfer syntax overrides with the project's VR and charset ones."""
    out = tmp_path / "overrides"
    out.mkdir(exist_ok=True)
    for name in ("uids.yaml", "transfer_syntaxes.yaml"):
        shutil.copy(FIXTURES / "overrides" / name, out / name)
    for name in ("vrs.yaml", "charsets.yaml", "deidentification.yaml"):
        shutil.copy(OVERRIDES / name, out / name)
    return out


def _spec(tmp_path: Path) -> Path:
    return tmp_path / "project" / "spec"


def _import(tmp_path: Path, given: dict[str, Path] | None = None, **kwargs: Any) -> Any:
    return import_standard(
        _spec(tmp_path), given=given or {}, overrides=_overrides(tmp_path), **kwargs
    )


def _entries(spec: Path, name: str, key: str) -> list[dict[str, Any]]:
    return list(yaml.safe_load((spec / name).read_text(encoding="utf-8"))[key] or [])


def _by(spec: Path, name: str, key: str, field: str) -> dict[str, dict[str, Any]]:
    return {e[field]: e for e in _entries(spec, name, key)}


def _texts(spec: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(spec.iterdir())}


# DocBook ----------------------------------------------------------------------


def test_tables_are_selected_by_label_not_position() -> None:
    book = docbook.load(DOCBOOK / "part06.xml")
    # the fixture puts a decoy registry table first and 6-1 last, without an xml:id
    table = docbook.find_table(book, label="6-1")
    assert table.caption == "Registry of DICOM Data Elements"
    assert docbook.find_table(book, caption="UID Values").label == "A-1"
    with pytest.raises(docbook.DocBookError, match=r"part06\.xml: expected one table '9-9'"):
        docbook.find_table(book, label="9-9")


def test_docbook_cells_are_cleaned() -> None:
    book = docbook.load(DOCBOOK / "part06.xml")
    rows = {r.tag: r for r in docbook.data_elements(book, "6-1")}
    assert rows["(0008,0001)"].keyword == "LengthToEnd"  # zero-width spaces, emphasis
    assert rows["(0008,0001)"].retired
    assert rows["(0028,1200)"].name == "Gray Lookup Table Data"  # two paragraphs
    assert rows["(0028,1200)"].vr == "US or SS or OW"
    assert rows["(0028,0020)"] == ElementRow("(0028,0020)", "", "", "", "", True)  # <para/>
    assert not rows["(0018,0010)"].retired  # "DICOS" is not "RET"
    uids = {r.uid: r for r in docbook.uids(book)}
    assert "1.2.840.10008.5.1.4.1.1.9.1.1" in uids  # a literal "<200b>" in the source
    assert uids["1.2.840.10008.1.2"].name == "Implicit VR Little Endian"  # no remark
    assert uids["1.2.840.10008.1.2.2"].retired and uids["1.2.840.10008.1.2.2"].keyword == ""


def test_length_of_value_keeps_superscripts() -> None:
    book = docbook.load(DOCBOOK / "part05.xml")
    lengths = {r.vr: r.length for r in docbook.value_representations(book)}
    assert lengths["UT"] == "2^32-2 bytes maximum"
    assert build.parse_length(lengths["UT"]) == (None, False)
    assert build.parse_length(lengths["DA"]) == (8, True)
    assert build.parse_length(lengths["LO"]) == (64, False)


# YAML writer ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["(0008,0005)", "1", "1.2", "yes", "on", "null", "~", "NONE", "1-n", "Patient's Name",
     "a: b", "#x", "a #b", "-x", "*x", "&x", "!x", "%x", "@x", "`x", "|x", ">x", "?x",
     "", " ", "x ", "\0", "\x1b", "[\\x20-\\x5b]", "x\\y", "é", "12:30", "0x10", "1e3",
     ".inf", "2013", "Process 2 & 4", "a\"b", "US or SS"],
)  # fmt: skip
def test_scalars_round_trip(value: str) -> None:
    assert yaml.safe_load(yaml_out.flow({"k": value})) == {"k": value}


@given(
    st.dictionaries(
        st.text(min_size=1), st.one_of(st.text(), st.integers(), st.booleans(), st.none())
    )
)
def test_flow_mappings_round_trip(entry: dict[str, object]) -> None:
    text = yaml_out.flow(entry)
    assert "\n" not in text
    assert yaml.safe_load(text) == entry


def test_render_is_one_line_per_entry() -> None:
    text = yaml_out.render(
        header=["t"], sources=[{"edition": "2013", "file": "a/b.xml"}],
        lists=[("xs", [{"tag": "(0008,0005)", "vm": "1"}, {"tag": "(0008,0006)", "vm": "1-n"}]),
               ("ys", [])],
    )  # fmt: skip
    assert text.splitlines()[-4:] == [
        "xs:",
        "  - {tag: '(0008,0005)', vm: '1'}",
        "  - {tag: '(0008,0006)', vm: 1-n}",
        "ys: []",
    ]
    assert yaml.safe_load(text)["sources"] == [{"edition": "2013", "file": "a/b.xml"}]


# merge rules ------------------------------------------------------------------


def test_tags_normalise_and_sort() -> None:
    assert build.normalise_tag("(60XX,3000)") == "(60xx,3000)"
    assert build.normalise_tag("(0028,04x0)") == "(0028,04x0)"
    tags = ["(60xx,3000)", "(6000,3000)", "(0028,04x0)", "(0028,0400)", "(0008,0005)"]
    assert sorted(tags, key=build.tag_sort_key) == [
        "(0008,0005)", "(0028,0400)", "(0028,04x0)", "(6000,3000)", "(60xx,3000)",
    ]  # fmt: skip


def test_bad_keywords_fail_loudly() -> None:
    row = ElementRow("(0009,0001)", "X", "class", "CS", "1", False)
    with pytest.raises(SpecError, match="not a valid Python identifier"):
        build.dictionary([[row]], [], vrs=VR_NAMES)
    twice = [row.__class__("(0009,0001)", "X", "Same", "CS", "1", False),
             row.__class__("(0009,0002)", "Y", "Same", "CS", "1", False)]  # fmt: skip
    with pytest.raises(SpecError, match="also used"):
        build.dictionary([twice], [], vrs=VR_NAMES)
    with pytest.raises(SpecError, match="unknown VR"):
        build.dictionary(
            [[ElementRow("(0009,0001)", "X", "X", "XX", "1", False)]], [], vrs=VR_NAMES
        )


def test_the_newest_registry_wins_and_an_older_one_fills_gaps() -> None:
    new = [ElementRow("(0009,0001)", "New", "New", "SH", "1", False)]
    old = [
        ElementRow("(0009,0001)", "Old", "Old", "LO", "1", False),
        ElementRow("(0009,0002)", "Gap", "Gap", "LO", "1", True),
    ]
    entries, given_counts = build.dictionary([new, old], [], vrs=VR_NAMES)
    assert [(e["keyword"], e["vr"]) for e in entries] == [("New", "SH"), ("Gap", "LO")]
    assert given_counts == [1, 1]


@pytest.mark.parametrize(
    ("name", "keyword"),
    [
        ("CT Image Storage", "CTImageStorage"),
        ("Verification SOP Class", "Verification"),
        ("Implicit VR Little Endian", "ImplicitVRLittleEndian"),
        (
            "Digital X-Ray Image Storage - For Presentation",
            "DigitalXRayImageStorageForPresentation",
        ),
        (
            "Study Root Query/Retrieve Information Model - FIND",
            "StudyRootQueryRetrieveInformationModelFind",
        ),
        ("Basic Grayscale Print Management Meta SOP Class", "BasicGrayscalePrintManagementMeta"),
        ("Storage Commitment Push Model SOP Instance", "StorageCommitmentPushModelInstance"),
        ("dicomDeviceName", "dicomDeviceName"),
    ],
)
def test_uid_keywords_are_derived_like_the_standard(name: str, keyword: str) -> None:
    assert build.derive_uid_keyword(docbook.uid_name(name)[0]) == keyword


# the whole import, on fixtures --------------------------------------------------


def test_import_fixture(tmp_path: Path) -> None:
    report = _import(tmp_path, ALL)
    spec = _spec(tmp_path)
    elements = _by(spec, "dictionary.yaml", "elements", "tag")
    assert elements["(60xx,3000)"]["vr"] == "OB or OW"
    assert elements["(FFFE,E000)"]["vr"] == "NONE"
    assert elements["(0008,0202)"] == {
        "tag": "(0008,0202)", "keyword": None, "name": "", "vr": "UN", "vm": "1", "retired": True,
    }  # fmt: skip
    assert elements["(0010,0010)"]["name"] == "Patient's Name"
    assert elements["(0028,1200)"]["vr"] == "US or SS or OW"  # only the older DocBook has it
    assert elements["(0000,0001)"]["retired"]  # PS3.7 E.2-1
    assert "(0009,0001)" not in elements  # the decoy table
    uids = _by(spec, "uids.yaml", "uids", "uid")
    assert uids["1.2.840.10008.1.2"]["name"] == "Implicit VR Little Endian"
    assert uids["1.2.840.10008.5.1.4.1.1.3"]["keyword"] == "UltrasoundMultiFrameImageStorageRetired"
    assert uids["1.2.840.10008.5.1.4.1.1.9.1.1"]["keyword"] == "TwelveLeadECGWaveformStorage"
    # uids.json says "Other" and "CodingScheme"; the older DocBook says which
    assert uids["1.2.840.10008.15.0.3.1"]["type"] == "LDAP OID"
    assert uids["1.2.840.10008.2.6.1"]["type"] == "DICOM UIDs as a Coding Scheme"
    ts = _by(spec, "transfer_syntaxes.yaml", "transfer_syntaxes", "keyword")
    assert list(ts) == [
        "ImplicitVRLittleEndian",
        "ExplicitVRLittleEndian",
        "ExplicitVRBigEndian",
        "HTJ2KLossless",
    ]
    assert ts["ExplicitVRBigEndian"]["retired"]  # from the UID table
    vrs = _by(spec, "vrs.yaml", "vrs", "vr")
    assert len(vrs) == 34
    assert (vrs["TM"]["max_length"], vrs["UT"]["max_length"], vrs["US"]["width"]) == (14, None, 2)
    assert "- added: (0008,0005) SpecificCharacterSet" in report.text
    assert (spec / "CHANGES.md").read_text(encoding="utf-8").count("\n## ") == 1


def test_each_spec_file_lists_its_sources_with_their_editions(tmp_path: Path) -> None:
    report = _import(tmp_path, ALL)
    spec = _spec(tmp_path)
    recorded = recorded_sources(spec)
    assert {o: r["edition"] for o, r in recorded.items()} == {
        "part05": "2099", "part06": "2099", "part07": "2099", "part15": "2099",
        "registry": "2099a", "uids": "2099a",
    }  # fmt: skip
    header = (spec / "dictionary.yaml").read_text(encoding="utf-8").split("\nsources:")[0]
    assert "#   PS3.6 2099a (" in header and "attributes.json): Tables 6-1" in header
    assert "#   PS3.7 2099 (" in header
    # the older DocBook adds the rows the newer JSON lacks, and says so
    assert "that no newer source has" in header
    assert "# Editions mixed: 2099a, 2099" in header
    assert any("mix editions: 2099a (registry, uids); 2099 (part05, part06, part07, part15)" in w
               for w in report.warnings)  # fmt: skip
    vrs_header = (spec / "vrs.yaml").read_text(encoding="utf-8").split("\nsources:")[0]
    assert "Editions mixed" not in vrs_header


def test_reimport_from_the_recorded_sources_changes_nothing(tmp_path: Path) -> None:
    _import(tmp_path, ALL)
    spec = _spec(tmp_path)
    first = _texts(spec)
    report = _import(tmp_path)  # no sources given: those spec/ records
    assert _texts(spec) == first
    assert report.changed == () and report.text == "" and str(report) == "spec/: no changes\n"
    # and into another folder: the same bytes
    import_standard(spec, target=tmp_path / "again", overrides=tmp_path / "overrides")
    assert _texts(tmp_path / "again") == first


def test_folder_names_say_nothing(tmp_path: Path) -> None:
    """A registry in a folder named for another edition keeps its own edition."""
    misleading = tmp_path / "innolitics-2024e"
    shutil.copytree(JSON, misleading)
    _import(tmp_path, {**ALL, "registry": misleading / "attributes.json"})
    assert recorded_sources(_spec(tmp_path))["registry"]["edition"] == "2099a"


def test_a_source_spec_records_but_missing_is_named(tmp_path: Path) -> None:
    moved = tmp_path / "moved"
    shutil.copytree(JSON, moved)
    _import(tmp_path, {**ALL, "registry": moved / "attributes.json"})
    shutil.rmtree(moved)
    with pytest.raises(
        SourceError, match=r"moved/attributes.json: spec/ records it as the registry"
    ):
        _import(tmp_path)


def test_missing_transfer_syntax_properties_fail(tmp_path: Path) -> None:
    overrides = _overrides(tmp_path)
    ts = overrides / "transfer_syntaxes.yaml"
    ts.write_text("\n".join(ts.read_text().splitlines()[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"1\.2\.840\.10008\.1\.2\.4\.201"):
        import_standard(_spec(tmp_path), given=ALL, overrides=overrides)
    assert not _spec(tmp_path).exists()  # nothing written


def test_an_untyped_uid_needs_a_type(tmp_path: Path) -> None:
    given_sources = {k: v for k, v in ALL.items() if k != "part06"}  # no DocBook to say "LDAP OID"
    given_sources["part06"] = tmp_path / "part06.xml"
    text = (DOCBOOK / "part06.xml").read_text(encoding="utf-8")
    given_sources["part06"].write_text(text.replace("LDAP OID", ""), encoding="utf-8")
    with pytest.raises(
        SpecError, match=r"1\.2\.840\.10008\.15\.0\.3\.1 \(dicomDeviceName\): no source"
    ):
        _import(tmp_path, given_sources)


# a newer edition: the change report, CHANGES.md and the renamed keywords -----------------


def _newer_edition(tmp_path: Path) -> dict[str, Path]:
    """A 2100a registry, UID table and PS3.5 in `new/`, changed the way editions change things."""
    new = tmp_path / "new"
    new.mkdir()
    attributes = json.loads((JSON / "attributes.json").read_text(encoding="utf-8"))
    by_tag = {a["tag"]: a for a in attributes}
    by_tag["(0028,3006)"]["keyword"] = "LUTDataRenamed"  # renamed
    by_tag["(0028,3006)"]["valueMultiplicity"] = "1-n"  # VM changed
    by_tag["(0010,0010)"]["retired"] = "Y"  # retired
    by_tag["(0008,0005)"]["valueRepresentation"] = "SH"  # VR changed
    by_tag["(0008,0005)"]["name"] = "Specific Character Sets"  # name changed
    del by_tag["(0006,0001)"]  # removed
    by_tag["(0009,0010)"] = {**by_tag["(FFFE,E000)"], "tag": "(0009,0010)", "keyword": "Brand",
                             "name": "Brand New", "valueRepresentation": "LO", "id": "00090010"}  # fmt: skip
    (new / "attributes.json").write_text(json.dumps(list(by_tag.values())), encoding="utf-8")
    uids = json.loads((JSON / "uids.json").read_text(encoding="utf-8"))
    uids[0]["retired"] = True  # Verification retired
    uids.append({"uid": "1.2.840.10008.5.1.4.1.1.2.9", "name": "Newer Image Storage",
                 "type": "SOPClass", "retired": False})  # fmt: skip
    (new / "uids.json").write_text(json.dumps(uids), encoding="utf-8")
    part05 = (DOCBOOK / "part05.xml").read_text(encoding="utf-8")
    part05 = part05.replace("PS3.5 2099", "PS3.5 2100a")
    part05 = part05.replace(
        "<para>TM</para><para>Time</para>", "<para>TM</para><para>Time of Day</para>"
    )
    (new / "part05.xml").write_text(part05, encoding="utf-8")
    return {
        "registry": new / "attributes.json",
        "uids": new / "uids.json",
        "part05": new / "part05.xml",
    }


def test_a_newer_edition_is_reported_and_recorded(tmp_path: Path) -> None:
    _import(tmp_path, ALL)
    report = _import(tmp_path, _newer_edition(tmp_path), edition="2100a")
    text = report.text
    assert text.startswith("## DICOM 2100a\n")
    for line in [
        "- source: PS3.6 2099a (registry), ",
        "-> PS3.6 2100a (registry), ../new/attributes.json",
        "- added: (0009,0010) Brand",
        "- removed: (0006,0001) CurrentFrameFunctionalGroupsSequence",
        "- retired: (0010,0010) PatientName",
        "- renamed: (0028,3006) 'LUTData' -> 'LUTDataRenamed'",
        "- vm changed: (0028,3006) '1-n or 1' -> '1-n'",
        "- vr changed: (0008,0005) 'CS' -> 'SH'",
        "- name changed: (0008,0005) 'Specific Character Set' -> 'Specific Character Sets'",
        "- added: LUTData -> LUTDataRenamed (0028,3006) (deprecated alias, kept until 2100c)",
        "- added: 1.2.840.10008.5.1.4.1.1.2.9 NewerImageStorage",
        "- retired: 1.2.840.10008.1.1 Verification",
        "- renamed: TM 'Time' -> 'Time of Day'",
    ]:
        assert line in text, line
    spec = _spec(tmp_path)
    changes = (spec / "CHANGES.md").read_text(encoding="utf-8")
    assert changes.index("## DICOM 2100a") < changes.index("## DICOM 2099a")  # newest first
    assert text in changes
    alias = _by(spec, "dictionary.yaml", "aliases", "keyword")["LUTData"]
    assert alias == {"keyword": "LUTData", "tag": "(0028,3006)", "renamed_to": "LUTDataRenamed",
                     "since": "2100a", "until": "2100c"}  # fmt: skip
    # the edition given once is recorded with the file's sha256: no need to give it again
    assert recorded_sources(spec)["registry"]["edition"] == "2100a"
    assert _import(tmp_path).changed == ()


def test_elements_back_in_the_standard_are_named(tmp_path: Path) -> None:
    """An element added although an earlier import removed it is named as such."""
    _import(tmp_path, ALL)
    _import(tmp_path, _newer_edition(tmp_path), edition="2100a")  # removes (0006,0001)
    restored = tmp_path / "restored"
    shutil.copytree(JSON, restored)
    (restored / "source.yaml").write_text("edition: 2100b\n", encoding="utf-8")
    report = _import(tmp_path, {"registry": restored / "attributes.json"})
    assert (
        "- added, though the standard before DICOM 2100a already had it: "
        "(0006,0001) CurrentFrameFunctionalGroupsSequence" in report.text
    )


def test_an_older_docbook_names_what_it_already_had(tmp_path: Path) -> None:
    without06 = {k: v for k, v in ALL.items() if k != "part06"}
    untyped = tmp_path / "uids.json"
    uids = [u for u in json.loads((JSON / "uids.json").read_text()) if u["type"] != "Other"]
    untyped.write_text(json.dumps(uids), encoding="utf-8")
    (tmp_path / "source.yaml").write_text("edition: 2099a\n", encoding="utf-8")
    overrides = _overrides(tmp_path)
    spec = _spec(tmp_path)
    import_standard(spec, given={**without06, "uids": untyped}, overrides=overrides)
    report = import_standard(spec, given={"part06": DOCBOOK / "part06.xml"}, overrides=overrides)
    assert (
        "- added, though PS3.6 2099 already had it: (0028,1200) GrayLookupTableData" in report.text
    )
    assert "- source added: PS3.6 2099 (part06)" in report.text


@pytest.mark.parametrize(
    ("edition", "kept"), [("2100a", True), ("2100b", True), ("2100c", True), ("2100d", False)]
)
def test_aliases_are_kept_for_two_editions_after_the_rename(edition: str, kept: bool) -> None:
    old = [{"tag": "(0028,3006)", "keyword": "LUTData"}]
    new = [{"tag": "(0028,3006)", "keyword": "LUTDataRenamed"}]
    first = aliases.update(old, new, [], "2100a")
    assert first == [{"keyword": "LUTData", "tag": "(0028,3006)", "renamed_to": "LUTDataRenamed",
                      "since": "2100a", "until": "2100c"}]  # fmt: skip
    assert bool(aliases.update(new, new, first, edition)) is kept


def test_aliases_follow_further_renames_and_go_when_the_keyword_returns() -> None:
    first = aliases.update(
        [{"tag": "(0028,3006)", "keyword": "A"}],
        [{"tag": "(0028,3006)", "keyword": "B"}],
        [],
        "2100a",
    )
    second = aliases.update(
        [{"tag": "(0028,3006)", "keyword": "B"}],
        [{"tag": "(0028,3006)", "keyword": "C"}],
        first,
        "2100b",
    )
    assert {(a["keyword"], a["renamed_to"], a["since"]) for a in second} == {
        ("A", "C", "2100a"),
        ("B", "C", "2100b"),
    }
    back = aliases.update(
        [{"tag": "(0028,3006)", "keyword": "C"}],
        [{"tag": "(0028,3006)", "keyword": "A"}],
        second,
        "2100c",
    )
    assert {(a["keyword"], a["renamed_to"]) for a in back} == {("B", "A"), ("C", "A")}


def _docbook(part: str, tables: dict[str, tuple[str, ...]]) -> str:
    """A DocBook book of `part` with empty tables: label -> column headers."""
    body = "".join(
        f'<table label="{label}"><caption>{label}</caption><thead><tr>'
        + "".join(f"<th><para>{h}</para></th>" for h in header)
        + "</tr></thead><tbody/></table>"
        for label, header in tables.items()
    )
    return (
        '<book xmlns="http://docbook.org/ns/docbook">'
        f"<subtitle>DICOM {part} 2099 - Fixture</subtitle>{body}</book>"
    )


def test_a_source_that_adds_nothing_is_not_recorded(tmp_path: Path) -> None:
    element = ("Tag", "Name", "Keyword", "VR", "VM", "")
    part06 = tmp_path / "part06.xml"
    part06.write_text(
        _docbook("PS3.6", {"6-1": element, "7-1": element, "8-1": element,
                           "A-1": ("UID Value", "UID Name", "UID Type", "Part")}),
        encoding="utf-8",
    )  # fmt: skip
    overrides = _overrides(tmp_path)
    with (overrides / "uids.yaml").open("a", encoding="utf-8") as f:
        f.write("types:\n  1.2.840.10008.15.0.3.1: LDAP OID\n")  # which the DocBook gave
    report = import_standard(_spec(tmp_path), given={**ALL, "part06": part06}, overrides=overrides)
    assert any(w.startswith(f"PART06={part06}: adds nothing") for w in report.warnings)
    assert "part06" not in recorded_sources(_spec(tmp_path))
    with pytest.raises(SourceError, match=r"its subtitle says PS3\.7, but part15 is PS3\.15"):
        _import(tmp_path, {"part15": DOCBOOK / "part07.xml"})


def test_edition_given_for_docbook_only_is_pointless(tmp_path: Path) -> None:
    pointless = "EDITION= was given, but no file given needs it"
    report = _import(tmp_path, ALL, edition="2099a")
    assert not any(pointless in w for w in report.warnings)
    report = _import(tmp_path, {"part05": DOCBOOK / "part05.xml"}, edition="2099a")
    assert any(pointless in w for w in report.warnings)
