"""Pixel processing: modality LUT, VOI LUT / windowing, colour space, palette colour.

Same names, signatures and results as pydicom's functions of those names,
written from PS3.3 C.11 (LUTs), C.7.6.3.1 (colour) and C.7.9 (palettes).
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from dicodec.errors import PixelDataError
from dicodec.pixels.description import _MISSING, _get

if TYPE_CHECKING:
    from dicodec.dataset import Dataset

__all__ = [
    "apply_color_lut",
    "apply_modality_lut",
    "apply_presentation_lut",
    "apply_rescale",
    "apply_voi",
    "apply_voi_lut",
    "apply_windowing",
    "convert_color_space",
]


def _seq_item(ds: Dataset, keyword: str, index: int = 0) -> Any:
    seq = _get(ds, keyword)
    if seq is _MISSING or not len(seq):
        return None
    if index >= len(seq):
        raise PixelDataError(f"({keyword}) has {len(seq)} item(s); item {index} was asked for")
    return seq[index]


def _descriptor(item: Dataset, keyword: str = "LUTDescriptor") -> tuple[int, int, int]:
    """(entries, first mapped value, bits per entry); 0 entries means 65536 (C.11.1.1.1)."""
    value = _get(item, keyword)
    if value is _MISSING or len(value) != 3:
        raise PixelDataError(f"({keyword}) must have 3 values")
    entries, first, bits = (int(v) for v in value)
    return entries or 65536, first, bits


def _lut_data(value: Any, entries: int, bits: int, keyword: str) -> NDArray[Any]:
    """LUT Data as an array: a list of ints (US/SS) or OW bytes (little endian)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        if bits == 8 and len(raw) == entries:
            data = np.frombuffer(raw, dtype=np.uint8)
        else:
            data = np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<u2")
    else:
        data = np.asarray(list(value) if not isinstance(value, (int, float)) else [value])
    if len(data) < entries:
        raise PixelDataError(f"({keyword}) has {len(data)} entries, the descriptor says {entries}")
    return data[:entries].astype(np.uint8 if bits <= 8 else np.uint16)


def _lut_lookup(arr: NDArray[Any], lut: NDArray[Any], first: int) -> NDArray[Any]:
    # Values below the first mapped value use the first entry, above the last the last (C.11.1).
    idx = np.clip(arr.astype(np.int64, copy=False) - first, 0, len(lut) - 1)
    result: NDArray[Any] = lut[idx]
    return result


def apply_modality_lut(arr: NDArray[Any], ds: Dataset) -> NDArray[Any]:
    """Apply the Modality LUT or Rescale Slope/Intercept (PS3.3 C.11.1)."""
    item = _seq_item(ds, "ModalityLUTSequence")
    if item is not None:
        entries, first, bits = _descriptor(item)
        # The first mapped value is US or SS (C.11.1.1.1): signed when the pixels are.
        if _get(ds, "PixelRepresentation") == 1 and first >= 2**15:
            first -= 2**16
        lut = _lut_data(_get(item, "LUTData"), entries, bits, "LUTData")
        return _lut_lookup(arr, lut, first)
    slope, intercept = _get(ds, "RescaleSlope"), _get(ds, "RescaleIntercept")
    if slope is _MISSING or intercept is _MISSING:
        return arr
    out = arr.astype(np.float64) * float(slope)
    out += float(intercept)
    return out


#: pydicom's other name of `apply_modality_lut`
apply_rescale = apply_modality_lut


def apply_voi_lut(
    arr: NDArray[Any], ds: Dataset, index: int = 0, prefer_lut: bool = True
) -> NDArray[Any]:
    """Apply the VOI LUT Sequence or windowing, whichever the dataset has (C.11.2)."""
    has_lut = _seq_item(ds, "VOILUTSequence") is not None
    has_window = (
        _get(ds, "WindowCenter") is not _MISSING and _get(ds, "WindowWidth") is not _MISSING
    )
    if has_lut and (prefer_lut or not has_window):
        return apply_voi(arr, ds, index)
    if has_window:
        return apply_windowing(arr, ds, index)
    return arr


