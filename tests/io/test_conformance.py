"""dicodec against pydicom, the oracle, over every file of pydicom's bundled test corpus.

For every file pydicom reads, dicodec reads the same elements with the same VRs
and equal values, recursively through sequences; and writes it back
byte-identical wherever pydicom does (dicodec aims at every file). No file
makes dicodec raise anything but its own exception types.
"""

from __future__ import annotations

import copy
import io
import pickle
import warnings
from pathlib import Path
from typing import Any

import pydicom
import pytest
from pydicom.multival import MultiValue as PdMultiValue
from pydicom.sequence import Sequence as PdSequence

import dicodec
from dicodec import Dataset, DicomError
from tests.conftest import pydicom_charset_files, pydicom_test_files

# Files that dicodec refuses with InvalidDicomError (naming the offset and tag) where
# pydicom returns a partial dataset: a truncated or damaged file should say so.
# Damaged files: read as pydicom reads them, with a DicomFormatWarning; strict=True refuses them.
DAMAGED: dict[str, str] = {
    "MR_truncated.dcm": "truncated: Pixel Data says 8192 bytes, 8130 are left",
    "rtplan_truncated.dcm": "truncated inside the Beam Sequence",
    "DICOMDIR-nooffset": "the last directory record item runs 24 bytes past the end of the file",
    "no_meta.dcm": "damaged: a stray byte before the first element makes one bogus element of the rest",
    "README": "a text file: force=True makes up elements from its words",
}


def corpus() -> list[Path]:
    files = [p for p in sorted(pydicom_test_files().rglob("*")) if p.is_file()]
    files += [p for p in sorted(pydicom_charset_files().rglob("*")) if p.is_file()]
    return [
        p for p in files if p.suffix.lower() not in (".txt", ".json", ".py", ".dump", ".icc", ".gz")
    ]


def _pydicom_read(path: Path) -> tuple[Any, bool] | None:
    """pydicom's dataset of `path` and whether it needed force=True; None if it cannot read it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for force in (False, True):
            try:
                return pydicom.dcmread(path, force=force), force
            except Exception:
                continue
    return None


def _same_value(ours: Any, theirs: Any) -> bool:
    if isinstance(theirs, PdSequence):
        return (
            isinstance(ours, list)
            and len(ours) == len(theirs)
            and all(_same_dataset(a, b) == [] for a, b in zip(ours, theirs, strict=True))
        )
    if isinstance(theirs, (PdMultiValue, list)):
        return (
            isinstance(ours, list)
            and len(ours) == len(theirs)
            and all(_same_value(a, b) for a, b in zip(ours, theirs, strict=True))
        )
    if theirs is None or ours is None:
        return ours is None and theirs is None
    if isinstance(theirs, (bytes, bytearray)):
        return bytes(ours) == bytes(theirs)
    if isinstance(theirs, float):
        if theirs != theirs:  # NaN
            return ours != ours
        return float(ours) == float(theirs) and (
            not hasattr(theirs, "original_string") or str(ours) == str(theirs)
        )
    if isinstance(theirs, int):
        return int(ours) == int(theirs)
    return str(ours) == str(theirs)


def _same_dataset(ours: Any, theirs: Any, path: str = "") -> list[str]:
    """The differences between a dicodec and a pydicom dataset (empty when equal)."""
    problems: list[str] = []
    our_tags = [int(t) for t in ours.keys()]
    their_tags = [int(t) for t in theirs.keys()]
    if our_tags != their_tags:
        missing = sorted(set(their_tags) - set(our_tags))
        extra = sorted(set(our_tags) - set(their_tags))
        problems.append(
            f"{path}: tags differ: missing {[hex(t) for t in missing]}, extra {[hex(t) for t in extra]}"
        )
    for tag in their_tags:
        if tag not in ours:
            continue
        theirs_element = theirs[tag]
        ours_element = ours[tag]
        where = f"{path}({tag >> 16:04X},{tag & 0xFFFF:04X})"
        if ours_element.VR != theirs_element.VR:
            problems.append(f"{where}: VR {ours_element.VR} != {theirs_element.VR}")
            continue
        if theirs_element.VR == "SQ":
            ours_items, theirs_items = ours_element.value, theirs_element.value
            if len(ours_items) != len(theirs_items):
                problems.append(f"{where}: {len(ours_items)} items != {len(theirs_items)}")
                continue
            for n, (a, b) in enumerate(zip(ours_items, theirs_items, strict=True)):
                problems.extend(_same_dataset(a, b, f"{where}[{n}]"))
            continue
        if not _same_value(ours_element.value, theirs_element.value):
            problems.append(f"{where}: {ours_element.value!r} != {theirs_element.value!r}")
    return problems


FILES = corpus()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_reads_like_pydicom(path: Path) -> None:
    read = _pydicom_read(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if read is None:
            # pydicom cannot read it: dicodec must refuse it with its own exception, or read it
            try:
                dicodec.dcmread(path, force=True)
            except DicomError:
                pass
            return
        theirs, force = read
        if path.name in DAMAGED:
            # refused when read strictly, or (sequences are parsed when first used) when walked
            with pytest.raises(dicodec.InvalidDicomError):
                for element in dicodec.dcmread(path, force=force, strict=True).iterall():
                    element.value  # noqa: B018
        ours = dicodec.dcmread(path, force=force)
        problems = _same_dataset(ours.file_meta, theirs.file_meta, "meta")
        problems += _same_dataset(ours, theirs)
    assert problems == [], "\n".join(problems[:20])


def _pydicom_round_trip(theirs: Any, original: bytes) -> bool:
    buffer = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs.save_as(buffer, enforce_file_format=False)
    except Exception:
        return False
    return buffer.getvalue() == original


def _read_or_skip(original: bytes) -> Dataset:
    """The file read by dicodec (warnings ignored); the test skipped when dicodec refuses it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return dicodec.dcmread(original, force=True)
        except DicomError:
            pytest.skip("dicodec refuses this file (see test_reads_like_pydicom)")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_writes_back_byte_identical(path: Path) -> None:
    """Unchanged, every file dicodec reads is written back as it was (pydicom: 160/180)."""
    original = path.read_bytes()
    ours = _read_or_skip(original)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = dicodec.filewriter.write_buffer(ours)
    if path.name not in DAMAGED:
        assert written == original
        return
    # A damaged file keeps its values. A value cut short by the end of the data is written
    # whole (with a new header): that file reads strictly. An item cut short inside a
    # sequence that was not decoded is copied as read, bytes and all (DICOMDIR-nooffset).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values = _values(dicodec.dcmread(original, force=True))
        assert _values(dicodec.dcmread(written, force=True)) == values
        if written != original:
            assert _values(dicodec.dcmread(written, force=True, strict=True)) == values


