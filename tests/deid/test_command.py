"""`dicodec deid`, and the batch machinery under it (dicodec.batch)."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dicodec import dcmread
from dicodec.batch import BatchError, Job, Outcome, Refused, Summary, attempt, plan, write_output
from dicodec.cli import main
from tests.deid import study
from tests.deid.test_deidentify import KEY, check_study
from tests.io.test_conformance import corpus


def _tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) -> the sha256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def studies(tmp_path: Path) -> Path:
    folder = tmp_path / "in" / "study"
    study.build(folder)
    (folder / "notes.txt").write_text("not DICOM")
    secondary = pydicom_file("SC_rgb_rle.dcm")
    shutil.copy(secondary, folder / "capture.dcm")
    return folder


def pydicom_file(name: str) -> Path:
    (found,) = [p for p in corpus() if p.name == name]
    return found


def _key_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.key"
    path.write_text(KEY.hex())
    return path


def test_deid_mirrors_the_tree_and_leaves_inputs_alone(
    studies: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(studies)
    out = tmp_path / "out"
    code = main(["deid", str(studies), "-o", str(out), "--key-file", str(_key_file(tmp_path)),
                 "--option", "retain-modified-dates"])  # fmt: skip
    assert code == 1  # two files not done
    assert _tree(studies) == before
    err = capsys.readouterr().err
    assert "refused: " in err and "capture.dcm: a Secondary Capture Image Storage" in err
    assert "failed: " in err and "notes.txt: InvalidDicomError" in err
    assert "15 files: 13 done, 0 skipped, 1 refused, 1 failed" in err
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.dcm"))
    assert written == sorted(
        str(p.relative_to(studies.parent))
        for p in studies.rglob("*.dcm")
        if p.name != "capture.dcm"
    )
    outputs = [dcmread(p) for p in sorted(out.rglob("*.dcm"))]
    check_study(
        outputs, [dcmread(p) for p in sorted(studies.rglob("*.dcm")) if p.name != "capture.dcm"]
    )
    assert not [p for p in out.rglob(".dicodec-*.tmp")]


def test_deid_in_pieces_with_processes_and_reruns(studies: Path, tmp_path: Path) -> None:
    key = _key_file(tmp_path)
    out = tmp_path / "out"
    series = sorted(p for p in studies.iterdir() if p.is_dir())
    # the study in two runs, one with two processes; then everything again: all skipped
    dates = ["--option", "retain_modified_dates"]
    first = ["deid", str(series[0]), "-o", str(out), "--key-file", str(key), *dates]
    assert main(first) == 0
    rest = [str(p) for p in series[1:]]
    assert main(["deid", *rest, "-o", str(out), "--key-file", str(key), "--jobs", "2", *dates]) == 0
    again = _tree(out)
    everything = [str(p) for p in series]
    assert main(["deid", *everything, "-o", str(out), "--key-file", str(key), *dates]) == 0
    assert _tree(out) == again
    outputs = [dcmread(p) for p in sorted(out.rglob("*.dcm"))]
    originals = [dcmread(p) for s in series for p in sorted(s.rglob("*.dcm"))]
    check_study(outputs, originals)
    # --overwrite redoes them, to the same bytes
    assert main(["deid", *everything, "-o", str(out), "--key-file", str(key), *dates,
                 "--overwrite", "--jobs", "2"]) == 0  # fmt: skip
    assert _tree(out) == again


def test_deid_refuses_what_would_mix_or_overwrite(
    studies: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deid", str(studies), "-o", str(studies / "out")]) == 2
    assert "may not be inside an input" in capsys.readouterr().err
    assert main(["deid", str(studies), "-o", str(studies.parent)]) == 2
    assert main(["deid", str(studies / "missing"), "-o", str(tmp_path / "o")]) == 2
    assert main(["deid", str(studies), "-o", str(tmp_path / "o"), "--option", "nope"]) == 2
    # a second run with another key (no key file: a random one) would mix two mappings
    series = str(next(p for p in studies.iterdir() if p.is_dir()))
    assert main(["deid", series, "-o", str(tmp_path / "o")]) == 0
    assert main(["deid", series, "-o", str(tmp_path / "o")]) == 2
    assert "another key" in capsys.readouterr().err


def test_key_file_is_made_when_missing_and_uid_map_only_on_request(
    studies: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "keys" / "new.key"
    out = tmp_path / "out"
    series = str(next(p for p in studies.iterdir() if p.is_dir()))
    assert main(["deid", series, "-o", str(out), "--key-file", str(key)]) == 0
    assert len(bytes.fromhex(key.read_text())) == 32 and key.stat().st_mode & 0o077 == 0
    assert "made a new key" in capsys.readouterr().err
    assert not list(out.rglob("*.csv"))
    mapping = tmp_path / "map.csv"
    assert main(["deid", series, "-o", str(out), "--key-file", str(key), "--overwrite",
                 "--uid-map", str(mapping)]) == 0  # fmt: skip
    assert "WARNING" in capsys.readouterr().err
    rows = list(csv.reader(mapping.open()))
    assert rows[0] == ["original_uid", "new_uid"] and len(rows) > 5
    assert main(["deid", series, "-o", str(out), "--key-file", str(key),
                 "--uid-map", str(out / "map.csv")]) == 2  # fmt: skip


def test_allow_burned_in(studies: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["deid", str(studies / "capture.dcm"), "-o", str(out), "--allow-burned-in"]) == 0
    assert "note: " in capsys.readouterr().err and (out / "capture.dcm").exists()


def test_the_console_script_reports_progress_as_lines_when_piped(
    studies: Path, tmp_path: Path
) -> None:
    series = str(next(p for p in studies.iterdir() if p.is_dir()))
    done = subprocess.run(
        [sys.executable, "-m", "dicodec", "deid", series, "-o", str(tmp_path / "o")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "4/4 files" in done.stderr and "4 files: 4 done" in done.stderr


# the batch machinery ------------------------------------------------------------------------


def test_plan_mirrors_inputs(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.dcm").write_bytes(b"")
    (tmp_path / "a" / ".hidden").write_bytes(b"")
    (tmp_path / "f.dcm").write_bytes(b"")
    jobs = plan([tmp_path / "a", tmp_path / "f.dcm"], tmp_path / "out")
    assert [(j.source, j.target) for j in jobs] == [
        (tmp_path / "a" / "b" / "x.dcm", tmp_path / "out" / "a" / "b" / "x.dcm"),
        (tmp_path / "f.dcm", tmp_path / "out" / "f.dcm"),
    ]
    (tmp_path / "c" / "a").mkdir(parents=True)
    with pytest.raises(BatchError, match="would both be written"):
        plan([tmp_path / "a", tmp_path / "c" / "a"], tmp_path / "out")


def test_attempt_sorts_outcomes() -> None:
    job = Job(Path("in"), Path("out"))

    def refuse(job: Job) -> None:
        raise Refused("on purpose")

    def fail(job: Job) -> None:
        raise KeyError("boom")

    assert attempt(lambda j: 7, job) == Outcome(job, "done", "", 7)
    assert attempt(refuse, job) == Outcome(job, "refused", "on purpose")
    assert attempt(fail, job) == Outcome(job, "failed", "KeyError: 'boom'")
    summary = Summary()
    for outcome in (attempt(refuse, job), attempt(lambda j: None, job)):
        summary.add(outcome)
    assert summary.exit_status == 1 and summary.counts["done"] == 1


def test_write_output_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "d" / "x.dcm"
    write_output(target, b"first")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_output(target, b"second")
    assert target.read_bytes() == b"first"
    assert [p.name for p in target.parent.iterdir()] == ["x.dcm"]


def test_force_reads_data_sets_without_file_meta(tmp_path: Path) -> None:
    source = pydicom_file("ExplVR_LitEndNoMeta.dcm")
    out = tmp_path / "out"
    assert main(["deid", str(source), "-o", str(out)]) == 1  # not a Part 10 file
    assert main(["deid", str(source), "-o", str(tmp_path / "forced"), "--force"]) == 0
    assert dcmread(tmp_path / "forced" / source.name, force=True).PatientIdentityRemoved == "YES"
