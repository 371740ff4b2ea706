"""DS and IS values: numbers that remember the text they were read from.

A value read from a file and left unchanged is written back as the same text
(`DSfloat("1.50")` stays `"1.50"`, not `"1.5"`); arithmetic gives plain
`float`/`int`. The text is kept as given, surrounding spaces included: spaces
are insignificant for the number (PS3.5 6.2, Table 6.2-1) but are part of what
the file held, so `str()` and writing give them back unchanged.

A `DSfloat`/`IS` is always a valid DS/IS number: text that is not one raises
`InvalidValueError` (the reader keeps such text as `str`, with a warning).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, SupportsFloat, cast

from dicodec.errors import InvalidValueError
from dicodec.generated.vrs import VRS
from dicodec.values.multivalue import MultiValue

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "DS",
    "DS_MAX_LENGTH",
    "IS",
    "IS_MAX",
    "IS_MAX_LENGTH",
    "IS_MIN",
    "DSfloat",
    "PackedNumbers",
    "pack_numbers",
]

# PS3.5 Table 6.2-1: the lengths of DS and IS (16 and 12 bytes); -2**31 <= IS <= 2**31 - 1.
DS_MAX_LENGTH: Final = cast(int, VRS["DS"].max_length)
IS_MAX_LENGTH: Final = cast(int, VRS["IS"].max_length)
IS_MIN = -(2**31)
IS_MAX = 2**31 - 1

# The characters of DS and IS text (PS3.5 Table 6.2-1). `text.strip(chars)` is
# empty exactly when every character is one of them: a C-speed repertoire check
# that also shuts out what `float()`/`int()` accept beyond DICOM ("nan", "inf",
# "1_000", non-ASCII digits, tabs).
_DS_CHARS = "0123456789+-Ee. "
_IS_CHARS = "0123456789+- "


class DSfloat(float):
    """A Decimal String (DS) value: a `float` that keeps its text in `original_string`.

    Made from DS text, a `float`, an `int`, a `Decimal` or another DS/IS value.
    From a number, the text is the shortest that round-trips (`repr`) when it
    fits in DS's 16 bytes, otherwise the most precise text that does. NaN and
    infinities have no DS text and are refused.
    """

    __slots__ = ("original_string",)

    original_string: str

    def __new__(cls, value: str | SupportsFloat | Decimal) -> Self:
        if type(value) is str:  # the decoder's path: keep it short
            if value.strip(_DS_CHARS):
                raise InvalidValueError(
                    f"{value!r} is not a DS value: it has characters DS does not allow"
                )
            if len(value) > DS_MAX_LENGTH and len(value.strip(" ")) > DS_MAX_LENGTH:
                raise InvalidValueError(
                    f"{value!r} is not a DS value: longer than {DS_MAX_LENGTH} characters"
                )
            try:
                self = float.__new__(cls, value)
            except ValueError:
                raise InvalidValueError(f"{value!r} is not a DS value (a decimal number)") from None
            if self - self:  # inf - inf is nan; finite - finite is 0.0
                raise InvalidValueError(f"{value!r} is out of the range of a DS value")
            self.original_string = value
            return self
        if type(value) is float and value - value == 0.0:  # finite: the common assignment
            text = repr(value)
            if len(text) <= DS_MAX_LENGTH:
                self = float.__new__(cls, value)
                self.original_string = text
                return self
        return cls._from_number(value)

    @classmethod
    def _from_number(cls, value: Any) -> Self:
        if isinstance(value, DSfloat):
            text = value.original_string
        elif isinstance(value, IS):
            text = value.original_string  # IS text is valid DS text
        elif isinstance(value, str):  # a str subclass
            return cls(str(value))
        elif isinstance(value, int):
            text = str(int(value))
            if len(text) > DS_MAX_LENGTH:
                text = ds_text(_to_float(value))
        elif isinstance(value, Decimal):
            if not value.is_finite():
                raise InvalidValueError(
                    f"{value!r} has no DS text (NaN and infinities are not DS values)"
                )
            text = str(value)
            if len(text) > DS_MAX_LENGTH:
                text = ds_text(_to_float(value))
        elif isinstance(value, float):
            text = ds_text(value)
        else:
            raise TypeError(f"a DS value is made from text or a number, not {type(value).__name__}")
        self = float.__new__(cls, text)
        self.original_string = text
        return self

    def __str__(self) -> str:
        return self.original_string

    def __repr__(self) -> str:
        return repr(self.original_string)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.original_string,))


DS = DSfloat
"""pydicom's name for the DS value type."""


