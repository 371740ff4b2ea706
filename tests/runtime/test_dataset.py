"""The Dataset API users know from pydicom: mapping, keyword attributes, walking, copies."""

from __future__ import annotations

import copy
import subprocess
import sys
import warnings

import pytest

from dicodec import DataElement, Dataset, InvalidValueError, Sequence, Tag, UnknownKeywordError
from dicodec.data.rtplan import build_rtplan
from dicodec.errors import InvalidValueWarning
from dicodec.values import IS, UID, DSfloat, MultiValue, PersonName


@pytest.fixture
def ds() -> Dataset:
    return build_rtplan()


def test_keys_of_every_kind(ds: Dataset) -> None:
    element = ds[0x00100010]
    assert ds[0x10, 0x10] is element
    assert ds[Tag("PatientName")] is element
    assert ds["PatientName"] is element
    assert ds["(0010,0010)"] is element
    assert ds.get("PatientName") == "Last^First^mid^pre"  # a keyword gives the value
    assert ds.get(0x00100010) is element  # a tag gives the element
    assert ds.get("PatientWeight", 70) == 70
    assert "PatientName" in ds and 0x00100010 in ds and "NotAKeyword" not in ds


def test_iteration_is_in_tag_order_whatever_the_insertion_order() -> None:
    ds = Dataset()
    ds.PatientName = "B^A"
    ds.Modality = "CT"
    ds.add_new(0x00091010, "LO", "private")
    ds.Rows = 4
    tags = [element.tag for element in ds]
    assert tags == sorted(tags) == [0x00080060, 0x00091010, 0x00100010, 0x00280010]
    assert list(ds.keys()) == tags
    assert [tag for tag, _ in ds.items()] == tags


def test_keyword_attributes_create_change_and_delete() -> None:
    ds = Dataset()
    ds.PatientID = "12345"
    ds.SeriesNumber = 5
    ds.ImagePositionPatient = [0, 1.5, "-2.25"]
    assert ds["PatientID"].VR == "LO"
    assert isinstance(ds.SeriesNumber, IS) and ds.SeriesNumber == 5
    assert isinstance(ds.ImagePositionPatient, MultiValue)
    assert [str(v) for v in ds.ImagePositionPatient] == ["0", "1.5", "-2.25"]
    assert all(isinstance(v, DSfloat) for v in ds.ImagePositionPatient)
    del ds.PatientID
    assert "PatientID" not in ds
    with pytest.raises(AttributeError):
        ds.PatientID  # noqa: B018
    with pytest.raises(AttributeError):
        del ds.PatientID


def test_python_suggests_a_present_keyword_for_a_misspelt_one_read() -> None:
    # made lazily by Python when the traceback is printed, from a short dir(ds)
    script = "from dicodec import Dataset; ds = Dataset(); ds.PatientName = 'A^B'; ds.PatientNmae"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert "Did you mean: 'PatientName'?" in run.stderr


def test_dir_lists_the_dataset_s_names_and_the_keywords_present() -> None:
    ds = Dataset()
    ds.PatientName = "A^B"
    ds.source_path = "x"
    names = dir(ds)
    assert {"PatientName", "source_path", "save_as", "pixel_array"} <= set(names)
    assert "Rows" not in names and names == sorted(names)


def test_misspelt_keywords_suggest_the_right_one() -> None:
    ds = Dataset()
    with pytest.raises(UnknownKeywordError, match="did you mean PatientName"):
        ds.PatientNmae = "x"
    with pytest.raises(AttributeError) as read:  # as pydicom; Python suggests the name
        ds.PatientNmae  # noqa: B018
    assert read.value.name == "PatientNmae" and read.value.obj is ds
    with pytest.raises(UnknownKeywordError, match="did you mean PatientName"):
        Tag("PatientNmae")
    assert isinstance(UnknownKeywordError("x"), AttributeError)  # getattr(ds, k, default) works
    assert getattr(ds, "PatientNmae", None) is None
    ds.my_own_attribute = 1  # lower-case names are the user's own, as in pydicom
    assert ds.my_own_attribute == 1


