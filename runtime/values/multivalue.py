"""`MultiValue`: the value of an element with more than one value (VM > 1); and
`ConstrainedList`, the list that puts every item added through one check (pydicom's)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, SupportsIndex, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["ConstrainedList", "MultiValue"]

T = TypeVar("T")


class ConstrainedList(list[T], Generic[T]):
    """A list whose every item added (`append`, `insert`, `extend`, `+=`, item and slice
    assignment, the constructor) goes through `_validate`, which checks or converts it.
    pydicom's base of `MultiValue` and `Sequence`."""

    __slots__ = ()

    def __init__(self, iterable: Iterable[Any] | None = None) -> None:
        super().__init__([self._validate(item) for item in iterable or ()])

    def _validate(self, item: Any) -> T:
        """The item as the list holds it; subclasses check or convert (here: as it is)."""
        return item  # type: ignore[no-any-return]

    def append(self, item: Any) -> None:
        super().append(self._validate(item))

    def insert(self, index: SupportsIndex, item: Any) -> None:
        super().insert(index, self._validate(item))

    def extend(self, iterable: Iterable[Any]) -> None:
        validate = self._validate
        super().extend([validate(item) for item in iterable])

    def __iadd__(self, iterable: Iterable[Any]) -> Self:  # type: ignore[override,misc]
        self.extend(iterable)
        return self

    @overload
    def __setitem__(self, index: SupportsIndex, item: Any) -> None: ...
    @overload
    def __setitem__(self, index: slice, item: Iterable[Any]) -> None: ...
    def __setitem__(self, index: SupportsIndex | slice, item: Any) -> None:
        validate = self._validate
        if isinstance(index, slice):
            super().__setitem__(index, [validate(v) for v in item])
        else:
            super().__setitem__(index, validate(item))


class MultiValue(ConstrainedList[T]):
    """A list that keeps its element type: every item added goes through `type_constructor`.

    `MultiValue(DSfloat, ["1", "2.5"])` holds two `DSfloat`; appending `"3"`
    appends `DSfloat("3")`. It equals a plain list with equal items, and prints
    like one (`['1', '2.5']` for DS values, whose `repr` is their text).
    """

    __slots__ = ("type_constructor",)

    type_constructor: Callable[[Any], T]

    def __init__(self, type_constructor: Callable[[Any], T], iterable: Iterable[Any] = ()) -> None:
        self.type_constructor = type_constructor
        list.__init__(self, [type_constructor(item) for item in iterable])

    @classmethod
    def _trusted(cls, type_constructor: Callable[[Any], T], items: list[T]) -> MultiValue[T]:
        """The decoder's path: `items` are already converted and are taken as they are."""
        self: MultiValue[T] = list.__new__(cls)
        self.type_constructor = type_constructor
        list.extend(self, items)
        return self

    def _validate(self, item: Any) -> T:
        return self.type_constructor(item)

    def copy(self) -> MultiValue[T]:
        """A shallow copy that keeps the element type (`list.copy` would give a plain list)."""
        return MultiValue._trusted(self.type_constructor, list(self))

    def __copy__(self) -> MultiValue[T]:
        return self.copy()

    def __reduce__(self) -> tuple[Any, ...]:
        # list's default pickling appends the items before the slot is restored.
        return (MultiValue._trusted, (self.type_constructor, list(self)))
