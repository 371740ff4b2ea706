"""Elements named by a path through sequences: `PatientName`, `(0010,0010)`,
`BeamSequence[0].BeamName`, `BeamSequence[*].ControlPointSequence[0].GantryAngle`.

Each step is a keyword or a tag (`(300A,00B0)`, `300A,00B0`, `300A00B0`); a step that
is a sequence and not the last takes an item index: `[N]` (from 0, as Python and
pydicom count; negative from the end), or `[*]` (or none) for every item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dicodec.tag import Tag

if TYPE_CHECKING:
    from dicodec.dataset import Dataset
    from dicodec.element import DataElement

_STEP = re.compile(r"(?P<name>[^\[\]]+?)\s*(?:\[\s*(?P<index>-?[0-9]+|\*)\s*\])?")


class PathError(ValueError):
    """Text that is not an element path."""


@dataclass(frozen=True)
class Step:
    tag: int
    index: int | None  # None: every item
    text: str  # the step as written, without its index


def parse_path(text: str) -> tuple[Step, ...]:
    """The steps of `text`; PathError when a step is no keyword or tag."""
    steps = []
    for part in _split(text):
        match = _STEP.fullmatch(part.strip())
        if match is None:
            raise PathError(f"{text!r}: {part!r} is not KEYWORD, TAG, KEYWORD[N] or KEYWORD[*]")
        name = match["name"].strip()
        try:
            tag = int(Tag(name))
        except (ValueError, LookupError) as exc:  # UnknownKeywordError, InvalidTagError
            raise PathError(f"{text!r}: {exc}") from None
        index = match["index"]
        steps.append(Step(tag, None if index in (None, "*") else int(index), name))
    if not steps:
        raise PathError("an empty element path")
    return tuple(steps)


def _split(text: str) -> list[str]:
    """Split on the dots between steps (a tag such as `(300A,00B0)` holds none)."""
    return [part for part in text.split(".") if part.strip()] if text.strip() else []


def find(ds: Dataset, steps: tuple[Step, ...]) -> Iterator[tuple[str, DataElement]]:
    """(the path with item numbers, the element) of every element the path names in `ds`."""
    yield from _find(ds, steps, "")


def _find(ds: Dataset, steps: tuple[Step, ...], prefix: str) -> Iterator[tuple[str, DataElement]]:
    step, rest = steps[0], steps[1:]
    if step.tag not in ds:
        return
    element = ds[step.tag]
    if not rest:
        if step.index is None or element.VR != "SQ":
            yield prefix + step.text, element
            return
    if element.VR != "SQ":
        return
    items = list(element.value)
    if step.index is None:
        numbered = list(enumerate(items))
    elif -len(items) <= step.index < len(items):
        number = step.index % len(items)
        numbered = [(number, items[number])]
    else:
        return
    for number, item in numbered:
        where = f"{prefix}{step.text}[{number}]"
        if rest:
            yield from _find(item, rest, where + ".")
        else:
            yield from ((f"{where}.{e.keyword or Tag(e.tag)}", e) for e in item)


__all__ = ["PathError", "Step", "find", "parse_path"]
