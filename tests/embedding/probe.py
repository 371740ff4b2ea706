"""Read, write and change corpus files with a DICOM package, and say what it saw, as JSON.

Run in a fresh virtual environment with an embedded package only
(`python probe.py PACKAGE REQUEST.json RESULT.json`), and in the test's own process with
dicodec (`probe(dicodec, ...)`): the two results must agree. It imports nothing but the
standard library and the package it is given.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import sys
import warnings
from types import ModuleType
from typing import Any

# the values the probe gives the changed files, read back by pydicom
CHANGES = {"PatientName": "Embedded^Probe", "StudyDescription": "written by the embedded codec"}


def canonical(value: Any, keywords: list[str]) -> Any:
    """A value as JSON that says its type too: equal for equal values of the same types."""
    kind = type(value).__name__
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        return ["bytes", hashlib.sha256(data).hexdigest(), len(data)]
    if isinstance(value, list):
        if value and hasattr(value[0], "_elements"):  # a sequence of datasets
            return [kind, [dataset(item, keywords) for item in value]]
        return [kind, [canonical(v, keywords) for v in value]]
    if isinstance(value, float):
        return [kind, repr(float(value)), str(value)]
    if isinstance(value, int):
        return [kind, int(value), str(value)]
    return [kind, str(value)]


def dataset(ds: Any, keywords: list[str]) -> dict[str, Any]:
    """The tags of a dataset, and each selected keyword it has: its VR and value."""
    found: dict[str, Any] = {"tags": [int(tag) for tag in ds.keys()]}
    for keyword in keywords:
        if keyword in ds:
            found[keyword] = [ds[keyword].VR, canonical(getattr(ds, keyword), keywords)]
    return found


def probe(package: ModuleType, request: dict[str, Any]) -> dict[str, Any]:
    """For each file: the dataset as read, and the written bytes; the changed files written."""
    keywords: list[str] = request["keywords"]
    results: dict[str, Any] = {}
    for path in request["files"]:
        with open(path, "rb") as f:
            data = f.read()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ds = package.dcmread(path, force=request["force"].get(path, False))
                seen = dataset(ds, keywords)
                out = io.BytesIO()
                package.dcmwrite(out, ds)
                written = out.getvalue()
            except Exception as exc:
                results[path] = {"error": type(exc).__name__}
                continue
        results[path] = {
            "dataset": seen,
            "written": hashlib.sha256(written).hexdigest(),
            "unchanged": written == data,
        }
    for path, target in request["change"].items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = package.dcmread(path)
            for keyword, value in CHANGES.items():
                setattr(ds, keyword, value)
            ds.save_as(target)
    return {"results": results, "numpy": "numpy" in sys.modules, "package": package.__name__}


def main(argv: list[str]) -> int:
    name, request_path, result_path = argv
    package = importlib.import_module(name)
    with open(request_path, encoding="utf-8") as f:
        request = json.load(f)
    result = probe(package, request)
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
