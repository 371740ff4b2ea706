"""The CT package in a fresh virtual environment with neither dicodec nor numpy: it reads every
native corpus file (Deflated ones too) as dicodec does, writes each back as dicodec does, and
what it changes pydicom reads back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pydicom
import pytest

import dicodec
from dicodec.transfer_syntax import lookup
from tests.embedding import probe
from tests.embedding.conftest import Package
from tests.io.test_conformance import corpus

pytestmark = pytest.mark.slow

PROBE = Path(probe.__file__)
# a file of each native transfer syntax, changed and written by the package
CHANGED = ("CT_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm")


def native_files() -> tuple[list[str], dict[str, bool]]:
    """The corpus files dicodec reads whose transfer syntax is native (or that have none:
    a bare Implicit VR dataset), and which of them need force=True."""
    files: list[str] = []
    force: dict[str, bool] = {}
    for path in corpus():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for forced in (False, True):
                try:
                    ds = dicodec.dcmread(path, force=forced)
                    break
                except dicodec.DicomError:
                    continue
            else:
                continue
            uid = ds.file_meta.get("TransferSyntaxUID")
        syntax = lookup(uid)
        if uid is not None and (syntax is None or syntax.encapsulated):
            continue
        files.append(str(path))
        force[str(path)] = forced
    return files, force


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with nothing installed, not even pip."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    return venv / "bin" / "python"


def run_in(python: Path, package: Package, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(package.root)}
    return subprocess.run(
        [str(python), "-s", *args], env=env, capture_output=True, text=True, check=False
    )


def test_the_environment_has_neither_dicodec_nor_numpy(
    fresh_python: Path, ct_package: Package
) -> None:
    found = run_in(
        fresh_python,
        ct_package,
        "-c",
        "import importlib.util as u, json, sys, ctcodec;"
        "print(json.dumps([u.find_spec(m) is not None for m in ('dicodec', 'numpy', 'pydicom')]"
        " + ['numpy' in sys.modules, ctcodec.__file__]))",
    )
    assert found.returncode == 0, found.stderr
    *installed, numpy_imported, where = json.loads(found.stdout)
    assert installed == [False, False, False] and not numpy_imported
    assert where == str(ct_package.path / "__init__.py")


def test_the_package_reads_writes_and_changes_as_dicodec_does(
    fresh_python: Path, ct_package: Package, tmp_path: Path
) -> None:
    files, force = native_files()
    names = {Path(f).name for f in files}
    assert set(CHANGED) <= names and len(files) > 50, "the corpus has native files"
    by_name = {Path(f).name: f for f in files}
    request: dict[str, Any] = {
        "files": files,
        "force": force,
        "keywords": list(ct_package.embedded.keywords),
    }

    ours = tmp_path / "embedded"
    theirs = tmp_path / "dicodec"
    ours.mkdir()
    theirs.mkdir()
    (tmp_path / "request.json").write_text(
        json.dumps({**request, "change": {by_name[n]: str(ours / n) for n in CHANGED}})
    )
    done = run_in(
        fresh_python,
        ct_package,
        str(PROBE),
        "ctcodec",
        str(tmp_path / "request.json"),
        str(tmp_path / "result.json"),
    )
    assert done.returncode == 0, done.stderr
    embedded = json.loads((tmp_path / "result.json").read_text())
    reference = probe.probe(
        dicodec, {**request, "change": {by_name[n]: str(theirs / n) for n in CHANGED}}
    )

    assert embedded["package"] == "ctcodec" and not embedded["numpy"]
    differences = []
    for path in files:
        ours_read, theirs_read = embedded["results"][path], reference["results"][path]
        if theirs_read.get("unchanged") is False:
            # a file dicodec itself does not write back as read (cut short, say): the
            # elements outside the selection are the package's raw bytes, not dicodec's
            # sequences; the selected elements still read the same
            ours_read, theirs_read = ours_read.get("dataset"), theirs_read.get("dataset")
        if ours_read != theirs_read:
            differences.append(f"{Path(path).name}: {ours_read} != {theirs_read}")
    assert differences == []
    results = embedded["results"].values()
    read = [r for r in results if "error" not in r]
    assert len(read) > 50 and sum(r["unchanged"] for r in read) > 40, "written back as read"
    assert any(Path(f).name == "image_dfl.dcm" for f in files), "a Deflated file is read"

    for name in CHANGED:
        assert (ours / name).read_bytes() == (theirs / name).read_bytes(), name
        written = pydicom.dcmread(ours / name)
        original = pydicom.dcmread(by_name[name])
        for keyword, value in probe.CHANGES.items():
            assert str(written[keyword].value) == value
            del written[keyword]
            if keyword in original:
                del original[keyword]
        assert written == original, f"{name}: the rest is as it was"


OUTSIDE = """\
import warnings
import ctcodec
from ctcodec import Tag, UnknownKeywordError, dcmread

ds = dcmread(PATH)
for word in ("CTDIvol", "PatientNmae"):
    for attempt in (lambda: Tag(word), lambda: ds[word], lambda: setattr(ds, word, 1)):
        try:
            attempt()
        except UnknownKeywordError as exc:
            print(str(exc))
print(ds[0x00180060].VR, ds[0x00180060].value)  # KVP: outside the selection, Explicit VR
print(0x00180060 in ds, "KVP" in ds)
listing = str(ds)
print([line for line in listing.splitlines() if line.startswith("(0018, 0060)")][0])
"""


def test_outside_the_selection_by_tag_only(fresh_python: Path, ct_package: Package) -> None:
    """An element outside the selection is there by tag and printed with its tag; a keyword of
    the standard outside the selection raises UnknownKeywordError saying so."""
    ct = next(p for p in corpus() if p.name == "CT_small.dcm")
    done = run_in(fresh_python, ct_package, "-c", f"PATH = {str(ct)!r}\n" + OUTSIDE)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    left_out = "'CTDIvol' is a DICOM keyword outside the selection of this package (242 keywords)"
    assert lines[:3] == [lines[0]] * 3 and lines[0].startswith(left_out)
    assert lines[3:6] == [lines[3]] * 3
    assert lines[3].startswith("'PatientNmae' is not a DICOM keyword; did you mean PatientName")
    assert lines[6] == "DS 120"  # decoded: the package has the DS codec (see the docs)
    assert lines[7] == "True False"
    # no name, as an element the dictionary does not know (pydicom prints none either)
    assert lines[8] == '(0018, 0060)                                     DS: "120"'


def test_the_package_works_inside_another(
    fresh_python: Path, ct_package: Package, tmp_path: Path
) -> None:
    """Its imports are relative: vendored inside a library's own package, it still imports."""
    vendor = tmp_path / "mylib" / "_vendor"
    shutil.copytree(ct_package.path, vendor / "ctcodec")
    for folder in (vendor.parent, vendor):
        (folder / "__init__.py").write_text("")
    ct = next(p for p in corpus() if p.name == "CT_small.dcm")
    code = (
        "import sys\n"
        "from mylib._vendor.ctcodec import dcmread\n"
        f"print(dcmread({str(ct)!r}).PatientName, 'ctcodec' in sys.modules)\n"
    )
    done = subprocess.run(
        [str(fresh_python), "-s", "-c", code],
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["CompressedSamples^CT1", "False"]
