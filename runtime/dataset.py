"""`Dataset`: a mapping of tag -> `DataElement`, with typed keyword attributes.

The keyword attributes (`ds.PatientName`) come from the generated
`KeywordAccessors`; this class holds the elements and everything else of
pydicom's Dataset API that users' hands know.
"""

from __future__ import annotations

import copy as _copy
import io
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, KeysView, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, overload

from dicodec import vr_context
from dicodec.charset import DEFAULT_ENCODINGS, python_encodings
from dicodec.datadict import (
    added_keyword_tag,
    entry,
    is_left_out,
    keyword_for_tag,
    name_of,
    private_entry,
    suggest_keywords,
    tag_for_keyword,
    unknown_keyword,
)
from dicodec.element import (
    MAY_BE_UNDEFINED,
    DataElement,
    RawDataElement,
    Validation,
    decode_raw,
    empty_value_for_VR,
    validation_mode_of,
)
from dicodec.errors import (
    DicomWarning,
    InvalidDicomError,
    InvalidTagError,
    InvalidValueError,
    MissingAttributeError,
    UnknownKeywordError,
    tag_text,
)
from dicodec.generated import tags
from dicodec.generated.dictionary import DICTIONARY, KEYWORDS
from dicodec.generated.keywords import KeywordAccessors
from dicodec.generated.vrs import VRS
from dicodec.keyword_access import AddedKeyword, Keyword, KeywordAlias
from dicodec.leniency import reading
from dicodec.listing import format_dataset
from dicodec.private import PrivateBlock, private_block
from dicodec.reader import MAX_SEQUENCE_DEPTH, read_items
from dicodec.sequence import Sequence
from dicodec.source import UNDEFINED_LENGTH, RawElement, Source
from dicodec.tag import DICTIONARY_TAGS, Tag, as_tag
from dicodec.values.uid import IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, UID

if TYPE_CHECKING:
    import numpy as np

SPECIFIC_CHARACTER_SET = tags.SpecificCharacterSet
# VRs whose text depends on (0008,0005)
_CHARSET_VRS = frozenset(vr for vr, record in VRS.items() if record.charset)
# dictionary VRs that need a look at the bytes or at the dataset to settle: those that
# may have an undefined length, "US or SS" and the like, and the items' "NONE"
_UNDEFINED_OR_AMBIGUOUS = frozenset(
    vr
    for vr in {found[0] for found in DICTIONARY.values()}
    if vr not in VRS or VRS[vr].undefined_length
)
_KEYWORD_TAG = KEYWORDS.get
# keyword -> tag of every element a dataset can hold: those with a generated accessor (not
# the item and delimitation items, PS3.5 7.5)
_ELEMENT_KEYWORDS = {
    name: accessor.tag
    for name, accessor in vars(KeywordAccessors).items()
    if isinstance(accessor, Keyword) and not isinstance(accessor, KeywordAlias)
}
_T = TypeVar("_T")
_D = TypeVar("_D", bound="Dataset")


