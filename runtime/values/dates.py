"""DA, TM and DT text to and from `datetime` objects, on request; and pydicom's `DA`, `DT`,
`TM`, `datetime` objects that keep their text.

DA, TM and DT values stay `str` in a dataset (they are written back as read,
and partial values such as "2003" are legal); these functions convert when
asked. Formats are those of PS3.5 Table 6.2-1.
"""

from __future__ import annotations

import datetime
import re
import warnings
from typing import Any

from dicodec.errors import DicomWarning, InvalidValueError

__all__ = [
    "DA",
    "DT",
    "TM",
    "format_date",
    "format_datetime",
    "format_time",
    "to_date",
    "to_datetime",
    "to_time",
]

# [0-9], not \d: \d also matches non-ASCII digits.
_DA = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
# PS3.5 6.2, DA note: the ACR-NEMA form "yyyy.mm.dd" is found in older files.
_DA_ACR_NEMA = re.compile(r"([0-9]{4})\.([0-9]{2})\.([0-9]{2})")
# HH[MM[SS[.F{1,6}]]]
_TM = re.compile(r"([0-9]{2})(?:([0-9]{2})(?:([0-9]{2})(?:\.([0-9]{1,6}))?)?)?")
# PS3.5 6.2, TM note: the ACR-NEMA form "hh:mm:ss.frac" is found in older files.
_TM_ACR_NEMA = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?")
# YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]
_DT = re.compile(
    r"([0-9]{4})(?:([0-9]{2})(?:([0-9]{2})(?:([0-9]{2})(?:([0-9]{2})(?:([0-9]{2})"
    r"(?:\.([0-9]{1,6}))?)?)?)?)?)?(?:([+-])([0-9]{2})([0-9]{2}))?"
)
# PS3.5 Table 6.2-1, DT: the offset from UTC is -1200 to +1400.
_MIN_OFFSET = datetime.timedelta(hours=-12)
_MAX_OFFSET = datetime.timedelta(hours=14)


def to_date(text: str) -> datetime.date:
    """The date of DA text "YYYYMMDD" (or the ACR-NEMA "YYYY.MM.DD")."""
    stripped = text.strip(" ")
    match = _DA.fullmatch(stripped) or _DA_ACR_NEMA.fullmatch(stripped)
    if match is None:
        raise InvalidValueError(f"{text!r} is not a DA value (YYYYMMDD)")
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise InvalidValueError(f"{text!r} is not a DA value: {exc}") from None


def to_time(text: str) -> datetime.time:
    """The time of TM text "HH[MM[SS[.FFFFFF]]]" (or the ACR-NEMA "HH:MM[:SS[.F]]").

    Missing minutes and seconds are 0. PS3.5 allows a leap second (60), which
    `datetime.time` cannot hold: it is refused.
    """
    stripped = text.strip(" ")
    match = _TM.fullmatch(stripped) or _TM_ACR_NEMA.fullmatch(stripped)
    if match is None:
        raise InvalidValueError(f"{text!r} is not a TM value (HH[MM[SS[.FFFFFF]]])")
    hour, minute, second, fraction = match.groups()
    try:
        return datetime.time(
            int(hour),
            int(minute or 0),
            int(second or 0),
            int(fraction.ljust(6, "0")) if fraction else 0,
        )
    except ValueError as exc:
        raise InvalidValueError(
            f"{text!r} is not a TM value that datetime.time can hold: {exc}"
        ) from None


