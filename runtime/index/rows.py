"""Files -> rows of the index: the function that processes and Dask workers run on their share.

Reading stops before the Pixel Data and keeps only the elements asked for
(`dcmread(stop_before_pixels=True, specific_tags=...)`): a large file is memory-mapped,
nothing else is decoded, and sequences are skipped unread, so a worker's memory does not
grow with the size of the files. The values are decoded straight from the parser's
element tuples (`Dataset._value`) and kept column by column (`Rows`), as Arrow takes them.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dicodec.batch import describe
from dicodec.index.columns import (
    ERROR_COLUMN,
    FILE_COLUMNS,
    IDENTITY_KEYWORDS,
    Column,
    column_of_tag,
    columns,
    value_cell,
)

if TYPE_CHECKING:
    from dicodec.dataset import Dataset

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
    tags: tuple[int, ...] | None  # dcmread's specific_tags (None: every element)


@lru_cache(maxsize=16)
def _prepared(settings: IndexSettings) -> _Prepared:
    cols = tuple(columns(() if settings.all_top_level else settings.keywords))
    meta = tuple(c for c in cols if c.tag >> 16 == 0x0002)
    by_tag = {c.tag: c for c in cols if c not in meta}
    tags = None if settings.all_top_level else tuple(by_tag)
    return _Prepared(cols, by_tag, meta, tags)


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
    return index_files([path], settings).row(0)


@dataclass
class Rows:
    """The rows of a few files, column by column, as Arrow takes them: `columns[name][i]`
    is file i's value (None when it has none). With --all-top-level, a keyword's column
    appears with the first file that has the keyword."""

    count: int
    columns: dict[str, list[Any]]

    def row(self, index: int) -> Row:
        return {name: values[index] for name, values in self.columns.items()}

    def errors(self) -> list[str | None]:
        return self.columns[ERROR_COLUMN]


def index_files(paths: list[str], settings: IndexSettings) -> Rows:
    """The rows of several files (a process's group, a Dask task's share)."""
    prepared = _prepared(settings)
    count = len(paths)
    names = (*FILE_COLUMNS, *(c.keyword for c in prepared.columns), ERROR_COLUMN)
    rows = Rows(count, {name: [None] * count for name in names})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a damaged but readable file is indexed as read
        for index, path in enumerate(paths):
            _read(rows, index, path, settings, prepared)
    return rows


def _read(rows: Rows, index: int, path: str, settings: IndexSettings, prepared: _Prepared) -> None:
    """Fill row `index` with the file at `path`; a file that cannot be read gets its error."""
    from dicodec.filereader import dcmread

    columns = rows.columns
    columns["path"][index] = os.path.abspath(path)
    try:
        columns["size"][index], columns["mtime"][index] = size_and_mtime(os.stat(path))
        ds = dcmread(
            path, force=settings.force, stop_before_pixels=True, specific_tags=prepared.tags
        )
        meta = ds._file_meta
        if meta is not None:
            for meta_column in prepared.meta:
                if meta_column.tag in meta._elements:
                    columns[meta_column.keyword][index] = _cell(meta, meta_column)
        by_tag = prepared.by_tag
        for tag in ds._elements:  # only the elements kept: those asked for
            col = by_tag.get(tag)
            if col is None and settings.all_top_level:
                col = column_of_tag(tag)
                if col is not None and col.keyword not in columns:
                    columns[col.keyword] = [None] * rows.count
            if col is not None:
                columns[col.keyword][index] = _cell(ds, col)
    except Exception as exc:  # the row says why, and holds nothing else; the index goes on
        for name, values in columns.items():
            if name not in FILE_COLUMNS:
                values[index] = None
        columns[ERROR_COLUMN][index] = describe(exc)


def _cell(ds: Dataset, col: Column) -> Any:
    """The value of the element `col` names, decoded without making it a DataElement (each
    value is read once), as the column holds it; None when it cannot be decoded."""
    try:
        value = ds._value(col.tag)
    except Exception:  # a value that cannot be decoded (damaged file): no value
        return None
    return value_cell(value, col)


__all__ = ["IDENTITY_KEYWORDS", "IndexSettings", "Row", "Rows", "index_file", "index_files"]