class Dataset(KeywordAccessors):
    """A DICOM dataset: data elements by tag, iterated in tag order.

    Keys may be a `Tag`, an int, a `(group, element)` pair or a keyword.
    """

    __slots__ = (
        "__dict__",
        "_elements",
        "_encodings",
        "_file_meta",
        "_last_tag",
        "_pixel_options",
        "_sorted",
        "filename",
        "is_implicit_VR",
        "is_little_endian",
        "is_undefined_length_sequence_item",
        "parent",
        "preamble",
        "validation",
    )
    _elements: dict[int, Any]  # tag -> DataElement, or the parser's RawElement tuple
    _encodings: tuple[str, ...] | None
    _file_meta: FileMetaDataset | None
    _last_tag: int
    _pixel_options: dict[str, Any]  # set by pixel_array_options(); unset until then
    _sorted: bool
    filename: str | None
    is_implicit_VR: bool | None  # how the dataset was encoded when read (None: not read)
    is_little_endian: bool | None
    is_undefined_length_sequence_item: bool
    parent: Dataset | None
    preamble: bytes | None
    validation: Validation | None  # None: as the context says (see dicodec.config)

    def __init__(
        self,
        elements: Mapping[Any, DataElement | RawDataElement]
        | Dataset
        | Iterable[DataElement]
        | None = None,
        *,
        validation: Validation | int | None = None,
    ) -> None:
        """A dataset of `elements`: a mapping of tags to DataElements (or pydicom's
        `RawDataElement`s), another dataset, or an iterable of DataElements.
        `validation` ("raise", "warn", "ignore", or pydicom's config.RAISE, ...) checks the
        values assigned to its elements; None: as the context says (see dicodec.config)."""
        _init_slots(self, {}, None)
        self.validation = validation_mode_of(validation)
        if elements is None:
            return
        if isinstance(elements, Dataset):
            for element in elements:
                self.add(element)
            return
        if isinstance(elements, Mapping):
            for key, held in elements.items():
                self[key] = held
            return
        for element in elements:
            self.add(element)

    @classmethod
    def _from_elements(
        cls: type[_D], elements: dict[int, RawElement], encodings: tuple[str, ...] | None
    ) -> _D:
        """A dataset over the parser's raw elements (nothing decoded yet)."""
        ds = cls.__new__(cls)
        _init_slots(ds, elements, encodings)
        return ds

    # -- elements by key --------------------------------------------------------------------
    def _promote(self, tag: int, raw: RawElement) -> DataElement:
        """Turn the parser's tuple for `tag` into a DataElement (first access)."""
        vr, header, start, end, src = raw
        # a private element in a creator's block (PS3.5 7.8.1): its creator, for its VR and name
        creator = self._private_creator_of(tag) if tag >> 16 & 1 and tag & 0xFF00 else None
        if vr is None or vr == "UN":
            vr = self._read_vr(tag, raw, creator)
            raw = (vr, header, start, end, src)  # the bytes stay as read
        # only text of these VRs depends on (0008,0005), itself a CS
        encodings = DEFAULT_ENCODINGS
        if (vr in _CHARSET_VRS or vr == "SQ") and tag != SPECIFIC_CHARACTER_SET:
            encodings = self._charset()  # not for (0008,0005) itself: a damaged file may make it SQ
        element = DataElement._from_raw(tag, vr, raw, encodings, self.validation)
        if vr == "SQ":
            self._check_depth(tag, start)
            sequence = read_sequence(raw, self.validation)
            sequence.is_undefined_length = element.is_undefined_length
            sequence.set_parent(self)
            element._value = sequence
        if creator is not None:
            element._private_creator = creator
        self._elements[tag] = element
        return element

    def _value(self, tag: int) -> Any:
        """The value of the element `tag` (KeyError when absent), as `self[tag].value` gives
        it, but decoded straight from the parser's tuple when the element is still one:
        no DataElement is made, and nothing is kept. For code that reads each value once
        (`dicodec index`); a sequence's items are read as `self[tag]` reads them."""
        raw = self._elements[tag]
        if raw.__class__ is not tuple:
            return raw.value
        vr, header, start, end, src = raw
        if vr is None or vr == "UN":
            creator = self._private_creator_of(tag) if tag >> 16 & 1 and tag & 0xFF00 else None
            vr = self._read_vr(tag, raw, creator)
            raw = (vr, header, start, end, src)
        if vr == "SQ":
            return self[tag].value
        encodings = DEFAULT_ENCODINGS
        if vr in _CHARSET_VRS and tag != SPECIFIC_CHARACTER_SET:
            encodings = self._charset()
        undefined = vr in MAY_BE_UNDEFINED and src.is_undefined_length(raw)
        return decode_raw(tag, vr, raw, encodings, undefined)

    def _private_creator_of(self, tag: int) -> str | None:
        """The private creator that reserves the block of private element `tag`, if present."""
        creator_tag = (tag & 0xFFFF0000) | (tag & 0xFF00) >> 8
        if creator_tag not in self._elements:
            return None
        value = self[creator_tag].value
        return value if isinstance(value, str) else None

    def _check_depth(self, tag: int, offset: int) -> None:
        """Refuse a sequence nested too deep to walk (a hostile file); see MAX_SEQUENCE_DEPTH."""
        depth, ds = 0, self.parent
        while ds is not None and depth <= MAX_SEQUENCE_DEPTH:
            depth, ds = depth + 1, ds.parent
        if depth >= MAX_SEQUENCE_DEPTH:
            raise InvalidDicomError(
                f"sequences nested more than {MAX_SEQUENCE_DEPTH} deep", offset=offset, tag=tag
            )

    def _read_vr(self, tag: int, raw: RawElement, creator: str | None = None) -> str:
        """The VR of an element read without one (Implicit VR) or as UN (PS3.5 6.2.2).

        A private element whose creator and element the private dictionary knows has the
        dictionary's VR, as in pydicom (undefined length aside: that is a sequence).
        """
        vr, _, _, _, src = raw
        found = DICTIONARY.get(tag)
        if found is not None and vr is None and found[0] not in _UNDEFINED_OR_AMBIGUOUS:
            return found[0]  # the common case in Implicit VR files
        undefined = src.is_undefined_length(raw)
        if creator is not None and not undefined:
            known = private_entry(tag, creator)
            if known is not None:
                if " or " in known[0]:
                    return vr_context.resolve_ambiguous(known[0], tag, self, implicit=vr is None)
                return known[0]
        if entry(tag) is None:
            # an unknown element of undefined length can only be a sequence
            return "SQ" if undefined else "UN"
        if vr == "UN" and undefined:
            return "SQ"
        return vr_context.dictionary_vr(tag, self, implicit=vr is None, undefined=undefined)

    def __getitem__(self, key: Any) -> DataElement:
        if isinstance(key, slice):
            return self._slice(key)  # type: ignore[return-value]
        tag = key if type(key) is int else as_tag(key)
        try:
            element = self._elements[tag]
        except KeyError:
            raise _absent(tag) from None
        if element.__class__ is tuple:
            return self._promote(tag, element)
        return element  # type: ignore[no-any-return]

    def _slice(self, key: slice) -> Dataset:
        start = 0 if key.start is None else as_tag(key.start)
        stop = 0x100000000 if key.stop is None else as_tag(key.stop)
        out = Dataset()
        for tag in self._sorted_tags():
            if start <= tag < stop:
                out.add(self[tag])
        return out

    def __setitem__(self, key: Any, element: DataElement | RawDataElement) -> None:
        if isinstance(key, slice):
            raise NotImplementedError("a slice of a dataset cannot be set")
        tag = as_tag(key)
        if isinstance(element, RawDataElement):
            if tag != int(element.tag):
                raise ValueError(
                    f"key {tag_text(tag)} does not match the element's tag {tag_text(element.tag)}"
                )
            self._store_raw(tag, _raw_of(element))
            return
        if not isinstance(element, DataElement):
            raise TypeError(f"a dataset holds DataElements, not {type(element).__name__}")
        if tag != element.tag:
            raise ValueError(
                f"key {tag_text(tag)} does not match the element's tag {tag_text(element.tag)}"
            )
        self._store(tag, element)

    def _store(self, tag: int, element: DataElement) -> None:
        # slot setters, not attribute assignment: Dataset.__setattr__ is for keywords
        if tag not in self._elements and tag < self._last_tag:
            _SET_SORTED(self, False)
        elif tag > self._last_tag:
            _SET_LAST(self, tag)
        self._elements[tag] = element
        if element.VR == "SQ" and isinstance(element._value, Sequence):
            element._value.set_parent(self)
        if tag == SPECIFIC_CHARACTER_SET:
            self._reset_charset()
        elif tag >> 16 & 1 and tag & 0xFF00:  # private: its creator names it, as in pydicom
            creator = self._private_creator_of(tag)
            if creator is not None:
                element._private_creator = creator

    def _store_raw(self, tag: int, raw: RawElement) -> None:
        """Store an element not read yet (promoted on first access, as a parsed one is)."""
        if tag not in self._elements and tag < self._last_tag:
            _SET_SORTED(self, False)
        elif tag > self._last_tag:
            _SET_LAST(self, tag)
        self._elements[tag] = raw
        if tag == SPECIFIC_CHARACTER_SET:
            self._reset_charset()

    def __delitem__(self, key: Any) -> None:
        if isinstance(key, slice):
            for tag in list(self._slice(key)._elements):
                del self._elements[tag]
            return
        tag = as_tag(key)
        try:
            del self._elements[tag]
        except KeyError:
            raise _absent(tag) from None
        if tag == SPECIFIC_CHARACTER_SET:
            self._reset_charset()

    def __contains__(self, key: object) -> bool:
        try:
            tag = key if type(key) is int else as_tag(key)
        except (ValueError, TypeError, UnknownKeywordError):
            return False
        return tag in self._elements

    def __len__(self) -> int:
        return len(self._elements)

    def __bool__(self) -> bool:
        return True

    def _sorted_tags(self) -> list[int]:
        if not self._sorted:
            items = sorted(self._elements.items())
            self._elements.clear()
            self._elements.update(items)
            _SET_SORTED(self, True)
        return list(self._elements)

    def __iter__(self) -> Iterator[DataElement]:
        """The data elements, in tag order (as pydicom iterates)."""
        for tag in self._sorted_tags():
            yield self[tag]

    def keys(self) -> KeysView[Tag]:
        """The tags of the elements, in tag order, as `Tag`s (a set-like view, as pydicom's)."""
        self._sorted_tags()
        return _TagKeys(self._elements)

    def values(self) -> list[DataElement]:
        return list(self)

    def items(self) -> list[tuple[Tag, DataElement]]:
        return [(element.tag, element) for element in self]

    def elements(self) -> Iterator[DataElement | RawDataElement]:
        """The elements in tag order, those not read yet as pydicom's `RawDataElement`
        (see `get_item`): what can be had without decoding anything."""
        for tag in self._sorted_tags():
            found = self.get_item(tag)
            if isinstance(found, (DataElement, RawDataElement)):
                yield found

    def get_item(
        self, key: Any, *, keep_deferred: bool = False
    ) -> DataElement | RawDataElement | Dataset | None:
        """The element of `key` as it is held: a DataElement, or (not read yet) pydicom's
        `RawDataElement` with its encoded value; None when absent; a slice gives a dataset.

        A deferred value (`dcmread(defer_size=...)`) is read, unless `keep_deferred`
        (its `RawDataElement` then has the value None).
        """
        if isinstance(key, slice):
            return self._slice(key)
        tag = as_tag(key)
        found = self._elements.get(tag)
        if found is None or found.__class__ is not tuple:
            return found
        vr, _, start, end, src = found
        deferred = src.__class__ is not Source and not src.buf
        if deferred and not keep_deferred:
            return self[tag]
        undefined = src.is_undefined_length(found)
        value = None if deferred else src.value_bytes(found)
        if not value and not deferred:
            value = empty_value_for_VR(vr, raw=True)  # b"" for text and SQ, else None
        return RawDataElement(
            DICTIONARY_TAGS.get(tag) or Tag(tag),
            vr,
            UNDEFINED_LENGTH if undefined else end - start,
            value,
            start,
            src.implicit_vr,
            src.little_endian,
        )

    def update_raw_element(
        self, tag: Any, *, vr: str | None = None, value: bytes | None = None
    ) -> None:
        """Change the VR or the encoded value of an element not read yet, before it is
        (pydicom's way to repair an element that would not convert)."""
        if vr is None and value is None:
            raise ValueError("Either or both of 'vr' and 'value' are required")
        if vr is not None and vr not in VRS:
            raise ValueError(f"Invalid VR value '{vr}'")
        if value is not None and not isinstance(value, bytes):
            raise TypeError(f"'value' must be bytes, not '{type(value).__name__}'")
        key = as_tag(tag)
        raw = self._elements.get(key)
        if raw is None:
            raise KeyError(f"No element with tag {tag_text(key)} was found")
        if raw.__class__ is not tuple:
            raise TypeError(
                f"The element with tag {tag_text(key)} has already been converted to a "
                "'DataElement' instance, this method must be called earlier"
            )
        old_vr, header, start, end, src = raw
        if value is not None:
            # written with a header of its own, as a value cut short is
            src = Source(value, implicit_vr=src.implicit_vr, little_endian=src.little_endian).cut()
            header, start, end = 0, 0, len(value)
        elif vr is not None and vr != old_vr and src.__class__ is Source:
            src = src.cut()  # the header read says the old VR
        self._elements[key] = (vr if vr is not None else old_vr, header, start, end, src)

    def clear(self) -> None:
        """Delete every element."""
        self._elements.clear()
        _SET_SORTED(self, True)
        _SET_LAST(self, -1)
        self._reset_charset()

    def popitem(self) -> tuple[Tag, DataElement]:
        """Remove and return the element of the greatest tag, as `(tag, element)`."""
        if not self._elements:
            raise KeyError("popitem(): dataset is empty")
        tag = self._sorted_tags()[-1]
        element = self[tag]
        del self[tag]
        return element.tag, element

    @overload
    def get(self, key: str, default: Any = None) -> Any: ...
    @overload
    def get(
        self, key: int | tuple[int, int], default: _T | None = None
    ) -> DataElement | _T | None: ...
    def get(self, key: Any, default: Any = None) -> Any:
        """A keyword gives the value; a tag gives the DataElement (pydicom's `get`)."""
        if isinstance(key, str):
            tag = _KEYWORD_TAG(key)
            if tag is not None:  # (the commonest test in user code: inlined)
                element = self._elements.get(tag)
                if element is None:
                    return default
                if element.__class__ is tuple:
                    element = self._promote(tag, element)
                return element.value
            if hasattr(type(self), key):  # an attribute such as file_meta, as pydicom allows
                return getattr(self, key, default)
            try:
                tag = int(Tag(key))
            except (ValueError, UnknownKeywordError):
                return default
            return self[tag] if tag in self._elements else default
        tag = as_tag(key)
        return self[tag] if tag in self._elements else default

    def pop(self, key: Any, *default: Any) -> Any:
        tag = as_tag(key)
        if tag in self._elements:
            element = self[tag]
            del self[tag]
            return element
        if default:
            return default[0]
        raise _absent(tag)

    def setdefault(self, key: Any, default: Any = None) -> DataElement:
        tag = as_tag(key)
        if tag in self._elements:
            return self[tag]
        if isinstance(default, DataElement):
            element = default
        else:
            element = DataElement(tag, self._new_vr(tag), default, validation=self.validation)
        self._store(tag, element)
        return element

    def update(self, other: Mapping[Any, Any] | Dataset) -> None:
        """Add or replace elements; keys are keywords or tags, values DataElements or values."""
        pairs = other.items() if isinstance(other, (Dataset, Mapping)) else other
        for key, value in pairs:
            if isinstance(value, DataElement):
                self[key] = value
            elif isinstance(key, str) and tag_for_keyword(key) is not None:
                setattr(self, key, value)
            else:
                tag = as_tag(key)
                self._set_keyword_value(tag, value)

    # -- keyword attributes -------------------------------------------------------------------
    def _new_vr(self, tag: int) -> str:
        found = DICTIONARY.get(tag)
        if found is not None and " or " not in found[0]:
            return found[0]  # the common case: one VR
        found = entry(tag)
        if found is None:
            raise KeyError(
                f"{tag_text(tag)} is not in the data dictionary: use add_new(tag, VR, value)"
            )
        vr = found[0]
        return vr_context.resolve_ambiguous(vr, tag, self) if " or " in vr else vr

    def _set_keyword_value(self, tag: int, value: Any) -> None:
        """What `ds.<Keyword> = value` does: set the value, creating the element if needed."""
        element = self._elements.get(tag)
        if element is None:
            self._store(tag, DataElement._new(tag, self._new_vr(tag), value, self.validation))
            return
        if element.__class__ is tuple:
            element = self._promote(tag, element)
        validation = self.validation
        if validation is not None and element.validation is not validation:
            element.validation = validation  # the dataset's choice holds for what it is given
        element.value = value
        if element.VR == "SQ":
            element._value.set_parent(self)
        if tag == SPECIFIC_CHARACTER_SET:
            self._reset_charset()

    def add(self, element: DataElement) -> None:
        self._store(int(element.tag), element)

    def add_new(self, tag: Any, VR: str, value: Any) -> DataElement:
        element = DataElement(tag, VR, value, validation=self.validation)
        self._store(int(element.tag), element)
        return element

    def data_element(self, keyword: str) -> DataElement | None:
        """The DataElement of `keyword`: a KeyError when the dataset does not have it, None
        when the word is no keyword (pydicom's behaviour)."""
        tag = tag_for_keyword(keyword)
        if tag is None:
            return None
        return self[tag]

    def dir(self, *filters: str) -> list[str]:
        """The keywords present, sorted; with filters, those containing any of them (case-insensitive)."""
        keywords = [keyword_for_tag(tag) for tag in self._elements]
        found = sorted(k for k in keywords if k)
        if not filters:
            return found
        lowered = [f.lower() for f in filters]
        return [k for k in found if any(f in k.lower() for f in lowered)]

    # -- walking ----------------------------------------------------------------------------------
    def walk(
        self, callback: Callable[[Dataset, DataElement], None], recursive: bool = True
    ) -> None:
        """Call `callback(dataset, element)` for every element, items of sequences included."""
        for tag in self._sorted_tags():
            if tag not in self._elements:  # the callback deleted it
                continue
            element = self[tag]
            callback(self, element)
            if recursive and tag in self._elements and element.VR == "SQ":
                for item in element.value:
                    item.walk(callback, recursive)

    def iterall(self) -> Iterator[DataElement]:
        """Every element, depth first through sequence items."""
        for element in self:
            yield element
            if element.VR == "SQ":
                for item in element.value:
                    yield from item.iterall()

    def remove_private_tags(self) -> None:
        def remove(ds: Dataset, element: DataElement) -> None:
            if element.tag >> 16 & 1:
                del ds[element.tag]

        self.walk(remove)

    def group_dataset(self, group: int) -> Dataset:
        return self._slice(slice(group << 16, (group + 1) << 16))

    def private_block(self, group: int, private_creator: str, create: bool = False) -> PrivateBlock:
        """The block of private group `group` reserved by `private_creator` (PS3.5 7.8.1);
        with `create`, reserved in the first free slot when there is none. Its elements are
        typed by the private dictionary: `ds.private_block(0x0019, "SIEMENS MR HEADER")[0x0C]`.
        """
        return private_block(self, group, private_creator, create)

    def private_creators(self, group: int) -> list[str]:
        """The private creators of the blocks of private group `group`."""
        if not group & 1:
            raise InvalidTagError(f"group {group:04X} is not private: private groups are odd")
        return [
            self[t].value
            for t in self._sorted_tags()
            if t >> 16 == group and 0x10 <= t & 0xFFFF <= 0xFF
        ]

    def get_private_item(
        self, group: int, element_offset: int, private_creator: str
    ) -> DataElement:
        """The element at `element_offset` of `private_creator`'s block in private group
        `group`; a KeyError when the creator or the element is absent."""
        return self.private_block(group, private_creator)[element_offset]

    def add_new_private(
        self,
        private_creator: str,
        group: int,
        element_offset: int,
        value: Any,
        vr: str | None = None,
    ) -> None:
        """Add a private element at `element_offset` of `private_creator`'s block (reserved
        if needed); without `vr`, its VR is the private dictionary's (a KeyError when it
        has none)."""
        block = self.private_block(group, private_creator, create=True)
        tag = block.get_tag(element_offset)
        if vr is None:
            known = private_entry(tag, private_creator)
            if known is None:
                raise KeyError(
                    f"Tag '{tag_text(tag)}' not in private dictionary "
                    f"for private creator '{private_creator}'"
                )
            vr = known[0]
            if " or " in vr:
                vr = vr_context.resolve_ambiguous(vr, tag, self)
        block.add_new(element_offset, vr, value)

    # -- how the dataset was encoded ----------------------------------------------------------
    @property
    def original_encoding(self) -> tuple[bool, bool] | tuple[None, None]:
        """(implicit VR, little endian) as the dataset was read; (None, None) when made here."""
        if self.is_implicit_VR is None or self.is_little_endian is None:
            return None, None
        return self.is_implicit_VR, self.is_little_endian

    @property
    def original_character_set(self) -> str | list[str] | None:
        """The Python encodings of the text as read, as pydicom gives them: one name for
        the default repertoire, a list for a Specific Character Set (0008,0005); what
        `set_original_encoding` said, if it was told; None once (0008,0005) changed."""
        told = self.__dict__.get("_original_character_set")
        if told is not None:
            return told  # type: ignore[no-any-return]
        raw = self._elements.get(SPECIFIC_CHARACTER_SET)
        if raw is not None and raw.__class__ is not tuple and raw._raw is None:
            return None  # changed since it was read
        return self._character_set()

    def _character_set(self) -> str | list[str]:
        """pydicom's `_character_set`: the Python encodings of the text, as now."""
        if SPECIFIC_CHARACTER_SET not in self._elements:
            return DEFAULT_ENCODINGS[0]
        return list(python_encodings(self[SPECIFIC_CHARACTER_SET].value))

    @property
    def is_original_encoding(self) -> bool:
        """Whether the dataset would be written as it was read: it was read (or told how by
        `set_original_encoding`), and its character set is unchanged."""
        if None in self.original_encoding:
            return False
        return bool(self.original_character_set == self._character_set())

    def set_original_encoding(
        self,
        is_implicit_vr: bool | None,
        is_little_endian: bool | None,
        character_encoding: Any = None,
    ) -> None:
        """Say how the dataset was encoded (pydicom's): implicit VR, little endian, and the
        Specific Character Set when given."""
        self.is_implicit_VR = is_implicit_vr
        self.is_little_endian = is_little_endian
        if character_encoding is not None:
            self.__dict__["_original_character_set"] = character_encoding

    def decode(self) -> None:
        """Decode every value now, items of sequences included (dicodec decodes each value
        with the Specific Character Set the first time it is read; this reads them all)."""
        for element in self.iterall():
            element.value  # noqa: B018 - reading decodes

    # -- character set --------------------------------------------------------------------------
    def _charset(self) -> tuple[str, ...]:
        """The Python encodings of this dataset's text: its own (0008,0005), or its parent's."""
        encodings = self._encodings
        if encodings is None:
            if SPECIFIC_CHARACTER_SET in self._elements:
                value = self[SPECIFIC_CHARACTER_SET].value
                encodings = python_encodings(value)
            elif self.parent is not None:
                encodings = self.parent._charset()
            else:
                encodings = DEFAULT_ENCODINGS
            _SET_ENCODINGS(self, encodings)
        return encodings

    def _reset_charset(self) -> None:
        _SET_ENCODINGS(self, None)
        for element in self._elements.values():
            if element.__class__ is DataElement and element._value.__class__ is Sequence:
                for item in element._value:
                    item._reset_charset()

    # -- file -----------------------------------------------------------------------------------
    @property
    def file_meta(self) -> FileMetaDataset:
        """The File Meta Information (group 0002); empty for a dataset not read from a file."""
        if self._file_meta is None:
            self._file_meta = FileMetaDataset()
        return self._file_meta

    @file_meta.setter
    def file_meta(self, value: Dataset | None) -> None:
        if value is not None and not isinstance(value, FileMetaDataset):
            value = FileMetaDataset(value)
        self._file_meta = value

    def ensure_file_meta(self) -> None:
        """Give the dataset File Meta Information if it has none (pydicom's method; here
        `file_meta` is always there, empty until set)."""
        _ = self.file_meta

    def save_as(
        self,
        filename: Any,
        /,
        *,
        implicit_vr: bool | None = None,
        little_endian: bool | None = None,
        enforce_file_format: bool = False,
    ) -> None:
        """Write the dataset to a file (see `dicodec.dcmwrite`)."""
        from dicodec.filewriter import dcmwrite  # a facade over the layer above

        dcmwrite(
            filename,
            self,
            implicit_vr=implicit_vr,
            little_endian=little_endian,
            enforce_file_format=enforce_file_format,
        )

    @property
    def pixel_array(self) -> np.ndarray[Any, Any]:
        """The pixels as a numpy array, as `pixel_array_options` says (see `dicodec.pixels`)."""
        from dicodec.pixels import pixel_array  # a facade over the layer above

        return pixel_array(self, **_pixel_options_of(self))

    def pixel_array_options(
        self,
        *,
        index: int | None = None,
        raw: bool = False,
        decoding_plugin: str = "",
        as_rgb: bool = True,
        use_pdh: bool = False,
    ) -> None:
        """How `pixel_array` decodes from now on (pydicom 3's method of this name).

        `index`: one frame only; `raw`: no colour space conversion (YBR stays YBR);
        `decoding_plugin`: the one decoder to use ("" for the first that accepts).
        """
        from dicodec.errors import PixelDataError

        if use_pdh:
            raise PixelDataError("use_pdh: dicodec has no pydicom 2 pixel data handlers")
        self._pixel_options = {
            "index": index,
            "as_rgb": as_rgb and not raw,
            "decoding_plugin": decoding_plugin or None,
        }

    def set_pixel_data(
        self,
        arr: np.ndarray[Any, Any],
        photometric_interpretation: str,
        bits_stored: int,
        *,
        generate_instance_uid: bool = True,
    ) -> None:
        """Store `arr` as native Pixel Data with Image Pixel attributes to match (pydicom 3)."""
        from dicodec.pixels import set_pixel_data

        set_pixel_data(
            self,
            arr,
            photometric_interpretation,
            bits_stored,
            generate_instance_uid=generate_instance_uid,
        )

    def overlay_array(self, group: int) -> np.ndarray[Any, Any]:
        """The overlay plane of repeating group `group` (0x6000, 0x6002, ...) as 0s and 1s."""
        from dicodec.pixels.overlay import overlay_array

        return overlay_array(self, group)

    def waveform_array(self, index: int) -> np.ndarray[Any, Any]:
        """Multiplex group `index` of the Waveform Sequence, (samples, channels), in units."""
        from dicodec.pixels.waveform import waveform_array

        return waveform_array(self, index)

    def decompress(self) -> None:
        """Decode compressed Pixel Data in place: the dataset becomes native."""
        from dicodec.pixels import decompress  # a facade over the layer above

        decompress(self)

    def compress(
        self,
        transfer_syntax_uid: str | UID,
        arr: np.ndarray[Any, Any] | None = None,
        *,
        encoding_plugin: str | None = None,
        encapsulate_ext: bool = False,
        generate_instance_uid: bool = True,
        **options: Any,
    ) -> None:
        """Compress the Pixel Data in place, from `arr` if given (see `dicodec.pixels.compress`)."""
        from dicodec.pixels import compress  # a facade over the layer above

        compress(
            self,
            transfer_syntax_uid,
            arr,
            encoding_plugin=encoding_plugin,
            encapsulate_ext=encapsulate_ext,
            generate_instance_uid=generate_instance_uid,
            **options,
        )

    # -- the DICOM JSON Model (PS3.18 F.2), see dicodec.jsonrep --------------------------------
    def to_json_dict(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Callable[[DataElement], str] | None = None,
        suppress_invalid_tags: bool = False,
    ) -> dict[str, Any]:
        """The dataset as a DICOM JSON object (a dict)."""
        from dicodec.jsonrep import dataset_to_json_dict

        return dataset_to_json_dict(
            self, bulk_data_threshold, bulk_data_element_handler, suppress_invalid_tags
        )

    def to_json(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Callable[[DataElement], str] | None = None,
        dump_handler: Callable[[dict[str, Any]], str] | None = None,
        suppress_invalid_tags: bool = False,
    ) -> str:
        """The dataset as DICOM JSON text."""
        from dicodec.jsonrep import dataset_to_json

        return dataset_to_json(
            self,
            bulk_data_threshold,
            bulk_data_element_handler,
            dump_handler,
            suppress_invalid_tags,
        )

    @classmethod
    def from_json(
        cls: type[_D],
        json_dataset: dict[str, Any] | str | bytes | bytearray,
        bulk_data_uri_handler: Callable[..., Any] | None = None,
    ) -> _D:
        """A dataset from a DICOM JSON object or its text."""
        from dicodec.jsonrep import dataset_from_json

        return dataset_from_json(cls, json_dataset, bulk_data_uri_handler)

    def top(self) -> str:
        return format_dataset(self, recursive=False)

    # -- comparison, copies, printing -----------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        if self._elements.keys() != other._elements.keys():
            return False
        return all(self[tag] == other[tag] for tag in self._elements)

    __hash__ = None  # type: ignore[assignment]

    def copy(self) -> Dataset:
        """A shallow copy: a new mapping over the same DataElements."""
        out = self.__class__.__new__(self.__class__)
        _init_slots(out, dict(self._elements), self._encodings)
        self._copy_attributes_to(out)
        out._file_meta = self._file_meta
        return out

    def _copy_attributes_to(self, out: Dataset) -> None:
        """What a copy keeps besides the elements: where and how the dataset was read, and
        the user's own attributes (shallow)."""
        out.validation = self.validation
        out.preamble = self.preamble
        out.filename = self.filename
        out.is_implicit_VR = self.is_implicit_VR
        out.is_little_endian = self.is_little_endian
        out.is_undefined_length_sequence_item = self.is_undefined_length_sequence_item
        out.__dict__.update(self.__dict__)
        options = _pixel_options_of(self)
        if options:
            out._pixel_options = dict(options)

    def __copy__(self) -> Dataset:
        return self.copy()

    def __deepcopy__(self, memo: dict[int, Any]) -> Dataset:
        out = self.__class__.__new__(self.__class__)
        memo[id(self)] = out
        _init_slots(out, {}, None)
        self._copy_attributes_to(out)
        out.__dict__.update(_copy.deepcopy(self.__dict__, memo))
        for tag in self._sorted_tags():
            element = self._elements[tag]
            if element.__class__ is tuple:
                # the parser's record, not read yet: immutable, and its bytes are shared
                # (promoting it would make a UN of undefined length an SQ, written anew)
                out._elements[tag] = element
                continue
            clone = DataElement.__new__(DataElement)
            clone.tag, clone.VR, clone.validation = element.tag, element.VR, element.validation
            clone.is_undefined_length = element.is_undefined_length
            clone._encodings = element._encodings
            clone._raw = element._raw  # the bytes are immutable: sharing them is safe
            if element.private_creator is not None:
                clone._private_creator = element.private_creator
            clone._value = _copy.deepcopy(element._value, memo)
            if isinstance(clone._value, Sequence):
                clone._value.set_parent(out)
            out._elements[tag] = clone
        out._last_tag = self._last_tag
        out._file_meta = _copy.deepcopy(self._file_meta, memo)
        out.parent = self.parent
        return out

    def __str__(self) -> str:
        return format_dataset(self)

    def __repr__(self) -> str:
        return self.__str__()

    def __dir__(self) -> list[str]:
        # As pydicom's: the dataset's own names and the keywords of the elements it
        # holds, not all 5,000 keywords. Python then suggests a near name lazily, when
        # a traceback is printed ("Did you mean: 'PatientName'?"; it gives up on long dirs).
        present = [keyword_for_tag(tag) for tag in self._elements]
        return sorted({*_OWN_NAMES, *vars(self), *(k for k in present if k)})

    if not TYPE_CHECKING:
        # Hidden from type checkers: with it visible, mypy would accept any attribute
        # set, and `ds.PatientNmae = x` would no longer be a type error.
        #
        # There is no __getattr__, on purpose: CPython calls it after every
        # AttributeError, so an absent keyword (`getattr(ds, "Rows", None)`, the
        # commonest test in user code) would pay a second Python call and raise. A
        # misspelt keyword read is a plain AttributeError, as in pydicom (and a type
        # error for mypy); a misspelt keyword set is an UnknownKeywordError.
        def __setattr__(self, name: str, value: Any) -> None:
            tag = _ELEMENT_KEYWORDS.get(name)
            if tag is not None:  # what the keyword's descriptor would do, one call sooner
                self._set_keyword_value(tag, value)
            elif name in _DATASET_NAMES or not name[:1].isupper():
                object.__setattr__(self, name, value)
            else:
                self._set_other(name, value)

    def _set_other(self, name: str, value: Any) -> None:
        """`ds.Name = value` for a capitalised name that is no keyword of the standard.

        A keyword added with `datadict.add_dict_entry` sets its element. A likely typo of a
        keyword (one that `suggest_keywords` finds close), or a keyword of the standard that
        these tables leave out (an embedded package's selection), raises
        `UnknownKeywordError` naming it; any other name becomes an ordinary attribute, with a
        warning, as in pydicom.
        """
        tag = added_keyword_tag(name)
        if tag is not None:
            self._set_keyword_value(tag, value)
        elif name in KEYWORDS:
            raise UnknownKeywordError(
                f"{name} is an item or delimitation tag (PS3.5 7.5), not an element of a dataset"
            )
        elif is_left_out(name) or suggest_keywords(name):
            raise unknown_keyword(name)
        else:
            warnings.warn(
                f"{name!r} is no DICOM keyword: set as an ordinary attribute",
                DicomWarning,
                stacklevel=3,
            )
            object.__setattr__(self, name, value)


