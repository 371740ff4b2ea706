"""The fuzzing loop: inputs from seeds, run under limits, outcomes counted, failures kept.

Each input must end, within `hang_seconds`, in success or a `DicomError`.
Anything else is a failure: another exception, a hang (an alarm interrupts
it), or more memory than `memory_limit` (traced by tracemalloc, peak per
input). Failures are saved to `crash_dir` with their traceback, and the
report gives the inputs tried, outcomes by kind, the slowest input and the
largest memory.
"""

from __future__ import annotations

import hashlib
import json
import random
import signal
import time
import traceback
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from dicodec.errors import DicomError
from fuzz.mutate import HOSTILE, Element, layout, mutate
from fuzz.seeds import seed_files
from fuzz.target import exercise

HOSTILE_SHARE = 0.1
MEGABYTE = 1 << 20


class Hang(Exception):
    """Raised by the alarm in an input that runs past the hang limit."""


@dataclass
class Report:
    inputs: int = 0
    seconds: float = 0.0
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    slowest: tuple[float, str] = (0.0, "")
    largest: tuple[int, str] = (0, "")
    saved: list[str] = field(default_factory=list)
    # the inputs behind `slowest` and `largest`, kept to be saved with the report
    extremes: dict[str, bytes] = field(default_factory=dict, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "seconds": round(self.seconds, 1),
            "inputs_per_second": round(self.inputs / self.seconds, 1) if self.seconds else 0,
            "outcomes": dict(self.outcomes.most_common()),
            "failures": dict(self.failures.most_common()),
            "slowest_seconds": round(self.slowest[0], 3),
            "slowest_input": self.slowest[1],
            "largest_peak_mb": round(self.largest[0] / MEGABYTE, 1),
            "largest_input": self.largest[1],
            "saved": self.saved,
        }

    def text(self) -> str:
        d = self.as_dict()
        lines = [
            f"inputs tried: {d['inputs']} in {d['seconds']} s ({d['inputs_per_second']}/s)",
            "outcomes: " + ", ".join(f"{k} {v}" for k, v in d["outcomes"].items()),
            "failures (not a DicomError, a hang or too much memory): "
            + (", ".join(f"{k} {v}" for k, v in d["failures"].items()) or "none"),
            f"slowest input: {d['slowest_seconds']} s ({d['slowest_input']})",
            f"largest memory: {d['largest_peak_mb']} MB traced peak ({d['largest_input']})",
        ]
        lines += [f"saved: {path}" for path in self.saved]
        return "\n".join(lines)


def inputs(seed: int) -> Iterator[tuple[bytes, str]]:
    """The endless, reproducible stream of (input, how it was made) for a run seed."""
    rng = random.Random(seed)
    seeds = seed_files()
    layouts: dict[str, list[Element]] = {}
    while True:
        if rng.random() < HOSTILE_SHARE:
            make = rng.choice(HOSTILE)
            data, how = make(rng)
            yield data, f"hostile: {how}"
            continue
        name, original = rng.choice(seeds)
        if name not in layouts:
            layouts[name] = layout(original)
        data, how = mutate(original, layouts[name], rng)
        yield data, f"{name}: {how}"


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang


def run(
    *,
    seed: int = 0,
    count: int | None = None,
    seconds: float | None = None,
    hang_seconds: float = 10.0,
    memory_limit: int = 512 * MEGABYTE,
    crash_dir: Path | None = None,
    progress: Callable[[Report], None] | None = None,
    target: Callable[[bytes], None] = exercise,
) -> Report:
    """Run until `count` inputs or `seconds` have passed; return the report."""
    report = Report()
    warm_up(target)
    started = time.perf_counter()
    with watching_memory():
        for data, how in inputs(seed):
            elapsed = time.perf_counter() - started
            if (count is not None and report.inputs >= count) or (
                seconds is not None and elapsed >= seconds
            ):
                break
            how = f"input {report.inputs} of seed {seed}: {how}"
            run_one(data, how, report, hang_seconds, memory_limit, crash_dir, target)
            if progress is not None and report.inputs % 1000 == 0:
                report.seconds = time.perf_counter() - started
                progress(report)
    report.seconds = time.perf_counter() - started
    return report


def warm_up(target: Callable[[bytes], None] = exercise) -> None:
    """Run every seed once, untimed: the first use of a codec plugin imports it (~1 s),
    which is no input's doing."""
    for _, data in seed_files():
        try:
            target(data)
        except DicomError:
            pass


@contextmanager
def watching_memory() -> Iterator[None]:
    """Trace allocations (for each input's peak) and let an alarm interrupt a hang."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_one(
    data: bytes,
    how: str,
    report: Report,
    hang_seconds: float,
    memory_limit: int,
    crash_dir: Path | None,
    target: Callable[[bytes], None] = exercise,
) -> None:
    """Run `target` on one input within `watching_memory()`, and count what happened."""
    report.inputs += 1
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    failure: str | None = None
    trace = ""
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, hang_seconds)
    try:
        target(data)
        outcome = "ok"
    except DicomError as exc:
        outcome = type(exc).__name__
    except Hang:
        outcome = failure = f"hang (over {hang_seconds} s)"
        trace = traceback.format_exc()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # the bugs the fuzzer is for (a codec's panic is a BaseException)
        outcome = failure = type(exc).__name__
        trace = traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    took = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] - base
    if failure is None and peak > memory_limit:
        outcome = failure = f"memory (over {memory_limit // MEGABYTE} MB)"
    report.outcomes[outcome] += 1
    if took > report.slowest[0]:
        report.slowest = (took, how)
        report.extremes["slowest"] = data
    if peak > report.largest[0]:
        report.largest = (peak, how)
        report.extremes["largest"] = data
    if failure is not None:
        report.failures[failure] += 1
        if crash_dir is not None:
            report.saved.append(str(save(crash_dir, data, f"{how}\n{failure}\n\n{trace}")))


def save(crash_dir: Path, data: bytes, what: str) -> Path:
    """The failing input and what happened, named by the input's hash."""
    crash_dir.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(data).hexdigest()[:16]
    path = crash_dir / f"{name}.dcm"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(what)
    return path


def write_json(report: Report, path: Path) -> None:
    """The report as JSON at `path`; beside it, the slowest and the largest inputs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.as_dict(), indent=2) + "\n")
    for name, data in report.extremes.items():
        path.with_name(f"{path.stem}-{name}.dcm").write_bytes(data)
