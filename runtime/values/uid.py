"""`UID`: a UI value that knows its registry entry, and `generate_uid`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextvars import ContextVar
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, cast

from dicodec.errors import InvalidValueError
from dicodec.generated.transfer_syntaxes import TRANSFER_SYNTAXES
from dicodec.generated.uids import UID_INFO, UIDS
from dicodec.generated.vrs import VRS
from dicodec.records import TransferSyntax

if TYPE_CHECKING:
    import uuid

__all__ = [
    "DICODEC_ROOT",
    "IMPLEMENTATION_CLASS_UID",
    "IMPLEMENTATION_VERSION_NAME",
    "UID",
    "AllTransferSyntaxes",
    "JPEG2000TransferSyntaxes",
    "JPEGLSTransferSyntaxes",
    "JPEGTransferSyntaxes",
    "MPEGTransferSyntaxes",
    "RLETransferSyntaxes",
    "UncompressedTransferSyntaxes",
    "generate_uid",
    "private_transfer_syntax",
    "register_transfer_syntax",
]

# PS3.5 9.1: components of digits, no leading zero unless the component is "0",
# separated by "."; at most 64 characters.
_UID_SYNTAX = re.compile(r"(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))*")
UID_MAX_LENGTH: Final = cast(int, VRS["UI"].max_length)  # 64


def _common_root(uids: list[str]) -> str:
    """The leading components every UID shares, with the dot after them."""
    common = []
    for column in zip(*(uid.split(".") for uid in uids), strict=False):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    return ".".join(common) + "."


# The root of the UIDs the standard defines (PS3.5 9.2): the one every registered UID shares.
DICOM_ROOT: Final = _common_root(list(UIDS))
# Transfer syntaxes a program registered (`register_transfer_syntax`), in this context
_PRIVATE_SYNTAXES: ContextVar[Mapping[str, TransferSyntax]] = ContextVar(
    "dicodec_private_transfer_syntaxes", default=MappingProxyType({})
)


class UID(str):
    """A Unique Identifier (UI) value: a `str` with its PS3.6 registry entry as properties.

    `ImplicitVRLittleEndian.name` is "Implicit VR Little Endian". The
    transfer syntax properties (`transfer_syntax`, `is_implicit_VR`, ...)
    raise `InvalidValueError` (a ValueError) for a UID that is not a known transfer
    syntax: one of the standard's, one registered in this context
    (`register_transfer_syntax`), or a private one given its encoding by
    `set_private_encoding`.
    """

    @property
    def name(self) -> str:
        """The registry name, or the UID itself when it is not in the registry."""
        entry = UIDS.get(self)
        return entry[1] if entry is not None else str(self)

    @property
    def keyword(self) -> str:
        """The registry keyword ("ImplicitVRLittleEndian"), or ""."""
        entry = UIDS.get(self)
        return entry[0] if entry is not None else ""

    @property
    def type(self) -> str:
        """The registry type ("SOP Class", "Transfer Syntax", ...), or ""."""
        entry = UIDS.get(self)
        return entry[2] if entry is not None else ""

    @property
    def info(self) -> str:
        """What PS3.6 says beside the name: the standard it comes from when not DICOM's
        parts ("DICOS", "DICONDE ASTM E2934"), or the remark after the name ("Default
        Transfer Syntax for DICOM"); "" for every other UID, as pydicom's `UID.info`
        (which also notes the edition some UIDs were retired in, "(2015c)": no source of
        dicodec's says that)."""
        return UID_INFO.get(self, "")

    @property
    def is_retired(self) -> bool:
        """Whether the registry marks the UID retired (False when not in the registry)."""
        entry = UIDS.get(self)
        return entry[3] if entry is not None else False

    @property
    def is_valid(self) -> bool:
        """Whether the text is a valid UID by PS3.5 9.1 (not whether it is registered)."""
        return len(self) <= UID_MAX_LENGTH and _UID_SYNTAX.fullmatch(self) is not None

    @property
    def is_private(self) -> bool:
        """Whether the UID is not one of the standard's (outside its root, PS3.5 9.2)."""
        return not self.startswith(DICOM_ROOT)

    def set_private_encoding(self, implicit_vr: bool, little_endian: bool) -> None:
        """Make this private UID a transfer syntax of this encoding (pydicom's method)."""
        self.__dict__["_PRIVATE_TS_ENCODING"] = (implicit_vr, little_endian)

    @property
    def is_transfer_syntax(self) -> bool:
        """Whether the UID is a transfer syntax: the standard's, registered, or given one."""
        return self._syntax() is not None

    def _syntax(self) -> TransferSyntax | None:
        found = TRANSFER_SYNTAXES.get(self)
        if found is not None:
            return found
        encoding = self.__dict__.get("_PRIVATE_TS_ENCODING")
        if encoding is not None:
            return private_syntax_record(str(self), *encoding)
        return _PRIVATE_SYNTAXES.get().get(self)

    @property
    def transfer_syntax(self) -> TransferSyntax:
        """The transfer syntax this UID names, with all its properties."""
        found = self._syntax()
        if found is None:
            raise InvalidValueError(f"{str(self)!r} is not a known transfer syntax UID")
        return found

    @property
    def is_implicit_VR(self) -> bool:
        """Whether the transfer syntax encodes VRs implicitly (PS3.5 7.1.3)."""
        return self.transfer_syntax.implicit_vr

    @property
    def is_little_endian(self) -> bool:
        """Whether the transfer syntax is little endian (PS3.5 7.3)."""
        return self.transfer_syntax.little_endian

    @property
    def is_deflated(self) -> bool:
        """Whether the transfer syntax deflates the whole dataset (PS3.5 A.5)."""
        return self.transfer_syntax.deflated

    @property
    def is_encapsulated(self) -> bool:
        """Whether the transfer syntax encapsulates pixel data in fragments (PS3.5 A.4)."""
        return self.transfer_syntax.encapsulated

    @property
    def is_compressed(self) -> bool:
        """Whether the pixel data is encapsulated and compressed.

        Unlike pydicom, Encapsulated Uncompressed Explicit VR Little Endian is
        not compressed (its frames are native pixel data).
        """
        return self.transfer_syntax.is_compressed


def private_syntax_record(uid: str, implicit_vr: bool, little_endian: bool) -> TransferSyntax:
    """The record of a private transfer syntax: native data in the encoding given."""
    return TransferSyntax(
        uid=uid,
        keyword="",
        name=uid,
        implicit_vr=implicit_vr,
        little_endian=little_endian,
        deflated=False,
        encapsulated=False,
        lossy=False,
        retired=False,
        codec="native",
    )


def private_transfer_syntax(uid: str) -> TransferSyntax | None:
    """The transfer syntax registered for `uid` in this context, or None."""
    return _PRIVATE_SYNTAXES.get().get(uid)


def register_transfer_syntax(
    uid: str, implicit_vr: bool | None = None, little_endian: bool | None = None
) -> UID:
    """Make a private transfer syntax known in this context (pydicom's function): files
    labelled with it are read, and datasets written, in the encoding given.

    Without `implicit_vr` and `little_endian`, `uid` must already be a transfer syntax
    (a `UID` given its encoding by `set_private_encoding`). As dicodec's settings, the
    registration holds in the current context (a thread or task of its own starts
    without it).
    """
    found = UID(uid)
    given = getattr(uid, "__dict__", {}).get("_PRIVATE_TS_ENCODING")
    if given is not None:  # a UID given its encoding by set_private_encoding
        found.set_private_encoding(*given)
    if implicit_vr is not None and little_endian is not None:
        found.set_private_encoding(implicit_vr, little_endian)
    elif not found.is_transfer_syntax:
        raise ValueError(
            "The corresponding dataset encoding for 'uid' must be set using "
            "the 'implicit_vr' and 'little_endian' arguments"
        )
    syntax = found.transfer_syntax
    if str(found) not in TRANSFER_SYNTAXES:
        registered = dict(_PRIVATE_SYNTAXES.get())
        registered[str(found)] = syntax
        _PRIVATE_SYNTAXES.set(MappingProxyType(registered))
    return found


def _syntaxes(*codecs: str) -> list[UID]:
    """The transfer syntaxes of these codec families the standard has not retired, and
    Explicit VR Big Endian (retired, still read), in the registry's order."""
    return [
        UID(uid)
        for uid, syntax in TRANSFER_SYNTAXES.items()
        if (not syntax.retired or not syntax.little_endian)
        and (not codecs or syntax.codec in codecs)
    ]


# pydicom's lists of transfer syntaxes, by the families of the transfer syntax table
AllTransferSyntaxes: Final = _syntaxes()
UncompressedTransferSyntaxes: Final = [
    uid for uid in _syntaxes("native") if not TRANSFER_SYNTAXES[uid].encapsulated
]
JPEGTransferSyntaxes: Final = _syntaxes("jpeg")
JPEGLSTransferSyntaxes: Final = _syntaxes("jpegls")
JPEG2000TransferSyntaxes: Final = _syntaxes("jpeg2000", "htj2k")
MPEGTransferSyntaxes: Final = _syntaxes("mpeg2", "mpeg4", "hevc")
RLETransferSyntaxes: Final = _syntaxes("rle")


def _uuid_uid(value: uuid.UUID) -> UID:
    return UID(f"2.25.{value.int}")


# dicodec's own root: the UUID-derived UID of ISO/IEC 9834-8 (PS3.5 B.2), made
# from a name-based UUID so it is the same in every release: "2.25." and the integer of
# uuid5(NAMESPACE_OID, "dicodec"), written out so that importing needs no uuid module
# (tests/values/test_uid.py makes it again). Sub-arcs below it are dicodec's to assign:
# ".1" is the Implementation Class UID (PS3.7 D.3.3.2).
DICODEC_ROOT = UID("2.25.246356514188380635977094812954307256470")
IMPLEMENTATION_CLASS_UID = UID(f"{DICODEC_ROOT}.1")
# PS3.7 D.3.3.2: at most 16 characters.
IMPLEMENTATION_VERSION_NAME = "DICODEC_010"


def generate_uid(prefix: str | None = None, entropy_srcs: list[str] | None = None) -> UID:
    """A new UID.

    Without `prefix`: "2.25." and the integer of a UUID (ISO/IEC 9834-8, PS3.5
    B.2), valid without registering an organization root. The UUID is random
    (version 4), or, with `entropy_srcs`, name-based (version 5) on them, so
    the same sources give the same UID.

    With `prefix` (an organization's root ending in ".", at most 54
    characters): the prefix and a decimal number filling up to 64 characters,
    random, or with `entropy_srcs` derived from their SHA-512 hash.
    """
    import uuid  # here, not at import: uuid, hashlib and secrets load OpenSSL

    if prefix is None:
        if entropy_srcs is None:
            return _uuid_uid(uuid.uuid4())
        return _uuid_uid(uuid.uuid5(uuid.NAMESPACE_OID, _joined(entropy_srcs).hex()))
    if not prefix.endswith(".") or len(prefix) > UID_MAX_LENGTH - 10:
        raise InvalidValueError(
            f"a UID prefix ends with '.' and has at most 54 characters: {prefix!r}"
        )
    if _UID_SYNTAX.fullmatch(prefix[:-1]) is None:
        raise InvalidValueError(f"{prefix!r} is not a valid UID prefix (PS3.5 9.1)")
    bound = 10 ** (UID_MAX_LENGTH - len(prefix))
    if entropy_srcs is None:
        import secrets

        number = secrets.randbelow(bound)
    else:
        import hashlib

        digest = hashlib.sha512(_joined(entropy_srcs)).digest()
        number = int.from_bytes(digest, "big") % bound
    # str() of an int has no leading zero (PS3.5 9.1).
    return UID(f"{prefix}{number}")


def _joined(sources: list[str]) -> bytes:
    """The sources as one byte string in which ["ab", "c"] and ["a", "bc"] differ."""
    return b"".join(len(b).to_bytes(8, "big") + b for b in (s.encode("utf-8") for s in sources))
