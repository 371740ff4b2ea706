"""`dcmread` options and inputs: force, defer_size, stop_before_pixels, specific_tags,
paths, bytes-likes and file objects, and the File Meta Information as real files have it.
"""

from __future__ import annotations

import io
import os
import struct
import warnings
from pathlib import Path

import pydicom
import pytest

import dicodec
from dicodec import FileMetaDataset, InvalidDicomError
from dicodec.filewriter import write_buffer
from dicodec.source import FileSource
from tests.conftest import pydicom_test_files
from tests.io.compare import differences

CT = pydicom_test_files() / "CT_small.dcm"
MR = pydicom_test_files() / "MR_small.dcm"
PIXEL_DATA = 0x7FE00010


def _bare(path: Path, *, implicit: bool, little: bool) -> bytes:
    """The dataset of `path` with no preamble and no File Meta Information."""
    ds = dicodec.dcmread(path)
    ds.preamble = None
    ds.file_meta = FileMetaDataset()
    return write_buffer(ds, implicit_vr=implicit, little_endian=little)


@pytest.mark.parametrize(
    ("implicit", "little"), [(True, True), (False, True), (False, False)], ids=["ivr", "evr", "be"]
)
def test_force_infers_the_syntax_like_pydicom(implicit: bool, little: bool) -> None:
    data = _bare(CT, implicit=implicit, little=little)
    with pytest.raises(InvalidDicomError, match="force=True"):
        dicodec.dcmread(data)
    ours = dicodec.dcmread(data, force=True)
    theirs = pydicom.dcmread(io.BytesIO(data), force=True)
    assert (ours.is_implicit_VR, ours.is_little_endian) == (implicit, little)
    assert theirs.original_encoding == (implicit, little)
    assert len(ours.file_meta) == 0 and ours.preamble is None
    assert differences(dicodec.dcmread(CT), ours, True, little) == []


def test_force_reads_the_corpus_files_without_meta() -> None:
    for name, syntax in [
        ("ExplVR_BigEndNoMeta.dcm", (False, False)),
        ("ExplVR_LitEndNoMeta.dcm", (False, True)),
        ("no_meta_group_length.dcm", (True, True)),
    ]:
        ds = dicodec.dcmread(pydicom_test_files() / name, force=True)
        theirs = pydicom.dcmread(pydicom_test_files() / name, force=True)
        assert (ds.is_implicit_VR, ds.is_little_endian) == syntax == theirs.original_encoding


def test_defer_size_reads_large_values_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "ct.dcm"
    path.write_bytes(CT.read_bytes())
    full = dicodec.dcmread(path)
    for size in (1024, "1 KB", 1024.0):
        ds = dicodec.dcmread(path, defer_size=size)
        assert isinstance(ds._elements[PIXEL_DATA][4], FileSource)
        assert not isinstance(ds._elements[0x00100010][4], FileSource)  # small: in memory
        assert ds.PixelData == full.PixelData
        assert write_buffer(ds) == CT.read_bytes()
    with pytest.raises(ValueError, match="unit"):
        dicodec.dcmread(path, defer_size="1 parsec")


def test_deferred_value_of_a_changed_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ct.dcm"
    path.write_bytes(CT.read_bytes())
    ds = dicodec.dcmread(path, defer_size=1024)
    with open(path, "r+b") as f:  # same size, other content
        f.seek(-4, os.SEEK_END)
        f.write(b"\0\0\0\0")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    with pytest.raises(InvalidDicomError, match="changed since it was read"):
        ds.PixelData  # noqa: B018
    path.write_bytes(b"short")
    with pytest.raises(InvalidDicomError, match="changed since it was read"):
        dicodec.dcmread(CT, defer_size=1024)  # a fresh read is fine...
        ds[PIXEL_DATA].value  # noqa: B018  ...the old one is not


def test_deferred_value_of_a_deleted_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ct.dcm"
    path.write_bytes(CT.read_bytes())
    ds = dicodec.dcmread(path, defer_size=1024)
    path.unlink()
    with pytest.raises(InvalidDicomError, match="cannot be read again"):
        ds.PixelData  # noqa: B018


def test_deferred_elements_of_a_bytes_input_stay_in_memory() -> None:
    ds = dicodec.dcmread(CT.read_bytes(), defer_size=1024)
    assert not isinstance(ds._elements[PIXEL_DATA][4], FileSource)


def test_stop_before_pixels() -> None:
    ds = dicodec.dcmread(CT, stop_before_pixels=True)
    full = dicodec.dcmread(CT)
    assert PIXEL_DATA not in ds
    assert list(ds.keys()) == [t for t in full.keys() if t < PIXEL_DATA]
    theirs = pydicom.dcmread(CT, stop_before_pixels=True)
    assert [int(t) for t in ds.keys()] == [int(t) for t in theirs.keys()]


