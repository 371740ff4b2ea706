"""`compress`: a dataset's pixels into a compressed transfer syntax, in place (as pydicom 3).

The frames are encoded first, all of them, by the encoder `pick_encoder`
chooses; only then is the dataset changed, so a refusal leaves it as it was.
The encoded frames are encapsulated one fragment each (PS3.5 A.4) with a
Basic Offset Table, or an Extended Offset Table (PS3.3 C.7.6.3.1.8) when
asked or when the offsets would not fit the Basic one's 32 bits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from numpy.typing import NDArray

from dicodec.errors import PixelDataError
from dicodec.pixels import encapsulated
from dicodec.pixels.description import PixelDescription
from dicodec.pixels.encoders import EncodeOptions, Encoder, pick_encoder
from dicodec.values.uid import generate_uid

if TYPE_CHECKING:
    from dicodec.dataset import Dataset

__all__ = ["compress", "encode_frames"]

# The Basic Offset Table holds 32-bit offsets (PS3.5 A.4): when the last frame starts past
# this, an Extended Offset Table is used.
BOT_LIMIT = 0xFFFFFFFF
# An item's length is 32 bits, even and not the undefined length.
FRAGMENT_LIMIT = 0xFFFFFFFE


def encode_frames(
    arr: NDArray[Any],
    desc: PixelDescription,
    uid: str,
    options: EncodeOptions,
    encoding_plugin: str | None = None,
) -> tuple[list[bytes], Encoder]:
    """Encode every frame of `arr` (described by `desc`) for `uid`; return them and the encoder."""
    encoder = pick_encoder(uid, desc, options, encoding_plugin)
    frames = arr.reshape(desc.number_of_frames, *desc.frame_shape)
    encoded = []
    for number, frame in enumerate(frames):
        try:
            encoded.append(encoder.encode(frame, desc, options))
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except Exception as exc:  # each codec package has its own exception types
            raise PixelDataError(
                f"{encoder.name} could not encode frame {number}: {type(exc).__name__}: {exc}"
            ) from exc
    for number, frame in enumerate(encoded):
        if len(frame) > FRAGMENT_LIMIT:
            raise PixelDataError(
                f"frame {number} encodes to {len(frame)} bytes: more than one fragment holds "
                "(PS3.5 A.4, 32-bit item lengths)"
            )
    return encoded, encoder


def compress(
    ds: Dataset,
    uid: str,
    arr: NDArray[Any],
    desc: PixelDescription,
    *,
    encoding_plugin: str | None = None,
    encapsulate_ext: bool = False,
    generate_instance_uid: bool = True,
    **options: Any,
) -> None:
    """Encode `arr` (all frames, described by `desc`) into `ds` as `uid`."""
    settings = EncodeOptions.from_keywords(options)
    frames, encoder = encode_frames(arr, desc, uid, settings, encoding_plugin)
    items = sum(8 + len(f) + len(f) % 2 for f in frames)
    last_offset = items - (8 + len(frames[-1]) + len(frames[-1]) % 2)
    extended = encapsulate_ext or last_offset > BOT_LIMIT
    if extended:
        value, offsets, lengths = encapsulated.encapsulate_extended(frames)
    else:
        value = encapsulated.encapsulate(frames)
    photometric = encoder.photometric(desc, settings)
    set_image_pixel_attributes(ds, desc.replace(photometric_interpretation=photometric))
    ds.PixelData = value
    element = ds["PixelData"]
    element.VR = "OB"  # PS3.5 A.4: encapsulated Pixel Data is OB of undefined length
    element.is_undefined_length = True
    if extended:
        ds.ExtendedOffsetTable = offsets
        ds.ExtendedOffsetTableLengths = lengths
    else:
        for keyword in ("ExtendedOffsetTable", "ExtendedOffsetTableLengths"):
            if keyword in ds:
                delattr(ds, keyword)
    if encoder.is_lossy(settings):
        _record_lossy(ds, desc.total_length / max(1, sum(len(f) for f in frames)), encoder)
        if generate_instance_uid:
            new_instance(ds)
    ds.file_meta.TransferSyntaxUID = uid


def set_image_pixel_attributes(ds: Dataset, desc: PixelDescription) -> None:
    """Set the Image Pixel attributes (PS3.3 C.7.6.3) that describe pixels as `desc` says."""
    ds.Rows, ds.Columns = desc.rows, desc.columns
    ds.SamplesPerPixel = desc.samples_per_pixel
    ds.PhotometricInterpretation = desc.photometric_interpretation
    ds.BitsAllocated = desc.bits_allocated
    if desc.pixel_keyword == "PixelData":
        ds.BitsStored, ds.HighBit = desc.bits_stored, desc.high_bit
        ds.PixelRepresentation = desc.pixel_representation
    else:  # PS3.3 C.7.6.24: float pixels have no Bits Stored, High Bit, Pixel Representation
        for keyword in ("BitsStored", "HighBit", "PixelRepresentation"):
            if keyword in ds:
                delattr(ds, keyword)
    if desc.samples_per_pixel > 1:
        ds.PlanarConfiguration = desc.planar_configuration
    elif "PlanarConfiguration" in ds:
        del ds.PlanarConfiguration
    if desc.number_of_frames > 1 or "NumberOfFrames" in ds:
        ds.NumberOfFrames = desc.number_of_frames


def _values(ds: Dataset, keyword: str) -> list[str]:
    value = ds.get(keyword)
    if value is None or value == "":
        return []
    if isinstance(value, (str, int, float)):
        return [str(value)]
    return [str(v) for v in value]


def _record_lossy(ds: Dataset, ratio: float, encoder: Encoder) -> None:
    """PS3.3 C.7.6.1.1.5: Lossy Image Compression "01", and the ratio and method of each
    lossy compression applied, in the order applied (this one last)."""
    ds.LossyImageCompression = "01"
    ratios = _values(ds, "LossyImageCompressionRatio")
    methods = _values(ds, "LossyImageCompressionMethod")
    ratios.append(f"{ratio:.4f}".rstrip("0").rstrip("."))
    methods.append(encoder.lossy_method)
    ds.LossyImageCompressionRatio = ratios if len(ratios) > 1 else ratios[0]
    ds.LossyImageCompressionMethod = methods if len(methods) > 1 else methods[0]


def new_instance(ds: Dataset) -> None:
    """A lossy copy is a new image: a new SOP Instance UID (as pydicom's generate_instance_uid)."""
    uid = generate_uid()
    ds.SOPInstanceUID = uid
    meta = ds.file_meta
    if "MediaStorageSOPInstanceUID" in meta:
        meta.MediaStorageSOPInstanceUID = uid


def values_fit(arr: NDArray[Any], bits_stored: int) -> None:
    """Refuse an integer array whose values do not fit `bits_stored` bits (or its dtype)."""
    top = arr.dtype.itemsize * 8
    if not 0 < bits_stored <= top:
        raise PixelDataError(f"bits_stored {bits_stored} must be 1 to {top} for dtype {arr.dtype}")
    if not arr.size:
        return
    lo, hi = int(arr.min()), int(arr.max())
    if arr.dtype.kind == "i":
        low, high = -(1 << (bits_stored - 1)), (1 << (bits_stored - 1)) - 1
    else:
        low, high = 0, (1 << bits_stored) - 1
    if lo < low or hi > high:
        raise PixelDataError(
            f"(BitsStored) {bits_stored}: the array's values {lo}..{hi} do not fit in {bits_stored} bits"
        )
