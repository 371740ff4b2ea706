"""The DICOM JSON Model (PS3.18 Annex F): datasets to JSON and back, as pydicom 3 does.

Each element is `{"vr": VR, "Value": [...]}` (F.2.2), `"InlineBinary"` (base64,
F.2.7) or, above `bulk_data_threshold` and with a handler, `"BulkDataURI"`
(F.2.6); an empty element has the "vr" alone. Numbers are JSON numbers (DS and
IS included, F.2.3.1), PN values objects with "Alphabetic", "Ideographic" and
"Phonetic" groups (F.2.2), AT values 8 hex digits, sequence items nested
objects. Keys are the tags as 8 upper-case hex digits, in tag order.

`Dataset.to_json` / `to_json_dict` / `from_json` and the same on `DataElement`
call these functions.
"""

from __future__ import annotations

import base64
import inspect
import json
import warnings
from collections.abc import Callable
from contextlib import nullcontext
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from dicodec.datadict import entry
from dicodec.element import empty_value_for_VR
from dicodec.errors import DicomError, DicomWarning, InvalidValueError
from dicodec.generated.vr_codecs import NUMBER_TEXT_TYPES
from dicodec.generated.vrs import VRS
from dicodec.leniency import reading, reading_mode
from dicodec.source import Source
from dicodec.tag import Tag, tag_text

if TYPE_CHECKING:
    from dicodec.dataset import Dataset
    from dicodec.element import DataElement

__all__ = [
    "JSON_VALUE_KEYS",
    "BulkDataHandler",
    "BulkDataURIHandler",
    "convert_to_python_number",
    "dataset_from_json",
    "dataset_to_json",
    "dataset_to_json_dict",
    "element_from_json",
    "element_to_json_dict",
]

JSON_VALUE_KEYS = ("Value", "BulkDataURI", "InlineBinary")

# element -> its BulkDataURI
BulkDataHandler = Callable[["DataElement"], str]
# (tag, VR, URI) or (URI) -> the value found at the URI
BulkDataURIHandler = (
    Callable[[str, str, str], str | int | float | bytes | None]
    | Callable[[str], str | int | float | bytes | None]
)

_D = TypeVar("_D", bound="Dataset")


class JsonWarning(DicomWarning):
    """A DICOM JSON value that is not as PS3.18 F.2 says, read as well as it can be."""


def _is_bytes_vr(vr: str) -> bool:
    """OB, OW, UN and the like, and ambiguous VRs that may be one ("OB or OW", "US or SS or OW")."""
    return any(_kind(option) == "bytes" for option in vr.split(" or "))


def _kind(vr: str) -> str:
    """The kind of a VR, from its record ("" for a VR this edition does not know)."""
    record = VRS.get(vr)
    return record.kind if record is not None else ""


@lru_cache(maxsize=64)
def _number_type(vr: str) -> type[int] | type[float] | None:
    """The JSON number type of a VR's values (PS3.18 F.2.3.1), or None for a non-number VR.

    DS and IS by their value types; binary numbers by the Python type of their VR's record
    (AT, whose values are Tags, is not a number here); "US or SS" as its options.
    """
    text_type = NUMBER_TEXT_TYPES.get(vr)
    if text_type is not None:  # DS and IS: numbers written as text in DICOM
        return float if issubclass(text_type, float) else int
    if " or " in vr:
        types = {_number_type(option) for option in vr.split(" or ")}
        return types.pop() if len(types) == 1 else None
    record = VRS.get(vr)
    if record is None or record.kind != "binary_number":
        return None
    return float if record.python_type == "float" else int


def convert_to_python_number(value: Any, vr: str) -> Any:
    """Number values (one or a list) as the JSON numbers they are: ints or floats.

    DS values become floats and IS values ints (PS3.18 F.2.3.1); None stays None (empty).
    """
    number = _number_type(vr)
    if number is None or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [number(v) if v is not None else None for v in value]
    return number(value)


def _values(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, bytes, bytearray, list)):
        return len(value) == 0
    return False


def element_to_json_dict(
    element: DataElement,
    bulk_data_element_handler: BulkDataHandler | None,
    bulk_data_threshold: int,
) -> dict[str, Any]:
    """The JSON object of one element (PS3.18 F.2.2)."""
    vr = element.VR
    out: dict[str, Any] = {"vr": vr}
    value = element.value
    if vr == "SQ":
        out["Value"] = [
            dataset_to_json_dict(item, bulk_data_threshold, bulk_data_element_handler)
            for item in value
        ]
        return out
    if _empty(value):
        return out
    if _is_bytes_vr(vr) and isinstance(value, (bytes, bytearray)):
        # base64 makes 3 bytes 4 characters: the threshold is on the encoded length
        if bulk_data_element_handler is not None and len(value) > bulk_data_threshold // 4 * 3:
            out["BulkDataURI"] = bulk_data_element_handler(element)
        else:
            out["InlineBinary"] = base64.b64encode(value).decode("ascii")
    elif vr == "PN":
        out["Value"] = [_person_name(v) for v in _values(value)]
    elif vr == "AT":
        out["Value"] = [f"{int(v):08X}" for v in _values(value)]
    else:
        try:
            out["Value"] = convert_to_python_number(_values(value), vr)
        except (TypeError, ValueError) as exc:
            raise InvalidValueError(
                f"{vr} value {value!r} is not a number for the JSON Model: {exc}",
                tag=int(element.tag),
            ) from exc
    return out


