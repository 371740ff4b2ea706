"""Index rows to Parquet (pyarrow, the `index` extra).

Rows are written in parts as they come (a few thousand at a time), so that a million
files never sit in memory; the parts are then joined into one file (`-o index.parquet`),
or left as the parts of a partitioned dataset (`--dask`), every part with the same
schema: the file columns, the identity columns, the keywords' columns, the error.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from dicodec.index.columns import (
    ERROR_COLUMN,
    FILE_COLUMNS,
    IDENTITY_KEYWORDS,
    Column,
    column,
)
from dicodec.index.rows import IndexSettings, Rows

# The schema's metadata: what the index was asked for, so that --update keeps to it.
SELECTION_KEY = b"dicodec.selection"
ALL_TOP_LEVEL = "all-top-level"
PART_ROWS = 5000


def pyarrow() -> Any:
    """The pyarrow module, or an ImportError that says how to install it."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ImportError('dicodec index needs pyarrow: pip install "dicodec[index]"') from None
    return pyarrow


def selection(settings: IndexSettings) -> str:
    """What the index holds, as its metadata records it."""
    return ALL_TOP_LEVEL if settings.all_top_level else json.dumps(list(settings.keywords))


def arrow_type(col: Column) -> Any:
    pa = pyarrow()
    value_type = pa.type_for_alias(col.arrow_type)
    return pa.list_(value_type) if col.is_list else value_type


def schema(cols: list[Column], settings: IndexSettings) -> Any:
    pa = pyarrow()
    fields = [
        pa.field("path", pa.string(), nullable=False),
        pa.field("size", pa.int64()),
        pa.field("mtime", pa.timestamp("us", tz="UTC")),
        *(pa.field(col.keyword, arrow_type(col)) for col in cols),
        pa.field(ERROR_COLUMN, pa.string()),
    ]
    return pa.schema(fields, metadata={SELECTION_KEY: selection(settings).encode()})


def row_columns(rows: Rows, settings: IndexSettings) -> list[Column]:
    """The columns of these rows: the settings' own, or (--all-top-level) every keyword
    any row has, the identity columns first and the others in tag order."""
    if not settings.all_top_level:
        return settings.columns()
    return columns_named(rows.columns)


def columns_named(names: Iterable[str]) -> list[Column]:
    keywords = set(names) - {*FILE_COLUMNS, ERROR_COLUMN} - set(IDENTITY_KEYWORDS)
    rest = sorted((column(k) for k in keywords), key=lambda c: c.tag)
    return [column(k) for k in IDENTITY_KEYWORDS] + rest


def table(rows: Rows, cols: list[Column], settings: IndexSettings) -> Any:
    """The Arrow table of `rows`, typed by `cols`: one array per column, made at once."""
    pa = pyarrow()
    target = schema(cols, settings)
    arrays = []
    for field in target:
        values = rows.columns.get(field.name) or [None] * rows.count
        try:
            arrays.append(pa.array(values, type=field.type))
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            # a value out of the type's range (a damaged file): null, not a lost index
            arrays.append(pa.array([_fits(v, field.type) for v in values], type=field.type))
    return pa.Table.from_arrays(arrays, schema=target)


def _fits(value: Any, arrow: Any) -> Any:
    pa = pyarrow()
    try:
        pa.array([value], type=arrow)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return None
    return value


def conform(data: Any, target: Any) -> Any:
    """`data` with the columns of `target`, in its order (columns it lacks are null)."""
    pa = pyarrow()
    arrays = [
        data.column(field.name)
        if field.name in data.column_names
        else pa.nulls(len(data), field.type)
        for field in target
    ]
    return pa.Table.from_arrays(arrays, schema=target)


def write_part(rows: Rows, path: Path, settings: IndexSettings) -> list[str]:
    """Write `rows` as one Parquet file; return the names of its keyword columns."""
    cols = row_columns(rows, settings)
    pyarrow().parquet.write_table(table(rows, cols, settings), path)
    return [c.keyword for c in cols]