class IS(int):
    """An Integer String (IS) value: an `int` that keeps its text in `original_string`.

    Made from IS text (spaces and a `+` sign allowed), an `int`, or an integral
    `float`/`Decimal`/DS text such as `"1.0"` (not valid IS, but found in files:
    accepted when integral, and its text is kept so it is written back as read).
    """

    # int subclasses cannot have non-empty __slots__: original_string lives in
    # the instance dictionary.
    original_string: str

    def __new__(cls, value: str | SupportsFloat | Decimal) -> Self:
        if type(value) is str:  # the decoder's path: keep it short
            if value.strip(_IS_CHARS):
                return cls._from_decimal_text(value)
            try:
                self = int.__new__(cls, value)
            except ValueError:
                raise InvalidValueError(f"{value!r} is not an IS value (an integer)") from None
            if not IS_MIN <= self <= IS_MAX:
                raise InvalidValueError(
                    f"{value!r} is out of the range of an IS value ({IS_MIN}..{IS_MAX})"
                )
            if len(value) > IS_MAX_LENGTH and len(value.strip(" ")) > IS_MAX_LENGTH:
                raise InvalidValueError(
                    f"{value!r} is not an IS value: longer than {IS_MAX_LENGTH} characters"
                )
            self.original_string = value
            return self
        if type(value) is int and IS_MIN <= value <= IS_MAX:  # the common assignment
            self = int.__new__(cls, value)
            self.original_string = str(value)
            return self
        return cls._from_number(value)

    @classmethod
    def _from_decimal_text(cls, value: str) -> Self:
        """IS from text like "1.0": allowed only when it is DS text of an integer."""
        try:
            number = DSfloat(value)
        except InvalidValueError:
            raise InvalidValueError(f"{value!r} is not an IS value (an integer)") from None
        if not number.is_integer():
            raise InvalidValueError(f"{value!r} is not an IS value (an integer)")
        return cls._checked(int(number), value)

    @classmethod
    def _from_number(cls, value: Any) -> Self:
        if isinstance(value, IS):
            return cls._checked(int(value), value.original_string)
        if isinstance(value, DSfloat):
            return cls._from_decimal_text(value.original_string)
        if isinstance(value, str):  # a str subclass
            return cls(str(value))
        if isinstance(value, int):
            return cls._checked(int(value), None)
        if isinstance(value, (float, Decimal)):
            if isinstance(value, float) and value - value:
                raise InvalidValueError(f"{value!r} is not an IS value")
            if isinstance(value, Decimal) and not value.is_finite():
                raise InvalidValueError(f"{value!r} is not an IS value")
            if value != int(value):
                raise InvalidValueError(f"{value!r} is not an IS value (an integer)")
            return cls._checked(int(value), None)
        raise TypeError(f"an IS value is made from text or a number, not {type(value).__name__}")

    @classmethod
    def _checked(cls, number: int, text: str | None) -> Self:
        if not IS_MIN <= number <= IS_MAX:
            raise InvalidValueError(
                f"{number} is out of the range of an IS value ({IS_MIN}..{IS_MAX})"
            )
        self = int.__new__(cls, number)
        self.original_string = str(number) if text is None else text
        return self

    def __str__(self) -> str:
        return self.original_string

    def __repr__(self) -> str:
        return repr(self.original_string)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.original_string,))


