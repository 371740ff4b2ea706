"""The `dicodec` command line (also `python -m dicodec`).

Each subcommand lives in its own module and registers itself (`add_parser`); this
module only assembles them and applies the conventions of `dicodec.commands.common`:
exit status 0 / 1 (findings or failures) / 2 (usage) / 130 (interrupted), one line per
error, tracebacks only with `--debug`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from dicodec.batch import describe
from dicodec.commands.common import FINDINGS, INTERRUPTED, USAGE, UsageError

# the modules whose `add_parser(commands)` registers a subcommand, in the order of --help
SUBCOMMANDS = (
    "dicodec.commands.show",
    "dicodec.commands.dictionary",
    "dicodec.commands.convert",
    "dicodec.commands.pixels",
    "dicodec.commands.code",
    "dicodec.commands.index",
    "dicodec.deid.command",
    "dicodec.commands.validate",
    "dicodec.commands.embed",
)

EXAMPLES = """\
examples:
  dicodec show scan.dcm -t PatientName -t BeamSequence[0].BeamName
  dicodec dict patient name
  dicodec convert study/ native/ --syntax ExplicitVRLittleEndian --jobs 2
  dicodec pixels ct.dcm --png ct.png --window 40,400
  dicodec index /archive -o index.parquet --jobs 2
  dicodec deid study/ -o clean/ --key-file study.key
  dicodec validate ct.dcm --json
  dicodec embed --package ctcodec -o vendor --iod CTImage --module Patient,GeneralStudy

Run `dicodec COMMAND --help` for a command's options and examples."""


def build_parser() -> argparse.ArgumentParser:
    from dicodec import DICOM_EDITION, __version__

    parser = argparse.ArgumentParser(
        prog="dicodec",
        description="Read, convert, index and de-identify DICOM files.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"dicodec {__version__} (DICOM {DICOM_EDITION})"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(name).add_parser(commands)
    for sub in commands.choices.values():  # `dicodec show --debug ...` works too
        sub.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.debug = getattr(args, "debug", False)
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"dicodec {args.command}: {exc}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print(f"dicodec {args.command}: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # the reader went away (`dicodec show ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FINDINGS
    except Exception as exc:
        if args.debug:
            raise
        print(f"dicodec {args.command}: {describe(exc)}", file=sys.stderr)
        return FINDINGS


if __name__ == "__main__":
    sys.exit(main())
