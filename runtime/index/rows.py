"""One file -> one row of the index: the per-file function that processes and Dask workers run.

Reading stops before the Pixel Data and keeps only the elements asked for
(`dcmread(stop_before_pixels=True, specific_tags=...)`): the file is memory-mapped, nothing
else is decoded, and sequences are skipped unread, so a worker's memory does not grow with
the size of the files.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dicodec.index.columns import (
    ERROR_COLUMN,
    IDENTITY_KEYWORDS,
    Column,
    cell,
    column_of_tag,
    columns,
)

Row = dict[str, Any]


@dataclass(frozen=True)
class IndexSettings:
    """What every worker needs (picklable: it travels to processes and Dask workers)."""

    keywords: tuple[str, ...]  # the columns asked for (after the identity columns)
    all_top_level: bool = False  # every top-level element with a keyword instead
    force: bool = False  # read data sets without File Meta Information too

    def columns(self) -> list[Column]:
        return list(_prepared(self).columns)


@dataclass(frozen=True)
class _Prepared:
    """What reading a file for `settings` needs, worked out once per worker."""

    columns: tuple[Column, ...]
    by_tag: dict[int, Column]  # the data set's columns
    meta: tuple[Column, ...]  # the File Meta Information's (TransferSyntaxUID)
    tags: list[int] | None  # dcmread's specific_tags (None: every element)
    empty: dict[str, None]  # a row of every column, none filled


@lru_cache(maxsize=16)
def _prepared(settings: IndexSettings) -> _Prepared:
    cols = tuple(columns(() if settings.all_top_level else settings.keywords))
    meta = tuple(c for c in cols if c.tag >> 16 == 0x0002)
    by_tag = {c.tag: c for c in cols if c not in meta}
    tags = None if settings.all_top_level else list(by_tag)
    return _Prepared(cols, by_tag, meta, tags, dict.fromkeys(c.keyword for c in cols))


def size_and_mtime(stat: os.stat_result) -> tuple[int, int]:
    """A file's size and modification time in microseconds, as the index holds them.

    Microseconds, not the file system's nanoseconds: Arrow's timestamp("ns") values
    often do not convert to Python datetimes without pandas, and no change to a file
    that `--update` must see happens within one microsecond of the last.
    """
    return stat.st_size, stat.st_mtime_ns // 1000


def index_file(path: str, settings: IndexSettings) -> Row:
    """The row of one file: path, size, modification time, the columns, and the error that
    kept it from being read (None when it was). Never raises for a bad file."""
    from dicodec.batch import describe

    row: Row = {"path": os.path.abspath(path), "size": None, "mtime": None}
    try:
        row["size"], row["mtime"] = size_and_mtime(os.stat(path))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a damaged but readable file is indexed as read
            row.update(_values(path, settings, _prepared(settings)))
        row[ERROR_COLUMN] = None
    except Exception as exc:  # a row says why; the index goes on
        row[ERROR_COLUMN] = describe(exc)
    return row


def _values(path: str, settings: IndexSettings, prepared: _Prepared) -> Row:
    from dicodec.filereader import dcmread

    ds = dcmread(path, force=settings.force, stop_before_pixels=True, specific_tags=prepared.tags)
    values: Row = prepared.empty.copy()
    meta = ds.file_meta
    for meta_column in prepared.meta:
        if meta_column.tag in meta:
            values[meta_column.keyword] = cell(meta[meta_column.tag], meta_column)
    by_tag = prepared.by_tag
    for element in ds:  # only the elements kept: those asked for
        col = by_tag.get(element.tag)
        if col is None and settings.all_top_level:
            col = column_of_tag(int(element.tag))
        if col is not None:
            values[col.keyword] = cell(element, col)
    return values


def index_files(paths: list[str], settings: IndexSettings) -> list[Row]:
    """The rows of several files (a Dask task's share)."""
    return [index_file(path, settings) for path in paths]


__all__ = ["IDENTITY_KEYWORDS", "IndexSettings", "Row", "index_file", "index_files"]
