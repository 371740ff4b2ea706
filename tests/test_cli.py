"""`dicodec show`: the listing of a file; with no file, the bundled sample (what `make demo` runs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dicodec.cli import main
from dicodec.data import get_testdata_file

DICODEC = Path(sys.executable).parent / "dicodec"


def test_show_without_a_file_prints_the_seed_listing(seed_dump: str) -> None:
    result = subprocess.run([str(DICODEC), "show"], capture_output=True, text=True, check=True)
    assert result.stdout == seed_dump if seed_dump.endswith("\n") else seed_dump + "\n"


def test_show_meta_prints_the_file_meta_first(capsys) -> None:
    assert main(["show", "--meta", get_testdata_file("rtplan.dcm")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("(0002, 0000) File Meta Information Group Length")
    assert "(0002, 0010) Transfer Syntax UID                 UI: Explicit VR Little Endian" in out


def test_show_reports_a_bad_file_in_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "not.dcm"
    bad.write_bytes(b"not dicom at all" * 20)
    assert main(["show", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("dicodec: not a DICOM Part 10 file") and err.count("\n") == 1
