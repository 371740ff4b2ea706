"""`dicodec dict QUERY`: tags, keywords, names and UIDs."""

from __future__ import annotations

import pytest

from dicodec.cli import main
from dicodec.generated.uid_constants import JPEGBaseline8Bit


def _lines(capsys: pytest.CaptureFixture[str], *query: str) -> tuple[int, list[str]]:
    code = main(["dict", *query])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("query", ["0010,0010", "(0010,0010)", "00100010", "PatientName"])
def test_one_element_by_tag_or_keyword(query: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _lines(capsys, query)
    assert code == 0
    assert lines == ["(0010,0010)  PN        1      PatientName" + " " * 34 + "Patient's Name"]


def test_words_search_names_and_keywords(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _lines(capsys, "patient", "name")
    assert code == 0
    assert lines[0].startswith("(0010,0010)")  # the exact keyword first
    keywords = {line.split()[3] for line in lines if line.startswith("(")}
    assert {"PatientName", "OtherPatientNames", "PatientBirthName"} <= keywords
    assert all("patient" in line.lower() and "name" in line.lower() for line in lines)


def test_a_uid_and_the_start_of_uids(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _lines(capsys, JPEGBaseline8Bit)
    assert code == 0 and len(lines) == 1
    assert lines[0].split()[:2] == [JPEGBaseline8Bit, "JPEGBaseline8Bit"]
    assert "JPEG Baseline (Process 1) [Transfer Syntax]" in lines[0]
    code, lines = _lines(capsys, JPEGBaseline8Bit.rsplit(".", 1)[0])
    assert code == 0 and len(lines) > 10
    assert all(line.startswith(JPEGBaseline8Bit.rsplit(".", 1)[0] + ".") for line in lines)


def test_repeating_groups_and_retired(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _lines(capsys, "6002,3000")
    assert code == 0 and lines[0].startswith("(60xx,3000)  OB or OW  1      OverlayData")
    code, lines = _lines(capsys, "0028,0040")  # Image Format, retired
    assert code == 0 and lines[0].endswith("(retired)")


def test_nothing_found_is_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _lines(capsys, "no", "such", "thing", "anywhere")
    assert code == 1 and lines == ["dicodec dict: nothing matches 'no such thing anywhere'"]
