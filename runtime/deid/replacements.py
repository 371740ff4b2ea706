"""The values that actions D and C write: dummies valid for the VR and VM, shifted dates,
text cleaned of identifying values (PS3.15 Table E.1-1a)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from dicodec.datadict import vm_of
from dicodec.generated.deidentification import DATE_SHIFTS, DUMMY_VALUES

# the shortest identifying value that cleaning looks for inside text: shorter ones
# ("MR", initials) would cut ordinary words to pieces
MIN_SCRUBBED_LENGTH = 3

_DATE = re.compile(r"([0-9]{4})(?:([0-9]{2})(?:([0-9]{2}))?)?")
_DATE_ACR_NEMA = re.compile(r"([0-9]{4})\.([0-9]{2})\.([0-9]{2})")
# YYYY[MM[DD]] and the rest of a DT value (time, fraction, UTC offset), kept as written
_DATETIME = re.compile(
    r"([0-9]{4}(?:[0-9]{2}(?:[0-9]{2})?)?)((?:[0-9]{2}){0,3}(?:\.[0-9]{1,6})?(?:[+-][0-9]{4})?)"
)


def dummy_value(vr: str, tag: int) -> object | None:
    """The value of action D for `vr`: as many copies of the VR's dummy as the element's
    minimum VM (PS3.6) asks for; None where the VR has no dummy (UI, SQ, ambiguous VRs)."""
    one = DUMMY_VALUES.get(vr)
    if one is None:
        return None
    low = _minimum_vm(tag)
    if low <= 1 or isinstance(one, bytes):
        return one
    return [one] * low


def _minimum_vm(tag: int) -> int:
    vm = vm_of(tag) or "1"
    first = vm.split("-")[0].split(" ")[0]
    if first.endswith("n"):  # "2n-2n"
        first = first[:-1] or "1"
    return int(first) if first.isdigit() else 1


def shift_kind(vr: str) -> str | None:
    """How the Modified Dates option treats a VR: "date", "datetime", "time", or None."""
    return DATE_SHIFTS.get(vr)


def shift_date(text: str, offset: datetime.timedelta) -> str | None:
    """A DA value (or a range "A-B") moved by `offset`, at its own precision; None if unreadable."""
    if "-" in text:
        parts = [shift_date(p, offset) if p else "" for p in text.split("-")]
        return None if None in parts or len(parts) != 2 else "-".join(p or "" for p in parts)
    match = _DATE.fullmatch(text) or _DATE_ACR_NEMA.fullmatch(text)
    if match is None:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        moved = datetime.date(int(year), int(month or 1), int(day or 1)) + offset
    except (ValueError, OverflowError):
        return None
    return moved.strftime("%Y%m%d")[: len(year) + len(month or "") + len(day or "")]


def shift_datetime(text: str, offset: datetime.timedelta) -> str | None:
    """A DT value with its date part moved by `offset` (the time of day and UTC offset kept)."""
    if "-" in text[1:] and not re.search(r"[+-][0-9]{4}$", text):
        parts = [shift_datetime(p, offset) if p else "" for p in text.split("-")]
        return None if None in parts or len(parts) != 2 else "-".join(p or "" for p in parts)
    match = _DATETIME.fullmatch(text)
    if match is None:
        return None
    date = shift_date(match.group(1), offset)
    return None if date is None else date + match.group(2)


def shift_values(values: Iterable[str], kind: str, offset: datetime.timedelta) -> list[str] | None:
    """Every value moved (DA, DT) or kept (TM); None when one cannot be read."""
    out = []
    for value in values:
        if kind == "time" or not value:
            out.append(value)
            continue
        moved = (shift_date if kind == "date" else shift_datetime)(value, offset)
        if moved is None:
            return None
        out.append(moved)
    return out


class Scrubber:
    """Removes known identifying values (case-insensitive) from free text: the "clean" of
    PS3.15 for descriptions and comments, as far as it can be done without reading them."""

    __slots__ = ("_pattern",)

    def __init__(self, identifying: Iterable[str]) -> None:
        words = sorted(
            {w.strip() for w in identifying if len(w.strip()) >= MIN_SCRUBBED_LENGTH},
            key=lambda w: (-len(w), w),
        )
        self._pattern = (
            re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub("", text)
