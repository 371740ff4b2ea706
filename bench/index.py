"""Indexing an archive, files per second: `dicodec index` against a pydicom loop.

The archive: copies of every corpus file that both libraries read (those that need no
force), spread over folders, on disk. Each side walks it, reads every file's header,
builds the same columns with the same types and writes one Parquet file:
- pydicom: `dcmread(stop_before_pixels=True)` per file, values converted with pydicom's
  own DA/TM/DT types, rows into a pandas DataFrame, `DataFrame.to_parquet` (pyarrow);
- dicodec: `dicodec index` (the library call the command makes, in this process), with
  1 and 2 processes, and on a dask.distributed LocalCluster of 2 worker processes
  (started before the clock, as a running cluster is).
Runs alternate the sides; a figure is the median of its runs.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydicom
from pydicom.multival import MultiValue
from pydicom.valuerep import DA, DT, TM

from dicodec.batch import find
from dicodec.index import DEFAULT_KEYWORDS, IndexSettings, build, plan_update
from dicodec.index.columns import columns

from .cases import Context, custom
from .harness import Figure

COPIES, QUICK_COPIES = 25, 3


def make_archive(ctx: Context, folder: Path) -> list[Path]:
    """Copies of the corpus files that both read without force, one folder per copy."""
    sources = [f for f in ctx.corpus if not f.force]
    for copy in range(QUICK_COPIES if ctx.quick else COPIES):
        for number, f in enumerate(sources):
            target = folder / f"series{copy:03d}" / f"{number:04d}-{Path(f.name).name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.data)
    return sorted(p for p in folder.rglob("*") if p.is_file())


# -- the pydicom loop ---------------------------------------------------------------------------
def _convert(value: Any, arrow_type: str) -> Any:
    if value is None or value == "":
        return None
    try:
        if arrow_type == "date32":
            return DA(str(value))
        if arrow_type == "time64[us]":
            return TM(str(value))
        if arrow_type == "timestamp[us]":
            return DT(str(value)).replace(tzinfo=None)
        if arrow_type.startswith("float"):
            return float(value)
        if "int" in arrow_type:
            return int(value)
        return str(value)
    except (ValueError, TypeError):
        return None


def pydicom_loop(folder: Path, output: Path) -> int:
    """What people write today: walk, dcmread each header, a row of dicts, pandas, Parquet."""
    import pandas as pd
    import pyarrow as pa

    wanted = columns(DEFAULT_KEYWORDS)
    # the same Arrow types as the index (pandas alone would make Rows a float, say)
    schema = pa.schema(
        [("path", pa.string()), ("size", pa.int64()), ("mtime", pa.timestamp("ns", tz="UTC"))]
        + [
            (
                c.keyword,
                pa.list_(pa.type_for_alias(c.arrow_type))
                if c.is_list
                else pa.type_for_alias(c.arrow_type),
            )
            for c in wanted
        ]
        + [("error", pa.string())]
    )
    rows = []
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            stat = os.stat(path)
            row: dict[str, Any] = {
                "path": path,
                "size": stat.st_size,
                "mtime": stat.st_mtime_ns,
                "error": None,
            }
            try:
                ds = pydicom.dcmread(path, stop_before_pixels=True)
                for col in wanted:
                    source = ds.file_meta if col.tag >> 16 == 0x0002 else ds
                    value = source.get(col.keyword)
                    if isinstance(value, MultiValue):
                        converted = [_convert(v, col.arrow_type) for v in value]
                        row[col.keyword] = converted if col.is_list else converted[0]
                    else:
                        one = _convert(value, col.arrow_type)
                        row[col.keyword] = [one] if col.is_list and one is not None else one
            except Exception as exc:
                row["error"] = str(exc)
            rows.append(row)
    frame = pd.DataFrame(rows, columns=[f.name for f in schema])
    frame["mtime"] = pd.to_datetime(frame["mtime"], unit="ns", utc=True)
    frame.to_parquet(output, engine="pyarrow", index=False, schema=schema)
    return len(frame)


# -- dicodec --------------------------------------------------------------------------------------
def dicodec_index(folder: Path, output: Path, processes: int) -> int:
    settings = IndexSettings(DEFAULT_KEYWORDS)
    plan = plan_update([str(p) for p in find([folder])], output, settings, update=False)
    _, rows = build(plan, output, settings, processes=processes)
    return rows


def dicodec_dask(folder: Path, output: Path, client: Any) -> int:
    from dicodec.index.distributed import build_on_dask

    settings = IndexSettings(DEFAULT_KEYWORDS)
    plan = plan_update([str(p) for p in find([folder])], output, settings, update=False)
    _, rows = build_on_dask(plan, output, settings, client)
    return rows


# -- what the machine gives two processes ------------------------------------------------------
def _spin(loops: int) -> int:
    total = 0
    for i in range(loops):
        total += i * i % 7
    return total


def machine_ceiling(processes: int = 2, tasks: int = 8, loops: int = 1_000_000) -> float:
    """How many times the work of one process `processes` processes get done in the same
    time, on a pure-Python CPU loop (no I/O, no sharing): the most any figure of `processes`
    processes can show on this machine now (other sessions' processes take their share)."""
    from concurrent.futures import ProcessPoolExecutor

    started = time.perf_counter()
    for _ in range(tasks):
        _spin(loops)
    alone = time.perf_counter() - started
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(_spin, [1] * processes))  # the processes started, as the index's are
        started = time.perf_counter()
        list(pool.map(_spin, [loops] * tasks))
        together = time.perf_counter() - started
    return alone / together


