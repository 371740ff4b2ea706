"""The importers: DocBook and registry readers, the YAML writer, the merge rules and the change report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from codegen.importers import OVERRIDES, SpecError, build, docbook, import_standard, yaml_out
from codegen.importers.model import ElementRow

REPO = Path(__file__).resolve().parents[2]
STANDARD = REPO.parent / "shared" / "standard"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SPEC_FILES = (
    "dictionary.yaml", "vrs.yaml", "uids.yaml", "transfer_syntaxes.yaml", "charsets.yaml",
    "deidentification.yaml", "deidentification_methods.yaml", "deidentification_private.yaml",
    "deidentification_vrs.yaml",
)  # fmt: skip


def _overrides(tmp_path: Path) -> Path:
    """The fixture's UID and transfer syntax overrides with the project's VR and charset ones."""
    out = tmp_path / "overrides"
    out.mkdir()
    for name in ("uids.yaml", "transfer_syntaxes.yaml"):
        shutil.copy(FIXTURES / "overrides" / name, out / name)
    for name in ("vrs.yaml", "charsets.yaml", "deidentification.yaml"):
        shutil.copy(OVERRIDES / name, out / name)
    return out


def _import_fixture(tmp_path: Path, **kwargs: Path) -> tuple[Path, str]:
    spec = tmp_path / "spec"
    report = import_standard(FIXTURES / "standard", spec, overrides=_overrides(tmp_path), **kwargs)
    return spec, report


def _entries(spec: Path, name: str, key: str) -> list[dict[str, Any]]:
    return list(yaml.safe_load((spec / name).read_text(encoding="utf-8"))[key])


# DocBook ----------------------------------------------------------------------


def test_tables_are_selected_by_label_not_position() -> None:
    root = docbook.load(FIXTURES / "standard" / "nema-2099-docbook" / "part06.xml")
    # the fixture puts a decoy registry table first and 6-1 last, without an xml:id
    table = docbook.find_table(root, label="6-1")
    assert table.caption == "Registry of DICOM Data Elements"
    assert docbook.find_table(root, caption="UID Values").label == "A-1"
    with pytest.raises(docbook.DocBookError):
        docbook.find_table(root, label="9-9")


def test_docbook_cells_are_cleaned() -> None:
    root = docbook.load(FIXTURES / "standard" / "nema-2099-docbook" / "part06.xml")
    rows = {r.tag: r for r in docbook.data_elements(root, "6-1")}
    assert rows["(0008,0001)"].keyword == "LengthToEnd"  # zero-width spaces, emphasis
    assert rows["(0008,0001)"].retired
    assert rows["(0028,1200)"].name == "Gray Lookup Table Data"  # two paragraphs
    assert rows["(0028,1200)"].vr == "US or SS or OW"
    assert rows["(0028,0020)"] == ElementRow("(0028,0020)", "", "", "", "", True)  # <para/>
    assert not rows["(0018,0010)"].retired  # "DICOS" is not "RET"
    uids = {r.uid for r in docbook.uids(root)}
    assert "1.2.840.10008.5.1.4.1.1.9.1.1" in uids  # a literal "<200b>" in the source


def test_length_of_value_keeps_superscripts() -> None:
    root = docbook.load(FIXTURES / "standard" / "nema-2099-docbook" / "part05.xml")
    lengths = {r.vr: r.length for r in docbook.value_representations(root)}
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
        title="t", sources=["s"], source={"edition": "2013", "files": ["a/b.xml"]}, key="xs",
        entries=[{"tag": "(0008,0005)", "vm": "1"}, {"tag": "(0008,0006)", "vm": "1-n"}],
    )  # fmt: skip
    assert text.splitlines()[-2:] == [
        "  - {tag: '(0008,0005)', vm: '1'}",
        "  - {tag: '(0008,0006)', vm: 1-n}",
    ]
    assert yaml.safe_load(text)["source"] == {"edition": "2013", "files": ["a/b.xml"]}


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
        build.dictionary([row], [])
    twice = [row.__class__("(0009,0001)", "X", "Same", "CS", "1", False),
             row.__class__("(0009,0002)", "Y", "Same", "CS", "1", False)]  # fmt: skip
    with pytest.raises(SpecError, match="also used"):
        build.dictionary(twice, [])
    with pytest.raises(SpecError, match="unknown VR"):
        build.dictionary([ElementRow("(0009,0001)", "X", "X", "XX", "1", False)], [])


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
    assert build.derive_uid_keyword(build.uid_name(name)[0]) == keyword


# the whole import, on fixtures --------------------------------------------------


def test_import_fixture(tmp_path: Path) -> None:
    spec, report = _import_fixture(tmp_path)
    elements = {e["tag"]: e for e in _entries(spec, "dictionary.yaml", "elements")}
    assert elements["(60xx,3000)"]["vr"] == "OB or OW"
    assert elements["(FFFE,E000)"]["vr"] == "NONE"
    assert elements["(0008,0202)"] == {
        "tag": "(0008,0202)", "keyword": None, "name": "", "vr": "UN", "vm": "1", "retired": True,
    }  # fmt: skip
    assert elements["(0010,0010)"]["name"] == "Patient's Name"
    assert elements["(0028,1200)"]["vr"] == "US or SS or OW"  # DocBook only
    assert elements["(0000,0001)"]["retired"]  # PS3.7 E.2-1
    assert "(0009,0001)" not in elements  # the decoy table
    uids = {e["uid"]: e for e in _entries(spec, "uids.yaml", "uids")}
    assert uids["1.2.840.10008.1.2"]["name"] == "Implicit VR Little Endian"
    assert uids["1.2.840.10008.5.1.4.1.1.3"]["keyword"] == "UltrasoundMultiFrameImageStorageRetired"
    assert uids["1.2.840.10008.5.1.4.1.1.9.1.1"]["keyword"] == "TwelveLeadECGWaveformStorage"
    ts = [e["keyword"] for e in _entries(spec, "transfer_syntaxes.yaml", "transfer_syntaxes")]
    assert ts == [
        "ImplicitVRLittleEndian",
        "ExplicitVRLittleEndian",
        "ExplicitVRBigEndian",
        "HTJ2KLossless",
    ]
    vrs = {e["vr"]: e for e in _entries(spec, "vrs.yaml", "vrs")}
    assert len(vrs) == 34
    assert (vrs["TM"]["max_length"], vrs["UT"]["max_length"], vrs["US"]["width"]) == (14, None, 2)
    assert "added: (0008,0005) SpecificCharacterSet" in report


def test_import_is_deterministic_and_reports_no_changes(tmp_path: Path) -> None:
    spec, _ = _import_fixture(tmp_path)
    first = {n: (spec / n).read_bytes() for n in SPEC_FILES}
    report = import_standard(FIXTURES / "standard", spec, overrides=tmp_path / "overrides")
    assert {n: (spec / n).read_bytes() for n in SPEC_FILES} == first
    assert all("no changes" in line for line in report.splitlines())


def test_edition_diff(tmp_path: Path) -> None:
    spec, _ = _import_fixture(tmp_path)
    old = (FIXTURES / "standard" / "nema-2099-docbook" / "part06.xml").read_text(encoding="utf-8")
    new = (
        old.replace("<td><para>CS</para></td><td><para>1-n</para></td>", "<td><para>CS</para></td><td><para>1-2n</para></td>")
        .replace("Contrast/Bolus Agent</para></td><td><para>ContrastBolusAgent</para></td><td><para>LO",
                 "Contrast/Bolus Agent</para></td><td><para>ContrastBolusAgentName</para></td><td><para>SH")
        .replace("<td><para>File-set ID</para></td><td><para>FileSetID</para></td><td><para>CS</para></td><td><para>1</para></td><td><para/></td>",
                 "<td><para>File-set ID</para></td><td><para>FileSetID</para></td><td><para>CS</para></td><td><para>1</para></td><td><para>RET</para></td>")
        .replace("Verification SOP Class", "Verification SOP Class (Retired)")
    )  # fmt: skip
    assert new.count("1-2n") == 1 and "ContrastBolusAgentName" in new and "(Retired)</para>" in new
    folder = tmp_path / "nema-2100-docbook"
    folder.mkdir()
    (folder / "part06.xml").write_text(new, encoding="utf-8")
    # without the registry, so that the DocBook decides the data elements
    registry = tmp_path / "innolitics-2100a"
    registry.mkdir()
    (registry / "attributes.json").write_text("[]", encoding="utf-8")
    report = import_standard(
        FIXTURES / "standard", spec, part06=folder / "part06.xml", registry=registry,
        overrides=tmp_path / "overrides",
    )  # fmt: skip
    assert "  renamed: (0018,0010) 'ContrastBolusAgent' -> 'ContrastBolusAgentName'" in report
    assert "  vr changed: (0018,0010) 'LO' -> 'SH'" in report
    assert "  retired: (0004,1130) FileSetID" in report
    assert "  retired: 1.2.840.10008.1.1 Verification" in report
    assert "  removed: (0006,0001) CurrentFrameFunctionalGroupsSequence" in report
    assert "  removed: 1.2.840.10008.5.1.4.1.1.3.1 UltrasoundMultiFrameImageStorage" in report


def test_missing_transfer_syntax_properties_fail(tmp_path: Path) -> None:
    overrides = _overrides(tmp_path)
    ts = overrides / "transfer_syntaxes.yaml"
    ts.write_text("\n".join(ts.read_text().splitlines()[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"1\.2\.840\.10008\.1\.2\.4\.201"):
        import_standard(FIXTURES / "standard", tmp_path / "spec", overrides=overrides)
    assert not (tmp_path / "spec").exists()  # nothing written


# the real standard --------------------------------------------------------------

needs_standard = pytest.mark.skipif(
    not (STANDARD / "nema-2013-docbook" / "part06.xml").is_file(),
    reason=f"the DICOM standard's tables are not at {STANDARD} (see PRODUCT.md, 'Sources')",
)


@pytest.fixture(scope="module")
def real_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (STANDARD / "nema-2013-docbook" / "part06.xml").is_file():
        pytest.skip(f"the DICOM standard's tables are not at {STANDARD}")
    spec = tmp_path_factory.mktemp("spec")
    import_standard(STANDARD, spec)
    return spec


@needs_standard
@pytest.mark.slow
@pytest.mark.parametrize("name", SPEC_FILES)
def test_committed_spec_is_what_the_importer_makes(real_spec: Path, name: str) -> None:
    assert (real_spec / name).read_bytes() == (REPO / "spec" / name).read_bytes(), (
        f"spec/{name} is stale: run `make import-standard`"
    )


@needs_standard
@pytest.mark.slow
def test_every_registry_keyword_is_in_the_dictionary(real_spec: Path) -> None:
    elements = {e["tag"]: e for e in _entries(real_spec, "dictionary.yaml", "elements")}
    attributes = json.loads((STANDARD / "innolitics-2024e" / "attributes.json").read_text())
    for a in attributes:
        if not a["keyword"]:
            continue
        e = elements[build.normalise_tag(a["tag"])]
        vr = "NONE" if a["valueRepresentation"] == "See Note 2" else a["valueRepresentation"]
        assert (e["keyword"], e["vr"], e["vm"]) == (a["keyword"], vr, a["valueMultiplicity"]), a


@needs_standard
@pytest.mark.slow
def test_command_file_meta_and_directory_elements(real_spec: Path) -> None:
    elements = {e["tag"]: e for e in _entries(real_spec, "dictionary.yaml", "elements")}
    commands = {t: e["keyword"] for t, e in elements.items() if t.startswith("(0000,")}
    assert commands["(0000,0000)"] == "CommandGroupLength"
    assert commands["(0000,0100)"] == "CommandField"
    assert commands["(0000,0900)"] == "Status"
    assert commands["(0000,1031)"] == "MoveOriginatorMessageID"  # last of E.1-1
    assert commands["(0000,0001)"] == "CommandLengthToEnd" and elements["(0000,0001)"]["retired"]
    assert commands["(0000,51B0)"] == "Overlays"  # last of E.2-1
    assert len(commands) == 46
    meta = {t: e["keyword"] for t, e in elements.items() if t.startswith("(0002,")}
    assert meta["(0002,0010)"] == "TransferSyntaxUID"
    assert meta["(0002,0000)"] == "FileMetaInformationGroupLength"
    directory = {t: e["keyword"] for t, e in elements.items() if t.startswith("(0004,")}
    assert directory["(0004,1130)"] == "FileSetID"
    assert directory["(0004,1220)"] == "DirectoryRecordSequence"
    assert len(meta) >= 10 and len(directory) >= 19
