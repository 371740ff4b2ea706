"""`deidentify`: PS3.15 Annex E applied to a dataset, at every level of its sequences."""

from __future__ import annotations

import copy
import datetime
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dicodec.deid.keyed import Keyed
from dicodec.deid.profile import (
    Profile,
    RequirementLookup,
    chosen_action,
    iod_requirement,
    lookup_requirement,
    resolve,
    table,
)
from dicodec.deid.replacements import Scrubber, dummy_value, shift_kind, shift_values
from dicodec.errors import BurnedInAnnotationError, DeidentificationError
from dicodec.generated import tags, uid_constants
from dicodec.generated.deidentification import METHODS, PS3_15_EDITION, SAFE_PRIVATE
from dicodec.generated.dictionary import KEYWORDS
from dicodec.generated.vr_codecs import NUMBER_TEXT_TYPES
from dicodec.generated.vrs import VRS
from dicodec.sequence import Sequence
from dicodec.values.uid import IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, UID

if TYPE_CHECKING:
    from dicodec.dataset import Dataset
    from dicodec.element import DataElement

__all__ = ["Record", "deidentify"]

_T = KEYWORDS  # tags by keyword, from the generated dictionary
PATIENT_IDENTITY_REMOVED = _T["PatientIdentityRemoved"]
DEIDENTIFICATION_METHOD = _T["DeidentificationMethod"]
DEIDENTIFICATION_METHOD_CODES = _T["DeidentificationMethodCodeSequence"]
TEMPORAL_MODIFIED = _T["LongitudinalTemporalInformationModified"]
BURNED_IN_ANNOTATION = _T["BurnedInAnnotation"]
SOP_CLASS_UID = _T["SOPClassUID"]
SOP_INSTANCE_UID = _T["SOPInstanceUID"]
PATIENT_ID = _T["PatientID"]
ISSUER_OF_PATIENT_ID = _T["IssuerOfPatientID"]
PATIENT_NAME = _T["PatientName"]
PATIENT_BIRTH_DATE = _T["PatientBirthDate"]
CODE_VALUE = _T["CodeValue"]
MEDIA_STORAGE_SOP_INSTANCE_UID = _T["MediaStorageSOPInstanceUID"]
MEDIA_STORAGE_SOP_CLASS_UID = _T["MediaStorageSOPClassUID"]
FILE_META_GROUP = MEDIA_STORAGE_SOP_INSTANCE_UID >> 16
# An overlay is one 60xx group, its Overlay Plane module (PS3.3 C.9.2), whose Overlay Data
# (60xx,3000) is Type 1. The profile removes that data (X), or cannot clean a bitmap (C
# under Clean Graphics): the rest of its group goes with it, as a module left without its
# Type 1 data would make the file invalid (the module is optional: its absence does not).
OVERLAY_DATA = tags.OverlayData
_REPEATING_GROUP_MASK = 0xFF00FFFF  # (60xx,eeee): any group of the range, one element

# Images whose pixels often carry burned-in text: refused unless Burned In Annotation
# says NO (secondary capture: screenshots, scanned documents; ultrasound: the scanner's
# overlay of patient and site).
_BURNED_IN_LIKELY = frozenset(
    getattr(uid_constants, keyword)
    for keyword in (
        "SecondaryCaptureImageStorage",
        "MultiFrameSingleBitSecondaryCaptureImageStorage",
        "MultiFrameGrayscaleByteSecondaryCaptureImageStorage",
        "MultiFrameGrayscaleWordSecondaryCaptureImageStorage",
        "MultiFrameTrueColorSecondaryCaptureImageStorage",
        "UltrasoundImageStorage",
        "UltrasoundImageStorageRetired",
        "UltrasoundMultiFrameImageStorage",
        "UltrasoundMultiFrameImageStorageRetired",
    )
)
# Attributes not in Table E.1-1 whose VR is a date or time get the treatment of the
# table's dates (PS3.15 E.1.1 Note: "handling all dates and times on the basis of their
# Value Representation of DT, DA or TM").
_UNLISTED_TEMPORAL = {"basic": "X/Z/D", "retain_full_dates": "K", "retain_modified_dates": "C"}
# The longest AE pseudonym of the Retain Device Identity Option's "C" (AE is 16 characters).
_AE_PSEUDONYM = 14
_UID_VR = "UI"
# VRs whose values are text (their empty value is ""), and those whose values are bytes
TEXT_VRS = frozenset(v for v, record in VRS.items() if record.kind in ("text", "number_text"))
BYTES_VRS = frozenset(v for v, record in VRS.items() if record.kind == "bytes")
_AE_VR = "AE"
_PN_VR = "PN"


