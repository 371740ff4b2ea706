"""The inputs mutations start from: pydicom's test corpus, and files dicodec builds itself.

No DICOM file is committed: the corpus comes from the pydicom wheel (a test
dependency), and the built files are made here, in memory, by dicodec.
"""

from __future__ import annotations

import io
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np

import dicodec
from dicodec.data import get_testdata_file
from dicodec.pixels import set_pixel_data
from dicodec.uid import CTImageStorage, ExplicitVRLittleEndian, RLELossless

# Larger files make each input slow and add little: the structure is in the first bytes.
MAX_SEED_BYTES = 256 * 1024


def _corpus_folders() -> list[Path]:
    try:
        import pydicom.data
    except ImportError:  # the fuzzer still runs on the files dicodec builds
        return []
    root = Path(pydicom.data.__file__).parent
    return [root / "test_files", root / "charset_files"]


def _image(frames: int, rows: int, columns: int, bits: int) -> dicodec.Dataset:
    ds = dicodec.Dataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = CTImageStorage
    ds.SOPInstanceUID = "1.2.826.0.1.3680043.10.1.1"
    ds.PatientName = "Fuzz^Seed"
    ds.NumberOfFrames = frames
    dtype = np.uint8 if bits == 8 else np.uint16
    ramp = np.arange(frames * rows * columns, dtype=np.uint32) % (1 << bits)
    set_pixel_data(ds, ramp.reshape(frames, rows, columns).astype(dtype), "MONOCHROME2", bits)
    return ds


def _written(ds: dicodec.Dataset, **options: bool) -> bytes:
    out = io.BytesIO()
    dicodec.dcmwrite(out, ds, enforce_file_format=True, **options)
    return out.getvalue()


def built_seeds() -> dict[str, bytes]:
    """Files dicodec writes: the sample RT Plan in three syntaxes, native and RLE images."""
    plan = dicodec.dcmread(get_testdata_file("rtplan.dcm"))
    native = _image(3, 16, 16, 16)
    rle = _image(2, 16, 12, 8)
    rle.compress(RLELossless)
    return {
        "built/rtplan-explicit-le.dcm": _written(plan),
        "built/rtplan-implicit-le.dcm": _written(plan, implicit_vr=True, little_endian=True),
        "built/rtplan-explicit-be.dcm": _written(plan, implicit_vr=False, little_endian=False),
        "built/native-3-frames.dcm": _written(native),
        "built/rle-2-frames.dcm": _written(rle),
    }


@lru_cache(maxsize=1)
def seed_files() -> tuple[tuple[str, bytes], ...]:
    """(name, bytes) of every seed, in a fixed order (so that a run seed reproduces a run)."""
    seeds: dict[str, bytes] = {}
    for folder in _corpus_folders():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() not in (".py", ".json", ".txt", ".gz"):
                data = path.read_bytes()
                if 0 < len(data) <= MAX_SEED_BYTES:
                    seeds[f"{folder.name}/{path.relative_to(folder)}"] = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seeds.update(built_seeds())
    return tuple(seeds.items())
