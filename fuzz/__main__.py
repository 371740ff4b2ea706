"""`python -m fuzz`: fuzz dicodec for a while and print the report.

python -m fuzz --seconds 1800                 # the seeded mutation loop
python -m fuzz --seconds 1800 --engine atheris  # coverage-guided (pip install atheris)
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from fuzz.runner import MEGABYTE, Report, run, write_json

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run")
    parser.add_argument("--count", type=int, help="stop after this many inputs")
    parser.add_argument("--seed", type=int, default=0, help="the run seed (loop engine)")
    parser.add_argument(
        "--engine",
        choices=("auto", "loop", "atheris"),
        default="auto",
        help="auto: atheris when it is installed, else the loop",
    )
    parser.add_argument("--hang", type=float, default=10.0, help="seconds before an input hangs")
    parser.add_argument("--memory", type=int, default=512, help="MB an input may trace at peak")
    parser.add_argument("--crashes", type=Path, default=HERE / "crashes")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--replay", type=Path, nargs="+", help="run these saved inputs only")
    args = parser.parse_args(argv)
    if args.replay:
        return replay(args.replay)

    def progress(report: Report) -> None:
        print(f"... {report.inputs} inputs, {sum(report.failures.values())} failures", flush=True)
        write_json(report, args.json)

    def finish(report: Report) -> None:
        write_json(report, args.json)
        print(report.text())
        print(f"report: {args.json}")

    engine = args.engine
    if engine == "auto":
        engine = "atheris" if importlib.util.find_spec("atheris") else "loop"
    if engine == "atheris" and args.count is None:
        from fuzz.coverage_guided import run_atheris

        run_atheris(
            seconds=args.seconds,
            hang_seconds=args.hang,
            memory_limit=args.memory * MEGABYTE,
            crash_dir=args.crashes,
            progress=progress,
            finish=finish,
        )
        return 0  # not reached: the run exits when its time is up
    else:
        report = run(
            seed=args.seed,
            count=args.count,
            seconds=None if args.count else args.seconds,
            hang_seconds=args.hang,
            memory_limit=args.memory * MEGABYTE,
            crash_dir=args.crashes,
            progress=progress,
        )
    finish(report)
    return 1 if report.failures else 0


def replay(paths: list[Path]) -> int:
    """Run saved inputs (crashes, or the slowest and largest of a run) one by one, with tracebacks."""
    import time
    import traceback
    import tracemalloc

    from dicodec.errors import DicomError
    from fuzz.target import exercise

    failed = 0
    for path in paths:
        tracemalloc.start()
        start = time.perf_counter()
        try:
            exercise(path.read_bytes())
            outcome = "ok"
        except DicomError as exc:
            outcome = f"{type(exc).__name__}: {exc}"
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # as in runner.run_one: a codec's panic is a BaseException
            outcome = traceback.format_exc()
            failed += 1
        took = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / MEGABYTE
        tracemalloc.stop()
        print(f"{path}: {took:.3f} s, {peak:.1f} MB traced peak: {outcome}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
