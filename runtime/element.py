"""`DataElement`: a tag, a VR and a value, decoded from its bytes when first read."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, NamedTuple

from dicodec.charset import DEFAULT_ENCODINGS
from dicodec.datadict import entry, exact_entry, name_of, private_dictionary_description, vm_of
from dicodec.errors import (
    DicomError,
    InvalidDicomError,
    InvalidValueError,
    InvalidValueWarning,
    UnknownKeywordError,
)
from dicodec.generated.dictionary import DICTIONARY
from dicodec.generated.vr_codecs import COERCERS, DECODERS, NUMBER_TEXT_TYPES, VALIDATORS
from dicodec.generated.vrs import VRS
from dicodec.leniency import VALIDATION_MODES as VALIDATION_MODES
from dicodec.leniency import Validation as Validation
from dicodec.leniency import default_validation, is_strict, reading, validation_mode
from dicodec.listing import element_line
from dicodec.sequence import Sequence
from dicodec.source import UNDEFINED_LENGTH, RawElement, Source
from dicodec.tag import DICTIONARY_TAGS, Tag, tag_text
from dicodec.values.numbers import PackedNumbers, pack_numbers
from dicodec.values.uid import UID

if TYPE_CHECKING:
    from collections.abc import Callable

    from dicodec.dataset import Dataset

# VRs that may have an undefined length (PS3.5 7.1.1), and those whose values are bytes
MAY_BE_UNDEFINED = frozenset(vr for vr, record in VRS.items() if record.undefined_length)
_BYTES_VRS = frozenset(vr for vr, record in VRS.items() if record.kind == "bytes")
# What `repval` summarizes when long, as pydicom does: bytes, long text (LT, UC, UT), and
# the dictionary's alternatives ("OB or OW")
_LONG_VALUE_VRS = (
    _BYTES_VRS
    | {
        vr
        for vr, record in VRS.items()
        if record.charset and (record.max_length is None or record.max_length > 1024)
    }
    | {found[0] for found in DICTIONARY.values() if " or " in found[0]}
)
# pydicom's DataElement.maxBytesToDisplay: longer values are summarized by `repval`
MAX_BYTES_TO_DISPLAY = 16
_new_element = object.__new__
_new_tag = int.__new__


class _Unread:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<not read yet>"

    def __deepcopy__(self, memo: dict[int, Any]) -> _Unread:
        return self  # the one sentinel: `value is UNREAD` must hold in copies too


UNREAD: Any = _Unread()


class DataElement:
    """One data element: `tag`, `VR`, `VM`, `value`, `keyword`, `name`.

    An element read from a file keeps a reference to its bytes: the value is
    decoded the first time `.value` is read, and an element whose value is
    never set is written back as the very bytes it was read from.
    """

    __slots__ = (
        "VR",
        "_encodings",
        "_private_creator",
        "_raw",
        "_value",
        "is_undefined_length",
        "tag",
        "validation",
    )

    def __init__(
        self,
        tag: Any,
        VR: str,
        value: Any,
        file_value_tell: int | None = None,
        is_undefined_length: bool = False,
        already_converted: bool = False,
        validation_mode: int | None = None,
        *,
        validation: Validation | int | None = None,
    ) -> None:
        """`validation` ("raise", "warn", "ignore") or pydicom's `validation_mode`
        (config.RAISE, WARN, IGNORE) says how values assigned to the element are checked;
        None: as the context says (see dicodec.config). `file_value_tell` and
        `already_converted` are pydicom's and mean nothing for an element made by hand."""
        self.tag = Tag(tag)
        self.VR = VR
        self.validation: Validation | None = validation_mode_of(validation, validation_mode)
        self.is_undefined_length = is_undefined_length
        self._raw: RawElement | None = None
        self._encodings = DEFAULT_ENCODINGS
        self._value: Any = UNREAD
        self.value = value

    @classmethod
    def _new(cls, tag: int, vr: str, value: Any, validation: Validation | None) -> DataElement:
        """A new element for a dictionary tag (`ds.Keyword = value`): the setter's fast path."""
        element = cls._with(tag, vr, None, DEFAULT_ENCODINGS, validation)
        element._value = element._coerce(value)
        return element

    @classmethod
    def _from_raw(
        cls,
        tag: int,
        vr: str,
        raw: RawElement,
        encodings: tuple[str, ...],
        validation: Validation | None = "warn",
    ) -> DataElement:
        """An element the parser found; its value stays undecoded until asked for."""
        element = cls._with(tag, vr, raw, encodings, validation)
        # only these VRs may have an undefined length (PS3.5 7.1.1, 7.5, A.4)
        element.is_undefined_length = vr in MAY_BE_UNDEFINED and raw[4].is_undefined_length(raw)
        return element

    @classmethod
    def _with(
        cls,
        tag: int,
        vr: str,
        raw: RawElement | None,
        encodings: tuple[str, ...],
        validation: Validation | None,
    ) -> DataElement:
        """An element with every slot set and nothing checked (the callers checked).

        On the hot paths of reading and of keyword assignment: `Tag()` and the
        `value` property would validate what is already known to be valid.
        """
        element = _new_element(cls)
        shared = DICTIONARY_TAGS.get(tag)
        element.tag = shared if shared is not None else _new_tag(Tag, tag)
        element.VR = vr
        element.validation = validation
        element.is_undefined_length = False
        element._raw = raw
        element._encodings = encodings
        element._value = UNREAD
        return element

    # -- the value -------------------------------------------------------------------------
    @property
    def value(self) -> Any:
        value = self._value
        if value is UNREAD:
            raw = self._raw
            assert raw is not None, "an element without bytes always has a value"
            value = self._value = decode_raw(
                self.tag, self.VR, raw, self._encodings, self.is_undefined_length
            )
        elif value.__class__ is PackedNumbers:
            value = self._value = value.box()  # from now on the MultiValue, changed in place
        return value

    @value.setter
    def value(self, value: Any) -> None:
        self._value = self._coerce(value)
        self._raw = None  # changed: written from the value from now on

    def set_value(self, value: Any, *, validation: Validation | None) -> None:
        """Set the value, validating it as told: raise, warn, or let it pass."""
        saved = self.validation
        self.validation = validation
        try:
            self.value = value
        finally:
            self.validation = saved

    def _coerce(self, value: Any) -> Any:
        vr = self.VR
        if value.__class__ is list or value.__class__ is tuple:
            item_type = NUMBER_TEXT_TYPES.get(vr)
            if item_type is not None:
                packed = pack_numbers(item_type, value)
                if packed is not None:
                    return packed  # valid by construction: see PackedNumbers
        if vr == "SQ":
            return value if isinstance(value, Sequence) else Sequence(value or ())
        coerce = COERCERS.get(vr)
        if coerce is None:  # an ambiguous VR not yet resolved ("US or SS"): keep as given
            return value
        validation = self.validation
        if validation is None:
            validation = default_validation()
        try:
            converted = coerce(value)
        except (InvalidValueError, ValueError, TypeError, UnknownKeywordError) as exc:
            # (an AT value given as text that is no keyword: a value error like the others)
            if validation == "raise":
                raise InvalidValueError(f"{tag_text(self.tag)} {self.VR}: {exc}") from exc
            if validation == "warn":
                warnings.warn(
                    f"{tag_text(self.tag)} {self.VR}: {exc}", InvalidValueWarning, stacklevel=4
                )
            return value
        if validation != "ignore":
            problem = VALIDATORS[vr](converted)
            if problem is not None:
                message = f"{tag_text(self.tag)} {self.VR}: {problem}"
                if validation == "raise":
                    raise InvalidValueError(message)
                warnings.warn(message, InvalidValueWarning, stacklevel=4)
        return converted

    # -- the file's view -------------------------------------------------------------------
    @property
    def file_offset(self) -> int | None:
        """Where the value starts in the file or buffer it was read from."""
        if self._raw is None:
            return None
        _, _, start, _, _ = self._raw
        return start

    @property
    def length(self) -> int:
        """The value length: as stored (0xFFFFFFFF when undefined) or of the encoded value."""
        if self._raw is not None:
            _, _, start, end, _ = self._raw
            return UNDEFINED_LENGTH if self.is_undefined_length else end - start
        value = self.value
        if value is None:
            return 0
        if isinstance(value, (bytes, bytearray)):
            return len(value) + (len(value) & 1)
        return -1  # not known before encoding

    def value_view(self) -> memoryview | None:
        """The value's bytes as a read-only view of the buffer it was read from, without a copy.

        Only while the element is unchanged and its source is in memory (None
        otherwise); the pixel layer reads Pixel Data this way, at the cost of
        one copy of 100 MB instead of two.
        """
        raw = self._raw
        if raw is None or raw[4].__class__ is not Source:
            return None
        _, _, start, _, src = raw
        return memoryview(src.buf)[start : src.value_end(raw)].toreadonly()

    @property
    def file_tell(self) -> int | None:
        """pydicom's name of `file_offset`: where the value starts in what it was read from."""
        return self.file_offset

    @property
    def is_raw(self) -> bool:
        """True while the element would be written as the bytes it was read from."""
        return self._raw is not None

    @property
    def is_decoded(self) -> bool:
        """True once the value has been decoded from its bytes (or was set)."""
        return self._value is not UNREAD

    # -- dictionary facts -----------------------------------------------------------------
    @property
    def private_creator(self) -> str | None:
        """The private creator of a private element's block (PS3.5 7.8.1), as the dataset
        that holds the element gives it; None when it has none (or is no private element)."""
        try:
            creator: str | None = self._private_creator
        except AttributeError:  # unset until a dataset sets it (saves a slot write per element)
            return None
        return creator

    @private_creator.setter
    def private_creator(self, creator: str | None) -> None:
        self._private_creator = creator

    @property
    def keyword(self) -> str:
        """The element's keyword in the data dictionary; "" for any other (private, repeating
        group, unknown), as in pydicom."""
        found = exact_entry(self.tag)
        return found[4] if found is not None else ""

    @property
    def name(self) -> str:
        """The dictionary's name; a private element's is its private dictionary name in
        brackets ("[Slice Measurement Duration]"), else "Private Creator" or "Private tag
        data"; "" for an unknown element (pydicom's names)."""
        tag = self.tag
        if tag >> 16 & 1:
            creator = self.private_creator
            if creator:
                name = private_dictionary_description(tag, creator, default=None)
                if name is not None:
                    return f"[{name}]"
            elif not tag & 0xFF00:
                return "Private Creator"
            return "Private tag data"
        return name_of(tag)

    @property
    def repval(self) -> str:
        """The value as pydicom shows it in short: "Array of N elements" when long, a
        registered UID's name, else its repr."""
        value = self.value
        if self.VR in _LONG_VALUE_VRS:
            try:
                length = len(value)
            except TypeError:
                pass
            else:
                if length > MAX_BYTES_TO_DISPLAY:
                    return f"Array of {length} elements"
        if self.VM > MAX_BYTES_TO_DISPLAY:
            return f"Array of {self.VM} elements"
        if isinstance(value, UID):
            return value.name
        return repr(value)

    @property
    def description(self) -> str:
        return self.name

    @property
    def is_private(self) -> bool:
        return self.tag >> 16 & 1 == 1

    @property
    def is_retired(self) -> bool:
        found = entry(self.tag)
        return found[3] if found is not None else False

    @property
    def VM(self) -> int:
        """How many values the element holds (0 when empty)."""
        value = self.value
        if value is None or value == "" or value == b"":
            return 0
        if self.VR == "SQ" or self.VR in _BYTES_VRS:
            return 1
        if isinstance(value, list):
            return len(value)
        return 1

    @property
    def dictionary_VM(self) -> str:
        return vm_of(self.tag)

    @property
    def is_empty(self) -> bool:
        if self._value is UNREAD and self._raw is not None:
            _, _, start, end, _ = self._raw
            return end == start and not self.is_undefined_length
        value = self.value
        if value is None:
            return True
        if isinstance(value, (str, bytes, list)):
            return len(value) == 0
        return str(value) == ""

    @property
    def empty_value(self) -> Any:
        """The value an element of this VR holds when empty (pydicom's)."""
        return empty_value_for_VR(self.VR)

    def clear(self) -> None:
        """Make the value empty (`empty_value`), as pydicom's method does."""
        self.set_value(self.empty_value, validation="ignore")

    @property
    def is_buffered(self) -> bool:
        """False: dicodec holds no buffered values (pydicom's property; see the guide)."""
        return False

    def validate(self, value: Any) -> None:
        """Check `value` against the element's VR as assigning it would (raise, warn, or
        not, by the element's validation), without assigning it (pydicom's method)."""
        self._coerce(value)

    @property
    def sequence(self) -> Sequence:
        """The value of an SQ element, typed."""
        value = self.value
        if not isinstance(value, Sequence):
            raise TypeError(f"{tag_text(self.tag)} is {self.VR}, not a sequence")
        return value

    def __getitem__(self, key: Any) -> Any:
        """The item (of a sequence) or value (of a multi-valued element) at `key`, as pydicom allows."""
        value = self.value
        try:
            return value[key]
        except TypeError:
            raise TypeError(f"{tag_text(self.tag)} {self.VR}: the value is not indexable") from None

    # -- the DICOM JSON Model (PS3.18 F.2), see dicodec.jsonrep --------------------------------
    def to_json_dict(
        self,
        bulk_data_element_handler: Callable[[DataElement], str] | None,
        bulk_data_threshold: int,
    ) -> dict[str, Any]:
        """The element as a DICOM JSON attribute object."""
        from dicodec.jsonrep import element_to_json_dict

        return element_to_json_dict(self, bulk_data_element_handler, bulk_data_threshold)

    def to_json(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Callable[[DataElement], str] | None = None,
        dump_handler: Callable[[dict[str, Any]], str] | None = None,
    ) -> str:
        """The element as DICOM JSON text."""
        import json

        model = self.to_json_dict(bulk_data_element_handler, bulk_data_threshold)
        return (
            dump_handler(model) if dump_handler is not None else json.dumps(model, sort_keys=True)
        )

    @classmethod
    def from_json(
        cls,
        dataset_class: type[Dataset],
        tag: str,
        vr: str,
        value: Any,
        value_key: str | None,
        bulk_data_uri_handler: Callable[..., Any] | None = None,
    ) -> DataElement:
        """An element from its DICOM JSON attribute (`value` under `value_key`)."""
        from dicodec.jsonrep import element_from_json

        return element_from_json(dataset_class, tag, vr, value, value_key, bulk_data_uri_handler)

    # -- comparison and printing ------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DataElement):
            return NotImplemented
        return self.tag == other.tag and self.VR == other.VR and self.value == other.value

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return element_line(self)

    __str__ = __repr__