@dataclass
class Record:
    """What one de-identification did, for the caller's report."""

    uid_map: dict[str, str] = field(default_factory=dict)  # old -> new: identifying!
    notes: list[str] = field(default_factory=list)
    removed: int = 0
    replaced: int = 0


def deidentify(
    ds: Dataset,
    profile: Profile | None = None,
    *,
    key: bytes | None = None,
    in_place: bool = False,
    allow_burned_in: bool = False,
    requirement_type: RequirementLookup | None = iod_requirement,
    record: Record | None = None,
) -> Dataset:
    """De-identify `ds` by PS3.15 Annex E: the Basic Profile and `profile`'s options.

    `key` (at least 16 bytes) makes the new UIDs, the date offset of Modified Dates and
    pseudonyms reproducible: the same input and key give the same output, across runs and
    across the files of a study. Without a key, a random one serves this call only.
    A copy is de-identified unless `in_place`. A combined action (X/Z, X/D, X/Z/D, X/Z/U*,
    Z/D) resolves by the attribute's requirement type in the IOD of the data set's SOP class,
    at every level of its sequences (see `profile.resolve`): `requirement_type` looks it up,
    by default in PS3.3's tables (`dicodec.iods`); None uses the rule for an unknown type.

    Raises `BurnedInAnnotationError` when the pixels may show identifying text and
    `allow_burned_in` is false: dicodec does not clean pixels.
    """
    profile = profile or Profile()
    run = _Run(
        profile, Keyed(key if key is not None else secrets.token_bytes(32)), requirement_type
    )
    record = record if record is not None else Record()
    meta_class = _text(ds._file_meta, MEDIA_STORAGE_SOP_CLASS_UID) if ds._file_meta else ""
    if uid_constants.MediaStorageDirectoryStorage in (_text(ds, SOP_CLASS_UID), meta_class):
        raise DeidentificationError(
            "a DICOMDIR: its Referenced File IDs name the files, and folder names often "
            "identify the patient; de-identify the files and build a new DICOMDIR"
        )
    _check_burned_in(ds, allow_burned_in, record)
    if not in_place:
        original = ds
        ds = copy.deepcopy(ds)
        ds.__dict__.update(original.__dict__)  # how it was read (transfer syntax, deflate)
    run.start(ds)
    run.process(ds, (), dummy=False)
    if ds._file_meta is not None:
        run.process(ds._file_meta, (), dummy=False)
        meta = ds._file_meta
        if SOP_INSTANCE_UID in ds and MEDIA_STORAGE_SOP_INSTANCE_UID in meta:
            meta[MEDIA_STORAGE_SOP_INSTANCE_UID].value = ds[SOP_INSTANCE_UID].value
        if len(meta):
            # PS3.10 7.1: the implementation that wrote the file, now dicodec
            meta.ImplementationClassUID = IMPLEMENTATION_CLASS_UID
            meta.ImplementationVersionName = IMPLEMENTATION_VERSION_NAME
    _record_method(ds, profile)
    record.uid_map.update(run.keyed.uid_map)
    record.removed += run.removed
    record.replaced += run.replaced
    return ds


