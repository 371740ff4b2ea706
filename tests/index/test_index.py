"""`dicodec index`: one row per file, typed columns equal to what pydicom's dcmread gives,
errors, --update, processes, a clean Ctrl-C."""

from __future__ import annotations

import datetime
import os
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dicodec import Dataset, FileMetaDataset
from dicodec.cli import main
from dicodec.generated.uid_constants import ExplicitVRLittleEndian, SecondaryCaptureImageStorage
from dicodec.index import DEFAULT_KEYWORDS, IDENTITY_KEYWORDS, IndexSettings, index_file
from dicodec.pixels import set_pixel_data
from tests.index.oracle import expected, pydicom_dataset


def _index(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["index", *argv])
    return code, capsys.readouterr().err


def _table(path: Path) -> pa.Table:
    return pq.read_table(path).sort_by("path")


@pytest.fixture(scope="module")
def default_index(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("index") / "index.parquet"
    assert main(["index", str(archive), "-o", str(out)]) == 1  # some files are not DICOM
    return out


def test_one_row_per_file_with_the_columns_in_order(default_index: Path, archive: Path) -> None:
    data = _table(default_index)
    files = sorted(str(p) for p in archive.rglob("*") if p.is_file())
    assert data.column("path").to_pylist() == files
    names = data.schema.names
    assert names[:3] == ["path", "size", "mtime"] and names[-1] == "error"
    assert names[3:-1] == [*IDENTITY_KEYWORDS, *DEFAULT_KEYWORDS]
    assert data.schema.field("mtime").type == pa.timestamp("us", tz="UTC")
    for row in data.select(["path", "size", "mtime"]).to_pylist():
        stat = os.stat(row["path"])
        assert row["size"] == stat.st_size
        since_epoch = row["mtime"] - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        assert since_epoch // datetime.timedelta(microseconds=1) == stat.st_mtime_ns // 1000


def test_types_follow_the_vr(default_index: Path) -> None:
    schema = pq.read_schema(default_index)
    assert schema.field("StudyDate").type == pa.date32()  # DA
    assert schema.field("StudyTime").type == pa.time64("us")  # TM
    assert schema.field("AcquisitionDateTime").type == pa.timestamp("us")  # DT
    assert schema.field("SliceThickness").type == pa.float64()  # DS
    assert schema.field("InstanceNumber").type == pa.int64()  # IS
    assert schema.field("Rows").type == pa.uint16()  # US
    assert schema.field("PatientName").type == pa.string()  # PN
    assert schema.field("PixelSpacing").type == pa.list_(pa.float64())  # DS, VM 2
    assert schema.field("ImageType").type == pa.list_(pa.string())  # CS, VM 2-n


def test_every_cell_equals_what_pydicom_reads(default_index: Path) -> None:
    data = _table(default_index)
    compared = 0
    for row in data.to_pylist():
        try:
            theirs = pydicom_dataset(Path(row["path"]))
        except Exception:
            assert row["error"] is not None, row["path"]  # neither reads it
            continue
        if row["error"] is not None:
            # dicodec refuses a few files pydicom reads leniently: say which
            assert Path(row["path"]).name in {"rtstruct.dcm"} or "README" in row["path"], row
            continue
        for field in data.schema:
            if field.name in ("path", "size", "mtime", "error"):
                continue
            assert row[field.name] == expected(theirs, field.name, field), (row["path"], field.name)
            compared += 1
    assert compared > 8000


def test_files_that_are_not_dicom_have_an_error_and_are_reported(
    default_index: Path, archive: Path
) -> None:
    errors = {
        Path(r["path"]).name: r["error"]
        for r in pq.read_table(default_index).to_pylist()
        if r["error"] is not None
    }
    assert errors["notes.txt"].startswith("not a DICOM Part 10 file")
    assert all(isinstance(e, str) and e for e in errors.values())


def test_keywords_and_all_top_level(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "few.parquet"
    code, _ = _index(
        capsys,
        str(archive / "study"),
        "-o",
        str(out),
        "--keywords",
        "PatientID,EchoTime",
        "--keywords",
        "Modality",
    )
    assert code == 0
    assert pq.read_schema(out).names == [
        "path",
        "size",
        "mtime",
        *IDENTITY_KEYWORDS,
        "PatientID",
        "EchoTime",
        "Modality",
        "error",
    ]
    every = tmp_path / "every.parquet"
    code, _ = _index(capsys, str(archive / "corpus"), "-o", str(every), "--all-top-level")
    assert code == 1
    data = _table(every)
    for row in data.to_pylist():
        if row["error"] is not None:
            continue
        theirs = pydicom_dataset(Path(row["path"]))
        for element in theirs:
            keyword = element.keyword
            if (
                not keyword
                or element.VR == "SQ"
                or element.tag.is_private
                or keyword not in data.schema.names
            ):
                continue
            field = data.schema.field(keyword)
            assert row[keyword] == expected(theirs, keyword, field), (row["path"], keyword)
        present = {
            e.keyword for e in theirs if e.keyword and e.VR != "SQ" and " or " not in str(e.VR)
        }
        assert present <= set(data.schema.names) | {"PixelData"}, row["path"]


def test_unknown_keyword_and_sequence_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for keywords in ("PatientNmae", "BeamSequence"):
        code, err = _index(
            capsys, str(tmp_path), "-o", str(tmp_path / "i.parquet"), "--keywords", keywords
        )
        assert code == 2 and err.count("\n") == 1, err


def test_folders_without_dicom_files_and_missing_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    out = tmp_path / "i.parquet"
    code, err = _index(capsys, str(tmp_path / "empty"), "-o", str(out))
    assert code == 1 and f"dicodec index: no files under {tmp_path / 'empty'}" in err
    assert pq.read_table(out).num_rows == 0  # the index is there, with its columns
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("hello")
    code, err = _index(capsys, str(tmp_path / "texts"), str(tmp_path / "missing"), "-o", str(out))
    assert code == 1
    assert f"dicodec index: {tmp_path / 'missing'}: no such file or folder" in err
    assert f"failed: {tmp_path / 'texts' / 'a.txt'}: not a DICOM Part 10 file" in err
    assert pq.read_table(out).column("error").to_pylist()[0].startswith("not a DICOM")


def test_two_processes_give_the_same_table(
    default_index: Path, archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "two.parquet"
    assert main(["index", str(archive), "-o", str(out), "--jobs", "2"]) == 1
    assert _table(out).equals(_table(default_index))


def test_update_reads_only_new_and_changed_files_and_drops_deleted_ones(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a"
    shutil.copytree(archive / "study", folder)
    out = tmp_path / "i.parquet"
    assert _index(capsys, str(folder), "-o", str(out))[0] == 0
    before = {r["path"]: r for r in pq.read_table(out).to_pylist()}
    files = sorted(folder.rglob("*.dcm"))
    changed, deleted, added = files[0], files[1], folder / "new.dcm"
    shutil.copy(files[2], added)
    os.unlink(deleted)
    data = bytearray(changed.read_bytes())
    changed.write_bytes(bytes(data))
    os.utime(changed, ns=(0, os.stat(changed).st_mtime_ns + 10**9))
    code, err = _index(capsys, str(folder), "-o", str(out), "--update")
    assert code == 0
    assert (
        "dicodec index: 2 files to read, " in err
        and "1 rows of files no longer there dropped" in err
    )
    after = {r["path"]: r for r in pq.read_table(out).to_pylist()}
    assert set(after) == set(before) - {str(deleted)} | {str(added)}
    assert after[str(changed)]["mtime"] != before[str(changed)]["mtime"]
    for path in set(after) - {str(changed), str(added)}:
        assert after[path] == before[path]
    assert after[str(added)]["SOPInstanceUID"] == before[str(files[2])]["SOPInstanceUID"]
    # another selection of columns cannot be mixed in
    code, err = _index(capsys, str(folder), "-o", str(out), "--update", "--keywords", "Modality")
    assert code == 2 and "made with other columns" in err


def test_ctrl_c_leaves_the_old_index(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "i.parquet"
    assert main(["index", str(archive / "study"), "-o", str(out)]) == 0
    before = out.read_bytes()
    import dicodec.filereader

    calls = []
    real = dicodec.filereader.dcmread

    def interrupted(path: str, **options: Any) -> Any:
        calls.append(path)
        if len(calls) == 3:  # Ctrl-C while the third file is read
            raise KeyboardInterrupt
        return real(path, **options)

    monkeypatch.setattr(dicodec.filereader, "dcmread", interrupted)
    assert main(["index", str(archive), "-o", str(out)]) == 130
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["i.parquet"]  # no staging folder left


def test_memory_stays_flat_whatever_the_file_size(tmp_path: Path) -> None:
    """Indexing a file with 64 MB of pixels allocates what a small file does: the pixels
    are never read."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID, ds.SOPInstanceUID = SecondaryCaptureImageStorage, "1.2.3.4"
    ds.PatientName, ds.Modality = "Big^File", "OT"
    set_pixel_data(ds, np.zeros((4096, 8192), dtype=np.uint16), "MONOCHROME2", 16)
    ds.save_as(tmp_path / "big.dcm", enforce_file_format=True)
    settings = IndexSettings(DEFAULT_KEYWORDS)
    index_file(str(tmp_path / "big.dcm"), settings)  # imports, caches
    tracemalloc.start()
    row = index_file(str(tmp_path / "big.dcm"), settings)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert row["error"] is None and row["Rows"] == 4096 and row["PatientName"] == "Big^File"
    assert peak < 1_000_000, peak