def test_values_of_each_type(ds: Dataset) -> None:
    assert isinstance(ds.PatientName, PersonName)
    assert ds.PatientName.family_name == "Last" and ds.PatientName.given_name == "First"
    assert isinstance(ds.SOPClassUID, UID) and ds.SOPClassUID.name == "RT Plan Storage"
    assert isinstance(ds.BeamSequence, Sequence) and isinstance(ds.BeamSequence[0], Dataset)
    assert ds.BeamSequence[0].SourceAxisDistance == 1000.0
    assert str(ds.BeamSequence[0].SourceAxisDistance) == "1000.00000000000"


def test_validation_is_the_callers_choice() -> None:
    strict = Dataset(validation="raise")
    with pytest.raises(InvalidValueError, match="CS"):
        strict.Modality = "not upper case"
    lenient = Dataset(validation="warn")
    with pytest.warns(InvalidValueWarning):
        lenient.Modality = "not upper case"
    assert lenient.Modality == "not upper case"
    silent = Dataset(validation="ignore")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        silent.Rows = 70000
    element = DataElement(0x00280010, "US", 1)
    element.set_value(70000, validation="ignore")
    assert element.value == 70000


def test_mapping_methods(ds: Dataset) -> None:
    popped = ds.pop("PatientID")
    assert popped.value == "id00001" and "PatientID" not in ds
    assert ds.pop(0x00100020, None) is None
    element = ds.setdefault("PatientID", "new")
    assert element.value == "new" and ds.PatientID == "new"
    assert ds.setdefault("PatientID", "other").value == "new"
    ds.update({"PatientSex": "F", 0x00100040: DataElement(0x00100040, "CS", "M")})
    assert ds.PatientSex == "M"
    ds.update({"PatientAge": "042Y"})
    assert ds.PatientAge == "042Y"
    n = len(ds)
    ds[0x00100030] = DataElement(0x00100030, "DA", "20000101")
    assert len(ds) == n
    with pytest.raises(ValueError):
        ds[0x00100030] = DataElement(0x00100040, "CS", "M")
    del ds[0x00100030]
    assert 0x00100030 not in ds


def test_copies_and_equality(ds: Dataset) -> None:
    shallow = ds.copy()
    deep = copy.deepcopy(ds)
    assert shallow == ds and deep == ds
    deep.BeamSequence[0].BeamName = "changed"
    assert ds.BeamSequence[0].BeamName == "Field 1"
    assert deep != ds
    shallow.PatientName = "Other^Name"
    assert ds.PatientName == "Other^Name"  # a shallow copy shares the elements, as in pydicom
    assert deep.BeamSequence[0].parent is deep


def test_dir_data_element_walk_iterall(ds: Dataset) -> None:
    assert ds.dir("pat", "SEX") == [
        "PatientBirthDate",
        "PatientID",
        "PatientName",
        "PatientSetupSequence",
        "PatientSex",
    ]
    assert "BeamSequence" in ds.dir()
    element = ds.data_element("PatientName")
    assert element is not None and element.VR == "PN"
    # as pydicom: an absent element is a KeyError, a word that is no keyword None
    with pytest.raises(KeyError):
        ds.data_element("PatientWeight")
    assert ds.data_element("PatientWieght") is None
    seen: list[int] = []
    ds.walk(lambda dataset, element: seen.append(element.tag))
    assert seen == [element.tag for element in ds.iterall()]
    assert len(seen) > len(ds) and 0x300A00C2 in seen  # Beam Name, inside the Beam Sequence


def test_remove_private_tags() -> None:
    ds = Dataset()
    ds.PatientName = "A^B"
    block = ds.private_block(0x0009, "ACME 1.0", create=True)
    block.add_new(0x01, "LO", "secret")
    item = Dataset()
    item.add_new(0x00111010, "LO", "nested secret")
    ds.ReferencedStudySequence = [item]
    ds.remove_private_tags()
    assert [element.tag for element in ds.iterall()] == [0x00081110, 0x00100010]


def test_private_blocks() -> None:
    ds = Dataset()
    block = ds.private_block(0x0029, "ACME 1.0", create=True)
    element = block.add_new(0x10, "US", 7)
    assert element.tag == 0x00291010 and ds[0x00290010].value == "ACME 1.0"
    other = ds.private_block(0x0029, "OTHER", create=True)
    assert other.add_new(0x10, "LO", "x").tag == 0x00291110
    again = ds.private_block(0x0029, "ACME 1.0")
    assert again[0x10].value == 7 and 0x10 in again
    assert ds[0x00291010].is_private and ds[0x00291010].name == "Private tag data"
    with pytest.raises(KeyError):
        ds.private_block(0x0029, "NOT THERE")