def _check_burned_in(ds: Dataset, allowed: bool, record: Record) -> None:
    burned_in = _text(ds, BURNED_IN_ANNOTATION).upper()
    sop_class = UID(_text(ds, SOP_CLASS_UID))
    if burned_in == "YES":
        why = "Burned In Annotation (0028,0301) is YES"
    elif sop_class in _BURNED_IN_LIKELY and burned_in != "NO":
        why = f"a {sop_class.name} whose Burned In Annotation (0028,0301) is not NO"
    else:
        return
    if not allowed:
        raise BurnedInAnnotationError(
            f"{why}: the pixels may show identifying text, and dicodec does not clean pixels "
            "(allow_burned_in=True, --allow-burned-in, to de-identify the rest anyway)"
        )
    record.notes.append(f"{why}: the pixels were not cleaned")


def _record_method(ds: Dataset, profile: Profile) -> None:
    """PS3.15 E.1.1: Patient Identity Removed, the method as text and as CID 7050 codes, and
    whether dates were kept, moved or removed."""
    from dicodec.dataset import Dataset

    ds.PatientIdentityRemoved = "YES"
    methods = profile.methods
    text = [f"dicodec, DICOM PS3.15 {PS3_15_EDITION} Annex E"]
    text += [METHODS[m][2] for m in methods]
    if DEIDENTIFICATION_METHOD in ds:
        old = ds[DEIDENTIFICATION_METHOD].value
        old_values = [str(v) for v in (old if isinstance(old, list) else [old]) if v]
        text = old_values + [t for t in text if t not in old_values]
    ds.DeidentificationMethod = text
    codes: Sequence = (
        ds.DeidentificationMethodCodeSequence if DEIDENTIFICATION_METHOD_CODES in ds else Sequence()
    )
    present = {str(item[CODE_VALUE].value) for item in codes if CODE_VALUE in item}
    for method in methods:
        value, scheme, meaning = METHODS[method]
        if value in present:
            continue
        item = Dataset()
        item.CodeValue = value
        item.CodingSchemeDesignator = scheme
        item.CodeMeaning = meaning
        codes.append(item)
    ds.DeidentificationMethodCodeSequence = codes
    if "retain_full_dates" in methods:
        ds.LongitudinalTemporalInformationModified = "UNMODIFIED"
    elif "retain_modified_dates" in methods:
        ds.LongitudinalTemporalInformationModified = "MODIFIED"
    else:
        ds.LongitudinalTemporalInformationModified = "REMOVED"