class PartWriter:
    """Arrow tables in, Parquet parts out, into a folder of its own (the rows --update
    keeps from the old index)."""

    def __init__(self, folder: Path, settings: IndexSettings, prefix: str = "part") -> None:
        self.folder = folder
        self.settings = settings
        self.prefix = prefix
        self.parts: list[Path] = []

    def add_table(self, data: Any) -> None:
        path = self.folder / f"{self.prefix}-{len(self.parts):05d}.parquet"
        pyarrow().parquet.write_table(data, path)
        self.parts.append(path)


def final_schema(parts: list[Path], settings: IndexSettings) -> Any:
    """The schema every part gets: the settings' columns, or (--all-top-level) every
    column any part has."""
    if not settings.all_top_level:
        return schema(settings.columns(), settings)
    pq = pyarrow().parquet
    names = {name for part in parts for name in pq.read_schema(part).names}
    return schema(columns_named(names), settings)


def join_parts(parts: list[Path], target_schema: Any, output: Path) -> int:
    """Write the parts, conformed to `target_schema`, as the one file `output` (atomically:
    a temporary file beside it, renamed); return the number of rows."""
    pq = pyarrow().parquet
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".dicodec-", suffix=".tmp", dir=output.parent)
    os.close(handle)
    count = 0
    try:
        with pq.ParquetWriter(temporary, target_schema) as writer:
            if not parts:
                writer.write_table(target_schema.empty_table())
            for part in parts:
                data = conform(read_part(part), target_schema)
                writer.write_table(data)
                count += len(data)
        os.replace(temporary, output)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return count


def read_part(part: Path) -> Any:
    """One Parquet file, whole (`ParquetFile`: `read_table` would first look around it for
    a partitioned dataset, which costs more than reading a part of a few thousand rows)."""
    return pyarrow().parquet.ParquetFile(part).read()


def conform_part(part: Path, target_schema: Any) -> None:
    """Rewrite one part of a dataset with `target_schema` (in place, atomically)."""
    pq = pyarrow().parquet
    data = conform(read_part(part), target_schema)
    temporary = part.with_name("." + part.name + ".tmp")
    pq.write_table(data, temporary)
    os.replace(temporary, part)


# -- an index already there (--update) ---------------------------------------------------------
def read_selection(index: Path) -> str | None:
    """What an existing index was asked for (None for a file dicodec did not write)."""
    pq = pyarrow().parquet
    found = pq.read_schema(_first_file(index)).metadata or {}
    value = found.get(SELECTION_KEY)
    return value.decode() if value is not None else None


def known_files(index: Path) -> dict[str, tuple[int, int]]:
    """path -> (size, mtime in µs) of every row read without an error."""
    pq = pyarrow().parquet
    data = pq.read_table(_files(index), columns=["path", "size", "mtime", ERROR_COLUMN])
    paths, sizes = data.column("path").to_pylist(), data.column("size").to_pylist()
    mtimes = data.column("mtime").cast(pyarrow().int64()).to_pylist()
    errors = data.column(ERROR_COLUMN).to_pylist()
    return {p: (s, m) for p, s, m, e in zip(paths, sizes, mtimes, errors, strict=True) if e is None}


def kept_rows(index: Path, keep: set[str]) -> Iterator[Any]:
    """The rows of `index` whose path is in `keep`, a record batch at a time."""
    pa = pyarrow()
    import pyarrow.compute as pc

    wanted = pa.array(sorted(keep), type=pa.string())
    for name in _files(index):
        for batch in pa.parquet.ParquetFile(name).iter_batches(batch_size=PART_ROWS):
            data = pa.Table.from_batches([batch])
            chosen = data.filter(pc.is_in(data.column("path"), value_set=wanted))
            if len(chosen):
                yield chosen


def _files(index: Path) -> list[str]:
    if index.is_dir():
        return sorted(str(p) for p in index.glob("*.parquet"))
    return [str(index)]


def _first_file(index: Path) -> str:
    files = _files(index)
    if not files:
        raise FileNotFoundError(f"{index} holds no Parquet file")
    return files[0]


def remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


__all__ = [
    "ALL_TOP_LEVEL",
    "PartWriter",
    "conform",
    "conform_part",
    "final_schema",
    "join_parts",
    "kept_rows",
    "known_files",
    "pyarrow",
    "read_selection",
    "schema",
    "selection",
    "table",
    "write_part",
]
