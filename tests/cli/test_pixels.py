"""`dicodec pixels IN --png OUT`: frames as a viewer shows them, checked against pydicom."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pydicom
import pytest
from numpy.typing import NDArray
from PIL import Image
from pydicom.pixels import apply_color_lut, apply_modality_lut

from dicodec import dcmread
from dicodec.cli import main
from tests.cli.conftest import pydicom_file


def _png(path: Path) -> NDArray[np.uint8]:
    return np.asarray(Image.open(path))


def _window(values: NDArray[np.float64], center: float, width: float) -> NDArray[np.uint8]:
    """PS3.3 C.11.2.1.2.1, LINEAR, to 0..255 (written here from the standard)."""
    c, w = center - 0.5, width - 1
    out = ((values - c) / w + 0.5) * 255
    out = np.where(values <= c - w / 2, 0, np.where(values > c + w / 2, 255, out))
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


@pytest.mark.parametrize(
    ("args", "center", "width"), [([], 600.0, 1600.0), (["--window", "40,400"], 40.0, 400.0)]
)
def test_modality_lut_and_window(
    tmp_path: Path, args: list[str], center: float, width: float
) -> None:
    source = pydicom_file("693_J2KI.dcm")  # rescaled, with a window in the file
    theirs = pydicom.dcmread(source)
    if not args:
        center, width = float(theirs.WindowCenter), float(theirs.WindowWidth)
    out = tmp_path / "ct.png"
    assert main(["pixels", str(source), "--png", str(out), *args]) == 0
    expected = _window(
        apply_modality_lut(theirs.pixel_array, theirs).astype(np.float64), center, width
    )
    image = _png(out)
    assert image.dtype == np.uint8 and image.shape == (theirs.Rows, theirs.Columns)
    assert np.array_equal(image, expected)


def test_no_window_in_the_file_spans_the_frame(tmp_path: Path) -> None:
    source = pydicom_file("CT_small.dcm")  # rescaled, no window
    theirs = pydicom.dcmread(source)
    out = tmp_path / "ct.png"
    assert main(["pixels", str(source), "--png", str(out), "--voi"]) == 0
    values = apply_modality_lut(theirs.pixel_array, theirs).astype(np.float64)
    expected = np.rint((values - values.min()) * 255 / (values.max() - values.min()))
    assert np.array_equal(_png(out), expected.astype(np.uint8))


def test_monochrome1_is_inverted(tmp_path: Path) -> None:
    ds = dcmread(pydicom_file("MR_small.dcm"))
    normal, inverted = tmp_path / "m2.png", tmp_path / "m1.png"
    ds.save_as(tmp_path / "m2.dcm")
    ds.PhotometricInterpretation = "MONOCHROME1"
    ds.save_as(tmp_path / "m1.dcm")
    assert main(["pixels", str(tmp_path / "m2.dcm"), "--png", str(normal)]) == 0
    assert main(["pixels", str(tmp_path / "m1.dcm"), "--png", str(inverted)]) == 0
    assert np.array_equal(_png(inverted), 255 - _png(normal))


def test_a_voi_lut_sequence_is_applied(tmp_path: Path) -> None:
    from dicodec import Dataset

    ds = dcmread(pydicom_file("MR_small.dcm"))
    lut = Dataset()
    lut.LUTDescriptor = [256, 0, 8]  # values 0..255 map to entries; above, the last
    lut.LUTData = list(range(255, -1, -1))  # an inverting ramp
    ds.VOILUTSequence = [lut]
    ds.save_as(tmp_path / "voi.dcm")
    out = tmp_path / "voi.png"
    assert main(["pixels", str(tmp_path / "voi.dcm"), "--png", str(out)]) == 0
    stored = pydicom.dcmread(tmp_path / "voi.dcm").pixel_array.astype(np.int64)
    assert np.array_equal(_png(out), (255 - np.clip(stored, 0, 255)).astype(np.uint8))


@pytest.mark.parametrize(
    "name", ["SC_rgb_rle.dcm", "SC_ybr_full_422_uncompressed.dcm", "SC_rgb_rle_16bit.dcm"]
)
def test_colour_is_rgb(tmp_path: Path, name: str) -> None:
    theirs = pydicom.dcmread(pydicom_file(name))
    out = tmp_path / "rgb.png"
    assert main(["pixels", str(pydicom_file(name)), "--png", str(out)]) == 0
    expected = theirs.pixel_array
    if theirs.BitsAllocated == 16:
        expected = np.rint(expected * (255 / 65535))
    image = _png(out)
    assert image.shape == (theirs.Rows, theirs.Columns, 3)
    assert np.array_equal(image, expected.astype(np.uint8))


def test_palette_colour(tmp_path: Path) -> None:
    source = pydicom_file("examples_palette.dcm")
    theirs = pydicom.dcmread(source)
    out = tmp_path / "palette.png"
    assert main(["pixels", str(source), "--png", str(out)]) == 0
    rgb = apply_color_lut(theirs.pixel_array, theirs)
    assert np.array_equal(_png(out), np.rint(rgb * (255 / 65535)).astype(np.uint8))


def test_frames_one_or_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = pydicom_file("SC_rgb_rle_2frame.dcm")
    theirs = pydicom.dcmread(source).pixel_array
    assert main(["pixels", str(source), "--png", str(tmp_path / "f2.png"), "--frame", "2"]) == 0
    assert np.array_equal(_png(tmp_path / "f2.png"), theirs[1])
    assert main(["pixels", str(source), "--png", str(tmp_path / "all.png"), "--all"]) == 0
    assert sorted(p.name for p in tmp_path.glob("all-*.png")) == ["all-0001.png", "all-0002.png"]
    assert np.array_equal(_png(tmp_path / "all-0001.png"), theirs[0])
    assert main(["pixels", str(source), "--png", str(tmp_path / "f3.png"), "--frame", "3"]) == 1
    assert "refused: " in capsys.readouterr().err and not (tmp_path / "f3.png").exists()


def test_a_folder_gives_a_tree_of_pngs(
    mixed_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (mixed_folder / "plan.dcm").write_bytes(pydicom_file("rtplan.dcm").read_bytes())
    out = tmp_path / "png"
    assert main(["pixels", str(mixed_folder), "--png", str(out), "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    assert f"refused: {mixed_folder / 'plan.dcm'}: no Pixel Data: not an image" in err
    assert f"failed: {mixed_folder / 'notes.txt'}: InvalidDicomError" in err
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["ct.png", "mr/deeper/rgb.png", "mr/deeper/rle.png", "mr/mr.png"]


def test_missing_input_and_pillow_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no.dcm"
    assert main(["pixels", str(missing), "--png", str(tmp_path / "x.png")]) == 1
    assert capsys.readouterr().err == f"dicodec pixels: {missing}: no such file or folder\n"
    monkeypatch.setitem(sys.modules, "PIL", None)  # as if Pillow were not installed
    code = main(["pixels", str(pydicom_file("CT_small.dcm")), "--png", str(tmp_path / "x.png")])
    assert code == 2
    assert (
        capsys.readouterr().err
        == 'dicodec pixels: writing PNG needs Pillow: pip install "dicodec[png]"\n'
    )
