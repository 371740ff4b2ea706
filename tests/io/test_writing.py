"""`dcmwrite`: the File Meta Information it builds, atomic writes to a path, file objects."""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path

import pydicom
import pytest

import dicodec
from dicodec import Dataset, EncodeError
from dicodec.filewriter import write_buffer
from dicodec.values.uid import IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME
from tests.conftest import pydicom_test_files

CT = pydicom_test_files() / "CT_small.dcm"
CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"


def _new_dataset() -> Dataset:
    ds = Dataset()
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = "1.2.3.4.5"
    ds.PatientName = "Doe^Jane"
    ds.Rows = 2
    return ds


@pytest.mark.parametrize(
    ("implicit", "uid"), [(None, "1.2.840.10008.1.2.1"), (True, "1.2.840.10008.1.2")]
)
def test_enforce_file_format_builds_the_meta(implicit: bool | None, uid: str) -> None:
    data = write_buffer(_new_dataset(), implicit_vr=implicit, enforce_file_format=True)
    assert data[:128] == b"\0" * 128 and data[128:132] == b"DICM"
    # the group length counts the meta elements after it (PS3.10 7.1)
    assert data[132:140] == b"\x02\x00\x00\x00UL\x04\x00"
    group_length = struct.unpack("<I", data[140:144])[0]
    ds = dicodec.dcmread(data)
    meta = ds.file_meta
    assert meta.FileMetaInformationVersion == b"\x00\x01"
    assert meta.MediaStorageSOPClassUID == CT_IMAGE_STORAGE
    assert meta.MediaStorageSOPInstanceUID == "1.2.3.4.5"
    assert meta.TransferSyntaxUID == uid
    assert meta.ImplementationClassUID == IMPLEMENTATION_CLASS_UID
    assert meta.ImplementationVersionName == IMPLEMENTATION_VERSION_NAME
    last = meta[max(meta.keys())]._raw
    assert last is not None and last[3] == 144 + group_length
    assert ds.is_implicit_VR is bool(implicit)
    theirs = pydicom.dcmread(io.BytesIO(data))
    assert theirs.file_meta.MediaStorageSOPInstanceUID == "1.2.3.4.5"
    assert theirs.PatientName == "Doe^Jane" and theirs.Rows == 2


def test_enforce_file_format_keeps_and_completes_a_meta() -> None:
    ds = dicodec.dcmread(CT)
    del ds.file_meta[0x00020000]
    del ds.file_meta[0x00020001]
    written = dicodec.dcmread(write_buffer(ds, enforce_file_format=True))
    assert 0x00020000 in written.file_meta and 0x00020001 in written.file_meta
    assert written.file_meta.ImplementationClassUID == ds.file_meta.ImplementationClassUID


def test_enforce_file_format_needs_the_sop_uids() -> None:
    ds = Dataset()
    ds.PatientName = "Doe^Jane"
    with pytest.raises(EncodeError, match="MediaStorageSOPClassUID"):
        write_buffer(ds, enforce_file_format=True)


def test_without_enforce_writes_what_is_there() -> None:
    data = write_buffer(_new_dataset())
    assert data[:4] != b"DICM" and b"DICM" not in data[:132]  # a bare dataset
    assert dicodec.dcmread(data, force=True).PatientName == "Doe^Jane"


def _leftovers(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.startswith(".dicodec-")]


def test_a_failed_encoding_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "out.dcm"
    dicodec.dcmwrite(path, _new_dataset(), enforce_file_format=True)
    before = path.read_bytes()
    bad = _new_dataset()
    bad.validation = "ignore"
    bad.add_new(0x00280011, "US", "not a number")
    with pytest.raises(EncodeError, match=r"\(0028, 0011\) US: cannot encode"):
        dicodec.dcmwrite(path, bad, enforce_file_format=True)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_a_failure_while_writing_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.dcm"
    dicodec.dcmwrite(path, _new_dataset(), enforce_file_format=True)
    before = path.read_bytes()

    def failing_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    changed = _new_dataset()
    changed.PatientName = "Roe^Richard"
    with pytest.raises(OSError, match="No space"):
        dicodec.dcmwrite(path, changed, enforce_file_format=True)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_writing_over_the_file_read_with_deferred_values(tmp_path: Path) -> None:
    path = tmp_path / "ct.dcm"
    path.write_bytes(CT.read_bytes())
    ds = dicodec.dcmread(path, defer_size=1024)
    ds.PatientName = "Roe^Richard"
    dicodec.dcmwrite(path, ds)  # the deferred Pixel Data is read before the file is replaced
    again = dicodec.dcmread(path)
    assert again.PatientName == "Roe^Richard"
    assert again.PixelData == dicodec.dcmread(CT).PixelData


def test_writing_to_file_objects(tmp_path: Path) -> None:
    ds = dicodec.dcmread(CT)
    buffer = io.BytesIO()
    dicodec.dcmwrite(buffer, ds)
    assert buffer.getvalue() == CT.read_bytes()
    with open(tmp_path / "f.dcm", "wb") as f:
        ds.save_as(f)
    assert (tmp_path / "f.dcm").read_bytes() == CT.read_bytes()
    ds.save_as(tmp_path / "p.dcm")
    assert (tmp_path / "p.dcm").read_bytes() == CT.read_bytes()
