"""pydicom's `multival`: `MultiValue`, and `ConstrainedList`, the list that checks or
converts every item added (a `MultiValue` converts to its value type, a `Sequence`
takes datasets only)."""

from dicodec.values.multivalue import ConstrainedList, MultiValue

__all__ = ["ConstrainedList", "MultiValue"]
