"""The embedded codec of issue 17: size on disk, import time, header reading.

The package is the typical selection, made by `python -m codegen embed` into a temporary
folder: the keywords of the CT Image IOD's Patient, General Study, General Series and
General Image modules, the four native transfer syntaxes. Its figures:
- embed-size: the bytes of the files `dicodec embed` writes (no __pycache__), < 250 KB;
- embed-import: `import ctcodec` in a fresh process, bytecode compiled, < 20 ms and numpy
  not imported (the pydicom column is `import pydicom`, the same way);
- embed-read-headers: read every native corpus file (stop_before_pixels) and get the
  selected keywords it has, with the package and with full dicodec: the package at least
  as fast (the pydicom column is full dicodec here);
- embed-read-headers-pydicom: the same work, the package against pydicom.
"""

from __future__ import annotations

import compileall
import io
import os
import statistics
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pydicom

import dicodec
from dicodec.transfer_syntax import lookup

from .cases import Context, Sides, _both_succeed, case, custom
from .harness import Budget, Figure, Side
from .inputs import CorpusFile

REPO = Path(__file__).resolve().parent.parent
PACKAGE = "ctcodec"
OPTIONS = ("--iod", "CTImage", "--module", "Patient,GeneralStudy,GeneralSeries,GeneralImage")
SIZE_TARGET = 250_000  # bytes
IMPORT_TARGET = 0.020  # seconds
# the keywords a header reader typically asks for, all in the selection
HEADER_KEYWORDS = (
    "PatientID",
    "PatientName",
    "PatientBirthDate",
    "PatientSex",
    "StudyInstanceUID",
    "StudyDate",
    "StudyDescription",
    "AccessionNumber",
    "SeriesInstanceUID",
    "SeriesNumber",
    "Modality",
    "SOPInstanceUID",
    "InstanceNumber",
    "ImageType",
)

_IMPORT = """\
import sys, time
sys.path.insert(0, {root!r})
start = time.perf_counter()
import {name}
elapsed = time.perf_counter() - start
print(elapsed, "numpy" in sys.modules)
"""


def make_package(ctx: Context) -> tuple[Path, ModuleType]:
    """The CT package, made once per benchmark run (and imported, for the header figure)."""
    found = ctx.scratch.get("embedded")
    if found is None:
        root = Path(tempfile.mkdtemp(prefix="bench-embed-"))
        sys.path.insert(0, str(REPO))
        from codegen.embedding.command import main

        code = main(["--package", PACKAGE, "-o", str(root), *OPTIONS])
        if code:
            raise RuntimeError(f"python -m codegen embed failed ({code})")
        compileall.compile_dir(str(root / PACKAGE), quiet=1)
        sys.path.insert(0, str(root))
        import importlib

        found = ctx.scratch["embedded"] = (root, importlib.import_module(PACKAGE))
    return found