def _init_slots(ds: Dataset, elements: dict[int, Any], encodings: tuple[str, ...] | None) -> None:
    _SET_ELEMENTS(ds, elements)
    _SET_ENCODINGS(ds, encodings)
    _SET_SORTED(ds, True)
    _SET_LAST(ds, _last_if_sorted(ds, elements))
    _SET_PARENT(ds, None)
    _SET_VALIDATION(ds, None)
    _SET_META(ds, None)
    _SET_PREAMBLE(ds, None)
    _SET_FILENAME(ds, None)
    _SET_IMPLICIT(ds, None)
    _SET_LITTLE(ds, None)
    _SET_UNDEFINED_ITEM(ds, False)


def _last_if_sorted(ds: Dataset, elements: dict[int, Any]) -> int:
    """The greatest tag; marks the dataset unsorted when the parser met tags out of order."""
    if not elements:
        return -1
    tags = list(elements)
    if tags != sorted(tags):
        _SET_SORTED(ds, False)
        return max(tags)
    return tags[-1]


# Slot setters that skip `Dataset.__setattr__`: making a dataset is on the hot path of
# reading sequences (one per item).
_SET_ELEMENTS = vars(Dataset)["_elements"].__set__
_SET_ENCODINGS = vars(Dataset)["_encodings"].__set__
_SET_SORTED = vars(Dataset)["_sorted"].__set__
_SET_LAST = vars(Dataset)["_last_tag"].__set__
_SET_PARENT = vars(Dataset)["parent"].__set__
_SET_VALIDATION = vars(Dataset)["validation"].__set__
_SET_META = vars(Dataset)["_file_meta"].__set__
_SET_PREAMBLE = vars(Dataset)["preamble"].__set__
_SET_FILENAME = vars(Dataset)["filename"].__set__
_SET_IMPLICIT = vars(Dataset)["is_implicit_VR"].__set__
_SET_LITTLE = vars(Dataset)["is_little_endian"].__set__
_SET_UNDEFINED_ITEM = vars(Dataset)["is_undefined_length_sequence_item"].__set__


