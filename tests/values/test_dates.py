"""DA, TM and DT text to and from datetime objects (PS3.5 Table 6.2-1)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dicodec.errors import InvalidValueError
from dicodec.values import format_date, format_datetime, format_time, to_date, to_datetime, to_time

UTC_OFFSETS = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda m: datetime.timezone(datetime.timedelta(minutes=m))
)


def test_examples() -> None:
    assert to_date("20030903") == datetime.date(2003, 9, 3)
    assert to_date("2003.09.03") == datetime.date(2003, 9, 3)
    assert to_time("150031.123456") == datetime.time(15, 0, 31, 123456)
    assert to_time("150031.1") == datetime.time(15, 0, 31, 100000)
    assert to_time("1500") == datetime.time(15, 0)
    assert to_time("15") == datetime.time(15)
    assert to_time("15:00:31") == datetime.time(15, 0, 31)
    assert to_time("15:00:31.5 ") == datetime.time(15, 0, 31, 500000)
    tz = datetime.timezone(datetime.timedelta(hours=1))
    assert to_datetime("20030903150031.123+0100") == datetime.datetime(
        2003, 9, 3, 15, 0, 31, 123000, tzinfo=tz
    )
    assert to_datetime("2003") == datetime.datetime(2003, 1, 1)
    assert to_datetime("200309") == datetime.datetime(2003, 9, 1)
    assert to_datetime("2003-0500").utcoffset() == datetime.timedelta(hours=-5)
    assert format_date(datetime.date(2003, 9, 3)) == "20030903"
    assert format_time(datetime.time(15, 0, 31)) == "150031"
    assert format_time(datetime.time(15, 0, 31, 120)) == "150031.000120"
    assert (
        format_datetime(datetime.datetime(2003, 9, 3, 15, 0, 31, tzinfo=tz))
        == "20030903150031+0100"
    )
    minus = datetime.timezone(-datetime.timedelta(hours=1, minutes=30))
    assert format_datetime(datetime.datetime(2003, 9, 3, tzinfo=minus)) == "20030903000000-0130"


@pytest.mark.parametrize(
    ("convert", "text"),
    [
        (to_date, "2003093"),
        (to_date, "20031301"),
        (to_date, "20030230"),
        (to_date, "2003-09-03"),
        (to_date, "٢٠٠٣٠٩٠٣"),
        (to_time, "25"),
        (to_time, "1560"),
        (to_time, "150060"),  # a leap second: datetime.time cannot hold it
        (to_time, "150031.1234567"),
        (to_time, "1"),
        (to_time, "15:0"),
        (to_datetime, "20030903150031.123+1500"),
        (to_datetime, "20030903+0160"),
        (to_datetime, "200"),
        (to_datetime, "2003090315003"),
        (to_datetime, ""),
    ],
)
def test_bad_text_is_named_in_the_error(convert: object, text: str) -> None:
    with pytest.raises(InvalidValueError, match=repr(text).replace("+", r"\+").replace(".", r"\.")):
        convert(text)  # type: ignore[operator]


def test_offsets_are_whole_minutes() -> None:
    odd = datetime.timezone(datetime.timedelta(seconds=30))
    with pytest.raises(InvalidValueError):
        format_datetime(datetime.datetime(2003, 1, 1, tzinfo=odd))


@settings(deadline=None)
@given(st.dates())
def test_dates_round_trip(value: datetime.date) -> None:
    assert to_date(format_date(value)) == value


@settings(deadline=None)
@given(st.times())
def test_times_round_trip(value: datetime.time) -> None:
    text = format_time(value)
    assert to_time(text) == value
    assert (
        len(text) <= 14
    )  # PS3.5 Table 6.2-1: TM is at most 14 bytes (16 with an offset, not used)


@settings(deadline=None)
@given(st.datetimes(), st.one_of(st.none(), UTC_OFFSETS))
def test_datetimes_round_trip(value: datetime.datetime, tz: datetime.timezone | None) -> None:
    value = value.replace(tzinfo=tz)
    text = format_datetime(value)
    back = to_datetime(text)
    assert back == value and back.utcoffset() == value.utcoffset()
    assert len(text) <= 26  # PS3.5 Table 6.2-1


@settings(deadline=None)
@given(st.datetimes(), st.integers(min_value=1, max_value=7))
def test_partial_datetimes(value: datetime.datetime, components: int) -> None:
    lengths = [4, 6, 8, 10, 12, 14, 21]
    text = format_datetime(value.replace(microsecond=value.microsecond or 1))[
        : lengths[components - 1]
    ]
    back = to_datetime(text)
    assert format_datetime(back)[: len(text)] == text
