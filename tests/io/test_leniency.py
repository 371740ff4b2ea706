"""Messy files are read with a warning and written back as read; `strict=True` raises instead.

Each case is one rule of the encoding that files in the wild break (PS3.5, PS3.10),
built here byte by byte.
"""

from __future__ import annotations

import struct
import warnings
from collections.abc import Callable

import pytest

import dicodec
from dicodec import DicomFormatWarning, DicomWarning, InvalidDicomError, InvalidValueWarning
from dicodec.filewriter import write_buffer

PREAMBLE = b"\0" * 128 + b"DICM"
EXPLICIT_LE = b"1.2.840.10008.1.2.1\0"
IMPLICIT_LE = b"1.2.840.10008.1.2\0"


def explicit(group: int, elem: int, vr: bytes, value: bytes) -> bytes:
    return struct.pack("<HH2sH", group, elem, vr, len(value)) + value


def implicit(group: int, elem: int, value: bytes) -> bytes:
    return struct.pack("<HHI", group, elem, len(value)) + value


def meta(syntax: bytes | None = EXPLICIT_LE, *, group_length: int | None = None) -> bytes:
    body = explicit(2, 0x0010, b"UI", syntax) if syntax is not None else b""
    body += explicit(2, 0x0012, b"UI", b"1.2.3.4\0")
    length = len(body) if group_length is None else group_length
    return PREAMBLE + explicit(2, 0, b"UL", struct.pack("<I", length)) + body


NAME = explicit(0x0010, 0x0010, b"PN", b"Doe^Jane")
MESSY: dict[str, tuple[bytes, str]] = {
    "odd length": (meta() + NAME + explicit(0x0010, 0x0020, b"LO", b"123"), "odd value length 3"),
    "wrong group length": (meta(group_length=10) + NAME, "Group Length says 10 bytes"),
    "missing transfer syntax": (meta(None) + NAME, "no Transfer Syntax UID"),
    "unknown transfer syntax": (meta(b"1.2.3.999\0") + NAME, "unknown Transfer Syntax UID"),
    "explicit said, implicit found": (
        meta(EXPLICIT_LE) + implicit(0x0010, 0x0010, b"Doe^Jane"),
        "says Explicit VR Little Endian",
    ),
    "implicit said, explicit found": (meta(IMPLICIT_LE) + NAME, "but the data set is Explicit VR"),
    "not a VR": (
        meta() + NAME + struct.pack("<HH", 0x0010, 0x0020) + b"\x04\x00\x00\x00" + b"1234",
        r"b'\\x04\\x00' is not a VR",
    ),
    "value cut short": (
        meta() + NAME + explicit(0x0010, 0x0020, b"LO", b"12345678")[:-2],
        "cut short",
    ),
    "header cut short": (meta() + NAME + b"\x10\x00\x20", "into an element header"),
}


@pytest.mark.parametrize("name", sorted(MESSY))
def test_messy_files_warn_and_strict_raises(name: str) -> None:
    data, message = MESSY[name]
    with pytest.warns(DicomFormatWarning, match=message):
        ds = dicodec.dcmread(data)
    assert ds.PatientName == "Doe^Jane"
    with pytest.raises(InvalidDicomError, match=message) as caught:
        dicodec.dcmread(data, strict=True)
    assert caught.value.offset is not None


@pytest.mark.parametrize("name", sorted(set(MESSY) - {"value cut short", "header cut short"}))
def test_messy_files_write_back_as_read(name: str) -> None:
    """Nothing is lost: the raw bytes of every element are written as they were read."""
    data, _ = MESSY[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DicomWarning)
        ds = dicodec.dcmread(data)
    body = data[data.index(b"\x10\x00\x10\x00") :]  # from (0010,0010) on
    assert body in write_buffer(ds)


def test_a_value_cut_short_is_written_whole() -> None:
    """The end of the data cut the value: it is kept, and written with a header that fits it."""
    data, _ = MESSY["value cut short"]
    with pytest.warns(DicomFormatWarning):
        ds = dicodec.dcmread(data)
    assert ds.PatientID == "123456"
    repaired = dicodec.dcmread(write_buffer(ds), strict=True)
    assert repaired.PatientID == "123456" and repaired.PatientName == "Doe^Jane"


def _decoded(data: bytes, strict: bool) -> Callable[[], object]:
    return lambda: [e.value for e in dicodec.dcmread(data, strict=strict).iterall()]


@pytest.mark.parametrize(
    ("element", "message"),
    [
        (explicit(0x0020, 0x0013, b"IS", b"1A"), "'1A' is not a valid number"),
        (explicit(0x0028, 0x0010, b"US", b"\x01\x02\x03\x04\x05\x06"), None),
        (explicit(0x0018, 0x9087, b"FD", b"\x01\x02\x03\x04"), "not a whole number of 8-byte"),
    ],
    ids=["IS text", "fine", "FD width"],
)
def test_malformed_values_warn_when_decoded_and_strict_raises(
    element: bytes, message: str | None
) -> None:
    data = meta() + element
    if message is None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            _decoded(data, strict=True)()
        return
    with pytest.warns(InvalidValueWarning, match=message):
        _decoded(data, strict=False)()
    with pytest.raises(dicodec.InvalidValueError, match=message) as caught:
        _decoded(data, strict=True)()
    assert caught.value.tag == int.from_bytes(element[:2], "little") << 16 | int.from_bytes(
        element[2:4], "little"
    )
    assert caught.value.offset == len(meta()) + 8


def test_bad_characters_warn_and_strict_raises() -> None:
    data = (
        meta()
        + explicit(0x0008, 0x0005, b"CS", b"ISO_IR 192")
        + explicit(0x0010, 0x0010, b"PN", b"Doe^\xff\xfe")
    )
    with pytest.warns(dicodec.CharsetWarning, match="cannot decode"):
        assert "Doe^" in str(dicodec.dcmread(data).PatientName)
    with pytest.raises(dicodec.CharsetError, match=r"tag \(0010, 0010\)"):
        dicodec.dcmread(data, strict=True).PatientName  # noqa: B018


def test_strictness_belongs_to_each_read() -> None:
    """A strict read and a lenient read of the same data, their values decoded interleaved."""
    data = meta() + explicit(0x0020, 0x0013, b"IS", b"1A")
    lenient = dicodec.dcmread(data)
    strict = dicodec.dcmread(data, strict=True)
    with pytest.raises(dicodec.InvalidValueError):
        strict.InstanceNumber  # noqa: B018
    with pytest.warns(InvalidValueWarning):
        assert lenient.InstanceNumber == "1A"


def test_non_standard_padding_is_insignificant() -> None:
    """UI padded with a space, text with NUL, numbers with spaces on both sides (PS3.5 6.2)."""
    data = meta() + b"".join(
        [
            explicit(0x0008, 0x0018, b"UI", b"1.2.3 "),
            explicit(0x0010, 0x0010, b"PN", b"Doe^J\0"),
            explicit(0x0018, 0x0050, b"DS", b" 1.5  "),
            explicit(0x0020, 0x0013, b"IS", b" 12 "),
            explicit(0x0028, 0x0030, b"DS", b" 1.5\\2  "),
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = dicodec.dcmread(data, strict=True)
        assert (ds.SOPInstanceUID, ds.PatientName) == ("1.2.3", "Doe^J")
        assert (str(ds.SliceThickness), ds.InstanceNumber) == ("1.5", 12)
        assert [str(v) for v in ds.PixelSpacing] == ["1.5", "2"]
    assert write_buffer(ds).endswith(data[len(meta()) :])  # written back as read
