"""`Sequence`: the value of an SQ element, a `list` of `Dataset` items."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from dicodec.generated.keywords import KeywordAccessors
from dicodec.values.multivalue import ConstrainedList

if TYPE_CHECKING:
    from dicodec.dataset import Dataset


class Sequence(ConstrainedList["Dataset"]):
    """A list of items; every item is a `Dataset` (PS3.5 7.5).

    Items remember the sequence's parent dataset, so that they inherit its
    Specific Character Set and context (Pixel Representation, for instance).
    """

    __slots__ = ("is_undefined_length", "parent")

    def __init__(self, items: Iterable[Dataset] | None = None) -> None:
        self.is_undefined_length = False
        self.parent: Dataset | None = None
        super().__init__(items)

    @staticmethod
    def _check(item: Any) -> Dataset:
        # Every Dataset is a KeywordAccessors (its generated half), and nothing else is:
        # the check needs no import of `dicodec.dataset`, which is built on this module.
        if not isinstance(item, KeywordAccessors):
            raise TypeError(f"sequence items are Datasets, not {type(item).__name__}")
        return item  # type: ignore[return-value]

    def _append_read(self, item: Dataset) -> None:
        """Append an item the parser made (already a Dataset)."""
        list.append(self, item)

    def _validate(self, item: Any) -> Dataset:
        """Every item added: a Dataset, which takes the sequence's parent as its own."""
        checked = self._check(item)
        if self.parent is not None:
            checked.parent = self.parent
        return checked

    def set_parent(self, parent: Dataset) -> None:
        self.parent = parent
        for item in self:
            item.parent = parent

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickling: the items through __init__, then the slots (a list's default
        # reduction appends the items before the slots exist).
        state = {"is_undefined_length": self.is_undefined_length, "parent": self.parent}
        return (self.__class__, (list(self),), (None, state))

    def __repr__(self) -> str:
        return f"<Sequence, length {len(self)}>"

    def __str__(self) -> str:
        return "[" + "".join(str(item) for item in self) + "]"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, list) and list.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]
