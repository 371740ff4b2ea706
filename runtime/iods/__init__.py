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
from typing import TYPE_CHECKING, Any

from dicodec.datadict import tag_for_keyword
from dicodec.errors import UnknownIODError
from dicodec.generated import iods as _generated_iods
from dicodec.generated.iods import IOD_MODULES, IOD_NAMES, SOP_CLASS_IODS
from dicodec.iods.views import Attribute, IODView, Items, ItemView, ModuleUsage, ModuleView, View

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
    keywords = tuple(keyword_path.split(".")) if isinstance(keyword_path, str) else keyword_path
    found: list[str] = []
    for usage in sop_class_iod(sop_class_uid).modules:
        attribute = _find(usage.module, keywords)
        if attribute is not None and attribute.requirement is not None:
            found.append(attribute.requirement)
    return min(found, key=_STRICTNESS.index) if found else None


def _find(cls: type[View], keywords: tuple[str, ...]) -> Attribute[Any, Any] | None:
    attribute = vars(cls).get(keywords[0])
    if not isinstance(attribute, Attribute):
        return None
    if len(keywords) == 1:
        return attribute
    item = attribute.item_class
    return _find(item, keywords[1:]) if item is not None else None


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """`dicodec.iods.CTImage`: the IOD's module is imported on first use."""
        if name in IOD_MODULES:
            return iod_class(name)
        raise AttributeError(f"module 'dicodec.iods' has no attribute {name!r}")
