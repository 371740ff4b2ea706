"""Typed views of datasets as the IODs of PS3.3: `from dicodec.iods import CTImage`.

    ct = CTImage(ds)              # or dicodec.iods.for_dataset(ds)
    ct.Rows * ct.Columns          # int: Type 1 of the mandatory Image Pixel module
    ct.SliceThickness             # DSfloat | None: Type 2
    ct.ReferencedImageSequence    # Items[...] | None: items typed all the way down

A view reads and writes its dataset; nothing is copied. A Type 1 attribute of a module
the IOD requires reads as its plain type and raises `MissingAttributeError` (naming the
IOD, the module and the type) when absent or empty. Each view class lives in its own
generated module, imported on first use: `import dicodec` imports none of this.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dicodec.datadict import tag_for_keyword
from dicodec.errors import UnknownIODError
from dicodec.generated import iods as _generated_iods
from dicodec.generated.iods import IOD_MODULES, IOD_NAMES, SOP_CLASS_IODS
from dicodec.iods.views import (
    Attribute,
    IODView,
    Items,
    ItemView,
    ModuleUsage,
    ModuleView,
    View,
    module_attributes,
)

if TYPE_CHECKING:
    from dicodec.dataset import Dataset
    from dicodec.generated.iods import *  # noqa: F403 (the IOD classes, for type checkers)

__all__ = [
    "IODView",
    "ItemView",
    "Items",
    "ModuleUsage",
    "ModuleView",
    "View",
    "for_dataset",
    "iod_class",
    "requirement_type",
    "requirement_type_of_tags",
]
__all__ += _generated_iods.__all__  # the IOD classes: CTImage, RTPlan, ...

_SOP_CLASS_UID = tag_for_keyword("SOPClassUID")
# PS3.3 7.4: Type 1 is the strictest requirement, Type 3 the loosest
_STRICTNESS = ("1", "1C", "2", "2C", "3")


def iod_class(name: str) -> type[IODView]:
    """The view class of an IOD, by class name ("CTImage"), IOD id ("ct-image") or name ("CT Image")."""
    class_name = name if name in IOD_MODULES else IOD_NAMES.get(name)
    if class_name is None:
        raise UnknownIODError(f"{name!r} names no IOD of PS3.3")
    module = importlib.import_module(f"dicodec.generated.iods.{IOD_MODULES[class_name]}")
    found: type[IODView] = getattr(module, class_name)
    return found


def sop_class_iod(sop_class_uid: str) -> type[IODView]:
    """The view class of the IOD of a SOP class."""
    class_name = SOP_CLASS_IODS.get(str(sop_class_uid).strip())
    if class_name is None:
        raise UnknownIODError(f"SOP Class UID {sop_class_uid!r} is not a SOP class of a PS3.3 IOD")
    return iod_class(class_name)


def for_dataset(ds: Dataset) -> IODView:
    """The view of `ds` as the IOD of its SOP Class UID (0008,0016)."""
    if _SOP_CLASS_UID not in ds:
        raise UnknownIODError("the dataset has no SOP Class UID (0008, 0016)")
    return sop_class_iod(ds[_SOP_CLASS_UID].value)(ds)


def requirement_type(sop_class_uid: str, keyword_path: str | tuple[str, ...]) -> str | None:
    """The type ("1", "1C", "2", "2C", "3") an attribute has in the IOD of a SOP class, or None.

    `keyword_path` names the attribute, after the sequences that hold it:
    "PatientName", or ("ReferencedImageSequence", "ReferencedSOPClassUID"), or the same
    joined with ".". Where several modules of the IOD define the attribute, the strictest
    type wins; a module's own usage (M, C, U) is not taken into account.
    """
    sop_class_iod(sop_class_uid)  # an unknown SOP class is an error
    keywords = tuple(keyword_path.split(".")) if isinstance(keyword_path, str) else keyword_path
    path = []
    for keyword in keywords:
        tag = tag_for_keyword(keyword)
        if tag is None:
            return None  # not a keyword: in no IOD
        path.append(tag)
    return requirement_type_of_tags(sop_class_uid, tuple(path))


def requirement_type_of_tags(sop_class_uid: str, tag_path: tuple[int, ...]) -> str | None:
    """`requirement_type` by tags, (0x300A00B0, 0x300A00C0), and None for a SOP class of no
    IOD. Each answer is kept, per SOP class, for the next data set of the class to ask."""
    requirements = _requirements(str(sop_class_uid).strip())
    return requirements.of(tag_path) if requirements is not None else None


class _Requirements:
    """The requirement types of one IOD's attributes, each looked up when first asked for."""

    __slots__ = ("_found", "_modules", "_tables")

    def __init__(self, iod: type[IODView]) -> None:
        self._modules = tuple(usage.module for usage in iod.modules)
        self._found: dict[tuple[int, ...], str | None] = {}
        self._tables: dict[type[View], dict[int, Attribute[Any, Any]]] = {}

    def of(self, path: tuple[int, ...]) -> str | None:
        if not path:
            return None
        try:
            return self._found[path]
        except KeyError:
            pass
        found = [a.requirement for a in self._attributes(path) if a.requirement is not None]
        strictest = min(found, key=_STRICTNESS.index) if found else None
        self._found[path] = strictest
        return strictest

    def _attributes(self, path: tuple[int, ...]) -> Iterator[Attribute[Any, Any]]:
        """The attribute at `path` in each module that has it (each module on its own: an
        item of one module's sequence is typed by that module's table)."""
        for module in self._modules:
            attribute = self._table(module).get(path[0])
            for tag in path[1:]:
                item = attribute.item_class if attribute is not None else None
                attribute = self._table(item).get(tag) if item is not None else None
            if attribute is not None:
                yield attribute

    def _table(self, cls: type[View]) -> dict[int, Attribute[Any, Any]]:
        """The attributes a module or an item class declares, by tag."""
        table = self._tables.get(cls)
        if table is None:
            table = self._tables[cls] = {a.tag: a for a in module_attributes(cls)}
        return table


@lru_cache(maxsize=256)
def _requirements(sop_class_uid: str) -> _Requirements | None:
    try:
        return _Requirements(sop_class_iod(sop_class_uid))
    except UnknownIODError:
        return None


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """`dicodec.iods.CTImage`: the IOD's module is imported on first use."""
        if name in IOD_MODULES:
            return iod_class(name)
        raise AttributeError(f"module 'dicodec.iods' has no attribute {name!r}")
