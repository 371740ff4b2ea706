"""`dicodec.encaps` against `pydicom.encaps`: same inputs, same outputs.

Over the encapsulated Pixel Data of every corpus file pydicom reads (as bytes
and as a file object, whose position after each call is compared too), and
over frames encapsulated by both with every option.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydicom
import pydicom.encaps as theirs
import pytest

import dicodec
import dicodec.encaps as ours
from dicodec import PixelDataError
from tests.conftest import pydicom_test_files
from tests.io.test_conformance import FILES, _pydicom_read


def _encapsulated(path: Path) -> tuple[bytes, int | None, Any] | None:
    read = _pydicom_read(path)
    if read is None:
        return None
    ds = read[0]
    element = ds.get(0x7FE00010)
    if element is None or not element.is_undefined_length or not isinstance(ds.PixelData, bytes):
        return None
    frames = ds.get("NumberOfFrames")
    eot = None
    if "ExtendedOffsetTable" in ds:
        eot = (ds.ExtendedOffsetTable, ds.ExtendedOffsetTableLengths)
    return ds.PixelData, int(frames) if frames else None, eot


ENCAPSULATED = [p for p in FILES if _encapsulated(p) is not None]


def _call(module: Any, name: str, buffer: Any, *args: Any, **kwargs: Any) -> Any:
    """The result (generators listed), the error, and where a file object was left."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = getattr(module, name)(buffer, *args, **kwargs)
            if not isinstance(result, (bytes, list, tuple)):
                result = list(result)
            error = None
        except Exception as exc:
            result, error = None, exc
    return result, error, buffer.tell() if hasattr(buffer, "tell") else None


def assert_same(name: str, make: Callable[[], Any], *args: Any, **kwargs: Any) -> None:
    expected, their_error, their_position = _call(theirs, name, make(), *args, **kwargs)
    result, our_error, our_position = _call(ours, name, make(), *args, **kwargs)
    if their_error is not None:
        assert isinstance(our_error, type(their_error)), (name, our_error, their_error)
        return
    assert our_error is None, (name, our_error)
    assert result == expected, name
    assert our_position == their_position, name


def _as_file(data: bytes, position: int = 0) -> Callable[[], io.BytesIO]:
    def make() -> io.BytesIO:
        buffer = io.BytesIO(b"\x00" * 10 + data)  # not at the start of the file
        buffer.seek(10 + position)
        return buffer

    return make


def _check_value(value: bytes, frames: int | None, eot: Any) -> int:
    checks = 0
    bot_length = struct.unpack("<I", value[4:8])[0]
    after_bot = value[8 + bot_length :]
    for make in (lambda: value, _as_file(value)):
        assert_same("parse_basic_offsets", make)
        assert_same(
            "generate_fragmented_frames", make, number_of_frames=frames, extended_offsets=eot
        )
        assert_same("generate_frames", make, number_of_frames=frames, extended_offsets=eot)
        for index in range(frames or 1):
            assert_same("get_frame", make, index, number_of_frames=frames, extended_offsets=eot)
        checks += 3 + (frames or 1)
    for make in (lambda: after_bot, _as_file(value, 8 + bot_length)):
        assert_same("parse_fragments", make)
        assert_same("generate_fragments", make)
        checks += 2
    return checks


@pytest.mark.parametrize("path", ENCAPSULATED, ids=lambda p: p.name)
def test_corpus_pixel_data_as_pydicom(path: Path) -> None:
    found = _encapsulated(path)
    assert found is not None
    assert _check_value(*found) > 0


def test_corpus_count(capsys: pytest.CaptureFixture[str]) -> None:
    checks = sum(_check_value(*_encapsulated(p)) for p in ENCAPSULATED)  # type: ignore[misc]
    with capsys.disabled():
        print(
            f"\nencaps: {len(ENCAPSULATED)} encapsulated corpus files, {checks} calls as pydicom's"
        )
    assert len(ENCAPSULATED) >= 30


FRAMES = [
    b"\xff\xd8abc\xff\xd9",
    b"\xff\xd8" + bytes(range(40)) + b"\xff\xd9",
    b"\xff\xd8x\xff\xd9",
]


@pytest.mark.parametrize("per_frame", [1, 2, 3])
@pytest.mark.parametrize("has_bot", [True, False])
def test_encapsulate_as_pydicom(per_frame: int, has_bot: bool) -> None:
    value = ours.encapsulate(FRAMES, per_frame, has_bot)
    assert value == theirs.encapsulate(FRAMES, per_frame, has_bot)
    count = len(FRAMES)
    for make in (lambda: value, _as_file(value)):
        for name in ("generate_frames", "generate_fragmented_frames"):
            assert_same(name, make, number_of_frames=count)
            assert_same(name, make)  # without the number: pydicom needs it unless there is a BOT
        for index in (0, 1, 2, 3):
            assert_same("get_frame", make, index, number_of_frames=count)


