"""Converting between the four native transfer syntaxes keeps every value.

Implicit VR Little Endian, Explicit VR Little Endian, Explicit VR Big Endian and
Deflated Explicit VR Little Endian: every corpus file dicodec reads is written in
each, read back, and compared value by value (`tests.io.compare` says what
"the same value" means for words and for VRs Implicit VR cannot carry); pydicom
reads dicodec's output with the same values. Random datasets of every VR
(hypothesis) go through chains of conversions.
"""

from __future__ import annotations

import functools
import io
import warnings
from pathlib import Path
from typing import Any

import pydicom
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dicodec
from dicodec import DataElement, Dataset, DicomError, EncodeError, Sequence
from dicodec.filewriter import write_buffer
from dicodec.generated.dictionary import DICTIONARY
from tests.io.compare import WORD_SIZES, differences
from tests.io.test_conformance import DAMAGED, FILES, _same_dataset
from tests.strategies import BINARY_NUMBERS

IMPLICIT_LE = "1.2.840.10008.1.2"
EXPLICIT_LE = "1.2.840.10008.1.2.1"
DEFLATED_LE = "1.2.840.10008.1.2.1.99"
EXPLICIT_BE = "1.2.840.10008.1.2.2"
# transfer syntax -> (implicit_vr, little_endian)
SYNTAXES = {
    IMPLICIT_LE: (True, True),
    EXPLICIT_LE: (False, True),
    EXPLICIT_BE: (False, False),
    DEFLATED_LE: (False, True),
}


def convert(ds: Dataset, uid: str) -> bytes:
    """`ds` written in the transfer syntax `uid` (the meta says so, the arguments too)."""
    implicit, little = SYNTAXES[uid]
    ds.file_meta.TransferSyntaxUID = uid
    out = io.BytesIO()
    dicodec.dcmwrite(out, ds, implicit_vr=implicit, little_endian=little)
    return out.getvalue()


def _readable(path: Path) -> bytes | None:
    """The file's bytes, unless it is damaged (values cut short: see test_conformance)."""
    if path.name in DAMAGED:
        return None
    data = path.read_bytes()
    try:
        ds = dicodec.dcmread(data, force=True)
        for element in ds.iterall():
            element.value  # noqa: B018
    except DicomError:
        return None
    return data


