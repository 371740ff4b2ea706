"""`dicodec.validate` and `dicodec validate`: what each kind of finding looks like."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dicodec
from dicodec import Dataset, dcmread
from dicodec.cli import main
from dicodec.iods.validation import Finding, ValidationReport
from tests.conftest import pydicom_test_files


def _ct() -> Dataset:
    return dcmread(pydicom_test_files() / "CT_small.dcm")


def _errors(report: ValidationReport) -> dict[tuple[str, str], Finding]:
    return {(f.kind, f.path): f for f in report.errors}


def test_a_valid_ct_has_no_errors_and_notes_what_it_did_not_evaluate() -> None:
    report = dicodec.validate(_ct())
    assert report.ok and report.iod == "CT Image", str(report)
    kinds = {f.kind for f in report.notes}
    assert {"conditional", "extra"} <= kinds
    assert any(f.module == "Synchronization" and f.kind == "conditional" for f in report.notes)


def test_missing_empty_and_type2_attributes() -> None:
    ds = _ct()
    del ds.Rows
    ds.StudyInstanceUID = ""
    del ds.SliceThickness
    errors = _errors(dicodec.validate(ds))
    rows = errors[("missing", "Rows")]
    assert (rows.tag, rows.module, rows.reason) == (
        "(0028, 0010)",
        "Image Pixel",
        "Type 1, missing",
    )
    assert errors[("empty", "StudyInstanceUID")].reason == "Type 1, present but empty"
    assert errors[("missing", "SliceThickness")].reason == "Type 2, missing"


def test_a_missing_mandatory_module() -> None:
    ds = _ct()
    for keyword in ("Rows", "Columns", "BitsAllocated", "BitsStored", "HighBit", "PixelRepresentation",
                    "SamplesPerPixel", "PhotometricInterpretation", "PixelData"):  # fmt: skip
        delattr(ds, keyword)
    errors = _errors(dicodec.validate(ds))
    assert errors[("missing-module", "")].module == "Image Pixel"


def test_attributes_inside_sequence_items() -> None:
    ds = dcmread(pydicom_test_files() / "rtplan.dcm")
    del ds.BeamSequence[0].ControlPointSequence[0].ControlPointIndex
    errors = _errors(dicodec.validate(ds))
    found = errors[("missing", "BeamSequence[0].ControlPointSequence[0].ControlPointIndex")]
    assert found.module == "RT Beams" and found.tag == "(300a, 0112)"


def test_vm_and_vr_values() -> None:
    ds = _ct()
    ds.ImageType = "ORIGINAL"  # CS 2-n
    ds.validation = "ignore"  # let values in that break their VR
    ds.StudyDate = "2020-01-01"
    ds.PatientAge = "45"
    ds.StudyTime = "25:99"
    errors = _errors(dicodec.validate(ds))
    assert errors[("vm", "ImageType")].reason == "1 value, but its VM is 2-n"
    assert "DA" in errors[("value", "StudyDate")].reason
    assert "age string" in errors[("value", "PatientAge")].reason
    assert ("value", "StudyTime") in errors


def test_conditional_modules_with_a_rule_are_evaluated() -> None:
    ds = _ct()
    report = dicodec.validate(ds)
    assert report.conditions_evaluated == 1  # Multi-energy CT Image: (0018,9361) is YES
    assert not any(f.module == "Multi-energy CT Image" for f in report.findings)
    ds.MultienergyCTAcquisition = "YES"
    errors = _errors(dicodec.validate(ds))
    assert errors[("missing-module", "")].module == "Multi-energy CT Image"


def test_unknown_or_absent_sop_class_and_a_chosen_iod() -> None:
    ds = _ct()
    ds.SOPClassUID = "1.2.3.4"
    report = dicodec.validate(ds)
    assert [f.kind for f in report.errors] == ["unknown-sop-class"] and report.iod is None
    assert dicodec.validate(ds, iod="CT Image").ok
    del ds.SOPClassUID
    assert "no SOP Class UID" in dicodec.validate(ds).errors[0].reason


def test_cli_exit_status_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = str(pydicom_test_files() / "CT_small.dcm")
    assert main(["validate", good]) == 0
    assert (
        capsys.readouterr().out
        == f"{good}: CT Image (1.2.840.10008.5.1.4.1.1.2): 0 errors, 37 notes\n"
    )
    ds = _ct()
    del ds.Rows
    bad = tmp_path / "bad.dcm"
    ds.save_as(bad)
    assert main(["validate", "--json", good, str(bad)]) == 1
    reports = json.loads(capsys.readouterr().out)
    assert [r["ok"] for r in reports] == [True, False]
    assert {"kind": "missing", "path": "Rows", "tag": "(0028, 0010)", "module": "Image Pixel",
            "reason": "Type 1, missing", "severity": "error"} in reports[1]["findings"]  # fmt: skip


def test_cli_refuses_non_dicom_and_datasets_without_sop_class(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not DICOM at all\n" * 20)
    assert main(["validate", str(text)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{text}: not read as DICOM") and err.count("\n") == 1
    ds = _ct()
    del ds.SOPClassUID
    anonymous = tmp_path / "anonymous.dcm"
    ds.save_as(anonymous)
    assert main(["validate", str(anonymous)]) == 1
    assert (
        capsys.readouterr().out
        == f"{anonymous}: no SOP Class UID (0008, 0016): its IOD is unknown\n"
    )


def test_a_functional_group_counts_in_the_shared_item_or_in_every_frame() -> None:
    ds = dcmread(pydicom_test_files() / "liver_1frame.dcm")
    shared = "SharedFunctionalGroupsSequence[0].PlanePositionSequence"
    assert "PlanePositionSequence" in ds.PerFrameFunctionalGroupsSequence[0]
    assert ("missing", shared) not in _errors(dicodec.validate(ds))
    del ds.PerFrameFunctionalGroupsSequence[0].PlanePositionSequence
    errors = _errors(dicodec.validate(ds))
    assert ("missing", shared) in errors
    assert ("missing", "PerFrameFunctionalGroupsSequence[0].PlanePositionSequence") in errors


def test_a_dicomdir_is_checked_as_the_sop_class_of_its_file_meta() -> None:
    report = dicodec.validate(dcmread(pydicom_test_files() / "dicomdirtests" / "DICOMDIR"))
    assert report.iod == "Basic Directory", str(report)
    assert [f.kind for f in report.notes if f.path == "MediaStorageSOPClassUID"] == ["sop-class"]