class _Run:
    """One de-identification: the profile's table, the key, and what the top level tells."""

    def __init__(
        self, profile: Profile, keyed: Keyed, requirement_type: RequirementLookup | None
    ) -> None:
        self.profile = profile
        self.keyed = keyed
        self.exact, self.masked, self.private_code = table(profile)
        # the high byte of the groups the masked rows are in (50xx, 60xx)
        self.masked_groups = frozenset(value >> 24 for _, value, _, _ in self.masked)
        self.temporal_code = chosen_action(_UNLISTED_TEMPORAL, profile)
        self.requirement_type = requirement_type
        self.sop_class = ""
        self.offset: datetime.timedelta | None = None
        self.scrub = Scrubber(())
        self.removed = 0
        self.replaced = 0

    def start(self, ds: Dataset) -> None:
        """What must be read before anything changes: the SOP class, the patient's date
        offset, and the values cleaning looks for in free text."""
        if SOP_CLASS_UID in ds:
            self.sop_class = str(ds[SOP_CLASS_UID].value or "")
        if "retain_modified_dates" in self.profile.options:
            self.offset = self.keyed.date_offset(_patient_key(ds))
        if self.profile.options:
            self.scrub = Scrubber(self._identifying_values(ds))

    def _identifying_values(self, ds: Dataset) -> list[str]:
        """The text of every top-level attribute the profile removes or replaces."""
        found = []
        for tag in list(ds._elements):
            row = self.exact.get(tag)
            if row is None or row[0] in ("K", "C"):
                continue
            element = ds[tag]
            if element.VR == "SQ" or element.VR not in TEXT_VRS:
                continue
            value = element.value
            for v in value if isinstance(value, list) else [value]:
                text = str(v or "")
                found.append(text)
                if element.VR == _PN_VR:
                    found += text.replace("=", "^").split("^")
        return found

    # -- the walk ---------------------------------------------------------------------------
    def process(self, ds: Dataset, path: tuple[int, ...], *, dummy: bool) -> None:
        """Apply the profile to every element of `ds` and, through them, of its items.

        `dummy`: inside a sequence whose action is D, where every value is replaced.
        """
        private = []
        overlays = []
        for tag in ds._sorted_tags():
            group = tag >> 16
            if group & 1:
                private.append(tag)
                continue
            if tag & 0xFFFF == 0 and group != FILE_META_GROUP:
                # a group length would no longer be true (and is retired, PS3.5 7.2)
                self._remove(ds, tag)
                continue
            row = self.exact.get(tag)
            if row is None and tag >> 24 in self.masked_groups:
                row = self._masked(tag)
                if tag & _REPEATING_GROUP_MASK == OVERLAY_DATA:
                    overlays.append(tag)
            if row is None:
                self._unlisted(ds, tag, path, dummy)
            else:
                self._apply(ds, tag, row[0], row[1], path, dummy)
        if private:
            self._private(ds, private, path, dummy)
        for tag in overlays:
            if tag not in ds._elements:  # the overlay's data is gone: so is the overlay
                for other in [t for t in ds._elements if t >> 16 == tag >> 16]:
                    self._remove(ds, other)

    def _masked(self, tag: int) -> tuple[str, bool] | None:
        for mask, value, code, in_iod in self.masked:
            if tag & mask == value:
                return code, in_iod
        return None

    def _vr(self, ds: Dataset, tag: int) -> str:
        raw = ds._elements[tag]
        if raw.__class__ is tuple and raw[0] is not None and raw[0] != "UN":
            return str(raw[0])
        return ds[tag].VR

    def _unlisted(self, ds: Dataset, tag: int, path: tuple[int, ...], dummy: bool) -> None:
        vr = self._vr(ds, tag)
        if vr == "SQ":
            self._items(ds[tag], (*path, tag), dummy)
        elif dummy:
            self._apply(ds, tag, "D", True, path, dummy)
        elif shift_kind(vr) is not None:
            self._apply(ds, tag, self.temporal_code, True, path, dummy)

    def _apply(
        self, ds: Dataset, tag: int, code: str, in_iod: bool, path: tuple[int, ...], dummy: bool
    ) -> None:
        if dummy and code in ("K", "C"):
            code = "D"
        if "/" in code:
            requirement = lookup_requirement(self.requirement_type, self.sop_class, (*path, tag))
            code = resolve(
                code, in_standard_iod=in_iod, requirement=requirement, empty=ds[tag].is_empty
            )
        if code == "X":
            self._remove(ds, tag)
            return
        element = ds[tag]
        if element.VR == "SQ":
            if code == "Z":
                self._set(element, Sequence())
            else:  # K, C and U* keep the items, cleaned; D replaces what they hold
                self._items(element, (*path, tag), dummy or code == "D")
            return
        if code in ("K", "U*"):
            return
        if code == "Z":
            if not element.is_empty:
                self._set(element, _empty(element.VR))
        elif code in ("U", "D") and element.VR == _UID_VR:
            self._replace_uids(element)
        elif code in ("D", "U"):
            self._dummy(ds, tag, element)
        else:
            self._clean(ds, tag, element)

    def _items(self, element: DataElement, path: tuple[int, ...], dummy: bool) -> None:
        for item in element.value:
            self.process(item, path, dummy=dummy)

    # -- the actions ----------------------------------------------------------------------------
    def _remove(self, ds: Dataset, tag: int) -> None:
        del ds._elements[tag]
        self.removed += 1

    def _set(self, element: DataElement, value: Any) -> None:
        element.set_value(value, validation="ignore")
        self.replaced += 1

    def _replace_uids(self, element: DataElement) -> None:
        value = element.value
        if isinstance(value, list):
            self._set(element, [self.keyed.uid(str(v)) for v in value])
        elif value:
            self._set(element, self.keyed.uid(str(value)))

    def _dummy(self, ds: Dataset, tag: int, element: DataElement) -> None:
        value = dummy_value(element.VR, tag)
        if value is None:  # no dummy for the VR (an unresolved "US or SS"): empty it
            self._set(element, _empty(element.VR))
        else:
            self._set(element, value)

    def _clean(self, ds: Dataset, tag: int, element: DataElement) -> None:
        """C: "replace with values of similar meaning known not to contain identifying
        information". Dates move (Modified Dates); AE titles become keyed pseudonyms (device
        identity kept, names gone); free text loses the identifying values of the data set;
        numbers stay; values that cannot be cleaned (binary, overlays) are removed."""
        vr = element.VR
        kind = shift_kind(vr)
        if kind is not None:
            value = element.value
            values = [str(v) for v in value] if isinstance(value, list) else [str(value or "")]
            moved = shift_values(values, kind, self.offset) if self.offset is not None else None
            if moved is None:
                self._dummy(ds, tag, element)
            elif moved != values:
                self._set(element, moved if len(moved) > 1 else moved[0])
        elif vr == _AE_VR:
            value = str(element.value or "")
            if value:
                self._set(element, "AE" + self.keyed.pseudonym(value, _AE_PSEUDONYM))
        elif vr in NUMBER_TEXT_TYPES:
            return  # a number (DS, IS) holds no name: cleaning leaves it
        elif vr in TEXT_VRS and vr != _UID_VR:
            value = element.value
            if isinstance(value, list):
                self._set(element, [self.scrub(str(v)) for v in value])
            elif value:
                self._set(element, self.scrub(str(value)))
        else:
            self._remove(ds, tag)

    # -- private elements --------------------------------------------------------------------
    def _private(self, ds: Dataset, tags: list[int], path: tuple[int, ...], dummy: bool) -> None:
        """Private elements are removed (PS3.15 E.1.1), but under Retain Safe Private those
        of Table E.3.10-1 stay, with their creators, and private sequences are entered and
        their contents handled on their own merits (E.3.10)."""
        if self.private_code == "X" or dummy:
            for tag in tags:
                self._remove(ds, tag)
            return
        creators: dict[tuple[int, int], str] = {}
        for tag in tags:
            if 0x10 <= tag & 0xFFFF <= 0xFF:
                value = ds[tag].value
                creators[tag >> 16, tag & 0xFF] = (
                    str(value).strip() if isinstance(value, str) else ""
                )
        kept: set[tuple[int, int]] = set()
        for tag in tags:
            if tag & 0xFFFF <= 0xFF:
                continue
            block = (tag >> 16, tag >> 8 & 0xFF)
            creator = creators.get(block)
            safe = SAFE_PRIVATE.get((creator, block[0], tag & 0xFF)) if creator else None
            if self._vr(ds, tag) == "SQ":
                self._items(ds[tag], (*path, tag), dummy)
                kept.add(block)
            elif safe is not None and safe != "SQ":
                kept.add(block)
            else:
                self._remove(ds, tag)
        for tag in tags:
            if tag & 0xFFFF <= 0xFF and (tag >> 16, tag & 0xFF) not in kept:
                self._remove(ds, tag)


def _empty(vr: str) -> object:
    """The empty value of a VR (action Z)."""
    return "" if vr in TEXT_VRS else b"" if vr in BYTES_VRS else None


def _text(ds: Dataset, tag: int) -> str:
    return str(ds[tag].value or "").strip() if tag in ds else ""


def _patient_key(ds: Dataset) -> str:
    """Who the patient is, for one date offset per patient: Patient ID and its issuer, else
    the name and birth date."""
    if _text(ds, PATIENT_ID):
        return f"id\\{_text(ds, PATIENT_ID)}\\{_text(ds, ISSUER_OF_PATIENT_ID)}"
    return f"name\\{_text(ds, PATIENT_NAME)}\\{_text(ds, PATIENT_BIRTH_DATE)}"
