"""The generated keyword accessors, as mypy and pyright see them from user code.

Positive cases type-check cleanly and reveal the right types; negative cases
(a misspelt keyword, a value of the wrong type) are errors on exactly the
lines marked `# E:`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def _marked_lines(path: Path) -> set[int]:
    return {n for n, line in enumerate(path.read_text().splitlines(), 1) if "# E:" in line}


def _mypy(path: Path, *extra: str) -> str:
    result = subprocess.run(
        [
            str(BIN / "mypy"),
            "--strict",
            "--no-incremental",
            "--hide-error-context",
            *extra,
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=CASES,
    )
    return result.stdout + result.stderr


def _pyright(path: Path) -> str:
    pyright = BIN / "pyright"
    if not pyright.exists() and shutil.which("pyright") is None:
        pytest.fail("pyright is not installed: it is in the test extra")
    result = subprocess.run(
        [str(pyright), "--pythonpath", sys.executable, str(path)],
        capture_output=True,
        text=True,
        cwd=CASES,
    )
    return result.stdout + result.stderr


def test_mypy_reveals_the_value_types() -> None:
    out = _mypy(CASES / "accessors_ok.py")
    revealed = re.findall(r'Revealed type is "([^"]+)"', out)
    assert len(revealed) == 3, out
    assert "PersonName" in revealed[0]
    assert revealed[1] in ("int | None", "builtins.int | None", "Union[builtins.int, None]"), (
        revealed[1]
    )
    assert "MultiValue[dicodec.values.numbers.DSfloat]" in revealed[2], revealed[2]
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert errors == [], out


def test_mypy_flags_misspelt_keywords_and_wrong_types() -> None:
    path = CASES / "accessors_bad.py"
    out = _mypy(path)
    flagged = {int(m) for m in re.findall(r"accessors_bad\.py:(\d+): error", out)}
    assert flagged == _marked_lines(path), out
    assert "PatientNmae" in out


def test_pyright_reveals_the_value_types() -> None:
    out = _pyright(CASES / "accessors_ok.py")
    revealed = re.findall(r'Type of "[^"]+" is "([^"]+)"', out)
    assert len(revealed) == 3, out
    assert revealed[0] == "PersonName"
    assert revealed[1] == "int | None"
    assert revealed[2].startswith("MultiValue[DSfloat]"), revealed[2]
    assert re.search(r"^0 errors", out, re.MULTILINE), out


def test_pyright_flags_misspelt_keywords_and_wrong_types() -> None:
    path = CASES / "accessors_bad.py"
    out = _pyright(path)
    flagged = {int(m) for m in re.findall(r"accessors_bad\.py:(\d+):\d+ - error", out)}
    assert flagged == _marked_lines(path), out


def test_retired_keywords_are_deprecated_for_both_checkers() -> None:
    path = CASES / "retired.py"
    out = _mypy(path, "--enable-error-code", "deprecated")
    flagged = {int(m) for m in re.findall(r"retired\.py:(\d+): error", out)}
    assert flagged == _marked_lines(path), out
    assert "retired from the DICOM standard" in out
    out = _pyright(path)
    flagged = {int(m) for m in re.findall(r"retired\.py:(\d+):\d+ - error", out)}
    assert flagged == _marked_lines(path), out


def test_renamed_keywords_are_deprecated_for_both_checkers() -> None:
    """The old keywords of the standard's renames are flagged, naming the new keyword
    (once an alias has served its editions it is gone, and its use is still an error)."""
    from dicodec.generated.keyword_aliases import KEYWORD_ALIASES

    path = CASES / "renamed.py"
    text = path.read_text()
    current = {old: new for old, (_, new, _) in KEYWORD_ALIASES.items() if f"ds.{old}" in text}
    mypy_out = _mypy(path, "--enable-error-code", "deprecated")
    flagged = {int(m) for m in re.findall(r"renamed\.py:(\d+): error", mypy_out)}
    assert flagged == _marked_lines(path), mypy_out
    pyright_out = _pyright(path)
    flagged = {int(m) for m in re.findall(r"renamed\.py:(\d+):\d+ - error", pyright_out)}
    assert flagged == _marked_lines(path), pyright_out
    for new in current.values():
        assert f"renamed it {new}" in mypy_out and f"renamed it {new}" in pyright_out
