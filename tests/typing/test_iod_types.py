"""The IOD views as mypy --strict and pyright see them from user code.

Type 1 attributes of mandatory modules are plain types, Type 2 ones `X | None`, sequence
items typed down the module tables; the negative cases fail on exactly the lines marked
`# E:`, with the checkers' own messages. One run of each checker covers both files (each
run reads the generated views of every IOD the cases import).
"""

from __future__ import annotations

import re

import pytest

from tests.typing.test_accessor_types import CASES, _marked_lines, _mypy, _pyright

pytestmark = pytest.mark.slow

OK, BAD = CASES / "iods_ok.py", CASES / "iods_bad.py"


def _flagged(out: str, pattern: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(pattern, out, re.MULTILINE)}


def test_mypy_types_the_views_and_flags_the_marked_lines() -> None:
    out = _mypy(OK, BAD)
    revealed = re.findall(r'iods_ok\.py:\d+: note: Revealed type is "([^"]+)"', out)
    assert [r.removeprefix("builtins.") for r in revealed] == [
        "int",
        "dicodec.values.numbers.DSfloat | None",
        "dicodec.values.uid.UID",
        "dicodec.values.numbers.IS",
    ], out
    assert not re.search(r"iods_ok\.py:\d+: error", out), out
    errors = _flagged(out, r"iods_bad\.py:(\d+): error: (.*)$")
    assert set(errors) == _marked_lines(BAD), out
    messages = list(errors.values())
    assert 'Value of type "Items[RTBeamsBeamSequenceItem] | None" is not indexable' in messages[0]
    assert '"CTImage" has no attribute "BeamSequence"' in messages[1]
    assert 'expression has type "str", variable has type "int | None"' in messages[2]
    assert 'Unsupported operand types for + ("int" and "None")' in messages[3]
    assert 'Module "dicodec.iods" has no attribute "CTImag"' in messages[4]


def test_pyright_types_the_views_and_flags_the_marked_lines() -> None:
    out = _pyright(OK, BAD)
    revealed = re.findall(r'iods_ok\.py:\d+:\d+ - information: Type of "[^"]+" is "([^"]+)"', out)
    assert revealed == ["int", "DSfloat | None", "UID", "IS"], out
    assert not re.search(r"iods_ok\.py:\d+:\d+ - error", out), out
    errors = _flagged(out, r"iods_bad\.py:(\d+):\d+ - error: (.*)$")
    assert set(errors) == _marked_lines(BAD), out
    messages = list(errors.values())
    assert 'Object of type "None" is not subscriptable' in messages[0]
    assert 'Cannot access attribute "BeamSequence" for class "CTImage"' in messages[1]
    assert 'Cannot assign to attribute "Rows" for class "CTImage"' in messages[2]
    assert 'Operator "+" not supported for types "int" and "None"' in messages[3]
    assert '"CTImag" is unknown import symbol' in messages[4]
