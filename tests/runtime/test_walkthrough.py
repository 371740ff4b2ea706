"""Every call of the user's walkthrough (seed/WALKTHROUGH.md), line by line, as written."""

from __future__ import annotations

import numpy as np
import pytest

from dicodec import DataElement, Dataset, Sequence, Tag, dcmread
from dicodec.data import get_testdata_file, get_testdata_files
from dicodec.values import IS, PersonName


@pytest.fixture
def ds() -> Dataset:
    filename = get_testdata_files("rtplan.dcm")[0]
    return dcmread(filename)


def test_the_dataset_prints_the_listing(ds: Dataset, seed_dump: str) -> None:
    assert repr(ds) == seed_dump.rstrip("\n")


def test_dataset_wraps_a_dict_of_data_elements(ds: Dataset) -> None:
    elements = list(ds)
    assert all(isinstance(e, DataElement) for e in elements)  # iterating yields values
    assert [e.tag for e in elements] == sorted(ds.keys())
    assert len(ds) == len(elements)
    assert 0x00100010 in ds and "PatientName" in ds and (0x10, 0x10) in ds
    element = ds[0x00100010]
    assert (element.tag, element.VR, element.VM, element.value) == (
        0x00100010,
        "PN",
        1,
        "Last^First^mid^pre",
    )


def test_tag() -> None:
    assert Tag(0x00100010) == Tag(0x10, 0x10) == Tag((0x10, 0x10)) == Tag("PatientName")
    assert repr(Tag(0x00100010)) == "(0010, 0010)"
    tag = Tag("PatientName")
    assert isinstance(tag, int) and (tag.group, tag.element) == (0x0010, 0x0010)
    assert not tag.is_private and Tag(0x00091001).is_private


def test_get(ds: Dataset) -> None:
    assert ds.PatientName == "Last^First^mid^pre"
    assert isinstance(ds.PatientName, PersonName)
    assert ds[0x10, 0x10].value == "Last^First^mid^pre"


def test_set(ds: Dataset) -> None:
    ds.PatientID = "12345"
    ds.SeriesNumber = 5
    ds[0x10, 0x10].value = "TestMan"
    assert ds.PatientID == "12345"
    assert ds.SeriesNumber == 5 and isinstance(ds.SeriesNumber, IS)
    assert ds.PatientName == "TestMan"


def test_sequences(ds: Dataset) -> None:
    assert isinstance(ds.BeamSequence, Sequence) and isinstance(ds.BeamSequence, list)
    assert ds.BeamSequence[0].BeamName == "Field 1"
    assert ds[0x300A, 0xB0][0][0x300A, 0xC2].value == "Field 1"


def test_dir(ds: Dataset) -> None:
    assert ds.dir("pat") == [
        "PatientBirthDate",
        "PatientID",
        "PatientName",
        "PatientSetupSequence",
        "PatientSex",
    ]


def test_data_element(ds: Dataset) -> None:
    data_element = ds.data_element("PatientName")
    assert data_element is not None
    assert (data_element.VR, data_element.value) == ("PN", "Last^First^mid^pre")


def test_pixel_data() -> None:
    ds = Dataset()
    ds.Rows, ds.Columns, ds.SamplesPerPixel = 2, 3, 1
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.PixelData = np.arange(6, dtype="<u2").tobytes()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    pixel_bytes = ds.PixelData
    assert pixel_bytes == np.arange(6, dtype="<u2").tobytes()
    pix = ds.pixel_array
    assert pix.shape == (2, 3) and pix.tolist() == [[0, 1, 2], [3, 4, 5]]


def test_sample_path_helper() -> None:
    assert get_testdata_file("rtplan.dcm") == get_testdata_files("rtplan.dcm")[0]
