"""Every file of pydicom's test corpus whose pixels pydicom decodes: our array must equal pydicom's."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pydicom = pytest.importorskip("pydicom")

import dicodec  # noqa: E402
from dicodec.pixels import iter_pixels, pixel_array  # noqa: E402

CORPUS = Path(pydicom.data.__file__).parent / "test_files"
FILES = sorted(p.name for p in CORPUS.glob("*.dcm"))

# Lossy JPEG decoded by a different library than pydicom's first choice may differ by 1.
LOSSY_TOLERANCE: dict[str, int] = {}


def _reference(name: str) -> tuple[Any, np.ndarray] | None:
    """pydicom's dataset and pixel_array (the oracle), or None when pydicom decodes none."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = pydicom.dcmread(CORPUS / name)
            if not any(k in ds for k in ("PixelData", "FloatPixelData", "DoubleFloatPixelData")):
                return None
            return ds, ds.pixel_array
        except Exception:
            return None


def _expected(name: str) -> np.ndarray:
    ref = _reference(name)
    if ref is None:
        pytest.skip("pydicom does not decode these pixels (or there are none)")
    return ref[1]


def _same(ours: np.ndarray, ref: np.ndarray, name: str) -> None:
    assert ours.shape == ref.shape, name
    # pydicom keeps big-endian arrays big endian; we return native order (same values).
    assert ours.dtype == ref.dtype.newbyteorder("="), (name, ours.dtype, ref.dtype)
    tol = LOSSY_TOLERANCE.get(name, 0)
    if tol:
        assert np.abs(ours.astype(np.int64) - ref.astype(np.int64)).max() <= tol, name
    else:
        np.testing.assert_array_equal(ours, ref, err_msg=name)


@pytest.mark.parametrize("name", FILES)
def test_dataset_matches_pydicom(name: str) -> None:
    expected = _expected(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = dicodec.dcmread(CORPUS / name).pixel_array
        deferred = dicodec.dcmread(CORPUS / name, defer_size=256).pixel_array
    _same(ours, expected, name)
    _same(deferred, expected, name)


@pytest.mark.parametrize("name", FILES)
def test_path_frames_match_pydicom(name: str) -> None:
    expected = _expected(name)
    path = CORPUS / name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = pixel_array(path)
        frames = list(iter_pixels(path))
        count = len(frames)
        last = pixel_array(path, index=count - 1)
    _same(whole, expected, name)
    stacked = frames[0] if count == 1 else np.stack(frames)
    _same(stacked, expected, name)
    _same(last, expected if count == 1 else expected[-1], name)


def _encapsulated(names: list[str]) -> list[str]:
    """The corpus files whose transfer syntax encapsulates Pixel Data (one codec, many plugins)."""
    from dicodec.transfer_syntax import lookup

    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in names:
            try:
                ds = dicodec.dcmread(CORPUS / name, stop_before_pixels=True)
            except dicodec.DicomError:
                continue
            uid = str(ds.file_meta.get("TransferSyntaxUID") or "")
            known = lookup(uid)
            if known is not None and known.encapsulated:
                found.append(name)
    return found


@pytest.mark.parametrize("name", _encapsulated(FILES))
def test_every_installed_decoder_matches_pydicom(name: str) -> None:
    """Each plugin on its own (decoding_plugin=...): the in-house RLE decoder as well as
    pylibjpeg-rle, pyjpegls as well as libjpeg for JPEG-LS."""
    from dicodec.pixels.description import PixelDescription
    from dicodec.pixels.plugins import available_plugins

    expected = _expected(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dicodec.dcmread(CORPUS / name)
        desc = PixelDescription.from_dataset(ds)
        names = [plugin.name for plugin in available_plugins(desc)]
        for plugin in names:
            if plugin == "pillow":
                continue  # a fallback known to differ by a few levels (see the README)
            _same(pixel_array(ds, decoding_plugin=plugin), expected, f"{name} with {plugin}")
