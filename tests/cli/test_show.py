"""`dicodec show FILE...`: listings, elements by keyword, tag or path, headers, errors."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pydicom
import pytest

from dicodec import dcmread
from dicodec.cli import main
from dicodec.data import get_testdata_file
from dicodec.listing import format_dataset
from tests.cli.conftest import pydicom_file, run_dicodec
from tests.io.test_conformance import corpus

RTPLAN = get_testdata_file("rtplan.dcm")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_show_without_a_file_prints_the_seed_listing(seed_dump: str) -> None:
    result = run_dicodec("show")
    assert result.returncode == 0
    assert result.stdout == seed_dump if seed_dump.endswith("\n") else seed_dump + "\n"


def test_show_meta_prints_the_file_meta_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", "--meta", RTPLAN)
    assert code == 0
    assert out.startswith("(0002, 0000) File Meta Information Group Length")
    assert "(0002, 0010) Transfer Syntax UID                 UI: Explicit VR Little Endian" in out


def test_elements_by_keyword_tag_and_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, "show", RTPLAN, "-t", "PatientName", "-t", "(300A,0002)", "-t", "300a,0003",
        "-t", "BeamSequence[0].BeamName", "-t", "BeamSequence[*].ControlPointSequence[-1].ControlPointIndex",
    )  # fmt: skip
    assert (code, err) == (0, "")
    theirs = pydicom.dcmread(RTPLAN)
    assert out.splitlines() == [
        f"(0010, 0010) Patient's Name                      PN: '{theirs.PatientName}'",
        f"(300a, 0002) RT Plan Label                       SH: '{theirs.RTPlanLabel}'",
        f"(300a, 0003) RT Plan Name                        LO: '{theirs.RTPlanName}'",
        f"BeamSequence[0].(300a, 00c2) Beam Name                           LO: '{theirs.BeamSequence[0].BeamName}'",
        "BeamSequence[0].ControlPointSequence[1].(300a, 0112) Control Point Index"
        f'                 IS: "{theirs.BeamSequence[0].ControlPointSequence[-1].ControlPointIndex}"',
    ]


def test_a_sequence_shows_its_items(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", RTPLAN, "-t", "ReferencedStructureSetSequence")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("(300c, 0060)  Referenced Structure Set Sequence   1 item(s) ----")
    assert lines[1].startswith("   (0008, 1150) Referenced SOP Class UID")
    assert lines[-1] == "   ---------"


def test_an_element_not_in_the_file_is_a_finding(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, "show", RTPLAN, "-t", "PatientName", "-t", "BeamSequence[7].BeamName"
    )
    assert code == 1
    assert out.startswith("(0010, 0010)")
    assert err == f"dicodec show: {RTPLAN}: no BeamSequence[7].BeamName\n"


def test_several_files_each_under_a_header(capsys: pytest.CaptureFixture[str]) -> None:
    ct = str(pydicom_file("CT_small.dcm"))
    code, out, _ = _run(capsys, "show", RTPLAN, ct, "-t", "Modality")
    assert code == 0
    assert out.splitlines() == [
        f"==> {RTPLAN} <==",
        "(0008, 0060) Modality                            CS: 'RTPLAN'",
        "",
        f"==> {ct} <==",
        "(0008, 0060) Modality                            CS: 'CT'",
    ]


def test_bad_missing_and_folder_inputs_are_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "not.dcm"
    bad.write_bytes(b"not dicom at all" * 20)
    missing = tmp_path / "missing.dcm"
    code, out, err = _run(
        capsys, "show", str(bad), RTPLAN, str(missing), str(tmp_path), "-t", "Modality"
    )
    assert code == 1
    assert out.splitlines() == [
        f"==> {RTPLAN} <==",
        "(0008, 0060) Modality                            CS: 'RTPLAN'",
    ]
    assert err.splitlines() == [
        f"dicodec show: {bad}: not a DICOM Part 10 file: no 'DICM' prefix after the 128-byte "
        "preamble (use force=True to read a dataset without File Meta Information) [offset 128]",
        f"dicodec show: {missing}: no such file or folder",
        f"dicodec show: {tmp_path}: is a folder",
    ]


def test_every_corpus_file_is_a_listing_or_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in corpus()]
    code = main(["show", "--meta", *files])
    out, err = capsys.readouterr()
    listed = [line[4:-4] for line in out.splitlines() if line.startswith("==> ")]
    failed = [
        line.split(": ")[1] for line in err.splitlines() if not line.split(": ")[2:3] == ["warning"]
    ]
    assert sorted(listed + failed) == sorted(files)
    assert code == (1 if failed else 0)
    for path in listed:  # the listing is the one the library prints
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = dcmread(path)
            assert format_dataset(ds) in out
    assert "Traceback" not in err


def test_json_is_the_dicom_json_model(capsys: pytest.CaptureFixture[str]) -> None:
    """PS3.18 F.2, as pydicom writes it; several files make an array."""
    ct = pydicom_file("CT_small.dcm")
    code, out, _ = _run(capsys, "show", "--json", "--stop-before-pixels", RTPLAN)
    assert code == 0
    assert json.loads(out) == pydicom.dcmread(RTPLAN).to_json_dict()
    code, out, _ = _run(capsys, "show", "--json", "--stop-before-pixels", RTPLAN, str(ct))
    documents = json.loads(out)
    assert code == 0 and isinstance(documents, list) and len(documents) == 2
    assert documents[1] == pydicom.dcmread(ct, stop_before_pixels=True).to_json_dict()


def test_json_with_tags_and_meta(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "show", "--json", "--meta", RTPLAN, "-t", "PatientName", "-t", "300A,00B0"
    )
    assert code == 0
    document = json.loads(out)
    theirs = pydicom.dcmread(RTPLAN)
    assert document["00100010"] == theirs["PatientName"].to_json_dict(1024, None)
    assert document["300A00B0"] == theirs["BeamSequence"].to_json_dict(1024, None)
    assert document["00020010"] == {"vr": "UI", "Value": [str(theirs.file_meta.TransferSyntaxUID)]}
    assert {key[:4] for key in document} == {"0002", "0010", "300A"}
    code, _, err = _run(capsys, "show", "--json", RTPLAN, "-t", "BeamSequence[0].BeamName")
    assert code == 2 and "not paths into sequences" in err
