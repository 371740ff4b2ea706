"""Run one job per file over folders of DICOM files, for the command line's batch commands.

What every batch command needs, in one place: the input files found (folders walked), an
output tree that mirrors the inputs (`cp -r` style: `IN/a/b.dcm` -> `OUT/IN/a/b.dcm`, or
`plan_onto`: `IN/a/b.dcm` -> `OUT/a/b.dcm`), outputs written atomically, files already done
skipped, a pool of processes, a progress display (rich's when installed and on a terminal,
a plain bar on a terminal, plain lines when piped), every failure kept with its reason, a
summary, and a clean Ctrl-C (the files in flight finish, nothing half-written is left).
A job may have no target (`dicodec index`); `run_groups` hands jobs to a worker a group at
a time, for work whose output is one per group (an index's Parquet parts).
"""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal, Protocol, TextIO

from dicodec.filewriter import write_atomic

Status = Literal["done", "skipped", "refused", "failed"]
STATUSES: tuple[Status, ...] = ("done", "skipped", "refused", "failed")


class BatchError(Exception):
    """The batch cannot start: inputs and output overlap, an input is missing, ..."""


@dataclass(frozen=True)
class Job:
    """One input file and where its output goes (None: the worker writes no file)."""

    source: Path
    target: Path | None = None

    @property
    def output(self) -> Path:
        """The target, for workers that write one."""
        if self.target is None:
            raise BatchError(f"{self.source}: this job has no output")
        return self.target


@dataclass(frozen=True)
class Outcome:
    """What became of one job; `payload` is whatever the worker returned."""

    job: Job
    status: Status
    reason: str = ""
    payload: Any = None
    trace: str = field(default="", compare=False)  # a failure's traceback (for --debug)


class Refused(Exception):
    """A worker's way to say a file was not processed on purpose, and why."""


@dataclass
class Summary:
    """The counts of a finished (or interrupted) batch, and every file not done."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    problems: list[Outcome] = field(default_factory=list)
    payloads: list[tuple[Job, Any]] = field(default_factory=list)
    elapsed: float = 0.0
    interrupted: bool = False

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.status in ("refused", "failed"):
            self.problems.append(outcome)
        if outcome.payload is not None:
            self.payloads.append((outcome.job, outcome.payload))

    @property
    def exit_status(self) -> int:
        """0 when every file is done or was done before; 1 when some were refused or failed;
        130 when interrupted (as a shell reports SIGINT)."""
        if self.interrupted:
            return 130
        return 1 if self.problems else 0

    def lines(self) -> list[str]:
        """The final report: the files not done, with their reasons, then the counts."""
        out = [f"{o.status}: {o.job.source}: {o.reason}" for o in self.problems]
        counts = ", ".join(f"{n} {status}" for status, n in self.counts.items())
        state = " (interrupted)" if self.interrupted else ""
        out.append(f"{sum(self.counts.values())} files: {counts} in {self.elapsed:.1f} s{state}")
        return out


def describe(exc: BaseException) -> str:
    """What went wrong, in one line: dicodec's own errors and OS errors say it themselves."""
    from dicodec.errors import DicomError

    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = " ".join(str(exc).split())
    if isinstance(exc, DicomError):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# -- planning ------------------------------------------------------------------------------------
def find(inputs: Sequence[Path]) -> list[Path]:
    """Every file of `inputs` (folders walked in sorted order, hidden files and folders left
    out), for commands that write no file per input. Refuses inputs that do not exist."""
    found: list[Path] = []
    for given in inputs:
        if not given.exists():
            raise BatchError(f"{given}: no such file or folder")
        if given.is_dir():
            found += _walk(given)  # each under `given`, as given
        else:
            found.append(given)
    return found


def plan_onto(source: Path, output: Path, suffix: str | None = None) -> list[Job]:
    """One job per file of `source`, its target at the same place under `output`
    (`IN/a/b.dcm` -> `OUT/a/b.dcm`; a file `IN` -> `OUT` itself); `suffix` replaces
    each target's suffix. Refuses overlapping folders, as `plan` does."""
    if not source.exists():
        raise BatchError(f"{source}: no such file or folder")
    src, out = source.resolve(), output.resolve()
    if source.is_file():
        if out == src:
            raise BatchError(f"the output {output} is the input")
        return [Job(source, output.with_suffix(suffix) if suffix else output)]
    if out == src or out.is_relative_to(src) or src.is_relative_to(out):
        raise BatchError(
            f"the output {output} may not be inside the input, nor the input inside it"
        )
    jobs = []
    for path in _walk(source):
        target = output / path.relative_to(source)
        jobs.append(Job(path, target.with_suffix(suffix) if suffix else target))
    return jobs


