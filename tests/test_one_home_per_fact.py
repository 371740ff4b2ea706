"""The runtime restates no fact that a generated table holds: VR names, tags, UIDs.

The tables (`dicodec.generated`) are the one home of each fact of the standard;
runtime/ reads them by name (`VRS["OW"].swap_width`, `tags.PixelData`,
`ExplicitVRLittleEndian`). These checks read the runtime's source, so a fact
copied into it fails here, whatever the code around it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dicodec.generated.dictionary import DICTIONARY, KEYWORDS
from dicodec.generated.vrs import VRS

RUNTIME = Path(__file__).resolve().parent.parent / "runtime"
SOURCES = sorted(RUNTIME.rglob("*.py"))
UID_ROOT = "1.2.840.10008."
# Group 0000 (the PS3.7 command elements) has tags 0x0000 to 0x0902: the same numbers
# as counts, sizes and masks. A tag in any other group is at least 0x00010000.
DICTIONARY_TAGS = {tag for tag in (*DICTIONARY, *KEYWORDS.values()) if tag >> 16}


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes (documentation may name VRs; code may not)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _constants(path: Path) -> Iterator[tuple[ast.AST, ast.Constant, bool]]:
    """(parent, constant, is a docstring) for every literal of the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    docstrings = _docstrings(tree)
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            if isinstance(child, ast.Constant):
                yield parent, child, id(child) in docstrings


def _where(path: Path, node: ast.AST) -> str:
    name = path.relative_to(RUNTIME.parent) if path.is_relative_to(RUNTIME) else path.name
    return f"{name}:{getattr(node, 'lineno', '?')}"


def vr_collections(path: Path) -> list[str]:
    """Literal collections (or strings of nothing else) of three or more VR names."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    # `__all__` names Python names, some of them VRs' (pydicom's classes `DA`, `DT`, `TM`)
    exports = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    }
    for node in ast.walk(tree):
        if id(node) in exports:
            continue
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        else:
            continue
        names = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
        if sum(name in VRS for name in names) >= 3:
            found.append(f"{_where(path, node)}: {names}")
    for _, constant, docstring in _constants(path):
        if isinstance(constant.value, str) and not docstring:
            # a string of VR names only ("AE AS AT ...".split()); prose that names VRs is not
            words = constant.value.replace(",", " ").split()
            if len(words) >= 3 and all(word in VRS for word in words):
                found.append(f"{_where(path, constant)}: {constant.value!r}")
    return found


def tag_numbers(path: Path) -> list[str]:
    """Integer literals equal to the number of a tag of the data dictionary."""
    return [
        f"{_where(path, constant)}: {constant.value:#010x}"
        for _, constant, _ in _constants(path)
        if type(constant.value) is int and constant.value in DICTIONARY_TAGS
    ]


def uid_strings(path: Path) -> list[str]:
    """Strings (docstrings included) holding a UID of the DICOM root."""
    return [
        f"{_where(path, constant)}: {constant.value!r}"
        for _, constant, _ in _constants(path)
        if isinstance(constant.value, str) and UID_ROOT in constant.value
    ]


Check = Callable[[Path], list[str]]


@pytest.mark.parametrize("check", [vr_collections, tag_numbers, uid_strings])
def test_the_runtime_restates_no_table(check: Check) -> None:
    found = [line for path in SOURCES for line in check(path)]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("source", "check", "expected"),
    [
        ('_LINE = frozenset({"LT", "ST", "UT"})', vr_collections, 1),
        ('NAMES = "AE AS AT CS".split()', vr_collections, 1),
        ('WHY = "DA, DT and TM values stay text"', vr_collections, 0),
        ('def f():\n    """SH, LO and ST are text."""\n    return ("SQ", "UN")', vr_collections, 0),
        ("PIXEL_DATA = 0x7FE00010", tag_numbers, 1),
        ("ITEM = 0xFFFEE000", tag_numbers, 1),
        ("MASK, LENGTH = 0xFFFF, 0xFFFFFFFF", tag_numbers, 0),
        ('"""Explicit VR Little Endian, 1.2.840.10008.1.2.1."""', uid_strings, 1),
        ('RLE = "1.2.840.10008.1.2.5"', uid_strings, 1),
    ],
)
def test_the_checks_find_what_they_look_for(
    tmp_path: Path, source: str, check: Check, expected: int
) -> None:
    """Each check finds a restated fact, and only that (so that the test above can fail)."""
    module = tmp_path / "probe.py"
    module.write_text(source, encoding="utf-8")
    found = check(module)
    assert len(found) == expected, found
