"""The `dicodec` command line: `dicodec show [FILE]`, `dicodec deid IN... -o OUTDIR`,
`dicodec validate FILE...`."""

from __future__ import annotations

import argparse
import sys

from dicodec import cli_validate
from dicodec.errors import DicomError


def _show(args: argparse.Namespace) -> int:
    from dicodec.data import get_testdata_file
    from dicodec.filereader import dcmread
    from dicodec.listing import format_dataset

    path = args.file or get_testdata_file("rtplan.dcm")
    ds = dcmread(path, force=args.force, stop_before_pixels=args.stop_before_pixels)
    if args.meta and len(ds.file_meta):
        print(format_dataset(ds.file_meta))
        print("-" * 70)
    print(format_dataset(ds))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dicodec", description="Read and show DICOM files.")
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser(
        "show", help="print a file's listing (the bundled RT Plan when no FILE)"
    )
    show.add_argument("file", nargs="?", help="a DICOM file")
    show.add_argument("--meta", action="store_true", help="print the File Meta Information first")
    show.add_argument(
        "--force", action="store_true", help="read data without File Meta Information"
    )
    show.add_argument("--stop-before-pixels", action="store_true", help="do not read Pixel Data")
    from dicodec.deid import command as deid_command

    deid_command.add_parser(commands)
    cli_validate.add_parser(commands)
    args = parser.parse_args(argv)
    if hasattr(args, "run"):  # a command that reports its own errors
        return int(args.run(args))
    try:
        return _show(args)
    except (DicomError, OSError) as exc:
        print(f"dicodec: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
