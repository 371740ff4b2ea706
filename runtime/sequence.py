"""`Sequence`: the value of an SQ element, a `list` of `Dataset` items."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, SupportsIndex, overload

from dicodec.generated.keywords import KeywordAccessors

if TYPE_CHECKING:
    from dicodec.dataset import Dataset


class Sequence(list["Dataset"]):
    """A list of items; every item is a `Dataset` (PS3.5 7.5).

    Items remember the sequence's parent dataset, so that they inherit its
    Specific Character Set and context (Pixel Representation, for instance).
    """

    __slots__ = ("is_undefined_length", "parent")

    def __init__(self, items: Iterable[Dataset] = ()) -> None:
        super().__init__()
        self.is_undefined_length = False
        self.parent: Dataset | None = None
        for item in items:
            self.append(item)

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

    def _adopt(self, item: Dataset) -> Dataset:
        item = self._check(item)
        if self.parent is not None:
            item.parent = self.parent
        return item

    def set_parent(self, parent: Dataset) -> None:
        self.parent = parent
        for item in self:
            item.parent = parent

    def append(self, item: Dataset) -> None:
        list.append(self, self._adopt(item))

    def insert(self, index: SupportsIndex, item: Dataset) -> None:
        list.insert(self, index, self._adopt(item))

    def extend(self, items: Iterable[Dataset]) -> None:
        for item in items:
            self.append(item)

    def __iadd__(self, items: Iterable[Dataset]) -> Sequence:  # type: ignore[override,misc]
        self.extend(items)
        return self

    @overload
    def __setitem__(self, index: SupportsIndex, item: Dataset) -> None: ...
    @overload
    def __setitem__(self, index: slice, item: Iterable[Dataset]) -> None: ...
    def __setitem__(self, index: Any, item: Any) -> None:
        if isinstance(index, slice):
            list.__setitem__(self, index, [self._adopt(i) for i in item])
        else:
            list.__setitem__(self, index, self._adopt(item))

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

    __hash__ = None
