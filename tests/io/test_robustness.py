"""Damaged and hostile input: a clear dicodec exception, never anything else.

Corpus files are truncated at many offsets and corrupted at random (length
fields, VR bytes, item tags, any byte); each result is read, walked, every
value decoded, printed and written back (in its own syntax and converted).
The only exceptions allowed are `DicomError`s (warnings are fine). Hostile
files (sequences nested 10,000 deep, lengths near 4 GiB) are refused quickly,
without exhausting the stack or allocating what the length field says.
"""

from __future__ import annotations

import random
import tracemalloc
import warnings
from pathlib import Path

import pytest

import dicodec
from dicodec import DicomError, DicomFormatWarning, InvalidDicomError, TruncatedDataError
from dicodec.filewriter import write_buffer
from dicodec.reader import MAX_SEQUENCE_DEPTH
from fuzz.mutate import nested
from fuzz.target import exercise as fuzz_target
from tests.conftest import pydicom_charset_files, pydicom_test_files

TEST_FILES = pydicom_test_files()
# (file, truncate at every offset?) : explicit, implicit, big endian, deflated, nested and
# private sequences, UN sequences, encapsulated pixels, a DICOMDIR, a multi-byte charset
FUZZED = {
    "rtplan.dcm": True,
    "nested_priv_SQ.dcm": True,
    "priv_SQ.dcm": True,
    "UN_sequence.dcm": True,
    "empty_charset_LEI.dcm": True,
    "test-SR.dcm": False,
    "ExplVR_BigEnd.dcm": False,
    "MR_small_bigendian.dcm": False,
    "image_dfl.dcm": False,
    "MR_small_RLE.dcm": False,
    "reportsi.dcm": False,
    "rtstruct.dcm": False,
    "dicomdirtests/DICOMDIR": False,
}
SAMPLED_OFFSETS = 250
CORRUPTIONS = 250

# what a corruption writes over 4 bytes: lengths, item and delimiter tags
_WORDS = [
    b"\xff\xff\xff\xff",  # undefined length
    b"\xf0\xff\xff\xff",  # a length near 4 GiB
    b"\x00\x00\x00\x80",
    b"\x00\x00\x00\x00",
    b"\xfe\xff\x00\xe0",  # item
    b"\xfe\xff\x0d\xe0",  # item delimiter
    b"\xfe\xff\xdd\xe0",  # sequence delimiter
]
_VRS = [b"SQ", b"UN", b"OB", b"OW", b"UT", b"US", b"AT", b"FD", b"PN", b"DA", b"XX", b"\0\0"]


def exercise(data: bytes) -> None:
    """Everything a user might do with a file (the fuzzer's target); a DicomError is fine."""
    try:
        fuzz_target(data)
    except DicomError:
        pass


def _corrupt(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(damaged) - 4)
        kind = rng.random()
        if kind < 0.4:
            damaged[at] = rng.randrange(256)
        elif kind < 0.75:
            damaged[at : at + 4] = rng.choice(_WORDS)
        else:
            damaged[at : at + 2] = rng.choice(_VRS)
    return bytes(damaged)


