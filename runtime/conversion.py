"""pydicom's `values.convert_*`: the bytes of a value to the value, by the generated codecs.

These are pydicom's signatures over dicodec's per-VR decoders (`DECODERS`), so
a value comes out as `DataElement.value` would give it. They are reached as
`dicodec.values.convert_*`, pydicom's module name (`dicodec.values` forwards
to this module: the value types below the codecs cannot import them).

Deliberate differences from pydicom: DA, DT and TM stay text (there is no
`datetime_conversion`), DS is always `DSfloat` (no Decimal or numpy variants),
and `convert_value` does not retry other VRs when a value does not decode: the
decoders are lenient (malformed DS/IS text stays text, with a warning).
"""

from __future__ import annotations

import struct
from collections.abc import Callable, MutableSequence, Sequence
from typing import Any, Protocol, TypeVar

from dicodec.charset import DEFAULT_ENCODINGS
from dicodec.errors import DicomError, InvalidValueError
from dicodec.generated.vr_codecs import DECODERS
from dicodec.sequence import Sequence as DicomSequence
from dicodec.source import Source
from dicodec.tag import Tag
from dicodec.values import UID, MultiValue, PersonName
from dicodec.values.numbers import DSfloat

__all__ = [
    "BytesLengthError",
    "UnknownVRError",
    "convert_AE_string",
    "convert_ATvalue",
    "convert_DA_string",
    "convert_DS_string",
    "convert_DT_string",
    "convert_IS_string",
    "convert_OBvalue",
    "convert_OVvalue",
    "convert_OWvalue",
    "convert_PN",
    "convert_SQ",
    "convert_TM_string",
    "convert_UI",
    "convert_UN",
    "convert_UR_string",
    "convert_numbers",
    "convert_single_string",
    "convert_string",
    "convert_tag",
    "convert_text",
    "convert_value",
    "multi_string",
]

_T = TypeVar("_T")
Encodings = str | Sequence[str] | None


class BytesLengthError(InvalidValueError, RuntimeError):
    """Number bytes that are not a whole number of values (pydicom's BytesLengthException)."""


class UnknownVRError(DicomError, NotImplementedError):
    """A VR that is not one of PS3.5 Table 6.2-1's."""


class RawValue(Protocol):
    """What `convert_value` reads of a raw element (pydicom's `RawDataElement` has these)."""

    @property
    def value(self) -> bytes | None: ...

    @property
    def is_little_endian(self) -> bool: ...

    @property
    def is_implicit_VR(self) -> bool: ...


def _encodings(encodings: Encodings) -> tuple[str, ...]:
    if not encodings:
        return DEFAULT_ENCODINGS
    if isinstance(encodings, str):
        return (encodings,)
    return tuple(encodings)


def _decode(vr: str, byte_string: bytes, little: bool = True, encodings: Encodings = None) -> Any:
    return DECODERS[little][vr](bytes(byte_string), _encodings(encodings))


def multi_string(val: str, valtype: Callable[[str], _T] | None = None) -> _T | MutableSequence[_T]:
    """`val` without trailing padding, split at backslashes: one value, or a MultiValue."""
    convert: Callable[[str], Any] = str if valtype is None else valtype
    items = val.rstrip(" \x00").split("\\")
    return convert(items[0]) if len(items) == 1 else MultiValue(convert, items)


def convert_tag(byte_string: bytes, is_little_endian: bool, offset: int = 0) -> Tag:
    """The tag encoded in the 4 bytes at `offset`."""
    if len(byte_string) < 4:
        raise InvalidValueError("byte string too short - must be at least 4 bytes long.")
    group, element = struct.unpack_from("<HH" if is_little_endian else ">HH", byte_string, offset)
    return Tag(group, element)


