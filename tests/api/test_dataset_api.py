"""pydicom 3's Tag, DataElement and Dataset members and behaviours, against pydicom.

Each script runs with both libraries (`tests.api.oracle.same`): the same results, or an
error of pydicom's kind. Over the corpus: `Dataset.get_item` gives pydicom's
`RawDataElement` (tag, VR, length, value, value_tell, encoding) for every element not
read yet.
"""

from __future__ import annotations

import copy
import io
import os
import pickle
import stat
import warnings
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pydicom
import pytest

import dicodec
import dicodec.dataelem
from dicodec import DataElement, Dataset, InvalidValueError, InvalidValueWarning, Tag
from dicodec.errors import DicomWarning, UnknownKeywordError
from tests.api.oracle import DICODEC, PYDICOM, same
from tests.conftest import pydicom_test_files
from tests.io.test_conformance import DAMAGED, FILES, _pydicom_read

CT = pydicom_test_files() / "CT_small.dcm"
RTPLAN = pydicom_test_files() / "rtplan.dcm"
IMPLICIT = pydicom_test_files() / "MR_small_implicit.dcm"


# -- Tag --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "other",
    [
        (0x10, 0x10),
        (0x10, 0x20),
        0x00100010,
        "PatientName",
        "PatientID",
        "00100010",
        "x",
        None,
        1.5,
        [0x10, 0x10],
    ],
)
def test_tag_equals_and_orders_as_pydicom(other: Any) -> None:
    same(lambda lib: lib.tag.Tag(0x10, 0x10) == other)
    same(lambda lib: lib.tag.Tag(0x10, 0x10) != other)
    same(lambda lib: other == lib.tag.Tag(0x10, 0x10))
    for order in ("__lt__", "__le__", "__gt__", "__ge__"):
        same(lambda lib, order=order: getattr(lib.tag.Tag(0x10, 0x10), order)(other))


def test_tags_hash_as_ints_and_sort_with_pairs() -> None:
    same(lambda lib: {lib.tag.Tag(1, 2): "a"}[0x00010002])
    same(lambda lib: sorted([lib.tag.Tag(3, 1), lib.tag.Tag(1, 2), lib.tag.Tag(2, 0)]))
    same(lambda lib: lib.tag.Tag(1, 2) in [(1, 2)])


@pytest.mark.parametrize("tag", [0x00091010, 0x00190010, 0x0019FF10, 0x00291234, 0x00100010])
def test_private_creator_and_tupletag_as_pydicom(tag: int) -> None:
    same(lambda lib: lib.tag.Tag(tag).private_creator)
    same(lambda lib: (lib.tag.Tag(tag).is_private, lib.tag.Tag(tag).is_private_creator))
    same(lambda lib: lib.tag.TupleTag((tag >> 16, tag & 0xFFFF)))
    same(lambda lib: lib.tag.Tag(tag).json_key)


@pytest.mark.parametrize(
    "arg", ["Bogus", "10", "0x7FE0", "PatientName", -1, 0x1FFFFFFFF, (0x10000, 0), [0x10, 0x10]]
)
def test_tag_construction_as_pydicom(arg: Any) -> None:
    # pydicom raises OverflowError for values too large: dicodec's ValueError (named in the guide)
    if arg in (0x1FFFFFFFF, (0x10000, 0)):
        with pytest.raises(ValueError):
            Tag(arg)
        return
    same(lambda lib: lib.tag.Tag(arg))


@pytest.mark.parametrize(
    "name", ["ItemTag", "ItemDelimiterTag", "SequenceDelimiterTag", "TAG_CHARSET", "TAG_PIXREP"]
)
def test_tag_constants_as_pydicom(name: str) -> None:
    same(lambda lib: (lambda t: (t, isinstance(t, lib.tag.BaseTag)))(getattr(lib.tag, name)))