@custom(
    "embed-size",
    "the CT package of `dicodec embed` on disk: its files' bytes",
    "< 250 KB",
    None,
)
def embed_size(ctx: Context, figure: Figure) -> None:
    root, _ = make_package(ctx)
    files = [p for p in (root / PACKAGE).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    size = sum(p.stat().st_size for p in files)
    figure.unit = "KB"
    figure.dicodec = size / 1000
    full = [
        p
        for folder in (REPO / "runtime", REPO / "generated")
        for p in folder.rglob("*.py")
        if "__pycache__" not in p.parts
    ]
    figure.pydicom = None
    figure.extra.update(
        bytes=size, files=len(files), dicodec_bytes=sum(p.stat().st_size for p in full)
    )
    figure.met = size < SIZE_TARGET
    figure.notes.append(
        f"{len(files)} files, {size} bytes (full dicodec's runtime/ and generated/: "
        f"{figure.extra['dicodec_bytes'] / 1e6:.1f} MB); the pydicom column is empty here"
    )


def _load() -> str:
    try:
        return ", ".join(f"{n:.1f}" for n in os.getloadavg())
    except OSError:
        return "?"


# the standard library modules `import NAME` loads, and the time they take alone
_STDLIB = """\
import sys
sys.path.insert(0, {root!r})
before = set(sys.modules)
import {name}
print(" ".join(sorted(m for m in set(sys.modules) - before if not m.startswith("{name}"))))
"""
_STDLIB_IMPORT = """\
import importlib, time
start = time.perf_counter()
for module in {modules!r}:
    importlib.import_module(module)
print(time.perf_counter() - start, False)
"""


def _stdlib_time(root: Path, runs: int) -> tuple[float, int]:
    """(median seconds the standard library modules that `import ctcodec` loads take to
    import alone in a fresh process, how many modules)."""
    out = subprocess.run(
        [sys.executable, "-c", _STDLIB.format(root=str(root), name=PACKAGE)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    modules = out.split()
    times = [_import_time(_STDLIB_IMPORT.format(modules=modules))[0] for _ in range(runs)]
    return statistics.median(times), len(modules)


def _import_time(code: str) -> tuple[float, bool]:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    elapsed, numpy = out.split()
    return float(elapsed), numpy == "True"


@custom(
    "embed-import",
    "`import ctcodec` (the CT package) in a fresh process, bytecode compiled; pydicom column: "
    "`import pydicom` the same way",
    "< 20 ms, no numpy",
    None,
)
def embed_import(ctx: Context, figure: Figure) -> None:
    root, _ = make_package(ctx)
    from .cases import compile_bytecode

    figure.notes.append(compile_bytecode())
    runs = 3 if ctx.quick else 15
    ours: list[float] = []
    theirs: list[float] = []
    full: list[float] = []
    numpy = False
    for _ in range(runs):
        elapsed, imported = _import_time(_IMPORT.format(root=str(root), name=PACKAGE))
        ours.append(elapsed)
        numpy = numpy or imported
        theirs.append(_import_time(_IMPORT.format(root=str(root), name="pydicom"))[0])
        full.append(_import_time(_IMPORT.format(root=str(root), name="dicodec"))[0])
    figure.runs = runs
    figure.dicodec = statistics.median(ours)
    figure.pydicom = statistics.median(theirs)
    figure.judge()
    figure.spread = {"pydicom": [min(theirs), max(theirs)], "dicodec": [min(ours), max(ours)]}
    stdlib, modules = _stdlib_time(root, runs)
    figure.extra.update(
        numpy_imported=numpy, full_dicodec_s=statistics.median(full), stdlib_s=stdlib
    )
    figure.met = figure.dicodec < IMPORT_TARGET and not numpy
    figure.notes.append(
        f"median of {runs} fresh processes, the import alone (not the interpreter's start), "
        f"fastest {min(ours) * 1e3:.1f} ms; numpy imported: {numpy}; full dicodec: "
        f"{figure.extra['full_dicodec_s'] * 1e3:.1f} ms; os.getloadavg() before: {_load()}"
    )
    figure.notes.append(
        f"of which the {modules} standard library modules it loads (typing, re, datetime, "
        f"decimal, ...), imported alone in a fresh process: {stdlib * 1e3:.1f} ms median"
    )


def _native(ctx: Context) -> list[CorpusFile]:
    """The corpus files of a native transfer syntax (or none: bare datasets) both read."""
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for f in ctx.corpus:
            try:
                ds = dicodec.dcmread(f.data, force=f.force, stop_before_pixels=True)
            except Exception:
                continue
            syntax = lookup(ds.file_meta.get("TransferSyntaxUID"))
            if syntax is None or not syntax.encapsulated:
                found.append(f)
    return found


def _header(read: Callable[..., Any], f: CorpusFile) -> None:
    """Read one file's header and get the header keywords it has."""
    ds = read(f.data, force=f.force, stop_before_pixels=True)
    for keyword in HEADER_KEYWORDS:
        getattr(ds, keyword, None)


def _pydicom_read(data: bytes, **kwargs: Any) -> Any:
    return pydicom.dcmread(io.BytesIO(data), **kwargs)


def _headers(read: Callable[..., Any], files: list[CorpusFile]) -> Callable[[], None]:
    def run() -> None:
        for f in files:
            _header(read, f)

    return run


@case(
    "embed-read-headers",
    "read the header of every native corpus file and get 14 selected keywords: the CT package "
    "(dicodec column) against full dicodec (pydicom column)",
    "no slower",
    1.0,
    budget=lambda ctx: Budget(ctx.budget.seconds, max(ctx.budget.min_runs, 9), 300),
)
def embed_read_headers(ctx: Context, figure: Figure) -> Sides:
    _, package = make_package(ctx)
    files = _native(ctx)
    ours, theirs = _headers(package.dcmread, files), _headers(dicodec.dcmread, files)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours()  # both read them all
        theirs()
    size = sum(len(f.data) for f in files)
    figure.extra.update(files=len(files), bytes=size)
    figure.notes.append(
        f"{len(files)} files, {size / 1e6:.2f} MB; the pydicom column is full dicodec here"
    )
    return {"pydicom": Side.plain(theirs), "dicodec": Side.plain(ours)}


@case(
    "embed-read-headers-pydicom",
    "read the header of every native corpus file and get 14 selected keywords: the CT package "
    "against pydicom",
    "-",
    None,
    budget=lambda ctx: Budget(ctx.budget.seconds, max(ctx.budget.min_runs, 9), 300),
)
def embed_read_headers_pydicom(ctx: Context, figure: Figure) -> Sides:
    _, package = make_package(ctx)
    work = {
        "pydicom": lambda f: _header(_pydicom_read, f),
        "dicodec": lambda f: _header(package.dcmread, f),
    }
    files = _both_succeed(_native(ctx), work, figure)
    figure.notes.append("the dicodec column is the CT package here")
    return {
        "pydicom": Side.plain(_headers(_pydicom_read, files)),
        "dicodec": Side.plain(_headers(package.dcmread, files)),
    }


__all__ = ["embed_import", "embed_read_headers", "embed_read_headers_pydicom", "embed_size"]
