"""dicodec: a DICOM library whose codec is generated from the DICOM standard's tables.

pydicom's API, typed: `dcmread`, `dcmwrite`, `Dataset` with `ds.PatientName`,
`DataElement`, `Tag`, `Sequence`, and the DICOM value types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    MissingAttributeError,
    NoCodecError,
    PixelDataError,
    TruncatedDataError,
    UnknownIODError,
    UnknownKeywordError,
    UnsupportedTransferSyntaxError,
)
from dicodec.filereader import dcmread
from dicodec.filewriter import dcmwrite
from dicodec.sequence import Sequence
from dicodec.tag import Tag
from dicodec.values import IS, UID, DSfloat, MultiValue, PersonName, generate_uid

if TYPE_CHECKING:
    from dicodec.iods.validation import ValidationReport
    from dicodec.iods.views import IODView

__version__ = "0.1.0"
# The edition of the DICOM standard the data dictionary comes from ("2026c").
DICOM_EDITION = EDITION


def __getattr__(name: str) -> Any:
    """`pixel_array` and `iter_pixels` of `dicodec.pixels`, as pydicom's package offers them:
    imported on first use, so that `import dicodec` does not import the pixel modules."""
    if name in ("pixel_array", "iter_pixels"):
        from dicodec import pixels

        return getattr(pixels, name)
    raise AttributeError(f"module 'dicodec' has no attribute {name!r}")


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
    "MissingAttributeError",
    "MultiValue",
    "NoCodecError",
    "PersonName",
    "PixelDataError",
    "Sequence",
    "Tag",
    "TruncatedDataError",
    "UnknownIODError",
    "UnknownKeywordError",
    "UnsupportedTransferSyntaxError",
    "dcmread",
    "dcmwrite",
    "generate_uid",
    "standard_editions",
    "validate",
]


def validate(ds: Dataset, iod: type[IODView] | str | None = None) -> ValidationReport:
    """Check `ds` against its IOD in PS3.3 (see `dicodec.iods.validation`); imported on first use."""
    from dicodec.iods.validation import validate as _validate

    return _validate(ds, iod)
