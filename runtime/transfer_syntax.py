"""Transfer syntaxes (PS3.5 Section 10, Annex A): which encoding to read a dataset in, and to
write it in.

The facts of each transfer syntax are the generated `TransferSyntax` records; this
module decides, for a file read, what its data really is (files get their label wrong)
and, for a file written, what it is written in. It also deflates and inflates the
dataset of the Deflated transfer syntaxes (PS3.5 A.5).
"""

from __future__ import annotations

import zlib
from typing import Any

from dicodec.errors import EncodeError, InvalidDicomError
from dicodec.generated import tags
from dicodec.generated.transfer_syntaxes import TRANSFER_SYNTAXES
from dicodec.generated.uid_constants import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
)
from dicodec.leniency import tolerate
from dicodec.records import TransferSyntax
from dicodec.values.uid import private_transfer_syntax

__all__ = [
    "TRANSFER_SYNTAXES",
    "TransferSyntax",
    "deflate",
    "for_reading",
    "for_writing",
    "inflate",
    "lookup",
    "of_encoding",
    "uid_for",
]

# The encodings of a dataset (PS3.5 A.1-A.3): (implicit VR, little endian) -> transfer syntax.
_NATIVE = {
    (True, True): TRANSFER_SYNTAXES[ImplicitVRLittleEndian],
    (False, True): TRANSFER_SYNTAXES[ExplicitVRLittleEndian],
    (False, False): TRANSFER_SYNTAXES[ExplicitVRBigEndian],
}
# No transfer syntax is Implicit VR Big Endian, but a file labelled Explicit VR Big Endian
# may hold it: it is read as found, and written back as it was read.
_IMPLICIT_VR_BIG_ENDIAN = TransferSyntax(
    uid="",
    keyword="",
    name="Implicit VR Big Endian (no transfer syntax)",
    implicit_vr=True,
    little_endian=False,
    deflated=False,
    encapsulated=False,
    lossy=False,
    retired=False,
    codec="native",
)
# Deflated: the dataset after the meta information is a raw deflate stream (PS3.5 A.5).
_RAW_DEFLATE = -zlib.MAX_WBITS


def lookup(uid: str | None) -> TransferSyntax | None:
    """The transfer syntax of `uid` (padding removed), or None when it is not one: the
    standard's, or one registered in this context (`uid.register_transfer_syntax`)."""
    if not uid:
        return None
    uid = str(uid).strip("\0 ")
    return TRANSFER_SYNTAXES.get(uid) or private_transfer_syntax(uid)


def of_encoding(implicit_vr: bool, little_endian: bool) -> TransferSyntax:
    """The native transfer syntax of an encoding: Implicit or Explicit VR, byte order."""
    return _NATIVE.get((implicit_vr, little_endian), _IMPLICIT_VR_BIG_ENDIAN)


def uid_for(encoding: TransferSyntax, deflated: bool) -> str:
    """The Transfer Syntax UID that labels data in `encoding` (deflated or not)."""
    if deflated:
        return DeflatedExplicitVRLittleEndian
    if encoding.implicit_vr:
        return ImplicitVRLittleEndian
    return of_encoding(False, encoding.little_endian).uid


# -- reading ------------------------------------------------------------------------------------
def for_reading(uid: str | None, buf: Any, pos: int, size: int, *, meta: bool) -> TransferSyntax:
    """What the dataset at `pos` is encoded in, from its Transfer Syntax UID and its bytes.

    Some files say Implicit VR and are Explicit VR (and the reverse): the bytes win,
    with a warning. An unknown or missing UID is inferred from the data (`meta`:
    whether there was File Meta Information to name it).
    """
    if uid:
        known = lookup(uid)
        if known is not None:
            guessed_implicit, _ = _guess(buf, pos, size)
            if guessed_implicit is not None and guessed_implicit != known.implicit_vr:
                if not known.deflated:
                    tolerate(
                        f"the File Meta Information says {known.name} ({uid}), but the data "
                        f"set is {'Implicit' if guessed_implicit else 'Explicit'} VR: it is "
                        "read as it is",
                        offset=pos,
                        tag=tags.TransferSyntaxUID,
                    )
                    return of_encoding(guessed_implicit, known.little_endian)
            return known
        tolerate(
            f"unknown Transfer Syntax UID {uid!r}: the syntax is inferred from the data",
            offset=pos,
            tag=tags.TransferSyntaxUID,
        )
    elif meta:
        tolerate(
            "no Transfer Syntax UID in the File Meta Information: the syntax is inferred "
            "from the data",
            offset=pos,
            tag=tags.TransferSyntaxUID,
        )
    guessed_implicit, guessed_little = _guess(buf, pos, size)
    implicit = True if guessed_implicit is None else guessed_implicit
    # there is no Implicit VR Big Endian: big endian data is explicit (as pydicom infers)
    return of_encoding(implicit, guessed_little or implicit)


