"""The built wheel is the package `dicodec`: runtime/ plus generated/, typed, with its sample."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("dicodec-*.whl")
    return found


def test_wheel_holds_both_halves_and_nothing_else(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "dicodec/" + p.relative_to(REPO / "runtime").as_posix()
        for p in (REPO / "runtime").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".typed", ".dcm")
    }
    expected |= {
        "dicodec/generated/" + p.relative_to(REPO / "generated").as_posix()
        for p in (REPO / "generated").rglob("*")
        if p.suffix in (".py", ".typed") and "__pycache__" not in p.parts
    }
    assert expected <= names, sorted(expected - names)
    assert "dicodec/py.typed" in names and "dicodec/data/rtplan.dcm" in names
    assert not any(n.startswith(("codegen/", "spec/", "tests/")) for n in names)


def test_installed_wheel_imports_without_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import dicodec, dicodec.generated.keywords, sys;"
        "from dicodec.data import get_testdata_file;"
        "ds = dicodec.dcmread(get_testdata_file('rtplan.dcm'));"
        "assert ds.BeamSequence[0].BeamName == 'Field 1';"
        "assert 'jinja2' not in sys.modules and 'yaml' not in sys.modules and 'pydicom' not in sys.modules;"
        "print(dicodec.__file__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(target), "PATH": ""},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith(str(target))