@pytest.mark.parametrize("name", sorted(FUZZED))
def test_truncated_files(name: str) -> None:
    data = (TEST_FILES / name).read_bytes()
    offsets: list[int] | range = range(len(data))
    if not FUZZED[name]:
        offsets = random.Random(name).sample(range(len(data)), SAMPLED_OFFSETS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for offset in offsets:
            exercise(data[:offset])


@pytest.mark.parametrize("name", sorted(FUZZED))
def test_corrupted_files(name: str) -> None:
    data = (TEST_FILES / name).read_bytes()
    rng = random.Random(f"corrupt {name}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(CORRUPTIONS):
            exercise(_corrupt(data, rng))


def test_charset_of_the_wrong_vr() -> None:
    """(0008,0005) damaged into an AT: the default repertoire, with a warning."""
    data = bytearray((pydicom_charset_files() / "chrFrenMulti.dcm").read_bytes())
    at = data.index(b"\x08\x00\x05\x00CS")
    data[at + 4 : at + 6] = b"AT"
    with pytest.warns(dicodec.DicomWarning, match="not text"):
        ds = dicodec.dcmread(bytes(data))
        assert str(ds.PatientName).startswith("Buc")
    exercise(bytes(data))


# -- hostile files ------------------------------------------------------------------------
@pytest.mark.parametrize("undefined", [True, False], ids=["undefined", "defined"])
def test_deep_nesting_is_refused_not_a_recursion_error(undefined: bool) -> None:
    deepest = dicodec.dcmread(nested(MAX_SEQUENCE_DEPTH, undefined=undefined), force=True)
    assert sum(1 for _ in deepest.iterall()) == MAX_SEQUENCE_DEPTH
    write_buffer(deepest, implicit_vr=False, little_endian=False)
    for depth in (MAX_SEQUENCE_DEPTH + 1, 10_000):
        with pytest.raises(InvalidDicomError, match="nested more than"):
            ds = dicodec.dcmread(nested(depth, undefined=undefined), force=True)
            for element in ds.iterall():
                element.value  # noqa: B018


@pytest.mark.parametrize(
    "data",
    [
        # explicit VR, long header: OB of 0xFFFFFFF0 bytes
        b"\x09\x00\x10\x10OB\0\0\xf0\xff\xff\xff" + b"\0" * 16,
        # implicit VR, the same length
        b"\x10\x00\x10\x00\xf0\xff\xff\xff" + b"Doe^Jane",
        # an item of that length inside an undefined-length sequence
        b"\x40\x00\x30\xa7\xff\xff\xff\xff\xfe\xff\x00\xe0\xf0\xff\xff\xff" + b"\0" * 16,
        # a sequence of defined length holding an item of that length
        b"\x40\x00\x30\xa7\x10\x00\x00\x00\xfe\xff\x00\xe0\xf0\xff\xff\xff" + b"\0" * 8,
    ],
    ids=["explicit", "implicit", "item", "defined-sequence-item"],
)
def test_huge_length_fields_do_not_allocate(data: bytes) -> None:
    """Leniently, the value is cut short at the end of the data, with a warning; strictly, refused.

    An undefined-length sequence must end with its delimiter: there is none, so it
    is refused either way. Nothing near the 4 GiB the length field says is allocated.
    """
    undefined_sequence = data[4:8] == b"\xff\xff\xff\xff"
    tracemalloc.start()
    try:
        if undefined_sequence:
            with pytest.raises(TruncatedDataError, match="runs past the end"):
                _decode_all(dicodec.dcmread(data, force=True))
        else:
            with pytest.warns(DicomFormatWarning, match="runs past the end"):
                write_buffer(_decode_all(dicodec.dcmread(data, force=True)))
        with pytest.raises(TruncatedDataError, match="runs past the end") as caught:
            _decode_all(dicodec.dcmread(data, force=True, strict=True))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000
    assert caught.value.offset is not None and caught.value.tag is not None


def _decode_all(ds: dicodec.Dataset) -> dicodec.Dataset:
    for element in ds.iterall():
        element.value  # noqa: B018
    return ds


def test_truncation_messages_say_where() -> None:
    data = (TEST_FILES / "rtplan.dcm").read_bytes()
    where = r"tag \(300a, 00b0\), offset \d+"
    with pytest.raises(TruncatedDataError, match=where) as caught:
        _decode_all(dicodec.dcmread(data[:1500], strict=True))
    assert caught.value.tag == 0x300A00B0 and caught.value.offset == 1410
    with pytest.warns(DicomFormatWarning, match=where):
        _decode_all(dicodec.dcmread(data[:1500]))


@pytest.mark.parametrize("name", ["rtplan.dcm"])
def test_every_corpus_file_path_is_fine(name: str, tmp_path: Path) -> None:
    """A damaged file read by path (memory-mapped with defer_size) fails the same way."""
    data = (TEST_FILES / name).read_bytes()
    path = tmp_path / name
    for offset in range(0, len(data), 97):
        path.write_bytes(data[:offset])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ds = dicodec.dcmread(path, force=True, defer_size=64, stop_before_pixels=True)
                for element in ds.iterall():
                    element.value  # noqa: B018
            except DicomError:
                pass
