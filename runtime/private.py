"""Private data elements: blocks reserved by a private creator (PS3.5 7.8.1).

A private group (odd group number) reserves blocks of 256 elements: the
creator element (gggg,00xx) holds a name, and (gggg,xx00)-(gggg,xxFF) are that
creator's elements, addressed by their offset within the block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dicodec.errors import DicomError, InvalidTagError, InvalidValueError

if TYPE_CHECKING:
    from dicodec.dataset import Dataset
    from dicodec.element import DataElement


class PrivateBlock:
    """The elements of one private creator in one group, by offset (0x00-0xFF)."""

    __slots__ = ("block_start", "dataset", "group", "private_creator")

    def __init__(
        self, dataset: Dataset, group: int, private_creator: str, block_start: int
    ) -> None:
        self.dataset = dataset
        self.group = group
        self.private_creator = private_creator
        self.block_start = block_start

    def get_tag(self, offset: int) -> int:
        if not 0 <= offset <= 0xFF:
            raise ValueError(f"a private element offset is 0x00..0xFF, not {offset:#x}")
        return self.group << 16 | self.block_start | offset

    def __getitem__(self, offset: int) -> DataElement:
        return self.dataset[self.get_tag(offset)]

    def __contains__(self, offset: int) -> bool:
        return self.get_tag(offset) in self.dataset

    def __delitem__(self, offset: int) -> None:
        del self.dataset[self.get_tag(offset)]

    def add_new(self, offset: int, VR: str, value: Any) -> DataElement:
        return self.dataset.add_new(self.get_tag(offset), VR, value)


def private_block(ds: Dataset, group: int, private_creator: str, create: bool) -> PrivateBlock:
    if not private_creator:
        raise InvalidValueError("a private block needs a private creator (not empty)")
    if not group & 1:
        raise InvalidTagError(f"group {group:04X} is not private: private groups are odd")
    free = None
    for element_number in range(0x10, 0x100):
        tag = group << 16 | element_number
        if tag not in ds:
            free = element_number if free is None else free
            continue
        value = ds[tag].value
        if isinstance(value, str) and value.strip() == private_creator:
            return PrivateBlock(ds, group, private_creator, element_number << 8)
    if not create:
        raise KeyError(f"no private creator {private_creator!r} in group {group:04X}")
    if free is None:
        raise DicomError(f"group {group:04X} has no free private creator slot")
    ds.add_new(group << 16 | free, "LO", private_creator)
    return PrivateBlock(ds, group, private_creator, free << 8)


__all__ = ["PrivateBlock", "private_block"]
