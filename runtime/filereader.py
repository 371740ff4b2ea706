"""`dcmread`: a DICOM file (PS3.10) or a bare dataset, from a path, bytes or a file object."""

from __future__ import annotations

import io
import mmap
import os
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import IO, Any, BinaryIO

from dicodec import file_meta, transfer_syntax
from dicodec.buffers import ReadableBuffer
from dicodec.charset import DEFAULT_ENCODINGS
from dicodec.dataset import AsRead, Dataset, FileDataset, FileMetaDataset
from dicodec.element import DataElement, RawDataElement, Validation, validation_mode_of
from dicodec.errors import InvalidDicomError
from dicodec.generated import tags
from dicodec.generated.dictionary import DICTIONARY
from dicodec.leniency import is_strict, restore_reading_mode, start_reading
from dicodec.reader import StopRule, parse_dataset
from dicodec.source import UNDEFINED_LENGTH, FileSource, Source
from dicodec.tag import Tag, as_tag

__all__ = [
    "FileDataset",
    "data_element_generator",
    "dcmread",
    "read_buffer",
    "read_dataset",
    "read_file_meta_info",
    "read_preamble",
]

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
    defer_size: int | float | str | None = None,
    stop_before_pixels: bool = False,
    force: bool = False,
    specific_tags: Iterable[Any] | None = None,
    *,
    strict: bool | None = None,
    validation: Validation | int | None = None,
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

    `validation` ("raise", "warn", "ignore", or pydicom's config.RAISE, ...) is how the
    dataset checks values assigned to it later (`ds.validation`); None: as the context
    says when they are assigned (warn, by default).
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
    if not isinstance(fp, (str, os.PathLike)) and not isinstance(fp, io.BufferedReader):
        ds.buffer = fp  # pydicom's: what the dataset was read from, when not a file
        ds.fileobj_type = type(fp)
    else:
        ds.fileobj_type = open
    if filename is not None and os.path.exists(filename):
        ds.timestamp = os.stat(filename).st_mtime
    ds.validation = validation_mode_of(validation)
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


# -- pydicom's lower-level reading functions, over a file object ---------------------------
def read_preamble(fp: BinaryIO, force: bool) -> bytes | None:
    """The 128-byte preamble of the file at `fp`, which is left after the "DICM" prefix.

    Without the prefix: an `InvalidDicomError`, or with `force`, None and `fp` back where
    it was (pydicom's function).
    """
    start = fp.tell()
    preamble = fp.read(file_meta.PREAMBLE_LENGTH)
    if fp.read(len(file_meta.PREFIX)) != file_meta.PREFIX:
        if force:
            fp.seek(start)
            return None
        raise InvalidDicomError(
            "File is missing DICOM File Meta Information header or the 'DICM' prefix is "
            "missing from the header. Use force=True to force reading.",
            offset=start + file_meta.PREAMBLE_LENGTH,
        )
    return preamble


def read_file_meta_info(filename: PathLike) -> FileMetaDataset:
    """The File Meta Information of the file at `filename`, the rest left unread (pydicom's
    function); an `InvalidDicomError` when there is no "DICM" prefix."""
    buf = _open_buffer(os.fspath(filename), deferring=False, partly=True)
    _, start = file_meta.read_preamble(buf, force=False)
    meta, _, _ = file_meta.read(buf, start, is_strict())
    return meta


StopWhen = Callable[[Tag, "str | None", int], bool]


def _parse_from(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    bytelength: int | None,
    specific_tags: Iterable[Any] | None,
) -> tuple[dict[int, Any], Source, int]:
    """The elements from `fp`'s position on (`bytelength` bytes of them, or to the end), read
    over the file from its start so that offsets are the file's; the end of what was read."""
    start = fp.tell()
    fp.seek(0)
    buf = fp.read() if bytelength is None else fp.read(start + bytelength)
    if len(buf) < start:
        raise InvalidDicomError("the file object ends before its position", offset=start)
    end = len(buf)
    uid = transfer_syntax.uid_for(
        transfer_syntax.of_encoding(is_implicit_VR, is_little_endian), False
    )
    encoding = transfer_syntax.for_reading(uid, buf, start, end, meta=True)
    src = Source(
        buf,
        implicit_vr=encoding.implicit_vr,
        little_endian=encoding.little_endian,
        strict=is_strict(),
    )
    rule = _stop_rule(False, specific_tags) if specific_tags is not None else None
    elements, stop = parse_dataset(src, start, end, rule=rule)
    return elements, src, stop


def _until(
    ds: Dataset, stop_when: StopWhen | None
) -> tuple[list[RawDataElement | DataElement], int | None]:
    """The dataset's elements in order up to the first `stop_when` says to stop before, and
    that element's header offset (None when none stops it)."""
    found: list[RawDataElement | DataElement] = []
    for tag in ds._sorted_tags():
        item = ds.get_item(tag, keep_deferred=True)
        if not isinstance(item, (RawDataElement, DataElement)):
            continue
        if stop_when is not None and isinstance(item, RawDataElement):
            if stop_when(item.tag, item.VR, item.length):
                return found, ds._elements[tag][1]
        if isinstance(item, RawDataElement) and item.length == UNDEFINED_LENGTH:
            element = ds[tag]  # a sequence of undefined length is read whole, as pydicom does
            if element.VR == "SQ":
                item = element
        found.append(item)
    return found, None


def read_dataset(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    bytelength: int | None = None,
    stop_when: StopWhen | None = None,
    defer_size: int | float | str | None = None,
    parent_encoding: str | list[str] = "iso8859",
    specific_tags: Iterable[Any] | None = None,
    at_top_level: bool = True,
) -> Dataset:
    """The dataset at `fp`'s position, `bytelength` bytes long or to the end, encoded as
    told (the data wins where its bytes say otherwise, with a warning); pydicom's function.

    `stop_when(tag, VR, length)` stops before the first element it is true for, and `fp`
    is left there; `parent_encoding` (Python codec names) decodes text when the dataset
    has no Specific Character Set. `defer_size` is accepted: values are read whole.
    """
    elements, src, stop = _parse_from(
        fp, is_implicit_VR, is_little_endian, bytelength, specific_tags
    )
    ds = Dataset._from_elements(elements, None)
    kept, stopped_at = _until(ds, stop_when)
    if stopped_at is not None:
        for tag in list(ds._elements)[len(kept) :]:
            del ds._elements[tag]
    fp.seek(stopped_at if stopped_at is not None else stop)
    if tags.SpecificCharacterSet not in ds._elements:
        parent = (parent_encoding,) if isinstance(parent_encoding, str) else tuple(parent_encoding)
        ds._encodings = parent or DEFAULT_ENCODINGS
    told = None if tags.SpecificCharacterSet in ds._elements else parent_encoding
    ds.set_original_encoding(src.implicit_vr, src.little_endian, told)
    return ds


def data_element_generator(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    stop_when: StopWhen | None = None,
    defer_size: int | float | str | None = None,
    encoding: str | list[str] = "iso8859",
    specific_tags: Iterable[Any] | None = None,
) -> Iterator[RawDataElement | DataElement]:
    """The elements at `fp`'s position, in order, as pydicom's `RawDataElement`s (their
    encoded values), until `stop_when(tag, VR, length)` or the end; pydicom's function.

    `fp` is left after the last element given (or before the one `stop_when` stopped at).
    """
    elements, _, stop = _parse_from(fp, is_implicit_VR, is_little_endian, None, specific_tags)
    ds = Dataset._from_elements(elements, None)
    found, stopped_at = _until(ds, stop_when)
    fp.seek(stopped_at if stopped_at is not None else stop)
    yield from found
