"""`python -m bench [--quick] [--only NAME ...] [--profile] [--list]`: dicodec against pydicom."""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
import warnings
from pathlib import Path

import dicodec

from . import (
    deid,  # noqa: F401 - registers the de-identification figure
    embedding,  # noqa: F401 - registers the embedded codec's figures
    encoding,  # noqa: F401 - registers the encode figures
    index,  # noqa: F401 - registers the index figure
    iod_cases,  # noqa: F401 (registers the IOD figures)
)
from .cases import CASES, Case, Context
from .harness import Budget, Figure, describe_machine, machine, measure, table, write_json

RESULTS = Path(__file__).resolve().parent / "results"
PROFILED = ("read-decode-all", "read-no-decode", "keyword-get", "keyword-set")


def _selected(only: list[str] | None) -> list[Case]:
    if not only:
        return list(CASES.values())
    names = [n for item in only for n in item.split(",") if n]
    unknown = [n for n in names if n not in CASES]
    if unknown:
        sys.exit(f"unknown figure(s): {', '.join(unknown)}; known: {', '.join(CASES)}")
    return [CASES[n] for n in names]


def run_case(case: Case, ctx: Context) -> Figure:
    figure = case.figure()
    if case.run is not None:
        case.run(ctx, figure)
    else:
        assert case.sides is not None
        sides = case.sides(ctx, figure)
        budget = case.budget(ctx) if case.budget else ctx.budget
        measure(figure, sides, budget, warmup=case.warmup)
    if case.after is not None:
        case.after(ctx, figure)
    return figure


def profile(cases: list[Case], ctx: Context, top: int = 15) -> None:
    """cProfile dicodec's side of each figure: the top functions by cumulative and by own time."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    for case in cases:
        if case.sides is None:
            continue
        figure = case.figure()
        side = case.sides(ctx, figure)["dicodec"]
        profiler = cProfile.Profile()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            side.prepare()()  # warm-up
            for _ in range(3):
                call = side.prepare()
                profiler.enable()
                call()
                profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        for key in ("cumulative", "tottime"):
            out.write(f"\n=== dicodec, {case.name}: top {top} by {key} (3 runs) ===\n")
            stats.sort_stats(key).print_stats(top)
        text = out.getvalue()
        for folder, short in (
            (Path(dicodec.__file__).parent, "dicodec"),
            (Path(__file__).parent, "bench"),
        ):
            text = text.replace(f"{folder}/", f"{short}/")
        (RESULTS / f"profile-{case.name}.txt").write_text(text, encoding="utf-8")
        print(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs: a smoke test, not figures"
    )
    parser.add_argument("--only", action="append", metavar="NAME", help="only these figures")
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    parser.add_argument(
        "--profile",
        action="store_true",
        help=f"cProfile dicodec on {', '.join(PROFILED)} (or --only) instead of timing",
    )
    args = parser.parse_args(argv)
    if args.list:
        for case in CASES.values():
            print(f"{case.name:28} {case.target:22} {case.title}")
        return 0
    budget = Budget(1.0, 3, 50) if args.quick else Budget(3.0, 5, 200)
    ctx = Context(quick=args.quick, budget=budget)
    if args.profile:
        profile(_selected(args.only or list(PROFILED)), ctx)
        return 0

    info = machine()
    print(describe_machine(info), flush=True)
    started = time.perf_counter()
    figures: list[Figure] = []
    for case in _selected(args.only):
        t0 = time.perf_counter()
        figure = run_case(case, ctx)
        figures.append(figure)
        speedup = "-" if figure.speedup is None else f"{figure.speedup:.2f}x"
        print(
            f"  {case.name}: {speedup} ({figure.runs} runs, {time.perf_counter() - t0:.1f} s)",
            flush=True,
        )
    elapsed = time.perf_counter() - started
    print()
    print(table(figures))
    skipped = ctx.corpus_skipped if ctx._corpus is not None else []
    if skipped:
        print(f"\ncorpus files not read by both libraries (left out): {', '.join(skipped)}")
    print(f"\ntotal: {elapsed:.0f} s{' (--quick)' if args.quick else ''}")
    path = RESULTS / "latest.json"
    write_json(path, info, figures, quick=args.quick, seconds=elapsed, corpus_left_out=skipped)
    print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
