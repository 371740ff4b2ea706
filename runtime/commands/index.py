"""`dicodec index DIR... -o index.parquet`: the headers of every file under the folders, one
row per file, in a Parquet table with typed columns (the `index` extra: pyarrow).

Columns: path, size, mtime; TransferSyntaxUID, SOPClassUID, StudyInstanceUID,
SeriesInstanceUID, SOPInstanceUID; the keywords asked for (by default the usual ~50
patient, study, series, image and equipment attributes); error, for files that could not
be read. Types follow the VR: DA date32, TM time64, DT timestamp, DS float64, IS and the
binary integers integers, PN and text strings; a keyword whose VM allows several values is
a list. Reading stops before the Pixel Data. --update reads only new and changed files.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from dicodec.batch import BatchError, find, progress_for
from dicodec.commands.common import FINDINGS, OK, UsageError, add_command, add_jobs, finish, problem

EXAMPLES = """\
  dicodec index /archive -o index.parquet                      the default columns
  dicodec index /archive -o index.parquet --jobs 2             two processes
  dicodec index a/ b/ -o index.parquet --keywords PatientID,Modality,EchoTime
  dicodec index /archive -o index.parquet --all-top-level      every top-level element
  dicodec index /archive -o index.parquet --update             new and changed files only
  dicodec index /archive -o index/ --dask local --jobs 2       a Dask LocalCluster
  dicodec index /archive -o index/ --dask tcp://scheduler:8786 a Dask cluster
"""


def add_parser(commands: Any) -> None:
    parser = add_command(
        commands,
        "index",
        help="index the headers of every file under folders into a Parquet table",
        description=__doc__.split(": ", 1)[1],
        examples=EXAMPLES,
        run=main,
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="DIR", help="folders or files")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT",
        help="the Parquet file (with --dask: the folder of the partitioned dataset)",
    )  # fmt: skip
    columns = parser.add_mutually_exclusive_group()
    columns.add_argument(
        "--keywords", action="append", default=[], metavar="K,K,...",
        help="the keywords to index (repeatable; default: the usual ~50)",
    )  # fmt: skip
    columns.add_argument(
        "--all-top-level", action="store_true",
        help="a column for every top-level element with a keyword (sequences left out)",
    )  # fmt: skip
    parser.add_argument(
        "--update", action="store_true",
        help="keep the rows of files unchanged since OUT was made (same size and "
        "modification time), read the others, drop those of files no longer there",
    )  # fmt: skip
    add_jobs(parser)
    parser.add_argument(
        "--dask", metavar="SCHEDULER",
        help='run on a dask.distributed cluster: its scheduler address, or "local" for a '
        "LocalCluster of --jobs processes",
    )  # fmt: skip
    parser.add_argument(
        "--force", action="store_true", help="read data sets without File Meta Information too"
    )


def main(args: argparse.Namespace) -> int:
    from dicodec.index import (
        DEFAULT_KEYWORDS,
        ColumnError,
        IndexSettings,
        build,
        describe_plan,
        plan_update,
    )

    keywords = tuple(k.strip() for text in args.keywords for k in text.split(",") if k.strip())
    settings = IndexSettings(keywords or DEFAULT_KEYWORDS, args.all_top_level, args.force)
    try:
        settings.columns()
        _check_extras(args.dask is not None)
    except (ColumnError, ImportError) as exc:
        raise UsageError(str(exc)) from None
    status = OK
    files: list[str] = []
    for given in args.inputs:
        try:
            files += [str(p) for p in find([given])]
        except BatchError:
            problem(args, given, FileNotFoundError(given))
            status = FINDINGS
    _check_output(args)
    output = os.path.abspath(args.output)
    files = [f for f in files if not os.path.abspath(f).startswith(output)]  # not the index
    try:
        plan = plan_update(files, args.output, settings, args.update)
    except ColumnError as exc:
        raise UsageError(str(exc)) from None
    if args.update:
        print(f"dicodec index: {describe_plan(plan)}", file=sys.stderr)
    progress = progress_for(sys.stderr, "indexing")
    if args.dask is None:
        summary, rows = build(plan, args.output, settings, processes=args.jobs, progress=progress)
    else:
        summary, rows = _on_dask(args, plan, settings, progress)
    code = finish(args, summary, [] if summary.interrupted else [f"{rows} rows in {args.output}"])
    if not summary.interrupted and rows == 0:
        print(f"dicodec index: no files under {', '.join(map(str, args.inputs))}", file=sys.stderr)
        code = max(code, FINDINGS)
    return max(code, status)


def _on_dask(args: argparse.Namespace, plan: Any, settings: Any, progress: Any) -> Any:
    from dicodec.index.distributed import build_on_dask, connect

    try:
        client, cluster = connect(args.dask, args.jobs)
    except OSError as exc:
        raise UsageError(f"--dask {args.dask}: cannot reach the scheduler: {exc}") from None
    try:
        return build_on_dask(plan, args.output, settings, client, progress=progress)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _check_extras(dask: bool) -> None:
    from dicodec.index.table import pyarrow

    pyarrow()
    if dask:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise ImportError(
                'dicodec index --dask needs dask.distributed: pip install "dicodec[dask]"'
            ) from None


def _check_output(args: argparse.Namespace) -> None:
    output = os.path.abspath(args.output)
    for given in args.inputs:
        folder = os.path.abspath(given)
        if output == folder:
            raise UsageError(f"the output {args.output} is an input")
    if args.dask is None and args.output.is_dir():
        raise UsageError(f"{args.output} is a folder: without --dask the index is one file")
    if args.dask is not None and args.output.is_file():
        raise UsageError(f"{args.output} is a file: with --dask the index is a folder of parts")


__all__ = ["add_parser", "main"]
