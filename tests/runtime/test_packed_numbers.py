"""DS and IS multi-values assigned as plain numbers are kept packed as text until read.

Packing is a speed measure only (see `PackedNumbers`): what users see (values,
their text, validation errors and warnings, written bytes) must be what the
`MultiValue` path gives. The reference here is that path, taken by assigning
the same numbers in a list subclass, which is never packed.
"""

from __future__ import annotations

import copy
import pickle
import warnings
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dicodec import Dataset, InvalidValueError
from dicodec.transfer_syntax import of_encoding
from dicodec.values import IS, DSfloat, MultiValue
from dicodec.values.numbers import PackedNumbers
from dicodec.writer import encode_dataset


class _Unpacked(list[Any]):
    """A list that takes the MultiValue path: only exact lists and tuples are packed."""


class _UnpackedTuple(tuple[Any, ...]):
    """A tuple that takes the MultiValue path."""


def _outcome(keyword: str, value: Any, validation: Any) -> tuple[Any, ...]:
    """Everything a user can see of assigning `value` to `keyword`."""
    ds = Dataset(validation=validation)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            setattr(ds, keyword, value)
        except InvalidValueError as exc:
            return ("raised", str(exc), [str(w.message) for w in caught])
    written = encode_dataset(ds, of_encoding(False, True))
    read = getattr(ds, keyword)
    items = list(read) if isinstance(read, (list, tuple)) else [read]
    return (
        type(read) is MultiValue,
        getattr(read, "type_constructor", None),
        repr(read),
        str(read),
        [(type(v), str(v), getattr(v, "original_string", None)) for v in items],
        [str(w.message) for w in caught],
        written,
        encode_dataset(ds, of_encoding(False, True)),  # and again, once read
    )


_FLOATS = st.floats(allow_nan=True, allow_infinity=True)
_DS_ITEMS = st.one_of(
    _FLOATS,
    st.floats(min_value=-1e4, max_value=1e4).map(lambda f: round(f, 2)),
    st.integers(min_value=-(10**17), max_value=10**17),
    st.booleans(),
)
_IS_ITEMS = st.one_of(
    st.integers(min_value=-(2**32), max_value=2**32), st.floats(-10, 10), st.booleans()
)


@pytest.mark.parametrize("validation", ["raise", "warn", "ignore"])
@settings(max_examples=150, deadline=None)
@given(values=st.lists(_DS_ITEMS, max_size=5), as_tuple=st.booleans())
def test_ds_numbers_behave_as_the_multivalue_path(
    validation: str, values: list[Any], as_tuple: bool
) -> None:
    packed, unpacked = (
        (tuple(values), _UnpackedTuple(values)) if as_tuple else (values, _Unpacked(values))
    )
    assert _outcome("ContourData", packed, validation) == _outcome(
        "ContourData", unpacked, validation
    )


@pytest.mark.parametrize("validation", ["raise", "warn", "ignore"])
@settings(max_examples=150, deadline=None)
@given(values=st.lists(_IS_ITEMS, max_size=5))
def test_is_numbers_behave_as_the_multivalue_path(validation: str, values: list[Any]) -> None:
    assert _outcome("ROIDisplayColor", values, validation) == _outcome(
        "ROIDisplayColor", _Unpacked(values), validation
    )


def test_plain_numbers_are_packed_until_read() -> None:
    ds = Dataset()
    ds.ContourData = [1.5, -0.25, 3, 1e-7]
    ds.ROIDisplayColor = (255, 0, 0)
    assert ds["ContourData"]._value.__class__ is PackedNumbers
    assert ds["ROIDisplayColor"]._value.__class__ is PackedNumbers
    assert encode_dataset(ds, of_encoding(False, True)) == (
        b"\x06\x30\x2a\x00IS\x08\x00255\\0\\0 \x06\x30\x50\x00DS\x12\x001.5\\-0.25\\3\\1e-07 "
    )
    assert ds["ContourData"]._value.__class__ is PackedNumbers  # writing does not unpack
    assert ds.ContourData == [1.5, -0.25, 3.0, 1e-7]
    assert [type(v) for v in ds.ContourData] == [DSfloat] * 4
    assert str(ds.ContourData) == "['1.5', '-0.25', '3', '1e-07']"
    assert [type(v) for v in ds.ROIDisplayColor] == [IS] * 3


@pytest.mark.parametrize(
    "value",
    [[1.0, float("nan")], [float("inf")], [1 / 3], [10**17], [2.0, "x"]],
    ids=["nan", "inf", "long repr", "long int", "text"],
)
def test_values_that_are_not_packed_fail_or_convert_as_before(value: list[Any]) -> None:
    ds = Dataset(validation="raise")
    try:
        ds.ContourData = value
    except InvalidValueError:
        return  # the MultiValue path's error (compared in the property tests)
    assert ds["ContourData"]._value.__class__ is MultiValue


def test_a_value_changed_in_place_after_reading_is_written_changed() -> None:
    ds = Dataset()
    ds.ContourData = [1.5, 2.5]
    ds.ContourData.append(3.5)
    assert encode_dataset(ds, of_encoding(False, True)).endswith(b"1.5\\2.5\\3.5 ")


def test_copies_and_pickles_of_packed_values() -> None:
    ds = Dataset()
    ds.ContourData = [1.5, 2.5]
    for other in (copy.copy(ds), copy.deepcopy(ds), pickle.loads(pickle.dumps(ds))):
        assert other == ds
        assert other.ContourData == [1.5, 2.5]
        assert str(other.ContourData) == "['1.5', '2.5']"


def test_an_element_whose_vr_is_changed_is_written_from_its_values() -> None:
    ds = Dataset()
    ds.ContourData = [1.5, 2.5]
    ds["ContourData"].VR = "LO"
    assert encode_dataset(ds, of_encoding(False, True)).endswith(b"LO\x08\x001.5\\2.5 ")
