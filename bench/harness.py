"""Paired timing of pydicom and dicodec, the table and the JSON.

Each run times both libraries once, in alternating order (pydicom first on
even runs, dicodec first on odd ones), so slow drift of the machine (clock,
caches, other load) falls on both alike. A figure is the median of its runs.
Untimed preparation (reading the datasets a figure edits, say) runs before
every timed call, so no run reuses what an earlier run decoded or cached.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

LIBRARIES = ("pydicom", "dicodec")

# A timed call: either the thing to time, or `prepare` returns it (untimed) run by run.
Timed = Callable[[], object]


@dataclass
class Side:
    """What one library does for a figure: `prepare()` (untimed) returns the call to time."""

    prepare: Callable[[], Timed]

    @classmethod
    def plain(cls, fn: Timed) -> Side:
        return cls(lambda: fn)


@dataclass
class Budget:
    """How many runs: at least `min_runs`, then more until `seconds` have passed or `max_runs`."""

    seconds: float = 4.0
    min_runs: int = 5
    max_runs: int = 200


@dataclass
class Figure:
    """One row of the table."""

    name: str
    title: str
    target: str  # as the issue states it
    target_speedup: float | None  # met when speed-up >= this (None: judged by `met` below)
    unit: str = "s"
    pydicom: float | None = None  # median
    dicodec: float | None = None
    speedup: float | None = None  # pydicom / dicodec
    met: bool | None = None
    runs: int = 0
    spread: dict[str, list[float]] = field(default_factory=dict)  # library -> [min, max]
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def judge(self) -> None:
        if self.pydicom and self.dicodec:
            self.speedup = self.pydicom / self.dicodec
            if self.target_speedup is not None:
                self.met = self.speedup >= self.target_speedup


def _timed(fn: Timed) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(
    figure: Figure, sides: dict[str, Side], budget: Budget, *, warmup: bool = True
) -> Figure:
    """Time both sides, alternating, and fill in the figure's medians and speed-up."""
    times: dict[str, list[float]] = {lib: [] for lib in LIBRARIES}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if warmup:  # first-use imports (pixel plugins, lazy modules) are not what is measured
            for lib in LIBRARIES:
                sides[lib].prepare()()
        started = time.perf_counter()
        run = 0
        while run < budget.min_runs or (
            run < budget.max_runs and time.perf_counter() - started < budget.seconds
        ):
            order = LIBRARIES if run % 2 == 0 else LIBRARIES[::-1]
            for lib in order:
                call = sides[lib].prepare()
                times[lib].append(_timed(call))
            run += 1
    figure.runs = run
    figure.pydicom = statistics.median(times["pydicom"])
    figure.dicodec = statistics.median(times["dicodec"])
    figure.spread = {lib: [min(t), max(t)] for lib, t in times.items()}
    # the median of each run's own ratio: robust to load that comes and goes between runs
    figure.extra["paired_speedup"] = statistics.median(
        p / d for p, d in zip(times["pydicom"], times["dicodec"], strict=True)
    )
    figure.judge()
    return figure


def median_time(fn: Timed, budget: Budget) -> float:
    """The median time of one call (for reference figures such as a memory copy)."""
    times: list[float] = []
    fn()
    started = time.perf_counter()
    while len(times) < budget.min_runs or (
        len(times) < budget.max_runs and time.perf_counter() - started < budget.seconds / 2
    ):
        times.append(_timed(fn))
    return statistics.median(times)


# -- the machine ----------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "versions": {
            name: _version(name)
            for name in (
                "dicodec",
                "pydicom",
                "numpy",
                "pylibjpeg",
                "pylibjpeg-libjpeg",
                "pylibjpeg-openjpeg",
                "pylibjpeg-rle",
                "pyjpegls",
                "pillow",
            )
        },
    }


# -- output ---------------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "KB":
        return f"{value:.1f} KB"
    if value >= 1:
        return f"{value:.3f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.2f} ms"
    return f"{value * 1e6:.1f} us"


def _verdict(figure: Figure) -> str:
    return "-" if figure.met is None else ("met" if figure.met else "NOT MET")


def table(figures: list[Figure]) -> str:
    header = ("figure", "pydicom", "dicodec", "speed-up", "paired", "target", "result", "runs")
    rows = [
        (
            f.name,
            _fmt(f.pydicom, f.unit),
            _fmt(f.dicodec, f.unit),
            "-" if f.speedup is None else f"{f.speedup:.2f}x",
            f"{f.extra['paired_speedup']:.2f}x" if "paired_speedup" in f.extra else "-",
            f.target,
            _verdict(f),
            str(f.runs),
        )
        for f in figures
    ]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.append(
        "speed-up = pydicom median / dicodec median; paired = median of the per-run ratios "
        "(runs alternate the two libraries)"
    )
    notes = [f"  {f.name}: {n}" for f in figures for n in f.notes]
    if notes:
        lines += ["", "notes:", *notes]
    return "\n".join(lines)


def describe_machine(info: dict[str, Any]) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in info["versions"].items() if v)
    return (
        f"date: {info['date']}\n"
        f"cpu: {info['cpu']} ({info['cpus']} cpus), {info['platform']}\n"
        f"python: {info['implementation']} {info['python']}\n"
        f"versions: {versions}"
    )


def write_json(path: Path, info: dict[str, Any], figures: list[Figure], **more: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"machine": info, **more, "figures": [asdict(f) for f in figures]}
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