def apply_voi(arr: NDArray[Any], ds: Dataset, index: int = 0) -> NDArray[Any]:
    """Apply item `index` of the VOI LUT Sequence (C.11.2.1.1)."""
    item = _seq_item(ds, "VOILUTSequence", index)
    if item is None:
        return arr
    entries, first, bits = _descriptor(item)
    if _get(ds, "PixelRepresentation") == 1 and first >= 2**15:
        first -= 2**16
    lut = _lut_data(_get(item, "LUTData"), entries, bits, "LUTData")
    return _lut_lookup(arr, lut, first)


def _pick(value: Any, index: int) -> float:
    if isinstance(value, (list, tuple)) or (
        hasattr(value, "__getitem__") and not isinstance(value, (str, bytes))
    ):
        return float(value[index])
    return float(value)


def apply_windowing(arr: NDArray[Any], ds: Dataset, index: int = 0) -> NDArray[Any]:
    """Apply Window Center/Width with the VOI LUT Function (C.11.2.1.2, C.11.2.1.3)."""
    center_v, width_v = _get(ds, "WindowCenter"), _get(ds, "WindowWidth")
    if center_v is _MISSING or width_v is _MISSING:
        return arr
    function = str(
        _get(ds, "VOILUTFunction") if _get(ds, "VOILUTFunction") is not _MISSING else "LINEAR"
    )
    function = function.strip().upper()
    center, width = _pick(center_v, index), _pick(width_v, index)

    # The output range: that of the modality LUT, or of the stored values rescaled.
    modality = _seq_item(ds, "ModalityLUTSequence")
    if modality is not None:
        _, _, bits = _descriptor(modality)
        y_min, y_max = 0.0, float(2**bits - 1)
    else:
        stored = int(_get(ds, "BitsStored"))
        if _get(ds, "PixelRepresentation") == 1:
            y_min, y_max = float(-(2 ** (stored - 1))), float(2 ** (stored - 1) - 1)
        else:
            y_min, y_max = 0.0, float(2**stored - 1)
        slope, intercept = _get(ds, "RescaleSlope"), _get(ds, "RescaleIntercept")
        if slope is not _MISSING and intercept is not _MISSING:
            y_min = y_min * float(slope) + float(intercept)
            y_max = y_max * float(slope) + float(intercept)
    y_range = y_max - y_min
    x = arr.astype(np.float64)

    if function == "LINEAR":  # C.11.2.1.2.1
        if width < 1:
            raise PixelDataError(f"(WindowWidth) {width} must be at least 1 for LINEAR")
        c, w = center - 0.5, width - 1.0
        below, above = x <= c - w / 2, x > c + w / 2
        out = ((x - c) / w + 0.5) * y_range + y_min
        out[below], out[above] = y_min, y_max
        return out
    if function == "LINEAR_EXACT":  # C.11.2.1.3.2
        if width <= 0:
            raise PixelDataError(f"(WindowWidth) {width} must be positive for LINEAR_EXACT")
        below, above = x <= center - width / 2, x > center + width / 2
        out = (x - center) / width * y_range + y_min + y_range / 2
        out[below], out[above] = y_min, y_max
        return out
    if function == "SIGMOID":  # C.11.2.1.3.1
        if width <= 0:
            raise PixelDataError(f"(WindowWidth) {width} must be positive for SIGMOID")
        result: NDArray[Any] = y_range / (1 + np.exp(-4 * (x - center) / width)) + y_min
        return result
    raise PixelDataError(f"(VOILUTFunction) {function!r} is not LINEAR, LINEAR_EXACT or SIGMOID")


# -- colour -----------------------------------------------------------------------------

# PS3.3 C.7.6.3.1.2: YBR_FULL from RGB with the ITU-R BT.601 luma weights.
_KR, _KB = 0.299, 0.114
_KG = 1.0 - _KR - _KB
_RGB_TO_YBR = np.array(
    [
        [_KR, -_KR / (2 * (1 - _KB)), 0.5],
        [_KG, -_KG / (2 * (1 - _KB)), -_KG / (2 * (1 - _KR))],
        [_KB, 0.5, -_KB / (2 * (1 - _KR))],
    ],
    dtype=np.float32,
)
# Its exact inverse: R = Y + 2(1-Kr) Cr', G = Y - ..., B = Y + 2(1-Kb) Cb'.
_YBR_TO_RGB = np.array(
    [
        [1.0, 1.0, 1.0],
        [0.0, -_KB * 2 * (1 - _KB) / _KG, 2 * (1 - _KB)],
        [2 * (1 - _KR), -_KR * 2 * (1 - _KR) / _KG, 0.0],
    ],
    dtype=np.float32,
)


