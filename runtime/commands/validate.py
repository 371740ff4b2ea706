"""`dicodec validate FILE...`: check files against their IODs in PS3.3 (exit status 1 on errors)."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from typing import TYPE_CHECKING, Any, TextIO

from dicodec.commands.common import add_command
from dicodec.errors import DicomError, InvalidDicomError

EXAMPLES = """\
  dicodec validate ct.dcm                  the findings of one file
  dicodec validate *.dcm --json            one JSON report for all files
  dicodec validate plan.dcm --notes        with the conditions that were not evaluated
"""

if TYPE_CHECKING:
    from dicodec.dataset import Dataset


def add_parser(commands: Any) -> None:
    """Register `validate` with the `dicodec` command line's subcommands."""
    validate = add_command(
        commands,
        "validate",
        help="check files against their IODs (PS3.3); exit status 1 on errors",
        description=__doc__.split(": ", 1)[1],
        examples=EXAMPLES,
        run=run,
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="DICOM files")
    validate.add_argument("--json", action="store_true", help="one JSON report for all files")
    validate.add_argument(
        "--notes", action="store_true", help="list the notes too (conditions not evaluated, ...)"
    )


def read_dataset(path: str) -> Dataset:
    """A Part 10 file, or else a bare dataset that names its SOP class (dciodvfy reads both).

    What the reader would warn about (a damaged file read anyway) is not repeated here.
    """
    from dicodec.filereader import dcmread

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return dcmread(path, stop_before_pixels=True)
        except InvalidDicomError as refused:
            try:
                ds = dcmread(path, stop_before_pixels=True, force=True)
            except DicomError:
                raise refused from None
            if "SOPClassUID" not in ds and "DirectoryRecordSequence" not in ds:
                raise refused from None
            return ds


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from dicodec.iods.validation import validate

    out = out or sys.stdout
    failed = False
    reports: list[dict[str, Any]] = []
    for path in args.files:
        try:
            ds = read_dataset(path)
        except (DicomError, OSError) as exc:
            failed = True
            reports.append({"file": path, "ok": False, "error": f"not read: {exc}"})
            if not args.json:
                print(f"{path}: not read as DICOM: {exc}", file=sys.stderr)
            continue
        report = validate(ds)
        failed |= not report.ok
        if args.json:
            reports.append({"file": path, **report.to_dict()})
        elif report.sop_class_uid is None:
            print(f"{path}: no SOP Class UID (0008, 0016): its IOD is unknown", file=out)
        else:
            print(f"{path}: {report.summary()}", file=out)
            for finding in report.findings:
                if args.notes or finding.severity != "note":
                    print(f"  {finding}", file=out)
    if args.json:
        json.dump(reports, out, indent=2)
        print(file=out)
    return 1 if failed else 0