_PIXEL_OPTIONS = vars(Dataset)["_pixel_options"]


def _pixel_options_of(ds: Dataset) -> dict[str, Any]:
    """The `pixel_array_options` of `ds` (a slot left unset until they are set), or {}."""
    try:
        options: dict[str, Any] = _PIXEL_OPTIONS.__get__(ds, Dataset)
    except AttributeError:
        return {}
    return options


class AsRead(NamedTuple):
    """How a file was read: what writing it back unchanged needs, to give the same bytes."""

    transfer_syntax_uid: str | None  # as the File Meta Information gave it (None: none)
    # Deflated (PS3.5 A.5): the deflate stream read, and the dataset it inflated to
    deflated: tuple[bytes, bytes] | None = None


class FileDataset(Dataset):
    """A dataset read from a file: also usable as a context manager (`with dcmread(p) as ds`).

    It remembers how the file was read (`AsRead`); copies, deep copies and pickles do too.
    `filename` is the path it was read from; `buffer` the file object or bytes it was read
    from otherwise (pydicom's attributes, as are `fileobj_type` and `timestamp`).
    """

    __slots__ = ("_as_read", "buffer", "fileobj_type", "timestamp")
    _as_read: AsRead | None  # None: not read from a file
    buffer: Any
    fileobj_type: Any
    timestamp: float | None

    def __init__(
        self,
        filename_or_obj: Any,
        dataset: Mapping[Any, DataElement | RawDataElement] | Dataset | Iterable[DataElement],
        preamble: bytes | None = None,
        file_meta: Dataset | None = None,
        is_implicit_VR: bool = True,
        is_little_endian: bool = True,
        *,
        validation: Validation | int | None = None,
    ) -> None:
        """pydicom's constructor: a dataset read from `filename_or_obj` (a path, a file
        object or a buffer), with its `dataset` elements, preamble, File Meta Information
        and how it was encoded."""
        super().__init__(dataset, validation=validation)
        self._as_read = None
        self.preamble = preamble
        self.file_meta = file_meta if file_meta is not None else FileMetaDataset()
        self.is_implicit_VR = is_implicit_VR
        self.is_little_endian = is_little_endian
        self._set_origin(filename_or_obj)

    def _set_origin(self, source: Any) -> None:
        """`filename`, `buffer`, `fileobj_type` and `timestamp` of what the dataset was read from."""
        self.buffer = None
        self.fileobj_type = None
        if isinstance(source, (str, os.PathLike)):
            self.filename = os.fspath(source)
            self.fileobj_type = open
        elif isinstance(source, io.BufferedReader):
            self.filename = source.name if isinstance(source.name, str) else None
            self.fileobj_type = open
        elif source is not None:
            self.buffer = source
            self.fileobj_type = type(source)
            name = getattr(source, "name", None) or getattr(source, "filename", None)
            self.filename = name if isinstance(name, str) else None
        self.timestamp = None
        if self.filename and os.path.exists(self.filename):
            self.timestamp = os.stat(self.filename).st_mtime

    @classmethod
    def _from_file(
        cls, elements: dict[int, RawElement], file_meta: FileMetaDataset, as_read: AsRead
    ) -> FileDataset:
        """A dataset over the parser's raw elements of a file."""
        ds = cls._from_elements(elements, None)
        ds._file_meta = file_meta
        ds._as_read = as_read
        ds.buffer = ds.fileobj_type = ds.timestamp = None
        return ds

    def _copy_attributes_to(self, out: Dataset) -> None:
        super()._copy_attributes_to(out)
        if isinstance(out, FileDataset):
            out._as_read = self._as_read
            out.buffer = self.buffer
            out.fileobj_type = self.fileobj_type
            out.timestamp = self.timestamp

    def __enter__(self) -> FileDataset:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class FileMetaDataset(Dataset):
    """The File Meta Information: group 0002 elements only (PS3.10 7.1)."""

    __slots__ = ()

    def _store(self, tag: int, element: DataElement) -> None:
        if tag >> 16 != 0x0002:
            raise InvalidValueError(
                f"{tag_text(tag)} is not a File Meta Information element (group 0002)"
            )
        super()._store(tag, element)