def test_tag_in_exception_names_the_tag_and_keeps_the_type() -> None:
    for lib in (PYDICOM, DICODEC):
        with pytest.raises(KeyError) as raised, lib.tag.tag_in_exception(lib.tag.Tag(0x00100010)):
            raise KeyError("boom")
        assert "0010" in str(raised.value) and "boom" in str(raised.value)


# -- KeyError, keys(), mapping members ----------------------------------------------------------
def _small(lib: SimpleNamespace) -> Any:
    ds = lib.dataset.Dataset()
    ds.PatientName = "Doe^John"
    ds.PatientID = "12"
    ds.Rows = 2
    ds.add_new(0x00090010, "LO", "ACME")
    ds.add_new(0x00091001, "LO", "x")
    return ds


def test_keys_are_tags_and_a_missing_key_is_a_keyerror_of_the_tag() -> None:
    # in tag order (pydicom's are in the order set; a dataset read has them in tag order)
    same(lambda lib: sorted(_small(lib).keys()))
    same(lambda lib: list(lib.root.dcmread(CT).keys()))
    same(lambda lib: 0x00100010 in _small(lib).keys())
    same(lambda lib: _small(lib)[0x00100030])
    ds = _small(DICODEC)
    assert all(isinstance(tag, Tag) for tag in ds.keys())
    lookups: tuple[Callable[[], Any], ...] = (
        lambda: ds[0x00100030],
        lambda: ds["PatientBirthDate"],
        lambda: ds.pop(0x00100030),
    )
    for lookup in lookups:
        with pytest.raises(KeyError) as raised:
            lookup()
        assert raised.value.args[0] == 0x00100030 and isinstance(raised.value.args[0], Tag)
        # dicodec's one tag format, as in listings and every message
        assert str(raised.value) == "(0010, 0030)"


def test_clear_popitem_group_dataset_elements() -> None:
    def script(lib: SimpleNamespace) -> Any:
        ds = lib.dcmread(CT) if hasattr(lib, "dcmread") else lib.root.dcmread(CT)
        tag, element = ds.popitem()
        group = ds.group_dataset(0x0028)
        # (pydicom converts the Specific Character Set while reading: not the first)
        kinds = [type(e).__name__ for e in ds.elements()][1:6]
        ds.clear()
        return tag, element.value, [e.tag for e in group], len(ds), kinds

    same(script)


def test_data_element_as_pydicom() -> None:
    same(lambda lib: _small(lib).data_element("PatientName").value)
    same(lambda lib: _small(lib).data_element("PatientBirthDate"))  # absent: KeyError
    same(lambda lib: _small(lib).data_element("NoSuchKeyword"))  # None


@pytest.mark.parametrize(
    ("tag", "vr", "value"),
    [(0x00100010, "PN", "A^B"), (0x00280010, "US", 2), (0x00080060, "CS", "CT"),
     (0x00200032, "DS", [1, 2, 3]), (0x7FE00010, "OB", b"\0\1"), (0x00081140, "SQ", [])],
)  # fmt: skip
def test_empty_value_clear_and_validate_as_pydicom(tag: int, vr: str, value: Any) -> None:
    def script(lib: SimpleNamespace) -> Any:
        element = lib.dataelem.DataElement(tag, vr, value)
        empty = element.empty_value
        element.clear()
        return empty, element.value, element.is_empty, element.is_buffered

    same(script)
    for raw in (False, True):
        same(lambda lib, raw=raw: lib.dataelem.empty_value_for_VR(vr, raw))


def test_validate_as_pydicom() -> None:
    raising = dicodec.config.RAISE
    same(lambda lib: lib.dataelem.DataElement(0x00080060, "CS", "CT").validate("CT"))
    same(
        lambda lib: lib.dataelem.DataElement(
            0x00080060, "CS", "CT", validation_mode=raising
        ).validate("c" * 17)
    )  # ValueError: too long
    with pytest.warns(InvalidValueWarning):
        DataElement(0x00080060, "CS", "CT").validate("c" * 17)