def apply_presentation_lut(arr: NDArray[Any], ds: Dataset) -> NDArray[Any]:
    """Apply the Presentation LUT of `ds` (PS3.3 C.11.4, C.11.6): its Presentation LUT
    Sequence's LUT, the values first scaled to its entries (as pydicom scales them), or
    the Presentation LUT Shape (IDENTITY, or INVERSE: max - value); `arr` as it is else."""
    item = _seq_item(ds, "PresentationLUTSequence")
    if item is not None:
        entries, _, bits = _descriptor(item)
        lut = _presentation_lut(item.get("LUTData"), entries, bits)
        scaled = arr.astype(np.float32)
        scaled -= scaled.min()
        top = scaled.max()
        if top:
            scaled /= top / (entries - 1)
        mapped: NDArray[Any] = lut[scaled.astype(np.uint16)]
        return mapped
    shape = _get(ds, "PresentationLUTShape")
    if shape is _MISSING:
        return arr
    shape = str(shape).strip().upper()
    if shape == "INVERSE":
        return arr.max() - arr  # type: ignore[no-any-return]
    if shape != "IDENTITY":
        raise PixelDataError(f"(PresentationLUTShape) {shape!r} is not IDENTITY or INVERSE")
    return arr


def _presentation_lut(value: Any, entries: int, bits: int) -> NDArray[Any]:
    """A Presentation LUT's data (C.11.6): US values as 16-bit, OW bytes as words of 8 or 16
    bits, the bits above `bits` cleared."""
    width = 8 if bits <= 8 else 16
    lut: NDArray[Any]
    if isinstance(value, (bytes, bytearray, memoryview)):
        lut = np.frombuffer(bytes(value)[: entries * width // 8], dtype=f"<u{width // 8}").copy()
    elif value is None:
        raise PixelDataError("(LUTData) of the Presentation LUT Sequence is absent")
    else:
        lut = np.asarray(list(value) if isinstance(value, list) else [value], dtype=np.uint16)
    if len(lut) < entries:
        raise PixelDataError(f"(LUTData) has {len(lut)} entries, the descriptor says {entries}")
    if width > bits:
        lut &= (1 << bits) - 1
    return lut


def convert_color_space(
    arr: NDArray[Any],
    current: str,
    desired: str,
    per_frame: bool = False,
    bit_depth: int | None = None,
) -> NDArray[Any]:
    """Convert between RGB and YBR_FULL / YBR_FULL_422 (C.7.6.3.1.2); last axis is the sample.

    YBR_FULL_422 pixels must already be expanded to one (Y, Cb, Cr) per pixel.
    `bit_depth` is the bits of each sample (Bits Stored): the chroma offset is half its
    range (128 for 8 bits) and results are clipped to it; by default the dtype's (8 for
    uint8, as pydicom). Values are rounded half up, as pydicom rounds them.
    """
    current, desired = current.strip().upper(), desired.strip().upper()
    ybr = ("YBR_FULL", "YBR_FULL_422")
    if current == desired or (current in ybr and desired in ybr):
        return arr
    if arr.shape[-1] != 3:
        raise PixelDataError(
            f"colour conversion needs 3 samples per pixel, the array has shape {arr.shape}"
        )
    dtype = arr.dtype
    bits = bit_depth if bit_depth is not None else (dtype.itemsize * 8 if dtype.kind in "ui" else 8)
    if dtype.kind in "ui" and not 1 <= bits <= dtype.itemsize * 8:
        raise PixelDataError(f"bit_depth {bits} does not fit samples of dtype {dtype}")
    half = float(2 ** (bits - 1))
    offset = np.array([0, half, half], np.float32)
    if current in ybr and desired == "RGB":
        matrix, before, after = _YBR_TO_RGB, offset, None
    elif current == "RGB" and desired in ybr:
        matrix, before, after = _RGB_TO_YBR, None, offset
    else:
        raise PixelDataError(f"conversion from {current} to {desired} is not supported")
    work = arr.astype(np.float32)
    if before is not None:
        work -= before
    work = np.matmul(work, matrix, out=work)
    if after is not None:
        work += after
    work += 0.5  # round half up: floor(x + 0.5)
    np.floor(work, out=work)
    np.clip(work, 0, 2.0**bits - 1, out=work)
    return work.astype(dtype)


def _expand_segmented(data: list[int], bits: int) -> list[float]:
    """Expand Segmented Palette Color LUT Data (PS3.3 C.7.9.2)."""
    out: list[float] = []
    pos = 0
    # An indirect segment may point back at segments; guard against loops.
    budget = 1 << 20

    def run(pos: int, nsegments: int | None) -> int:
        nonlocal budget
        done = 0
        while pos < len(data) and (nsegments is None or done < nsegments):
            budget -= 1
            if budget < 0:
                raise PixelDataError("Segmented Palette Color LUT Data does not terminate")
            opcode, length = data[pos], data[pos + 1] if pos + 1 < len(data) else 0
            if opcode == 0:  # discrete: `length` values follow
                out.extend(data[pos + 2 : pos + 2 + length])
                pos += 2 + length
            elif opcode == 1:  # linear: from the previous value to the next word, `length` steps
                if not out:
                    raise PixelDataError(
                        "a linear segment cannot start Segmented Palette Color LUT Data"
                    )
                y0, y1 = out[-1], data[pos + 2]
                step = (y1 - y0) / length if length else 0.0
                out.extend(y0 + step * (i + 1) for i in range(length))
                pos += 3
            elif opcode == 2:  # indirect: copy `length` segments found at a 32-bit word offset
                offset = data[pos + 2] | (data[pos + 3] << 16)
                run(offset, length)
                pos += 4
            else:
                raise PixelDataError(
                    f"unknown Segmented Palette Color LUT opcode {opcode} at word {pos}"
                )
            done += 1
        return pos

    run(pos, None)
    return out


def apply_color_lut(
    arr: NDArray[Any], ds: Dataset | None = None, palette: Any = None
) -> NDArray[Any]:
    """Map PALETTE COLOR indices to RGB(A) with the dataset's Palette Color LUTs (C.7.6.3.1.5, C.7.9)."""
    if palette is not None:
        raise PixelDataError(
            "well-known palettes by name/UID are not supported yet; pass a dataset"
        )
    if ds is None:
        raise PixelDataError("apply_color_lut() needs the dataset holding the Palette Color LUTs")
    channels = []
    first_map, bits_max = 0, 8
    for color in ("Red", "Green", "Blue", "Alpha"):
        descriptor = _get(ds, f"{color}PaletteColorLookupTableDescriptor")
        if descriptor is _MISSING:
            if color == "Alpha":
                continue
            raise PixelDataError(f"({color}PaletteColorLookupTableDescriptor) is missing")
        entries, first, bits = (int(v) for v in descriptor)
        entries = entries or 65536
        if bits not in (8, 16):
            raise PixelDataError(
                f"({color}PaletteColorLookupTableDescriptor) bits {bits} must be 8 or 16"
            )
        first_map, bits_max = first, max(bits_max, bits)
        segmented = _get(ds, f"Segmented{color}PaletteColorLookupTableData")
        if segmented is not _MISSING:
            raw = bytes(segmented)
            fmt = "<B" if bits == 8 else "<H"
            words = [
                v[0]
                for v in struct.iter_unpack(
                    fmt, raw[: len(raw) // struct.calcsize(fmt) * struct.calcsize(fmt)]
                )
            ]
            values = np.round(np.asarray(_expand_segmented(words, bits))).astype(np.int64)
            lut = values[:entries]
        else:
            data = _get(ds, f"{color}PaletteColorLookupTableData")
            if data is _MISSING:
                raise PixelDataError(f"({color}PaletteColorLookupTableData) is missing")
            raw = bytes(data)
            lut = np.frombuffer(
                raw[: len(raw) // 2 * 2] if bits == 16 else raw,
                dtype="<u2" if bits == 16 else np.uint8,
            )
            lut = lut[:entries].astype(np.int64)
        channels.append(lut)
    size = max(len(c) for c in channels)
    table = np.zeros((size, len(channels)), dtype=np.uint8 if bits_max == 8 else np.uint16)
    for i, lut in enumerate(channels):
        table[: len(lut), i] = lut
    idx = np.clip(arr.astype(np.int64, copy=False) - first_map, 0, size - 1)
    result: NDArray[Any] = table[idx]
    return result