def decode_raw(
    tag: int, vr: str, raw: RawElement, encodings: tuple[str, ...], undefined: bool
) -> Any:
    """The value of the parser's tuple `raw` for `tag`, its VR resolved to `vr`: what
    `DataElement.value` gives (`undefined`: the value has an undefined length)."""
    _, _, start, end, src = raw
    if src.strict and not is_strict():
        with reading(strict=True):
            return decode_raw(tag, vr, raw, encodings, undefined)
    if undefined or src.__class__ is not Source:
        data = src.value_bytes(raw)
    else:
        data = src.buf[start:end]
    try:
        decoder = DECODERS[src.little_endian][vr]
    except KeyError:
        # a VR this edition does not know, or SQ: its items are read by the dataset
        # that holds it (`Dataset._promote`), so an element made SQ after it was read
        # keeps its bytes, as an element of a VR without a codec does
        return data or None
    try:
        return decoder(data, encodings)
    except DicomError as exc:
        if exc.offset is not None:
            raise
        # the same kind of error, now saying where
        raise type(exc)(f"cannot decode the {vr} value: {exc}", offset=start, tag=tag) from exc
    except (ValueError, UnicodeError) as exc:
        raise InvalidDicomError(
            f"cannot decode the {vr} value: {exc}", offset=start, tag=tag
        ) from exc


