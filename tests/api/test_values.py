"""`dicodec.values.convert_*` against `pydicom.values`: the same bytes give the same values.

Over every element of every corpus file: the raw bytes of each value are given
to pydicom's converter for the VR and to dicodec's function of the same name.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydicom.values
import pytest
from pydicom.dataelem import RawDataElement
from pydicom.tag import Tag as PdTag

import dicodec
import dicodec.values
from dicodec import DicomError
from dicodec.conversion import BytesLengthError, UnknownVRError
from tests.io.test_conformance import FILES, _pydicom_read, _same_value

# pydicom's charset-aware converters take (bytes, encodings, VR); PN takes (bytes, encodings)
_CHARSET_VRS: frozenset[str] = frozenset(pydicom.values.CUSTOMIZABLE_CHARSET_VR)  # type: ignore[attr-defined]
_CONVERTERS: dict[str, Any] = {str(vr): c for vr, c in pydicom.values.converters.items()}


def _raw_values(path: Path) -> Iterator[tuple[str, bytes, bool, bool, tuple[str, ...]]]:
    """(VR, value bytes, implicit VR, little endian, encodings) of every element, items included."""
    ds = dicodec.dcmread(path, force=True)
    for element in ds.iterall():
        raw = element._raw
        if raw is None or element.VR == "SQ" or " or " in element.VR:
            continue
        src = raw[4]
        yield (
            element.VR,
            src.value_bytes(raw),
            src.implicit_vr,
            src.little_endian,
            element._encodings,
        )


def _theirs(vr: str, data: bytes, implicit: bool, little: bool, encodings: tuple[str, ...]) -> Any:
    converter = _CONVERTERS[vr]
    if isinstance(converter, tuple):
        return ("convert_numbers", converter[0](data, little, converter[1]))
    if vr == "PN":
        return (converter.__name__, converter(data, list(encodings)))
    if vr in _CHARSET_VRS:
        return (converter.__name__, converter(data, list(encodings), vr))
    return (converter.__name__, converter(data, little))


def _ours(name: str, vr: str, data: bytes, little: bool, encodings: tuple[str, ...]) -> Any:
    function = getattr(dicodec.values, name)
    if name == "convert_numbers":
        return function(data, little, _CONVERTERS[vr][1])
    if vr == "PN":
        return function(data, encodings)
    if vr in _CHARSET_VRS:
        return function(data, encodings, vr)
    return function(data, little)


def _outcome(call: Any, *args: Any) -> tuple[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "ok", call(*args)
        except Exception as exc:
            return "error", exc


def _compare(path: Path) -> list[str]:
    problems: list[str] = []
    for vr, data, implicit, little, encodings in _raw_values(path):
        state, theirs = _outcome(_theirs, vr, data, implicit, little, encodings)
        if state == "error":
            continue  # pydicom cannot convert it: nothing to compare
        name, expected = theirs
        state, got = _outcome(_ours, name, vr, data, little, encodings)
        if state == "error" or not _same_value(got, expected):
            problems.append(f"{name} {vr} {data[:40]!r}: {got!r} != {expected!r}")
        raw = RawDataElement(PdTag(0), vr, len(data), data, 0, implicit, little, True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = dicodec.values.convert_value(vr, raw, encodings)
            expected = pydicom.values.convert_value(vr, raw, list(encodings))
        if not _same_value(value, expected):
            problems.append(f"convert_value {vr} {data[:40]!r}: {value!r} != {expected!r}")
    return problems


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_converters_give_pydicoms_values(path: Path) -> None:
    if _pydicom_read(path) is None:
        pytest.skip("pydicom cannot read this file")
    try:
        problems = _compare(path)
    except DicomError:
        pytest.skip("dicodec refuses this file (see test_conformance)")
    assert problems == [], "\n".join(problems[:10])


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("convert_numbers", (b"\x01\x00\x02\x00", True, "H")),
        ("convert_numbers", (b"\x00\x01", False, "H")),
        ("convert_numbers", (b"", True, "d")),
        ("convert_numbers", (b"\x00\x00\x80\x3f", True, "f")),
        ("convert_tag", (b"\x10\x00\x20\x00", True)),
        ("convert_tag", (b"\xff\xff\x10\x00\x20\x00", False, 2)),
        ("convert_string", (b"ORIGINAL\\PRIMARY ", True)),
        ("convert_AE_string", (b"  AE1 \\AE2 ", True)),
        ("convert_UI", (b"1.2.840.10008.1.2\x00", True)),
        ("convert_UR_string", (b"http://a/b  ", True)),
        ("convert_PN", (b"Doe^John=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B", ["iso8859", "iso2022_jp"])),
        ("convert_text", (b"\xe9t\xe9\\b ", ["latin_1"], "LO")),
        ("convert_single_string", (b"a\\b  ", None, "LT")),
        ("convert_DS_string", (b" 1.50\\-2E3", True)),
        ("convert_IS_string", (b"+12\\ -3 ", True)),
        ("convert_OWvalue", (b"\x01\x02", False)),
        ("multi_string", ("A\\B\\",)),
        ("multi_string", ("1.5 ", float)),
    ],
)
def test_each_function_as_pydicom(name: str, args: tuple[Any, ...]) -> None:
    expected = getattr(pydicom.values, name)(*args)
    assert _same_value(getattr(dicodec.values, name)(*args), expected)


def test_a_sequence_value() -> None:
    item = b"\x08\x00\x50\x00SH\x04\x00ACC1\x10\x00\x10\x00PN\x08\x00Doe^Jane"
    data = b"\xfe\xff\x00\xe0" + len(item).to_bytes(4, "little") + item
    theirs = pydicom.values.convert_SQ(data, False, True)
    ours = dicodec.values.convert_SQ(data, False, True)
    assert len(ours) == len(theirs) == 1
    assert ours[0].AccessionNumber == theirs[0].AccessionNumber
    assert str(ours[0].PatientName) == str(theirs[0].PatientName)


def test_errors_are_dicodecs_and_pydicoms_kinds() -> None:
    with pytest.raises(BytesLengthError) as caught:
        dicodec.values.convert_numbers(b"\x01\x00\x02", True, "H")
    assert isinstance(caught.value, RuntimeError)  # pydicom's BytesLengthException is one
    with pytest.raises(pydicom.errors.BytesLengthException):
        pydicom.values.convert_numbers(b"\x01\x00\x02", True, "H")
    with pytest.raises(ValueError):
        dicodec.values.convert_tag(b"\x01\x00", True)
    raw = RawDataElement(PdTag(0), "QQ", 2, b"ab", 0, False, True, True)
    with pytest.raises(NotImplementedError):
        pydicom.values.convert_value("QQ", raw)
    with pytest.raises(UnknownVRError):
        dicodec.values.convert_value("QQ", raw)


def test_empty_values_as_pydicom() -> None:
    for vr in ("AE", "CS", "DS", "IS", "US", "FD", "PN", "OB", "SQ", "UI", "AT", "LT"):
        raw = RawDataElement(PdTag(0), vr, 0, b"", 0, False, True, True)
        assert _same_value(
            dicodec.values.convert_value(vr, raw), pydicom.values.convert_value(vr, raw)
        ), vr


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = dicodec.values.convert_nothing


@pytest.mark.slow
def test_corpus_count(capsys: pytest.CaptureFixture[str]) -> None:
    files = values = 0
    for path in FILES:
        if _pydicom_read(path) is None:
            continue
        try:
            raw = list(_raw_values(path))
            assert _compare(path) == []
        except DicomError:
            continue
        files += 1
        values += sum(
            _outcome(_theirs, vr, data, implicit, little, encodings)[0] == "ok"
            for vr, data, implicit, little, encodings in raw
        )
    with capsys.disabled():
        print(f"\nvalues: {values} values of {files} corpus files convert to pydicom's values")
    assert files >= 180