def _person_name(value: Any) -> dict[str, str]:
    """A PN value's component groups (PS3.5 6.2.1.1) as PS3.18 F.2.2 names them."""
    groups = str(value).split("=")
    out = {"Alphabetic": groups[0]}
    if len(groups) > 1:
        out["Ideographic"] = groups[1]
    if len(groups) > 2:
        out["Phonetic"] = groups[2]
    return out


def dataset_to_json_dict(
    ds: Dataset,
    bulk_data_threshold: int = 1024,
    bulk_data_element_handler: BulkDataHandler | None = None,
    suppress_invalid_tags: bool = False,
) -> dict[str, Any]:
    """The JSON object of a dataset (PS3.18 F.2.1): tags as keys, in order.

    With `suppress_invalid_tags`, values are decoded strictly and an element
    that cannot be represented is left out (with a warning) instead of raising.
    """
    out: dict[str, Any] = {}
    with reading(strict=True) if suppress_invalid_tags else nullcontext():
        for tag in list(ds.keys()):
            key = f"{tag:08X}"
            try:
                out[key] = element_to_json_dict(
                    ds[tag], bulk_data_element_handler, bulk_data_threshold
                )
            except (DicomError, ValueError, TypeError, UnicodeError) as exc:
                if not suppress_invalid_tags:
                    raise
                warnings.warn(
                    f"{tag_text(tag)} is left out of the JSON: {exc}", JsonWarning, stacklevel=2
                )
    return out


def dataset_to_json(
    ds: Dataset,
    bulk_data_threshold: int = 1024,
    bulk_data_element_handler: BulkDataHandler | None = None,
    dump_handler: Callable[[dict[str, Any]], str] | None = None,
    suppress_invalid_tags: bool = False,
) -> str:
    """The dataset as DICOM JSON text; `dump_handler` turns the object into text (sorted keys)."""
    model = dataset_to_json_dict(
        ds, bulk_data_threshold, bulk_data_element_handler, suppress_invalid_tags
    )
    if dump_handler is None:
        return json.dumps(model, sort_keys=True)
    return dump_handler(model)


# -- from JSON ----------------------------------------------------------------------------------
def dataset_from_json(
    cls: type[_D],
    json_dataset: dict[str, Any] | str | bytes | bytearray,
    bulk_data_uri_handler: BulkDataURIHandler | None = None,
) -> _D:
    """A dataset of class `cls` from a DICOM JSON object, or its text."""
    if isinstance(json_dataset, (str, bytes, bytearray)):
        json_dataset = json.loads(json_dataset)
    if not isinstance(json_dataset, dict):
        raise TypeError(f"a DICOM JSON dataset is an object, not {type(json_dataset).__name__}")
    ds = cls()
    _JsonReader(cls, bulk_data_uri_handler).add_attributes(ds, json_dataset, "", 0)
    return ds


def element_from_json(
    dataset_class: type[Dataset],
    tag: str,
    vr: str,
    value: Any,
    value_key: str | None,
    bulk_data_uri_handler: BulkDataURIHandler | None = None,
) -> DataElement:
    """One element from its JSON attribute: `value` is under `value_key` ("Value", ...)."""
    from dicodec.dataset import Dataset

    holder = Dataset()
    reader = _JsonReader(dataset_class, bulk_data_uri_handler)
    return holder[reader.add(holder, tag, vr, value, value_key, 0)]


def _uri_handler(
    handler: BulkDataURIHandler | None,
) -> Callable[[str, str, str], Any] | None:
    """The handler as (tag, VR, URI) -> value; pydicom also takes one of (URI) alone."""
    if handler is None:
        return None
    try:
        parameters = len(inspect.signature(handler).parameters)
    except (TypeError, ValueError):
        parameters = 3
    if parameters == 1:
        single: Callable[[str], Any] = handler  # type: ignore[assignment]
        return lambda tag, vr, uri: single(uri)
    return handler  # type: ignore[return-value]


def _as_read(ds: Dataset, tag: int, data: bytes) -> DataElement:
    """A UN value of a known tag, as reading gives it: with the dictionary's VR (PS3.5 6.2.2).

    Its bytes are Implicit VR Little Endian; `ds` is the context that settles an
    ambiguous VR ("US or SS" by Pixel Representation).
    """
    from dicodec.dataset import Dataset

    reader = Dataset()
    reader.parent = ds
    reader._elements[tag] = (
        None,
        0,
        0,
        len(data),
        Source(data, implicit_vr=True, little_endian=True),
    )
    return reader[tag]


