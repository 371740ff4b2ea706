"""The DICOM value types: what the per-VR codecs decode values into.

The lowest layer of the runtime above the tables: it imports nothing from
dicodec but its errors, `dicodec.records` and the generated tables (UIDs,
transfer syntaxes, VRs).

pydicom's `values.convert_*` functions decode bytes with the codecs, a layer
above this one: `dicodec.values.convert_*` forwards to `dicodec.conversion`
when first used (the one name kept for pydicom's sake, never imported here).
"""

from typing import TYPE_CHECKING, Any

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

# pydicom's `values` functions, forwarded to dicodec.conversion on first use
if TYPE_CHECKING:
    from dicodec.conversion import (
        convert_AE_string as convert_AE_string,
    )
    from dicodec.conversion import (
        convert_ATvalue as convert_ATvalue,
    )
    from dicodec.conversion import (
        convert_DA_string as convert_DA_string,
    )
    from dicodec.conversion import (
        convert_DS_string as convert_DS_string,
    )
    from dicodec.conversion import (
        convert_DT_string as convert_DT_string,
    )
    from dicodec.conversion import (
        convert_IS_string as convert_IS_string,
    )
    from dicodec.conversion import (
        convert_numbers as convert_numbers,
    )
    from dicodec.conversion import (
        convert_OBvalue as convert_OBvalue,
    )
    from dicodec.conversion import (
        convert_OVvalue as convert_OVvalue,
    )
    from dicodec.conversion import (
        convert_OWvalue as convert_OWvalue,
    )
    from dicodec.conversion import (
        convert_PN as convert_PN,
    )
    from dicodec.conversion import (
        convert_single_string as convert_single_string,
    )
    from dicodec.conversion import (
        convert_SQ as convert_SQ,
    )
    from dicodec.conversion import (
        convert_string as convert_string,
    )
    from dicodec.conversion import (
        convert_tag as convert_tag,
    )
    from dicodec.conversion import (
        convert_text as convert_text,
    )
    from dicodec.conversion import (
        convert_TM_string as convert_TM_string,
    )
    from dicodec.conversion import (
        convert_UI as convert_UI,
    )
    from dicodec.conversion import (
        convert_UN as convert_UN,
    )
    from dicodec.conversion import (
        convert_UR_string as convert_UR_string,
    )
    from dicodec.conversion import (
        convert_value as convert_value,
    )
    from dicodec.conversion import (
        multi_string as multi_string,
    )


def __getattr__(name: str) -> Any:
    from dicodec import conversion

    if name in conversion.__all__:
        return getattr(conversion, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