def to_datetime(text: str) -> datetime.datetime:
    """The date and time of DT text "YYYY[MM[DD[HH[MM[SS[.FFFFFF]]]]]][&ZZXX]".

    Missing month and day are 1, missing time components 0. With an offset
    ("+0100") the result is timezone-aware; without one it is naive, as the
    offset then comes from Timezone Offset From UTC (0008,0201) or the
    application (PS3.5 Table 6.2-1, DT).
    """
    stripped = text.strip(" ")
    match = _DT.fullmatch(stripped)
    if match is None:
        raise InvalidValueError(f"{text!r} is not a DT value (YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX])")
    year, month, day, hour, minute, second, fraction, sign, off_h, off_m = match.groups()
    tzinfo = None
    if sign is not None:
        offset = datetime.timedelta(hours=int(off_h), minutes=int(off_m))
        if int(off_m) >= 60:
            raise InvalidValueError(f"{text!r} is not a DT value: offset minutes are 00-59")
        offset = -offset if sign == "-" else offset
        if not _MIN_OFFSET <= offset <= _MAX_OFFSET:
            raise InvalidValueError(f"{text!r} is not a DT value: the offset is -1200 to +1400")
        tzinfo = datetime.timezone(offset)
    try:
        return datetime.datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int(fraction.ljust(6, "0")) if fraction else 0,
            tzinfo=tzinfo,
        )
    except ValueError as exc:
        raise InvalidValueError(
            f"{text!r} is not a DT value that datetime can hold: {exc}"
        ) from None


def format_date(value: datetime.date) -> str:
    """DA text "YYYYMMDD" of a date (of a datetime, its date)."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def format_time(value: datetime.time) -> str:
    """TM text "HHMMSS", with ".FFFFFF" when there are microseconds.

    TM has no offset from UTC (PS3.5 Table 6.2-1): a `tzinfo` is ignored.
    """
    text = f"{value.hour:02d}{value.minute:02d}{value.second:02d}"
    return f"{text}.{value.microsecond:06d}" if value.microsecond else text


def format_datetime(value: datetime.datetime) -> str:
    """DT text "YYYYMMDDHHMMSS", with ".FFFFFF" when there are microseconds and "&ZZXX" when aware."""
    text = format_date(value) + format_time(value.time())
    offset = value.utcoffset()
    if offset is None:
        return text
    if offset % datetime.timedelta(minutes=1):
        raise InvalidValueError(f"{value!r}: DT offsets are whole minutes (&ZZXX)")
    sign = "-" if offset < datetime.timedelta(0) else "+"
    minutes = abs(offset) // datetime.timedelta(minutes=1)
    return f"{text}{sign}{minutes // 60:02d}{minutes % 60:02d}"


# -- pydicom's DA, DT and TM: datetime objects that keep their text -----------------------------
# dicodec's datasets hold DA, DT and TM values as text (above); these are what a pydicom script
# makes by hand (`DA("20200101")` is a `datetime.date` that remembers "20200101").
class _Remembered:
    """What DA, DT and TM share: made from text (kept, and printed as given), from a Python
    value of their type, or from its parts; empty text and None give None."""

    original_string: str
    #: the Python type a value is also made from
    _python_type: type

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if not args or args[0] is None:
            return None
        value = args[0]
        if isinstance(value, str):
            return cls._from_text(value) if value.strip() else None
        if isinstance(value, cls._python_type):
            return cls._from_python(value)
        return cls._from_parts(args, kwargs)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        value = args[0]
        if isinstance(value, str):
            self.original_string = value
        elif isinstance(value, type(self)) and hasattr(value, "original_string"):
            self.original_string = value.original_string
        elif isinstance(value, self._python_type):
            self.original_string = self._text_of(value)

    @classmethod
    def _from_text(cls, text: str) -> Any:
        raise NotImplementedError

    @classmethod
    def _from_python(cls, value: Any) -> Any:
        raise NotImplementedError

    @staticmethod
    def _text_of(value: Any) -> str:
        """The DICOM text of a Python value of the type."""
        raise NotImplementedError

    @classmethod
    def _from_parts(cls, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """The value made by the `datetime` type's own constructor: a ValueError if it fails."""
        try:
            return cls._python_type.__new__(cls, *args, **kwargs)
        except Exception as exc:
            raise ValueError(f"Unable to convert '{args[0]}' to '{cls.__name__}' object") from exc

    def __str__(self) -> str:
        text = getattr(self, "original_string", None)
        return text if text is not None else super().__str__()

    def __repr__(self) -> str:
        return f'"{self}"'

    def __reduce_ex__(self, protocol: Any) -> Any:
        made: Any = super().__reduce_ex__(protocol)
        return (*made[:2], self.__dict__.copy())

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def _leap_second(second: int, what: str) -> int:
    """PS3.5 allows a leap second (60), which `datetime` cannot hold: 59, with a warning
    (as pydicom does)."""
    if second == 60:
        warnings.warn(
            f"'datetime.{what}' doesn't allow a value of '60' for the seconds component, "
            "changing to '59'",
            DicomWarning,
            stacklevel=4,
        )
        return 59
    return second


