"""Encapsulated Pixel Data cut short (a file copied or transferred incompletely).

Read leniently with a DicomFormatWarning: the header and every complete frame
stay usable, and the bytes are kept as read; strict=True refuses the file.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pytest

import dicodec
from dicodec.errors import DicomFormatWarning, TruncatedDataError
from dicodec.pixels import encapsulated, iter_pixels, pixel_array
from dicodec.uid import RLELossless

from .test_corpus import CORPUS

FILES = ["SC_rgb_rle_2frame.dcm", "rtdose_rle.dcm", "examples_jpeg2k.dcm"]


def _no_bot(name: str) -> bytes:
    """The file with its frames re-encapsulated without a Basic Offset Table."""
    ds = dicodec.dcmread(CORPUS / name)
    frames = list(encapsulated.iter_frames(ds.PixelData, int(ds.get("NumberOfFrames") or 1)))
    ds.PixelData = encapsulated.encapsulate(frames, has_bot=False)
    ds["PixelData"].is_undefined_length = True
    out = io.BytesIO()
    dicodec.dcmwrite(out, ds)
    return out.getvalue()


def _sources() -> list[tuple[str, bytes]]:
    found = [(name, (CORPUS / name).read_bytes()) for name in FILES]
    found.append(("rtdose_rle.dcm without BOT", _no_bot("rtdose_rle.dcm")))
    return found


@pytest.mark.parametrize(("name", "data"), _sources(), ids=[n for n, _ in _sources()])
@pytest.mark.parametrize("cut", [8, 20, 700])
def test_cut_short_is_read_leniently(name: str, data: bytes, cut: int) -> None:
    full = dicodec.dcmread(data)
    frames = int(full.get("NumberOfFrames") or 1)
    expected = full.pixel_array.reshape(frames, *full.pixel_array.shape[frames > 1 :])
    short = data[:-cut]
    with pytest.warns(DicomFormatWarning, match="encapsulated Pixel Data"):
        ds = dicodec.dcmread(short)
    assert ds.SOPInstanceUID == full.SOPInstanceUID  # the header is all there
    usable = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for index in range(frames):
            try:
                frame = pixel_array(ds, index=index)
            except dicodec.PixelDataError:
                continue
            np.testing.assert_array_equal(frame, expected[index])
            usable += 1
        if cut == 8:  # only the sequence delimiter is missing: every frame is there
            assert usable == frames
            np.testing.assert_array_equal(ds.pixel_array.reshape(expected.shape), expected)
        else:
            assert usable < frames or (frames == 1 and usable == 0)
            if frames > 2 and cut <= 20:
                assert usable == frames - 1
            with pytest.raises(dicodec.PixelDataError):
                _ = ds.pixel_array
            got = []
            with pytest.raises(dicodec.PixelDataError):
                for frame in iter_pixels(ds):
                    got.append(frame)
            assert len(got) == usable
        # nothing read is lost on writing back
        out = io.BytesIO()
        dicodec.dcmwrite(out, ds)
        assert out.getvalue().startswith(short)


@pytest.mark.parametrize("cut", [8, 20])
def test_cut_short_refused_when_strict(cut: int) -> None:
    data = (CORPUS / "rtdose_rle.dcm").read_bytes()[:-cut]
    with pytest.raises(TruncatedDataError, match="encapsulated Pixel Data"):
        dicodec.dcmread(data, strict=True)


def test_cut_short_by_path(tmp_path: object) -> None:
    """Read from a file (memory-mapped frames) the same way."""
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    data = (CORPUS / "rtdose_rle.dcm").read_bytes()
    path = tmp_path / "cut.dcm"
    path.write_bytes(data[:-20])
    expected = dicodec.dcmread(data).pixel_array
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        np.testing.assert_array_equal(pixel_array(path, index=3), expected[3])
        with pytest.raises(dicodec.PixelDataError):
            pixel_array(path, index=14)


def test_other_undefined_values_cut_short_are_still_refused() -> None:
    """Only Pixel Data is read leniently; a sequence without its delimiter is an error."""
    ds = dicodec.dcmread(CORPUS / "rtdose_rle.dcm")
    assert ds.file_meta.TransferSyntaxUID == RLELossless
    sequence = b"\x0a\x30\x10\x00SQ\0\0\xff\xff\xff\xff\xfe\xff\x00\xe0\x08\x00\x00\x00" + b"\0" * 4
    with pytest.raises(dicodec.DicomError):
        dicodec.dcmread(sequence, force=True)
