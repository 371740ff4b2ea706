"""The benchmark's inputs: pydicom's test corpus in memory, and generated files.

Generated files are written with dicodec's public API and cached under
bench/.cache (git-ignored); a file is rebuilt only when missing, and each name
carries a version so a change here never reuses a stale file.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import dicodec
from dicodec import Dataset, dcmwrite
from dicodec.pixels import set_pixel_data
from dicodec.uid import (
    CTImageStorage,
    ExplicitVRLittleEndian,
    RLELossless,
    RTStructureSetStorage,
    generate_uid,
)

CACHE = Path(__file__).resolve().parent / ".cache"
VERSION = "v1"

# Files of the corpus folders that are not DICOM data (dumps, notes, ICC profiles, archives).
_NOT_DICOM = (".txt", ".json", ".py", ".dump", ".icc", ".gz")

# The native multi-frame images: 1024 x 1024, 16-bit MONOCHROME2, 2 MiB a frame.
FRAME_ROWS = FRAME_COLUMNS = 1024
FRAME_BYTES = FRAME_ROWS * FRAME_COLUMNS * 2

# The RLE image: 512 x 512, 16-bit, 50 frames.
RLE_SHAPE = (50, 512, 512)

# The structure set: 10,000 ROI contours of 8 points (24 DS values) each.
SEQUENCE_ITEMS = 10_000
CONTOUR_POINTS = 8


@dataclass(frozen=True)
class CorpusFile:
    """One file of pydicom's test corpus, held in memory."""

    name: str  # path relative to pydicom's data folder
    data: bytes
    force: bool  # read with force=True (no File Meta Information); the same for both libraries


def corpus_folders() -> list[Path]:
    import pydicom.data

    root = Path(pydicom.data.__file__).parent
    return [root / "test_files", root / "charset_files"]


def _read_both(data: bytes, force: bool) -> bool:
    import pydicom

    try:
        pydicom.dcmread(io.BytesIO(data), force=force)
        dicodec.dcmread(data, force=force)
    except Exception:
        return False
    return True


def load_corpus() -> tuple[list[CorpusFile], list[str]]:
    """Every corpus file that both libraries read (plainly, else both with force=True).

    Returns the files and the names of those left out.
    """
    files: list[CorpusFile] = []
    skipped: list[str] = []
    for folder in corpus_folders():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = str(path.relative_to(folder.parent))
            if path.suffix.lower() in _NOT_DICOM:
                continue
            data = path.read_bytes()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for force in (False, True):
                    if _read_both(data, force):
                        files.append(CorpusFile(name, data, force))
                        break
                else:
                    skipped.append(name)
    return files, skipped


def corpus_file(files: list[CorpusFile], name: str) -> CorpusFile:
    """The corpus file whose name ends with `name`."""
    for f in files:
        if f.name.endswith("/" + name):
            return f
    raise KeyError(name)


# -- generated files ----------------------------------------------------------------------------


def _cached(name: str, build: Callable[[Path], None]) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}-{VERSION}.dcm"
    if not path.exists():
        partial = path.with_suffix(".partial")
        build(partial)
        partial.replace(path)
    return path


def _image_header(frames: int, rows: int, columns: int) -> Dataset:
    """A CT image's attributes, without Pixel Data."""
    ds = Dataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = CTImageStorage
    ds.SOPInstanceUID = generate_uid()
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "CT"
    ds.PatientName = "Bench^Multiframe"
    ds.PatientID = "BENCH-1"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.NumberOfFrames = frames
    ds.Rows = rows
    ds.Columns = columns
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    return ds


