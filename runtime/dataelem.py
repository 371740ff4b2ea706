"""pydicom's `dataelem`: `DataElement`, `RawDataElement` (an element not converted yet:
`Dataset.get_item` gives one for an element not read yet), and `empty_value_for_VR`."""

from dicodec.element import DataElement, RawDataElement, empty_value_for_VR

__all__ = ["DataElement", "RawDataElement", "empty_value_for_VR"]