def _guess(buf: Any, pos: int, size: int) -> tuple[bool | None, bool]:
    """Infer the syntax from the first element: its VR bytes, and its group's byte order."""
    if pos + 8 > size:
        return None, True
    head = bytes(buf[pos : pos + 8])
    group_le = int.from_bytes(head[0:2], "little")
    group_be = int.from_bytes(head[0:2], "big")
    # Groups are small numbers: the order that gives the smaller group is the file's.
    little = group_le <= group_be or group_le == tags.FileMetaInformationGroupLength >> 16
    vr = head[4:6]
    explicit = vr.isalpha() and vr.isupper()
    return (not explicit), little


def inflate(data: bytes, offset: int) -> bytes:
    """The dataset of a Deflated transfer syntax, inflated (PS3.5 A.5); `offset` is for errors."""
    try:
        return zlib.decompress(data, _RAW_DEFLATE)
    except zlib.error as exc:
        raise InvalidDicomError(
            f"the deflated dataset cannot be inflated: {exc}", offset=offset
        ) from exc


def deflate(data: bytes) -> bytes:
    """The dataset of a Deflated transfer syntax, deflated (PS3.5 A.5)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, _RAW_DEFLATE)
    return compressor.compress(data) + compressor.flush()


# -- writing ------------------------------------------------------------------------------------
def for_writing(
    uid: str | None,
    *,
    read: TransferSyntax | None,
    unchanged: bool,
    implicit_vr: bool | None,
    little_endian: bool | None,
    enforce: bool,
) -> tuple[TransferSyntax, bool]:
    """(the encoding to write a dataset in, whether it is deflated).

    `uid` is the dataset's Transfer Syntax UID; `read` the encoding its data was read
    in (None when not read), and `unchanged` whether `uid` is still the one read.
    `implicit_vr` and `little_endian` are what the caller asked for (None: no wish);
    they must agree with `uid` unless `enforce`, which then relabels the data.
    """
    known = lookup(uid)
    if implicit_vr is None and little_endian is None:
        if read is not None and unchanged:
            # the transfer syntax is the one read: keep the encoding the data really had
            # (some files say Explicit VR and are Implicit VR, and the reverse)
            return read, bool(known and known.deflated)
        if known is not None:
            return known, known.deflated
        return read or _NATIVE[False, True], False
    implicit = implicit_vr if implicit_vr is not None else bool(known and known.implicit_vr)
    little = little_endian if little_endian is not None else (known is None or known.little_endian)
    if implicit and not little:
        raise EncodeError("Implicit VR Big Endian is not a DICOM transfer syntax")
    encoding = of_encoding(implicit, little)
    if (
        known is not None
        and not enforce
        and (implicit, little)
        != (
            known.implicit_vr,
            known.little_endian,
        )
    ):
        # the File Meta Information would name one encoding and the data have another
        raise EncodeError(
            f"implicit_vr={implicit_vr}, little_endian={little_endian} disagree with the "
            f"Transfer Syntax UID {uid}: change file_meta.TransferSyntaxUID, or pass "
            "enforce_file_format=True to have it set"
        )
    deflated = bool(known and known.deflated) and not implicit and little
    return encoding, deflated
