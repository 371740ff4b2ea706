"""The typed IOD views: thin wrappers whose Type 1 attributes are plain values or errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

import dicodec
from dicodec import (
    Dataset,
    InvalidValueError,
    InvalidValueWarning,
    MissingAttributeError,
    Sequence,
    UnknownIODError,
    dcmread,
)
from dicodec.iods import CTImage, RTPlan, for_dataset, iod_class, requirement_type
from dicodec.values import DSfloat
from tests.conftest import pydicom_test_files

CT_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.2"
RT_PLAN_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.481.5"


@pytest.fixture
def ct() -> CTImage:
    return CTImage(dcmread(pydicom_test_files() / "CT_small.dcm"))


def test_the_view_reads_the_dataset_with_typed_values(ct: CTImage) -> None:
    ds = ct.dataset
    assert ct.Rows * ct.Columns == 128 * 128
    assert ct.PixelSpacing[0] == 0.661468 and ct.PixelSpacing == ds.PixelSpacing
    assert isinstance(ct.SliceThickness, DSfloat) and float(ct.SliceThickness) == 5.0
    assert ct.ImageType == ["ORIGINAL", "PRIMARY", "AXIAL"]
    assert ct.PatientName == ds.PatientName
    assert ct.SynchronizationTrigger is None  # Type 1 of a conditional module, absent here


def test_a_missing_or_empty_type1_names_the_iod_module_and_type(ct: CTImage) -> None:
    del ct.dataset.Rows
    with pytest.raises(
        MissingAttributeError,
        match=r"CT Image: Rows is absent, but it is Type 1 of the Image Pixel module",
    ):
        ct.Rows  # noqa: B018
    assert not hasattr(ct, "Rows")  # an AttributeError too
    ct.dataset.StudyInstanceUID = ""
    with pytest.raises(
        MissingAttributeError,
        match="StudyInstanceUID is empty, but it is Type 1 of the General Study",
    ):
        ct.StudyInstanceUID  # noqa: B018


def test_writes_go_to_the_dataset_and_are_checked_like_the_accessors(ct: CTImage) -> None:
    ct.Rows = 64
    assert ct.dataset.Rows == 64
    with pytest.warns(InvalidValueWarning):  # as the accessor warns, by default
        ct.Rows = "many"  # type: ignore[assignment]
    ct.dataset.validation = "raise"
    with pytest.raises(InvalidValueError):
        ct.Rows = "many"  # type: ignore[assignment]
    ct.SliceThickness = 2.5
    assert ct.dataset.SliceThickness == 2.5
    del ct.SliceThickness
    assert ct.SliceThickness is None and "SliceThickness" not in ct.dataset


def test_sequence_items_are_typed_views_of_the_same_items() -> None:
    ds = dcmread(pydicom_test_files() / "rtplan.dcm")
    plan = RTPlan(ds)
    beams = plan.BeamSequence
    assert beams is not None and len(beams) == 1
    beam = beams[0]
    assert beam.BeamName == "Field 1" and beam.dataset is ds.BeamSequence[0]
    assert [b.BeamNumber for b in beams] == [1]
    assert beams[-1].dataset is beam.dataset and beams[:1][0].dataset is beam.dataset
    control_points = beam.ControlPointSequence
    assert control_points is not None and control_points[0].ControlPointIndex == 0
    assert plan.FractionGroupSequence is not None
    del beam.dataset.BeamNumber
    with pytest.raises(
        MissingAttributeError, match=r"RT Plan > BeamSequence\[0\]: BeamNumber is absent"
    ):
        beam.BeamNumber  # noqa: B018
    item = Dataset()
    item.BeamName = "Field 2"
    plan.BeamSequence = [beam, item]  # item views and datasets alike
    assert isinstance(ds.BeamSequence, Sequence) and ds.BeamSequence[1].BeamName == "Field 2"


def test_views_are_found_by_sop_class_and_by_name(ct: CTImage) -> None:
    assert type(for_dataset(ct.dataset)) is CTImage
    assert iod_class("ct-image") is iod_class("CT Image") is iod_class("CTImage") is CTImage
    assert CTImage.sop_classes == (CT_SOP_CLASS,)
    with pytest.raises(UnknownIODError, match="no SOP Class UID"):
        for_dataset(Dataset())
    ds = Dataset()
    ds.SOPClassUID = "1.2.3.4"
    with pytest.raises(UnknownIODError, match=r"1\.2\.3\.4"):
        for_dataset(ds)
    assert dicodec.iods.RTPlan is RTPlan
    with pytest.raises(AttributeError):
        dicodec.iods.NoSuchIOD  # type: ignore[attr-defined]  # noqa: B018


def test_requirement_type_of_an_attribute_in_a_sop_class() -> None:
    assert requirement_type(CT_SOP_CLASS, "Rows") == "1"
    assert requirement_type(CT_SOP_CLASS, "SliceThickness") == "2"
    assert requirement_type(CT_SOP_CLASS, "ImageType") == "1"  # 3 in General Image, 1 in CT Image
    assert requirement_type(CT_SOP_CLASS, "BeamSequence") is None
    assert requirement_type(RT_PLAN_SOP_CLASS, "BeamSequence.BeamNumber") == "1"
    assert requirement_type(RT_PLAN_SOP_CLASS, ("BeamSequence", "ControlPointSequence")) == "1"


def test_import_dicodec_imports_no_view() -> None:
    code = "import sys, dicodec; print(sorted(m for m in sys.modules if 'iods' in m))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_retired_attributes_and_only_they_are_retired_descriptors() -> None:
    from dicodec.datadict import dictionary_is_retired
    from dicodec.generated.iods.modules import shared
    from dicodec.iods.views import ItemView, RetiredAttribute, module_attributes

    classes = [c for c in vars(shared).values() if isinstance(c, type) and issubclass(c, ItemView)]
    attributes = [a for c in classes for a in module_attributes(c)]
    assert len(attributes) > 1000
    assert all(isinstance(a, RetiredAttribute) == dictionary_is_retired(a.tag) for a in attributes)
