"""Native (uncompressed) Pixel Data -> numpy (PS3.5 8.1, 8.2; PS3.3 C.7.6.3)."""

from __future__ import annotations

import warnings
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from dicodec.errors import DicomWarning, PixelDataError
from dicodec.pixels.description import PixelDescription

__all__ = [
    "check_length",
    "correct_unused_bits",
    "decode_native",
    "expand_ybr422",
    "pack_bits",
    "unpack_bits",
]

ByteOrder = Literal["<", ">"]


def _byteorder(desc: PixelDescription, byteorder: ByteOrder | None) -> ByteOrder:
    if byteorder is not None:
        return byteorder
    return "<" if desc.syntax.little_endian else ">"


def check_length(desc: PixelDescription, actual: int) -> None:
    """Check the length of a whole native Pixel Data value against `desc`.

    Too short raises; a trailing padding byte (PS3.5 8.1.1, values have even
    length) is fine; anything longer is accepted with a warning.
    """
    expected = desc.total_length
    if actual < expected:
        raise PixelDataError(
            f"the {desc.pixel_keyword} value is {actual} bytes long but {expected} bytes are needed "
            f"for {desc.number_of_frames} frame(s) of {desc.rows} x {desc.columns} x "
            f"{desc.samples_per_pixel} samples at {desc.bits_allocated} bits allocated"
        )
    excess = actual - expected - (expected % 2)
    if excess > 0:
        frames, extra = (
            divmod(excess, desc.frame_length) if desc.bits_allocated != 1 else (0, excess)
        )
        what = (
            f"{frames} extra frame(s) and {extra} byte(s)" if frames else f"{excess} excess byte(s)"
        )
        warnings.warn(
            f"the {desc.pixel_keyword} value is {actual} bytes long, {expected} expected: "
            f"it holds {what}, which are ignored",
            DicomWarning,
            stacklevel=3,
        )


