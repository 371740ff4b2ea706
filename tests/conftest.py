"""Shared test fixtures: where the standard and pydicom's test corpus are."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# No example may fail for taking long: these machines are shared and noisy, and a
# deadline is a timed assertion (speed is measured in bench/, never in tests).
settings.register_profile("dicodec", deadline=None)
settings.load_profile("dicodec")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed"


@pytest.fixture(scope="session")
def seed_dump() -> str:
    path = SEED / "rtplan-dump.txt"
    if not path.exists():
        pytest.skip(f"{path} is not here: the seed listing lives in ../shared beside the repo")
    return path.read_text(encoding="utf-8")


def pydicom_test_files() -> Path:
    import pydicom.data

    return Path(pydicom.data.__file__).parent / "test_files"


def pydicom_charset_files() -> Path:
    import pydicom.data

    return Path(pydicom.data.__file__).parent / "charset_files"
