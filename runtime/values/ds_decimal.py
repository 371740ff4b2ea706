"""DS values as pydicom also offers them: `DSdecimal`, a `Decimal` that keeps its text,
and pydicom's `format_number_as_ds` and `is_valid_ds`.

dicodec's datasets hold DS values as `DSfloat` (`numbers.py`, whose `ds_text` is the
text dicodec writes); these are what a pydicom script makes by hand, and give the
text pydicom's give.
"""

from __future__ import annotations

import math
import warnings
from decimal import Decimal
from typing import Any

from dicodec.errors import DicomWarning, InvalidValueError
from dicodec.values.numbers import DS_MAX_LENGTH, DSfloat

__all__ = ["DSdecimal", "format_number_as_ds", "is_valid_ds"]


def format_number_as_ds(val: float | Decimal) -> str:
    """The text of a number as DS holds it: at most 16 characters, as precise as they allow.

    Python's own text when it fits; else fixed point for magnitudes 1e-4 to 1e14 (1e13
    when negative: the sign takes a character) and scientific notation beyond, as many
    digits as fit. The same text as pydicom's function of this name.
    """
    if not isinstance(val, (float, Decimal)):
        raise TypeError("'val' must be of type float or decimal.Decimal")
    if not math.isfinite(val):
        raise ValueError(f"Cannot encode non-finite floats as DICOM decimal strings. Got '{val}'")
    text = str(val)
    if len(text) <= DS_MAX_LENGTH:
        return text
    magnitude = math.log10(abs(float(val)))
    sign = 1 if val < 0 else 0
    if magnitude < -4 or magnitude >= 14 - sign:
        # d.ddddddddde+XX: ten characters of digits, one fewer for a sign or a 3-digit exponent
        digits = 10 - sign
        text = f"{val:.{digits}e}"
        return text if len(text) <= DS_MAX_LENGTH else f"{val:.{digits - 1}e}"
    whole = math.floor(magnitude) if magnitude >= 1 else 0
    return f"{val:.{14 - sign - whole}f}"


def is_valid_ds(s: str) -> bool:
    """Whether `s` is valid DS text: at most 16 characters of a decimal number, or only
    spaces (PS3.5 6.2)."""
    if len(s) > DS_MAX_LENGTH:
        return False
    if not s.strip(" "):
        return True
    try:
        DSfloat(s)
    except InvalidValueError:
        return False
    return True


class DSdecimal(Decimal):
    """A DS value as a `Decimal` that keeps its text (pydicom's class; dicodec's datasets
    hold `DSfloat`). Made from text, an int or a Decimal; a float is a TypeError, as in
    pydicom by default (its text would be a guess). `auto_format` gives a number too long
    for DS the text `format_number_as_ds` makes."""

    original_string: str
    auto_format: bool

    def __new__(
        cls,
        val: str | int | float | Decimal | None,
        auto_format: bool = False,
        validation_mode: int | None = None,
    ) -> Any:
        if val is None or (isinstance(val, str) and not val.strip()):
            return val
        if isinstance(val, float):
            raise TypeError(
                "'DS' cannot be instantiated with a float value: convert it to text with the "
                "digits wanted, or give a Decimal"
            )
        return super().__new__(cls, val.strip() if isinstance(val, str) else val)

    def __init__(
        self,
        val: str | int | Decimal,
        auto_format: bool = False,
        validation_mode: int | None = None,
    ) -> None:
        if isinstance(val, str):
            self.original_string = val.strip()
        elif isinstance(val, (DSdecimal, DSfloat)) and hasattr(val, "original_string"):
            self.original_string = val.original_string
            auto_format = auto_format or getattr(val, "auto_format", False)
        self.auto_format = auto_format
        if auto_format:
            text = getattr(self, "original_string", None)
            if text is None or not is_valid_ds(text):
                self.original_string = format_number_as_ds(Decimal(self))
        text = repr(self).strip("'")
        if validation_mode == 0:
            return
        problem = None
        if len(text) > DS_MAX_LENGTH:
            problem = f"DS values are at most {DS_MAX_LENGTH} characters, {text!r} has {len(text)}"
        elif not is_valid_ds(text):
            problem = f'Value "{text}" is not valid for elements with a VR of DS'
        if problem is not None:
            if validation_mode == 2:
                raise InvalidValueError(problem)
            warnings.warn(problem, DicomWarning, stacklevel=2)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return str(self) == other
        return super().__eq__(other)

    def __hash__(self) -> int:
        return super().__hash__()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __str__(self) -> str:
        text: str | None = getattr(self, "original_string", None)
        if text is not None and len(text) <= DS_MAX_LENGTH:
            return text
        return str(super().__str__())

    def __repr__(self) -> str:
        return f"'{getattr(self, 'original_string', None) or super().__str__()}'"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.auto_format, 0))
