"""The columns of the index: which ones, their Arrow types, and a value of each from a file.

A keyword's column type is its VR's Arrow type (`dicodec.generated.arrow_types`, from
spec/vrs.yaml) and a list of it when its VM allows more than one value. Values are
converted here, by Arrow type: DA, TM and DT text to dates and times (the DT offset
dropped: the time as written), DS and IS to numbers, PN to its text. A value that does
not convert (a malformed date, "1A" in an IS) is null.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dicodec.datadict import entry, tag_for_keyword
from dicodec.generated.arrow_types import ARROW_TYPES
from dicodec.values.dates import to_date, to_datetime, to_time

# Columns of every index, first: where the file is, and what it is.
FILE_COLUMNS = ("path", "size", "mtime")
IDENTITY_KEYWORDS = (
    "TransferSyntaxUID",
    "SOPClassUID",
    "StudyInstanceUID",
    "SeriesInstanceUID",
    "SOPInstanceUID",
)
ERROR_COLUMN = "error"

# The usual patient, study, series, image and equipment attributes (--keywords default).
DEFAULT_KEYWORDS = (
    # patient
    "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "PatientAge",
    "PatientSize", "PatientWeight",
    # study
    "StudyDate", "StudyTime", "StudyID", "AccessionNumber", "StudyDescription",
    "ReferringPhysicianName",
    # series
    "Modality", "SeriesNumber", "SeriesDate", "SeriesTime", "SeriesDescription",
    "BodyPartExamined", "ProtocolName", "PatientPosition", "FrameOfReferenceUID",
    # image
    "InstanceNumber", "ImageType", "AcquisitionDate", "AcquisitionTime",
    "AcquisitionDateTime", "ContentDate", "ContentTime", "Rows", "Columns",
    "NumberOfFrames", "SamplesPerPixel", "PhotometricInterpretation", "BitsAllocated",
    "BitsStored", "PixelRepresentation", "PixelSpacing", "SliceThickness",
    "SliceLocation", "ImagePositionPatient", "ImageOrientationPatient", "WindowCenter",
    "WindowWidth", "RescaleIntercept", "RescaleSlope",
    # equipment
    "Manufacturer", "ManufacturerModelName", "StationName", "InstitutionName",
    "SoftwareVersions", "DeviceSerialNumber",
)  # fmt: skip


class ColumnError(ValueError):
    """A keyword that cannot be a column: unknown, or of a VR that makes none (SQ)."""


@dataclass(frozen=True)
class Column:
    """One keyword's column."""

    keyword: str
    tag: int
    arrow_type: str  # a pyarrow type alias: "date32", "uint16", ...
    is_list: bool  # its VM allows more than one value


def column(keyword: str) -> Column:
    tag = tag_for_keyword(keyword)
    found = entry(tag) if tag is not None else None
    if tag is None or found is None:
        raise ColumnError(f"{keyword!r} is not a DICOM keyword")
    return _column_of(tag, found)


def column_of_tag(tag: int) -> Column | None:
    """The column of a top-level element (--all-top-level), None when it makes none."""
    found = entry(tag)
    if found is None or not found[4]:
        return None  # private, or not in the dictionary: no keyword to name a column
    try:
        return _column_of(tag, found)
    except ColumnError:
        return None


def _column_of(tag: int, found: tuple[str, str, str, bool, str]) -> Column:
    vr, vm, _, _, keyword = found
    arrow_type = ARROW_TYPES.get(vr)
    if arrow_type is None:
        raise ColumnError(f"{keyword} ({vr}) makes no column: index the values inside it")
    return Column(keyword, tag, arrow_type, vm.split(" or ")[0].strip() != "1")


def columns(keywords: tuple[str, ...]) -> list[Column]:
    """The identity columns, then `keywords` (each once, in the order given)."""
    seen: dict[str, Column] = {}
    for keyword in (*IDENTITY_KEYWORDS, *keywords):
        if keyword not in seen:
            seen[keyword] = column(keyword)
    return list(seen.values())


# -- values ------------------------------------------------------------------------------------
def _date(value: Any) -> datetime.date:
    return to_date(str(value))


def _time(value: Any) -> datetime.time:
    return to_time(str(value))


def _timestamp(value: Any) -> datetime.datetime:
    return to_datetime(str(value)).replace(tzinfo=None)  # the time as written


def _binary(value: Any) -> bytes:
    return bytes(value)


# Arrow type -> the Python value pyarrow takes for it
CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "string": str,
    "binary": _binary,
    "date32": _date,
    "time64[us]": _time,
    "timestamp[us]": _timestamp,
    "float32": float,
    "float64": float,
}
_CONVERSION_ERRORS = (ValueError, TypeError, ArithmeticError)


def _converter(arrow_type: str) -> Callable[[Any], Any]:
    return CONVERTERS.get(arrow_type, int)  # the integer types


def _convert(convert: Callable[[Any], Any], item: Any) -> Any:
    if item is None or item == "":
        return None
    try:
        return convert(item)
    except _CONVERSION_ERRORS:
        return None  # malformed ("1A" in an IS, a date that is not one)


def value_cell(value: Any, col: Column) -> Any:
    """An element's value as `col` holds it: a scalar, a list, or None when there is none.
    A file with several values for a column of one keeps its first."""
    if value is None or value == "" or value == b"":
        return None
    arrow_type = col.arrow_type
    if arrow_type == "string":
        if value.__class__ is str:  # the common case: text, a UID, a code string
            return [value] if col.is_list else value
        if isinstance(value, list):
            texts = [None if v is None or v == "" else str(v) for v in value]
            return texts if col.is_list else texts[0]
        one: Any = str(value)  # a name, a number kept as text
    elif isinstance(value, list) and arrow_type != "binary":
        convert = _converter(arrow_type)
        if col.is_list:
            return [_convert(convert, v) for v in value]
        return _convert(convert, value[0]) if value else None
    else:
        try:
            one = _converter(arrow_type)(value)
        except _CONVERSION_ERRORS:
            one = None  # malformed ("1A" in an IS, a date that is not one)
    return [one] if col.is_list else one


__all__ = [
    "DEFAULT_KEYWORDS",
    "ERROR_COLUMN",
    "FILE_COLUMNS",
    "IDENTITY_KEYWORDS",
    "Column",
    "ColumnError",
    "column",
    "column_of_tag",
    "columns",
    "value_cell",
]
