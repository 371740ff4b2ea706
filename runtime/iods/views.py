"""The machinery of the typed IOD views: thin wrappers over a `Dataset`.

The generated classes (`dicodec.generated.iods`) hold one `Attribute` descriptor per
attribute of a module, of an IOD or of a sequence item, typed from the module tables of
PS3.3: a Type 1 attribute of a module the IOD requires reads as its plain type, and raises
`MissingAttributeError` when it is absent or empty; every other one reads as `X | None`.
Reading and writing go to the wrapped dataset, exactly as its keyword accessors do.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from collections.abc import Sequence as AbcSequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, NamedTuple, TypeVar, overload

from dicodec.errors import MissingAttributeError
from dicodec.tag import tag_text

if TYPE_CHECKING:
    from typing_extensions import Self, deprecated

    from dicodec.dataset import Dataset
    from dicodec.sequence import Sequence
else:

    def deprecated(message: str) -> Any:
        return lambda f: f


# the generated view classes live under this package ("modules.shared:CodeItem" references)
ITEMS_PACKAGE = "dicodec.generated.iods"

GetT = TypeVar("GetT", covariant=True)
SetT = TypeVar("SetT", contravariant=True)
ItemT = TypeVar("ItemT", bound="ItemView", covariant=True)
ViewT = TypeVar("ViewT", bound="View")


class View:
    """A typed view of a dataset: every attribute reads and writes the dataset itself."""

    __slots__ = ("_dataset", "_where")
    _dataset: Dataset
    _where: str  # what the view is, for messages: "CT Image", "CT Image > BeamSequence[2]"

    def __init__(self, dataset: Dataset) -> None:
        self._dataset = dataset
        self._where = type(self).__name__

    @property
    def dataset(self) -> Dataset:
        """The dataset this view reads and writes."""
        return self._dataset

    @classmethod
    def _wrap(cls, dataset: Dataset, where: str) -> Self:
        view = cls.__new__(cls)
        view._dataset = dataset
        view._where = where
        return view

    def __repr__(self) -> str:
        return f"<{type(self).__name__} view of a dataset of {len(self._dataset)} elements>"


class ItemView(View):
    """An item of a sequence, typed by the module table that defines the sequence."""

    __slots__ = ()


class ModuleView(View):
    """The attributes of one module of PS3.3; IOD views inherit one such class per module."""

    __slots__ = ()
    module_id: ClassVar[str] = ""
    module_name: ClassVar[str] = ""


class ModuleUsage(NamedTuple):
    """A module of an IOD: its attributes (as a view class), usage, Information Entity, condition."""

    module: type[ModuleView]
    usage: str  # M, C or U
    ie: str
    condition: str | None  # the standard's conditional statement
    rule: tuple[Any, ...] | None  # the statement as a rule (see dicodec.iods.conditions)


class IODView(View):
    """A dataset seen as an IOD of PS3.3: one typed attribute per attribute of its modules."""

    __slots__ = ()
    iod_id: ClassVar[str] = ""
    iod_name: ClassVar[str] = ""
    sop_classes: ClassVar[tuple[str, ...]] = ()
    modules: ClassVar[tuple[ModuleUsage, ...]] = ()
    # modules of the IOD that the source gives no attribute table for
    modules_without_table: ClassVar[tuple[str, ...]] = ()

    def __init__(self, dataset: Dataset) -> None:
        super().__init__(dataset)
        self._where = self.iod_name or type(self).__name__


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list) and not value)


class Attribute(Generic[GetT, SetT]):
    """An attribute of a module or a sequence item: its tag, its type, and for SQ its item class.

    `required` is true for a Type 1 attribute of a module the IOD requires (or of an item):
    reading it then never gives None, and raises `MissingAttributeError` instead.
    """

    __slots__ = ("_item_class", "item", "keyword", "module", "required", "requirement", "tag")

    def __init__(
        self,
        tag: int,
        requirement: str | None,
        required: bool = False,
        item: str | None = None,
        module: str | None = None,
    ) -> None:
        self.tag = tag
        self.requirement = requirement  # the type in the module table: "1", "1C", "2", "2C", "3"
        self.required = required
        self.item = item  # "file:Class" of the item view, for SQ attributes
        self.module = module
        self.keyword = ""
        self._item_class: type[ItemView] | None = None

    def __set_name__(self, owner: type, name: str) -> None:
        self.keyword = name
        if self.module is None:
            self.module = getattr(owner, "module_name", "") or None

    @property
    def item_class(self) -> type[ItemView] | None:
        """The view class of this sequence's items (imported on first use), or None."""
        if self._item_class is None and self.item is not None:
            file, _, name = self.item.partition(":")
            found = getattr(importlib.import_module(f"{ITEMS_PACKAGE}.{file}"), name)
            self._item_class = found
        return self._item_class

    @overload
    def __get__(self, view: None, owner: type) -> Self: ...
    @overload
    def __get__(self, view: View, owner: type) -> GetT: ...
    def __get__(self, view: View | None, owner: type) -> Any:
        if view is None:
            return self
        dataset = view._dataset
        element = dataset._elements.get(self.tag)
        if element is None:
            if self.required:
                self._missing(view, "absent")
            return None
        if element.__class__ is tuple:
            element = dataset._promote(self.tag, element)
        value = element.value
        if self.required and _is_empty(value):
            self._missing(view, "empty")
        if self.item is not None and isinstance(value, list):
            where = f"{view._where} > {self.keyword}"
            return Items(value, self.item_class or ItemView, where)
        return value

    def _missing(self, view: View, state: str) -> None:
        if isinstance(view, ItemView):
            why = f"Type {self.requirement} in these items"
        else:
            module = f" of the {self.module} module" if self.module else ""
            why = f"Type {self.requirement}{module}, which the IOD requires"
        raise MissingAttributeError(
            f"{view._where}: {self.keyword} is {state}, but it is {why}", tag=self.tag
        )

    def __set__(self, view: View, value: SetT) -> None:
        given: Any = value
        if self.item is not None and given is not None:
            given = [v._dataset if isinstance(v, View) else v for v in given]
        view._dataset._set_keyword_value(self.tag, given)

    def __delete__(self, view: View) -> None:
        try:
            del view._dataset._elements[self.tag]
        except KeyError:
            raise AttributeError(f"the dataset has no {self.keyword}") from None

    def __repr__(self) -> str:
        return f"<attribute {self.keyword} {tag_text(self.tag)} Type {self.requirement}>"