def empty_value_for_VR(VR: str | None, raw: bool = False) -> Any:
    """The value an element of `VR` holds when empty, as pydicom's function gives it: an
    empty `Sequence` for SQ, "" for text (an empty `PersonName` for PN), None for numbers
    and bytes; with `raw`, b"" for text and SQ (a `RawDataElement`'s)."""
    if VR == "SQ":
        return b"" if raw else Sequence()
    coerce = COERCERS.get(VR or "")
    empty = coerce(None) if coerce is not None else None
    if raw and isinstance(empty, str):
        return b""
    return empty


def validation_mode_of(
    validation: Validation | int | None, mode: int | None = None
) -> Validation | None:
    """The validation an element or dataset is given, as dicodec's name or pydicom's number."""
    if validation is None:
        return validation_mode(mode)
    return validation_mode(validation)


class RawDataElement(NamedTuple):
    """pydicom's record of an element read and not yet converted (`Dataset.get_item`).

    `VR` is None for an element read without one (Implicit VR); `value` is the encoded
    value (None for a value not read yet, `dcmread(defer_size=...)`); `value_tell` is where
    the value starts in what it was read from.
    """

    tag: Tag
    VR: str | None
    length: int
    value: bytes | None
    value_tell: int
    is_implicit_VR: bool
    is_little_endian: bool
    is_raw: bool = True
    is_buffered: bool = False
