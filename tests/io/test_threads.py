"""Reading in parallel threads, with different options per call, gives what reading one by one gives.

dicodec keeps no global reading state: options (and strictness) travel with each
call and its source buffer, so threads do not see each other's.
"""

from __future__ import annotations

import itertools
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import dicodec
from tests.io.test_conformance import FILES

OPTIONS: list[dict[str, Any]] = [
    {},
    {"strict": True},
    {"stop_before_pixels": True},
    {"specific_tags": ["PatientName", "Rows", "SOPInstanceUID"]},
    {"defer_size": 256},
    {"strict": True, "stop_before_pixels": True},
]


def _summary(path: Path, options: dict[str, Any]) -> list[str]:
    """Every value read from `path` with `options`, as text, or the error that ended the read."""
    try:
        ds = dicodec.dcmread(path, force=True, **options)
        return [f"{e.tag} {e.VR} {e.value!r}" for e in ds.iterall()]
    except dicodec.DicomError as exc:
        return [f"{type(exc).__name__}: {exc}"]


@pytest.mark.slow
def test_threads_read_like_one_by_one() -> None:
    jobs = list(itertools.product(FILES, OPTIONS))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # once, here: the filters are shared by all threads
        alone = [_summary(path, options) for path, options in jobs]
        with ThreadPoolExecutor(max_workers=8) as pool:
            together = list(pool.map(lambda job: _summary(*job), jobs))
    for (path, options), one, many in zip(jobs, alone, together, strict=True):
        assert one == many, f"{path.name} {options}"
    # strict and lenient reads of the same damaged files did differ, threads interleaved
    results = dict(zip(((p.name, str(o)) for p, o in jobs), together, strict=True))
    refused = [
        name
        for name in {p.name for p in FILES}
        if "Error: " in results[name, str({"strict": True})][0]
        and "Error: " not in results[name, str({})][0]
    ]
    assert len(refused) >= 5
