"""`VR`: every VR of the tables, and the dictionary's alternatives ("US or SS"), as an
enumeration of `str` (pydicom's `valuerep.VR`)."""

from __future__ import annotations

from enum import Enum

from dicodec.generated.dictionary import DICTIONARY
from dicodec.generated.vrs import VRS

__all__ = ["VR"]

# the dictionary's VRs of an element whose VR depends on other elements ("US or SS")
_ALTERNATIVES = sorted({found[0] for found in DICTIONARY.values() if " or " in found[0]})


class _NamedVR(str, Enum):
    """A VR that prints as its name ("US"), as pydicom's."""

    def __str__(self) -> str:
        return str(self.value)


#: Every VR of the tables, and the dictionary's alternatives: `VR.US`, `VR.US_SS` ("US or SS");
#: a `str` (`VR.US == "US"`), as pydicom's.
VR = _NamedVR(  # type: ignore[call-overload]
    "VR",
    [(name, name) for name in sorted(VRS)]
    + [(name.replace(" or ", "_"), name) for name in _ALTERNATIVES],
    module=__name__,
)
