"""DSfloat and IS: numbers that keep their text, within the limits of PS3.5 Table 6.2-1."""

from __future__ import annotations

import copy
import math
import pickle
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dicodec.errors import DicomError, InvalidValueError
from dicodec.values import IS, DSfloat, ds_text

DS_SYNTAX = re.compile(r" *[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)? *")


@pytest.mark.parametrize(
    "text",
    [
        "1.50",
        " 1.5 ",
        "-741.87000000000",
        "239.531250000000",
        "1e3",
        "1E-3",
        ".5",
        "5.",
        "+1.5",
        "-0",
        "0",
    ],
)
def test_ds_keeps_its_text(text: str) -> None:
    value = DSfloat(text)
    assert str(value) == text == value.original_string
    assert repr(value) == repr(text)
    assert value == float(text)
    assert f"{value}" == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "nan",
        "inf",
        "-Infinity",
        "1_0",
        "١",
        "1.5.5",
        "abc",
        "1e999",
        "12345678901234567",
        "1,5",
        "\t1",
    ],
)
def test_ds_refuses_what_is_not_ds(text: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        DSfloat(text)
    assert isinstance(info.value, ValueError) and isinstance(info.value, DicomError)


def test_ds_counts_only_significant_characters() -> None:
    assert DSfloat(" 1.23456789012345 ") == 1.23456789012345  # 16 characters and padding


@pytest.mark.parametrize(
    "bad", [math.nan, math.inf, -math.inf, Decimal("NaN"), Decimal("-Infinity")]
)
def test_ds_refuses_non_finite_numbers(bad: float | Decimal) -> None:
    with pytest.raises(InvalidValueError):
        DSfloat(bad)


def test_ds_from_numbers() -> None:
    assert str(DSfloat(1.5)) == "1.5"
    assert str(DSfloat(1 / 3)) == "0.33333333333333"
    assert str(DSfloat(12)) == "12"
    assert str(DSfloat(10**20)) == "1e+20"
    assert str(DSfloat(Decimal("1.50"))) == "1.50"
    assert str(DSfloat(Decimal("0.1234567890123456789"))) == "0.12345678901235"
    assert str(DSfloat(DSfloat("1.50"))) == "1.50"
    assert str(DSfloat(IS("+12"))) == "+12"
    with pytest.raises(InvalidValueError):
        DSfloat(10**400)
    with pytest.raises(TypeError):
        DSfloat([1.5])  # type: ignore[arg-type]


def test_ds_computes_as_a_float() -> None:
    value = DSfloat("1.50")
    assert type(value + 1) is float and value + 1 == 2.5
    assert hash(value) == hash(1.5)
    assert DSfloat("1.50") == DSfloat("1.5")
    table: dict[float, str] = {DSfloat("1.50"): "x"}
    assert table[1.5] == "x"


def test_ds_copies_and_pickles_with_its_text() -> None:
    value = DSfloat("1.50")
    for clone in (copy.copy(value), copy.deepcopy(value), pickle.loads(pickle.dumps(value))):
        assert type(clone) is DSfloat and clone.original_string == "1.50"


@settings(deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_ds_text_of_any_float_fits_and_round_trips(x: float) -> None:
    value = DSfloat(x)
    text = str(value)
    assert len(text) <= 16
    assert DS_SYNTAX.fullmatch(text), text
    assert DSfloat(text) == value
    if len(repr(x)) <= 16:
        assert text == repr(x) and float(text) == x
    else:
        assert math.isclose(float(text), x, rel_tol=1e-8)


@settings(deadline=None)
@given(st.from_regex(DS_SYNTAX, fullmatch=True).filter(lambda t: len(t.strip(" ")) <= 16))
def test_ds_text_round_trips_and_agrees_with_pydicom(text: str) -> None:
    pydicom_valuerep = pytest.importorskip("pydicom.valuerep")
    try:
        expected = float(text)
    except OverflowError:  # pragma: no cover - float() gives inf rather than raising
        return
    if math.isinf(expected):
        with pytest.raises(InvalidValueError):
            DSfloat(text)
        return
    value = DSfloat(text)
    assert value == expected and str(value) == text
    assert value == float(pydicom_valuerep.DSfloat(text, validation_mode=0))


def test_ds_text_precision() -> None:
    assert ds_text(123456789012345678.0) == "1.23456789012e17"
    assert ds_text(-2.2250738585072014e-308) == "-2.22507386e-308"
    assert ds_text(0.00012345678901234567) == "1.23456789012e-4"
    assert ds_text(1234567890123456.0) == "1234567890123456"
    assert ds_text(5e-324) == "5e-324"
    assert ds_text(1.7976931348500002e308) == "1.79769313e308"  # not rounded up to infinity


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", 12),
        ("  12 ", 12),
        ("+12", 12),
        ("-0", 0),
        ("1.0", 1),
        ("1e3", 1000),
        ("-2147483648", -(2**31)),
    ],
)
def test_is_keeps_its_text(text: str, number: int) -> None:
    value = IS(text)
    assert value == number and str(value) == text and repr(value) == repr(text)
    assert type(value + 1) is int


@pytest.mark.parametrize(
    "text", ["", " ", "1.5", "1A", "2147483648", "-2147483649", "1_0", "١", "0000000000001", "nan"]
)
def test_is_refuses_what_is_not_is(text: str) -> None:
    with pytest.raises(InvalidValueError):
        IS(text)


def test_is_from_numbers() -> None:
    assert str(IS(12)) == "12"
    assert str(IS(3.0)) == "3"
    assert str(IS(Decimal("4"))) == "4"
    assert str(IS(IS("+5"))) == "+5"
    assert str(IS(DSfloat("6.0"))) == "6.0"
    for bad in (1.5, math.nan, math.inf, Decimal("1.5"), 2**31, DSfloat("1.5")):
        with pytest.raises(InvalidValueError):
            IS(bad)
    with pytest.raises(TypeError):
        IS(None)  # type: ignore[arg-type]


def test_is_copies_and_pickles_with_its_text() -> None:
    value = IS("+12")
    for clone in (copy.copy(value), copy.deepcopy(value), pickle.loads(pickle.dumps(value))):
        assert type(clone) is IS and clone.original_string == "+12"


@settings(deadline=None)
@given(st.integers(min_value=-(2**31), max_value=2**31 - 1))
def test_is_over_its_range(n: int) -> None:
    assert IS(str(n)) == n and str(IS(n)) == str(n)
    assert IS(f" +{n} " if n >= 0 else f" {n} ") == n


@settings(deadline=None)
@given(st.integers().filter(lambda n: not -(2**31) <= n <= 2**31 - 1))
def test_is_out_of_range(n: int) -> None:
    with pytest.raises(InvalidValueError):
        IS(n)
