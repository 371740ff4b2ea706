"""UIDs: the `UID` type, `generate_uid`, a constant for every registered UID, and pydicom's
lists of transfer syntaxes by family.

`from dicodec.uid import ExplicitVRLittleEndian, CTImageStorage`.
"""

from dicodec.generated.uid_constants import *  # noqa: F403
from dicodec.generated.uid_constants import __all__ as _constants
from dicodec.values.uid import (
    IMPLEMENTATION_CLASS_UID,
    IMPLEMENTATION_VERSION_NAME,
    UID,
    AllTransferSyntaxes,
    JPEG2000TransferSyntaxes,
    JPEGLSTransferSyntaxes,
    JPEGTransferSyntaxes,
    MPEGTransferSyntaxes,
    RLETransferSyntaxes,
    UncompressedTransferSyntaxes,
    generate_uid,
    register_transfer_syntax,
)

__all__ = [
    *_constants,
    "AllTransferSyntaxes",
    "JPEG2000TransferSyntaxes",
    "JPEGLSTransferSyntaxes",
    "JPEGTransferSyntaxes",
    "MPEGTransferSyntaxes",
    "RLETransferSyntaxes",
    "UncompressedTransferSyntaxes",
    "IMPLEMENTATION_CLASS_UID",
    "IMPLEMENTATION_VERSION_NAME",
    "UID",
    "generate_uid",
    "register_transfer_syntax",
]
