"""What an index cell should hold, from pydicom's `dcmread` (the test oracle): the value
pydicom reads, converted to the column's Arrow type with pydicom's own value types."""

from __future__ import annotations

import datetime
import re
import warnings
from pathlib import Path
from typing import Any

import pyarrow as pa
import pydicom
from pydicom.multival import MultiValue
from pydicom.valuerep import DA, DT, TM

# ACR-NEMA forms that PS3.5 6.2 notes are found in older files (pydicom keeps them as text)
_ACR_TM = re.compile(r"(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?")


def _time(text: str) -> datetime.time | None:
    try:
        return TM(text)  # type: ignore[no-any-return]
    except ValueError:
        match = _ACR_TM.fullmatch(text.strip())
        if match is None:
            return None
        h, m, s, f = match.groups()
        return datetime.time(int(h), int(m), int(s or 0), int((f or "0").ljust(6, "0")))


def _scalar(value: Any, arrow: pa.DataType) -> Any:
    if value is None or value == "":
        return None
    try:
        if pa.types.is_string(arrow):
            return str(value)
        if pa.types.is_binary(arrow):
            return bytes(value)
        if pa.types.is_date32(arrow):
            return DA(str(value))
        if pa.types.is_time64(arrow):
            return _time(str(value))
        if pa.types.is_timestamp(arrow):
            return DT(str(value)).replace(tzinfo=None)
        if pa.types.is_floating(arrow):
            return float(value)
        if pa.types.is_integer(arrow):
            return int(value)
    except (ValueError, TypeError):
        return None
    raise AssertionError(f"no oracle for {arrow}")


def expected(ds: Any, keyword: str, field: pa.Field) -> Any:
    """The cell pydicom's `ds` gives for the column `field` of `keyword`."""
    element = ds.get(keyword) if keyword not in ("TransferSyntaxUID",) else None
    if keyword == "TransferSyntaxUID":
        value = ds.file_meta.get("TransferSyntaxUID") if hasattr(ds, "file_meta") else None
    else:
        value = element
    if value is None or value == "" or value == b"":
        return None
    is_list = pa.types.is_list(field.type)
    value_type = field.type.value_type if is_list else field.type
    many = isinstance(value, (list, MultiValue)) and not pa.types.is_binary(value_type)
    values = list(value) if many else [value]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom's warnings about the damaged values
        converted = [_scalar(v, value_type) for v in values]
    return converted if is_list else converted[0]


def pydicom_dataset(path: Path, force: bool = False) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(path, stop_before_pixels=True, force=force)
