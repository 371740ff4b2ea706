"""`dicodec.filebase` against `pydicom.filebase`: the same calls give the same results."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydicom
import pydicom.filebase as theirs
import pytest

import dicodec
import dicodec.filebase as ours
from dicodec import EncodeError, TruncatedDataError
from tests.conftest import pydicom_test_files

Script = Callable[[Any], Any]


def _run(module: Any, script: Script) -> tuple[Any, BaseException | None]:
    try:
        return script(module), None
    except Exception as exc:
        return None, exc


def assert_same(script: Script) -> None:
    """Same result as pydicom's, or an exception that is an instance of pydicom's kind."""
    expected, their_error = _run(theirs, script)
    result, our_error = _run(ours, script)
    if their_error is None:
        assert our_error is None and result == expected
    else:
        assert isinstance(our_error, type(their_error)), (our_error, their_error)


def _le_tags(m: Any) -> Any:
    fp = m.DicomBytesIO(b"\x08\x00\x16\x00\x04\x00\x00\x00\x02\x00")
    fp.is_little_endian = True
    fp.is_implicit_VR = False
    return fp.read_tag(), fp.read_UL(), fp.read_US(), fp.tell(), fp.is_implicit_VR


def _be_tags(m: Any) -> Any:
    fp = m.DicomBytesIO(b"\x00\x08\x00\x16\x00\x00\x00\x04\x00\x02")
    fp.is_little_endian = False
    return fp.read_tag(), fp.read_UL(), fp.read_US()


def _writes(m: Any) -> Any:
    fp = m.DicomBytesIO()
    fp.is_little_endian = True
    fp.write_tag(0x00100020)
    fp.write_UL(7)
    fp.write_US(3)
    fp.is_little_endian = False
    fp.write_tag(0x00100020)
    fp.write_UL(7)
    fp.write_US(3)
    fp.write(b"ab")
    return fp.getvalue(), fp.tell()


def _seek_and_read(m: Any) -> Any:
    fp = m.DicomBytesIO(b"0123456789")
    fp.seek(4)
    first = fp.read(3)
    fp.seek(-2, 2)
    return first, fp.read(), fp.read_exact(0), fp.parent.getvalue()


def _read_exact_short(m: Any) -> Any:
    fp = m.DicomBytesIO(b"abc")
    return fp.read_exact(4)


def _read_tag_short(m: Any) -> Any:
    fp = m.DicomBytesIO(b"\x08\x00")
    fp.is_little_endian = True
    return fp.read_tag()


def _unset_endian(m: Any) -> Any:
    return m.DicomBytesIO(b"").is_little_endian


def _unset_vr(m: Any) -> Any:
    return m.DicomBytesIO(b"").is_implicit_VR


def _not_bool(m: Any) -> Any:
    fp = m.DicomBytesIO(b"")
    fp.is_little_endian = 1


def _write_to_reader(m: Any) -> Any:
    class OnlyRead:
        def read(self, size: int = -1) -> bytes:
            return b""

        def seek(self, offset: int, whence: int = 0) -> int:
            return 0

        def tell(self) -> int:
            return 0

    return m.DicomFileLike(OnlyRead()).write(b"x")


def _name(m: Any) -> Any:
    raw = io.BytesIO(b"")
    raw.name = "some/file.dcm"
    fp = m.DicomFileLike(raw)
    first = fp.name
    fp.name = "other"
    return first, fp.name, m.DicomBytesIO().name


SCRIPTS = [
    _le_tags,
    _be_tags,
    _writes,
    _seek_and_read,
    _read_exact_short,
    _read_tag_short,
    _unset_endian,
    _unset_vr,
    _not_bool,
    _write_to_reader,
    _name,
]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: s.__name__)
def test_same_results_as_pydicom(script: Script) -> None:
    assert_same(script)


def test_a_short_read_is_a_dicodec_error_and_an_eoferror() -> None:
    fp = ours.DicomBytesIO(b"\x08\x00\x10")
    fp.is_little_endian = True
    with pytest.raises(TruncatedDataError, match="3 of 4 bytes") as caught:
        fp.read_UL()
    assert isinstance(caught.value, EOFError)
    assert caught.value.offset == 0


def test_a_value_too_large_to_write_is_an_encode_error() -> None:
    fp = ours.DicomBytesIO()
    fp.is_little_endian = True
    with pytest.raises(EncodeError):
        fp.write_US(70000)


def test_dcmread_and_dcmwrite_take_them(tmp_path: Path) -> None:
    data = (pydicom_test_files() / "CT_small.dcm").read_bytes()
    ds = dicodec.dcmread(ours.DicomBytesIO(data))
    out = ours.DicomBytesIO()
    dicodec.dcmwrite(out, ds)
    assert out.getvalue() == data
    with ours.DicomFile(pydicom_test_files() / "CT_small.dcm", "rb") as fp:
        assert (
            dicodec.dcmread(fp).PatientName
            == pydicom.dcmread(data and io.BytesIO(data)).PatientName
        )
    target = tmp_path / "out.dcm"
    with ours.DicomFile(target, "wb") as fp:
        dicodec.dcmwrite(fp, ds)
    assert target.read_bytes() == data
