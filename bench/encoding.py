"""Encode figures: ds.compress() of the same native image, dicodec against pydicom.

Both libraries start from the same native 512 x 512 16-bit multi-frame
dataset, read from bytes untimed before each run; `ds.compress(uid,
encoding_plugin=...)` is timed, each library with the codec package named.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import numpy as np
import pydicom

import dicodec
from dicodec.uid import HTJ2KLossless, JPEG2000Lossless, JPEGLSLossless, RLELossless

from . import inputs
from .cases import CASES, Case, Context, Sides
from .harness import Figure, Side

FRAMES = 4


def _native_image(ctx: Context, figure: Figure) -> bytes:
    """The benchmark's native image, written once and kept for every encode figure."""
    if "encode-source" not in ctx.scratch:
        arr = np.stack([inputs._frame(i, 512, 512) for i in range(FRAMES)])
        ds = inputs._image_header(FRAMES, 512, 512)
        ds.set_pixel_data(arr, "MONOCHROME2", 12, generate_instance_uid=False)
        out = io.BytesIO()
        dicodec.dcmwrite(out, ds, enforce_file_format=True)
        ctx.scratch["encode-source"] = out.getvalue()
    figure.notes.append(
        f"{FRAMES} frames of 512 x 512, 12 bits stored in 16; dataset read untimed, compress() timed"
    )
    data: bytes = ctx.scratch["encode-source"]
    return data


def _compress_side(read: Callable[[], Any], uid: str, plugin: str) -> Side:
    def prepare() -> Callable[[], object]:
        ds = read()
        return lambda: ds.compress(uid, encoding_plugin=plugin)

    return Side(prepare)


def _figure(
    pydicom_uid: str, pydicom_plugin: str, dicodec_uid: str, dicodec_plugin: str
) -> Callable[[Context, Figure], Sides]:
    def sides(ctx: Context, figure: Figure) -> Sides:
        data = _native_image(ctx, figure)
        figure.notes.append(f"pydicom: {pydicom_plugin}; dicodec: {dicodec_plugin}")
        return {
            "pydicom": _compress_side(
                lambda: pydicom.dcmread(io.BytesIO(data)), pydicom_uid, pydicom_plugin
            ),
            "dicodec": _compress_side(lambda: dicodec.dcmread(data), dicodec_uid, dicodec_plugin),
        }

    return sides


for _name, _title, _target, _speedup, _args in (
    (
        "rle-encode-own",
        "RLE encode, no extra package (dicodec in-house vs pydicom encoding_plugin='pydicom')",
        ">= 3x",
        3.0,
        (RLELossless, "pydicom", RLELossless, "dicodec-rle"),
    ),
    (
        "rle-encode-plugins",
        "RLE encode, pylibjpeg-rle for both",
        "no slower",
        1.0,
        (RLELossless, "pylibjpeg", RLELossless, "pylibjpeg-rle"),
    ),
    (
        "jpegls-encode",
        "JPEG-LS Lossless encode, pyjpegls for both",
        "no slower",
        1.0,
        (JPEGLSLossless, "pyjpegls", JPEGLSLossless, "pyjpegls"),
    ),
    (
        "j2k-encode",
        "JPEG 2000 Lossless encode, pylibjpeg-openjpeg for both",
        "no slower",
        1.0,
        (JPEG2000Lossless, "pylibjpeg", JPEG2000Lossless, "pylibjpeg-openjpeg"),
    ),
    (
        "htj2k-encode",
        "HTJ2K Lossless encode (dicodec, itkwasm-htj2k) beside JPEG 2000 Lossless "
        "(pydicom, openjpeg): pydicom cannot encode HTJ2K (no target)",
        "",
        None,
        (JPEG2000Lossless, "pylibjpeg", HTJ2KLossless, "itkwasm-htj2k"),
    ),
):
    CASES[_name] = Case(_name, _title, _target, _speedup, sides=_figure(*_args))
