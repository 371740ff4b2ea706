"""`dicodec.deid`: each action of PS3.15 E.3, options, keyed UIDs and dates, the E.1.1 record."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pydicom
import pytest

from dicodec import Dataset, dcmread
from dicodec.deid import (
    OPTIONS,
    BurnedInAnnotationError,
    DeidentificationError,
    Profile,
    Record,
    deidentify,
    resolve,
)
from dicodec.deid.keyed import MAX_DATE_SHIFT_DAYS, Keyed
from dicodec.deid.replacements import Scrubber, dummy_value, shift_date, shift_datetime
from dicodec.errors import InvalidValueError
from dicodec.generated.deidentification import ACTIONS
from dicodec.generated.dictionary import DICTIONARY, KEYWORDS
from dicodec.generated.uid_constants import (
    CTImageStorage,
    EnhancedCTImageStorage,
    GrayscaleSoftcopyPresentationStateStorage,
    RTPhysicianIntentStorage,
    SecondaryCaptureImageStorage,
)
from dicodec.iods import requirement_type
from dicodec.values.uid import UID
from tests.deid import study

KEY = b"0123456789abcdef0123456789abcdef"


def _ds(**values: Any) -> Dataset:
    ds = Dataset()
    ds.SOPClassUID = CTImageStorage
    ds.SOPInstanceUID = "1.2.3.4.5"
    for keyword, value in values.items():
        setattr(ds, keyword, value)
    return ds


def _item(**values: Any) -> Dataset:
    item = Dataset()
    for keyword, value in values.items():
        setattr(item, keyword, value)
    return item


# combined actions and options ----------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "requirement", "in_iod", "empty", "expected"),
    [
        ("X/Z", "3", True, False, "X"),
        ("X/Z", "2", True, False, "Z"),
        ("X/Z", "1", True, False, "Z"),
        ("X/D", "1C", True, False, "D"),
        ("X/Z/D", "2C", True, False, "Z"),
        ("X/Z/D", "3", True, False, "X"),
        ("Z/D", "2", True, False, "Z"),
        ("Z/D", "3", True, False, "Z"),
        ("X/Z/U*", "1", True, False, "U*"),
        # unknown requirement: what keeps any IOD valid, never the original value
        ("X/Z/D", None, True, False, "D"),
        ("X/Z", None, True, False, "Z"),
        ("Z/D", None, True, False, "D"),
        ("X/Z/U*", None, True, False, "U*"),
        ("X/Z/D", None, True, True, "Z"),  # empty stays empty
        ("X/D", None, False, False, "X"),  # in no standard IOD: removed (E.1.1)
        ("Z", None, True, False, "Z"),
    ],
)
def test_combined_codes_resolve(
    code: str, requirement: str | None, in_iod: bool, empty: bool, expected: str
) -> None:
    assert resolve(code, in_standard_iod=in_iod, requirement=requirement, empty=empty) == expected


def test_profile_names_options_loosely_and_refuses_contradictions() -> None:
    assert Profile(["Retain UIDs", "retain-safe-private", "clean_graphics_option"]).options == {
        "retain_uids", "retain_safe_private", "clean_graphics",
    }  # fmt: skip
    assert Profile().methods == ("basic",)
    assert len(OPTIONS) == 10
    with pytest.raises(InvalidValueError, match="not an option"):
        Profile(["clean_pixel_data"])
    with pytest.raises(InvalidValueError, match="exclude each other"):
        Profile(["retain_full_dates", "retain_modified_dates"])


def test_requirement_lookup_decides_combined_codes() -> None:
    # Device Serial Number (0018,1000) is X/Z/D
    calls = []

    def lookup(sop_class: str, path: tuple[int, ...]) -> str | None:
        calls.append((sop_class, path))
        return "3"

    ds = _ds(DeviceSerialNumber="SN-123456")
    assert "DeviceSerialNumber" not in deidentify(ds, key=KEY, requirement_type=lookup)
    assert calls == [(CTImageStorage, (0x00181000,))]
    unknown = deidentify(ds, key=KEY, requirement_type=None)
    assert unknown.DeviceSerialNumber == "DEIDENTIFIED"  # unknown: D
    assert "DeviceSerialNumber" not in deidentify(ds, key=KEY)  # Type 3 in the CT Image IOD


# (SOP class, keyword path, PS3.3 type there, Table E.1-1 code, what is left): every combined
# code of the Basic Profile at each type, at the top level and inside sequences
BY_TYPE = [
    (RTPhysicianIntentStorage, "SeriesDate", "1", "X/D", "dummy"),
    (RTPhysicianIntentStorage, "ProtocolName", "3", "X/D", "removed"),
    (RTPhysicianIntentStorage, "RTPhysicianIntentSequence.TreatmentSite", "1", "X/D", "dummy"),
    (RTPhysicianIntentStorage, "IntendedRTTreatmentPhaseSequence.IntendedPhaseStartDate", "2",
     "X/D", "dummy"),  # no Z to choose: D keeps a Type 2 present
    (RTPhysicianIntentStorage, "PatientSexNeutered", "2C", "X/Z", "empty"),
    (RTPhysicianIntentStorage, "BarcodeValue", "3", "X/Z", "removed"),
    (RTPhysicianIntentStorage, "DeviceSerialNumber", "1", "X/Z/D", "dummy"),
    (RTPhysicianIntentStorage, "InstitutionName", "3", "X/Z/D", "removed"),
    (RTPhysicianIntentStorage, "AuthorIdentificationSequence.InstitutionName", "2", "X/Z/D",
     "empty"),
    (RTPhysicianIntentStorage, "ContributingEquipmentSequence.DeviceSerialNumber", "3", "X/Z/D",
     "removed"),
    (RTPhysicianIntentStorage, "ContentDate", "1", "Z/D", "dummy"),
    (RTPhysicianIntentStorage, "PatientID", "2", "Z/D", "empty"),
    (RTPhysicianIntentStorage, "ContentCreatorName", "3", "Z/D", "empty"),  # Z/D has no X
    (RTPhysicianIntentStorage, "GroupOfPatientsIdentificationSequence.PatientID", "1", "Z/D",
     "dummy"),
    (RTPhysicianIntentStorage, "ReferencedImageSequence", "3", "X/Z/U*", "removed"),
    (GrayscaleSoftcopyPresentationStateStorage,
     "ReferencedSeriesSequence.ReferencedImageSequence", "1", "X/Z/U*", "new UIDs"),
    (EnhancedCTImageStorage, "SharedFunctionalGroupsSequence.ReferencedImageSequence", "2",
     "X/Z/U*", "empty"),
    (EnhancedCTImageStorage, "AcquisitionDateTime", "1C", "X/Z/D", "dummy"),
]  # fmt: skip
_VALUES = {
    "SeriesDate": "20240110", "ProtocolName": "Dr Who's protocol", "TreatmentSite": "Left arm",
    "IntendedPhaseStartDate": "20240110", "PatientSexNeutered": "ALTERED",
    "BarcodeValue": "BC-17762", "DeviceSerialNumber": "SN-4471", "InstitutionName": "St Mary",
    "ContentDate": "20240110", "PatientID": "ID-0042", "ContentCreatorName": "Who^Doctor",
    "AcquisitionDateTime": "20240110101500",
}  # fmt: skip


def _put(ds: Dataset, keywords: list[str], value: Any) -> None:
    """Set the attribute at a keyword path, in the first item of each sequence on the way."""
    for keyword in keywords[:-1]:
        if keyword not in ds:
            setattr(ds, keyword, [Dataset()])
        ds = getattr(ds, keyword)[0]
    setattr(ds, keywords[-1], value)


def _left(ds: Dataset, keywords: list[str]) -> Any:
    """What is at a keyword path (None: the attribute is gone, its items still there)."""
    for keyword in keywords[:-1]:
        ds = getattr(ds, keyword)[0]
    return ds.get(keywords[-1])


def test_combined_codes_resolve_by_the_iod_type_at_every_level() -> None:
    reference = _item(ReferencedSOPClassUID=CTImageStorage, ReferencedSOPInstanceUID="1.2.3.77")
    datasets: dict[str, Dataset] = {}
    for sop_class, path, requirement, code, _ in BY_TYPE:
        keywords = path.split(".")
        assert requirement_type(sop_class, path) == requirement, path
        assert ACTIONS[KEYWORDS[keywords[-1]]][1]["basic"] == code, path
        ds = datasets.setdefault(sop_class, _ds(SOPClassUID=sop_class))
        value = [reference] if keywords[-1].endswith("Sequence") else _VALUES[keywords[-1]]
        _put(ds, keywords, value)
    out = {uid: deidentify(ds, key=KEY) for uid, ds in datasets.items()}
    for sop_class, path, _, _, left in BY_TYPE:
        keywords = path.split(".")
        value = _left(out[sop_class], keywords)
        if left == "removed":
            assert value is None, path
        elif left == "empty":
            assert value is not None and len(value) == 0, path
        elif left == "dummy":
            tag = KEYWORDS[keywords[-1]]
            assert value not in (None, "", _VALUES[keywords[-1]]), path
            assert value == dummy_value(DICTIONARY[tag][0], tag), path
        else:  # the items kept, the instance UIDs inside replaced
            assert [str(i.ReferencedSOPInstanceUID) for i in value] == [Keyed(KEY).uid("1.2.3.77")]
            assert value[0].ReferencedSOPClassUID == CTImageStorage


# each action -------------------------------------------------------------------------------


def test_basic_profile_actions() -> None:
    ds = _ds(
        PatientName="Doe^Jane",  # Z
        PatientID="ID-0042",  # Z/D, Type 2 in the CT Image IOD -> Z
        AccessionNumber="",  # Z, already empty
        InstitutionName="St Elsewhere",  # X/Z/D, Type 3 -> X
        ContentDate="20240110",  # Z/D, Type 2C -> Z
        PatientAge="041Y",  # X
        PatientSex="F",  # Z
        StudyInstanceUID="1.2.3.9",  # U
        Modality="CT",  # not in the table: kept
        PixelSpacing=[0.5, 0.5],  # kept
    )
    ds.ImagePositionPatient = [1, 2, 3]
    out = deidentify(ds, key=KEY)
    assert out.PatientName == "" and out.PatientSex == "" and out.AccessionNumber == ""
    assert out.PatientID == "" and out.ContentDate == ""
    assert "InstitutionName" not in out
    assert "PatientAge" not in out
    assert out.StudyInstanceUID == Keyed(KEY).uid("1.2.3.9") != "1.2.3.9"
    assert out.SOPInstanceUID == Keyed(KEY).uid("1.2.3.4.5")
    assert out.SOPClassUID == CTImageStorage  # a registry UID identifies no one
    assert (out.Modality, out.PixelSpacing) == ("CT", [0.5, 0.5])
    assert ds.PatientName == "Doe^Jane"  # a copy was changed, not the original


def test_dummy_values_fit_the_vr_and_vm() -> None:
    assert dummy_value("DA", 0x00100030) == "19000101"
    assert dummy_value("DS", 0x00280030) == ["0", "0"]  # Pixel Spacing: VM 2
    assert dummy_value("FD", 0x00189219) == 0.0
    assert dummy_value("OB", 0x00420011) == b"\0\0"
    assert dummy_value("UI", 0x00080018) is None  # UIDs get keyed UIDs instead
    ds = _ds(PatientID="X1234", StationName="CT-ROOM-7", DeviceSerialNumber="123")
    out = deidentify(ds, key=KEY, requirement_type=None)  # D for each
    assert out.StationName == "DEIDENTIFIED"
    pydicom_view = pydicom.Dataset()
    pydicom_view.StationName = out.StationName  # pydicom takes the dummy as valid SH


def test_sequences_are_processed_at_every_level() -> None:
    inner = _item(PatientName="Doe^Jane", ReferencedSOPInstanceUID="1.2.3.7")
    outer = _item(ReferencedImageSequence=[inner], PatientID="ID-7")
    ds = _ds(SourceImageSequence=[_item(ReferencedSOPInstanceUID="1.2.3.4.5")])
    ds.ReferencedStudySequence = [outer]  # X/Z, type unknown -> Z: emptied
    ds.ReferencedSeriesSequence = [outer]  # not in the table: kept, and cleaned inside
    out = deidentify(ds, key=KEY, requirement_type=None)
    assert len(out.ReferencedStudySequence) == 0
    item = out.ReferencedSeriesSequence[0]
    assert item.PatientID == "DEIDENTIFIED"
    nested = item.ReferencedImageSequence[0]
    assert nested.PatientName == "" and nested.ReferencedSOPInstanceUID == Keyed(KEY).uid("1.2.3.7")
    # a reference to this instance maps to its new SOP Instance UID
    assert out.SourceImageSequence[0].ReferencedSOPInstanceUID == out.SOPInstanceUID


def test_a_sequence_with_action_d_keeps_its_items_and_replaces_what_they_hold() -> None:
    # Content Sequence (0040,A730) is D under the Basic Profile
    item = _item(TextValue="Patient Doe was seen on 2020-01-01", ValueType="TEXT")
    item.ReferencedSOPSequence = [_item(ReferencedSOPInstanceUID="1.2.3.8")]
    out = deidentify(_ds(ContentSequence=[item]), key=KEY)
    (kept,) = out.ContentSequence
    assert (kept.TextValue, kept.ValueType) == ("DEIDENTIFIED", "DEIDENTIFIED")
    assert kept.ReferencedSOPSequence[0].ReferencedSOPInstanceUID == Keyed(KEY).uid("1.2.3.8")
    clean = deidentify(_ds(ContentSequence=[item]), Profile(["clean_structured_content"]), key=KEY)
    assert clean.ContentSequence[0].ValueType == "TEXT"


def test_private_elements_removed_or_kept_when_safe() -> None:
    ds = _ds()
    ds.add_new(0x00190010, "LO", "GEMS_ACQU_01")
    ds.add_new(0x00191023, "DS", "1.375")  # Table E.3.10-1: Table Speed, safe
    ds.add_new(0x00191010, "LO", "secret")  # not in the table
    ds.add_new(0x00290010, "LO", "ACME 1.0")
    ds.add_new(0x00291001, "SQ", [_item(PatientName="Doe^Jane", Modality="MR")])
    ds.add_new(0x00291002, "LO", "Doe^Jane")
    assert not [e for e in deidentify(ds, key=KEY) if e.tag.is_private]
    out = deidentify(ds, Profile(["retain_safe_private"]), key=KEY)
    kept = {int(e.tag) for e in out if e.tag.is_private}
    # the safe element and its creator; a private sequence is entered (E.3.10), its
    # contents handled on their own merits, and its creator kept
    assert kept == {0x00190010, 0x00191023, 0x00290010, 0x00291001}
    assert out[0x00291001].value[0].PatientName == ""
    assert out[0x00291001].value[0].Modality == "MR"


def test_curves_and_overlays_by_their_masks() -> None:
    ds = _ds()
    ds.add_new(0x50000010, "US", 1)  # Curve Data (50xx,xxxx)
    ds.add_new(0x60023000, "OW", b"\1\2")  # Overlay Data (60xx,3000)
    ds.add_new(0x60024000, "LT", "burned by Dr Who")  # Overlay Comments (60xx,4000)
    ds.add_new(0x60020010, "US", 4)  # Overlay Rows: not in the table
    ds.add_new(0x60040010, "US", 4)  # an overlay without Overlay Data: nothing removed
    out = deidentify(ds, key=KEY)
    # Overlay Data removed, and the rest of its overlay (the 60xx group) with it: an Overlay
    # Plane module without its Type 1 data would make the file invalid
    assert {int(e.tag) for e in out if int(e.tag) >> 24 in (0x50, 0x60)} == {0x60040010}
    graphics = deidentify(ds, Profile(["clean_graphics"]), key=KEY)
    assert 0x60023000 not in graphics  # a bitmap cannot be cleaned: removed, and its overlay
    assert 0x60024000 not in graphics and 0x60020010 not in graphics
    ds.add_new(0x60060010, "US", 4)
    ds.add_new(0x60064000, "LT", "burned by Dr Who")
    graphics = deidentify(ds, Profile(["clean_graphics"]), key=KEY)
    assert graphics[0x60064000].value == "burned by Dr Who"  # nothing identifying known


# options ---------------------------------------------------------------------------------


def test_retain_options() -> None:
    ds = _ds(
        PatientSex="F", PatientAge="041Y", DeviceSerialNumber="SN-1", StationName="CT7",
        InstitutionName="St Elsewhere", StudyDate="20240110", StudyInstanceUID="1.2.3.9",
    )  # fmt: skip
    out = deidentify(ds, Profile(OPTIONS[:5]), key=KEY)  # all but the dates and cleaning
    assert (out.PatientSex, out.PatientAge) == ("F", "041Y")
    assert (out.DeviceSerialNumber, out.StationName) == ("SN-1", "CT7")
    assert out.InstitutionName == "St Elsewhere"
    assert out.StudyInstanceUID == "1.2.3.9" and out.SOPInstanceUID == "1.2.3.4.5"
    assert out.StudyDate == ""
    assert out.LongitudinalTemporalInformationModified == "REMOVED"
    full = deidentify(ds, Profile(["retain_full_dates"]), key=KEY)
    assert full.StudyDate == "20240110"
    assert full.LongitudinalTemporalInformationModified == "UNMODIFIED"


def test_modified_dates_keep_intervals_and_times() -> None:
    ds = _ds(
        PatientID="P1", StudyDate="20240110", SeriesDate="20240112", StudyTime="101500",
        AcquisitionDateTime="20240112093000.5+0100", PatientBirthDate="19470312",
    )  # fmt: skip
    out = deidentify(ds, Profile(["retain_modified_dates"]), key=KEY)
    study_date = datetime.datetime.strptime(out.StudyDate, "%Y%m%d")
    shift = study_date - datetime.datetime(2024, 1, 10)
    assert -MAX_DATE_SHIFT_DAYS <= shift.days < 0
    assert datetime.datetime.strptime(out.SeriesDate, "%Y%m%d") - study_date == datetime.timedelta(
        2
    )
    assert out.StudyTime == "101500"
    assert out.AcquisitionDateTime.endswith("093000.5+0100")
    assert out.AcquisitionDateTime[:8] == (datetime.date(2024, 1, 12) + shift).strftime("%Y%m%d")
    assert out.PatientBirthDate == ""  # Z: not one of the longitudinal dates
    assert out.LongitudinalTemporalInformationModified == "MODIFIED"
    # one offset per patient, the same for every file of theirs
    again = deidentify(
        _ds(PatientID="P1", StudyDate="20240110"), Profile(["retain_modified_dates"]), key=KEY
    )
    assert again.StudyDate == out.StudyDate


def test_date_shift_keeps_precision_and_ranges() -> None:
    back = datetime.timedelta(days=-40)
    assert shift_date("20240110", back) == "20231201"
    assert shift_date("2024.01.10", back) == "20231201"
    assert shift_date("202401", back) == "202311"
    assert shift_date("20240110-20240120", back) == "20231201-20231211"
    assert shift_date("garbage", back) is None
    assert shift_datetime("2024", back) == "2023"
    assert shift_datetime("20240110120000-0500", back) == "20231201120000-0500"


def test_clean_descriptors_scrubs_identifying_values() -> None:
    ds = _ds(
        PatientName="Quixote^Alonso", PatientID="QX-55821",
        StudyDescription="CT head for QUIXOTE, id QX-55821", InstitutionName="La Mancha",
        SeriesDescription="axial La Mancha protocol",
    )  # fmt: skip
    out = deidentify(ds, Profile(["clean_descriptors"]), key=KEY)
    assert out.StudyDescription == "CT head for , id "
    assert out.SeriesDescription == "axial  protocol"
    assert Scrubber(["ab", "Doe"])("John DOE ab") == "John  ab"  # shorter than 3: left alone


def test_device_identity_clean_gives_ae_pseudonyms() -> None:
    ds = _ds(StationAETitle="CT_STMARYS")
    out = deidentify(ds, Profile(["retain_device_identity"]), key=KEY)
    assert out.StationAETitle.startswith("AE") and len(out.StationAETitle) == 16
    assert "StationAETitle" not in deidentify(ds, key=KEY)


# what is recorded, refused -------------------------------------------------------------------


def test_the_method_is_recorded() -> None:
    out = deidentify(_ds(), Profile(["retain_uids", "clean_descriptors"]), key=KEY)
    assert out.PatientIdentityRemoved == "YES"
    assert list(out.DeidentificationMethod)[1:] == [
        "Basic Application Confidentiality Profile", "Retain UIDs Option",
        "Clean Descriptors Option",
    ]  # fmt: skip
    codes = [
        (i.CodeValue, i.CodingSchemeDesignator) for i in out.DeidentificationMethodCodeSequence
    ]
    assert codes == [("113100", "DCM"), ("113110", "DCM"), ("113105", "DCM")]
    twice = deidentify(out, Profile(["retain_uids"]), key=KEY)
    assert len(twice.DeidentificationMethodCodeSequence) == 3  # not recorded twice


def test_burned_in_annotation_is_refused_unless_allowed() -> None:
    with pytest.raises(BurnedInAnnotationError, match="YES"):
        deidentify(_ds(BurnedInAnnotation="YES"), key=KEY)
    secondary = _ds(SOPClassUID=SecondaryCaptureImageStorage)
    with pytest.raises(BurnedInAnnotationError, match="Secondary Capture"):
        deidentify(secondary, key=KEY)
    secondary.BurnedInAnnotation = "NO"
    deidentify(secondary, key=KEY)
    record = Record()
    deidentify(_ds(BurnedInAnnotation="YES"), key=KEY, allow_burned_in=True, record=record)
    assert record.notes == ["Burned In Annotation (0028,0301) is YES: the pixels were not cleaned"]


def test_a_dicomdir_is_refused() -> None:
    ds = Dataset()
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.1.3.10"
    with pytest.raises(DeidentificationError, match="DICOMDIR"):
        deidentify(ds, key=KEY)


def test_keyed_uids() -> None:
    keyed = Keyed(KEY)
    new = keyed.uid("1.2.3.4")
    assert new == Keyed(KEY).uid("1.2.3.4") != Keyed(b"x" * 32).uid("1.2.3.4")
    assert UID(new).is_valid and new.startswith("2.25.")
    number = int(new[5:])
    assert number >> 76 & 0xF == 8  # a version 8 UUID
    assert keyed.uid(CTImageStorage) == CTImageStorage and keyed.uid("") == ""
    assert keyed.uid_map == {"1.2.3.4": new}
    with pytest.raises(ValueError, match="16 bytes"):
        Keyed(b"short")


def test_in_place() -> None:
    ds = _ds(PatientName="Doe^Jane")
    assert deidentify(ds, key=KEY, in_place=True) is ds
    assert ds.PatientName == ""


# a generated study, de-identified in pieces ------------------------------------------------


def test_a_study_in_pieces_keeps_its_references(tmp_path: Path) -> None:
    paths = study.build(tmp_path / "in")
    outputs = {}
    for piece in (paths[::2], paths[1::2]):  # two runs, as two batches would
        for path in piece:
            ds = deidentify(dcmread(path), Profile(["retain_modified_dates"]), key=KEY)
            outputs[path] = ds
    check_study(list(outputs.values()), list(dcmread(p) for p in paths))


def check_study(outputs: list[Any], originals: list[Any]) -> None:
    """Every UID replaced consistently; every reference resolves; dates keep their intervals;
    pixels untouched."""
    instances = {str(ds.SOPInstanceUID) for ds in outputs}
    originals_uids = {str(ds.SOPInstanceUID) for ds in originals}
    assert len(instances) == len(outputs) and not instances & originals_uids
    assert len({str(ds.StudyInstanceUID) for ds in outputs}) == 1
    assert len({str(ds.FrameOfReferenceUID) for ds in outputs}) == 1
    series = {str(ds.SeriesInstanceUID) for ds in outputs}
    resolved = 0
    for ds in outputs:
        # Type 3 in the CT Image IOD: X/Z/U* removes them
        assert "ReferencedImageSequence" not in ds and "SourceImageSequence" not in ds
        for series_item in ds.get("ReferencedSeriesSequence", []):
            assert series_item.SeriesInstanceUID in series
            # Type 1 in the presentation state's Referenced Series items: X/Z/U* keeps them
            for item in series_item.ReferencedImageSequence:
                assert item.ReferencedSOPInstanceUID in instances
                resolved += 1
        assert ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID
        assert str(ds.PatientName) == "" and ds.PatientID == ""  # Z/D: Type 2
    assert resolved == len(instances) - 1  # every image, from the presentation state
    by_uid = {str(o.SOPInstanceUID): o for o in originals}
    new_of = {Keyed(KEY).uid(u): u for u in by_uid}
    for ds in outputs:
        original = by_uid[new_of[str(ds.SOPInstanceUID)]]
        if "PixelData" in original:
            assert ds.PixelData == original.PixelData
        days = datetime.datetime.strptime(ds.SeriesDate, "%Y%m%d") - datetime.datetime.strptime(
            ds.StudyDate, "%Y%m%d"
        )
        want = datetime.datetime.strptime(
            original.SeriesDate, "%Y%m%d"
        ) - datetime.datetime.strptime(original.StudyDate, "%Y%m%d")
        assert days == want