def add_implementation(meta: Dataset) -> None:
    """Complete File Meta Information with what the writer fills in (PS3.10 7.1): the File
    Meta Information Version, and dicodec's Implementation Class UID and Version Name where
    there is no Implementation Class UID (an empty element counts as none)."""
    if not meta.get(tags.FileMetaInformationVersion):
        meta.FileMetaInformationVersion = b"\x00\x01"
    if not meta.get(tags.ImplementationClassUID):
        meta.ImplementationClassUID = UID(IMPLEMENTATION_CLASS_UID)
        if tags.ImplementationVersionName not in meta:
            meta.ImplementationVersionName = IMPLEMENTATION_VERSION_NAME


def validate_file_meta(file_meta: Dataset, enforce_standard: bool = True) -> None:
    """Check File Meta Information as pydicom's function does: group 0002 elements only (an
    `InvalidValueError`, a ValueError); with `enforce_standard`, complete it
    (`add_implementation`: dicodec's implementation, not pydicom's) and require the Media
    Storage SOP Class and Instance UIDs and the Transfer Syntax UID, not empty (a
    `MissingAttributeError`, an AttributeError)."""
    if any(tag >> 16 != 0x0002 for tag in file_meta.keys()):
        raise InvalidValueError(
            "Only File Meta Information group (0002,eeee) elements may be present in 'file_meta'."
        )
    if not enforce_standard:
        return
    add_implementation(file_meta)
    invalid = [
        f"{tag_text(tag)} {name_of(tag)}"
        for tag in (
            tags.MediaStorageSOPClassUID,
            tags.MediaStorageSOPInstanceUID,
            tags.TransferSyntaxUID,
        )
        if not file_meta.get(tag)
    ]
    if invalid:
        raise MissingAttributeError(
            "Required File Meta Information elements are either missing or have an empty "
            f"value: {', '.join(invalid)}"
        )


