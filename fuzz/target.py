"""What the fuzzer does with each input: everything a user does with a file.

Read it (forced, so that anything is tried), decode every value, print it,
decode its pixels, and write it back in its own syntax and converted to
Implicit VR Little Endian (unless its Pixel Data is encapsulated). A
`DicomError` is a right answer; any other exception is a bug.
"""

from __future__ import annotations

import warnings

import dicodec
from dicodec.filewriter import write_buffer
from dicodec.uid import ImplicitVRLittleEndian


def exercise(data: bytes) -> None:
    """Raise whatever dicodec raises on `data`; return when all went through."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dicodec.dcmread(data, force=True)
        for element in ds.file_meta.iterall():
            element.value  # noqa: B018
        for element in ds.iterall():
            element.value  # noqa: B018
            element.VM  # noqa: B018
        str(ds)
        if "PixelData" in ds:
            ds.pixel_array  # noqa: B018
        write_buffer(ds)
        if "PixelData" not in ds or not ds["PixelData"].is_undefined_length:
            # encapsulated Pixel Data exists in Explicit VR Little Endian only (PS3.5 A.4)
            ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
            write_buffer(ds, implicit_vr=True, little_endian=True)
