"""`dcmread`: a DICOM file (PS3.10) or a bare dataset, from a path, bytes or a file object."""

from __future__ import annotations

import mmap
import os
import zlib
from collections.abc import Iterable
from typing import IO, Any

from dicodec.dataset import Dataset, FileMetaDataset
from dicodec.errors import InvalidDicomError
from dicodec.filebase import ReadableBuffer
from dicodec.generated.dictionary import DICTIONARY
from dicodec.generated.uids import TRANSFER_SYNTAXES, UIDS
from dicodec.generated.vr_codecs import LONG_HEADER_VRS
from dicodec.leniency import is_strict, reading, tolerate
from dicodec.reader import StopRule, parse_dataset
from dicodec.source import FileSource, Source
from dicodec.tag import as_tag

PREAMBLE_LENGTH = 128
META_GROUP_LENGTH = 0x00020000
TRANSFER_SYNTAX_UID = 0x00020010
PIXEL_DATA_TAGS = frozenset({0x7FE00008, 0x7FE00009, 0x7FE00010})
# Deflated: the dataset after the meta information is a raw deflate stream (PS3.5 A.5).
_RAW_DEFLATE = -zlib.MAX_WBITS

PathLike = str | os.PathLike[str]


class FileDataset(Dataset):
    """A dataset read from a file: also usable as a context manager (`with dcmread(p) as ds`)."""

    __slots__ = ()

    def __enter__(self) -> FileDataset:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


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
        buf = _open_buffer(filename, lazy=defer is not None or stop_before_pixels)
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


def _open_buffer(path: str, *, lazy: bool) -> Any:
    """The file's bytes; memory-mapped when only part of it may be needed."""
    with open(path, "rb") as f:
        if lazy and os.fstat(f.fileno()).st_size > 0:
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
    with reading(strict):
        return _read_buffer(buf, force, stop_before_pixels, specific_tags, strict)


def _read_buffer(
    buf: Any,
    force: bool,
    stop_before_pixels: bool,
    specific_tags: Iterable[Any] | None,
    strict: bool,
) -> FileDataset:
    size = len(buf)
    preamble: bytes | None = None
    pos = 0
    if size >= PREAMBLE_LENGTH + 4 and buf[PREAMBLE_LENGTH : PREAMBLE_LENGTH + 4] == b"DICM":
        preamble = bytes(buf[:PREAMBLE_LENGTH])
        pos = PREAMBLE_LENGTH + 4
    elif buf[:4] == b"DICM":
        pos = 4  # no preamble, but the prefix (seen in some files)
    elif not force:
        raise InvalidDicomError(
            "not a DICOM Part 10 file: no 'DICM' prefix after the 128-byte preamble "
            "(use force=True to read a dataset without File Meta Information)",
            offset=PREAMBLE_LENGTH,
        )

    meta_elements, pos = _read_meta(buf, pos, size, strict)
    meta_src = next(iter(meta_elements.values()))[4] if meta_elements else None
    file_meta = FileMetaDataset._from_elements(meta_elements, None)
    transfer_syntax = None
    if TRANSFER_SYNTAX_UID in meta_elements:
        transfer_syntax = str(file_meta[TRANSFER_SYNTAX_UID].value or "").strip("\0 ")
    implicit, little, deflated = _syntax(transfer_syntax, buf, pos, size, meta_src)

    body_buf, body_pos, body_end = buf, pos, size
    inflated_from: bytes | None = None
    if deflated:
        try:
            inflated = zlib.decompress(bytes(buf[pos:]), _RAW_DEFLATE)
        except zlib.error as exc:
            raise InvalidDicomError(
                f"the deflated dataset cannot be inflated: {exc}", offset=pos
            ) from exc
        inflated_from = bytes(buf[pos:])
        body_buf, body_pos, body_end = inflated, 0, len(inflated)

    rule = None
    if stop_before_pixels or specific_tags is not None:
        keep = None
        if specific_tags is not None:
            keep = {as_tag(t) for t in specific_tags} | {0x00080005}
        rule = StopRule(PIXEL_DATA_TAGS if stop_before_pixels else (), keep)
    src = Source(body_buf, implicit_vr=implicit, little_endian=little, strict=strict)
    elements, _ = parse_dataset(src, body_pos, body_end, rule=rule)

    ds = FileDataset._from_elements(elements, None)
    ds.preamble = preamble
    ds.file_meta = file_meta
    ds.is_implicit_VR = implicit
    ds.is_little_endian = little
    ds.__dict__["_read_transfer_syntax"] = transfer_syntax
    if inflated_from is not None:
        ds.__dict__["_deflated_original"] = (inflated_from, body_buf)
    return ds