def test_validate_file_meta_as_pydicom() -> None:
    def complete(lib: SimpleNamespace) -> Any:
        meta = lib.dataset.FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.3"
        meta.MediaStorageSOPInstanceUID = "1.2.3.4"
        meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
        lib.dataset.validate_file_meta(meta)
        # each library's own implementation UID and version name
        return sorted(meta.keys()), meta.FileMetaInformationVersion

    same(complete)

    def missing(lib: SimpleNamespace) -> Any:
        meta = lib.dataset.FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.3"
        meta.TransferSyntaxUID = ""
        lib.dataset.validate_file_meta(meta)

    same(missing)  # AttributeError
    same(lambda lib: lib.dataset.validate_file_meta(lib.dataset.FileMetaDataset(), False))

    def other_group(lib: SimpleNamespace) -> Any:
        ds = lib.dataset.Dataset()
        ds.PatientName = "A"
        lib.dataset.validate_file_meta(ds)

    same(other_group)  # ValueError


def test_constructors_as_pydicom() -> None:
    def script(lib: SimpleNamespace) -> Any:
        elements = {0x00100010: lib.dataelem.DataElement(0x00100010, "PN", "A^B")}
        ds = lib.dataset.Dataset(elements)
        meta = lib.dataset.FileMetaDataset(
            {0x00020010: lib.dataelem.DataElement(0x00020010, "UI", "1.2.840.10008.1.2")}
        )
        fd = lib.dataset.FileDataset(
            "x.dcm", ds, preamble=b"\0" * 128, file_meta=meta, is_implicit_VR=False
        )
        buffered = lib.dataset.FileDataset(io.BytesIO(b""), {})
        return (
            fd.PatientName,
            fd.filename,
            fd.preamble,
            fd.file_meta.TransferSyntaxUID,
            fd.original_encoding,
            fd.buffer,
            buffered.filename,
            type(buffered.buffer).__name__,
            len(buffered.file_meta),
        )

    same(script)
    same(
        lambda lib: lib.dataset.FileMetaDataset(
            {0x00100010: lib.dataelem.DataElement(0x00100010, "PN", "x")}
        )
    )


def test_datasets_and_file_meta_from_a_list_of_elements() -> None:
    """A list of elements: dicodec takes it (pydicom refuses it, a TypeError)."""
    meta = dicodec.FileMetaDataset([DataElement(0x00020010, "UI", "1.2.840.10008.1.2")])
    assert meta.TransferSyntaxUID == "1.2.840.10008.1.2"
    with pytest.raises(ValueError):
        dicodec.FileMetaDataset([DataElement(0x00100010, "PN", "x")])
    assert Dataset([DataElement(0x00100010, "PN", "x")]).PatientName == "x"


# -- RawDataElement, get_item, update_raw_element ---------------------------------------------
def _raw_records(path: Path, force: bool) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    theirs = pydicom.dcmread(path, force=force)
    ours = dicodec.dcmread(path, force=force)
    a: list[tuple[Any, ...]] = []
    b: list[tuple[Any, ...]] = []
    for tag in theirs.keys():
        t: Any = theirs.get_item(tag, keep_deferred=True)  # pydicom annotates a DataElement
        o = ours.get_item(tag, keep_deferred=True)
        if not isinstance(t, pydicom.dataelem.RawDataElement):
            continue  # pydicom converted it while reading (the charset, a sequence)
        assert isinstance(o, dicodec.dataelem.RawDataElement)
        a.append(
            (
                int(t.tag),
                t.VR,
                t.length,
                t.value,
                t.value_tell,
                t.is_implicit_VR,
                t.is_little_endian,
            )
        )
        b.append(
            (
                int(o.tag),
                o.VR,
                o.length,
                o.value,
                o.value_tell,
                o.is_implicit_VR,
                o.is_little_endian,
            )
        )
    return a, b


