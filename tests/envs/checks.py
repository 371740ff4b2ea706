"""What both small environments check: each encapsulated corpus file decodes to pydicom's
array (with every codec package) or is refused with a message that says why and what to install."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import pytest

import dicodec
from tests.envs.reference import corpus, digest, encapsulated_files


def reference() -> dict[str, str | None]:
    path = os.environ.get("DICODEC_REFERENCE", "")
    if not Path(path).is_file():
        pytest.fail(f"DICODEC_REFERENCE={path!r}: run `make test-envs`, which writes it")
    table: dict[str, str | None] = json.loads(Path(path).read_text())
    return table


def decode_or_refusal(name: str) -> str:
    """'decoded' when the array equals pydicom's; else the refusal's message."""
    expected = reference()[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            arr = dicodec.dcmread(corpus() / name).pixel_array
        except dicodec.PixelDataError as exc:
            return str(exc)
    if expected is not None:
        assert digest(arr) == expected, f"{name}: an array that is not pydicom's"
    return "decoded"


FILES = encapsulated_files()
