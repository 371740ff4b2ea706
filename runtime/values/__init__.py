"""The DICOM value types: what the per-VR codecs decode values into.

The lowest layer of the runtime above the tables: it imports nothing from
dicodec but its errors, `dicodec.records` and the generated tables (UIDs,
transfer syntaxes, VRs).
"""

from dicodec.values.dates import (
    format_date,
    format_datetime,
    format_time,
    to_date,
    to_datetime,
    to_time,
)
from dicodec.values.multivalue import MultiValue
from dicodec.values.numbers import DS, IS, DSfloat, ds_text
from dicodec.values.person_name import PersonName
from dicodec.values.uid import (
    DICODEC_ROOT,
    IMPLEMENTATION_CLASS_UID,
    IMPLEMENTATION_VERSION_NAME,
    UID,
    generate_uid,
)

__all__ = [
    "DICODEC_ROOT",
    "DS",
    "IMPLEMENTATION_CLASS_UID",
    "IMPLEMENTATION_VERSION_NAME",
    "IS",
    "UID",
    "DSfloat",
    "MultiValue",
    "PersonName",
    "ds_text",
    "format_date",
    "format_datetime",
    "format_time",
    "generate_uid",
    "to_date",
    "to_datetime",
    "to_time",
]