def plan(inputs: Sequence[Path], output: Path) -> list[Job]:
    """One job per file of `inputs` (folders walked in sorted order; hidden files and folders,
    such as a previous run's temporary files, are left out), its target mirrored under `output`.

    Refuses inputs that do not exist, an output inside an input (or an input inside the
    output: a target could then be an input), and two inputs of the same name.
    """
    out = output.resolve()
    names: dict[str, Path] = {}
    for given in inputs:
        if not given.exists():
            raise BatchError(f"{given}: no such file or folder")
        src = given.resolve()
        if out == src or out.is_relative_to(src) or src.is_relative_to(out):
            raise BatchError(
                f"the output {output} may not be inside an input, nor an input inside it ({given})"
            )
        if src.name in names:
            raise BatchError(
                f"{given} and {names[src.name]} would both be written to {output / src.name}"
            )
        names[src.name] = given
    jobs = []
    for given in inputs:
        src = given.resolve()
        if src.is_file():
            jobs.append(Job(given, output / src.name))
            continue
        for path in _walk(src):
            jobs.append(
                Job(given / path.relative_to(src), output / src.name / path.relative_to(src))
            )
    return jobs


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root, name)


# -- writing ---------------------------------------------------------------------------------------
def write_output(path: Path, data: bytes) -> None:
    """Write one output whole or not at all (`dicodec.filewriter.write_atomic`), folders made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)


# -- running ----------------------------------------------------------------------------------------
Worker = Callable[[Job], Any]


def attempt(worker: Worker, job: Job) -> Outcome:
    """Run `worker` on one job: done, refused (it raised Refused) or failed (anything else)."""
    try:
        return Outcome(job, "done", payload=worker(job))
    except Refused as exc:
        return Outcome(job, "refused", str(exc))
    except Exception as exc:  # one bad file must not stop the batch: it is reported
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return Outcome(job, "failed", f"{type(exc).__name__}: {exc}", trace=trace)


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the parent, which lets the files in flight finish."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(
    jobs: Sequence[Job],
    worker: Worker,
    *,
    processes: int = 1,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """Run `worker` (a picklable, module-level callable when `processes` > 1) on every job
    whose target does not exist yet (all of them when `overwrite`, or without targets);
    what the workers return is kept in the summary's `payloads`."""
    summary = Summary()
    progress = progress or NoProgress()
    started = time.monotonic()
    progress.start(len(jobs))
    todo = []
    for job in jobs:
        if job.target is not None and job.target.exists() and not overwrite:
            outcome = Outcome(job, "skipped", "already done")
            summary.add(outcome)
            progress.advance(outcome)
        else:
            todo.append(job)
    if processes <= 1 or len(todo) <= 1:
        tasks: Iterable[Sequence[Job]] = ([job] for job in todo)
    else:
        tasks = _split(todo, _task_size(len(todo), processes))
    pool = processes if len(todo) > 1 else 1
    _drive(tasks, partial(attempt_all, worker), pool, summary, progress)
    summary.elapsed = time.monotonic() - started
    progress.close()
    return summary


GroupWorker = Callable[[Sequence[Job]], list[Outcome]]


def run_groups(
    jobs: Sequence[Job],
    group_worker: GroupWorker,
    *,
    group_size: int,
    processes: int = 1,
    progress: Progress | None = None,
) -> Summary:
    """Run `group_worker` (picklable, module-level when `processes` > 1) on groups of up
    to `group_size` jobs: for work whose output is one per group, not one per file (an
    index writes each group's rows as one Parquet part, in the worker process). It gives
    back one outcome per job, in the order of the jobs, so that progress and failures stay
    per file."""
    summary = Summary()
    progress = progress or NoProgress()
    started = time.monotonic()
    progress.start(len(jobs))
    _drive(_split(jobs, max(1, group_size)), group_worker, processes, summary, progress)
    summary.elapsed = time.monotonic() - started
    progress.close()
    return summary


def _split(jobs: Sequence[Job], size: int) -> Iterator[Sequence[Job]]:
    return (jobs[i : i + size] for i in range(0, len(jobs), size))


def _drive(
    tasks: Iterable[Sequence[Job]],
    task: GroupWorker,
    processes: int,
    summary: Summary,
    progress: Progress,
) -> None:
    """Run every task, in this process or a pool, counting each outcome as it comes."""
    try:
        for outcome in _outcomes(tasks, task, processes):
            summary.add(outcome)
            progress.advance(outcome)
    except KeyboardInterrupt:
        summary.interrupted = True


def attempt_all(worker: Worker, jobs: Sequence[Job]) -> list[Outcome]:
    """`attempt` on each of a few jobs: one task for a worker process."""
    return [attempt(worker, job) for job in jobs]