# a file cut short: pydicom's raw length is the header's, dicodec's what there is; and one whose
# Pixel Data pydicom's reader already gave the VR "OB or OW"
_RAW_DIFFERENT = {*DAMAGED, "SC_rgb_jpeg.dcm"}
RAW_FILES = [p for p in FILES if p.name not in _RAW_DIFFERENT and _pydicom_read(p) is not None]


@pytest.mark.parametrize("path", RAW_FILES, ids=lambda p: p.name)
def test_get_item_gives_pydicoms_raw_data_elements(path: Path) -> None:
    read = _pydicom_read(path)
    assert read is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs, ours = _raw_records(path, read[1])
    assert ours == theirs


def test_raw_counts(capsys: pytest.CaptureFixture[str]) -> None:
    total = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in RAW_FILES:
            theirs, ours = _raw_records(path, _pydicom_read(path)[1])  # type: ignore[index]
            assert ours == theirs
            total += len(theirs)
    with capsys.disabled():
        print(f"\nget_item: {total} RawDataElements of {len(RAW_FILES)} files equal to pydicom's")


def test_update_raw_element_as_pydicom() -> None:
    def script(lib: SimpleNamespace) -> Any:
        ds = lib.root.dcmread(CT)
        ds.update_raw_element(0x00280010, vr="SS")
        ds.update_raw_element(0x00100020, value=b"NEWID ")
        ds.update_raw_element((0x0008, 0x0060), vr="LO", value=b"CT")
        out = [(ds[t].VR, ds[t].value) for t in (0x00280010, 0x00100020, 0x00080060)]
        buffer = io.BytesIO()
        ds.save_as(buffer)
        back = lib.root.dcmread(io.BytesIO(buffer.getvalue()))
        return out, [(back[t].VR, back[t].value) for t in (0x00280010, 0x00100020, 0x00080060)]

    same(script)
    same(lambda lib: lib.root.dcmread(CT).update_raw_element(0x00280010))  # ValueError
    same(lambda lib: lib.root.dcmread(CT).update_raw_element(0x00280010, vr="XX"))
    same(lambda lib: lib.root.dcmread(CT).update_raw_element(0x00280010, value="x"))  # TypeError
    same(lambda lib: lib.root.dcmread(CT).update_raw_element(0x00280011 + 0x1000, vr="US"))

    def converted(lib: SimpleNamespace) -> Any:
        ds = lib.root.dcmread(CT)
        ds.Rows  # noqa: B018
        ds.update_raw_element(0x00280010, vr="SS")

    same(converted)  # TypeError: converted already


# -- private elements ----------------------------------------------------------------------------
def test_private_blocks_and_items_as_pydicom() -> None:
    def script(lib: SimpleNamespace) -> Any:
        ds = lib.root.dcmread(CT)
        block = ds.private_block(0x0019, "GEMS_ACQU_01")
        element = block[0x27]
        return (
            ds.private_creators(0x0019),
            (element.tag, element.VR, element.value, element.name, element.private_creator),
            ds.get_private_item(0x0043, 0x10, "GEMS_PARM_01").value,
            [e.name for e in ds if e.tag.is_private][:12],
        )

    same(script)
    same(lambda lib: lib.root.dcmread(CT).private_creators(0x0018))  # ValueError
    same(lambda lib: lib.root.dcmread(CT).get_private_item(0x0019, 0x27, "NOBODY"))  # KeyError
    same(lambda lib: lib.root.dcmread(CT).private_block(0x0018, "X"))  # ValueError

    def added(lib: SimpleNamespace) -> Any:
        ds = lib.dataset.Dataset()
        ds.add_new_private("GEMS_ACQU_01", 0x0019, 0x27, 2.5)  # VR from the private dictionary
        ds.add_new_private("ACME", 0x0011, 0x01, "x", "LO")
        block = ds.private_block(0x0011, "ACME")
        block.add_new(0x02, "US", 3)
        return [(e.tag, e.VR, e.value, e.name) for e in ds]

    same(added)
    same(lambda lib: lib.dataset.Dataset().add_new_private("ACME", 0x0011, 0x01, "x"))  # KeyError


