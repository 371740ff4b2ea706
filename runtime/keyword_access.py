"""The descriptors behind `ds.PatientName`: typed, fast keyword access.

The generated `KeywordAccessors` class holds one descriptor per keyword of the
dictionary. A descriptor knows its tag, so a get is one dict lookup and no
keyword -> tag search (pydicom's `__getattr__` does that search on every
access); its type parameters give mypy and pyright the getter and setter
types of the element's VR and VM.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from dicodec.datadict import added_keyword_tag, unknown_keyword, warn_renamed
from dicodec.errors import tag_text

if TYPE_CHECKING:
    from typing_extensions import Self, deprecated

    from dicodec.dataset import Dataset
else:

    def deprecated(message: str) -> Any:
        return lambda f: f


GetT = TypeVar("GetT")
SetT = TypeVar("SetT")


class AbsentElementError(AttributeError):
    """`ds.<Keyword>` of an element the dataset does not have: `args` are (keyword, tag).

    The commonest test in user code is `getattr(ds, "Rows", None)`: this error is
    raised and caught at once, so its message is made only when someone reads it.
    """

    __slots__ = ()

    def __str__(self) -> str:
        keyword, tag = self.args
        return f"the dataset has no {keyword} {tag_text(tag)}"


class Keyword(Generic[GetT, SetT]):
    """`ds.<Keyword>`: get, set or delete the element with tag `tag`."""

    __slots__ = ("keyword", "tag")

    def __init__(self, tag: int) -> None:
        self.tag = tag
        self.keyword = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.keyword = name

    @overload
    def __get__(self, dataset: None, owner: type) -> Self: ...
    @overload
    def __get__(self, dataset: Dataset, owner: type) -> GetT: ...
    def __get__(self, dataset: Dataset | None, owner: type) -> Any:
        if dataset is None:
            return self
        element = dataset._elements.get(self.tag)
        if element is None:  # (no KeyError made only to be caught)
            raise AbsentElementError(self.keyword, self.tag)
        if element.__class__ is tuple:
            element = dataset._promote(self.tag, element)
        return element.value

    def __set__(self, dataset: Dataset, value: SetT) -> None:
        dataset._set_keyword_value(self.tag, value)

    def __delete__(self, dataset: Dataset) -> None:
        try:
            del dataset._elements[self.tag]
        except KeyError:
            raise AbsentElementError(self.keyword, self.tag) from None

    def __repr__(self) -> str:
        return f"<keyword {self.keyword} {tag_text(self.tag)}>"


class RetiredKeyword(Keyword[GetT, SetT]):
    """A keyword of a retired element: type checkers flag its use as deprecated."""

    __slots__ = ()

    @overload
    def __get__(self, dataset: None, owner: type) -> Self: ...
    @overload
    @deprecated("this data element is retired from the DICOM standard")
    def __get__(self, dataset: Dataset, owner: type) -> GetT: ...
    def __get__(self, dataset: Dataset | None, owner: type) -> Any:
        return super().__get__(dataset, owner)

    @deprecated("this data element is retired from the DICOM standard")
    def __set__(self, dataset: Dataset, value: SetT) -> None:
        dataset._set_keyword_value(self.tag, value)


class KeywordAlias(Keyword[GetT, SetT]):
    """An old keyword the standard renamed: it works as the new one does, with a
    DeprecationWarning naming the new one. The generated code gives each alias a
    subclass (for type checkers only) whose deprecation message names the new keyword.
    """

    __slots__ = ("message",)

    def __init__(self, tag: int, message: str) -> None:
        super().__init__(tag)
        self.message = message

    def __get__(self, dataset: Dataset | None, owner: type) -> Any:
        if dataset is None:
            return self
        warn_renamed(self.message)
        return super().__get__(dataset, owner)

    def __set__(self, dataset: Dataset, value: SetT) -> None:
        warn_renamed(self.message)
        dataset._set_keyword_value(self.tag, value)

    def __delete__(self, dataset: Dataset) -> None:
        warn_renamed(self.message)
        super().__delete__(dataset)


class AddedKeyword:
    """`ds.<keyword>` of a keyword a program added (`datadict.add_dict_entry`): its tag is the
    one the current context gives it, so a context that did not add it does not see it."""

    __slots__ = ("keyword",)

    def __init__(self, keyword: str) -> None:
        self.keyword = keyword

    def _tag(self, dataset: Dataset) -> int:
        tag = added_keyword_tag(self.keyword)
        if tag is None:
            raise AttributeError(
                f"{type(dataset).__name__!r} object has no attribute {self.keyword!r}"
            )
        return tag

    def __get__(self, dataset: Dataset | None, owner: type) -> Any:
        if dataset is None:
            return self
        tag = self._tag(dataset)
        element = dataset._elements.get(tag)
        if element is None:
            raise AbsentElementError(self.keyword, tag)
        if element.__class__ is tuple:
            element = dataset._promote(tag, element)
        return element.value

    def __set__(self, dataset: Dataset, value: Any) -> None:
        tag = added_keyword_tag(self.keyword)
        if tag is None:
            raise unknown_keyword(self.keyword)
        dataset._set_keyword_value(tag, value)

    def __delete__(self, dataset: Dataset) -> None:
        tag = self._tag(dataset)
        try:
            del dataset._elements[tag]
        except KeyError:
            raise AbsentElementError(self.keyword, tag) from None
