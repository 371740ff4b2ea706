"""De-identification by PS3.15 Annex E, generated from the standard's own table.

    from dicodec.deid import Profile, deidentify
    clean = deidentify(ds, Profile(options=["retain_safe_private"]), key=key)

The actions of the Basic Application Level Confidentiality Profile and of its options come
from PS3.15 Table E.1-1 (`dicodec.generated.deidentification`); see docs/deidentification.md.
"""

from dicodec.deid.engine import Record, deidentify
from dicodec.deid.profile import OPTIONS, Profile, RequirementLookup, iod_requirement, resolve
from dicodec.errors import BurnedInAnnotationError, DeidentificationError
from dicodec.generated.deidentification import PS3_15_EDITION, Option

__all__ = [
    "OPTIONS",
    "PS3_15_EDITION",
    "BurnedInAnnotationError",
    "DeidentificationError",
    "Option",
    "Profile",
    "Record",
    "RequirementLookup",
    "deidentify",
    "iod_requirement",
    "resolve",
]
