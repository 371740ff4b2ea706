"""`dicodec.fileset` against `pydicom.fileset`, over pydicom's DICOMDIR test files.

Loading each DICOMDIR gives the same instances, record tree, listing and
warnings; `find` and `find_values` give the same answers; and the same changes
(add, remove, write, copy, a new File-set) made by both on copies of the test
directory give the same files and DICOMDIRs that read the same, whichever
library reads them.
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydicom
import pydicom.fileset as theirs
import pytest
from pydicom.multival import MultiValue as PdMultiValue

import dicodec
import dicodec.fileset as ours
from dicodec import DicomFormatWarning
from tests.conftest import pydicom_test_files

TESTS = pydicom_test_files() / "dicomdirtests"
DICOMDIRS = sorted(TESTS.rglob("DICOMDIR*"))
# corpus files that both libraries can add to a File-set (each has the keys of PS3.3 F.5)
ADDABLE = ["CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "examples_overlay.dcm", "SC_rgb_rle.dcm"]
_OFFSETS = {0x00041400, 0x00041420}


def _text(value: Any) -> Any:
    if isinstance(value, (list, tuple, PdMultiValue)):
        return [_text(v) for v in value]
    return None if value is None else str(value)


def _record(node: Any) -> dict[str, Any]:
    """A record as pydicom's JSON of it, without the offsets that link records."""
    record = node._record
    if isinstance(record, dicodec.Dataset):
        record = pydicom.dcmread(_as_file(record), force=True)
    record = pydicom.Dataset(record)
    for tag in _OFFSETS:
        if tag in record:
            del record[tag]
    model: dict[str, Any] = json.loads(record.to_json())
    return model


def _as_file(ds: dicodec.Dataset) -> Any:
    import io

    out = io.BytesIO()
    dicodec.dcmwrite(out, ds, implicit_vr=False, little_endian=True)
    out.seek(0)
    return out


def summary(fs: Any, root: Path | None = None, records: bool = False) -> dict[str, Any]:
    """What a File-set holds, in terms both libraries share."""
    base = Path(root or fs.path or "/")
    listing = [
        line.replace(os.fspath(base), "<root>")
        for line in str(fs).splitlines()
        if "File-set UID" not in line
    ]
    instances = []
    for instance in fs:
        path = Path(instance.path)
        instances.append(
            (
                str(instance.SOPInstanceUID),
                str(instance.SOPClassUID),
                instance.FileID,
                os.fspath(path.relative_to(base)) if path.is_relative_to(base) else "(staged)",
                instance.for_addition,
                instance.for_moving,
                instance.for_removal,
                instance.is_staged,
                instance.is_private,
                [n.record_type for n in instance.node.reverse()],
                _text(instance.ReferencedFileID),
            )
        )
    tree = [
        (
            node.depth,
            node.record_type,
            node.key,
            str(node),
            node.component,
            node.index,
            node.has_instance,
            _record(node) if records else None,
        )
        for node in fs._tree
    ]
    return {
        "listing": listing,
        "instances": instances,
        "tree": tree,
        "ID": fs.ID,
        "descriptor": _text(fs.descriptor_file_id),
        "charset": fs.descriptor_character_set,
        "staged": fs.is_staged,
        "length": len(fs),
    }


