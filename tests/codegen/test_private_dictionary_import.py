"""The vendors' private dictionaries -> spec/private_dictionary.yaml -> generated code.

On fixtures written here in GDCM's and DCMTK's formats; the committed spec against the
dictionaries in ../shared is checked by tests/codegen/test_standard.py (made from its
recorded sources byte for byte) and below (every GDCM entry is there).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from codegen import contexts, generate
from codegen.importers import SourceError, SpecError, private_dictionary, recorded_sources
from codegen.spec import PrivateEntry, SourceRef, Spec
from tests.codegen.test_importers import ALL, VR_NAMES, _import, _spec

PRIVATE = Path(__file__).resolve().parent / "fixtures" / "standard" / "private"
GIVEN = {
    **ALL,
    "private_gdcm": PRIVATE / "privatedicts.xml",
    "private_dcmtk": PRIVATE / "private.dic",
}
SHARED = Path(__file__).resolve().parents[3] / "shared" / "standard"


def _entries(spec: Path) -> dict[tuple[str, str], dict[str, str]]:
    data = yaml.safe_load((spec / "private_dictionary.yaml").read_text(encoding="utf-8"))
    return {(e["creator"], e["tag"]): e for e in data["entries"]}


def test_gdcm_entries_are_read_as_written_with_pydicoms_names() -> None:
    rows = {(r.creator, r.tag): r for r in private_dictionary.gdcm(GIVEN["private_gdcm"], VR_NAMES)}
    assert rows[("ACME MR", "(0019,xx10)")].vr == "SH"
    assert rows[("ACME MR", "(0019,xx11)")].vr == "US or SS"  # GDCM writes US_SS
    assert rows[("ACME MR", "(0019,xx11)")].name == "Unknown"  # GDCM's "?", as pydicom names it
    assert rows[("ACME MR", "(0019,xx12)")].vr == "OB or OW"
    assert rows[("ACME MR", "(0019,1013)")].vm == "1"  # a fixed element keeps its block
    assert rows[("ACME OVERLAY", "(60xx,xx00)")].name == "Overlay ID"
    assert ("ACME MR", "(0019,xx14)") not in rows  # commented out


def test_dcmtk_lines_are_normalised_and_a_later_line_wins() -> None:
    rows = {
        (r.creator, r.tag): r for r in private_dictionary.dcmtk(GIVEN["private_dcmtk"], VR_NAMES)
    }
    assert rows[("ACME MR", "(0019,xx10)")].vr == "LO"
    assert rows[("ACME MR", "(0019,1011)")].vr == "SS"  # four digits: one fixed element
    assert rows[("ACME MR", "(0019,xx20)")].vr == "OB or OW"  # DCMTK's "ox"
    assert rows[("ACME MR", "(0019,xx21)")].vr == "UL"  # the later line replaces
    assert rows[("ACME ANNOT", "(70xx,xx04)")].name == "TextAnnotation"  # 7001-o-70ff
    assert rows[("ACME PIXELS", "(7FE1,1010)")].vr == "OB"  # "px": encapsulated, OB


def test_bad_lines_and_vrs_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "private.dic"
    bad.write_text('(0019,"X",10)\tQQ\tName\t1\tPrivateTag\n', encoding="latin-1")
    with pytest.raises(SpecError, match="unknown VR"):
        private_dictionary.dcmtk(bad, VR_NAMES)
    bad.write_text('(0019-o-0021,"X",10)\tLO\tName\t1\tPrivateTag\n', encoding="latin-1")
    with pytest.raises(SpecError, match="gg01-o-ggFF"):
        private_dictionary.dcmtk(bad, VR_NAMES)
    xml = tmp_path / "privatedicts.xml"
    xml.write_text('<dict><entry group="0019" element="xx10" vr="LO" vm="1" name="x"/></dict>')
    with pytest.raises(SpecError, match="no owner"):
        private_dictionary.gdcm(xml, VR_NAMES)


def test_gdcm_wins_and_dcmtk_adds_what_gdcm_has_not() -> None:
    merged = private_dictionary.merge(
        private_dictionary.gdcm(GIVEN["private_gdcm"], VR_NAMES),
        private_dictionary.dcmtk(GIVEN["private_dcmtk"], VR_NAMES),
    )
    entries = {(e["creator"], e["tag"]): e for e in merged.entries}
    assert entries[("ACME MR", "(0019,xx10)")]["vr"] == "SH"  # GDCM's, not DCMTK's LO
    assert entries[("ACME MR", "(0019,xx10)")]["source"] == "GDCM"
    assert ("ACME MR", "(0019,1011)") not in entries  # GDCM's (0019,xx11) covers it
    assert entries[("ACME MR", "(0019,xx20)")]["source"] == "DCMTK"
    assert (merged.from_gdcm, merged.from_dcmtk) == (6, 4)
    assert (merged.disagree, merged.covered) == (1, 1)  # (0019,xx10); (0019,1011)
    # sorted by creator, then tag
    assert list(entries)[:2] == [("ACME ANNOT", "(70xx,xx04)"), ("ACME CT", "(0029,xx01)")]


def test_import_records_the_upstream_revisions_and_says_who_wins(tmp_path: Path) -> None:
    report = _import(tmp_path, GIVEN)
    spec = _spec(tmp_path)
    assert len(_entries(spec)) == 10
    recorded = recorded_sources(spec)
    assert recorded["private_gdcm"]["revision"] == "fixture 1 (written for the tests)"
    assert "edition" not in recorded["private_gdcm"]
    header = (spec / "private_dictionary.yaml").read_text(encoding="utf-8").split("\nsources:")[0]
    assert "# Where both give an entry for a (creator, tag), GDCM's wins" in header
    assert "#   DCMTK fixture 1 (written for the tests) (" in header
    assert "4 entries GDCM's has not, of 7" in header
    # the sources of no edition mix no editions, and the report names the new table
    assert not any("private" in w for w in report.warnings)
    assert "### spec/private_dictionary.yaml" in report.text
    # imported again from what spec/ records: nothing changes
    again = _import(tmp_path)
    assert again.changed == ()


def test_a_source_without_a_known_revision_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "gdcm"
    copy.mkdir()
    shutil.copy(GIVEN["private_gdcm"], copy / "privatedicts.xml")
    with pytest.raises(SourceError, match="upstream revision is unknown"):
        _import(tmp_path, {**GIVEN, "private_gdcm": copy / "privatedicts.xml"})
    (copy / "source.yaml").write_text("revision: other\n")
    (copy / "privatedicts.xml").write_text("<dict/>")
    with pytest.raises(SpecError, match="no <entry> elements"):
        _import(tmp_path, {**GIVEN, "private_gdcm": copy / "privatedicts.xml"})


def test_both_dictionaries_are_needed(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="PRIVATE_DCMTK="):
        _import(tmp_path, {**ALL, "private_gdcm": GIVEN["private_gdcm"]})


def test_the_generated_module_keys_entries_as_pydicom() -> None:
    spec = Spec(
        elements=(),
        vrs=(),
        uids=(),
        transfer_syntaxes=(),
        charsets=(),
        sources={
            "private_dictionary": (
                SourceRef("x.xml", "GDCM", None, "private_gdcm", "commit 1"),
                SourceRef("x.dic", "DCMTK", None, "private_dcmtk", "commit 2"),
            )
        },
        private=(
            PrivateEntry("ACME", "(0019,xx10)", "SH", "1", "Coil 'Name'", "GDCM"),
            PrivateEntry("ACME", "(60xx,xx00)", "IS", "1", "Overlay ID", "GDCM"),
            PrivateEntry("B\\C", "(0029,1010)", "LO", "1-n", "Fixed", "DCMTK"),
        ),
    )
    context = contexts.private_dictionary(spec)
    assert [c["name"] for c in context["creators"]] == ["ACME", "B\\C"]
    text = (
        generate.environment()
        .get_template("private_dictionary.py.jinja")
        .render(header=[], **context)
    )
    namespace: dict[str, object] = {}
    exec(compile(text, "private_dictionary.py", "exec"), namespace)
    assert namespace["PRIVATE_DICTIONARY"] == {
        "ACME": {"0019xx10": ("SH", "1", "Coil 'Name'"), "60xxxx00": ("IS", "1", "Overlay ID")},
        "B\\C": {"00291010": ("LO", "1-n", "Fixed")},
    }
    assert "GDCM's private dictionary, commit 1" in text


def test_the_committed_dictionary_has_every_gdcm_entry() -> None:
    source = SHARED / "private-gdcm" / "privatedicts.xml"
    if not source.is_file():
        pytest.skip(f"{source} is not here (../shared/standard beside the repository)")
    from dicodec.generated.private_dictionary import PRIVATE_DICTIONARY

    entries = ET.parse(source).getroot().findall("entry")
    missing = [
        e.attrib
        for e in entries
        if f"{e.get('group')}{e.get('element')}".upper().replace("X", "x")
        not in PRIVATE_DICTIONARY.get(e.get("owner", ""), {})
    ]
    assert len(entries) == 10504 and missing == []


def test_import_dicodec_does_not_load_the_private_dictionary() -> None:
    code = (
        "import sys, dicodec\n"
        "assert 'dicodec.generated.private_dictionary' not in sys.modules\n"
        "ds = dicodec.Dataset(); ds.PatientName = 'A'; ds.add_new(0x00091010, 'LO', 'x')\n"
        "assert 'dicodec.generated.private_dictionary' not in sys.modules\n"
        "ds.add_new(0x00090010, 'LO', 'GEMS_IDEN_01'); ds[0x00091001] = "
        "dicodec.DataElement(0x00091001, 'LO', 'x'); ds[0x00091001].name\n"
        "assert 'dicodec.generated.private_dictionary' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
