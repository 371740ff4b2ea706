"""`dcmwrite`: a dataset to a DICOM file, losslessly.

An element that was read and never changed is written as the very bytes it was
read from (when the transfer syntax is the same), so a file read and written
back unchanged gives the same bytes. Everything else is encoded by the
generated per-VR codecs. Writing to a path is atomic.
"""

from __future__ import annotations

import io
import os
import struct
import tempfile
import zlib
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from dicodec.dataset import Dataset, FileMetaDataset
from dicodec.element import UNREAD, DataElement
from dicodec.errors import EncodeError
from dicodec.filebase import WriteableBuffer
from dicodec.generated.uids import TRANSFER_SYNTAXES
from dicodec.generated.vr_codecs import (
    ENCODERS,
    LONG_HEADER_VRS,
    NUMBER_TEXT_TYPES,
    PADDING,
    TEXT_VRS,
    WORD_SIZES,
)
from dicodec.sequence import Sequence
from dicodec.source import SEQUENCE_DELIMITER
from dicodec.tag import tag_text
from dicodec.values.numbers import PackedNumbers
from dicodec.values.uid import IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME
from dicodec.vr_context import resolve_ambiguous

if TYPE_CHECKING:
    from dicodec.source import Source

EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1"
IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2"
EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2"
DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99"

_TAG = {True: struct.Struct("<HH"), False: struct.Struct(">HH")}
_SHORT = {True: struct.Struct("<HH2sH"), False: struct.Struct(">HH2sH")}
_LONG = {True: struct.Struct("<HH2s2xI"), False: struct.Struct(">HH2s2xI")}
_IMPLICIT = {True: struct.Struct("<HHI"), False: struct.Struct(">HHI")}
_ITEM = {True: b"\xfe\xff\x00\xe0", False: b"\xff\xfe\xe0\x00"}
_ITEM_DELIMITER = {
    True: b"\xfe\xff\x0d\xe0\x00\x00\x00\x00",
    False: b"\xff\xfe\xe0\x0d\x00\x00\x00\x00",
}
_UL = {True: struct.Struct("<I"), False: struct.Struct(">I")}
UNDEFINED_LENGTH = 0xFFFFFFFF
PIXEL_DATA = 0x7FE00010


class Syntax:
    """How a dataset is encoded: VR explicit or implicit, byte order."""

    __slots__ = ("implicit_vr", "little_endian")

    def __init__(self, implicit_vr: bool, little_endian: bool) -> None:
        self.implicit_vr = implicit_vr
        self.little_endian = little_endian

    def matches(self, src: Source) -> bool:
        """True when bytes read from `src` can be copied as they are (a value cut short cannot)."""
        return (
            src.whole
            and src.implicit_vr == self.implicit_vr
            and src.little_endian == self.little_endian
        )


def encode_dataset(ds: Dataset, syntax: Syntax) -> bytes:
    """The dataset's elements, encoded (unchanged elements copied as read)."""
    out: list[bytes] = []
    _write_elements(ds, syntax, out.append)
    return b"".join(out)


def _write_elements(ds: Dataset, syntax: Syntax, write: Callable[[bytes], Any]) -> None:
    elements = ds._elements
    encodings = ds._charset()
    for tag in ds._sorted_tags():
        raw = elements[tag]
        if raw.__class__ is tuple:
            src = raw[4]
            if syntax.matches(src):
                write(src.element_bytes(raw))
                continue
            raw = ds[tag]
        _write_element(raw, ds, syntax, encodings, write)


def _unchanged(element: DataElement) -> bool:
    """True when the element's value is still what its bytes say."""
    raw = element._raw
    if raw is None or raw[0] != element.VR:
        return False
    value = element._value
    if isinstance(value, list) and not isinstance(value, Sequence):
        # a MultiValue can be changed in place: compare with what the bytes decode to
        return bool(
            value == DataElement._from_raw(element.tag, element.VR, raw, element._encodings).value
        )
    return not isinstance(value, Sequence)


