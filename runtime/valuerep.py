"""pydicom's `valuerep`: the value types under pydicom's names, from where they live.

dicodec's datasets hold DA, DT and TM values as text and DS values as `DSfloat`
(see the migration guide); `DA`, `DT`, `TM` (`values/dates.py`) and `DSdecimal`
(`values/ds_decimal.py`) are what a pydicom script makes by hand; `VR`
(`values/vr_names.py`) names every VR.
"""

from dicodec.values.dates import DA, DT, TM
from dicodec.values.ds_decimal import DSdecimal, format_number_as_ds, is_valid_ds
from dicodec.values.multivalue import MultiValue
from dicodec.values.numbers import DS, IS, DSfloat
from dicodec.values.person_name import PersonName
from dicodec.values.vr_names import VR

__all__ = [
    "DA",
    "DS",
    "DT",
    "IS",
    "TM",
    "VR",
    "DSdecimal",
    "DSfloat",
    "MultiValue",
    "PersonName",
    "format_number_as_ds",
    "is_valid_ds",
]