def _read_meta(buf: Any, pos: int, size: int, strict: bool) -> tuple[dict[int, Any], int]:
    """Group 0002 elements: Explicit VR Little Endian (PS3.10 7.1), or implicit in some files.

    The meta group ends where group 0002 ends: its group length is not trusted,
    because files get it wrong. It is parsed element by element, so that the
    first bytes after it (another encoding, or a deflate stream) are not.
    """
    if pos + 6 > size or buf[pos : pos + 2] != b"\x02\x00":
        return {}, pos
    start = pos
    implicit = bytes(buf[pos + 4 : pos + 6]).isalpha() is False
    if implicit:
        tolerate(
            "the File Meta Information is Implicit VR, not Explicit VR Little Endian (PS3.10 7.1)",
            offset=pos,
        )
    src = Source(buf, implicit_vr=implicit, little_endian=True, strict=strict)
    elements: dict[int, Any] = {}
    while pos + 8 <= size and buf[pos : pos + 2] == b"\x02\x00":
        found, next_pos = parse_dataset(src, pos, _element_end(buf, pos, size, implicit))
        elements.update(found)
        if next_pos <= pos:
            break
        pos = next_pos
    _check_group_length(elements, start, pos)
    return elements, pos


def _check_group_length(elements: dict[int, Any], start: int, end: int) -> None:
    """File Meta Information Group Length (0002,0000) against the group as found.

    The group is read element by element whatever its length says (files get it
    wrong), so a wrong one only warns.
    """
    raw = elements.get(META_GROUP_LENGTH)
    if raw is None or raw[0] not in ("UL", None) or raw[3] - raw[2] != 4:
        return
    said = int.from_bytes(raw[4].buf[raw[2] : raw[3]], "little")
    found = end - raw[3]
    if said != found:
        tolerate(
            f"the File Meta Information Group Length says {said} bytes, the group has {found}",
            offset=start,
            tag=META_GROUP_LENGTH,
        )


def _element_end(buf: Any, pos: int, size: int, implicit: bool) -> int:
    """The end of the single element at `pos`, by its header alone (PS3.5 7.1.2, 7.1.3)."""
    if implicit:
        length = int.from_bytes(buf[pos + 4 : pos + 8], "little")
        return min(size, pos + 8 + length)
    if bytes(buf[pos + 4 : pos + 6]).decode("latin_1") in LONG_HEADER_VRS:
        length = int.from_bytes(buf[pos + 8 : pos + 12], "little")
        return min(size, pos + 12 + length)
    length = int.from_bytes(buf[pos + 6 : pos + 8], "little")
    return min(size, pos + 8 + length)


def _syntax(
    uid: str | None, buf: Any, pos: int, size: int, meta_src: Source | None
) -> tuple[bool, bool, bool]:
    """(implicit VR, little endian, deflated) of the dataset after the meta group."""
    if uid:
        known = TRANSFER_SYNTAXES.get(uid)
        if known is not None:
            implicit, little, deflated = known[0], known[1], known[2]
            # Some files say Implicit VR but are explicit (and the reverse): trust the bytes.
            guessed_implicit, guessed_little = _guess(buf, pos, size)
            if guessed_implicit is not None and guessed_implicit != implicit and not deflated:
                tolerate(
                    f"the File Meta Information says {UIDS[uid][1]} ({uid}), but the data set is "
                    f"{'Implicit' if guessed_implicit else 'Explicit'} VR: it is read as it is",
                    offset=pos,
                    tag=TRANSFER_SYNTAX_UID,
                )
                implicit = guessed_implicit
            return implicit, little, deflated
        tolerate(
            f"unknown Transfer Syntax UID {uid!r}: the syntax is inferred from the data",
            offset=pos,
            tag=TRANSFER_SYNTAX_UID,
        )
    elif meta_src is not None:
        tolerate(
            "no Transfer Syntax UID in the File Meta Information: the syntax is inferred "
            "from the data",
            offset=pos,
            tag=TRANSFER_SYNTAX_UID,
        )
    guessed_implicit, guessed_little = _guess(buf, pos, size)
    implicit = True if guessed_implicit is None else guessed_implicit
    # there is no Implicit VR Big Endian: big endian data is explicit (as pydicom infers)
    return implicit, guessed_little or implicit, False


def _guess(buf: Any, pos: int, size: int) -> tuple[bool | None, bool]:
    """Infer the syntax from the first element: its VR bytes, and its group's byte order."""
    if pos + 8 > size:
        return None, True
    head = bytes(buf[pos : pos + 8])
    group_le = int.from_bytes(head[0:2], "little")
    group_be = int.from_bytes(head[0:2], "big")
    # Groups are small numbers: the order that gives the smaller group is the file's.
    little = group_le <= group_be or group_le == 0x0002
    vr = head[4:6]
    explicit = vr.isalpha() and vr.isupper()
    return (not explicit), little
