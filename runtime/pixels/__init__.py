"""Pixel Data to numpy and back: native, encapsulated, RLE, deflate and plugin codecs.

`src` is a dataset (dicodec's, or any object with pydicom's Dataset API), or
a path: then the header is read with `dcmread(path, defer_size=...)` and only
the bytes of the frames asked for are read, through a memory map.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from dicodec.errors import PixelDataError, UnsupportedTransferSyntaxError
from dicodec.generated.uid_constants import ExplicitVRLittleEndian, RLELossless
from dicodec.pixels import coders, encapsulated, rle
from dicodec.pixels.coders import Decoder, Encoder
from dicodec.pixels.description import PIXEL_KEYWORDS, PixelDescription, syntax_info
from dicodec.pixels.encoders import EncodeOptions, pick_encoder
from dicodec.pixels.encoding import compress as _compress
from dicodec.pixels.encoding import new_instance, set_image_pixel_attributes, values_fit
from dicodec.pixels.native import pack_bits, unpack_bits
from dicodec.pixels.native_array import Pixels as _Pixels
from dicodec.pixels.native_array import decode_native_pixels
from dicodec.pixels.native_array import located as _located
from dicodec.pixels.native_array import to_rgb as _to_rgb
from dicodec.pixels.overlay import overlay_array
from dicodec.pixels.plugins import available_plugins, decode_encoded_frame
from dicodec.pixels.processing import (
    apply_color_lut,
    apply_modality_lut,
    apply_presentation_lut,
    apply_rescale,
    apply_voi,
    apply_voi_lut,
    apply_windowing,
    convert_color_space,
)
from dicodec.pixels.waveform import waveform_array

if TYPE_CHECKING:
    from dicodec.dataset import Dataset

__all__ = [
    "Decoder",
    "Encoder",
    "PixelDescription",
    "apply_color_lut",
    "apply_modality_lut",
    "apply_presentation_lut",
    "apply_rescale",
    "apply_voi",
    "apply_voi_lut",
    "apply_windowing",
    "compress",
    "convert_color_space",
    "decompress",
    "get_decoder",
    "get_encoder",
    "iter_pixels",
    "overlay_array",
    "pack_bits",
    "pixel_array",
    "set_pixel_data",
    "unpack_bits",
    "waveform_array",
]

Source = Any  # a dataset-like object, or str | os.PathLike for a file

# Values longer than this stay in the file when a path is read: Pixel Data above all.
_DEFER_SIZE = 1024


def _open(src: Source) -> _Pixels:
    if not isinstance(src, (str, os.PathLike)):
        return _Pixels(src)
    from dicodec.filereader import dcmread

    ds = dcmread(src, defer_size=_DEFER_SIZE)
    keyword = next((kw for kw in PIXEL_KEYWORDS if kw in ds), None)
    uid = ds.file_meta.get("TransferSyntaxUID")
    if keyword is None or (uid is not None and syntax_info(str(uid)).deflated):
        return _Pixels(ds)  # deflated (PS3.5 A.5): offsets are in the inflated dataset
    element = ds[keyword]
    start = element.file_offset
    if start is None:
        return _Pixels(ds)
    with open(src, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        file_map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    # Undefined length (encapsulated, PS3.5 A.4): the items run to the delimiter.
    end = size if element.is_undefined_length else start + element.length
    if end > size:
        file_map.close()
        raise PixelDataError(
            f"{keyword} at offset {start} claims {element.length} bytes, the file has {size - start}"
        )
    return _Pixels(ds, memoryview(file_map)[start:end], file_map)


def _extended_offsets(ds: Dataset) -> tuple[Any, Any] | None:
    table = ds.get("ExtendedOffsetTable")
    if not table:
        return None
    return table, ds.get("ExtendedOffsetTableLengths")


def _decode(
    px: _Pixels, desc: PixelDescription, index: int | None, as_rgb: bool, plugin: str | None = None
) -> NDArray[Any]:
    ds = px.ds
    if desc.syntax.codec == "unknown":
        raise UnsupportedTransferSyntaxError(
            f"the Transfer Syntax UID {desc.transfer_syntax_uid} is not in the registry of "
            "the DICOM standard dicodec knows: how its Pixel Data is encoded is unknown"
        )
    if not desc.is_encapsulated:
        return decode_native_pixels(px, desc, index, as_rgb)
    value = px.value(desc)
    eot = _extended_offsets(ds)
    if index is not None:
        data = encapsulated.get_frame(value, index, desc.number_of_frames, eot)
        return _decode_frame(data, desc, as_rgb, plugin)
    if desc.syntax.codec == "rle":
        rle.check_expansion(memoryview(value).nbytes, desc.number_of_frames, desc)
    frames = encapsulated.Frames(value, desc.number_of_frames, eot)
    if len(frames) < desc.number_of_frames:
        raise PixelDataError(
            f"the encapsulated Pixel Data holds {len(frames)} frames, (NumberOfFrames) says {desc.number_of_frames}"
        )
    if desc.syntax.codec == "rle" and available_plugins(desc, plugin)[0].name == "dicodec-rle":
        # the in-house decoder takes all frames in one vectorized pass
        arr = rle.decode_frames(frames, desc)
        out = arr[0] if desc.number_of_frames == 1 else arr
        return _to_rgb(out, desc.photometric_interpretation, as_rgb)
    encoded = iter(frames)
    first = _decode_frame(next(encoded), desc, as_rgb, plugin)
    if len(frames) == 1:
        return first
    # each frame straight into its place: no list of frames to stack (a copy of them all)
    out = np.empty((len(frames), *first.shape), dtype=first.dtype)
    out[0] = first
    for number, data in enumerate(encoded, start=1):
        out[number] = _decode_frame(data, desc, as_rgb, plugin)
    return out


def _decode_frame(
    data: bytes, desc: PixelDescription, as_rgb: bool, plugin: str | None = None
) -> NDArray[Any]:
    if desc.syntax.codec == "rle":
        rle.check_expansion(len(data), 1, desc)
    frame, photometric = decode_encoded_frame(data, desc, plugin)
    return _to_rgb(frame, photometric, as_rgb)


def pixel_array(
    src: Source,
    *,
    index: int | None = None,
    as_rgb: bool = True,
    decoding_plugin: str | None = None,
) -> NDArray[Any]:
    """Return the pixels of `src` (all frames, or frame `index`) as pydicom's pixel_array does.

    YBR_FULL and YBR_FULL_422 come back as RGB unless `as_rgb` is False.
    `decoding_plugin` names the one decoder to use ("dicodec-rle",
    "pylibjpeg-libjpeg", ...); by default the first installed one.
    """
    px = _open(src)
    try:
        desc = PixelDescription.from_dataset(px.ds)
        # Every decoder returns a new array: nothing views the memory map after close().
        return _decode(px, desc, index, as_rgb, decoding_plugin)
    except PixelDataError as exc:
        raise _located(exc, px.ds) from exc
    finally:
        px.close()


def iter_pixels(
    src: Source, *, as_rgb: bool = True, decoding_plugin: str | None = None
) -> Iterator[NDArray[Any]]:
    """Yield each frame in turn, decoding (and, for a path, reading) one frame at a time."""
    px = _open(src)
    try:
        desc = PixelDescription.from_dataset(px.ds)
        if not desc.is_encapsulated:
            for index in range(desc.number_of_frames):
                yield _decode(px, desc, index, as_rgb, decoding_plugin)
            return
        # Group the fragments into frames once: item headers only (PS3.5 A.4).
        frames = encapsulated.iter_frames(
            px.value(desc), desc.number_of_frames, _extended_offsets(px.ds)
        )
        count = 0
        for data in frames:
            count += 1
            yield _decode_frame(data, desc, as_rgb, decoding_plugin)
        if count < desc.number_of_frames:
            raise PixelDataError(
                f"the encapsulated Pixel Data holds {count} frames, (NumberOfFrames) says {desc.number_of_frames}"
            )
    except PixelDataError as exc:
        raise _located(exc, px.ds) from exc
    finally:
        px.close()


def _pixel_bytes(arr: NDArray[Any]) -> bytes:
    data = np.ascontiguousarray(arr.astype(arr.dtype.newbyteorder("<"), copy=False)).tobytes()
    return data + b"\x00" if len(data) % 2 else data  # PS3.5 8.1.1: even length


def _set_transfer_syntax(ds: Dataset, uid: str) -> None:
    meta = ds.get("file_meta")
    if meta is None:
        raise PixelDataError("the dataset has no file_meta to record the transfer syntax in")
    meta.TransferSyntaxUID = uid


def _decoded_photometric(desc: PixelDescription, as_rgb: bool) -> str:
    """The Photometric Interpretation of what `pixel_array(as_rgb=...)` gives for `desc`."""
    photometric = desc.photometric_interpretation
    if photometric in ("YBR_FULL", "YBR_FULL_422"):
        return "RGB" if as_rgb else "YBR_FULL"  # 4:2:2 comes back upsampled
    if photometric in ("YBR_ICT", "YBR_RCT") and desc.is_encapsulated:
        return "RGB"  # the JPEG 2000 decoder undoes the component transform
    return photometric


def _decoded_bits_stored(desc: PixelDescription, arr: NDArray[Any]) -> int:
    return min(desc.bits_stored, arr.dtype.itemsize * 8)


def decompress(ds: Dataset, *, as_rgb: bool = True) -> Any:
    """Decode `ds`'s Pixel Data in place to native Explicit VR Little Endian; return `ds`."""
    desc = PixelDescription.from_dataset(ds)
    if not desc.is_encapsulated:
        return ds
    arr = _decode(_Pixels(ds), desc, None, as_rgb)
    _store(ds, arr, _decoded_photometric(desc, as_rgb), _decoded_bits_stored(desc, arr))
    for keyword in ("ExtendedOffsetTable", "ExtendedOffsetTableLengths"):
        if keyword in ds:
            delattr(ds, keyword)
    return ds