# Jobs per task: one task per file costs a round trip between processes (pickling, a
# queue, a wake-up) that is as long as reading a header; a few files per task share it.
MAX_JOBS_PER_TASK = 32


def _task_size(jobs: int, processes: int) -> int:
    """Enough jobs per task to share its cost, few enough that every process gets work
    (eight tasks per process at least) and the progress moves."""
    return max(1, min(MAX_JOBS_PER_TASK, jobs // (processes * 8)))


def _outcomes(
    tasks: Iterable[Sequence[Job]], task: GroupWorker, processes: int
) -> Iterator[Outcome]:
    if processes <= 1:
        for jobs in tasks:
            yield from task(jobs)
        return
    pool = ProcessPoolExecutor(max_workers=processes, initializer=_quiet_worker)
    pending: dict[Future[list[_Sent]], Sequence[Job]] = {}
    try:
        for jobs in tasks:  # a few tasks in flight per process, not the whole list at once
            pending[pool.submit(_sent_back, task, jobs)] = jobs
            if len(pending) >= processes * 4:
                yield from _received(pending)
        while pending:
            yield from _received(pending)
    finally:
        # on Ctrl-C: nothing new starts; the files in flight are written whole, then we stop
        pool.shutdown(wait=True, cancel_futures=True)


# An outcome as a worker process sends it back: without its job, which the parent has (a
# job's paths cost more to pickle and unpickle than reading a header takes).
_Sent = tuple[Status, str, Any, str]


def _sent_back(task: GroupWorker, jobs: Sequence[Job]) -> list[_Sent]:
    """Run `task` in a worker process; its outcomes, in the order of `jobs`, without them."""
    return [(o.status, o.reason, o.payload, o.trace) for o in task(jobs)]


def _received(pending: dict[Future[list[_Sent]], Sequence[Job]]) -> Iterator[Outcome]:
    """The outcomes of the tasks that finish next, with their jobs again."""
    done, _ = wait(pending, return_when=FIRST_COMPLETED)
    for future in done:
        jobs = pending.pop(future)
        for job, (status, reason, payload, trace) in zip(jobs, future.result(), strict=True):
            yield Outcome(job, status, reason, payload, trace)


# -- progress ----------------------------------------------------------------------------------------
class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, outcome: Outcome) -> None: ...
    def close(self) -> None: ...


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, outcome: Outcome) -> None:
        pass

    def close(self) -> None:
        pass


class LineProgress:
    """Plain lines, for a pipe or a log: the count every 5% (the files not done are listed
    once, at the end, by `report`)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.total = self.seen = 0
        self.step = 1

    def start(self, total: int) -> None:
        self.total, self.step = total, max(1, total // 20)

    def advance(self, outcome: Outcome) -> None:
        self.seen += 1
        if self.seen % self.step == 0 or self.seen == self.total:
            print(f"{self.seen}/{self.total} files", file=self.stream, flush=True)

    def close(self) -> None:
        pass


class BarProgress:
    """A one-line bar redrawn in place, on a terminal without rich."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.total = self.seen = 0
        self.counts = dict.fromkeys(STATUSES, 0)

    def start(self, total: int) -> None:
        self.total = total
        self._draw()

    def advance(self, outcome: Outcome) -> None:
        self.seen += 1
        self.counts[outcome.status] += 1
        self._draw()

    def _draw(self) -> None:
        filled = self.WIDTH * self.seen // max(1, self.total)
        counts = " ".join(f"{n} {s}" for s, n in self.counts.items() if n)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.seen}/{self.total} {counts}\033[K")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


class RichProgress:
    """rich's progress bar (the optional `cli` extra)."""

    def __init__(self, stream: TextIO, description: str) -> None:
        from rich.console import Console
        from rich.progress import Progress as Bar

        self.bar = Bar(console=Console(file=stream), transient=False)
        self.description = description
        self.task: Any = None

    def start(self, total: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task(self.description, total=total)

    def advance(self, outcome: Outcome) -> None:
        self.bar.advance(self.task)

    def close(self) -> None:
        self.bar.stop()


def progress_for(stream: TextIO = sys.stderr, description: str = "files") -> Progress:
    """rich's bar on a terminal when rich is installed, a plain bar without it, lines when piped."""
    if not stream.isatty():
        return LineProgress(stream)
    try:
        return RichProgress(stream, description)
    except ImportError:
        return BarProgress(stream)


def report(summary: Summary, stream: TextIO = sys.stderr, extra: Iterable[str] = ()) -> None:
    """Print the summary's lines (and any `extra` ones) to `stream`."""
    for line in [*extra, *summary.lines()]:
        print(line, file=stream)
