"""The small hand-written primitives that the generated per-VR codecs call.

`dicodec.generated.vr_codecs` is specialized code per VR and byte order; what
is the same for every VR (text decoding with the Specific Character Set, the
lenient reading of DS/IS text, padding) lives here, once.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from dicodec import charset as _charset
from dicodec.errors import InvalidValueError, InvalidValueWarning
from dicodec.leniency import tolerate
from dicodec.values.numbers import PackedNumbers

Buffer = bytes
Encodings = tuple[str, ...]

T = TypeVar("T")


def decode_text(raw: bytes, encodings: Encodings, vr: str) -> str:
    """Text of a Specific Character Set VR; one `str()` call in the common case."""
    if len(encodings) == 1 and b"\x1b" not in raw:
        try:
            return str(raw, encodings[0])
        except UnicodeDecodeError:
            pass  # the charset layer warns and replaces
    return _charset.decode_text(raw, encodings, vr=vr)


def decode_person_name(raw: bytes, encodings: Encodings) -> str:
    """PN text: each component group may use its own character set (PS3.5 6.2.1.2)."""
    if len(encodings) == 1 and b"\x1b" not in raw:
        try:
            return str(raw, encodings[0])
        except UnicodeDecodeError:
            pass
    return _charset.decode_person_name(raw, encodings)


def encode_text(text: str, encodings: Encodings, vr: str) -> bytes:
    if text.isascii():
        return text.encode("ascii")
    return _charset.encode_text(text, encodings, vr=vr)


def encode_person_name(text: str, encodings: Encodings) -> bytes:
    if text.isascii():
        return text.encode("ascii")
    return _charset.encode_person_name(text, encodings)


def number_text(ctor: Callable[[str], T], text: str) -> T | str:
    """A DS or IS value; text that is not a valid number is kept as text, with a warning.

    Real files carry malformed numbers; refusing the whole element would lose
    the rest of the file, so the value stays readable and writes back as read.
    """
    try:
        return ctor(text)
    except (InvalidValueError, ValueError):
        tolerate(
            f"{text!r} is not a valid number; kept as text",
            error=InvalidValueError,
            warning=InvalidValueWarning,
            stacklevel=4,
        )
        return text


def integer(value: Any) -> int:
    """One value of a binary integer VR (US, SL, ...): an int (numpy's too); a float, a
    bool or text is a TypeError, which assignment turns into what the validation mode says."""
    if value.__class__ is int:
        return value
    if isinstance(value, (bool, str)):
        raise TypeError(f"an integer, not {type(value).__name__} {value!r}")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"an integer, not {type(value).__name__} {value!r}") from None


def real(value: Any) -> float:
    """One value of FL or FD: a number (an int or numpy's too); text or a bool is a TypeError."""
    if value.__class__ is float:
        return value
    if isinstance(value, (bool, str, bytes)):
        raise TypeError(f"a number, not {type(value).__name__} {value!r}")
    return float(value)


def check_width(size: int, width: int, vr: str) -> int:
    """How many values of `width` bytes `size` holds; a ragged tail is dropped with a warning."""
    count, extra = divmod(size, width)
    if extra:
        tolerate(
            f"a {vr} value of {size} bytes is not a whole number of {width}-byte values; "
            f"the last {extra} byte(s) are ignored",
            error=InvalidValueError,
            warning=InvalidValueWarning,
            stacklevel=4,
        )
    return count


def joined(value: Any) -> str:
    """A value as DICOM text: multiple values joined by backslash (PS3.5 6.4)."""
    if isinstance(value, list):
        return "\\".join([str(v) for v in value])
    return str(value)


def joined_numbers(value: Any) -> str:
    """DS or IS values as text: each value's original text, joined by backslash.

    Reads `original_string` directly: `str()` on 240,000 DSfloat values (a large
    RT Structure Set) costs a Python-level call each.
    """
    if value.__class__ is PackedNumbers:
        text: str = value.text  # already the joined text
        return text
    if isinstance(value, list):
        return "\\".join([getattr(v, "original_string", None) or str(v) for v in value])
    return getattr(value, "original_string", None) or str(value)


def pad(data: bytes, padding: bytes) -> bytes:
    """Values have an even length (PS3.5 7.1.1)."""
    return data + padding if len(data) & 1 else data


def values_of(value: Any) -> Iterable[Any]:
    """The single values of an element value: none, one, or a MultiValue's items."""
    if value is None:
        return ()
    if isinstance(value, list):
        return value
    return (value,)