def _write_element(
    element: DataElement,
    ds: Dataset,
    syntax: Syntax,
    encodings: tuple[str, ...],
    write: Callable[[bytes], Any],
) -> None:
    tag = int(element.tag)
    raw = element._raw
    if raw is not None and syntax.matches(raw[4]) and _unchanged(element):
        write(raw[4].element_bytes(raw))
        return
    vr = element.VR
    little = syntax.little_endian
    if " or " in vr:
        vr = resolve_ambiguous(vr, tag, ds)
    if vr == "SQ":
        _write_sequence(element, ds, syntax, write)
        return
    undefined = element.is_undefined_length and vr in ("OB", "OW", "UN")
    if undefined and (syntax.implicit_vr or not little):
        # PS3.5 A.4: encapsulated Pixel Data exists only in Explicit VR Little Endian
        raise EncodeError(
            f"{tag_text(tag)} {vr}: an undefined-length (encapsulated) value cannot be written "
            f"in {_syntax_name(syntax)}; decompress the Pixel Data first"
        )
    if (
        raw is not None
        and (not undefined)
        and element._value is UNREAD
        and _copyable(raw, vr, little)
    ):
        data = raw[4].value_bytes(raw)
        if raw[4].little_endian != little and vr in WORD_SIZES:
            data = _swap(data, _word_size(tag, vr, ds))
        if len(data) & 1 and not raw[4].whole:
            data += PADDING.get(vr, b"\0")  # a value cut short is written whole: of even length
    else:
        value = element._value
        if value.__class__ is not PackedNumbers or vr not in NUMBER_TEXT_TYPES:
            value = element.value  # (packed DS/IS numbers are written as their text, unread)
        try:
            encoder = ENCODERS[little][vr]
        except KeyError:
            raise EncodeError(f"{tag_text(tag)}: no encoder for VR {vr!r}") from None
        if undefined:
            data = bytes(value) if value is not None else b""
        else:
            try:
                data = encoder(value, encodings)
            except (TypeError, ValueError, struct.error) as exc:
                raise EncodeError(f"{tag_text(tag)} {vr}: cannot encode {value!r}: {exc}") from exc
            if raw is not None and raw[4].little_endian != little and vr in WORD_SIZES:
                data = _swap(data, _word_size(tag, vr, ds))
    length = UNDEFINED_LENGTH if undefined else len(data)
    if syntax.implicit_vr:
        write(_IMPLICIT[little].pack(tag >> 16, tag & 0xFFFF, length))
    else:
        if vr not in LONG_HEADER_VRS and length > 0xFFFF:
            vr = "UN"  # too long for a 2-byte length: UN has a 4-byte one (PS3.5 6.2.2)
        _write_header(tag, vr, length, little, write)
    write(data)
    if undefined:
        write(SEQUENCE_DELIMITER[little])


# Values whose bytes do not depend on the byte order: text, bytes, and UN (whose
# structure is unknown, so it cannot be swapped). Numbers and AT are re-encoded.
_ORDER_FREE = TEXT_VRS | {"OB", "UN"}


def _copyable(raw: Any, vr: str, little: bool) -> bool:
    """True when the value bytes of `raw` can be written as read (swapped for words)."""
    return bool(raw[4].little_endian == little or vr in _ORDER_FREE or vr in WORD_SIZES)


def _syntax_name(syntax: Syntax) -> str:
    if syntax.implicit_vr:
        return "Implicit VR Little Endian" if syntax.little_endian else "Implicit VR Big Endian"
    return "Explicit VR " + ("Little Endian" if syntax.little_endian else "Big Endian")


def _word_size(tag: int, vr: str, ds: Dataset) -> int:
    """The width of the words a value is swapped by when the byte order changes.

    Pixel Data in OW holds words of Bits Allocated: 32- and 64-bit pixels are
    swapped whole, as the toolkits that wrote pydicom's rtdose_expb.dcm do
    (PS3.5 8.1.1, 8.2). Float and Double Float Pixel Data are OF and OD.
    """
    width = WORD_SIZES[vr]
    if tag == PIXEL_DATA and vr == "OW":
        bits = ds.get("BitsAllocated")
        if isinstance(bits, int) and bits in (32, 64):
            width = bits // 8
    return width


