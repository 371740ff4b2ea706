"""UIDs: the `UID` type, `generate_uid`, and a constant for every registered UID.

`from dicodec.uid import ExplicitVRLittleEndian, CTImageStorage`.
"""

from dicodec.generated.uid_constants import *  # noqa: F403
from dicodec.generated.uid_constants import __all__ as _constants
from dicodec.values.uid import (
    IMPLEMENTATION_CLASS_UID,
    IMPLEMENTATION_VERSION_NAME,
    UID,
    generate_uid,
    register_transfer_syntax,
)

__all__ = [
    *_constants,
    "IMPLEMENTATION_CLASS_UID",
    "IMPLEMENTATION_VERSION_NAME",
    "UID",
    "generate_uid",
    "register_transfer_syntax",
]