def _alternate(sides: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Time each side `runs` times, in alternating order, after one untimed warm-up each."""
    times: dict[str, list[float]] = {name: [] for name in sides}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fn in sides.values():  # warm-up: imports, the page cache
            fn()
        for run in range(runs):
            order = list(sides) if run % 2 == 0 else list(sides)[::-1]
            for name in order:
                t0 = time.perf_counter()
                sides[name]()
                times[name].append(time.perf_counter() - t0)
    return times


@custom(
    "index-files",
    "index an archive's headers into Parquet, files/s (dicodec: 1 process; 'pydicom': "
    "a dcmread loop into pandas)",
    ">= 4x",
    4.0,
)
def index_files(ctx: Context, figure: Figure) -> None:
    from dicodec.index.distributed import connect

    runs = 2 if ctx.quick else 5
    ceilings = [machine_ceiling()]
    with tempfile.TemporaryDirectory(prefix="dicodec-bench-index-") as tmp:
        folder = Path(tmp) / "archive"
        files = make_archive(ctx, folder)
        out = Path(tmp) / "out"
        out.mkdir()
        times = _alternate(
            {
                "pydicom loop": lambda: pydicom_loop(folder, out / "pydicom.parquet"),
                "dicodec, 1 process": lambda: dicodec_index(folder, out / "one.parquet", 1),
                "dicodec, 2 processes": lambda: dicodec_index(folder, out / "two.parquet", 2),
            },
            runs,
        )
        # the cluster only now: its scheduler's thread would share this process's time
        started = time.perf_counter()
        client, cluster = connect("local", 2)
        cluster_start = time.perf_counter() - started
        try:

            def on_dask() -> None:
                shutil.rmtree(out / "dask", ignore_errors=True)
                dicodec_dask(folder, out / "dask", client)

            times |= _alternate({"dicodec on Dask, 2 workers": on_dask}, runs)
        finally:
            client.close()
            cluster.close()
    ceilings.append(machine_ceiling())
    medians = {name: statistics.median(t) for name, t in times.items()}
    rates = {name: len(files) / seconds for name, seconds in medians.items()}
    figure.runs = runs
    figure.pydicom = medians["pydicom loop"]
    figure.dicodec = medians["dicodec, 1 process"]
    figure.spread = {name: [min(t), max(t)] for name, t in times.items()}
    figure.extra["files"] = len(files)
    figure.extra["files_per_second"] = rates
    figure.extra["cluster_start_seconds"] = cluster_start
    figure.extra["machine_ceiling_2_processes"] = ceilings
    figure.extra["paired_speedup"] = statistics.median(
        p / d for p, d in zip(times["pydicom loop"], times["dicodec, 1 process"], strict=True)
    )
    figure.judge()
    one = rates["dicodec, 1 process"]
    figure.notes.append(
        f"{len(files)} files ({os.cpu_count()} cpus): "
        + ", ".join(f"{name} {rate:.0f} files/s" for name, rate in rates.items())
    )
    figure.notes.append(
        f"scaling: 2 processes {rates['dicodec, 2 processes'] / one:.2f}x one, Dask 2 workers "
        f"{rates['dicodec on Dask, 2 workers'] / one:.2f}x one (LocalCluster start, not "
        f"timed: {cluster_start:.1f} s); the machine's own ceiling, a pure-Python CPU loop "
        f"in 2 processes: {ceilings[0]:.2f}x one before the runs, {ceilings[1]:.2f}x after"
    )
