"""`dicodec code FILE`: Python that rebuilds the dataset; it passes mypy --strict and,
run, gives a dataset equal to the file's."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from dicodec import Dataset, dcmread
from dicodec.cli import main
from dicodec.codify import code_for_dataset
from tests.cli.conftest import pydicom_file
from tests.io.test_conformance import corpus

# files whose code covers: sequences nested three deep, private elements and sequences,
# character sets, ambiguous VRs, values a setter would refuse, big endian, AT values
TYPED = [
    "rtplan.dcm", "CT_small.dcm", "nested_priv_SQ.dcm", "priv_SQ.dcm", "ExplVR_BigEnd.dcm",
    "badVR.dcm", "test-SR.dcm", "UN_sequence.dcm", "chrH31.dcm", "chrX2.dcm", "waveform_ecg.dcm",
]  # fmt: skip


def _rebuild(code: str) -> dict[str, object]:
    namespace: dict[str, object] = {"__name__": "rebuilt"}
    exec(compile(code, "<dicodec code>", "exec"), namespace)
    return namespace


def test_the_code_of_every_corpus_file_rebuilds_an_equal_dataset() -> None:
    checked = 0
    for path in corpus():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ds = dcmread(path)
            except Exception:
                continue  # not readable: nothing to rebuild (covered by the show tests)
            rebuilt = _rebuild(code_for_dataset(ds))
        assert rebuilt["ds"] == ds, path.name
        if len(ds.file_meta):
            assert rebuilt["file_meta"] == ds.file_meta, path.name
        checked += 1
    assert checked > 150


@pytest.mark.slow
def test_the_code_passes_mypy_strict(tmp_path: Path) -> None:
    for name in TYPED:
        module = tmp_path / (Path(name).stem.replace("-", "_") + ".py")
        assert (
            main(["code", str(pydicom_file(name)), "-o", str(module), "--exclude-size", "4096"])
            == 0
        )
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mypy"), "--strict", "--no-incremental", str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    assert f"Success: no issues found in {len(TYPED)} source files" in result.stdout


def test_running_the_code_writes_the_file_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = pydicom_file("rtplan.dcm")
    assert main(["code", str(source)]) == 0
    script = tmp_path / "plan.py"
    script.write_text(capsys.readouterr().out)
    subprocess.run([sys.executable, str(script), str(tmp_path / "plan.dcm")], check=True)
    assert dcmread(tmp_path / "plan.dcm") == dcmread(source)


def test_exclude_size_leaves_big_values_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["code", str(pydicom_file("CT_small.dcm")), "--exclude-size", "1024"]) == 0
    code = capsys.readouterr().out
    assert "# PixelData OW: 32768 bytes left out" in code
    rebuilt = _rebuild(code)["ds"]
    assert isinstance(rebuilt, Dataset) and "PixelData" not in rebuilt


def test_a_bad_or_missing_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["code", str(tmp_path / "missing.dcm")]) == 1
    assert (
        capsys.readouterr().err
        == f"dicodec code: {tmp_path / 'missing.dcm'}: no such file or folder\n"
    )