def _store(ds: Dataset, arr: NDArray[Any], photometric: str, bits_stored: int) -> None:
    desc = PixelDescription.for_array(arr.shape, arr.dtype, photometric, bits_stored)
    set_image_pixel_attributes(ds, desc)
    for keyword in PIXEL_KEYWORDS:  # one pixel element only
        if keyword != desc.pixel_keyword and keyword in ds:
            delattr(ds, keyword)
    setattr(ds, desc.pixel_keyword, _pixel_bytes(arr))
    _set_vr(
        ds,
        desc.pixel_keyword,
        "OW" if desc.bits_allocated > 8 and desc.pixel_keyword == "PixelData" else None,
        undefined=False,
    )
    _set_transfer_syntax(ds, ExplicitVRLittleEndian)


def _set_vr(ds: Dataset, keyword: str, vr: str | None, *, undefined: bool) -> None:
    """Set the element's VR and length form, for dataset types that expose them."""
    try:
        elem = ds[keyword]
    except (KeyError, TypeError):
        return
    if vr is not None and hasattr(elem, "VR"):
        elem.VR = vr
    elif keyword == "PixelData" and hasattr(elem, "VR"):
        elem.VR = "OB" if undefined else ("OW" if int(ds.get("BitsAllocated", 8)) > 8 else "OB")
    if hasattr(elem, "is_undefined_length"):
        elem.is_undefined_length = undefined


