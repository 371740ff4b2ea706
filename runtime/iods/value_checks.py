"""Why a value breaks the rules of its VR or its VM, for validation.

The generated validators of each VR (`VALIDATORS`: characters and lengths, from
spec/vrs.yaml) come first; the formats that PS3.5 Table 6.2-1 gives in prose (a date is
YYYYMMDD, an age 3 digits and a unit) are checked here by the value types' own parsers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from dicodec.datadict import vm_of
from dicodec.errors import DicomError
from dicodec.generated.vr_codecs import VALIDATORS
from dicodec.values import MultiValue
from dicodec.values.dates import to_date, to_datetime, to_time

# PS3.5 Table 6.2-1, AS: "nnnD", "nnnW", "nnnM" or "nnnY"
_AGE = re.compile(r"[0-9]{3}[DWMY]")

Check = Callable[[str], object]  # raises (InvalidValueError, ValueError) on a bad value
_FORMATS: dict[str, Check] = {}


def _format(vr: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        _FORMATS[vr] = check
        return check

    return register


@_format("AS")
def _age(text: str) -> None:
    if _AGE.fullmatch(text) is None:
        raise ValueError(f"{text!r} is not an age string (nnnD, nnnW, nnnM or nnnY)")


_format("DA")(to_date)
_format("TM")(to_time)
_format("DT")(to_datetime)


def value_problem(vr: str, value: Any) -> str | None:
    """Why `value` is invalid for `vr`, or None."""
    validator = VALIDATORS.get(vr)
    if validator is not None:
        problem = validator(value)
        if problem:
            return problem
    check = _FORMATS.get(vr)
    if check is None:
        return None
    for item in value if isinstance(value, MultiValue) else [value]:
        text = str(item).strip(" ")
        if not text:
            continue  # an empty value of a multi-valued element
        try:
            check(text)
        except (DicomError, ValueError) as exc:
            return str(exc)
    return None


@cache
def vm_bounds(vm: str) -> tuple[int, int | None, int]:
    """(least, greatest or None, step) of a dictionary VM: "1-n" (1, None, 1), "2-2n" (2, None, 2)."""
    first = vm.split(" or ")[0].strip()
    match = re.fullmatch(r"(\d+)(?:-(\d*)(n?))?", first)
    if match is None:
        return (0, None, 1)  # a VM this module cannot read is not held against the value
    low = int(match.group(1))
    if match.group(2) is None and not match.group(3):
        return (low, low, 1)
    if match.group(3):
        return (low, None, int(match.group(2) or 1))
    return (low, int(match.group(2)), 1)


def vm_problem(tag: int, count: int) -> str | None:
    """Why `count` values break the VM that the dictionary gives `tag`, or None."""
    vm = vm_of(tag)
    if not vm or count == 0:
        return None
    low, high, step = vm_bounds(vm)
    if count < low or (high is not None and count > high) or (high is None and count % step):
        return f"{count} value{'s' if count != 1 else ''}, but its VM is {vm}"
    return None
