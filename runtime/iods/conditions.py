"""Evaluate the conditions of conditional modules that could be read as rules.

A rule is a tuple the generator makes from `spec/iods.yaml` (its `rule` column):
    ("present", tag)                       the attribute is present
    ("in", tag, value_number, values)      a value (value_number 0: any; else that one,
                                           counted from 1) is one of `values`; an int
                                           value is a tag, for AT attributes
    ("ne", tag, value_number, value)       present, and no value is `value`
    ("gt", tag, value_number, number)      a value is a number greater than `number`
    ("module", module_id)                  that module of the IOD is present
    ("not", rule), ("and", rule, ...), ("or", rule, ...)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dicodec.errors import DicomError
from dicodec.values import MultiValue

if TYPE_CHECKING:
    from dicodec.dataset import Dataset


def _values(ds: Dataset, tag: int, number: int) -> list[Any]:
    if tag not in ds:
        return []
    try:
        value = ds[tag].value
    except DicomError:
        return []
    values = (
        list(value) if isinstance(value, MultiValue) else [] if value in (None, "") else [value]
    )
    if number:
        return values[number - 1 : number]
    return values


def _same(value: Any, wanted: str | int) -> bool:
    if isinstance(wanted, int):
        return isinstance(value, int) and int(value) == wanted
    return str(value).strip() == wanted


def evaluate(rule: tuple[Any, ...], ds: Dataset, modules_present: Mapping[str, bool]) -> bool:
    """Whether the rule holds for `ds`; `modules_present` says which modules of the IOD are there."""
    op = rule[0]
    if op == "present":
        return rule[1] in ds
    if op == "not":
        return not evaluate(rule[1], ds, modules_present)
    if op == "and":
        return all(evaluate(r, ds, modules_present) for r in rule[1:])
    if op == "or":
        return any(evaluate(r, ds, modules_present) for r in rule[1:])
    if op == "module":
        return modules_present.get(rule[1], False)
    values = _values(ds, rule[1], rule[2])
    if op == "in":
        return any(_same(v, w) for v in values for w in rule[3])
    if op == "ne":
        return bool(values) and not any(_same(v, rule[3]) for v in values)
    if op == "gt":
        return any(_number(v) > rule[3] for v in values)
    raise ValueError(f"unknown rule {rule!r}")


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("-inf")
