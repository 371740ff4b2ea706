"""dicodec: a DICOM library whose codec is generated from the DICOM standard's tables.

pydicom's API, typed: `dcmread`, `dcmwrite`, `Dataset` with `ds.PatientName`,
`DataElement`, `Tag`, `Sequence`, and the DICOM value types.
"""

from dicodec.generated import EDITION, EDITIONS, RUNTIME_API

# The generated code and this runtime agree on one contract (see codegen/generate.py).
if RUNTIME_API != 2:  # pragma: no cover - a broken install
    raise ImportError(
        f"dicodec.generated was written for runtime API {RUNTIME_API}, not 2: run `make generate`"
    )

from dicodec.dataset import Dataset, FileDataset, FileMetaDataset
from dicodec.element import DataElement
from dicodec.errors import (
    CharsetError,
    CharsetWarning,
    DicomError,
    DicomFormatWarning,
    DicomWarning,
    EncodeError,
    InvalidDicomError,
    InvalidTagError,
    InvalidValueError,
    InvalidValueWarning,
    NoCodecError,
    PixelDataError,
    TruncatedDataError,
    UnknownKeywordError,
    UnsupportedTransferSyntaxError,
)
from dicodec.filereader import dcmread
from dicodec.filewriter import dcmwrite
from dicodec.sequence import Sequence
from dicodec.tag import Tag
from dicodec.values import IS, UID, DSfloat, MultiValue, PersonName, generate_uid

__version__ = "0.1.0"
# The edition of the DICOM standard the data dictionary comes from ("2026c").
DICOM_EDITION = EDITION


def standard_editions() -> dict[str, str]:
    """Each table dicodec was generated from -> the newest edition of the DICOM standard its
    data comes from: {"dictionary": "2026c", "vrs": "2026c", "uids": "2026c", ...}.

    `dicodec.generated.STANDARD_SOURCES` names every part and edition of each table.
    """
    return dict(EDITIONS)


__all__ = [
    "DICOM_EDITION",
    "IS",
    "UID",
    "CharsetError",
    "CharsetWarning",
    "DSfloat",
    "DataElement",
    "Dataset",
    "DicomError",
    "DicomFormatWarning",
    "DicomWarning",
    "EncodeError",
    "FileDataset",
    "FileMetaDataset",
    "InvalidDicomError",
    "InvalidTagError",
    "InvalidValueError",
    "InvalidValueWarning",
    "MultiValue",
    "NoCodecError",
    "PersonName",
    "PixelDataError",
    "Sequence",
    "Tag",
    "TruncatedDataError",
    "UnknownKeywordError",
    "UnsupportedTransferSyntaxError",
    "dcmread",
    "dcmwrite",
    "generate_uid",
    "standard_editions",
]