def convert_AE_string(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> str | MutableSequence[str]:
    """AE: leading and trailing spaces are not significant."""
    return _decode("AE", byte_string)  # type: ignore[no-any-return]


def convert_ATvalue(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> Tag | MutableSequence[Tag]:
    return _decode("AT", byte_string, is_little_endian)  # type: ignore[no-any-return]


def convert_DA_string(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> str | MutableSequence[str]:
    """DA, as text (see `dicodec.values.to_date`)."""
    return _decode("DA", byte_string)  # type: ignore[no-any-return]


def convert_DT_string(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> str | MutableSequence[str]:
    """DT, as text (see `dicodec.values.to_datetime`)."""
    return _decode("DT", byte_string)  # type: ignore[no-any-return]


def convert_TM_string(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> str | MutableSequence[str]:
    """TM, as text (see `dicodec.values.to_time`)."""
    return _decode("TM", byte_string)  # type: ignore[no-any-return]


def convert_DS_string(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> DSfloat | MutableSequence[DSfloat] | str:
    """DS: a `DSfloat`, a MultiValue of them, or "" when empty (as pydicom's)."""
    value = _decode("DS", byte_string)
    return "" if value is None else value


def convert_IS_string(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> Any:
    """IS: an `IS` (an int), a MultiValue of them, or "" when empty (as pydicom's)."""
    value = _decode("IS", byte_string)
    return "" if value is None else value


def convert_numbers(
    byte_string: bytes, is_little_endian: bool, struct_format: str
) -> str | int | float | MutableSequence[int] | MutableSequence[float]:
    """Binary numbers in `struct_format` ("H", "l", "d", ...): one, a list, or "" when empty."""
    try:
        size = struct.calcsize("=" + struct_format)
    except struct.error as exc:
        raise InvalidValueError(f"{struct_format!r} is not a struct format: {exc}") from None
    count, extra = divmod(len(byte_string), size)
    if extra:
        raise BytesLengthError(
            f"{len(byte_string)} bytes are not a whole number of {size}-byte values "
            f"(struct format {struct_format!r})"
        )
    order = "<" if is_little_endian else ">"
    values = list(struct.unpack(f"{order}{count}{struct_format}", byte_string))
    if not values:
        return ""
    return values[0] if len(values) == 1 else values


def convert_OBvalue(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> bytes:
    """OB (and OD, OL): the bytes as they are."""
    return bytes(byte_string)


def convert_OWvalue(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> bytes:
    """OW (and OF): the bytes as they are, not swapped."""
    return bytes(byte_string)


def convert_OVvalue(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> bytes:
    """OV: the bytes as they are, not swapped."""
    return bytes(byte_string)


def convert_UN(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> bytes:
    return bytes(byte_string)


def convert_PN(
    byte_string: bytes, encodings: Encodings = None
) -> PersonName | MutableSequence[PersonName]:
    """PN, each component group decoded with its character set (PS3.5 6.2.1.2)."""
    return _decode("PN", byte_string, True, encodings)  # type: ignore[no-any-return]


def convert_string(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> str | MutableSequence[str]:
    """AS, CS (default repertoire): one value or a MultiValue."""
    return multi_string(byte_string.decode("latin_1"))


def convert_text(
    byte_string: bytes, encodings: Encodings = None, vr: str | None = None
) -> str | MutableSequence[str]:
    """SH, LO, UC: decoded with the Specific Character Set, split at backslashes."""
    return _decode(vr or "LO", byte_string, True, encodings)  # type: ignore[no-any-return]


def convert_single_string(
    byte_string: bytes, encodings: Encodings = None, vr: str | None = None
) -> str:
    """ST, LT, UT: one value, backslashes included."""
    return _decode(vr or "LT", byte_string, True, encodings)  # type: ignore[no-any-return]


def convert_UI(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> UID | MutableSequence[UID]:
    return _decode("UI", byte_string)  # type: ignore[no-any-return]


def convert_UR_string(
    byte_string: bytes, is_little_endian: bool, struct_format: str | None = None
) -> str:
    """UR: one value; trailing spaces are not significant."""
    return _decode("UR", byte_string)  # type: ignore[no-any-return]


def convert_SQ(
    byte_string: bytes,
    is_implicit_VR: bool,
    is_little_endian: bool,
    encoding: Encodings = None,
    offset: int = 0,
) -> DicomSequence:
    """A sequence value: its items, read as dicodec reads them from a file."""
    from dicodec.dataset import Dataset, read_sequence

    data = bytes(byte_string)
    src = Source(data, implicit_vr=is_implicit_VR, little_endian=is_little_endian)
    sequence: DicomSequence = read_sequence(("SQ", 0, 0, len(data), src))
    holder = Dataset()  # the items take their character set from their parent
    holder._encodings = _encodings(encoding)
    sequence.set_parent(holder)
    return sequence


def convert_value(VR: str, raw_data_element: RawValue, encodings: Encodings = None) -> Any:
    """The value of a raw element, decoded for `VR`; the empty value of the VR when empty."""
    decoders = DECODERS[raw_data_element.is_little_endian]
    if VR not in decoders and VR != "SQ":
        raise UnknownVRError(f"Unknown Value Representation {VR!r}")
    data = raw_data_element.value or b""
    if VR == "SQ":
        if not data:
            return DicomSequence()
        return convert_SQ(
            data, raw_data_element.is_implicit_VR, raw_data_element.is_little_endian, encodings
        )
    return decoders[VR](bytes(data), _encodings(encodings))
