"""What every `dicodec` subcommand does the same way.

- Exit status: 0 success, 1 findings or failures (a bad file, a tag not found),
  2 usage errors (argparse's own, and `UsageError`), 130 interrupted (Ctrl-C).
- A bad file is one line on stderr, `dicodec CMD: FILE: what`; the traceback only
  with `--debug`.
- Many files: `--jobs N` processes and a progress display through `dicodec.batch`.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable
from typing import Any, TextIO

from dicodec.batch import Summary, describe, report

OK, FINDINGS, USAGE, INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """The command line asks for something that cannot be done: exit status 2."""


def add_command(
    commands: Any,
    name: str,
    *,
    help: str,
    description: str,
    examples: str,
    run: Callable[[argparse.Namespace], int],
    **options: Any,
) -> argparse.ArgumentParser:
    """A subcommand's parser, its examples shown by `--help`, and the function it runs
    (`options`: more of argparse's parser options)."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help,
        description=description,
        epilog="examples:\n" + examples.rstrip(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **options,
    )
    parser.set_defaults(run=run)
    return parser


def add_jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-j", "--jobs", type=positive, default=1, metavar="N",
        help="worker processes (default 1)",
    )  # fmt: skip


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} is less than 1")
    return number


def problem(
    args: argparse.Namespace, where: object, exc: BaseException, stream: TextIO | None = None
) -> None:
    """One line on stderr for a file that failed; its traceback too under --debug."""
    out = stream or sys.stderr
    if getattr(args, "debug", False):
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=out)
    print(f"dicodec {args.command}: {where}: {describe(exc)}", file=out)


def finish(args: argparse.Namespace, summary: Summary, extra: list[str] | None = None) -> int:
    """The end of a batch: the files not done (with tracebacks under --debug), the counts,
    and the exit status."""
    if getattr(args, "debug", False):
        for outcome in summary.problems:
            if outcome.trace:
                print(outcome.trace, file=sys.stderr, end="")
    report(summary, sys.stderr, extra or [])
    return summary.exit_status
