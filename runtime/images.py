"""Frames as 8-bit images for display, and as PNG (`dicodec pixels`).

The grayscale pipeline of PS3.3 C.11 (Figure C.11-1): stored values -> Modality LUT or
Rescale Slope/Intercept -> VOI (the window given, or the file's VOI LUT or first window;
the whole range of the frame when the file has neither) -> 0..255, inverted for
MONOCHROME1. Colour: PALETTE COLOR through its palette, YBR converted to RGB by the
decoder, and samples wider than 8 bits scaled down. PNG needs Pillow (the `png` extra).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dicodec.errors import PixelDataError


@dataclass(frozen=True)
class Window:
    """A VOI window (PS3.3 C.11.2.1.2), in the units of the Modality LUT's output."""

    center: float
    width: float


def display(frame: NDArray[Any], ds: Any, window: Window | None = None) -> NDArray[np.uint8]:
    """One decoded frame (`pixel_array(..., index=i)`) as 8-bit gray (rows, columns) or RGB
    (rows, columns, 3), ready to show."""
    from dicodec.pixels import apply_color_lut, apply_modality_lut

    photometric = str(ds.get("PhotometricInterpretation") or "").strip()
    if photometric == "PALETTE COLOR":
        rgb = apply_color_lut(frame, ds)
        return _to_8_bits(rgb, 16 if rgb.dtype.itemsize > 1 else 8)
    if frame.ndim == 3:  # RGB (the decoders give YBR as RGB)
        return _to_8_bits(frame, int(ds.get("BitsStored") or frame.dtype.itemsize * 8))
    values = apply_modality_lut(frame, ds)
    gray = _voi(values, ds, window)
    if photometric == "MONOCHROME1":  # the lowest value is white (C.7.6.3.1.2)
        gray = 255 - gray
    return gray


def _voi(values: NDArray[Any], ds: Any, window: Window | None) -> NDArray[np.uint8]:
    """Values of the Modality LUT's output -> 0..255 by the VOI of C.11.2."""
    from dicodec.dataset import Dataset
    from dicodec.pixels import apply_voi, apply_windowing

    function = str(ds.get("VOILUTFunction") or "LINEAR")
    if window is None:
        if ds.get("VOILUTSequence"):
            item = ds.VOILUTSequence[0]
            bits = int(item.LUTDescriptor[2]) if item.get("LUTDescriptor") else 16
            return _scale(apply_voi(values, ds), 0.0, float((1 << bits) - 1))
        center, width = ds.get("WindowCenter"), ds.get("WindowWidth")
        if center is None or width is None or center == "" or width == "":
            return _scale(values, float(np.min(values)), float(np.max(values)))
        window = Window(_first(center), _first(width))
    # apply_windowing's output spans the range of 8 stored bits when told so: 0..255
    view = Dataset()
    view.WindowCenter, view.WindowWidth = window.center, window.width
    view.VOILUTFunction, view.BitsStored, view.PixelRepresentation = function, 8, 0
    return _scale(apply_windowing(values, view), 0.0, 255.0)


def _first(value: Any) -> float:
    return float(value[0]) if isinstance(value, list) else float(value)


def _scale(values: NDArray[Any], low: float, high: float) -> NDArray[np.uint8]:
    if high <= low:
        return np.zeros(values.shape, dtype=np.uint8)
    out = (values.astype(np.float64) - low) * (255.0 / (high - low))
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def _to_8_bits(arr: NDArray[Any], bits: int) -> NDArray[np.uint8]:
    if arr.dtype == np.uint8 and bits <= 8:
        return arr
    return _scale(arr, 0.0, float((1 << bits) - 1))


def png(image: NDArray[np.uint8]) -> bytes:
    """The PNG file of an 8-bit gray or RGB image."""
    try:
        from PIL import Image
    except ImportError:
        raise PixelDataError('writing PNG needs Pillow: pip install "dicodec[png]"') from None
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(image)).save(out, format="PNG")
    return out.getvalue()


__all__ = ["Window", "display", "png"]