def test_implicit_vr_private_elements_read_and_write_with_the_dictionarys_vr(
    tmp_path: Path,
) -> None:
    """Written Implicit VR, read back typed (as pydicom reads it), and written back in
    Explicit VR with the private dictionary's VR."""

    def script(lib: SimpleNamespace) -> Any:
        ds = lib.root.dcmread(CT)
        ds.file_meta.TransferSyntaxUID = lib.uid.ImplicitVRLittleEndian
        implicit = io.BytesIO()
        ds.save_as(implicit)
        back = lib.root.dcmread(io.BytesIO(implicit.getvalue()))
        back.file_meta.TransferSyntaxUID = lib.uid.ExplicitVRLittleEndian
        explicit = io.BytesIO()
        back.save_as(explicit)
        again = lib.root.dcmread(io.BytesIO(explicit.getvalue()))

        def private(d: Any) -> list[tuple[Any, ...]]:
            return [(e.tag, e.VR, e.value) for e in d if e.tag.is_private]

        return private(back), private(again), explicit.getvalue()[-4000:]

    result = same(script)
    assert result is not None
    assert {vr for _, vr, _ in result[0]} >= {"SH", "SL", "SS", "DS", "FL", "OB"}


# -- encodings -------------------------------------------------------------------------------
def test_original_encoding_as_pydicom() -> None:
    def script(lib: SimpleNamespace) -> Any:
        ds = lib.root.dcmread(CT)
        before = (ds.original_encoding, ds.is_original_encoding)
        new = lib.dataset.Dataset()
        made = (new.original_encoding, new.is_original_encoding)
        new.set_original_encoding(True, True, "latin_1")
        ds.SpecificCharacterSet = "ISO_IR 192"
        return before, made, new.original_encoding, ds.is_original_encoding

    same(script)
    same(lambda lib: lib.root.dcmread(IMPLICIT).original_encoding)


def test_decode_reads_every_value() -> None:
    path = pydicom_test_files().parent / "charset_files" / "chrH31.dcm"
    ds = dicodec.dcmread(path)
    ds.decode()
    assert all(e.is_decoded for e in ds.iterall())
    same(lambda lib: (lambda d: (d.decode(), d.PatientName)[1])(lib.root.dcmread(path)))


# -- DataElement ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tag", "vr", "value"),
    [
        (0x00100010, "PN", "Doe^John"),
        (0x00020010, "UI", "1.2.840.10008.1.2"),
        (0x7FE00010, "OB", bytes(range(40))),
        (0x00280030, "DS", ["0.5"] * 20),
        (0x00281101, "US", [256, 0, 16]),
        (0x00400275, "SQ", []),
        (0x00091010, "LO", "private"),
        (0x60003000, "OW", b"\0" * 4),
        (0x00080000, "UL", 4),
        (0x00990099, "LO", "unknown"),
        (0x00330033, "LO", "unknown"),
        (0x00090001, "LO", "x"),
    ],
)
def test_data_element_names_and_repval_as_pydicom(tag: int, vr: str, value: Any) -> None:
    same(
        lambda lib: (
            lambda e: (
                e.keyword,
                e.name,
                e.repval,
                e.is_private,
                e.private_creator,
                e.file_tell,
                e.VM,
            )
        )(lib.dataelem.DataElement(tag, vr, value))
    )