class PackedNumbers:
    """DS or IS values assigned as plain numbers, held as their text until someone reads them.

    `ds.ContourData = [1.5, 2.0, ...]` stores one of these instead of a
    `MultiValue` of `DSfloat`; the element's `value` turns it into that
    `MultiValue` on first read (`box`), and the writer writes `text` as it is.
    Only values whose text is certain to be valid are packed (`pack_numbers`),
    so validation and every value read are what they would have been.

    Speed: an RT Structure Set of 10,000 contours assigns 240,000 ContourData
    floats; a `DSfloat` each was most of the build time, and the cyclic garbage
    collector walked every one of them (sequence-10k-build-write: 3.7x -> 5.6-8.6x).
    """

    __slots__ = ("item_type", "text")

    item_type: type[DSfloat] | type[IS]
    text: str  # the values' DS/IS text joined by backslash, as written (PS3.5 6.4)

    def __init__(self, item_type: type[DSfloat] | type[IS], text: str) -> None:
        self.item_type = item_type
        self.text = text

    def box(self) -> MultiValue[Any]:
        """The values as the `MultiValue` the assignment would have made."""
        item_type = self.item_type
        return MultiValue._trusted(item_type, [item_type(t) for t in self.text.split("\\")])

    def __copy__(self) -> PackedNumbers:
        return self  # immutable

    def __deepcopy__(self, memo: dict[int, Any]) -> PackedNumbers:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (PackedNumbers, (self.item_type, self.text))

    def __repr__(self) -> str:
        return f"PackedNumbers({self.item_type.__name__}, {self.text!r})"


_PLAIN_DS_TYPES = frozenset({float, int})


def pack_numbers(
    item_type: type[DSfloat] | type[IS], values: list[Any] | tuple[Any, ...]
) -> PackedNumbers | None:
    """`values` packed as text when they are plain numbers whose text is valid, else None.

    DS: each `float` or `int` whose `repr` is DS text of at most 16 characters
    (the text `DSfloat` would keep); IS: each `int` in the IS range. Anything
    else (text, Decimal, numpy numbers, NaN, long reprs, empty) returns None
    and takes the `MultiValue` path, with its conversions and errors.
    """
    if not values:
        return None
    types = set(map(type, values))
    if item_type is DSfloat:
        if not types <= _PLAIN_DS_TYPES:
            return None
        texts = list(map(repr, values))
        if max(map(len, texts)) > DS_MAX_LENGTH:
            return None
        text = "\\".join(texts)
        if "n" in text:  # "nan", "inf": not DS values
            return None
        return PackedNumbers(item_type, text)
    if types != {int} or min(values) < IS_MIN or max(values) > IS_MAX:
        return None
    return PackedNumbers(item_type, "\\".join(map(str, values)))


def ds_text(value: float) -> str:
    """The DS text of `value`: `repr` when it fits in 16 characters, else the most precise that fits.

    PS3.5 Table 6.2-1 limits DS to 16 bytes; Python's shortest round-trip text
    of a double can take 24. Both fixed and exponent notation are tried at each
    precision, the exponent written without `+` and leading zeros ("1.5e-7").
    """
    if value - value:  # inf - inf and nan - nan are nan
        raise InvalidValueError(f"{value!r} has no DS text (NaN and infinities are not DS values)")
    text = repr(value)
    if len(text) <= DS_MAX_LENGTH:
        return text
    if text.endswith(".0") and len(text) - 2 <= DS_MAX_LENGTH:
        return text[:-2]  # an integral value such as 1234567890123456.0
    # At most 15 significant digits fit beside the point (and the sign).
    for digits in range(DS_MAX_LENGTH - 1 - (value < 0), 0, -1):
        text = f"{value:.{digits}g}"
        if "e" in text:
            text = _compact_exponent(text)
        if len(text) > DS_MAX_LENGTH:
            text = _compact_exponent(f"{value:.{digits - 1}e}")
        if len(text) <= DS_MAX_LENGTH:
            # Rounding can carry past the largest double ("1.7976931349e308"): try fewer digits.
            if "e30" in text and float(text) - float(text):
                continue
            return text
    raise AssertionError(f"no DS text found for {value!r}")  # pragma: no cover: "-1e-308" fits


def _compact_exponent(text: str) -> str:
    mantissa, _, exponent = text.partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def _to_float(value: int | Decimal) -> float:
    try:
        return float(value)
    except OverflowError:
        raise InvalidValueError(f"{value} is out of the range of a DS value") from None
