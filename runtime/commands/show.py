"""`dicodec show FILE...`: the listing of files (pydicom's format), some elements, or JSON."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from typing import Any

from dicodec.commands.common import FINDINGS, OK, UsageError, add_command, problem
from dicodec.elementpath import PathError, Step, find, parse_path

EXAMPLES = """\
  dicodec show scan.dcm                      the whole listing
  dicodec show --meta scan.dcm               the File Meta Information first
  dicodec show a.dcm b.dcm -t PatientName    one element of each file, under a header line
  dicodec show plan.dcm -t "(300A,00B0)"     by tag
  dicodec show plan.dcm -t BeamSequence[0].BeamName -t BeamSequence[*].BeamNumber
  dicodec show --json scan.dcm > scan.json   DICOM JSON (PS3.18 F.2)
  dicodec show                               the bundled sample RT Plan
"""


def add_parser(commands: Any) -> None:
    parser = add_command(
        commands,
        "show",
        help="print files' elements (all, or those asked for), or their DICOM JSON",
        description=__doc__.split(": ", 1)[1]
        + " With several files, each listing follows a header line '==> FILE <=='.",
        examples=EXAMPLES,
        run=run,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="DICOM files")
    parser.add_argument(
        "-t", "--tag", action="append", default=[], metavar="PATH",
        help="show only this element (repeatable): a keyword, a tag, or a path through "
        "sequences such as BeamSequence[0].BeamName ([*] for every item)",
    )  # fmt: skip
    parser.add_argument("--meta", action="store_true", help="show the File Meta Information too")
    parser.add_argument("--json", action="store_true", help="print DICOM JSON (PS3.18 F.2)")
    parser.add_argument(
        "--force", action="store_true", help="read data without File Meta Information"
    )
    parser.add_argument("--stop-before-pixels", action="store_true", help="do not read Pixel Data")


def run(args: argparse.Namespace) -> int:
    from dicodec.data import get_testdata_file

    try:
        paths = [parse_path(text) for text in args.tag]
    except PathError as exc:
        raise UsageError(str(exc)) from None
    if args.json and any(len(steps) > 1 for steps in paths):
        raise UsageError("--json takes keywords and tags with -t, not paths into sequences")
    files = args.files or [get_testdata_file("rtplan.dcm")]
    status = OK
    documents: list[dict[str, Any]] = []
    shown = 0
    for path in files:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                ds = _read(args, path)
                if args.json:
                    documents.append(_json(args, ds, paths))
                else:
                    text, missing = _listing(args, ds, paths)
        except Exception as exc:  # one line per bad file; the others are still shown
            problem(args, path, exc)
            status = FINDINGS
            continue
        for warning in caught:
            print(f"dicodec show: {path}: warning: {warning.message}", file=sys.stderr)
        if args.json:
            continue
        if len(files) > 1:
            print(("\n" if shown else "") + f"==> {path} <==")
        shown += 1
        if text:
            print(text)
        for what in missing:
            print(f"dicodec show: {path}: no {what}", file=sys.stderr)
            status = FINDINGS
    if args.json and documents:
        print(json.dumps(documents[0] if len(files) == 1 else documents, indent=2))
    return status


def _read(args: argparse.Namespace, path: str) -> Any:
    from dicodec.filereader import dcmread

    return dcmread(path, force=args.force, stop_before_pixels=args.stop_before_pixels)


def _listing(
    args: argparse.Namespace, ds: Any, paths: list[tuple[Step, ...]]
) -> tuple[str, list[str]]:
    """The text to print, and the elements asked for that the file does not have."""
    from dicodec.listing import dataset_lines, element_line, format_dataset

    if not paths:
        parts = [format_dataset(ds.file_meta), "-" * 70] if args.meta and len(ds.file_meta) else []
        return "\n".join([*parts, format_dataset(ds)]), []
    lines: list[str] = []
    missing: list[str] = []
    for text, steps in zip(args.tag, paths, strict=True):
        found = list(find(ds.file_meta, steps)) if args.meta else []
        found += list(find(ds, steps))
        if not found:
            missing.append(text)
        for where, element in found:
            prefix = where.rsplit(".", 1)[0] + "." if "." in where else ""
            lines.append(prefix + element_line(element).rstrip())
            if element.VR == "SQ":
                for item in element.value:
                    lines += dataset_lines(item, 1)
                    lines.append("   ---------")
    return "\n".join(lines), missing


def _json(args: argparse.Namespace, ds: Any, paths: list[tuple[Step, ...]]) -> dict[str, Any]:
    """The DICOM JSON object of the file (`dicodec.jsonrep`; the File Meta Information in it
    with --meta)."""
    from dicodec.dataset import Dataset

    meta = ds.file_meta
    if paths:
        wanted = {steps[0].tag for steps in paths}
        picked = Dataset()
        for element in ds:
            if element.tag in wanted:
                picked.add(element)
        ds = picked
    document: dict[str, Any] = ds.to_json_dict()
    if args.meta and len(meta):
        document = {**meta.to_json_dict(), **document}
    return document


__all__ = ["add_parser", "run"]
