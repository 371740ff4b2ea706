"""Digests of pydicom's arrays of every encapsulated corpus file, for the small environments.

Run in .venv (pydicom with pylibjpeg-openjpeg, pylibjpeg-libjpeg and pyjpegls):
`python -m tests.envs.reference OUT.json`. The environments without those
packages compare dicodec's arrays with these digests.
"""

from __future__ import annotations

import hashlib
import json
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np


def digest(arr: np.ndarray) -> str:
    """Shape, dtype (native order) and values of an array, as one string."""
    native = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("="))
    values = hashlib.sha256(native.tobytes()).hexdigest()[:32]
    return f"{native.shape}|{native.dtype.str}|{values}"


def corpus() -> Path:
    import pydicom.data

    return Path(pydicom.data.__file__).parent / "test_files"


def encapsulated_files() -> list[str]:
    """The corpus files whose transfer syntax encapsulates Pixel Data."""
    import pydicom

    names = []
    for path in sorted(corpus().glob("*.dcm")):
        try:
            ds = pydicom.dcmread(path, stop_before_pixels=True)
            uid = ds.file_meta.TransferSyntaxUID
        except Exception:  # damaged or not DICOM: not for these tests
            continue
        if uid.is_encapsulated:
            names.append(path.name)
    return names


def main(out: str) -> None:
    import pydicom

    table: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in encapsulated_files():
            try:
                table[name] = digest(pydicom.dcmread(corpus() / name).pixel_array)
            except Exception:  # pydicom decodes none: nothing to compare with
                table[name] = None
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
