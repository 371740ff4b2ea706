"""A folder to index: the corpus, a study dicodec generates, and files that are not DICOM."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.deid import study
from tests.io.test_conformance import corpus


def build_archive(folder: Path) -> Path:
    """pydicom's corpus (its DICOM files, damaged ones included), a generated study, a
    text file and an empty folder."""
    (folder / "corpus").mkdir(parents=True)
    for path in corpus():
        target = folder / "corpus" / path.parent.name / path.name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(path, target)
    study.build(folder / "study")
    (folder / "notes.txt").write_text("not DICOM")
    (folder / "empty").mkdir()
    return folder


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_archive(tmp_path_factory.mktemp("archive"))