class DA(_Remembered, datetime.date):
    """A DA value as a `datetime.date`: from "YYYYMMDD" (or the ACR-NEMA "YYYY.MM.DD"), a
    date, or year, month, day; empty text and None give None."""

    _python_type = datetime.date
    _text_of = staticmethod(format_date)

    @classmethod
    def _from_text(cls, text: str) -> Any:
        match = _DA.fullmatch(text) or _DA_ACR_NEMA.fullmatch(text)
        if match is None:
            return cls._from_parts((text,), {})  # the ValueError of text that is no date
        return datetime.date.__new__(cls, int(match[1]), int(match[2]), int(match[3]))

    @classmethod
    def _from_python(cls, value: datetime.date) -> Any:
        return datetime.date.__new__(cls, value.year, value.month, value.day)


# DT and TM text as pydicom's classes take it (looser than `to_datetime` and `to_time`, which
# dicodec's own reading uses): digits in any number from 4 to 14, an empty fraction, a leap
# second; at most 26 characters (PS3.5 Table 6.2-1)
_DT_PYDICOM = re.compile(r"([0-9]{4,14})(?:\.([0-9]{0,6}))?([+-][0-9]{4})?")
_TM_PYDICOM = re.compile(
    r"([01][0-9]|2[0-3])(?:([0-5][0-9])(?:([0-5][0-9]|60)(?:\.([0-9]{0,6}))?)?)?"
)


class DT(_Remembered, datetime.datetime):
    """A DT value as a `datetime.datetime`: from "YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]" (the
    offset gives a timezone named by it), a datetime, or its parts; empty text and None
    give None."""

    _python_type = datetime.datetime
    _text_of = staticmethod(format_datetime)

    @classmethod
    def _from_text(cls, text: str) -> Any:
        match = _DT_PYDICOM.fullmatch(text)
        if match is None or len(text) > 26:
            raise ValueError(f"Unable to convert non-conformant value '{text}' to 'DT' object")
        digits, fraction, offset = match.groups()
        # each part of two digits that the text has in full; a month or day left out is 1
        month, day, hour, minute, second = (
            int(digits[i : i + 2]) if len(digits) >= i + 2 else (1 if i < 8 else 0)
            for i in range(4, 14, 2)
        )
        second = _leap_second(second, "datetime")
        micro = int(fraction.ljust(6, "0")) if fraction and len(digits) >= 14 else 0
        zone = None
        if offset is not None:
            minutes = int(offset[1:3]) * 60 + int(offset[3:5])
            delta = datetime.timedelta(minutes=-minutes if offset[0] == "-" else minutes)
            zone = datetime.timezone(delta, name=offset)
        return datetime.datetime.__new__(
            cls, int(digits[:4]), month, day, hour, minute, second, micro, zone
        )

    @classmethod
    def _from_python(cls, value: datetime.datetime) -> Any:
        return datetime.datetime.__new__(
            cls, *value.timetuple()[:6], value.microsecond, value.tzinfo
        )


class TM(_Remembered, datetime.time):
    """A TM value as a `datetime.time`: from "HH[MM[SS[.F]]]", a time, or its parts;
    empty text and None give None."""

    _python_type = datetime.time
    _text_of = staticmethod(format_time)

    @classmethod
    def _from_text(cls, text: str) -> Any:
        match = _TM_PYDICOM.fullmatch(text)
        if match is None:
            raise ValueError(f"Unable to convert non-conformant value '{text}' to 'TM' object")
        hour, minute, second, fraction = match.groups()
        return datetime.time.__new__(
            cls,
            int(hour),
            int(minute or 0),
            _leap_second(int(second or 0), "time"),
            int(fraction.ljust(6, "0")) if fraction else 0,
        )

    @classmethod
    def _from_python(cls, value: datetime.time) -> Any:
        return datetime.time.__new__(cls, value.hour, value.minute, value.second, value.microsecond)