def test_specific_tags() -> None:
    ds = dicodec.dcmread(CT, specific_tags=["PatientName", 0x00280010, (0x0028, 0x0011)])
    assert [int(t) for t in ds.keys()] == [0x00080005, 0x00100010, 0x00280010, 0x00280011]
    theirs = pydicom.dcmread(CT, specific_tags=["PatientName", 0x00280010, (0x0028, 0x0011)])
    assert [int(t) for t in ds.keys()] == [int(t) for t in theirs.keys()]
    assert ds.PatientName == theirs.PatientName
    assert len(ds.file_meta) > 0  # the meta is always read


@pytest.mark.parametrize(
    "kind", ["path", "str", "bytes", "bytearray", "memoryview", "file", "bytesio"]
)
def test_inputs(kind: str) -> None:
    data = CT.read_bytes()
    source: object = {
        "path": CT,
        "str": str(CT),
        "bytes": data,
        "bytearray": bytearray(data),
        "memoryview": memoryview(data),
        "bytesio": io.BytesIO(data),
    }.get(kind)
    if kind == "file":
        with open(CT, "rb") as f:
            ds = dicodec.dcmread(f)
        assert ds.filename == str(CT)
    else:
        ds = dicodec.dcmread(source)  # type: ignore[arg-type]
    assert ds.PatientName == "CompressedSamples^CT1"
    assert write_buffer(ds) == data


def test_bad_inputs() -> None:
    with pytest.raises(TypeError, match="binary"), open(CT, encoding="latin-1") as f:
        dicodec.dcmread(f)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        dicodec.dcmread(12)  # type: ignore[arg-type]


def test_context_manager() -> None:
    with dicodec.dcmread(CT) as ds:
        assert ds.Rows == 128


def test_not_dicom(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("these are not the bytes you are looking for\n" * 10)
    with pytest.raises(InvalidDicomError, match=r"not a DICOM Part 10 file.*offset 128"):
        dicodec.dcmread(text)
    empty = tmp_path / "empty.dcm"
    empty.write_bytes(b"")
    with pytest.raises(InvalidDicomError):
        dicodec.dcmread(empty)
    with pytest.raises(FileNotFoundError):
        dicodec.dcmread(tmp_path / "missing.dcm")


# -- File Meta Information as real files have it ---------------------------------------------------
def _meta_elements(data: bytes) -> tuple[bytes, list[tuple[int, bytes, bytes]], bytes]:
    """(preamble + DICM, [(tag, VR, value)] of group 0002, the dataset after it)."""
    ds = dicodec.dcmread(data)
    head, pos, elements = data[:132], 132, []
    for element in ds.file_meta:
        raw = element._raw
        assert raw is not None
        elements.append((int(element.tag), data[raw[1] + 4 : raw[1] + 6], data[raw[2] : raw[3]]))
        pos = raw[3]
    return head, elements, data[pos:]


def _explicit(tag: int, vr: bytes, value: bytes) -> bytes:
    if vr in (b"OB", b"UN", b"UT"):
        return struct.pack("<HH2s2xI", tag >> 16, tag & 0xFFFF, vr, len(value)) + value
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr, len(value)) + value


def _implicit(tag: int, vr: bytes, value: bytes) -> bytes:
    return struct.pack("<HHI", tag >> 16, tag & 0xFFFF, len(value)) + value


@pytest.mark.parametrize("layout", ["with group length", "without group length", "implicit VR"])
def test_meta_layouts(layout: str) -> None:
    head, elements, body = _meta_elements(MR.read_bytes())
    elements = [e for e in elements if e[0] != 0x00020000]
    encode = _implicit if layout == "implicit VR" else _explicit
    meta = b"".join(encode(*e) for e in elements)
    if layout != "without group length":
        meta = encode(0x00020000, b"UL", struct.pack("<I", len(meta))) + meta
    data = head + meta + body
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = dicodec.dcmread(data)
        theirs = pydicom.dcmread(io.BytesIO(data))
    assert (0x00020000 in ours.file_meta) == (layout != "without group length")
    assert ours.file_meta.TransferSyntaxUID == theirs.file_meta.TransferSyntaxUID
    assert ours.file_meta.MediaStorageSOPInstanceUID == theirs.file_meta.MediaStorageSOPInstanceUID
    assert differences(dicodec.dcmread(MR), ours, True, True) == []
    if layout != "implicit VR":
        assert write_buffer(ours) == data  # written back as read
