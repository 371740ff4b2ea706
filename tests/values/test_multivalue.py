"""MultiValue keeps its element type through every mutation."""

from __future__ import annotations

import copy
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from dicodec.values import IS, DSfloat, MultiValue, PersonName

IS_RANGE = st.integers(min_value=-(2**31), max_value=2**31 - 1)


def test_converts_on_construction_and_prints_like_the_listing() -> None:
    values = MultiValue(DSfloat, ["239.531250000000", "239.531250000000", "-741.87000000000"])
    assert all(type(v) is DSfloat for v in values)
    assert str(values) == "['239.531250000000', '239.531250000000', '-741.87000000000']"
    assert repr(values) == str(values)
    assert values == [239.53125, 239.53125, -741.87]
    assert isinstance(values, list)


def test_every_mutation_converts() -> None:
    values: MultiValue[DSfloat] = MultiValue(DSfloat, ["1", "2.5"])
    values.append("3")
    values.insert(0, 0.5)
    values.extend(["4", 5])
    values += ["6.0"]
    values[1] = "1.50"
    values[2:4] = ["7", "8"]
    assert values == [0.5, 1.5, 7, 8, 4, 5, 6]
    assert all(type(v) is DSfloat for v in values)
    assert str(values[1]) == "1.50"
    assert type(values) is MultiValue


def test_trusted_takes_items_as_they_are() -> None:
    items = [DSfloat("1.0"), DSfloat("2")]
    values = MultiValue._trusted(DSfloat, items)
    assert values == items and values[0] is items[0] and values.type_constructor is DSfloat
    values.append("3")
    assert type(values[2]) is DSfloat


def test_copies_keep_the_type() -> None:
    values = MultiValue(PersonName, ["A^B", "C^D"])
    for clone in (
        values.copy(),
        copy.copy(values),
        copy.deepcopy(values),
        pickle.loads(pickle.dumps(values)),
    ):
        assert (
            type(clone) is MultiValue and clone == values and clone.type_constructor is PersonName
        )
        clone.append("E")
        assert type(clone[-1]) is PersonName and len(values) == 2


@settings(deadline=None)
@given(
    st.lists(IS_RANGE),
    st.lists(
        st.one_of(
            st.tuples(st.just("append"), IS_RANGE),
            st.tuples(st.just("insert"), st.integers(-5, 5), IS_RANGE),
            st.tuples(st.just("extend"), st.lists(IS_RANGE, max_size=3)),
            st.tuples(st.just("iadd"), st.lists(IS_RANGE, max_size=3)),
            st.tuples(st.just("set"), st.integers(0, 10), IS_RANGE),
            st.tuples(
                st.just("slice"),
                st.integers(0, 5),
                st.integers(0, 5),
                st.lists(IS_RANGE, max_size=3),
            ),
        ),
        max_size=10,
    ),
)
def test_types_survive_random_mutations(initial: list[int], operations: list[tuple]) -> None:  # type: ignore[type-arg]
    values = MultiValue(IS, [str(n) for n in initial])
    model = list(initial)
    for op, *args in operations:
        if op == "append":
            values.append(str(args[0]))
            model.append(args[0])
        elif op == "insert":
            values.insert(args[0], str(args[1]))
            model.insert(args[0], args[1])
        elif op == "extend":
            values.extend(str(n) for n in args[0])
            model.extend(args[0])
        elif op == "iadd":
            values += [str(n) for n in args[0]]
            model += args[0]
        elif op == "set" and args[0] < len(model):
            values[args[0]] = str(args[1])
            model[args[0]] = args[1]
        elif op == "slice":
            values[args[0] : args[1]] = [str(n) for n in args[2]]
            model[args[0] : args[1]] = args[2]
    assert values == model
    assert all(type(v) is IS for v in values)
    assert type(values) is MultiValue
