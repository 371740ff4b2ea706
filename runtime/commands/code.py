"""`dicodec code FILE`: print Python that rebuilds the file's dataset with dicodec's typed
keyword accessors (as `pydicom codify` does). The output passes `mypy --strict`, and
running it (`python out.py new.dcm`) writes the rebuilt dataset.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dicodec.commands.common import FINDINGS, OK, add_command, problem

EXAMPLES = """\
  dicodec code plan.dcm > plan.py               the whole dataset
  dicodec code ct.dcm --exclude-size 1024 -o ct.py   bytes values over 1 KiB left out
  python plan.py rebuilt.dcm                    run it: the dataset, written again
"""


def add_parser(commands: Any) -> None:
    parser = add_command(
        commands,
        "code",
        help="print Python that rebuilds a file's dataset (as pydicom codify)",
        description=__doc__.split(": ", 1)[1],
        examples=EXAMPLES,
        run=run,
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="a DICOM file")
    parser.add_argument("-o", "--output", type=Path, metavar="PY", help="write to PY, not stdout")
    parser.add_argument(
        "--exclude-size", type=int, metavar="N",
        help="leave out values of bytes VRs longer than N bytes (Pixel Data, ...)",
    )  # fmt: skip
    parser.add_argument(
        "--force", action="store_true", help="read data without File Meta Information"
    )


def run(args: argparse.Namespace) -> int:
    from dicodec.batch import write_output
    from dicodec.codify import code_for_file

    try:
        text = code_for_file(str(args.file), exclude_size=args.exclude_size, force=args.force)
    except Exception as exc:  # one line for a bad file
        problem(args, args.file, exc)
        return FINDINGS
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_output(args.output, text.encode("utf-8"))
    return OK


__all__ = ["add_parser", "run"]
