"""DA, TM and DT text to and from `datetime` objects, on request.

DA, TM and DT values stay `str` in a dataset (they are written back as read,
and partial values such as "2003" are legal); these functions convert when
asked. Formats are those of PS3.5 Table 6.2-1.
"""

from __future__ import annotations

import datetime
import re

from dicodec.errors import InvalidValueError

__all__ = ["format_date", "format_datetime", "format_time", "to_date", "to_datetime", "to_time"]

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
