"""The File Meta Information of a DICOM file (PS3.10 7.1): the preamble, the "DICM"
prefix and the group 0002 elements, read and written.

The meta group is always Explicit VR Little Endian, whatever the dataset after it is
in (PS3.10 7.1); some files write it Implicit VR, and are read anyway.
"""

from __future__ import annotations

from typing import Any

from dicodec.dataset import Dataset, FileMetaDataset, add_implementation
from dicodec.errors import EncodeError, InvalidDicomError
from dicodec.generated import tags
from dicodec.leniency import tolerate
from dicodec.reader import StopRule, parse_dataset
from dicodec.records import TransferSyntax
from dicodec.source import RawElement, Source
from dicodec.transfer_syntax import lookup, of_encoding, uid_for
from dicodec.values.uid import UID
from dicodec.writer import encode_dataset

__all__ = ["PREAMBLE_LENGTH", "encode", "encode_preamble", "for_writing", "read", "read_preamble"]

PREAMBLE_LENGTH = 128
PREFIX = b"DICM"
META_GROUP = tags.FileMetaInformationGroupLength >> 16
_META_GROUP_LE = META_GROUP.to_bytes(2, "little")
# The meta group is Explicit VR Little Endian (PS3.10 7.1).
_META_ENCODING = of_encoding(False, True)
_GROUP_LENGTH_SIZE = 4  # (0002,0000) is one UL
# the meta group's elements, and nothing after them
_META_ONLY = StopRule(first=META_GROUP << 16, end=(META_GROUP + 1) << 16)


# -- reading ------------------------------------------------------------------------------------
def read_preamble(buf: Any, *, force: bool) -> tuple[bytes | None, int]:
    """(the 128-byte preamble or None, where the meta group starts)."""
    size = len(buf)
    end = PREAMBLE_LENGTH + len(PREFIX)
    if size >= end and buf[PREAMBLE_LENGTH:end] == PREFIX:
        return bytes(buf[:PREAMBLE_LENGTH]), end
    if buf[: len(PREFIX)] == PREFIX:
        return None, len(PREFIX)  # no preamble, but the prefix (seen in some files)
    if not force:
        raise InvalidDicomError(
            "not a DICOM Part 10 file: no 'DICM' prefix after the 128-byte preamble "
            "(use force=True to read a dataset without File Meta Information)",
            offset=PREAMBLE_LENGTH,
        )
    return None, 0


def read(buf: Any, pos: int, strict: bool) -> tuple[FileMetaDataset, int, bool]:
    """(the File Meta Information at `pos`, where it ends, whether there was any).

    The meta group ends where group 0002 ends: its group length is not trusted,
    because files get it wrong. The parse stops at the first element header of
    another group, so that the bytes after it (another encoding, or a deflate
    stream) are not read as elements.
    """
    size = len(buf)
    if pos + 6 > size or buf[pos : pos + 2] != _META_GROUP_LE:
        return FileMetaDataset._from_elements({}, None), pos, False
    start = pos
    implicit = bytes(buf[pos + 4 : pos + 6]).isalpha() is False
    if implicit:
        tolerate(
            "the File Meta Information is Implicit VR, not Explicit VR Little Endian (PS3.10 7.1)",
            offset=pos,
        )
    src = Source(buf, implicit_vr=implicit, little_endian=True, strict=strict)
    elements, _ = parse_dataset(src, pos, size, rule=_META_ONLY)
    # it ends where its last element does: the few bytes of a short deflate stream after it
    # are the data set's, even when too few to hold an element header
    pos = max((end for _, _, _, end, _ in elements.values()), default=start)
    _check_group_length(elements, start, pos)
    return FileMetaDataset._from_elements(elements, None), pos, bool(elements)