def _swap(data: bytes, width: int) -> bytes:
    import numpy as np

    usable = len(data) - len(data) % width
    swapped: bytes = (
        np.frombuffer(data, dtype=f"<u{width}", count=usable // width).byteswap().tobytes()
    )
    return swapped + data[usable:]


def _write_header(
    tag: int, vr: str, length: int, little: bool, write: Callable[[bytes], Any]
) -> None:
    if vr in LONG_HEADER_VRS:
        write(_LONG[little].pack(tag >> 16, tag & 0xFFFF, vr.encode(), length))
    else:
        write(_SHORT[little].pack(tag >> 16, tag & 0xFFFF, vr.encode(), length))


def _write_sequence(
    element: DataElement, ds: Dataset, syntax: Syntax, write: Callable[[bytes], Any]
) -> None:
    """A sequence: items re-assembled; undefined lengths kept undefined (PS3.5 7.5)."""
    little = syntax.little_endian
    tag = int(element.tag)
    sequence: Sequence = element.value
    undefined = element.is_undefined_length or sequence.is_undefined_length
    items: list[bytes] = []
    for item in sequence:
        body = encode_dataset(item, syntax)
        if item.is_undefined_length_sequence_item:
            items.append(_ITEM[little] + b"\xff\xff\xff\xff" + body + _ITEM_DELIMITER[little])
        else:
            items.append(_ITEM[little] + _UL[little].pack(len(body)) + body)
    value = b"".join(items)
    length = UNDEFINED_LENGTH if undefined else len(value)
    if syntax.implicit_vr:
        write(_IMPLICIT[little].pack(tag >> 16, tag & 0xFFFF, length))
    else:
        write(_LONG[little].pack(tag >> 16, tag & 0xFFFF, b"SQ", length))
    write(value)
    if undefined:
        write(SEQUENCE_DELIMITER[little])


# -- files ------------------------------------------------------------------------------------
def _target_syntax(
    ds: Dataset, implicit_vr: bool | None, little_endian: bool | None, enforce: bool = False
) -> tuple[Syntax, bool, str | None]:
    """(syntax, deflated, transfer syntax UID) to write with."""
    uid = None
    if ds._file_meta is not None and 0x00020010 in ds._file_meta:
        uid = str(ds._file_meta[0x00020010].value or "").strip("\0 ") or None
    known = TRANSFER_SYNTAXES.get(uid) if uid else None
    if implicit_vr is None and little_endian is None:
        if ds.is_implicit_VR is not None and uid == ds.__dict__.get("_read_transfer_syntax", uid):
            # the transfer syntax is the one read: keep the encoding the data really had
            # (some files say Explicit VR and are Implicit VR, and the reverse)
            return (
                Syntax(ds.is_implicit_VR, bool(ds.is_little_endian)),
                bool(known and known[2]),
                uid,
            )
        if known is not None:
            return Syntax(known[0], known[1]), known[2], uid
        if ds.is_implicit_VR is not None:
            return Syntax(ds.is_implicit_VR, bool(ds.is_little_endian)), False, uid
        return Syntax(False, True), False, uid
    implicit = implicit_vr if implicit_vr is not None else (known[0] if known else False)
    little = little_endian if little_endian is not None else (known[1] if known else True)
    if implicit and not little:
        raise EncodeError("Implicit VR Big Endian is not a DICOM transfer syntax")
    if known is not None and not enforce and (implicit, little) != known[:2]:
        # the File Meta Information would name one encoding and the data have another
        raise EncodeError(
            f"implicit_vr={implicit_vr}, little_endian={little_endian} disagree with the "
            f"Transfer Syntax UID {uid}: change file_meta.TransferSyntaxUID, or pass "
            "enforce_file_format=True to have it set"
        )
    deflated = bool(known and known[2]) and not implicit and little
    return Syntax(implicit, little), deflated, uid


def _meta_for(
    ds: Dataset, syntax: Syntax, deflated: bool, uid: str | None, enforce: bool
) -> FileMetaDataset:
    meta = ds._file_meta if ds._file_meta is not None else FileMetaDataset()
    if not enforce:
        return meta
    from dicodec.values.uid import UID

    meta = meta.copy()  # type: ignore[assignment]
    expected = (
        DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN
        if deflated
        else IMPLICIT_VR_LITTLE_ENDIAN
        if syntax.implicit_vr
        else EXPLICIT_VR_LITTLE_ENDIAN
        if syntax.little_endian
        else EXPLICIT_VR_BIG_ENDIAN
    )
    if uid is None or TRANSFER_SYNTAXES.get(uid, (None, None))[:2] != (
        syntax.implicit_vr,
        syntax.little_endian,
    ):
        meta.TransferSyntaxUID = UID(expected)
    if 0x00020001 not in meta:
        meta.FileMetaInformationVersion = b"\x00\x01"
    if 0x00020002 not in meta and 0x00080016 in ds:
        meta.MediaStorageSOPClassUID = ds[0x00080016].value
    if 0x00020003 not in meta and 0x00080018 in ds:
        meta.MediaStorageSOPInstanceUID = ds[0x00080018].value
    if 0x00020012 not in meta:
        meta.ImplementationClassUID = UID(IMPLEMENTATION_CLASS_UID)
        if 0x00020013 not in meta:
            meta.ImplementationVersionName = IMPLEMENTATION_VERSION_NAME
    missing = [
        k
        for k, t in (
            ("MediaStorageSOPClassUID", 0x00020002),
            ("MediaStorageSOPInstanceUID", 0x00020003),
        )
        if t not in meta
    ]
    if missing:
        raise EncodeError(
            f"File Meta Information needs {', '.join(missing)} (set SOPClassUID/SOPInstanceUID)"
        )
    return meta


def encode_file_meta(meta: Dataset, *, add_group_length: bool) -> bytes:
    """Group 0002 in Explicit VR Little Endian (PS3.10 7.1).

    The group length is recomputed when the meta has one (or `group_length` asks
    for it); a file read without one is written back without one.
    """
    syntax = Syntax(False, True)
    body_ds = meta.copy()
    had_length = 0x00020000 in body_ds._elements
    if had_length:
        del body_ds._elements[0x00020000]
    body = encode_dataset(body_ds, syntax)
    if not (had_length or add_group_length):
        return body
    length = meta._elements.get(0x00020000)
    group_length = _SHORT[True].pack(0x0002, 0x0000, b"UL", 4) + _UL[True].pack(len(body))
    if length is not None and length.__class__ is tuple:
        original = length[4].element_bytes(length)
        if original[8:12] == _UL[True].pack(len(body)):
            group_length = original
    return group_length + body


def _check_pixel_encoding(ds: Dataset, meta: Dataset) -> None:
    """Refuse to label encapsulated Pixel Data with a native transfer syntax (PS3.5 A.4).

    A file written back under the transfer syntax it was read with is left as it was.
    Pixel Data set by hand (`encaps.encapsulate(frames)`) under an encapsulated one
    is written with an undefined length, as PS3.5 A.4 requires (and pydicom does).
    """
    pixels = ds._elements.get(PIXEL_DATA)
    if pixels is None or 0x00020010 not in meta:
        return
    uid = str(meta[0x00020010].value or "").strip("\0 ")
    known = TRANSFER_SYNTAXES.get(uid)
    if known is not None and known[3] and pixels.__class__ is DataElement:
        _mark_encapsulated(pixels)
    if known is None or known[3] or uid == ds.__dict__.get("_read_transfer_syntax"):
        return
    if ds[PIXEL_DATA].is_undefined_length:
        raise EncodeError(
            f"(7FE0,0010) Pixel Data is encapsulated (compressed), and the transfer syntax "
            f"{uid} is native: decompress it first (ds.decompress())"
        )


def _mark_encapsulated(pixels: DataElement) -> None:
    """Give Pixel Data set by hand under an encapsulated transfer syntax its undefined length."""
    if pixels.is_raw:
        return
    value = pixels.value
    if not isinstance(value, (bytes, bytearray)) or not value:
        return
    if bytes(value[:4]) != _ITEM[True]:
        raise EncodeError(
            "(7FE0,0010) Pixel Data has not been encapsulated as an encapsulated transfer "
            "syntax requires (PS3.5 A.4): see dicodec.encaps.encapsulate()"
        )
    pixels.is_undefined_length = True


def write_buffer(
    ds: Dataset,
    *,
    implicit_vr: bool | None = None,
    little_endian: bool | None = None,
    enforce_file_format: bool = False,
) -> bytes:
    """The whole file as bytes."""
    syntax, deflated, uid = _target_syntax(ds, implicit_vr, little_endian, enforce_file_format)
    out = io.BytesIO()
    meta = _meta_for(ds, syntax, deflated, uid, enforce_file_format)
    _check_pixel_encoding(ds, meta)
    if ds.preamble is not None or enforce_file_format:
        preamble = ds.preamble if ds.preamble is not None else b"\x00" * 128
        if len(preamble) != 128:
            raise EncodeError(f"the preamble is 128 bytes, not {len(preamble)}")
        out.write(preamble)
        out.write(b"DICM")
    if len(meta):
        out.write(encode_file_meta(meta, add_group_length=enforce_file_format))
    body = encode_dataset(ds, syntax)
    if deflated:
        original = ds.__dict__.get("_deflated_original")
        if original is not None and original[1] == body:
            out.write(original[0])  # unchanged: the very deflate stream that was read
        else:
            compressor = zlib.compressobj(
                zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS
            )
            out.write(compressor.compress(body) + compressor.flush())
    else:
        out.write(body)
    return out.getvalue()


def dcmwrite(
    fp: str | os.PathLike[str] | IO[bytes] | WriteableBuffer,
    ds: Dataset,
    *,
    implicit_vr: bool | None = None,
    little_endian: bool | None = None,
    enforce_file_format: bool = False,
) -> None:
    """Write `ds` to a path or a binary file object.

    Encoded by the dataset's Transfer Syntax UID unless `implicit_vr` /
    `little_endian` say otherwise; with `enforce_file_format`, the preamble
    and File Meta Information are built or completed (PS3.10 7.1). A path is
    written atomically: to a temporary file beside it, then renamed.
    """
    data = write_buffer(
        ds,
        implicit_vr=implicit_vr,
        little_endian=little_endian,
        enforce_file_format=enforce_file_format,
    )
    if not isinstance(fp, (str, os.PathLike)):
        fp.write(data)
        return
    write_atomic(fp, data)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` whole or not at all: a temporary file beside it, renamed."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".dicodec-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