class RetiredAttribute(Attribute[GetT, SetT]):
    """An attribute whose data element is retired: type checkers flag its use as deprecated."""

    __slots__ = ()

    @overload
    def __get__(self, view: None, owner: type) -> Self: ...
    @overload
    @deprecated("this data element is retired from the DICOM standard")
    def __get__(self, view: View, owner: type) -> GetT: ...
    def __get__(self, view: View | None, owner: type) -> Any:
        return super().__get__(view, owner)

    @deprecated("this data element is retired from the DICOM standard")
    def __set__(self, view: View, value: SetT) -> None:
        super().__set__(view, value)


class Items(AbcSequence[ItemT]):
    """The items of a sequence, each seen through its typed item view (read-only list).

    `items.sequence` is the dataset's own `Sequence`, to append or remove items.
    """

    __slots__ = ("_cls", "_sequence", "_where")

    def __init__(self, sequence: Sequence | list[Dataset], cls: type[ItemT], where: str) -> None:
        self._sequence = sequence
        self._cls = cls
        self._where = where

    @property
    def sequence(self) -> Sequence | list[Dataset]:
        return self._sequence

    def __len__(self) -> int:
        return len(self._sequence)

    @overload
    def __getitem__(self, index: int) -> ItemT: ...
    @overload
    def __getitem__(self, index: slice) -> list[ItemT]: ...
    def __getitem__(self, index: int | slice) -> ItemT | list[ItemT]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._sequence)))]
        if index < 0:
            index += len(self._sequence)
        item = self._sequence[index]
        return self._cls._wrap(item, f"{self._where}[{index}]")

    def __iter__(self) -> Iterator[ItemT]:
        for index in range(len(self._sequence)):
            yield self[index]

    def __repr__(self) -> str:
        return f"<{len(self)} {self._cls.__name__}>"


def module_attributes(cls: type[View]) -> Iterable[Attribute[Any, Any]]:
    """The attributes a view class declares itself (a module's, an item's), in table order."""
    for value in vars(cls).values():
        if isinstance(value, Attribute):
            yield value