def test_extended_offsets_as_pydicom() -> None:
    value, offsets, lengths = ours.encapsulate_extended(FRAMES)
    assert (value, offsets, lengths) == theirs.encapsulate_extended(FRAMES)
    as_lists = (list(struct.unpack("<3Q", offsets)), list(struct.unpack("<3Q", lengths)))
    for table in ((offsets, lengths), as_lists):
        for make in (lambda: value, _as_file(value)):
            assert_same("generate_frames", make, extended_offsets=table)
            for index in (0, 2, 3):
                assert_same("get_frame", make, index, extended_offsets=table)


@pytest.mark.parametrize("frame", [b"\x01\x02\x03\x04\x05", b"\x01\x02\x03\x04\x05\x06\x07\x08"])
@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_fragments_and_items_as_pydicom(frame: bytes, count: int) -> None:
    def run(module: Any) -> Any:
        try:
            return list(module.fragment_frame(frame, count)), list(
                module.itemize_frame(frame, count)
            )
        except ValueError:
            return "ValueError"

    assert run(ours) == run(theirs)
    assert ours.itemize_fragment(b"ab") == theirs.itemize_fragment(b"ab")


def test_big_endian_items_as_pydicom() -> None:
    def item(data: bytes) -> bytes:
        return b"\xff\xfe\xe0\x00" + struct.pack(">I", len(data)) + data

    value = item(struct.pack(">2I", 0, 12)) + item(b"\xff\xd8ab") + item(b"cd\xff\xd9")
    for make in (lambda: value, _as_file(value)):
        assert_same("parse_basic_offsets", make, endianness=">")
        assert_same("generate_frames", make, endianness=">")
    assert_same("parse_fragments", lambda: value[16:], endianness=">")


@pytest.mark.parametrize(
    "value",
    [
        b"\xfe\xff\x00\xe0\x03\x00\x00\x00abc",  # a BOT that is not a multiple of 4
        b"\xfe\xff\x01\xe0\x00\x00\x00\x00",  # not an item
        b"\xfe\xff\x00\xe0\x00\x00\x00\x00\xfe\xff\x00\xe0\xff\xff\xff\xff",  # undefined length
        b"\xfe\xff\x00\xe0\x00\x00\x00\x00\xfe\xff\x00\xe0\x02\x00\x00\x00ab"
        b"\xfe\xff\x00\xe0\x02\x00\x00\x00cd",  # frames by markers, but no number of frames
    ],
)
def test_bad_values_raise_pydicoms_kind(value: bytes) -> None:
    for name in ("parse_basic_offsets", "generate_frames"):
        assert_same(name, lambda: value)
    with pytest.raises(PixelDataError):
        list(ours.generate_frames(value))


def _buffers(frames: list[bytes]) -> list[io.BufferedIOBase]:
    return [io.BytesIO(frame) for frame in frames]


@pytest.mark.parametrize("has_bot", [True, False])
def test_encapsulated_buffer_as_pydicom(has_bot: bool) -> None:
    frames = [b"\x01\x02\x03", b"\x04" * 10, b"\x05"]
    mine = ours.encapsulate_buffer(_buffers(frames), has_bot)
    other = theirs.encapsulate_buffer(_buffers(frames), has_bot)
    for attribute in (
        "lengths",
        "offsets",
        "basic_offset_table",
        "extended_offsets",
        "extended_lengths",
        "encapsulated_length",
    ):
        assert getattr(mine, attribute) == getattr(other, attribute), attribute
    assert mine.read(None) == other.read(None) == ours.encapsulate(frames, has_bot=has_bot)
    for offset, whence, size in [(0, 0, 5), (3, 1, 7), (-4, 2, 100), (9, 0, 1), (100, 0, 3)]:
        assert mine.seek(offset, whence) == other.seek(offset, whence)
        assert mine.read(size) == other.read(size)
        assert mine.tell() == other.tell()
    extended = ours.encapsulate_extended_buffer(_buffers(frames))
    assert extended[1:] == theirs.encapsulate_extended_buffer(_buffers(frames))[1:]
    assert extended[0].read() == theirs.encapsulate_extended_buffer(_buffers(frames))[0].read()


def test_encapsulated_pixel_data_is_written_undefined_length(tmp_path: Path) -> None:
    """Set by hand under a compressed syntax, as pydicom's user guide does, it reads back."""
    ds = dicodec.dcmread(pydicom_test_files() / "SC_rgb_rle.dcm")
    assert ds.PixelData is not None
    frames = list(ours.generate_frames(ds.PixelData, number_of_frames=1))
    ds.PixelData = ours.encapsulate(frames)
    ds.save_as(tmp_path / "out.dcm")
    back = pydicom.dcmread(tmp_path / "out.dcm")
    assert back["PixelData"].is_undefined_length
    assert (back.pixel_array == dicodec.dcmread(tmp_path / "out.dcm").pixel_array).all()
    ds.PixelData = b"\x00" * 32  # native bytes under RLE Lossless: refused
    with pytest.raises(dicodec.EncodeError, match="encapsulate"):
        ds.save_as(tmp_path / "bad.dcm")
