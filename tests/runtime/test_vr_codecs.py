"""Every VR round-trips through its generated codec (value -> bytes -> value), both byte orders.

Property-based over valid values at the VR's limits (spec/vrs.yaml); invalid
values are rejected, warned about or passed, as the caller chooses.
"""

from __future__ import annotations

import struct
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dicodec import DataElement, InvalidValueError
from dicodec.errors import InvalidValueWarning
from dicodec.generated.vr_codecs import COERCERS, DECODERS, ENCODERS, VALIDATORS
from tests.strategies import BINARY_NUMBERS

ENC = ("latin_1",)
ORDERS = (True, False)

# Strategies of valid single values per VR, at the VR's limits (PS3.5 Table 6.2-1).
_printable = st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="\\")
_text16 = st.text(_printable, max_size=16)
_digits = st.text(st.sampled_from("0123456789"), min_size=1, max_size=8)


def _limited(alphabet: str, size: int) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(alphabet), max_size=size).map(lambda s: s.strip(" "))


VALUES: dict[str, st.SearchStrategy[object]] = {
    "AE": _text16.map(lambda s: s.strip(" ")),
    "AS": st.builds(lambda n, u: f"{n:03d}{u}", st.integers(0, 999), st.sampled_from("DWMY")),
    "CS": _limited("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", 16),
    "DA": st.dates().map(lambda d: d.strftime("%Y%m%d")),
    "DT": st.datetimes().map(lambda d: d.strftime("%Y%m%d%H%M%S.%f")),
    "TM": st.times().map(lambda t: t.strftime("%H%M%S.%f")),
    "LO": st.text(_printable, max_size=64).map(lambda s: s.strip(" ")),
    "SH": _text16.map(lambda s: s.strip(" ")),
    "LT": st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=200).map(
        str.rstrip
    ),
    "ST": st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=200).map(
        str.rstrip
    ),
    "UT": st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=300).map(
        str.rstrip
    ),
    "UC": st.text(_printable, max_size=100),
    "UR": st.text(_printable, max_size=100),
    "PN": st.lists(
        st.text(st.characters(min_codepoint=0x41, max_codepoint=0x5A), max_size=10), max_size=5
    ).map(lambda parts: "^".join(parts).rstrip("^")),
    "UI": st.lists(st.integers(0, 10**9).map(str), min_size=2, max_size=6).map(".".join),
    "DS": st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300),
    "IS": st.integers(-(2**31), 2**31 - 1),
    **BINARY_NUMBERS,
    "OB": st.binary(max_size=64),
    "OW": st.binary(max_size=32).map(lambda b: b + b"\0" * (len(b) & 1)),
    "OF": st.binary(max_size=32).map(lambda b: b[: len(b) - len(b) % 4]),
    "OD": st.binary(max_size=32).map(lambda b: b[: len(b) - len(b) % 8]),
    "OL": st.binary(max_size=32).map(lambda b: b[: len(b) - len(b) % 4]),
    "OV": st.binary(max_size=32).map(lambda b: b[: len(b) - len(b) % 8]),
    "UN": st.binary(max_size=64),
}
MULTI = {
    "AE",
    "AS",
    "CS",
    "DA",
    "DT",
    "TM",
    "LO",
    "SH",
    "UC",
    "PN",
    "UI",
    "DS",
    "IS",
    "US",
    "SS",
    "UL",
    "SL",
    "UV",
    "SV",
    "FL",
    "FD",
    "AT",
}


def test_every_vr_has_a_strategy() -> None:
    assert set(VALUES) == set(COERCERS)


def _round_trip(vr: str, value: object, little: bool) -> object:
    coerced = COERCERS[vr](value)
    assert VALIDATORS[vr](coerced) is None, VALIDATORS[vr](coerced)
    data = ENCODERS[little][vr](coerced, ENC)
    assert len(data) % 2 == 0  # PS3.5 7.1.1
    return coerced, DECODERS[little][vr](data, ENC)


def _equal(vr: str, coerced: object, decoded: object) -> bool:
    if isinstance(coerced, bytes) and coerced:  # padded to even length with NUL (PS3.5 7.1.1)
        return decoded == coerced + b"\0" * (len(coerced) & 1)
    if coerced in ("", b"") or coerced is None:
        return decoded in ("", None)
    if vr in ("FL",) and isinstance(coerced, float):
        return struct.pack("<f", coerced) == struct.pack("<f", decoded)  # type: ignore[arg-type]
    if isinstance(coerced, list) and len(coerced) == 1:
        return _equal(vr, coerced[0], decoded)
    if vr in ("DS", "IS"):
        return str(coerced) == str(decoded)
    return coerced == decoded or str(coerced) == str(decoded)


@pytest.mark.parametrize("little", ORDERS, ids=["LE", "BE"])
@pytest.mark.parametrize("vr", sorted(VALUES))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_single_value_round_trip(vr: str, little: bool, data: st.DataObject) -> None:
    value = data.draw(VALUES[vr])
    coerced, decoded = _round_trip(vr, value, little)
    assert _equal(vr, coerced, decoded), (coerced, decoded)


@pytest.mark.parametrize("little", ORDERS, ids=["LE", "BE"])
@pytest.mark.parametrize("vr", sorted(MULTI))
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_multi_value_round_trip(vr: str, little: bool, data: st.DataObject) -> None:
    values = data.draw(st.lists(VALUES[vr], min_size=2, max_size=6))
    if vr not in ("US", "SS", "UL", "SL", "UV", "SV", "FL", "FD", "AT"):
        values = [v for v in values if v not in ("",)] or ["X"] * 2
        if len(values) < 2:
            values = values * 2
    coerced, decoded = _round_trip(vr, values, little)
    assert isinstance(decoded, list) and len(decoded) == len(coerced)  # type: ignore[arg-type]
    for a, b in zip(coerced, decoded, strict=True):  # type: ignore[call-overload]
        assert _equal(vr, a, b), (a, b)


@pytest.mark.parametrize(
    ("vr", "bad"),
    [
        ("CS", "lower case"),
        ("CS", "X" * 17),
        ("US", 70000),
        ("SS", -40000),
        ("UI", "1.2.abc"),
        ("DA", "2003-09-03x"),
        ("AS", "12 years"),
        ("SH", "x" * 17),
        ("OW", b"\x01\x02\x03"),
    ],
)
def test_invalid_values_raise_warn_or_pass(vr: str, bad: object) -> None:
    with pytest.raises(InvalidValueError, match=vr):
        DataElement(0x00091001, vr, bad, validation="raise")
    with pytest.warns(InvalidValueWarning):
        element = DataElement(0x00091001, vr, bad, validation="warn")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        element = DataElement(0x00091001, vr, bad, validation="ignore")
    assert element.value is not None
