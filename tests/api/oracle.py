"""One script, run with pydicom and with dicodec: the same result, or the same kind of error.

A script takes a namespace of the library's modules under pydicom's names (`lib.tag.Tag`,
`lib.dataset.Dataset`, `lib.datadict.dictionary_VR`, ...) and returns plain values.
"""

from __future__ import annotations

import importlib
import math
import types
import warnings
from collections.abc import Callable
from typing import Any

MODULES = (
    "config",
    "charset",
    "datadict",
    "dataelem",
    "dataset",
    "filereader",
    "multival",
    "pixels",
    "sequence",
    "tag",
    "uid",
    "valuerep",
)


def library(name: str) -> types.SimpleNamespace:
    """The package `name` and its modules of pydicom's names, as attributes."""
    found = {m: importlib.import_module(f"{name}.{m}") for m in MODULES}
    return types.SimpleNamespace(root=importlib.import_module(name), name=name, **found)


PYDICOM = library("pydicom")
DICODEC = library("dicodec")
Script = Callable[..., Any]  # a namespace (and defaults the loop binds) -> results


def plain(value: Any) -> Any:
    """A result in plain Python types, so that the two libraries' results compare."""
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ in ("MultiValue", "Sequence"):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return "nan" if math.isnan(value) else float(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if type(value).__module__ == "numpy":
        return plain(value.tolist())
    return str(value)


def run(lib: types.SimpleNamespace, script: Script) -> tuple[Any, BaseException | None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return script(lib), None
        except Exception as exc:
            return None, exc


def same(script: Script, *, plain_results: bool = True) -> Any:
    """Run `script` with both libraries: equal results, or dicodec's error is pydicom's kind."""
    expected, their_error = run(PYDICOM, script)
    result, our_error = run(DICODEC, script)
    if their_error is not None:
        assert our_error is not None, f"pydicom raised {their_error!r}, dicodec gave {result!r}"
        assert same_kind(our_error, their_error), (our_error, their_error)
        return None
    assert our_error is None, f"dicodec raised {our_error!r}, pydicom gave {expected!r}"
    if plain_results:
        expected, result = plain(expected), plain(result)
    assert result == expected
    return result


def same_kind(ours: BaseException, theirs: BaseException) -> bool:
    """dicodec's error is pydicom's kind: an instance of its built-in class, or of dicodec's
    class of the same name for pydicom's own (InvalidDicomError)."""
    kind = type(theirs)
    if kind.__module__.startswith("pydicom"):
        return any(k.__name__ == kind.__name__ for k in type(ours).__mro__)
    return isinstance(ours, kind)