def _check_group_length(elements: dict[int, RawElement], start: int, end: int) -> None:
    """File Meta Information Group Length (0002,0000) against the group as found.

    The group is read element by element whatever its length says (files get it
    wrong), so a wrong one only warns.
    """
    raw = elements.get(tags.FileMetaInformationGroupLength)
    if raw is None:
        return
    vr, _, value_start, value_end, src = raw
    if vr not in ("UL", None) or value_end - value_start != _GROUP_LENGTH_SIZE:
        return
    said = int.from_bytes(src.buf[value_start:value_end], "little")
    found = end - value_end
    if said != found:
        tolerate(
            f"the File Meta Information Group Length says {said} bytes, the group has {found}",
            offset=start,
            tag=tags.FileMetaInformationGroupLength,
        )


# -- writing ------------------------------------------------------------------------------------
def for_writing(
    ds: Dataset, encoding: TransferSyntax, deflated: bool, uid: str | None, enforce: bool
) -> FileMetaDataset:
    """The File Meta Information to write `ds` with: its own; with `enforce`, completed.

    `enforce` sets the Transfer Syntax UID to what the data is written in, and adds
    the elements PS3.10 7.1 requires that are missing, from the dataset where it
    has them (SOP Class and Instance UIDs) and from dicodec (its implementation).
    """
    meta = ds._file_meta if ds._file_meta is not None else FileMetaDataset()
    if not enforce:
        return meta
    meta = meta.copy()  # type: ignore[assignment]
    known = lookup(uid)
    if known is None or (known.implicit_vr, known.little_endian) != (
        encoding.implicit_vr,
        encoding.little_endian,
    ):
        meta.TransferSyntaxUID = UID(uid_for(encoding, deflated))
    if tags.MediaStorageSOPClassUID not in meta and tags.SOPClassUID in ds:
        meta.MediaStorageSOPClassUID = ds[tags.SOPClassUID].value
    if tags.MediaStorageSOPInstanceUID not in meta and tags.SOPInstanceUID in ds:
        meta.MediaStorageSOPInstanceUID = ds[tags.SOPInstanceUID].value
    add_implementation(meta)
    missing = [
        keyword
        for keyword, tag in (
            ("MediaStorageSOPClassUID", tags.MediaStorageSOPClassUID),
            ("MediaStorageSOPInstanceUID", tags.MediaStorageSOPInstanceUID),
        )
        if tag not in meta
    ]
    if missing:
        raise EncodeError(
            f"File Meta Information needs {', '.join(missing)} (set SOPClassUID/SOPInstanceUID)"
        )
    return meta


def encode(meta: Dataset, *, add_group_length: bool) -> bytes:
    """Group 0002 in Explicit VR Little Endian (PS3.10 7.1).

    The group length is recomputed when the meta has one (or `add_group_length`
    asks for it); a file read without one is written back without one, and one
    read with the right length is written back as read.
    """
    body_ds = meta.copy()
    had_length = tags.FileMetaInformationGroupLength in body_ds._elements
    if had_length:
        del body_ds._elements[tags.FileMetaInformationGroupLength]
    body = encode_dataset(body_ds, _META_ENCODING)
    if not (had_length or add_group_length):
        return body
    group_length = FileMetaDataset()
    group_length.FileMetaInformationGroupLength = len(body)
    encoded = encode_dataset(group_length, _META_ENCODING)
    read = meta._elements.get(tags.FileMetaInformationGroupLength)
    if read is not None and read.__class__ is tuple:
        original = read[4].element_bytes(read)
        if original[-_GROUP_LENGTH_SIZE:] == encoded[-_GROUP_LENGTH_SIZE:]:
            encoded = original  # the same length, in the header it was read with
    return encoded + body


def encode_preamble(preamble: bytes | None) -> bytes:
    """The 128-byte preamble (zeros when there is none) and the "DICM" prefix."""
    preamble = preamble if preamble is not None else bytes(PREAMBLE_LENGTH)
    if len(preamble) != PREAMBLE_LENGTH:
        raise EncodeError(f"the preamble is {PREAMBLE_LENGTH} bytes, not {len(preamble)}")
    return preamble + PREFIX
