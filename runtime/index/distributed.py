"""`dicodec index --dask SCHEDULER|local`: the same per-file function on a dask.distributed
cluster (the `dask` extra), written as a partitioned Parquet dataset.

The files are cut into shares; each task reads its share with `rows.index_files` and
writes it as one part of the dataset (the workers must see the files and the output folder
at the same paths: a shared file system). The parts are written into a hidden folder
beside the output, which becomes the output when every part is there: an interrupted run
leaves the old index as it was. With --all-top-level the parts are then given the same
columns (each part has those of its own files).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from dicodec.batch import Job, NoProgress, Outcome, Progress, Status, Summary
from dicodec.index import Plan
from dicodec.index.rows import IndexSettings, index_files

# seconds to wait for a scheduler to answer
CONNECT_TIMEOUT = 10
# files per task at most: enough to make a task's overhead small (a few ms per task)
SHARE = 500


def index_part(
    paths: list[str], part: str, settings: IndexSettings
) -> list[tuple[str, str | None]]:
    """A Dask task: the rows of `paths`, written as the Parquet file `part`; returns each
    path with its error (None when read)."""
    from dicodec.index.table import write_part

    rows = index_files(paths, settings)
    write_part(rows, Path(part), settings)
    return list(zip(rows.columns["path"], rows.errors(), strict=True))


def connect(scheduler: str, workers: int) -> tuple[Any, Any]:
    """(client, cluster): a LocalCluster of `workers` processes for "local", else the
    scheduler at that address (cluster None)."""
    dd = _distributed()
    if scheduler == "local":
        cluster = dd.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        return dd.Client(cluster), cluster
    return dd.Client(scheduler, timeout=CONNECT_TIMEOUT), None


def _distributed() -> Any:
    """dask.distributed (the `dask` extra), or an ImportError that says how to install it."""
    try:
        import dask.distributed
    except ImportError:
        raise ImportError(
            'dicodec index --dask needs dask.distributed: pip install "dicodec[dask]"'
        ) from None
    return dask.distributed


def build_on_dask(
    plan: Plan,
    output: Path,
    settings: IndexSettings,
    client: Any,
    *,
    progress: Progress | None = None,
) -> tuple[Summary, int]:
    """Index `plan` on the cluster of `client` into the dataset folder `output`; return
    the summary and the number of rows."""
    import time

    from dicodec.index.table import (
        PartWriter,
        conform_part,
        final_schema,
        kept_rows,
        pyarrow,
        remove_tree,
    )

    progress = progress or NoProgress()
    summary = Summary()
    started = time.monotonic()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".dicodec-index-", dir=output.parent))
    futures: list[Any] = []
    try:
        kept = PartWriter(staging, settings, prefix="kept")
        if plan.old is not None and plan.keep:
            for data in kept_rows(plan.old, plan.keep):
                kept.add_table(data)
        size = _share_size(len(plan.todo), sum(client.nthreads().values()))
        shares = [plan.todo[i : i + size] for i in range(0, len(plan.todo), size)]
        parts = [str(staging / f"part-{n:05d}.parquet") for n in range(len(shares))]
        progress.start(len(plan.todo))
        futures = client.map(index_part, shares, parts, settings=settings, pure=False)
        for future in _distributed().as_completed(futures):
            for path, error in future.result():
                status: Status = "done" if error is None else "failed"
                outcome = Outcome(Job(Path(path)), status, error or "")
                summary.add(outcome)
                progress.advance(outcome)
        every_part = [*map(str, kept.parts), *parts]
        target = final_schema([Path(p) for p in every_part], settings)
        pq = pyarrow().parquet
        # parts whose columns differ (--all-top-level, or rows kept from an older run)
        odd = [p for p in every_part if pq.read_schema(p) != target]
        client.gather(client.map(conform_part, [Path(p) for p in odd], target_schema=target))
        if not every_part:
            pq.write_table(target.empty_table(), staging / "part-00000.parquet")
        rows = sum(pq.read_metadata(p).num_rows for p in every_part)
        _replace_folder(staging, output)
    except KeyboardInterrupt:
        client.cancel(futures)
        summary.interrupted = True
        rows = 0
    finally:
        remove_tree(staging)
        summary.elapsed = time.monotonic() - started
        progress.close()
    return summary, rows


def _share_size(files: int, threads: int) -> int:
    """Files per task: four tasks per worker thread at least (so that the work evens out),
    SHARE at most (so that a task's result and its part stay small)."""
    return max(1, min(SHARE, -(-files // (4 * max(1, threads)))))


def _replace_folder(new: Path, output: Path) -> None:
    """Put the folder `new` where `output` is, the old one (if any) removed after."""
    from dicodec.index.table import remove_tree

    if output.is_file():
        raise FileExistsError(f"{output} is a file: a Dask index is a folder of parts")
    old = None
    if output.exists():
        old = output.with_name(f".{output.name}.old-{os.getpid()}")
        os.replace(output, old)
    os.replace(new, output)
    if old is not None:
        remove_tree(old)


__all__ = ["build_on_dask", "connect", "index_part"]
