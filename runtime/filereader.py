"""`dcmread`: a DICOM file (PS3.10) or a bare dataset, from a path, bytes or a file object."""

from __future__ import annotations

import mmap
import os
from collections.abc import Iterable
from functools import lru_cache
from typing import IO, Any

from dicodec import file_meta, transfer_syntax
from dicodec.buffers import ReadableBuffer
from dicodec.dataset import AsRead, Dataset, FileDataset
from dicodec.generated import tags
from dicodec.generated.dictionary import DICTIONARY
from dicodec.leniency import is_strict, restore_reading_mode, start_reading
from dicodec.reader import StopRule, parse_dataset
from dicodec.source import FileSource, Source
from dicodec.tag import as_tag

__all__ = ["FileDataset", "dcmread", "read_buffer"]

# the elements that can hold pixels (PS3.3 C.7.6.3, C.7.6.24): `stop_before_pixels` stops there
PIXEL_DATA_TAGS = frozenset({tags.FloatPixelData, tags.DoubleFloatPixelData, tags.PixelData})

PathLike = str | os.PathLike[str]


def _size_in_bytes(size: int | float | str | None) -> int | None:
    """`defer_size` as pydicom takes it: a number of bytes, or text such as "512 KB"."""
    if size is None:
        return None
    if isinstance(size, (int, float)):
        return int(size)
    number, _, unit = size.strip().partition(" ")
    scale = {"": 1, "B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}.get(unit.strip().upper())
    if scale is None:
        raise ValueError(f"defer_size {size!r}: unit must be B, KB, MB or GB")
    return int(float(number) * scale)


def dcmread(
    fp: PathLike | bytes | bytearray | memoryview | IO[bytes] | ReadableBuffer,
    *,
    force: bool = False,
    defer_size: int | float | str | None = None,
    stop_before_pixels: bool = False,
    specific_tags: Iterable[Any] | None = None,
    strict: bool | None = None,
) -> FileDataset:
    """Read a DICOM file.

    `fp` is a path, a bytes-like object or a binary file object. With
    `force`, data without a preamble or File Meta Information is read too, its
    transfer syntax inferred from the first bytes. Values longer than
    `defer_size` are read from the file only when used; `stop_before_pixels`
    stops at Pixel Data; `specific_tags` keeps only those elements.

    Files that break the rules of the encoding in ways seen in the wild (odd
    lengths, a wrong transfer syntax in the meta, a VR switch, a file cut
    short) are read with a `DicomFormatWarning`, and malformed values with an
    `InvalidValueWarning` when decoded; with `strict`, each raises instead.
    Without `strict`, the context's reading mode decides (lenient unless
    `dicodec.config` says otherwise).
    """
    if strict is None:
        strict = is_strict()
    defer = _size_in_bytes(defer_size)
    filename: str | None = None
    if isinstance(fp, (str, os.PathLike)):
        filename = os.fspath(fp)
        buf = _open_buffer(filename, deferring=defer is not None, partly=stop_before_pixels)
    elif isinstance(fp, bytes):
        buf = fp
    elif isinstance(fp, (bytearray, memoryview)):
        buf = bytes(fp)
    elif hasattr(fp, "read"):
        filename = getattr(fp, "name", None) if isinstance(getattr(fp, "name", None), str) else None
        buf = fp.read()
        if not isinstance(buf, bytes):
            raise TypeError("dcmread needs a binary file object (opened with 'rb')")
    else:
        raise TypeError(f"dcmread cannot read from {type(fp).__name__}")
    ds = read_buffer(
        buf,
        force=force,
        stop_before_pixels=stop_before_pixels,
        specific_tags=specific_tags,
        strict=strict,
    )
    ds.filename = filename
    if defer is not None and filename is not None:
        _defer(ds, filename, defer)
    return ds


# Files up to this size are read whole even when only their start is needed
# (`stop_before_pixels`): mapping a file costs more than copying a few pages (most headers
# are a few kilobytes), and memory stays bounded by this size all the same.
MAP_FROM_SIZE = 256 * 1024


def _open_buffer(path: str, *, deferring: bool, partly: bool) -> Any:
    """The file's bytes; memory-mapped when values are read from the file later
    (`deferring`), or when only its start is needed (`partly`) and it is large."""
    with open(path, "rb") as f:
        if deferring or partly:
            size = os.fstat(f.fileno()).st_size
            if size > 0 and (deferring or size > MAP_FROM_SIZE):
                return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return f.read()


def _defer(ds: Dataset, path: str, defer: int) -> None:
    """Re-point large top-level values at the file, to be read on first use."""
    for tag, raw in list(ds._elements.items()):
        if raw.__class__ is not tuple:
            continue
        vr, start, value_start, end, src = raw
        if (
            end - value_start > defer
            and src.whole
            and isinstance(src.buf, mmap.mmap)
            and _deferrable(tag, vr)
        ):
            deferred = FileSource(
                path,
                implicit_vr=src.implicit_vr,
                little_endian=src.little_endian,
                strict=src.strict,
            )
            ds._elements[tag] = (vr, start, value_start, end, deferred)


def _deferrable(tag: int, vr: str | None) -> bool:
    """True for a value that can be read later by its offset: not a sequence.

    A sequence is parsed from the buffer; without a VR (Implicit VR, or UN) the
    dictionary says what the element is, and an unknown one may be a sequence.
    """
    if vr is None or vr == "UN":
        found = DICTIONARY.get(tag)
        vr = found[0] if found is not None else "SQ"
    return "SQ" not in vr


def read_buffer(
    buf: Any,
    *,
    force: bool = False,
    stop_before_pixels: bool = False,
    specific_tags: Iterable[Any] | None = None,
    strict: bool | None = None,
) -> FileDataset:
    """Parse a whole DICOM file held in `buf` (bytes or an mmap)."""
    if strict is None:
        strict = is_strict()
    token = start_reading(strict)
    try:
        return _read_buffer(buf, force, stop_before_pixels, specific_tags, strict)
    finally:
        restore_reading_mode(token)


def _read_buffer(
    buf: Any,
    force: bool,
    stop_before_pixels: bool,
    specific_tags: Iterable[Any] | None,
    strict: bool,
) -> FileDataset:
    preamble, pos = file_meta.read_preamble(buf, force=force)
    meta, pos, has_meta = file_meta.read(buf, pos, strict)
    uid = None
    if tags.TransferSyntaxUID in meta:
        uid = str(meta[tags.TransferSyntaxUID].value or "").strip("\0 ")
    encoding = transfer_syntax.for_reading(uid, buf, pos, len(buf), meta=has_meta)

    body_buf, body_pos, body_end = buf, pos, len(buf)
    deflated: tuple[bytes, bytes] | None = None
    if encoding.deflated:
        stream = bytes(buf[pos:])
        body_buf = transfer_syntax.inflate(stream, pos)
        body_pos, body_end = 0, len(body_buf)
        deflated = (stream, body_buf)

    rule = None
    if stop_before_pixels or specific_tags is not None:
        rule = _stop_rule(stop_before_pixels, specific_tags)
    src = Source(
        body_buf,
        implicit_vr=encoding.implicit_vr,
        little_endian=encoding.little_endian,
        strict=strict,
    )
    elements, _ = parse_dataset(src, body_pos, body_end, rule=rule)

    ds = FileDataset._from_file(elements, meta, AsRead(uid, deflated))
    ds.preamble = preamble
    ds.is_implicit_VR = encoding.implicit_vr
    ds.is_little_endian = encoding.little_endian
    return ds


def _stop_rule(stop_before_pixels: bool, specific_tags: Iterable[Any] | None) -> StopRule:
    """The parser's rule for these arguments; the same arguments (an index reading thousands
    of files) get the rule made the first time."""
    if specific_tags is None:
        return _cached_stop_rule(stop_before_pixels, None)
    given = tuple(specific_tags)
    try:
        return _cached_stop_rule(stop_before_pixels, given)
    except TypeError:  # unhashable tags ([0x0010, 0x0010]): made each time
        return _cached_stop_rule.__wrapped__(stop_before_pixels, given)


@lru_cache(maxsize=16)
def _cached_stop_rule(stop_before_pixels: bool, specific_tags: tuple[Any, ...] | None) -> StopRule:
    keep = None
    if specific_tags is not None:
        # the Specific Character Set too: the kept text is decoded with it
        keep = frozenset(as_tag(t) for t in specific_tags) | {tags.SpecificCharacterSet}
    return StopRule(PIXEL_DATA_TAGS if stop_before_pixels else (), keep)
