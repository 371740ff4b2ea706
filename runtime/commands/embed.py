"""`dicodec embed --package NAME -o DIR [selection]`: write a self-contained, typed DICOM codec
into another codebase (docs/embedding.md); the same as `python -m codegen embed`.

The package is rendered from dicodec's runtime and spec tables by the code generator, so
the command runs from a dicodec source checkout (`pip install -e '.[codegen]'` in it: the
generator, spec/ and the `codegen` extra, jinja2, PyYAML and black); without one it says
so in one line.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from dicodec.commands.common import add_command

EXAMPLES = """\
  dicodec embed --package ctcodec -o vendor --iod CTImage \\
      --module Patient,GeneralStudy,GeneralSeries,GeneralImage
  dicodec embed --package tags -o src --keyword PatientID,StudyInstanceUID,Modality
  dicodec embed --package reader -o src --keywords keywords.txt --transfer-syntax JPEGBaseline8Bit
"""

# what to do without a checkout, or without the codegen extra
NO_CHECKOUT = (
    "needs a dicodec source checkout (the generator and spec/ are not installed with the "
    "package): run it where dicodec is installed with pip install -e '.[codegen]'"
)


def add_parser(commands: Any) -> None:
    command = _generator_command()
    parser = add_command(
        commands,
        "embed",
        help="write a self-contained, typed DICOM codec into another codebase",
        description=__doc__.split(": ", 1)[1],
        examples=EXAMPLES,
        run=run,
        # without the generator its options are not known here: every word is taken as
        # it is (no option prefix), for `run` to say why the command cannot run
        **({} if command is not None else {"prefix_chars": "+", "add_help": False}),
    )
    if command is None:
        parser.add_argument("words", nargs="*", help=argparse.SUPPRESS)
        return
    command.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    command = _generator_command()
    if command is None:
        print(f"dicodec embed: {NO_CHECKOUT}", file=sys.stderr)
        return 2
    try:
        return int(command.run(args))
    except ModuleNotFoundError as exc:
        if exc.name not in ("jinja2", "yaml", "black"):
            raise
        print(
            f"dicodec embed: needs the codegen extra ({exc.name} is missing): "
            "pip install -e '.[codegen]'",
            file=sys.stderr,
        )
        return 2


def checkout() -> Path | None:
    """The source checkout this dicodec runs from (an editable install links runtime/ to
    it), or None for an installed wheel."""
    root = Path(__file__).resolve().parent.parent.parent
    if (root / "codegen" / "embedding").is_dir() and (root / "spec").is_dir():
        return root
    return None


def _generator_command() -> ModuleType | None:
    """`codegen.embedding.command` of the checkout (cheap to import), or None."""
    root = checkout()
    if root is None:
        return None
    if str(root) not in sys.path:
        sys.path.append(str(root))
    return importlib.import_module("codegen.embedding.command")


__all__ = ["add_parser", "run"]