@pytest.mark.parametrize("path", [p for p in FILES if p.name not in DAMAGED], ids=lambda p: p.name)
def test_copies_and_pickles_write_back_byte_identical(path: Path) -> None:
    """A copy, a deep copy and a pickled copy remember how the file was read, as the file does
    (the Transfer Syntax UID read, a Deflated file's stream: `FileDataset` slots)."""
    original = path.read_bytes()
    ds = _read_or_skip(original)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if dicodec.filewriter.write_buffer(ds) != original:
            pytest.skip("not written back byte-identical (see test_writes_back_byte_identical)")
        copies = {
            "copy()": ds.copy(),
            "copy.copy": copy.copy(ds),
            "copy.deepcopy": copy.deepcopy(ds),
            "pickle": pickle.loads(pickle.dumps(ds)),
        }
        for how, other in copies.items():
            assert type(other) is type(ds), how
            assert dicodec.filewriter.write_buffer(other) == original, how


def test_damaged_files_warn() -> None:
    path = pydicom_test_files() / "MR_truncated.dcm"
    with pytest.warns(dicodec.DicomFormatWarning, match=r"cut short \[tag \(7fe0, 0010\)"):
        dicodec.dcmread(path)


def _values(ds: Dataset) -> list[tuple[int, str, Any]]:
    """The values of `ds`, bytes without the NUL that pads a value cut short to even length."""
    return [
        (int(e.tag), e.VR, e.value.rstrip(b"\0") if isinstance(e.value, bytes) else e.value)
        for e in ds.iterall()
        if e.VR != "SQ"
    ]


def test_corpus_counts(capsys: pytest.CaptureFixture[str]) -> None:
    """The figures the issue note reports: reads equal, round trips, vs pydicom."""
    read_equal = written_equal = pydicom_written_equal = readable = damaged = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in FILES:
            read = _pydicom_read(path)
            original = path.read_bytes()
            try:
                ours = dicodec.dcmread(original, force=True)
            except DicomError:
                ours = None
            if ours is not None and dicodec.filewriter.write_buffer(ours) == original:
                written_equal += 1
            if read is None:
                continue
            readable += 1
            theirs, force = read
            if _pydicom_round_trip(theirs, original):
                pydicom_written_equal += 1
            damaged += path.name in DAMAGED
            ours = dicodec.dcmread(original, force=force)
            if not _same_dataset(ours, theirs) and not _same_dataset(
                ours.file_meta, theirs.file_meta
            ):
                read_equal += 1
    with capsys.disabled():
        print(
            f"\ncorpus: {len(FILES)} files, pydicom reads {readable}; dicodec reads {read_equal} "
            f"identically ({damaged} damaged ones with a warning; strict=True refuses them); "
            f"written back byte-identical: dicodec {written_equal}, pydicom {pydicom_written_equal}"
        )
    assert read_equal == readable and damaged == len(DAMAGED)
