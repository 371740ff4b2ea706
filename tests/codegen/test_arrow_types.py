"""The Arrow types of the index columns come from spec/vrs.yaml; alternatives are decided
by the generator."""

from __future__ import annotations

import pyarrow as pa
import pytest

from codegen.arrow_types import KNOWN, combined
from dicodec.generated.arrow_types import ARROW_TYPES
from dicodec.generated.dictionary import DICTIONARY, REPEATERS


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["uint16", "uint16"], "uint16"),
        (["uint16", "int16"], "int32"),
        (["uint32", "int16"], "int64"),
        (["int8", "int16"], "int16"),
        (["uint64", "int64"], None),  # no Arrow integer holds both
        (["uint16", "binary"], None),
        (["uint16", "int16", "binary"], None),
        (["binary", "binary"], "binary"),
        ([None, None], None),
        (["string", None], None),
    ],
)
def test_alternatives_take_the_type_that_holds_them_all(
    types: list[str | None], expected: str | None
) -> None:
    assert combined(types) == expected


def test_every_vr_of_the_dictionary_has_a_type_or_says_it_makes_no_column() -> None:
    used = {entry[0] for entry in DICTIONARY.values()} | {row[2] for row in REPEATERS}
    assert used - {"NONE"} <= set(ARROW_TYPES)
    assert {t for t in ARROW_TYPES.values() if t is not None} <= KNOWN


def test_the_types_are_arrow_types() -> None:
    for alias in KNOWN:
        pa.type_for_alias(alias)  # raises ValueError for a name pyarrow does not know
    assert pa.type_for_alias("time64[us]") == pa.time64("us")
    assert pa.type_for_alias("timestamp[us]") == pa.timestamp("us")
    assert pa.type_for_alias("date32") == pa.date32()