def test_sequences_adopt_their_items() -> None:
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 192"
    item = Dataset()
    ds.ReferencedSeriesSequence = [item]
    assert isinstance(ds.ReferencedSeriesSequence, Sequence)
    assert ds.ReferencedSeriesSequence[0].parent is ds
    appended = Dataset()
    ds.ReferencedSeriesSequence.append(appended)
    assert appended.parent is ds
    assert appended._charset() == ds._charset()
    with pytest.raises(TypeError):
        ds.ReferencedSeriesSequence.append("not a dataset")  # type: ignore[arg-type]


def test_data_element_facts() -> None:
    element = DataElement(0x00100010, "PN", "Doe^John")
    assert (element.keyword, element.name, element.VM) == ("PatientName", "Patient's Name", 1)
    assert not element.is_private and not element.is_retired and not element.is_empty
    assert DataElement(0x00082110, "CS", "").is_retired
    assert DataElement(0x00100010, "PN", "").is_empty
    assert DataElement(0x00280010, "US", None).value is None
    assert DataElement(0x00080008, "CS", ["A", "B"]).VM == 2
    assert repr(element) == "(0010, 0010) Patient's Name                      PN: 'Doe^John'"


def test_ambiguous_vrs_follow_the_dataset() -> None:
    ds = Dataset()
    ds.PixelRepresentation = 1
    ds.SmallestImagePixelValue = -5
    assert ds["SmallestImagePixelValue"].VR == "SS"
    unsigned = Dataset()
    unsigned.PixelRepresentation = 0
    unsigned.SmallestImagePixelValue = 5
    assert unsigned["SmallestImagePixelValue"].VR == "US"
    item = Dataset()
    ds.ReferencedImageSequence = [item]
    item.LargestImagePixelValue = -1  # the item inherits Pixel Representation from its parent
    assert item["LargestImagePixelValue"].VR == "SS"


def test_elements_of_dictionary_tags_share_their_tag() -> None:
    ds = Dataset()
    ds.PatientName = "A^B"
    ds.add_new(0x00110010, "LO", "Private creator")
    other = Dataset()
    other.PatientName = "C^D"
    assert ds["PatientName"].tag is other["PatientName"].tag  # one Tag object, not one each
    for element in ds:
        assert type(element.tag) is Tag
    assert [repr(e.tag) for e in ds] == ["(0010, 0010)", "(0011, 0010)"]


def test_absent_and_unknown_keywords_build_their_message_only_when_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`getattr(ds, K, None)` and `ds.get(K)` are the commonest tests in user code: no
    search for the closest keywords is made unless someone reads the message."""
    import dicodec.datadict

    searched: list[str] = []
    real = dicodec.datadict.suggest_keywords

    def spy(word: str, count: int = 3) -> list[str]:
        searched.append(word)
        return real(word, count)

    monkeypatch.setattr(dicodec.datadict, "suggest_keywords", spy)
    ds = Dataset()
    assert getattr(ds, "Rows", None) is None and ds.get("Rows") is None
    assert getattr(ds, "PatientNmae", None) is None and ds.get("PatientNmae") is None
    assert not hasattr(ds, "PatientNmae")
    assert searched == []
    with pytest.raises(AttributeError, match=r"no Rows \(0028, 0010\)"):
        ds.Rows  # noqa: B018
    with pytest.raises(UnknownKeywordError, match="did you mean PatientName") as caught:
        ds["PatientNmae"]
    assert searched == ["PatientNmae"]  # by pytest's match, reading the message
    assert "PatientName" in str(caught.value)


@pytest.mark.parametrize(
    "keyword", ["PatientName", "SmallestImagePixelValue", "OverlayData", "LUTData"]
)
def test_an_absent_keyword_says_its_tag(keyword: str) -> None:
    """Keywords of one VR, of several ("US or SS"), of a repeating group: the same error."""
    ds = Dataset()
    tag = Tag(keyword)
    with pytest.raises(
        AttributeError, match=rf"no {keyword} \({tag.group:04x}, {tag.element:04x}\)"
    ):
        getattr(ds, keyword)
    setattr(ds, keyword, None)
    assert keyword in ds
