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


def by_syntax(names: list[str], encapsulated: bool) -> list[str]:
    """The corpus files whose transfer syntax encapsulates Pixel Data (or does not)."""
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in names:
            try:
                ds = dicodec.dcmread(CORPUS / name, stop_before_pixels=True)
                uid = ds.file_meta.TransferSyntaxUID
            except (dicodec.DicomError, AttributeError):
                continue
            if uid.is_encapsulated == encapsulated:
                found.append(name)
    return found


@pytest.mark.parametrize("name", by_syntax(FILES, encapsulated=True))
def test_every_installed_decoder_matches_pydicom_or_declines(name: str) -> None:
    """Each plugin on its own (decoding_plugin=...): its array is pydicom's, or it refuses
    with a PixelDataError that says why (Pillow's limits are declined before decoding)."""
    from dicodec.pixels.description import PixelDescription
    from dicodec.pixels.plugins import available_plugins

    expected = _expected(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dicodec.dcmread(CORPUS / name)
        desc = PixelDescription.from_dataset(ds)
        names = [plugin.name for plugin in available_plugins(desc)]
        for plugin in names:
            try:
                ours = pixel_array(ds, decoding_plugin=plugin)
            except dicodec.PixelDataError as exc:
                assert plugin in str(exc), (name, plugin, str(exc))
                continue
            _same(ours, expected, f"{name} with {plugin}")


PILLOW_DECLINES = {
    "MR_small_jp2klossless.dcm": "sign",  # the issue's -32641..-30623 instead of 127..2145
    "JPEG2000.dcm": "sign",
    "JPGExtended.dcm": "8-bit",
    "SC_rgb_jpeg.dcm": "RGB-coded",
    "examples_ybr_color.dcm": "4:2:0",
}


@pytest.mark.parametrize("name", sorted(PILLOW_DECLINES))
def test_pillow_declines_before_decoding(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("PIL.Image")
    from dicodec.pixels import plugins

    decoded: list[str] = []
    monkeypatch.setattr(plugins, "_pillow", lambda data, desc: decoded.append(name))
    ds = dicodec.dcmread(CORPUS / name)
    with pytest.raises(dicodec.NoCodecError, match=PILLOW_DECLINES[name]) as info:
        pixel_array(ds, decoding_plugin="pillow")
    assert decoded == []  # refused from the headers, never handed to Pillow
    assert "pillow declines" in str(info.value)


def test_no_pixel_data_says_so() -> None:
    ds = dicodec.dcmread(CORPUS / "rtplan.dcm")
    with pytest.raises(dicodec.PixelDataError, match="no Pixel Data"):
        _ = ds.pixel_array


def test_unknown_transfer_syntax_is_named() -> None:
    ds = dicodec.dcmread(CORPUS / "MR_small.dcm")
    ds.file_meta.TransferSyntaxUID = "1.2.3.4.5"
    with pytest.raises(dicodec.UnsupportedTransferSyntaxError, match=r"1\.2\.3\.4\.5"):
        _ = ds.pixel_array


def test_missing_needed_attribute_is_named() -> None:
    ds = dicodec.dcmread(CORPUS / "MR_small.dcm")
    del ds.BitsAllocated
    with pytest.raises(dicodec.PixelDataError, match="BitsAllocated"):
        _ = ds.pixel_array
