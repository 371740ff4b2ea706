"""What the command-line tests share: the corpus, a folder of it, and running `dicodec`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.io.test_conformance import corpus

DICODEC = Path(sys.executable).parent / "dicodec"


def pydicom_file(name: str) -> Path:
    (found,) = [p for p in corpus() if p.name == name]
    return found


def run_dicodec(*args: str) -> subprocess.CompletedProcess[str]:
    """`dicodec ARGS` in a process of its own (as a user runs it)."""
    return subprocess.run([str(DICODEC), *args], capture_output=True, text=True, check=False)


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """A folder tree of corpus files, a file that is not DICOM and an empty sub-folder."""
    folder = tmp_path / "in"
    (folder / "mr" / "deeper").mkdir(parents=True)
    (folder / "empty").mkdir()
    shutil.copy(pydicom_file("CT_small.dcm"), folder / "ct.dcm")
    shutil.copy(pydicom_file("MR_small.dcm"), folder / "mr" / "mr.dcm")
    shutil.copy(pydicom_file("MR_small_RLE.dcm"), folder / "mr" / "deeper" / "rle.dcm")
    shutil.copy(pydicom_file("SC_rgb_rle.dcm"), folder / "mr" / "deeper" / "rgb.dcm")
    (folder / "notes.txt").write_text("not DICOM at all" * 20)
    return folder
