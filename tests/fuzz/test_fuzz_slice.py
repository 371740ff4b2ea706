"""A fixed, seeded slice of the fuzzer (`python -m fuzz`), and one test per crash it found.

The slice is the same few thousand inputs on every run, so a regression shows
up here as a named input ("input N of seed S: how it was made") that
`python -m fuzz --seed S --count N+1` reproduces.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

import dicodec
from dicodec.pixels import pixel_array, set_pixel_data
from dicodec.uid import ExplicitVRLittleEndian, RLELossless
from fuzz.mutate import HOSTILE, layout, mutate
from fuzz.runner import run
from fuzz.seeds import seed_files
from fuzz.target import exercise

SLICE = 3000


@pytest.mark.slow
def test_a_seeded_slice_ends_in_success_or_dicom_errors(tmp_path: Path) -> None:
    report = run(seed=20261130, count=SLICE, hang_seconds=30.0, crash_dir=tmp_path)
    print("\n" + report.text())
    assert report.inputs == SLICE
    failures = "\n".join(
        (tmp_path / Path(p).with_suffix(".txt").name).read_text()[:2000] for p in report.saved
    )
    assert not report.failures, failures
    # the slice reaches every kind of outcome, not only early refusals
    assert report.outcomes["ok"] > SLICE // 10
    assert report.outcomes["TruncatedDataError"] and report.outcomes["PixelDataError"]


def test_the_inputs_are_reproducible() -> None:
    import random

    _, seed = seed_files()[0]
    elements = layout(seed)
    first = [mutate(seed, elements, random.Random(7)) for _ in range(3)]
    again = [mutate(seed, elements, random.Random(7)) for _ in range(3)]
    assert first == again
    assert [make(random.Random(3)) for make in HOSTILE] == [
        make(random.Random(3)) for make in HOSTILE
    ]


def test_the_seeds_include_files_dicodec_builds() -> None:
    names = [name for name, _ in seed_files()]
    assert any(name.startswith("built/rle") for name in names)
    assert any(name.startswith("test_files/") for name in names)


# -- regressions: one per crash the fuzzer found ------------------------------------------------
def _rle_image(frame: bytes) -> dicodec.Dataset:
    ds = dicodec.Dataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    set_pixel_data(ds, np.zeros((64, 64), dtype=np.uint16), "MONOCHROME2", 16)
    ds.compress(RLELossless)
    ds.PixelData = (
        b"\xfe\xff\x00\xe0\0\0\0\0" + b"\xfe\xff\x00\xe0" + struct.pack("<I", len(frame)) + frame
    )
    return ds


def test_a_codec_panic_is_a_pixel_data_error() -> None:
    """pylibjpeg-rle panics (pyo3's PanicException, a BaseException) on segments that decode
    past the frame: it must come out as a PixelDataError, with the other decoders tried."""
    pytest.importorskip("rle")
    run_past = bytes([0x81, 7]) * 40  # 40 runs of 128 bytes: 5120 bytes for a 4096-byte plane
    frame = struct.pack("<16I", 2, 64, 64 + len(run_past), *([0] * 13)) + run_past * 2
    ds = _rle_image(frame)
    with pytest.raises(dicodec.PixelDataError, match="PanicException"):
        pixel_array(ds, decoding_plugin="pylibjpeg-rle")
    try:  # the in-house decoder comes next: it decodes the frame (with a warning), or refuses it
        exercise(dicodec.filewriter.write_buffer(ds))
    except dicodec.DicomError:
        pass


def test_text_that_is_no_keyword_in_an_at_value_is_an_invalid_value() -> None:
    """Found by the loop (seed 1): a damaged meta made (0002,0010) an AT; setting the
    Transfer Syntax UID then raised UnknownKeywordError, now InvalidValueError."""
    meta = dicodec.FileMetaDataset(validation="raise")
    meta.add_new(0x00020010, "AT", None)
    with pytest.raises(dicodec.InvalidValueError, match="not a DICOM keyword"):
        meta.TransferSyntaxUID = "1.2.840.10008.1.2"


# -- the hostile shapes the issue names, each built on purpose -----------------------------------
def _encapsulated(table: list[int], fragments: list[bytes]) -> bytes:
    items = [struct.pack(f"<{len(table)}I", *table), *fragments]
    return b"".join(b"\xfe\xff\x00\xe0" + struct.pack("<I", len(f)) + f for f in items)


def _rle_frames() -> tuple[dicodec.Dataset, list[bytes]]:
    ds = dicodec.Dataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    set_pixel_data(ds, np.arange(192, dtype=np.uint8).reshape(3, 8, 8), "MONOCHROME2", 8)
    ds.compress(RLELossless)
    data, fragments, pos = ds.PixelData, [], 8 + int.from_bytes(ds.PixelData[4:8], "little")
    while pos < len(data):
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        fragments.append(data[pos + 8 : pos + 8 + length])
        pos += 8 + length
    return ds, fragments


@pytest.mark.parametrize(
    "table",
    [[0, 288, 144], [0, 10**9, 10**9 + 8], [0, 0xFFFFFFF0, 0xFFFFFFFF]],
    ids=["backwards", "out of range", "near 4 GiB"],
)
def test_a_hostile_basic_offset_table_is_refused(table: list[int]) -> None:
    ds, fragments = _rle_frames()
    assert len(fragments) == 3 and len(fragments[0]) == 136  # frames start at 0, 144, 288
    ds.PixelData = _encapsulated(table, fragments)
    with pytest.raises(dicodec.PixelDataError, match="Basic Offset Table entry"):
        ds.pixel_array  # noqa: B018


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        (b"\xfe\xff\x00\xe0\xff\xff\xff\xff\xfe\xff\x0d\xe0\0\0\0\0\xfe\xff\xdd\xe0\0\0\0\0", None),
        (b"\xfe\xff\x0d\xe0\0\0\0\0\xfe\xff\xdd\xe0\0\0\0\0", "expected an item"),
        (b"\xfe\xff\x00\xe0\xff\xff\xff\xff\xfe\xff\xdd\xe0\0\0\0\0", "item or delimiter where"),
    ],
    ids=["zero-length undefined item", "item delimiter first", "sequence delimiter in an item"],
)
def test_undefined_length_oddities_end(value: bytes, refused: str | None) -> None:
    """Implicit VR: an undefined-length sequence holding an odd item, then one more element."""
    data = b"\x40\x00\x30\xa7\xff\xff\xff\xff" + value + b"\x10\x00\x10\x00\x04\0\0\0Doe^"
    if refused is None:  # an empty item: a sane result
        ds = dicodec.dcmread(data, force=True)
        assert ds.PatientName == "Doe^" and len(ds.ContentSequence[0]) == 0
        exercise(data)
        return
    with pytest.raises(dicodec.InvalidDicomError, match=refused) as caught:
        dicodec.dcmread(data, force=True)
    assert caught.value.offset is not None


def _image_file(syntax: str, pixel_element: bytes, rows: int = 100, columns: int = 100) -> bytes:
    ds = dicodec.Dataset()
    ds.file_meta.TransferSyntaxUID = syntax
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.826.0.1.3680043.10.1.2"
    ds.SamplesPerPixel = 3
    ds.PhotometricInterpretation = "RGB"
    ds.PlanarConfiguration = 0
    ds.Rows, ds.Columns = rows, columns
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    return dicodec.filewriter.write_buffer(ds, enforce_file_format=True) + pixel_element


def test_a_codestream_claiming_more_pixels_is_refused_before_decoding() -> None:
    """Found by the loop (seed 1, a flipped bit in a JPEG 2000 SIZ): 524,388 rows for 100
    made both decoders allocate the image (462 MB traced); now refused from the header."""
    import tracemalloc

    siz = struct.pack(">HHHIIII", 0xFF51, 47, 0, 100, 524388, 0, 0)  # Lsiz Rsiz Xsiz Ysiz ...
    codestream = b"\xff\x4f" + siz + b"\0" * 64
    fragment = b"\xfe\xff\x00\xe0\0\0\0\0\xfe\xff\x00\xe0" + struct.pack("<I", len(codestream))
    pixels = struct.pack("<HH2s2xI", 0x7FE0, 0x0010, b"OB", 0xFFFFFFFF) + fragment + codestream
    data = _image_file("1.2.840.10008.1.2.4.90", pixels + b"\xfe\xff\xdd\xe0\0\0\0\0")
    tracemalloc.start()
    try:
        with pytest.raises(dicodec.PixelDataError, match="codestream is 524388 x 100 pixels"):
            dicodec.dcmread(data).pixel_array  # noqa: B018
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000


def test_pixel_data_of_a_text_vr_is_a_pixel_data_error() -> None:
    """Found by the loop (seed 1): Pixel Data whose VR became UR, cut short by the end of
    the file (so decoded, not viewed in place), reached numpy as a str."""
    import warnings

    pixels = struct.pack("<HH2s2xI", 0x7FE0, 0x0010, b"UR", 40000) + b"a" * 30000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dicodec.DicomFormatWarning)
        ds = dicodec.dcmread(_image_file("1.2.840.10008.1.2.1", pixels))
    with pytest.raises(dicodec.PixelDataError, match="value is str, not bytes"):
        ds.pixel_array  # noqa: B018


def test_a_charset_of_many_numbers_warns_once() -> None:
    """Found by the loop (seed 1): (0008,0005) damaged into 224,541 numbers gave one warning
    each (3.7 s); a Specific Character Set that is not text now warns once."""
    import warnings

    values = struct.pack("<100000H", *(n % 65536 for n in range(100000)))
    data = dicodec.filewriter.write_buffer(dicodec.Dataset(), implicit_vr=False, little_endian=True)
    data += struct.pack("<HH2s2xI", 0x0008, 0x0005, b"UN", len(values)) + values
    data += struct.pack("<HH2sH", 0x0010, 0x0010, b"PN", 4) + b"Doe^"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = dicodec.dcmread(data, force=True)
        ds[0x00080005].VR = "US"  # as a damaged explicit file says
        assert ds.PatientName == "Doe^"
    assert len([w for w in caught if "not text" in str(w.message)]) == 1


@pytest.mark.parametrize("frames", [1, 2])
def test_rle_frames_too_small_for_the_image_allocate_nothing(frames: int) -> None:
    """Found by both engines: Rows and Columns of 65535 over an 81-byte RLE value made the
    decoder allocate 16 GB (traced) before looking at the frames; now refused up front."""
    import tracemalloc

    header = struct.pack("<16I", 2, 64, 66, *([0] * 13)) + b"\x81\0\x81\0"
    fragments = b"".join(
        b"\xfe\xff\x00\xe0" + struct.pack("<I", 68) + header for _ in range(frames)
    )
    value = b"\xfe\xff\x00\xe0\0\0\0\0" + fragments + b"\xfe\xff\xdd\xe0\0\0\0\0"
    pixels = struct.pack("<HH2s2xI", 0x7FE0, 0x0010, b"OB", 0xFFFFFFFF) + value
    ds = dicodec.dcmread(_image_file("1.2.840.10008.1.2.5", pixels, rows=65535, columns=65535))
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.BitsAllocated = 1, "MONOCHROME2", 16
    ds.BitsStored, ds.HighBit, ds.NumberOfFrames = 16, 15, frames
    tracemalloc.start()
    try:
        for call in (lambda: ds.pixel_array, lambda: pixel_array(ds, index=0)):
            with pytest.raises(dicodec.PixelDataError, match="expands at most 64-fold"):
                call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000


def test_odd_length_ow_pixels_in_big_endian_are_refused() -> None:
    """Found by the loop (seed 2): 8-bit pixels in an odd-length OW value, Explicit VR Big
    Endian: the word swap dropped the last byte and numpy could not reshape (ValueError)."""
    ds = dicodec.Dataset(validation="ignore")  # as a damaged file gives it
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.2"
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "RGB", 0
    ds.Rows, ds.Columns = 3, 3
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.add_new(0x7FE00010, "OW", bytes(range(27)))  # 27 bytes: odd, one too many for words
    with pytest.raises(dicodec.PixelDataError, match="odd length 27"):
        pixel_array(ds)


def test_repeated_charset_terms_count_once() -> None:
    """Found by the loop (seed 2): (0008,0005) damaged into 547 unknown terms made 547
    encodings, which every character of every text value then tried (2 s a write)."""
    import warnings

    from dicodec.charset import DEFAULT_ENCODINGS, python_encodings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dicodec.CharsetWarning)
        assert python_encodings("\\".join(["NOT A TERM"] * 547)) == DEFAULT_ENCODINGS
    assert python_encodings("ISO 2022 IR 100\\ISO 2022 IR 100") == ("latin_1",)
    assert python_encodings("\\ISO 2022 IR 87\\ISO 2022 IR 87") == ("latin_1", "iso2022_jp")


def test_a_jpeg_frame_without_a_height_is_refused() -> None:
    """Found by the loop (seed 3): a JPEG frame header with height 0 (left to a DNL
    marker) made the decoders grow the image until the OOM killer ended the run."""
    sof = struct.pack(">HHBHHB", 0xFFC0, 17, 8, 0, 256, 3) + bytes(
        [1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]
    )
    codestream = (
        b"\xff\xd8" + sof + b"\xff\xda\x00\x0c\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00\xff\xd9"
    )
    fragment = b"\xfe\xff\x00\xe0\0\0\0\0\xfe\xff\x00\xe0" + struct.pack("<I", len(codestream))
    pixels = struct.pack("<HH2s2xI", 0x7FE0, 0x0010, b"OB", 0xFFFFFFFF) + fragment + codestream
    data = _image_file("1.2.840.10008.1.2.4.50", pixels + b"\xfe\xff\xdd\xe0\0\0\0\0", 256, 256)
    with pytest.raises(dicodec.PixelDataError, match="gives no height"):
        dicodec.dcmread(data).pixel_array  # noqa: B018
