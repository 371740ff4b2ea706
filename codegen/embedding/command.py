"""`python -m codegen embed` and `dicodec embed`: the options, and writing the package.

Both commands take the same options (`add_arguments`) and do the same thing (`run`): load
the spec, resolve the selection, render the package, and write it to `OUTPUT/PACKAGE/`,
replacing whatever was there, whole or not at all. Importing this module is cheap (the
`dicodec` command line builds its parser from it); the generator loads when it runs.
"""

from __future__ import annotations

import argparse
import keyword
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from codegen.embedding.package import Embedded
    from codegen.embedding.selection import Request

DESCRIPTION = """\
Write a Python package OUTPUT/PACKAGE/ that reads and writes DICOM with nothing but the
standard library: dicodec's runtime and the tables of the selected keywords, typed. The
command is recorded in the package's __init__.py: run it again to remake the package.
"""


def _values(text: str) -> list[str]:
    return [value.strip() for value in text.split(",") if value.strip()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the embed command (also `dicodec embed`)."""
    parser.add_argument("--package", required=True, metavar="NAME", help="the package's name")
    parser.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="where OUTPUT/PACKAGE/ is written"
    )
    parser.add_argument(
        "--keywords", action="append", default=[], metavar="FILE",
        help="a file of keywords, one a line (# comments)",
    )  # fmt: skip
    parser.add_argument(
        "--keyword", action="append", default=[], metavar="K[,K...]", help="keywords"
    )
    parser.add_argument(
        "--iod", action="append", default=[], metavar="IOD[,IOD...]",
        help="every attribute of the IODs' modules (CTImage, ct-image or 'CT Image')",
    )  # fmt: skip
    parser.add_argument(
        "--module", action="append", default=[], metavar="M[,M...]",
        help="every attribute of these modules (GeneralStudy, ...); with --iod, of its modules",
    )  # fmt: skip
    parser.add_argument(
        "--transfer-syntax", action="append", default=[], metavar="UID|KEYWORD[,...]",
        help="the transfer syntaxes the package knows (default: the four native ones)",
    )  # fmt: skip
    parser.add_argument(
        "--pixels", action="store_true", help="native pixel decoding (numpy, when used)"
    )
    parser.add_argument(
        "--keep-docs", action="store_true",
        help="keep dicodec's comments and docstrings (a larger package)",
    )  # fmt: skip


def request_from(args: argparse.Namespace) -> Request:
    from codegen.embedding.selection import Request

    def joined(values: list[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for text in values for v in _values(text)))

    return Request(
        package=args.package,
        output=args.output,
        keyword_files=tuple(args.keywords),
        keywords=joined(args.keyword),
        iods=joined(args.iod),
        modules=joined(args.module),
        transfer_syntaxes=joined(args.transfer_syntax),
        pixels=args.pixels,
        keep_docs=args.keep_docs,
    )


def run(args: argparse.Namespace, spec_dir: Path | None = None) -> int:
    """Write the package; 0, or 2 with one line on stderr for a selection that cannot be.
    `spec_dir`: another spec/ than this checkout's."""
    request = request_from(args)
    if not request.package.isidentifier() or keyword.iskeyword(request.package):
        print(f"embed: --package {request.package!r} is not a Python name", file=sys.stderr)
        return 2
    from codegen import spec
    from codegen.embedding.package import Checkout, render
    from codegen.embedding.selection import SelectionError, resolve

    checkout = Checkout() if spec_dir is None else Checkout(spec=spec_dir)

    loaded = spec.load(checkout.spec)
    try:
        selection = resolve(loaded, request, Path.cwd())
    except SelectionError as exc:
        print(f"embed: {exc}", file=sys.stderr)
        return 2
    embedded = render(loaded, selection, checkout)
    target = Path(request.output) / request.package
    write(embedded, target)
    size = sum(len(text.encode("utf-8")) for text in embedded.files.values())
    print(
        f"{target}/: {len(embedded.files)} files, {size / 1024:.0f} KiB, "
        f"{len(embedded.keywords)} keywords ({len(selection.keywords)} selected)"
    )
    return 0


def write(embedded: Embedded, target: Path) -> None:
    """The package's files in `target`, replacing it: written beside it, then swapped in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    umask = os.umask(0o022)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # as a folder made by mkdir would be, not mkdtemp's 0700
    try:
        for name, text in embedded.files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen embed", description=DESCRIPTION)
    add_arguments(parser)
    return run(parser.parse_args(argv))