class _JsonReader:
    """Elements from DICOM JSON attributes, items made as `dataset_class`."""

    def __init__(
        self, dataset_class: type[Dataset], bulk_data_uri_handler: BulkDataURIHandler | None
    ) -> None:
        self.dataset_class = dataset_class
        self.handler = _uri_handler(bulk_data_uri_handler)

    def add_attributes(self, ds: Dataset, attributes: dict[str, Any], key: str, depth: int) -> None:
        """Add the elements of a JSON dataset object (an item of sequence `key`) to `ds`."""
        for item_key, attribute in attributes.items():
            if not isinstance(attribute, dict) or "vr" not in attribute:
                raise KeyError(f"Data element '{key or item_key}' must have key 'vr'")
            value_key = next((k for k in JSON_VALUE_KEYS if k in attribute), None)
            value = attribute[value_key] if value_key is not None else None
            self.add(ds, item_key, attribute["vr"], value, value_key, depth)

    def add(
        self, ds: Dataset, key: str, vr: str, value: Any, value_key: str | None, depth: int
    ) -> int:
        """Add the element of one attribute to `ds` (`depth` sequences down); return its tag."""
        from dicodec.element import DataElement

        try:
            tag = int(Tag(int(key, 16)))
        except (TypeError, ValueError) as exc:
            raise InvalidValueError(f"{key!r} is not a tag (8 hexadecimal digits)") from exc
        element_value = self.value_of(key, vr, value, value_key, depth)
        if vr == "UN" and isinstance(element_value, bytes) and entry(tag) is not None:
            ds.add(_as_read(ds, tag, element_value))
            return tag
        validation = reading_mode()  # a JSON dataset is read, as a file is
        try:
            element = DataElement(tag, vr, element_value, validation=validation)
        except (DicomError, ValueError, TypeError) as exc:
            raise InvalidValueError(
                f"Data element '{key}' could not be loaded from JSON: {element_value!r}: {exc}"
            ) from exc
        ds.add(element)
        return tag

    def value_of(self, key: str, vr: str, value: Any, value_key: str | None, depth: int) -> Any:
        """The element value of a JSON attribute (PS3.18 F.2.3-F.2.7)."""
        if value_key is None:
            return empty_value_for_VR(vr)
        if value_key == "Value":
            if not isinstance(value, list):
                raise TypeError(f"'Value' of data element '{key}' must be a list")
            if not value:
                return empty_value_for_VR(vr)
            values = [self.one_value(key, vr, v, depth) for v in value]
            if vr == "SQ":
                return values
            return convert_to_python_number(values[0] if len(values) == 1 else values, vr)
        if isinstance(value, list):  # PS3.18 F.4 shows these in a list, Table F.3.1-1 does not
            value = value[0] if value else ""
        if not isinstance(value, str):
            raise TypeError(
                f"Invalid attribute value for data element '{key}' - the value for "
                f"'{value_key}' must be str, not {type(value).__name__}"
            )
        if value_key == "InlineBinary":
            return base64.b64decode(value)
        if value_key == "BulkDataURI":
            if self.handler is None:
                warnings.warn(
                    f"No bulk data URI handler provided for retrieval of value of data "
                    f"element '{key}': it is left empty",
                    JsonWarning,
                    stacklevel=5,
                )
                return empty_value_for_VR(vr)
            return self.handler(key, vr, value)
        raise ValueError(f"Unknown attribute name '{value_key}' for tag {key}")

    def one_value(self, key: str, vr: str, value: Any, depth: int) -> Any:
        """One of the values under "Value": an item, a PN object, an AT, or as it is."""
        if vr == "SQ":
            from dicodec.reader import MAX_SEQUENCE_DEPTH

            if depth >= MAX_SEQUENCE_DEPTH:  # as when reading a file: a hostile input ends here
                raise InvalidValueError(f"sequences nested more than {MAX_SEQUENCE_DEPTH} deep")
            item = self.dataset_class()
            if value:
                self.add_attributes(item, value, key, depth + 1)
            return item
        if value is None:
            return None if _number_type(vr) is not None else empty_value_for_VR(vr)
        if vr == "PN":
            return _person_name_text(key, value)
        if vr == "AT":
            try:
                return int(value, 16)
            except (TypeError, ValueError):
                warnings.warn(
                    f"Invalid value {value!r} for AT element '{key}': it is left out",
                    JsonWarning,
                    stacklevel=6,
                )
                return None
        return value


def _person_name_text(key: str, value: Any) -> Any:
    """A PN value from its JSON object of component groups (PS3.18 F.2.2)."""
    if not isinstance(value, dict):
        # some DICOMweb services send the text itself
        warnings.warn(
            f"Value of data element '{key}' with VR Person Name (PN) is not formatted correctly",
            JsonWarning,
            stacklevel=7,
        )
        return value
    groups = [value.get("Alphabetic", "")]
    if "Ideographic" in value or "Phonetic" in value:
        groups.append(value.get("Ideographic", ""))
    if "Phonetic" in value:
        groups.append(value["Phonetic"])
    return "=".join(groups)