def test_validation_mode_of_an_element_as_pydicom() -> None:
    for mode in ("IGNORE", "WARN", "RAISE"):
        same(
            lambda lib, mode=mode: (
                lib.dataelem.DataElement(
                    0x00080060, "CS", "ct", validation_mode=getattr(lib.config, mode)
                ).value
            )
        )
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            try:
                DataElement(0x00080060, "CS", "ct", validation_mode=getattr(dicodec.config, mode))
            except InvalidValueError:
                assert mode == "RAISE"
        assert bool(seen) == (mode == "WARN")


def test_file_tell_of_elements_read() -> None:
    same(lambda lib: [e.file_tell for e in lib.root.dcmread(CT)][:20])


# -- behaviour on assignment -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("ImageType", "ORIGINAL\\PRIMARY"),
        ("PixelSpacing", "0.5\\0.5"),
        ("PatientName", "A^B\\C^D"),
        ("ImageComments", "a\\b"),  # LT: the backslash is a character
        ("LUTDescriptor", b"\x01\x00\x02\x00\x10\x00"),
        ("Rows", b"\x02\x00"),
        ("RetrieveURL", "http://x.org/a  "),
        ("Modality", "ct"),
        ("Rows", 1.5),
        ("Rows", "12"),
        ("SliceThickness", "1.5"),
    ],
)
def test_assigned_values_as_pydicom_with_its_warnings(keyword: str, value: Any) -> None:
    def script(lib: SimpleNamespace) -> Any:
        ds = lib.dataset.Dataset()
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            setattr(ds, keyword, value)
        return getattr(ds, keyword), ds[keyword].VM, bool(seen)

    same(script)


def test_true_for_an_integer_follows_the_validation_mode() -> None:
    """pydicom takes `ds.Rows = True` silently; dicodec holds a bool to the mode, as a float."""
    with pytest.warns(InvalidValueWarning, match="bool"):
        Dataset().Rows = True
    with pytest.raises(InvalidValueError):
        Dataset(validation="raise").Rows = True
    with pytest.raises(InvalidValueError, match="float"):
        Dataset(validation="raise").Rows = 1.5  # type: ignore[assignment]
    ds = Dataset(validation="raise")
    ds.Rows = 512
    assert ds.Rows == 512
    import numpy as np

    ds.Columns = np.uint16(7)  # numpy's integers are integers
    assert ds.Columns == 7 and type(ds.Columns) is int


def test_attributes_of_ones_own_and_typos() -> None:
    same(
        lambda lib: (lambda d: (d.__setattr__("source_path", "/a/b"), d.source_path)[1])(
            lib.dataset.Dataset()
        )
    )
    ds = Dataset()
    with pytest.warns(DicomWarning, match="no DICOM keyword"):
        ds.MyFlag = True  # type: ignore[attr-defined]
    flag = ds.MyFlag  # type: ignore[attr-defined]
    assert flag is True and "MyFlag" not in [e.keyword for e in ds]
    with pytest.raises(UnknownKeywordError, match="PatientName"):
        ds.PatientNmae = "x"  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        _ = ds.PatientNmae  # type: ignore[attr-defined]


def test_save_as_gives_the_mode_open_would(tmp_path: Path) -> None:
    ds = dicodec.dcmread(CT)
    old = os.umask(0o022)
    try:
        new = tmp_path / "new.dcm"
        ds.save_as(new)
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        os.umask(0o077)
        other = tmp_path / "other.dcm"
        ds.save_as(other)
        assert stat.S_IMODE(other.stat().st_mode) == 0o600
        new.chmod(0o640)
        ds.save_as(new)  # an existing file keeps its mode
        assert stat.S_IMODE(new.stat().st_mode) == 0o640
    finally:
        os.umask(old)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dicodec-")] == []


def test_copies_and_pickles_keep_private_creators() -> None:
    ds = dicodec.dcmread(CT)
    name = ds[0x00191027].name
    for other in (copy.deepcopy(ds), pickle.loads(pickle.dumps(ds)), ds.copy()):
        assert other[0x00191027].name == name == "[Rotation Speed [msec]]"
