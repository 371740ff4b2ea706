"""`dicodec convert IN OUT --syntax`: every syntax dicodec writes, folders, errors, Ctrl-C."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
import pydicom
import pytest

from dicodec import dcmread
from dicodec.cli import main
from dicodec.commands.convert import writable_syntaxes
from dicodec.generated.uid_constants import (
    DeflatedExplicitVRLittleEndian,
    DeflatedImageFrameCompression,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    HTJ2KLossless,
    ImplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)
from tests.cli.conftest import pydicom_file
from tests.io.compare import differences

NATIVE = [
    ImplicitVRLittleEndian,
    ExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    DeflatedExplicitVRLittleEndian,
]
# native, RLE, JPEG-LS, JPEG 2000 and JPEG lossless inputs; an RT Plan; big endian; deflated
SOURCES = [
    "CT_small.dcm", "MR_small_RLE.dcm", "MR_small_jpeg_ls_lossless.dcm", "MR_small_jp2klossless.dcm",
    "SC_rgb_rle.dcm", "rtplan.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm", "rtdose_rle.dcm",
]  # fmt: skip


def _values_and_pixels_kept(source: Path, written: Path, lossless: bool = True) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before, after = dcmread(source), dcmread(written)
        theirs_before, theirs_after = pydicom.dcmread(source), pydicom.dcmread(written)
    skip = {0x7FE00010, 0x00280004, 0x00280006}  # the pixels and how they are laid out
    problems = [
        p
        for p in differences(before, after, before.is_little_endian, after.is_little_endian)
        if not any(f"({t >> 16:04x}, {t & 0xFFFF:04x})" in p for t in skip)
    ]
    assert problems == []
    if "PixelData" in theirs_before and lossless:
        try:
            after_pixels = theirs_after.pixel_array
        except NotImplementedError:  # pydicom 3.0 decodes no Deflated Image Frame Compression
            after_pixels = after.pixel_array
        assert np.array_equal(theirs_before.pixel_array, after_pixels)


# the lossless encoders of the codecs extra (CI installs it)
COMPRESSED = [
    RLELossless,
    JPEGLSLossless,
    JPEG2000Lossless,
    HTJ2KLossless,
    DeflatedImageFrameCompression,
]


def _cases() -> list[tuple[str, str]]:
    cases = [(syntax, name) for syntax in [*NATIVE, RLELossless] for name in SOURCES]
    return cases + [(syntax, "MR_small_RLE.dcm") for syntax in COMPRESSED[1:]]


@pytest.mark.parametrize(("syntax", "name"), _cases())
def test_each_file_in_each_syntax_keeps_its_values_and_pixels(
    syntax: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = pydicom_file(name)
    target = tmp_path / name
    code = main(["convert", str(source), str(target), "--syntax", syntax])
    assert code == 0, capsys.readouterr().err
    assert str(pydicom.dcmread(target).file_meta.TransferSyntaxUID) == syntax
    _values_and_pixels_kept(source, target)


def test_a_lossy_syntax_takes_options_and_makes_a_new_instance(tmp_path: Path) -> None:
    source = pydicom_file("SC_rgb_rle.dcm")  # near-lossless JPEG-LS takes unsigned pixels
    target = tmp_path / "nl.dcm"
    argv = ["convert", str(source), str(target), "--syntax", "JPEGLSNearLossless"]
    assert main(argv) == 1  # the encoder needs to know how lossy
    assert main([*argv, "-O", "jls_error=3"]) == 0
    theirs, before = pydicom.dcmread(target), pydicom.dcmread(source)
    assert theirs.file_meta.TransferSyntaxUID == JPEGLSNearLossless
    assert theirs.LossyImageCompression == "01"
    assert theirs.SOPInstanceUID != before.SOPInstanceUID  # a lossy copy is a new image
    error = np.abs(theirs.pixel_array.astype(int) - before.pixel_array.astype(int))
    assert 0 < error.max() <= 3


def test_keywords_and_uids_name_the_syntax(tmp_path: Path) -> None:
    source = pydicom_file("CT_small.dcm")
    for given in ("ExplicitVRBigEndian", "explicitvrbigendian", ExplicitVRBigEndian):
        target = tmp_path / "out.dcm"
        assert main(["convert", str(source), str(target), "--syntax", given, "--overwrite"]) == 0
        assert dcmread(target).file_meta.TransferSyntaxUID == ExplicitVRBigEndian


def test_list_names_what_can_be_written(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "--list"]) == 0
    out = capsys.readouterr().out
    for uid, keyword, _ in writable_syntaxes():
        assert f"{keyword:<46} {uid}" in out
    assert {*NATIVE, *COMPRESSED} <= {uid for uid, _, _ in writable_syntaxes()}


def test_a_folder_gives_the_same_tree_and_reports_what_it_could_not_do(
    mixed_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["convert", str(mixed_folder), str(out), "--syntax", "RLELossless", "--jobs", "2"])
    err = capsys.readouterr().err
    assert code == 1  # notes.txt is not DICOM
    assert f"failed: {mixed_folder / 'notes.txt'}: InvalidDicomError: not a DICOM" in err
    assert "5 files: 4 done, 0 skipped, 0 refused, 1 failed" in err
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["ct.dcm", "mr/deeper/rgb.dcm", "mr/deeper/rle.dcm", "mr/mr.dcm"]
    for name in written:
        assert dcmread(out / name).file_meta.TransferSyntaxUID == RLELossless
        _values_and_pixels_kept(mixed_folder / name, out / name)
    # a second run skips what is there
    assert main(["convert", str(mixed_folder), str(out), "--syntax", "RLELossless"]) == 1
    assert "5 files: 0 done, 4 skipped, 0 refused, 1 failed" in capsys.readouterr().err


def test_missing_input_and_overlapping_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing"
    assert main(["convert", str(missing), str(tmp_path / "o"), "--syntax", "RLELossless"]) == 1
    assert capsys.readouterr().err == f"dicodec convert: {missing}: no such file or folder\n"
    (tmp_path / "in").mkdir()
    assert (
        main(["convert", str(tmp_path / "in"), str(tmp_path / "in" / "o"), "-s", "RLELossless"])
        == 2
    )
    assert "may not be inside the input" in capsys.readouterr().err


def test_an_empty_folder_converts_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    assert main(["convert", str(tmp_path / "in"), str(tmp_path / "out"), "-s", "RLELossless"]) == 0
    assert "0 files: 0 done" in capsys.readouterr().err


def test_ctrl_c_leaves_whole_files_or_none(
    mixed_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted while writing the third file: the two before are whole, nothing else is
    there (no temporary file either), and the exit status is 130."""
    calls = []
    replace = os.replace

    def interrupted(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise KeyboardInterrupt
        replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    out = tmp_path / "out"
    assert main(["convert", str(mixed_folder), str(out), "--syntax", "ExplicitVRBigEndian"]) == 130
    present = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(present) == 2 and not any(p.name.startswith(".") for p in present)
    for path in present:
        assert dcmread(path).file_meta.TransferSyntaxUID == ExplicitVRBigEndian


def test_each_bad_file_is_one_line_when_piped(mixed_folder: Path, tmp_path: Path) -> None:
    """Piped, progress is counts only: each file not done is listed once, at the end."""
    from tests.cli.conftest import run_dicodec

    (mixed_folder / "more.txt").write_text("not DICOM either")
    result = run_dicodec("convert", str(mixed_folder), str(tmp_path / "o"), "-s", "RLELossless")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert sum("notes.txt" in line for line in lines) == 1
    assert sum("more.txt" in line for line in lines) == 1
    assert lines[-1].startswith("6 files: 4 done, 0 skipped, 0 refused, 2 failed")
