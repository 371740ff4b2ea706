"""`dicodec index`: the headers of every file under folders, as one typed Parquet table.

One row per file (`rows.index_file`, the same function for a local process pool and for
Dask workers): path, size, modification time, the identity columns (transfer syntax, SOP
Class, Study/Series/SOP Instance UIDs), the keywords asked for, and the error that kept a
file from being read. Column types come from the VRs (`columns`); `--update` reads only
new and changed files and drops the rows of files no longer there (`plan_update`).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from dicodec.batch import Job, Outcome, Progress, Summary, run_groups
from dicodec.index.columns import DEFAULT_KEYWORDS, IDENTITY_KEYWORDS, ColumnError
from dicodec.index.rows import IndexSettings, index_file, index_files, size_and_mtime

__all__ = [
    "DEFAULT_KEYWORDS",
    "IDENTITY_KEYWORDS",
    "ColumnError",
    "IndexSettings",
    "Plan",
    "build",
    "describe_plan",
    "index_file",
    "index_files",
    "plan_update",
]


@dataclass
class Plan:
    """The files to read, and (with --update) the rows of the old index to keep."""

    todo: list[str]
    keep: set[str] = field(default_factory=set)
    dropped: int = 0  # rows of files no longer found
    old: Path | None = None  # the index the kept rows come from


def plan_update(files: list[str], output: Path, settings: IndexSettings, update: bool) -> Plan:
    """Which files need reading: all of them, or (--update, an index at `output`) those whose
    size or modification time changed, new ones, and those that could not be read before."""
    paths = [os.path.abspath(p) for p in files]
    if not update or not output.exists():
        return Plan(paths)
    from dicodec.index.table import known_files, read_selection, selection

    before = read_selection(output)
    if before != selection(settings):
        raise ColumnError(
            f"{output} was made with other columns ({before}): give the same --keywords "
            "(or --all-top-level), or leave out --update to index everything again"
        )
    known = known_files(output)
    todo, keep = [], set()
    for path in paths:
        stat = _stat(path)
        if stat is not None and known.get(path) == stat:
            keep.add(path)
        else:
            todo.append(path)
    dropped = len(set(known) - set(paths))
    return Plan(todo, keep, dropped, output)


def _stat(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return size_and_mtime(stat)


def index_group(settings: IndexSettings, folder: str, jobs: Sequence[Job]) -> list[Outcome]:
    """The batch runner's group worker: the rows of a few files, written as one Parquet part
    into `folder` (in the worker process: the parent only joins the parts)."""
    from dicodec.index.table import write_part

    rows = index_files([str(job.source) for job in jobs], settings)
    write_part(rows, Path(folder) / f"part-{uuid.uuid4().hex}.parquet", settings)
    return [
        Outcome(job, "done") if error is None else Outcome(job, "failed", error)
        for job, error in zip(jobs, rows.errors(), strict=True)
    ]


def group_size(files: int, processes: int) -> int:
    """Files per group, that is per Parquet part. Writing a part, then reading it back to
    join it, costs as much as indexing tens of files: one process writes PART_ROWS at a
    time; several get four groups each at least (so that the work evens out), of
    MIN_GROUP files at least."""
    from dicodec.index.table import PART_ROWS

    if processes <= 1:
        return PART_ROWS
    return max(1, min(PART_ROWS, max(MIN_GROUP, files // (4 * processes))))


MIN_GROUP = 500


def build(
    plan: Plan,
    output: Path,
    settings: IndexSettings,
    *,
    processes: int = 1,
    progress: Progress | None = None,
) -> tuple[Summary, int]:
    """Index `plan` into the one Parquet file `output` (written whole, or not at all when
    interrupted); return the batch summary and the number of rows written."""
    from dicodec.index.table import (
        PartWriter,
        final_schema,
        join_parts,
        kept_rows,
        remove_tree,
    )

    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".dicodec-index-", dir=output.parent))
    try:
        kept = PartWriter(staging, settings, prefix="kept")
        if plan.old is not None and plan.keep:
            for data in kept_rows(plan.old, plan.keep):
                kept.add_table(data)
        jobs = [Job(Path(path)) for path in plan.todo]
        summary = run_groups(
            jobs,
            partial(index_group, settings, str(staging)),
            group_size=group_size(len(jobs), processes),
            processes=processes,
            progress=progress,
        )
        if summary.interrupted:
            return summary, 0
        parts = sorted(staging.glob("*.parquet"))
        return summary, join_parts(parts, final_schema(parts, settings), output)
    finally:
        remove_tree(staging)


def describe_plan(plan: Plan) -> str:
    return (
        f"{len(plan.todo)} files to read, {len(plan.keep)} unchanged kept, "
        f"{plan.dropped} rows of files no longer there dropped"
    )