def _absent(tag: int) -> KeyError:
    """The KeyError of a tag the dataset does not have: its argument the `Tag`, as in
    pydicom, which prints in dicodec's one tag format, `(0010, 0010)`."""
    return KeyError(DICTIONARY_TAGS.get(tag) or Tag(tag))


class _TagKeys(KeysView[Tag]):
    """`ds.keys()`: the tags of a dataset as `Tag`s, a set-like view (the dataset holds ints)."""

    def __init__(self, elements: dict[int, Any]) -> None:
        self._mapping = elements

    def __iter__(self) -> Iterator[Tag]:
        shared = DICTIONARY_TAGS.get
        for tag in self._mapping:
            yield shared(tag) or Tag(tag)

    def __contains__(self, key: object) -> bool:
        try:
            return as_tag(key) in self._mapping
        except (ValueError, TypeError, KeyError, AttributeError):
            return False


def _raw_of(element: RawDataElement) -> RawElement:
    """pydicom's RawDataElement as the parser's record, over a buffer of its own value."""
    value = element.value if element.value is not None else b""
    src = Source(
        value, implicit_vr=element.is_implicit_VR, little_endian=element.is_little_endian
    ).cut()  # no header was read: one is written
    return (element.VR, 0, 0, len(value), src)


def install_added_keywords(keywords: Iterable[str]) -> None:
    """Give `Dataset` an attribute for each keyword added by `datadict.add_dict_entries`.

    pydicom's API makes `ds.NewKeyword` work after `add_dict_entry`, so this is the one
    change to a class at run time: each attribute is an `AddedKeyword`, which holds no
    state and looks the keyword's tag up in the context of whoever reads it (where it was
    not added, it is an AttributeError). Setting a class attribute is atomic.
    """
    for keyword in keywords:
        if not hasattr(Dataset, keyword):
            setattr(Dataset, keyword, AddedKeyword(keyword))


def read_sequence(raw: RawElement, validation: Validation | None = None) -> Sequence:
    """The `Sequence` value of an SQ element found by the parser: its items, parsed one
    level deep (each item's charset is its own (0008,0005), else its parent's), each
    validating assigned values as `validation` says (its parent's)."""
    if raw[4].strict:  # as the file was read, whenever the items are
        with reading(strict=True):
            items = read_items(raw)
    else:
        items = read_items(raw)
    sequence = Sequence()
    for elements, _, _, undefined in items:
        item = Dataset._from_elements(elements, None)
        item.is_undefined_length_sequence_item = undefined
        if validation is not None:
            _SET_VALIDATION(item, validation)
        sequence._append_read(item)
    return sequence


_DATASET_NAMES = frozenset(name for cls in Dataset.__mro__ for name in vars(cls)) | frozenset(
    Dataset.__slots__
)
# the names of a dataset that are not keyword accessors (what `dir(ds)` always lists)
_OWN_NAMES = frozenset(
    name for name in _DATASET_NAMES if not isinstance(getattr(Dataset, name, None), Keyword)
)
