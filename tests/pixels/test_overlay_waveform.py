"""overlay_array and waveform_array: equal to pydicom's on the corpus and on datasets built here."""

from __future__ import annotations

import io
import warnings

import numpy as np
import pytest

pydicom = pytest.importorskip("pydicom")

import dicodec  # noqa: E402
from dicodec.pixels import overlay_array, set_pixel_data, waveform_array  # noqa: E402

from .test_corpus import CORPUS  # noqa: E402


def _pydicom(ds: dicodec.Dataset) -> tuple[dicodec.Dataset, object]:
    """`ds` written, and read back by dicodec and by pydicom."""
    buffer = io.BytesIO()
    dicodec.dcmwrite(buffer, ds)
    data = buffer.getvalue()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dicodec.dcmread(data), pydicom.dcmread(io.BytesIO(data))


def test_corpus_overlay_matches_pydicom() -> None:
    path = CORPUS / "examples_overlay.dcm"
    ours = dicodec.dcmread(path).overlay_array(0x6000)
    np.testing.assert_array_equal(ours, pydicom.dcmread(path).overlay_array(0x6000))
    assert ours.dtype == np.uint8 and ours.any()


@pytest.mark.parametrize("index", [0, 1])
def test_corpus_waveforms_match_pydicom(index: int) -> None:
    path = CORPUS / "waveform_ecg.dcm"
    ours = dicodec.dcmread(path).waveform_array(index)
    theirs = pydicom.dcmread(path).waveform_array(index)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_array_equal(ours, theirs)


def _add_overlay(
    ds: dicodec.Dataset, group: int, rows: int, columns: int, **values: tuple[str, object]
) -> None:
    ds.add_new((group, 0x0010), "US", rows)
    ds.add_new((group, 0x0011), "US", columns)
    ds.add_new((group, 0x0040), "CS", "G")
    ds.add_new((group, 0x0050), "SS", [1, 1])
    for element, (vr, value) in values.items():
        ds.add_new((group, int(element, 16)), vr, value)


@pytest.mark.parametrize(("frames", "rows", "columns"), [(1, 7, 9), (3, 5, 13), (4, 16, 16)])
def test_packed_overlays_match_pydicom(frames: int, rows: int, columns: int) -> None:
    """Bits packed across frames, little-endian within a byte (PS3.5 8.1.2)."""
    bits = np.random.default_rng(frames).integers(
        0, 2, size=(frames, rows, columns), dtype=np.uint8
    )
    ds = dicodec.dcmread(CORPUS / "MR_small.dcm")
    packed = np.packbits(bits.reshape(-1), bitorder="little").tobytes()
    extra = {"0015": ("IS", str(frames))} if frames > 1 else {}
    _add_overlay(
        ds,
        0x6002,
        rows,
        columns,
        **extra,
        **{"0100": ("US", 1), "0102": ("US", 0)},
        **{"3000": ("OW", packed + b"\0" * (len(packed) % 2))},
    )
    ours, theirs = _pydicom(ds)
    expected = bits[0] if frames == 1 else bits
    np.testing.assert_array_equal(ours.overlay_array(0x6002), expected)
    np.testing.assert_array_equal(theirs.overlay_array(0x6002), expected)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("frames", "origin", "count"), [(1, 1, 1), (4, 2, 3)])
def test_overlay_in_unused_high_bits(frames: int, origin: int, count: int) -> None:
    """PS3.3 C.9.2.1.3 (retired): the overlay is bit 15 of 12-bit pixels in 16-bit words."""
    rng = np.random.default_rng(origin)
    image = rng.integers(0, 4096, size=(frames, 6, 10), dtype=np.uint16)
    bits = rng.integers(0, 2, size=image.shape, dtype=np.uint16)
    ds = dicodec.dcmread(CORPUS / "MR_small.dcm")
    words = image | bits << 15
    set_pixel_data(ds, words[0] if frames == 1 else words, "MONOCHROME2", 16)
    ds.BitsStored, ds.HighBit = 12, 11
    extra = {"0015": ("IS", str(count)), "0051": ("US", origin)} if frames > 1 else {}
    _add_overlay(ds, 0x6000, 6, 10, **extra, **{"0100": ("US", 16), "0102": ("US", 15)})
    ours, theirs = _pydicom(ds)
    wanted = bits[origin - 1 : origin - 1 + count].astype(np.uint8)
    np.testing.assert_array_equal(ours.overlay_array(0x6000), wanted[0] if count == 1 else wanted)
    # the pixels themselves keep only Bits Stored, as pydicom reads them
    np.testing.assert_array_equal(ours.pixel_array, theirs.pixel_array)  # type: ignore[attr-defined]
    np.testing.assert_array_equal(ours.pixel_array, image[0] if frames == 1 else image)


def test_overlay_errors_say_what_is_missing() -> None:
    ds = dicodec.dcmread(CORPUS / "MR_small.dcm")
    with pytest.raises(dicodec.PixelDataError, match="Overlay Rows"):
        overlay_array(ds, 0x6000)
    with pytest.raises(dicodec.PixelDataError, match="6001"):
        overlay_array(ds, 0x6001)


SAMPLE_TYPES = [
    (8, "SB", "i1"),
    (8, "UB", "u1"),
    (8, "MB", "u1"),
    (8, "AB", "u1"),
    (16, "SS", "i2"),
    (16, "US", "u2"),
    (32, "SL", "i4"),
    (32, "UL", "u4"),
    (64, "SV", "i8"),
    (64, "UV", "u8"),
]


@pytest.mark.parametrize(("bits", "interpretation", "kind"), SAMPLE_TYPES)
def test_every_waveform_sample_type_matches_pydicom(
    bits: int, interpretation: str, kind: str
) -> None:
    ds = dicodec.dcmread(CORPUS / "waveform_ecg.dcm")
    item = ds.WaveformSequence[1]
    samples = int(item["NumberOfWaveformSamples"].value)
    channels = int(item["NumberOfWaveformChannels"].value)
    info = np.iinfo(kind)
    raw = np.random.default_rng(bits).integers(
        max(info.min, -(2**40)), min(info.max, 2**40), size=(samples, channels), dtype=kind
    )
    item.WaveformBitsAllocated = bits
    item.WaveformSampleInterpretation = interpretation
    item.WaveformData = raw.astype(raw.dtype.newbyteorder("<")).tobytes()
    item["WaveformData"].VR = "OB" if bits == 8 else "OW"
    for number, channel in enumerate(item.ChannelDefinitionSequence):
        channel.ChannelSensitivity = f"{0.5 + number}"
        channel.ChannelSensitivityCorrectionFactor = "2"
        channel.ChannelBaseline = f"{-number}"
    ours, theirs = _pydicom(ds)
    result = ours.waveform_array(1)
    np.testing.assert_array_equal(result, theirs.waveform_array(1))  # type: ignore[attr-defined]
    scale = (0.5 + np.arange(channels)) * 2
    np.testing.assert_allclose(result, raw * scale - np.arange(channels))
    np.testing.assert_array_equal(waveform_array(ours, 1, as_raw=True), raw)


def test_waveform_errors() -> None:
    with pytest.raises(dicodec.PixelDataError, match="Waveform Sequence"):
        dicodec.dcmread(CORPUS / "MR_small.dcm").waveform_array(0)
    with pytest.raises(dicodec.PixelDataError, match="2 multiplex group"):
        dicodec.dcmread(CORPUS / "waveform_ecg.dcm").waveform_array(5)