def _encapsulated(ds: Dataset) -> bool:
    return 0x7FE00010 in ds and ds[0x7FE00010].is_undefined_length


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_conversions_keep_values(path: Path) -> None:
    """Each file, in each syntax: the same values for dicodec, and for pydicom reading it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = _readable(path)
        if data is None:
            pytest.skip("damaged: read leniently, or refused (see test_conformance)")
        for uid in SYNTAXES:
            ds = dicodec.dcmread(data, force=True)
            original_little = ds.is_little_endian
            if _encapsulated(ds):
                with pytest.raises(EncodeError, match="encapsulated"):
                    convert(ds, uid)
                continue
            written = convert(ds, uid)
            back = dicodec.dcmread(written, force=True)
            assert back.file_meta.TransferSyntaxUID == uid
            assert (back.is_implicit_VR, back.is_little_endian) == SYNTAXES[uid]
            original = dicodec.dcmread(data, force=True)
            problems = differences(original, back, original_little, back.is_little_endian)
            theirs = pydicom.dcmread(io.BytesIO(written), force=True)
            problems += _pydicom_differences(back, theirs)
            assert problems == [], f"{uid}:\n" + "\n".join(problems[:10])


def _pydicom_differences(ours: Dataset, theirs: Any) -> list[str]:
    problems = _same_dataset(ours, theirs) + _same_dataset(ours.file_meta, theirs.file_meta)
    # a private group length (gggg,0000) in Implicit VR: UL for dicodec (PS3.5 7.2), UN for
    # pydicom; the same bytes either way
    return [p for p in problems if not p.endswith("0000): VR UL != UN")]


def test_big_endian_words_read_like_pydicom() -> None:
    """OW in a big endian file: the bytes as stored, as pydicom gives them; LE after conversion."""
    path = next(p for p in FILES if p.name == "MR_small_bigendian.dcm")
    ours = dicodec.dcmread(path)
    theirs = pydicom.dcmread(path)
    assert ours.PixelData == theirs.PixelData
    little = dicodec.dcmread(convert(dicodec.dcmread(path), EXPLICIT_LE))
    swapped = pydicom.dcmread(next(p for p in FILES if p.name == "MR_small.dcm")).PixelData
    assert little.PixelData == swapped
    assert little.Rows == ours.Rows == theirs.Rows


def test_conversion_refuses_inexpressible() -> None:
    """What a conversion cannot express is an EncodeError, not a file that lies."""
    path = next(p for p in FILES if p.name == "MR_small_RLE.dcm")
    ds = dicodec.dcmread(path)
    with pytest.raises(EncodeError, match="Transfer Syntax UID"):
        write_buffer(ds, implicit_vr=True)  # the meta would say RLE, the data Implicit VR
    ds.file_meta.TransferSyntaxUID = EXPLICIT_BE
    with pytest.raises(EncodeError, match="encapsulated"):
        write_buffer(ds)  # RLE fragments labelled native: decompress first
    ds = dicodec.dcmread(path)
    with pytest.raises(EncodeError, match="encapsulated"):
        write_buffer(ds, implicit_vr=True, enforce_file_format=True)
    # a bare dataset (no meta): the element itself cannot be big endian (PS3.5 A.4)
    bare = Dataset()
    bare.add(DataElement(0x7FE00010, "OB", b"\xfe\xff\x00\xe0\0\0\0\0", is_undefined_length=True))
    with pytest.raises(EncodeError, match="Explicit VR Big Endian"):
        write_buffer(bare, implicit_vr=False, little_endian=False)
    with pytest.raises(EncodeError, match="Implicit VR Big Endian"):
        write_buffer(Dataset(), implicit_vr=True, little_endian=False)


def test_written_back_unchanged_when_syntax_is_kept() -> None:
    """A file read and written in its own syntax is not re-encoded (no conversion happens)."""
    path = next(p for p in FILES if p.name == "MR_small_bigendian.dcm")
    data = path.read_bytes()
    assert write_buffer(dicodec.dcmread(data)) == data


# -- random datasets ---------------------------------------------------------------------------
@functools.cache
def _tag_for(vr: str, multi: bool) -> int:
    """A standard, non-retired tag of `vr` (with VM 1-n when `multi`), outside group 0002/0008."""
    for tag, (tag_vr, vm, _, retired, _) in DICTIONARY.items():
        if tag_vr == vr and not retired and tag >> 16 not in (0x0002, 0x0008, 0x7FE0):
            if tag & 0xFFFF and ("n" in vm) == multi:
                return tag
    raise LookupError(vr)


_TEXT = st.text(
    st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="\\"),
    min_size=1,
    max_size=10,
)
_NAME = _TEXT.filter(lambda text: not set(text) & set("^="))
_WORDS = WORD_SIZES
_NUMBERS = BINARY_NUMBERS
_STRINGS = {
    "AE": _TEXT,
    "CS": st.from_regex(r"[A-Z0-9_]{1,16}", fullmatch=True),
    "SH": _TEXT,
    "LO": _TEXT,
    # components without the delimiters: "A^=" reads back "A^", as in pydicom (PS3.5 6.2.1)
    "PN": st.builds(lambda a, b: f"{a}^{b}", _NAME, _NAME),
    "DA": st.dates().map(lambda d: d.strftime("%Y%m%d")),
    "TM": st.times().map(lambda t: t.strftime("%H%M%S")),
    "DT": st.datetimes().map(lambda d: d.strftime("%Y%m%d%H%M%S")),
    "UI": st.lists(st.integers(1, 99999), min_size=2, max_size=6).map(
        lambda parts: ".".join(map(str, parts))
    ),
    "IS": st.integers(-(2**31), 2**31 - 1).map(str),
    "DS": st.sampled_from(["0", "1.5", "-3.25e-5", "12345678.9", "42"]),
    "AS": st.from_regex(r"[0-9]{3}[DWMY]", fullmatch=True),
    "UC": _TEXT,
}
_SINGLE_TEXT = {"ST": _TEXT, "LT": _TEXT, "UT": _TEXT, "UR": st.just("http://dicodec.test/x")}


@st.composite
def _element(draw: Any, private_offset: int | None = None) -> tuple[int, str, Any]:
    kinds = ["number", "string", "single", "bytes", "words", "empty"]
    kind = draw(st.sampled_from(kinds))
    if kind == "number":
        vr = draw(st.sampled_from(sorted(_NUMBERS)))
        multi = draw(st.booleans())
        values = draw(st.lists(_NUMBERS[vr], min_size=1, max_size=4 if multi else 1))
        value: Any = values if multi else values[0]
    elif kind == "string":
        vr = draw(st.sampled_from(sorted(_STRINGS)))
        multi = draw(st.booleans())
        values = draw(st.lists(_STRINGS[vr], min_size=1, max_size=3 if multi else 1))
        value = values if multi else values[0]
    elif kind == "single":
        vr, multi = draw(st.sampled_from(sorted(_SINGLE_TEXT))), False
        value = draw(_SINGLE_TEXT[vr])
    elif kind == "bytes":
        vr, multi = draw(st.sampled_from(["OB", "UN"])), False
        value = draw(st.binary(min_size=1, max_size=12).map(lambda b: b + b"\0" * (len(b) & 1)))
    elif kind == "words":
        vr, multi = draw(st.sampled_from(sorted(_WORDS))), False
        count = draw(st.integers(1, 4))
        value = draw(st.binary(min_size=_WORDS[vr] * count, max_size=_WORDS[vr] * count))
    else:
        vr = draw(st.sampled_from(sorted(_NUMBERS) + sorted(_STRINGS) + ["OB", "OW"]))
        multi, value = False, None
    if private_offset is not None:
        return 0x00091000 + private_offset, vr, value
    try:
        tag = _tag_for(vr, multi)
    except LookupError:
        return 0x00091000 + draw(st.integers(0x40, 0xFF)), vr, value
    return tag, vr, value


@st.composite
def datasets(draw: Any, depth: int = 0) -> Dataset:
    ds = Dataset(validation="ignore")
    for tag, vr, value in draw(st.lists(_element(), max_size=6)):
        ds.add_new(tag, vr, value)
    if draw(st.booleans()):
        ds.add_new(0x00090010, "LO", "DICODEC TEST")  # private creator (PS3.5 7.8.1)
        for offset, (_, vr, value) in enumerate(draw(st.lists(_element(0), max_size=3))):
            ds.add_new(0x00091000 + offset, vr, value)
    if depth < 3 and draw(st.booleans()):
        items = draw(st.lists(datasets(depth + 1), max_size=3))
        sequence = DataElement(0x0040A730, "SQ", Sequence(items))
        sequence.is_undefined_length = draw(st.booleans())
        for item in items:
            item.is_undefined_length_sequence_item = draw(st.booleans())
        ds.add(sequence)
    return ds


@given(ds=datasets(), chain=st.permutations(list(SYNTAXES)))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_datasets_survive_conversion_chains(ds: Dataset, chain: list[str]) -> None:
    """A random dataset written in one syntax after another keeps its values at every step."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # values set by hand are written as given: the first step compares bytes as they are
        previous, previous_little = ds, None
        for uid in chain:
            back = dicodec.dcmread(convert(previous, uid), force=True)
            little = None if previous_little is None else back.is_little_endian
            problems = differences(previous, back, previous_little, little)
            assert problems == [], f"{uid}:\n" + "\n".join(problems[:10])
            previous, previous_little = back, back.is_little_endian
