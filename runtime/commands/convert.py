"""`dicodec convert IN OUT --syntax UID|KEYWORD`: write files in another transfer syntax.

Native syntaxes are re-encoded (Implicit and Explicit VR Little Endian, Explicit VR Big
Endian, Deflated); Pixel Data is decompressed (`ds.decompress()`) and compressed
(`ds.compress(uid)`) as the syntax needs, with the codecs installed. A folder IN is
converted into the same tree under OUT; files already there are skipped.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from dicodec.batch import BatchError, Job, plan_onto, progress_for, run
from dicodec.commands.common import FINDINGS, UsageError, add_command, add_jobs, finish, problem

EXAMPLES = """\
  dicodec convert in.dcm out.dcm --syntax ImplicitVRLittleEndian
  dicodec convert study/ rle/ --syntax RLELossless --jobs 2     a folder, the same tree
  dicodec convert ct.dcm ct-native.dcm --syntax ExplicitVRLittleEndian   decompress
  dicodec convert ct.dcm ct-j2k.dcm --syntax JPEG2000Lossless
  dicodec convert ct.dcm ct-nl.dcm --syntax JPEGLSNearLossless -O jls_error=2   lossy
  dicodec convert --list                                           the syntaxes by keyword
"""


def add_parser(commands: Any) -> None:
    parser = add_command(
        commands,
        "convert",
        help="write files or folders in another transfer syntax",
        description=__doc__.split(": ", 1)[1],
        examples=EXAMPLES,
        run=main,
    )
    parser.add_argument("input", nargs="?", type=Path, metavar="IN", help="a file or folder")
    parser.add_argument("output", nargs="?", type=Path, metavar="OUT", help="a file or folder")
    parser.add_argument(
        "-s", "--syntax", metavar="UID|KEYWORD", help="the transfer syntax to write"
    )
    parser.add_argument("--list", action="store_true", help="list the transfer syntaxes")
    parser.add_argument(
        "-O", "--option", action="append", default=[], metavar="KEY=VALUE",
        help="an encoder option, as pydicom's compress() takes it (repeatable): "
        "jls_error=2, j2k_cr=20,5, j2k_psnr=50, ...",
    )  # fmt: skip
    add_jobs(parser)
    parser.add_argument("--overwrite", action="store_true", help="redo files already there")
    parser.add_argument(
        "--force", action="store_true", help="read data sets without File Meta Information too"
    )


@dataclass(frozen=True)
class Settings:
    """What each worker needs (picklable)."""

    uid: str
    force: bool
    options: tuple[tuple[str, Any], ...] = ()  # the encoder's: jls_error, j2k_cr, ...


def main(args: argparse.Namespace) -> int:
    if args.list:
        for uid, keyword, name in writable_syntaxes():
            print(f"{keyword:<46} {uid:<24} {name}")
        return 0
    if args.input is None or args.output is None or args.syntax is None:
        raise UsageError("convert needs IN, OUT and --syntax (or --list)")
    uid = transfer_syntax(args.syntax)
    options = tuple(_option(text) for text in args.option)
    if not args.input.exists():
        problem(args, args.input, FileNotFoundError(args.input))
        return FINDINGS
    try:
        jobs = plan_onto(args.input, args.output)
    except BatchError as exc:
        raise UsageError(str(exc)) from None
    summary = run(
        jobs,
        partial(convert_file, Settings(uid, args.force, options)),
        processes=args.jobs,
        overwrite=args.overwrite,
        progress=progress_for(sys.stderr, "converting"),
    )
    return finish(args, summary)


def writable_syntaxes() -> list[tuple[str, str, str]]:
    """(UID, keyword, name) of each transfer syntax dicodec writes: the native ones, and
    those it has an encoder for (which need its codec package installed)."""
    from dicodec.generated.transfer_syntaxes import TRANSFER_SYNTAXES
    from dicodec.pixels.encoders import encoders_for

    return [
        (uid, syntax.keyword, syntax.name)
        for uid, syntax in TRANSFER_SYNTAXES.items()
        if (syntax.codec == "native" and not syntax.encapsulated) or encoders_for(uid)
    ]


def transfer_syntax(text: str) -> str:
    """The UID that `text` (a UID or a keyword, in any case) names; UsageError if none."""
    wanted = text.strip()
    for uid, keyword, _ in writable_syntaxes():
        if wanted in (uid, keyword) or wanted.lower() == keyword.lower():
            return uid
    raise UsageError(
        f"{text!r} is not a transfer syntax dicodec writes (see `dicodec convert --list`)"
    )


def convert_file(settings: Settings, job: Job) -> None:
    """Read one file, decompress or compress its pixels as the syntax needs, write it."""
    from dicodec.filereader import dcmread, read_buffer
    from dicodec.filewriter import write_buffer
    from dicodec.generated.transfer_syntaxes import TRANSFER_SYNTAXES

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a damaged but readable file is converted as read
        ds = dcmread(job.source, force=settings.force)
        current = _current_syntax(ds)
        target = settings.uid
        syntax = TRANSFER_SYNTAXES[target]
        if current != target and _has_pixels(ds):
            source = TRANSFER_SYNTAXES.get(current)
            if source is not None and source.encapsulated:
                ds.decompress()
                if not syntax.little_endian:
                    # the decoded pixels are little endian bytes, as values set in memory
                    # are taken to be in the byte order written: read them back as what
                    # they are, so that the writer swaps their words (PS3.5 7.3)
                    ds = read_buffer(write_buffer(ds))
            if syntax.encapsulated:
                # a new SOP Instance UID when lossy only (pydicom's generate_instance_uid)
                ds.compress(target, **dict(settings.options))
        ds.file_meta.TransferSyntaxUID = target
        data = write_buffer(ds, enforce_file_format=True)
    from dicodec.batch import write_output

    write_output(job.output, data)


def _option(text: str) -> tuple[str, Any]:
    """KEY=VALUE: a number, numbers separated by commas, or text."""
    key, equals, value = text.partition("=")
    if not equals or not key.strip():
        raise UsageError(f"--option {text!r}: give KEY=VALUE, as jls_error=2")
    parts = [_number(part) for part in value.split(",")]
    return key.strip(), parts if "," in value else parts[0]


def _number(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text.strip()


def _current_syntax(ds: Any) -> str:
    """The syntax the data set was read in: its meta's, or the one the reader inferred."""
    from dicodec.generated.uid_constants import (
        ExplicitVRBigEndian,
        ExplicitVRLittleEndian,
        ImplicitVRLittleEndian,
    )

    uid = str(ds.file_meta.get("TransferSyntaxUID") or "").strip("\0 ")
    if uid:
        return uid
    if ds.is_implicit_VR:
        return ImplicitVRLittleEndian
    return ExplicitVRLittleEndian if ds.is_little_endian else ExplicitVRBigEndian


def _has_pixels(ds: Any) -> bool:
    from dicodec.pixels.description import PIXEL_KEYWORDS

    return any(keyword in ds for keyword in PIXEL_KEYWORDS)


__all__ = ["add_parser", "convert_file", "main", "transfer_syntax", "writable_syntaxes"]
