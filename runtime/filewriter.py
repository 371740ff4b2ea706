"""`dcmwrite`: a dataset to a DICOM file (PS3.10), losslessly; to a path, atomically.

The preamble and File Meta Information are `dicodec.file_meta`'s, the choice of
encoding `dicodec.transfer_syntax`'s and the elements `dicodec.writer`'s: a file
read and written back unchanged gives the same bytes.
"""

from __future__ import annotations

import io
import os
import stat
from typing import IO

from dicodec import file_meta, transfer_syntax
from dicodec.buffers import WriteableBuffer
from dicodec.dataset import Dataset, FileDataset
from dicodec.element import DataElement
from dicodec.errors import EncodeError, tag_text
from dicodec.generated import tags
from dicodec.writer import ITEM_TAG, encode_dataset

__all__ = ["dcmwrite", "write_atomic", "write_buffer"]


def _check_pixel_encoding(ds: Dataset, meta: Dataset, as_read_uid: str | None) -> None:
    """Refuse to label encapsulated Pixel Data with a native transfer syntax (PS3.5 A.4).

    A file written back under the transfer syntax it was read with is left as it was.
    Pixel Data set by hand (`encaps.encapsulate(frames)`) under an encapsulated one
    is written with an undefined length, as PS3.5 A.4 requires (and pydicom does).
    """
    pixels = ds._elements.get(tags.PixelData)
    if pixels is None or tags.TransferSyntaxUID not in meta:
        return
    uid = str(meta[tags.TransferSyntaxUID].value or "").strip("\0 ")
    known = transfer_syntax.lookup(uid)
    if known is not None and known.encapsulated and pixels.__class__ is DataElement:
        _mark_encapsulated(pixels)
    if known is None or known.encapsulated or uid == as_read_uid:
        return
    if ds[tags.PixelData].is_undefined_length:
        raise EncodeError(
            f"{tag_text(tags.PixelData)} Pixel Data is encapsulated (compressed), and the "
            f"transfer syntax {uid} is native: decompress it first (ds.decompress())"
        )


def _mark_encapsulated(pixels: DataElement) -> None:
    """Give Pixel Data set by hand under an encapsulated transfer syntax its undefined length."""
    if pixels.is_raw:
        return
    value = pixels.value
    if not isinstance(value, (bytes, bytearray)) or not value:
        return
    if bytes(value[:4]) != ITEM_TAG[True]:
        raise EncodeError(
            f"{tag_text(tags.PixelData)} Pixel Data has not been encapsulated as an "
            "encapsulated transfer syntax requires (PS3.5 A.4): see dicodec.encaps.encapsulate()"
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
    uid = None
    if ds._file_meta is not None and tags.TransferSyntaxUID in ds._file_meta:
        value = ds._file_meta[tags.TransferSyntaxUID].value
        uid = str(value or "").strip("\0 ") or None
    as_read = ds._as_read if isinstance(ds, FileDataset) else None
    read = None
    if ds.is_implicit_VR is not None:
        read = transfer_syntax.of_encoding(ds.is_implicit_VR, bool(ds.is_little_endian))
    encoding, deflated = transfer_syntax.for_writing(
        uid,
        read=read,
        # a dataset not read from a file has no transfer syntax to have changed
        unchanged=as_read is None or uid == as_read.transfer_syntax_uid,
        implicit_vr=implicit_vr,
        little_endian=little_endian,
        enforce=enforce_file_format,
    )
    meta = file_meta.for_writing(ds, encoding, deflated, uid, enforce_file_format)
    _check_pixel_encoding(ds, meta, as_read.transfer_syntax_uid if as_read else None)
    out = io.BytesIO()
    if ds.preamble is not None or enforce_file_format:
        out.write(file_meta.encode_preamble(ds.preamble))
    if len(meta):
        out.write(file_meta.encode(meta, add_group_length=enforce_file_format))
    body = encode_dataset(ds, encoding)
    if deflated:
        original = as_read.deflated if as_read is not None else None
        if original is not None and original[1] == body:
            out.write(original[0])  # unchanged: the very deflate stream that was read
        else:
            out.write(transfer_syntax.deflate(body))
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
    """Write `data` to `path` whole or not at all: a temporary file beside it, renamed.

    The file gets the mode `open(path, "wb")` would give it: an existing file's, or for a
    new one 0o666 less the umask (which the system applies to `os.open`'s mode; a
    `tempfile.mkstemp` file would be 0o600, unreadable to other users and services).
    """
    directory = os.path.dirname(os.path.abspath(path))
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    handle, temporary = _new_file(directory)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _new_file(directory: str) -> tuple[int, str]:
    """A new file of a name of its own in `directory`, opened for writing, 0o666 less umask."""
    import secrets  # here, not at import: it loads OpenSSL, which reading never needs

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = os.path.join(directory, f".dicodec-{secrets.token_hex(8)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:  # pragma: no cover - 64 random bits taken
            continue
