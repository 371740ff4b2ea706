"""The CT package under the tools of the codebase it goes into: ruff, mypy --strict; user code
sees the selected keywords' types, and a keyword outside the selection is a type error. And
`dicodec embed` makes the same bytes each time it runs."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.embedding.conftest import CT_OPTIONS, REPO, Package

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
CONFIG = REPO / "pyproject.toml"  # dicodec's own rules: E, F, W, I, B, UP, RUF; 100 columns
MYPY = ("--strict", "--warn-unreachable", "--python-version", "3.10", "--no-error-summary")

USER_CODE = """\
from ctcodec import Dataset, dcmread

ds = dcmread("ct.dcm")
reveal_type(ds.PatientName)
reveal_type(ds.StudyDate)
reveal_type(ds.ImageType)
reveal_type(ds.SeriesNumber)
reveal_type(ds.ProcedureCodeSequence)
reveal_type(ds.StudyInstanceUID)
ds.PatientName = "Doe^Jane"
ds.SeriesNumber = 2
item: Dataset = ds.ProcedureCodeSequence[0]
reveal_type(item.CodeValue)
print(ds.CTDIvol)
ds.KVP = 120
ds.SeriesNumber = 2.5
"""

REVEALED = {
    4: "ctcodec.values.person_name.PersonName",
    5: "str",
    6: "ctcodec.values.multivalue.MultiValue[str] | str",
    7: "ctcodec.values.numbers.IS | None",
    8: "ctcodec.sequence.Sequence",
    9: "ctcodec.values.uid.UID",
    13: "str",
}
ERRORS = {
    14: '"FileDataset" has no attribute "CTDIvol"',
    15: '"FileDataset" has no attribute "KVP"',
    16: 'Incompatible types in assignment (expression has type "float", variable has type '
    '"int | str | None")',
}


def test_ruff_passes_the_packages(ct_package: Package, pixel_package: Package) -> None:
    for args in (["check"], ["format", "--check"]):
        done = subprocess.run(
            [
                str(BIN / "ruff"),
                *args,
                "--no-cache",
                "--config",
                str(CONFIG),
                str(ct_package.path),
                str(pixel_package.path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_passes_the_packages_and_types_user_code(
    ct_package: Package, pixel_package: Package, tmp_path: Path
) -> None:
    user = ct_package.root / "user_code.py"
    user.write_text(USER_CODE, encoding="utf-8")
    done = subprocess.run(
        [
            str(BIN / "mypy"),
            *MYPY,
            "--cache-dir",
            str(tmp_path / "cache"),
            "ctcodec",
            "ctpix",
            "user_code.py",
        ],
        cwd=ct_package.root,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.splitlines()
    assert [line for line in lines if not line.startswith("user_code.py")] == []
    revealed = {}
    errors = {}
    for line in lines:
        match = re.match(r"user_code\.py:(\d+): (note|error): (.*?)(  \[[\w-]+\])?$", line)
        assert match, line
        number, kind, text = int(match.group(1)), match.group(2), match.group(3)
        if kind == "note":
            revealed[number] = text.removeprefix("Revealed type is ").strip('"')
        else:
            errors[number] = text
    assert revealed == REVEALED
    assert errors == ERRORS


def test_dicodec_embed_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    """Run from two folders (the command records `-o` as given: the same words, the same bytes)."""
    made = []
    for run in ("first", "second"):
        cwd = tmp_path / run
        cwd.mkdir()
        done = subprocess.run(
            [str(BIN / "dicodec"), "embed", "--package", "ctcodec", "-o", "vendor", *CT_OPTIONS],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("vendor/ctcodec/: ")
        made.append(cwd / "vendor" / "ctcodec")
    compared = filecmp.dircmp(made[0], made[1])
    assert compared.left_only == compared.right_only == []
    for name in sorted(p.relative_to(made[0]) for p in made[0].rglob("*") if p.is_file()):
        assert (made[0] / name).read_bytes() == (made[1] / name).read_bytes(), name
