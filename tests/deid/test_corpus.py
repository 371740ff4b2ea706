"""De-identification over pydicom's whole test corpus: no identity leaks, structure and pixels
kept, references consistent, output reproducible. pydicom reads the results."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydicom
import pytest

from dicodec import dcmread, validate
from dicodec.deid import OPTIONS, DeidentificationError, Profile, Record, deidentify
from dicodec.deid.engine import OVERLAY_DATA
from dicodec.errors import DicomError
from dicodec.filewriter import write_buffer
from tests.deid.leaks import EXACT, MASKS, leaks, originals
from tests.io.test_conformance import corpus

KEY = b"corpus test key, 32 bytes long!!"
OTHER_KEY = b"another key for the corpus test!"
# what de-identification adds at the top level (PS3.15 E.1.1)
RECORD_TAGS = {0x00120062, 0x00120063, 0x00120064, 0x00280303}


def _read(path: Path) -> Any | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for force in (False, True):
            try:
                return dcmread(path, force=force)
            except DicomError:
                continue
    return None


def _files() -> list[Path]:
    """The corpus files both readers take as DICOM data sets (not README's words)."""
    out = []
    for path in corpus():
        ds = _read(path)
        if ds is not None and len(ds) > 3 and path.name != "README":
            out.append(path)
    return out


FILES = _files()


def _deidentify(
    path: Path, key: bytes = KEY, profile: Profile | None = None
) -> tuple[bytes, Record]:
    record = Record()
    ds = _read(path)
    assert ds is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = deidentify(ds, profile, key=key, in_place=True, allow_burned_in=True, record=record)
        return write_buffer(out), record


@pytest.fixture(scope="module")
def outputs() -> dict[Path, tuple[bytes, Record] | DeidentificationError]:
    results: dict[Path, tuple[bytes, Record] | DeidentificationError] = {}
    for path in FILES:
        try:
            results[path] = _deidentify(path)
        except DeidentificationError as exc:
            results[path] = exc
    return results


def _done(outputs: dict[Path, Any]) -> Iterator[tuple[Path, bytes, Record]]:
    for path, result in outputs.items():
        if not isinstance(result, DeidentificationError):
            yield path, result[0], result[1]


def test_the_corpus_is_covered(outputs: dict[Path, Any]) -> None:
    refused = {p.name for p, r in outputs.items() if isinstance(r, DeidentificationError)}
    assert len(FILES) > 150
    # only the DICOMDIRs: their Referenced File IDs name folders that may identify
    assert refused and all(name.startswith("DICOMDIR") for name in refused), refused


@pytest.mark.slow
def test_no_identity_leaks(outputs: dict[Path, Any]) -> None:
    found = {}
    checked = 0
    for path, data, _ in _done(outputs):
        original = originals(path)
        checked += len(original.values)
        problems = leaks(path, data, original)
        if problems:
            found[path.name] = [str(p) for p in problems]
    assert found == {}
    assert checked > 2000  # values looked for, over the corpus


# validate()'s findings of a Type 1 or 2 attribute missing (or Type 1 empty), of a mandatory
# module missing
REQUIRED_FINDINGS = ("missing", "empty", "missing-module")


def _required_findings(ds: Any) -> set[tuple[str, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = validate(ds)
    return {(f.kind, f.path) for f in report.findings if f.kind in REQUIRED_FINDINGS}


def test_deidentified_files_are_as_valid_as_before(outputs: dict[Path, Any]) -> None:
    """Combined actions resolve by the IOD's types, so no Type 1 or 2 attribute is lost:
    the output has no finding of a missing one that the input did not have."""
    before = after = 0
    for path, data, _ in _done(outputs):
        original = _required_findings(_read(path))
        now = _required_findings(dcmread(data, force=True))
        assert now <= original, (path.name, sorted(now - original))
        before, after = before + len(original), after + len(now)
    # Type 3 sequences removed (X/Z/U*) take their items' own findings with them
    assert 0 < after < before, (before, after)


def test_the_leak_check_finds_what_is_left() -> None:
    """The check itself: the original file leaks everything; removing one value is seen."""
    path = next(p for p in FILES if p.name == "CT_small.dcm")
    data = path.read_bytes()
    found = {leak.value for leak in leaks(path, data)}
    assert {"CompressedSamples^CT1", "1CT1", "CompressedSamples"} <= found
    ds = _read(path)
    assert ds is not None
    ds.PatientName = ""
    partly = {leak.value for leak in leaks(path, write_buffer(ds))}
    assert "CompressedSamples^CT1" not in partly and "1CT1" in partly


def _walk(ds: Any, prefix: str = "") -> Iterator[tuple[str, int, str]]:
    for element in ds:
        path = f"{prefix}{int(element.tag):08X}"
        yield path, int(element.tag), element.VR
        if element.VR == "SQ":
            for i, item in enumerate(element.value):
                yield from _walk(item, f"{path}[{i}].")


def _removable(tag: int) -> bool:
    """Whether the Basic Profile may remove the element (or empty the sequence it is in)."""
    if tag >> 16 & 1 or tag & 0xFFFF == 0:
        return True  # private, or a group length
    if tag >> 24 == OVERLAY_DATA >> 24:
        return True  # an overlay whose Overlay Data is removed goes whole
    code = EXACT.get(tag)
    if code is None and any(tag & mask == value for mask, value in MASKS):
        return True
    return code is not None and ("X" in code or code.startswith("Z"))


@pytest.mark.slow
def test_pydicom_reads_the_same_structure_and_pixels(outputs: dict[Path, Any]) -> None:
    for path, data, _ in _done(outputs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            before = pydicom.dcmread(path, force=True)
            after = pydicom.dcmread(io.BytesIO(data), force=True)
        old = {p: (tag, vr) for p, tag, vr in _walk(before)}
        new = {p: (tag, vr) for p, tag, vr in _walk(after)}
        added = {p for p in new if p not in old}
        assert {int(p[:8], 16) for p in added} <= RECORD_TAGS, (path.name, sorted(added)[:5])
        for p in old:
            if p in new:
                continue
            # gone: removed itself, or inside a removed or emptied sequence
            chain = [int(part[:8], 16) for part in p.split(".")]
            assert any(_removable(t) for t in chain), (path.name, p)
        for p in old.keys() & new.keys():
            if old[p][1] != new[p][1] and old[p][0] not in RECORD_TAGS:
                # a dummy value in an element whose VR pydicom guesses from the value
                assert {old[p][1], new[p][1]} <= {"UN", "OB", "OW", "US", "SS", "US or SS"}, (
                    path.name, p, old[p], new[p]
                )  # fmt: skip
        if "PixelData" in before:
            assert after.PixelData == before.PixelData, path.name


@pytest.mark.slow
def test_same_key_same_bytes_other_key_other_uids(outputs: dict[Path, Any]) -> None:
    for path, data, record in list(_done(outputs))[::4]:
        again, _ = _deidentify(path)
        assert again == data, path.name
        if record.uid_map:
            other, other_record = _deidentify(path, OTHER_KEY)
            assert other != data
            assert set(other_record.uid_map.values()).isdisjoint(record.uid_map.values())


def test_uids_are_replaced_consistently_across_the_corpus(outputs: dict[Path, Any]) -> None:
    mapping: dict[str, str] = {}
    for _, _, record in _done(outputs):
        for old, new in record.uid_map.items():
            assert mapping.setdefault(old, new) == new  # one new UID per old UID
            assert new.startswith("2.25.") and len(new) <= 64
    assert len(mapping) > 200
    assert len(set(mapping.values())) == len(mapping)  # and no two old UIDs share one


@pytest.mark.slow
@pytest.mark.parametrize(
    "options",
    [[o] for o in OPTIONS] + [[o for o in OPTIONS if o != "retain_full_dates"]],
    ids=lambda options: "+".join(options) if len(options) == 1 else "all",
)
def test_every_option_gives_files_pydicom_reads(options: list[str]) -> None:
    for path in FILES[::3]:
        try:
            data, _ = _deidentify(path, profile=Profile(options))
        except DeidentificationError:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            after = pydicom.dcmread(io.BytesIO(data), force=True)
            for element in after.iterall():
                str(element.value)  # every value decodes
        assert after.PatientIdentityRemoved == "YES"