def set_pixel_data(
    ds: Dataset,
    arr: NDArray[Any],
    photometric_interpretation: str,
    bits_stored: int,
    *,
    generate_instance_uid: bool = True,
) -> None:
    """Store `arr` as native Pixel Data, setting the Image Pixel attributes to match.

    Integers go to Pixel Data, float32 / float64 to Float / Double Float Pixel
    Data. As in pydicom 3, the image gets a new SOP Instance UID unless
    `generate_instance_uid` is False; the transfer syntax becomes Explicit VR
    Little Endian.
    """
    arr = np.asarray(arr)
    if arr.dtype.kind in "ui":
        values_fit(arr, bits_stored)
    elif arr.dtype.kind != "f" or arr.dtype.itemsize not in (4, 8):
        raise PixelDataError(f"cannot store pixels of dtype {arr.dtype}")
    _store(ds, arr, photometric_interpretation, bits_stored)
    if generate_instance_uid:
        new_instance(ds)


def _stored_words(
    ds: Dataset, source: PixelDescription, uid: str, plugin: str | None, options: dict[str, Any]
) -> NDArray[Any] | None:
    """The native frames as stored, without decoding them first, when that is what to encode.

    Little endian, whole-byte words, colour-by-pixel, samples from bit 0: the
    stored value is the array. An encoder of the exact bytes (RLE, deflate)
    takes it as it is, unused high bits and all (as pydicom's do); the others
    take it when those bits are clear (or the sign's). Otherwise None: decode first.
    """
    if (
        source.is_encapsulated
        or not source.syntax.little_endian
        or source.is_float
        or source.bits_allocated not in (8, 16, 32, 64)
        or source.is_ybr_422_native
        or (source.samples_per_pixel > 1 and source.planar_configuration)
        or source.high_bit != source.bits_stored - 1
    ):
        return None
    try:
        encoder = pick_encoder(uid, source, EncodeOptions.from_keywords(options), plugin)
    except PixelDataError:
        return None  # refused: compress() says why, with the decoded pixels
    value = _Pixels(ds).value(source)
    count = source.samples_per_frame * source.number_of_frames
    if memoryview(value).nbytes < count * source.dtype.itemsize:
        return None  # too short: decoding says so
    words: NDArray[Any] = np.frombuffer(value, dtype=source.dtype.newbyteorder("<"), count=count)
    words = words.reshape(source.shape())
    if encoder.exact_bytes or source.bits_stored == source.bits_allocated:
        return words
    try:
        values_fit(words, source.bits_stored)
    except PixelDataError:
        return None  # bits outside Bits Stored: decoding clears them
    return words