def decode_native(
    buffer: Any,
    desc: PixelDescription,
    *,
    index: int | None = None,
    byteorder: ByteOrder | None = None,
    swap_ow_bytes: bool = False,
    check: bool = True,
) -> NDArray[Any]:
    """Decode native pixels from `buffer` (bytes, bytearray, memoryview, mmap).

    `index` selects one frame and touches only that frame's bytes. `byteorder`
    is the order of the source bytes, by default the transfer syntax's.
    `swap_ow_bytes`: 8-bit pixels in an OW value written big endian (PS3.5 8.2,
    Explicit VR Big Endian swaps each 16-bit word). YBR_FULL_422 comes back
    expanded to YBR_FULL (PS3.3 C.7.6.3.1.2). The result is in native byte order.
    """
    order = _byteorder(desc, byteorder)
    size = memoryview(buffer).nbytes
    frames = desc.number_of_frames
    if index is not None:
        if not 0 <= index < frames:
            raise PixelDataError(
                f"frame index {index} is out of range: there are {frames} frame(s)"
            )
    elif check:
        check_length(desc, size)

    if desc.bits_allocated == 1:
        return _decode_bits(buffer, desc, index, size)

    flen = desc.frame_length
    first, count = (0, frames) if index is None else (index, 1)
    start, length = first * flen, count * flen
    if start + length > size:
        raise PixelDataError(
            f"frame {index} needs bytes {start} to {start + length} of the "
            f"{desc.pixel_keyword} value, which is only {size} bytes long"
        )
    if swap_ow_bytes and desc.bits_allocated == 8:
        if start + length > size - size % 2:
            raise PixelDataError(
                f"the {desc.pixel_keyword} value is OW of odd length {size}: its last byte, "
                "needed for the pixels, has no word to be swapped in (PS3.5 A.2)"
            )
        # Read whole 16-bit words around the wanted bytes, swap them back.
        lo, hi = start - start % 2, min(size - size % 2, start + length + (start + length) % 2)
        words = np.frombuffer(buffer, dtype=">u2", count=(hi - lo) // 2, offset=lo)
        raw: NDArray[Any] = words.astype("<u2").view(np.uint8)[start - lo : start - lo + length]
    else:
        raw = np.frombuffer(buffer, dtype=np.uint8, count=length, offset=start)

    src_dtype = desc.dtype.newbyteorder(order) if desc.dtype.itemsize > 1 else desc.dtype
    if desc.bits_allocated not in (8, 16, 32, 64):  # e.g. 24 bits allocated: widen each sample
        arr = _widen(raw, desc, order)
        values: NDArray[Any] = arr
    else:
        values = raw.view(src_dtype)

    out = _arrange(values, desc, count)
    if desc.is_ybr_422_native:
        out = expand_ybr422(out, desc, count)
    if not desc.is_float and (
        desc.bits_stored < out.dtype.itemsize * 8 or desc.high_bit != desc.bits_stored - 1
    ):
        correct_unused_bits(out, desc)
    return out


def _arrange(values: NDArray[Any], desc: PixelDescription, count: int) -> NDArray[Any]:
    """Reshape to pydicom's layout and copy once into a native-order array."""
    r, c, s = desc.rows, desc.columns, desc.samples_per_pixel
    native = desc.dtype
    if desc.is_ybr_422_native:
        return values.astype(native, copy=values.base is None and values.dtype == native)
    view: NDArray[Any]
    if s == 1:
        view = values.reshape(count, r, c)
    elif desc.planar_configuration == 0:
        view = values.reshape(count, r, c, s)
    else:  # PS3.3 C.7.6.3.1.3: colour-by-plane
        view = values.reshape(count, s, r, c).transpose(0, 2, 3, 1)
    out = np.empty(view.shape, dtype=native)
    np.copyto(out, view, casting="unsafe")
    return out[0] if count == 1 else out


def _widen(raw: NDArray[Any], desc: PixelDescription, order: ByteOrder) -> NDArray[Any]:
    """Bits Allocated not a power of two (24, 40, ...): pad each sample to the dtype size."""
    nbytes = desc.bits_allocated // 8
    size = desc.dtype.itemsize
    samples = raw.reshape(-1, nbytes)
    wide = np.zeros((samples.shape[0], size), dtype=np.uint8)
    if order == "<":
        wide[:, :nbytes] = samples
    else:
        wide[:, size - nbytes :] = samples
    result: NDArray[Any] = wide.view(desc.dtype.newbyteorder(order)).reshape(-1)
    return result


def _decode_bits(buffer: Any, desc: PixelDescription, index: int | None, size: int) -> NDArray[Any]:
    """Bits Allocated 1: bits packed little-endian within each byte, across frames (PS3.5 8.1.1)."""
    bits = desc.frame_bits
    first_bit = 0 if index is None else index * bits
    count_bits = bits * (desc.number_of_frames if index is None else 1)
    start = first_bit // 8
    end = (first_bit + count_bits + 7) // 8
    if end > size:
        raise PixelDataError(
            f"frame {index} needs bytes {start} to {end} of Pixel Data, which is only {size} bytes long"
        )
    raw = np.frombuffer(buffer, dtype=np.uint8, count=end - start, offset=start)
    skip = first_bit % 8
    flat = np.unpackbits(raw, bitorder="little")[skip : skip + count_bits]
    n = 1 if index is not None else desc.number_of_frames
    return np.ascontiguousarray(flat).reshape(desc.shape(n))


def expand_ybr422(arr: NDArray[Any], desc: PixelDescription, count: int) -> NDArray[Any]:
    """Y1 Y2 Cb Cr per pair of pixels -> Y1 Cb Cr Y2 Cb Cr (PS3.3 C.7.6.3.1.2)."""
    quads = arr.reshape(-1, 4)
    out = np.empty((quads.shape[0], 2, 3), dtype=desc.dtype)
    out[:, 0, 0] = quads[:, 0]
    out[:, 1, 0] = quads[:, 1]
    out[:, :, 1] = quads[:, 2:3]
    out[:, :, 2] = quads[:, 3:4]
    return out.reshape(desc.shape(count) if count > 1 else desc.frame_shape)


def correct_unused_bits(arr: NDArray[Any], desc: PixelDescription) -> None:
    """Keep only the Bits Stored bits ending at High Bit, sign-extending if signed (PS3.5 8.1.1).

    In place. Bits outside Bits Stored may hold anything (overlays, garbage).
    """
    width = arr.dtype.itemsize * 8
    low = desc.high_bit - desc.bits_stored + 1
    if low:
        np.right_shift(arr, low, out=arr)
    if desc.bits_stored == width:
        return
    if desc.pixel_representation:
        shift = width - desc.bits_stored
        np.left_shift(arr, shift, out=arr)
        np.right_shift(arr, shift, out=arr)
    else:
        np.bitwise_and(arr, arr.dtype.type((1 << desc.bits_stored) - 1), out=arr)


def pack_bits(arr: NDArray[Any], pad: bool = True) -> bytes:
    """Pixels of 0 and 1 as Pixel Data of Bits Allocated 1: eight to a byte, the first in
    bit 0 (PS3.5 8.1.1, D), the last byte filled with zeros; with `pad`, a zero byte
    makes the length even (PS3.5 7.1.1). Anything but 0 and 1 is a PixelDataError
    (a ValueError, as pydicom's function raises)."""
    if arr.size == 0:
        return b""
    flat = arr.ravel()
    if not np.array_equal(flat, flat.astype(bool)):
        raise PixelDataError("only arrays of zeros and ones pack into bits")
    packed = np.packbits(flat.astype(np.uint8), bitorder="little").tobytes()
    return packed + b"\0" if pad and len(packed) % 2 else packed


def unpack_bits(src: bytes, as_array: bool = True) -> NDArray[np.uint8] | bytes:
    """Pixel Data of Bits Allocated 1 unpacked: one uint8 of 0 or 1 per bit, bit 0 of each
    byte first (PS3.5 8.1.1, D); as bytes unless `as_array`."""
    bits = np.unpackbits(np.frombuffer(src, dtype=np.uint8), bitorder="little")
    return bits if as_array else bits.tobytes()