def _run(action: Callable[[], Any]) -> tuple[Any, Exception | None, list[str]]:
    """The result, the exception, and the warnings (not dicodec's reading warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result, error = action(), None
        except Exception as exc:
            result, error = None, exc
    messages = [
        str(w.message)
        for w in caught
        if not issubclass(w.category, (DicomFormatWarning, ResourceWarning))
        and "Implicitly cleaning up" not in str(w.message)
    ]
    return result, error, messages


# pydicom's own exception classes, and dicodec's counterparts
_KINDS: dict[type[Exception], type[Exception]] = {
    pydicom.errors.InvalidDicomError: dicodec.InvalidDicomError
}


def assert_same(action: Callable[[Any], Any]) -> Any:
    """`action(module)` with pydicom's fileset and dicodec's: same results and warnings."""
    expected, their_error, their_warnings = _run(lambda: action(theirs))
    result, our_error, our_warnings = _run(lambda: action(ours))
    if their_error is not None:
        kind = _KINDS.get(type(their_error), type(their_error))
        assert isinstance(our_error, kind), (our_error, their_error)
        return None
    assert our_error is None, our_error
    assert result == expected
    assert len(our_warnings) == len(their_warnings), (our_warnings, their_warnings)
    return result


@pytest.mark.parametrize("path", DICOMDIRS, ids=lambda p: os.fspath(p.relative_to(TESTS)))
def test_loads_as_pydicom(path: Path) -> None:
    assert_same(lambda m: summary(m.FileSet(path), records=True))


def _queries(path: Path) -> list[dict[str, Any]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fs = theirs.FileSet(path)
    queries: list[dict[str, Any]] = [{}]
    for keyword in ("PatientID", "StudyInstanceUID", "SeriesInstanceUID", "Modality"):
        for value in fs.find_values(keyword):
            queries.append({keyword: value})
    for instance in list(fs)[:3]:
        queries.append({"SOPInstanceUID": instance.SOPInstanceUID})
        queries.append({"PatientID": instance.PatientID, "Modality": instance.Modality})
    queries.append({"PatientID": "no such patient"})
    queries.append({"Rows": 512})  # not in the records: a warning, or load=True
    return queries


def _same_on(their_fs: Any, our_fs: Any, action: Callable[[Any], Any]) -> None:
    """`action` on pydicom's and dicodec's File-set of one DICOMDIR: same results and warnings."""
    expected, their_error, their_warnings = _run(lambda: action(their_fs))
    result, our_error, our_warnings = _run(lambda: action(our_fs))
    assert (their_error is None) == (our_error is None), (our_error, their_error)
    assert result == expected
    assert len(our_warnings) == len(their_warnings), (our_warnings, their_warnings)


def _find(fs: Any, query: dict[str, Any], load: bool) -> list[str]:
    return [str(i.SOPInstanceUID) for i in fs.find(load=load, **query)]


def _find_values(fs: Any, elements: Any, load: bool, subset: bool) -> Any:
    instances = list(fs)[::2] if subset else None
    found = fs.find_values(elements, instances=instances, load=load)
    if isinstance(found, dict):
        return {str(k): _text(v) for k, v in found.items()}
    return _text(found)


LOADABLE = [p for p in DICOMDIRS if "nopatient" not in p.name]
# the DICOMDIRs whose instances are also searched (the others list the same files)
SEARCH_FILES = {"DICOMDIR", "TINY_ALPHA/DICOMDIR"}
VALUE_QUERIES: list[Any] = [
    "PatientID",
    "StudyInstanceUID",
    "Modality",
    "InstanceNumber",
    0x00100010,
    "Rows",
    ["PatientID", "SeriesInstanceUID"],
    ["StudyDate", "Rows", "ReferencedFileID"],
]


def _find_checks(path: Path) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        their_fs, our_fs = theirs.FileSet(path), ours.FileSet(path)
    loads = [False, True] if os.fspath(path.relative_to(TESTS)) in SEARCH_FILES else [False]
    checks = 0
    for query in _queries(path):
        for load in loads:
            _same_on(their_fs, our_fs, lambda fs: _find(fs, query, load))  # noqa: B023
            checks += 1
    for elements in VALUE_QUERIES:
        for load in loads:
            for subset in (False, True):
                _same_on(
                    their_fs,
                    our_fs,
                    lambda fs: _find_values(fs, elements, load, subset),  # noqa: B023
                )
                checks += 1
    return checks


@pytest.mark.slow
def test_find_as_pydicom(capsys: pytest.CaptureFixture[str]) -> None:
    checks = sum(_find_checks(path) for path in LOADABLE)
    with capsys.disabled():
        print(
            f"\nfileset: {len(DICOMDIRS)} DICOMDIRs load as pydicom loads them; "
            f"{checks} find/find_values answers equal to pydicom's over {len(LOADABLE)} of them"
        )


# -- changes, each made by both libraries on a copy of the test directory ------------------------
def _copy_tests(tmp: Path, name: str) -> Path:
    target = tmp / name
    shutil.copytree(TESTS, target)
    return target


def _files(root: Path) -> list[tuple[str, str]]:
    """(relative path, SOP Instance UID) of every file under `root` but the DICOMDIR."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != "DICOMDIR" and not path.name.startswith("DICOMDIR"):
            try:
                uid = str(pydicom.dcmread(path, stop_before_pixels=True).SOPInstanceUID)
            except Exception:
                uid = "(not DICOM)"
            found.append((os.fspath(path.relative_to(root)), uid))
    return found