def compress(
    ds: Dataset,
    transfer_syntax_uid: str = RLELossless,
    arr: NDArray[Any] | None = None,
    *,
    encoding_plugin: str | None = None,
    encapsulate_ext: bool = False,
    generate_instance_uid: bool = True,
    **options: Any,
) -> Any:
    """Compress `ds`'s pixels in place into `transfer_syntax_uid`; return `ds` (as pydicom 3).

    The pixels are `arr` when given (described by the dataset's Photometric
    Interpretation and Bits Stored), else the dataset's own, decoded first if
    compressed. `encoding_plugin` names the encoder ("pyjpegls", "dicodec-rle",
    ...). `options`: `jls_error` (JPEG-LS Near-Lossless), `j2k_cr` or `j2k_psnr`
    (lossy JPEG 2000), `htj2k_quantization` (lossy HTJ2K), `deflate_level`.
    Lossy encoding records Lossy Image Compression, its ratio and method, and
    gives the image a new SOP Instance UID unless `generate_instance_uid` is False.
    Parameters the codec cannot encode raise PixelDataError before anything changes.
    """
    uid = str(transfer_syntax_uid)
    if arr is None:
        source = PixelDescription.from_dataset(ds)
        stored = _stored_words(ds, source, uid, encoding_plugin, options)
        arr = pixel_array(ds, as_rgb=False) if stored is None else stored
        photometric = _decoded_photometric(source, as_rgb=False)
        bits_stored = _decoded_bits_stored(source, arr)
    else:
        arr = np.asarray(arr)
        if arr.dtype.kind not in "ui":
            raise PixelDataError(f"cannot compress pixels of dtype {arr.dtype}: integers only")
        photometric = ds.get("PhotometricInterpretation")
        if not photometric:
            raise PixelDataError(
                "the dataset has no (PhotometricInterpretation) value; it is needed to describe arr"
            )
        bits_stored = int(ds.get("BitsStored") or arr.dtype.itemsize * 8)
        values_fit(arr, bits_stored)
    desc = PixelDescription.for_array(arr.shape, arr.dtype, str(photometric), bits_stored, uid)
    _compress(
        ds,
        uid,
        arr,
        desc,
        encoding_plugin=encoding_plugin,
        encapsulate_ext=encapsulate_ext,
        generate_instance_uid=generate_instance_uid,
        **options,
    )
    return ds


def get_decoder(uid: str) -> Decoder:
    """The decoder of the transfer syntax `uid` (pydicom 3's): its `as_array(ds)`, which
    plugins are installed (`available_plugins`, `is_available`); a NotImplementedError
    (`UnsupportedTransferSyntaxError`) when dicodec decodes no such syntax."""
    return coders.get_decoder(uid, pixel_array)


def get_encoder(uid: str) -> Encoder:
    """The encoder of the transfer syntax `uid` (pydicom 3's): its `encode(src)`, which
    encoders are installed; a NotImplementedError when dicodec encodes no such syntax."""
    return coders.get_encoder(uid, pixel_array)