def _frame(index: int, rows: int, columns: int) -> np.ndarray[Any, np.dtype[np.uint16]]:
    """A smooth ramp that differs from frame to frame, with a noisy disc in the middle."""
    y, x = np.mgrid[0:rows, 0:columns]
    frame = (x * 3 + y * 5 + index * 17) % 4096
    disc = (x - columns // 2) ** 2 + (y - rows // 2) ** 2 < (rows // 4) ** 2
    noise = np.random.default_rng(index).integers(0, 64, size=(rows, columns))
    frame = np.where(disc, 1000 + noise, frame)
    return frame.astype("<u2")


def _frames(count: int) -> Iterator[bytes]:
    cycle = [_frame(i, FRAME_ROWS, FRAME_COLUMNS).tobytes() for i in range(min(count, 16))]
    for i in range(count):
        yield cycle[i % len(cycle)]


def _write_native(path: Path, frames: int) -> None:
    """Header through dicodec.dcmwrite; Pixel Data appended frame by frame (PS3.5 7.1.2)."""
    header = io.BytesIO()
    dcmwrite(header, _image_header(frames, FRAME_ROWS, FRAME_COLUMNS), enforce_file_format=True)
    length = frames * FRAME_BYTES
    with open(path, "wb") as f:
        f.write(header.getvalue())
        # (7FE0,0010) OW, 2 reserved bytes, 4-byte length: Explicit VR Little Endian
        f.write(struct.pack("<HH2sHI", 0x7FE0, 0x0010, b"OW", 0, length))
        for chunk in _frames(frames):
            f.write(chunk)


def native_multiframe(megabytes: int) -> Path:
    """A native 16-bit MONOCHROME2 multi-frame image of about `megabytes` MB of pixels."""
    frames = max(1, round(megabytes * 1_000_000 / FRAME_BYTES))
    return _cached(f"native-{megabytes}MB", lambda p: _write_native(p, frames))


def _write_rle(path: Path) -> None:
    frames, rows, columns = RLE_SHAPE
    arr = np.stack([_frame(i, rows, columns) for i in range(frames)])
    ds = _image_header(frames, rows, columns)
    set_pixel_data(ds, arr, "MONOCHROME2", 16)
    ds.compress(RLELossless)
    dcmwrite(path, ds, enforce_file_format=True)


def rle_multiframe() -> Path:
    """An RLE Lossless 512 x 512 16-bit image of 50 frames, encoded by dicodec."""
    return _cached("rle-512x512x50", _write_rle)


def contour_data() -> list[list[float]]:
    """The ContourData of every item of the structure set (the same for both libraries)."""
    return [
        [round(0.37 * j + 0.01 * i, 2) for j in range(3 * CONTOUR_POINTS)]
        for i in range(SEQUENCE_ITEMS)
    ]


def build_structure_set(lib: Any, contours: list[list[float]]) -> Any:
    """An RT Structure Set whose ROIContourSequence has one item per contour.

    `lib` is the `dicodec` or `pydicom` module: the code is the same for both,
    as a user moving from one to the other would write it.
    """
    ds = lib.Dataset()
    ds.file_meta = lib.dataset.FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = str(ExplicitVRLittleEndian)  # plain str for both
    ds.SOPClassUID = str(RTStructureSetStorage)
    ds.SOPInstanceUID = "1.2.826.0.1.3680043.8.498.1"
    ds.Modality = "RTSTRUCT"
    ds.PatientName = "Bench^Structure"
    ds.StructureSetLabel = "BENCH"
    items = []
    for number, points in enumerate(contours, start=1):
        contour = lib.Dataset()
        contour.ContourGeometricType = "CLOSED_PLANAR"
        contour.NumberOfContourPoints = len(points) // 3
        contour.ContourData = points
        roi = lib.Dataset()
        roi.ReferencedROINumber = number
        roi.ROIDisplayColor = [255, 0, 0]
        roi.ContourSequence = lib.Sequence([contour])
        items.append(roi)
    ds.ROIContourSequence = lib.Sequence(items)
    return ds


def _write_structure_set(path: Path) -> None:
    dcmwrite(path, build_structure_set(dicodec, contour_data()), enforce_file_format=True)


def structure_set() -> Path:
    """The 10,000-item RT Structure Set, written by dicodec."""
    return _cached(f"rtstruct-{SEQUENCE_ITEMS}", _write_structure_set)


__all__ = [
    "CACHE",
    "FRAME_BYTES",
    "CorpusFile",
    "build_structure_set",
    "contour_data",
    "corpus_file",
    "load_corpus",
    "native_multiframe",
    "rle_multiframe",
    "structure_set",
]
