"""The atheris engine: libFuzzer's coverage-guided search, with dicodec's mutations.

Each input goes through the same limits and outcome counting as the loop
(`runner.run_one`); a failure is saved and counted, and fuzzing goes on
(instead of stopping at the first crash, as libFuzzer does by default). Half
the mutations are libFuzzer's own, half the DICOM-aware ones of `mutate`,
now and then a hostile file. The report is written as the run goes, and at
its end the process exits (libFuzzer's loop does not return).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fuzz.mutate import HOSTILE, layout, mutate
from fuzz.runner import HOSTILE_SHARE, Report, run_one, warm_up, watching_memory
from fuzz.seeds import MAX_SEED_BYTES, seed_files

REPORT_EVERY_SECONDS = 10.0


def run_atheris(
    *,
    seconds: float,
    hang_seconds: float,
    memory_limit: int,
    crash_dir: Path,
    progress: Callable[[Report], None],
    finish: Callable[[Report], None],
) -> Report:
    """Fuzz for `seconds` (after start-up), then call `finish` with the report and exit."""
    import atheris

    report = Report()

    def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
        rng = random.Random(seed)
        if rng.random() < HOSTILE_SHARE:
            return rng.choice(HOSTILE)(rng)[0][:max_size]
        if rng.random() < 0.5 and data:
            return mutate(data, layout(data), rng)[0][:max_size]
        mutated: bytes = atheris.Mutate(data, max_size)
        return mutated

    def test_one_input(data: bytes) -> None:
        how = f"atheris input {report.inputs}"
        run_one(data, how, report, hang_seconds, memory_limit, crash_dir)
        now = time.perf_counter()
        if now - started >= seconds:
            # libFuzzer would end the process without returning: report, then end it here
            report.seconds = now - started
            finish(report)
            sys.stdout.flush()
            os._exit(1 if report.failures else 0)
        if now - last[0] >= REPORT_EVERY_SECONDS:
            last[0] = now
            report.seconds = now - started
            progress(report)

    corpus = Path(tempfile.mkdtemp(prefix="dicodec-fuzz-corpus-"))
    for index, (_, data) in enumerate(seed_files()):
        (corpus / f"seed-{index:04d}").write_bytes(data)
    atheris.instrument_all()
    warm_up()
    started = time.perf_counter()
    last = [started]
    # libFuzzer writes its own artifacts (crash-*, slow-unit-*, ...) to the working
    # directory unless told where: into the crash folder, never the source tree.
    crash_dir.mkdir(parents=True, exist_ok=True)
    argv = [
        sys.argv[0],
        str(corpus),
        f"-artifact_prefix={crash_dir}/",
        f"-max_total_time={int(seconds) + 600}",  # a backstop: the run ends itself
        f"-max_len={MAX_SEED_BYTES}",
        "-timeout=60",  # hangs are caught by run_one's own alarm, after hang_seconds
        "-rss_limit_mb=4096",
        "-print_final_stats=1",
    ]
    with watching_memory():
        atheris.Setup(argv, test_one_input, custom_mutator=custom_mutator)
        atheris.Fuzz()
    report.seconds = time.perf_counter() - started
    return report