def _read_back(dicomdir: Path) -> dict[str, Any]:
    """The written DICOMDIR as pydicom and as dicodec load it (they must agree)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        by_pydicom = summary(theirs.FileSet(dicomdir), records=True)
        by_dicodec = summary(ours.FileSet(dicomdir), records=True)
    assert by_dicodec == by_pydicom
    return by_pydicom


def _scenario(tmp_path: Path, change: Callable[[Any, Path], Path]) -> None:
    """`change(module, root)` with both libraries, each on its own copy; compare the results."""
    results = {}
    for module in (theirs, ours):
        root = _copy_tests(tmp_path, module.__name__.split(".")[0])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            written = change(module, root)
        results[module.__name__] = (_files(written), _read_back(written / "DICOMDIR"))
    assert results["dicodec.fileset"][0] == results["pydicom.fileset"][0], "the files differ"
    assert results["dicodec.fileset"][1] == results["pydicom.fileset"][1], "the DICOMDIRs differ"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["DICOMDIR", "DICOMDIR-reordered", "DICOMDIR-implicit"])
def test_write_moves_to_pydicoms_layout(tmp_path: Path, name: str) -> None:
    def change(module: Any, root: Path) -> Path:
        shutil.copyfile(TESTS / name, root / "DICOMDIR")
        fs = module.FileSet(root / "DICOMDIR")
        fs.write()
        return root

    _scenario(tmp_path, change)


@pytest.mark.slow
def test_remove_add_and_write(tmp_path: Path) -> None:
    def change(module: Any, root: Path) -> Path:
        fs = module.FileSet(root / "DICOMDIR")
        instances = list(fs)
        fs.remove([instances[0], instances[5], instances[-1]])
        for name in ADDABLE:
            fs.add(pydicom_test_files() / name)
        added = fs.add(pydicom_test_files() / "CT_small.dcm")  # again: already there
        fs.remove(added)  # staged for addition: simply not added
        fs.add(instances[5].path)  # staged for removal: kept after all
        fs.ID = "MY FILESET"
        fs.write()
        return root

    _scenario(tmp_path, change)


@pytest.mark.slow
def test_use_existing(tmp_path: Path) -> None:
    def change(module: Any, root: Path) -> Path:
        fs = module.FileSet(root / "DICOMDIR")
        fs.remove(fs.find(PatientID=next(iter(fs)).PatientID))
        fs.write(use_existing=True)
        return root

    _scenario(tmp_path, change)


def _staged(fs: Any) -> list[tuple[str, bool, bool]]:
    return sorted((str(i.SOPInstanceUID), i.for_addition, i.for_removal) for i in fs)


@pytest.mark.slow
@pytest.mark.parametrize("force_implicit", [False, True])
def test_copy(tmp_path: Path, force_implicit: bool) -> None:
    def change(module: Any, root: Path) -> Path:
        fs = module.FileSet(root / "DICOMDIR")
        fs.remove(list(fs)[1])
        fs.add(pydicom_test_files() / "MR_small.dcm")
        before = _staged(fs)
        copied = fs.copy(root.parent / f"{root.name}-copy", force_implicit=force_implicit)
        assert _staged(fs) == before  # the original keeps its changes staged
        assert copied.path == os.fspath(root.parent / f"{root.name}-copy")
        return Path(copied.path)

    _scenario(tmp_path, change)


@pytest.mark.slow
@pytest.mark.parametrize("force_implicit", [False, True])
def test_a_new_file_set(tmp_path: Path, force_implicit: bool) -> None:
    def change(module: Any, root: Path) -> Path:
        fs = module.FileSet()
        fs.ID = "NEW"
        fs.descriptor_file_id = "README"
        fs.descriptor_character_set = "ISO_IR 100"
        for name in ADDABLE:
            fs.add(pydicom_test_files() / name)
        target = root.parent / f"{root.name}-new"
        fs.write(target, force_implicit=force_implicit)
        return target

    _scenario(tmp_path, change)


@pytest.mark.slow
def test_private_records(tmp_path: Path) -> None:
    def change(module: Any, root: Path) -> Path:
        library = pydicom if module is theirs else dicodec
        fs = module.FileSet()
        for n, name in enumerate(ADDABLE[:3]):
            ds = library.dcmread(pydicom_test_files() / name)
            top = library.Dataset()
            top.DirectoryRecordType = "PATIENT"
            top.PatientID = ds.PatientID
            top.PatientName = ds.PatientName
            leaf = library.Dataset()
            leaf.DirectoryRecordType = "PRIVATE"
            leaf.PrivateRecordUID = f"1.2.3.{n + 1}"
            leaf_node = module.RecordNode(leaf)
            leaf_node.parent = module.RecordNode(top)
            fs.add_custom(ds, leaf_node)
        target = root.parent / f"{root.name}-private"
        fs.write(target)
        return target

    _scenario(tmp_path, change)


@pytest.mark.slow
def test_tiny_alpha_copy(tmp_path: Path) -> None:
    def change(module: Any, root: Path) -> Path:
        fs = module.FileSet(root / "TINY_ALPHA" / "DICOMDIR")
        return Path(fs.copy(root.parent / f"{root.name}-tiny").path)

    _scenario(tmp_path, change)


# -- the rest of the API ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("prefix", "start", "alphanumeric", "count"),
    [("", 0, False, 12), ("PT", 95, False, 10), ("IM", 30, True, 40), ("1234567", 0, True, 37)],
)
def test_generate_filename_as_pydicom(
    prefix: str, start: int, alphanumeric: bool, count: int
) -> None:
    def first(module: Any) -> list[str]:
        names = module.generate_filename(prefix, start, alphanumeric)
        return [next(names) for _ in range(count)]

    assert_same(first)
    assert_same(lambda m: next(m.generate_filename("12345678")))


@pytest.mark.parametrize(
    "path", ["PT000000/ST000000", "a/b", "ABCDEFGHI", "/".join("A" * 9), "ÄB", "A_1/B_2", ""]
)
def test_conformant_file_ids_as_pydicom(path: str) -> None:
    assert_same(lambda m: m.is_conformant_file_id(Path(path)))


def test_directory_recorders_cover_pydicoms() -> None:
    assert set(ours.DIRECTORY_RECORDERS) == set(theirs.DIRECTORY_RECORDERS)


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name
        for p in pydicom_test_files().glob("*.dcm")
        if p.name not in ("no_meta.dcm", "rtstruct.dcm")
    ),
)
def test_records_made_for_corpus_files_as_pydicom(name: str) -> None:
    """`add` makes the same records of each corpus file, or refuses it as pydicom does."""

    def add(module: Any) -> Any:
        fs = module.FileSet()
        fs.add(pydicom_test_files() / name)
        return summary(fs, records=True)["tree"]

    assert_same(add)


def test_bad_arguments_as_pydicom(tmp_path: Path) -> None:
    assert_same(lambda m: setattr(m.FileSet(), "ID", "x" * 17))
    assert_same(lambda m: setattr(m.FileSet(), "descriptor_file_id", ["a"] * 9))
    assert_same(lambda m: setattr(m.FileSet(), "descriptor_file_id", 5))
    assert_same(lambda m: m.FileSet().write())
    assert_same(lambda m: m.FileSet(pydicom_test_files() / "CT_small.dcm"))
    assert_same(lambda m: m.FileSet(TESTS / "DICOMDIR").write(tmp_path / "elsewhere"))
    assert_same(lambda m: m.FileSet(TESTS / "DICOMDIR").copy(TESTS))
    assert_same(lambda m: m.FileSet().remove(m.FileSet(TESTS / "DICOMDIR").find()[0]))


def test_a_dicomdir_read_from_bytes_cannot_be_loaded() -> None:
    data = (TESTS / "DICOMDIR").read_bytes()
    assert_same(lambda m: m.FileSet((pydicom if m is theirs else dicodec).dcmread(data)))


def test_instances_answer_keywords_from_their_records() -> None:
    fs = ours.FileSet(TESTS / "DICOMDIR")
    instance = next(iter(fs))
    assert instance.PatientID == instance["PatientID"].value == "77654033"
    assert "PatientID" in instance and "Rows" not in instance
    assert instance["SOPInstanceUID"] is instance["ReferencedSOPInstanceUIDInFile"]
    assert instance.load().SOPInstanceUID == instance.SOPInstanceUID
    with pytest.raises(AttributeError):
        _ = instance.Rows


def test_a_record_loop_is_refused(tmp_path: Path) -> None:
    """A DICOMDIR whose next-record offsets go round in a circle: an error, not a hang."""
    ds = dicodec.dcmread(TESTS / "DICOMDIR")
    first = ds.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity
    assert first is not None
    raw = bytearray((TESTS / "DICOMDIR").read_bytes())
    # the first record's (0004,1400) Offset of the Next Directory Record, pointed at itself
    needle = b"\x04\x00\x00\x14UL\x04\x00"
    at = raw.index(needle, first)
    raw[at + 8 : at + 12] = first.to_bytes(4, "little")
    (tmp_path / "DICOMDIR").write_bytes(bytes(raw))
    with pytest.raises(dicodec.InvalidDicomError, match="loop"):
        ours.FileSet(tmp_path / "DICOMDIR")
