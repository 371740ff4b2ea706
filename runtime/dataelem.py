"""pydicom's `dataelem`: `DataElement`, and `RawDataElement`, an element not converted yet
(`Dataset.get_item` gives one for an element not read yet)."""

from dicodec.element import DataElement, RawDataElement

__all__ = ["DataElement", "RawDataElement"]
