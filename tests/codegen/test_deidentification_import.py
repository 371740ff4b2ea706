"""PS3.15 Annex E -> spec/deidentification*.yaml: the importer on fixtures and on the standard."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen import deidentification as deid_spec
from codegen.importers import (
    OVERRIDES,
    SpecError,
    deidentification,
    docbook,
    import_standard,
    recorded_sources,
)
from tests.codegen.test_importers import ALL, _import, _spec

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "standard" / "docbook"
STANDARD = Path(__file__).resolve().parents[3] / "shared" / "standard"
# An independent check of this importer on one edition: PS3.15 2026c against the 2024e
# table extracted by innolitics (the drift and completeness tests of spec/ read the
# sources spec/ records instead, tests/codegen/test_standard.py).
PART15 = STANDARD / "nema-docbook-2026c" / "part15.xml"
INNOLITICS = STANDARD / "innolitics-2024e" / "confidentiality_profile_attributes.json"


def _import_fixture(tmp_path: Path) -> tuple[Path, str]:
    return _spec(tmp_path), _import(tmp_path, ALL).text


def _rows(spec: Path, name: str, key: str) -> list[dict[str, Any]]:
    return list(yaml.safe_load((spec / name).read_text(encoding="utf-8"))[key])


def _methods() -> list[dict[str, Any]]:
    overrides = yaml.safe_load((OVERRIDES / "deidentification.yaml").read_text(encoding="utf-8"))
    return list(overrides["methods"])


def test_fixture_rows_keep_the_standards_codes_and_masks(tmp_path: Path) -> None:
    spec, report = _import_fixture(tmp_path)
    rows = {r["tag"]: r for r in _rows(spec, "deidentification.yaml", "attributes")}
    assert rows["(0008,1140)"]["basic"] == "X/Z/U*"  # the combination as written
    assert rows["(0008,1140)"]["retain_uids"] == "K"
    assert rows["(0008,0020)"]["retain_full_dates"] == "K"
    assert rows["(0008,0020)"]["retain_modified_dates"] == "C"
    assert rows["(0008,0020)"]["clean_graphics"] is None
    assert rows["(50xx,xxxx)"]["retired"] and not rows["(50xx,xxxx)"]["in_std_comp_iod"]
    assert rows["(60xx,3000)"]["clean_graphics"] == "C"
    assert rows["(0088,0200)"]["name"] == "Icon Image Sequence (see Note 11)"  # two paragraphs
    private = rows[deidentification.PRIVATE_ROW_TAG]
    assert (private["basic"], private["retain_safe_private"]) == ("X", "C")
    # sorted by tag, masks read as 0, the private rule last
    order = list(rows)
    assert order[0] == "(0008,0020)" and order[-1] == deidentification.PRIVATE_ROW_TAG
    safe = _rows(spec, "deidentification_private.yaml", "safe_private")
    assert safe[0] == {
        "tag": "(0019,xx27)", "creator": "GEMS_ACQU_01", "vr": "DS", "vm": "1",
        "meaning": "Rotation Speed",
    }  # fmt: skip
    assert {(s["tag"], s["vr"]) for s in safe} >= {
        ("(2001,xx0A)", "IS"),
        ("(2001,xx7D)", "OB or OW"),
    }
    assert {s["vr"] for s in safe if s["creator"].startswith("SIEMENS")} == {None}
    methods = _rows(spec, "deidentification_methods.yaml", "methods")
    assert [m["method"] for m in methods][:2] == ["basic", "retain_safe_private"]
    assert "### spec/deidentification.yaml\n" in report
    assert "attributes: 9 (9 added, 0 removed)" in report
    assert recorded_sources(spec)["part15"]["edition"] == "2099"  # from the subtitle


def test_change_report_keys_safe_private_rows_by_tag_and_creator(tmp_path: Path) -> None:
    spec, _ = _import_fixture(tmp_path)
    text = (FIXTURE / "part15.xml").read_text(encoding="utf-8")
    changed = tmp_path / "nema-2100-docbook"
    changed.mkdir()
    (changed / "part15.xml").write_text(
        text.replace("Rotation Speed", "Rotation Speed (Gantry Period)").replace(
            "<para>Z</para></td><td colspan=\"1\" rowspan=\"1\"/>",
            "<para>Z/D</para></td><td colspan=\"1\" rowspan=\"1\"/>", 1,
        ),
        encoding="utf-8",
    )  # fmt: skip
    report = import_standard(
        spec, given={"part15": changed / "part15.xml"}, overrides=tmp_path / "overrides"
    ).text
    assert (
        "- renamed: (0019,xx27) GEMS_ACQU_01 'Rotation Speed' -> 'Rotation Speed (Gantry Period)'"
        in report
    )
    assert "- basic changed: (0010,0010) 'Z' -> 'Z/D'" in report


def test_unknown_action_code_and_unclaimed_column_fail(tmp_path: Path) -> None:
    text = (FIXTURE / "part15.xml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.xml"
    codes, rows = text.split('label="E.1-1"')
    bad.write_text(
        codes + 'label="E.1-1"' + rows.replace("<para>X/Z/U*</para>", "<para>X/Q</para>")
    )
    with pytest.raises(SpecError, match=r"'X/Q' is not in Table E.1-1a"):
        deidentification.profile_attributes(docbook.load(bad), _methods())
    with pytest.raises(SpecError, match=r"'Clean Graph. Opt.' is claimed by no method"):
        deidentification.profile_attributes(docbook.load(FIXTURE / "part15.xml"), _methods()[:-1])
    with pytest.raises(docbook.DocBookError, match=r"Rtn\. Nothing"):
        renamed = [{**m, "column": "Rtn. Nothing"} if m["method"] == "retain_uids" else m
                   for m in _methods()]  # fmt: skip
        deidentification.methods(docbook.load(FIXTURE / "part15.xml"), renamed)


def test_every_vr_needs_a_treatment() -> None:
    vrs = yaml.safe_load((OVERRIDES / "deidentification.yaml").read_text())["vrs"]
    with pytest.raises(SpecError, match="UV: no entry"):
        deidentification.vr_treatments(vrs[:-1], [v["vr"] for v in vrs])
    with pytest.raises(SpecError, match="shift 'week'"):
        deidentification.vr_treatments([{**vrs[0], "shift": "week"}], [vrs[0]["vr"]])


def test_spec_loader_refuses_a_table_without_basic_actions(tmp_path: Path) -> None:
    spec, _ = _import_fixture(tmp_path)
    rows = (spec / "deidentification.yaml").read_text().replace("basic: Z,", "basic: null,", 1)
    (spec / "deidentification.yaml").write_text(rows)
    with pytest.raises(Exception, match="no action for the Basic Profile"):
        deid_spec.load(spec)


# the real standard --------------------------------------------------------------------------

needs_part15 = pytest.mark.skipif(
    not (PART15.is_file() and INNOLITICS.is_file()),
    reason=f"PS3.15 2026c and the 2024e registry are not at {STANDARD} (see PRODUCT.md, 'Sources')",
)

# The 2024e table (innolitics' JSON) against 2026c: every difference, explained.
ADDED_SINCE_2024E = {
    # PS3.15 2025 editions added rows for attributes new in PS3.3: diagnoses code sequences,
    # names and pronouns to use, gender identity and sex parameters for clinical use,
    # ethnic groups, multiplexed waveform labels, device IDs, annotations and montages
    "(0008,1301)", "(0008,1302)", "(0008,1303)", "(0008,1304)",
    "(0010,0011)", "(0010,0012)", "(0010,0013)", "(0010,0014)", "(0010,0015)", "(0010,0016)",
    "(0010,0041)", "(0010,0042)", "(0010,0043)", "(0010,0044)", "(0010,0045)", "(0010,0046)",
    "(0010,0047)", "(0010,2161)", "(0010,2162)", "(0018,1010)", "(0018,1011)", "(003A,0020)",
    "(003A,0203)", "(003A,020C)", "(0040,0556)", "(0040,A034)", "(0040,A035)", "(0040,B020)",
    "(0040,B034)", "(0040,B036)", "(0040,B03B)", "(0040,B03F)", "(0040,E012)", "(0070,0006)",
    "(300A,0054)",
}  # fmt: skip
CHANGED_SINCE_2024E = {
    # Ethnic Group was retired in PS3.6 2026c, so it is no longer in a standard IOD
    ("(0010,2160)", "in_std_comp_iod"): (True, False),
    # Requesting Service: now in a standard IOD, and cleaned by Clean Descriptors
    ("(0032,1033)", "in_std_comp_iod"): (False, True),
    ("(0032,1033)", "clean_descriptors"): (None, "C"),
}
# innolitics' field -> the method's field in spec/deidentification.yaml
INNOLITICS_FIELDS = {
    "basicProfile": "basic", "rtnSafePrivOpt": "retain_safe_private",
    "rtnUIDsOpt": "retain_uids", "rtnDevIdOpt": "retain_device_identity",
    "rtnInstIdOpt": "retain_institution_identity",
    "rtnPatCharsOpt": "retain_patient_characteristics",
    "rtnLongFullDatesOpt": "retain_full_dates", "rtnLongModifDatesOpt": "retain_modified_dates",
    "cleanDescOpt": "clean_descriptors", "cleanStructContOpt": "clean_structured_content",
    "cleanGraphOpt": "clean_graphics",
}  # fmt: skip


@pytest.fixture(scope="module")
def part15_rows() -> list[dict[str, Any]]:
    if not PART15.is_file():
        pytest.skip(f"PS3.15 2026c is not at {PART15}")
    return deidentification.profile_attributes(docbook.load(PART15), _methods())


@needs_part15
def test_2026c_against_the_2024e_table(part15_rows: list[dict[str, Any]]) -> None:
    ours = {str(r["tag"]): r for r in part15_rows}
    theirs = {}
    for row in json.loads(INNOLITICS.read_text(encoding="utf-8")):
        tag = row["tag"].upper().replace("X", "x")
        # innolitics upper-cases the private rule's text: "(GGGG,EEEE) WHERE GGGG IS ODD"
        theirs[deidentification.PRIVATE_ROW_TAG if "GGGG" in tag else tag] = row
    assert set(ours) - set(theirs) == ADDED_SINCE_2024E
    assert set(theirs) - set(ours) == set()
    differences = {}
    for tag, row in theirs.items():
        mine = ours[tag]
        for field, method in INNOLITICS_FIELDS.items():
            if (row.get(field) or None) != mine[method]:
                differences[tag, method] = (row.get(field), mine[method])
        if (row["stdCompIOD"] == "Y") != mine["in_std_comp_iod"]:
            differences[tag, "in_std_comp_iod"] = (
                row["stdCompIOD"] == "Y",
                mine["in_std_comp_iod"],
            )
        # innolitics keeps the paragraph break of "Icon Image Sequence\n\n(see Note 11)"
        if re.sub(r"\s+", " ", row["name"]) != mine["name"]:
            differences[tag, "name"] = (row["name"], mine["name"])
    assert differences == CHANGED_SINCE_2024E


@needs_part15
def test_2026c_table_shape(part15_rows: list[dict[str, Any]]) -> None:
    assert len(part15_rows) == 656
    codes = {r["basic"] for r in part15_rows}
    assert codes == {"D", "Z", "X", "U", "Z/D", "X/Z", "X/D", "X/Z/D", "X/Z/U*"}
    masks = [r["tag"] for r in part15_rows if "x" in str(r["tag"])]
    assert masks == ["(50xx,xxxx)", "(60xx,3000)", "(60xx,4000)"]
    safe = deidentification.safe_private_attributes(docbook.load(PART15))
    assert len(safe) == 479
    assert {"tag": "(7053,xx00)", "creator": "Philips PET Private Group", "vr": "DS", "vm": "1",
            "meaning": "SUV Factor - Multiplying Stored Pixel Values by Rescale Slope then "
            "this factor results in SUVbw in g/l"} in safe  # fmt: skip
