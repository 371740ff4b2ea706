"""HTJ2K encoding (ISO 15444-15) with itkwasm-htj2k: OpenJPH, the reference encoder, as WebAssembly.

pylibjpeg-openjpeg decodes HTJ2K but encodes only JPEG 2000 Part 1; the
maintained OpenJPH bindings that build natively (ojph, jp15) do not install
here (a source build, or Python 3.12+), while itkwasm-htj2k installs from
wheels (the codec runs in wasmtime).
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dicodec.errors import PixelDataError
from dicodec.generated.uid_constants import HTJ2K, HTJ2KLossless, HTJ2KLosslessRPCL
from dicodec.pixels.description import PixelDescription
from dicodec.pixels.encoders.encoder import EncodeOptions, Encoder, integer_pixels

__all__ = ["ENCODERS", "add_tile_lengths"]

METHOD = "ISO_15444_15"  # PS3.3 C.7.6.1.1.5.1
_RPCL = 2  # OpenJPH's number for the Resolution-Position-Component-Layer progression
_COMPONENT_TYPES = {"u1": "uint8", "i1": "int8", "u2": "uint16", "i2": "int16"}
_SOT = 0xFF90
_TLM = 0xFF55


def _common(desc: PixelDescription) -> str | None:
    if (why := integer_pixels(desc)) is not None:
        return why
    if desc.samples_per_pixel not in (1, 3):
        return f"(SamplesPerPixel) {desc.samples_per_pixel}: HTJ2K encodes 1 or 3 samples here"
    if desc.bits_allocated not in (8, 16):
        return f"(BitsAllocated) {desc.bits_allocated}: itkwasm-htj2k encodes 8 or 16"
    if desc.bits_allocated == 8 and desc.pixel_representation:
        # itkwasm-htj2k 2.3 writes every negative int8 sample as 127
        return "(PixelRepresentation) 1 with (BitsAllocated) 8: itkwasm-htj2k loses negative 8-bit samples"
    if desc.samples_per_pixel == 3 and desc.dtype.str[1:] != "u1":
        return (
            f"(BitsAllocated) {desc.bits_allocated} (PixelRepresentation) "
            f"{desc.pixel_representation}: itkwasm-htj2k encodes colour as 8-bit unsigned only"
        )
    if desc.high_bit != desc.bits_stored - 1:
        return (
            f"(HighBit) {desc.high_bit}: HTJ2K samples start at bit 0 (High Bit = Bits Stored - 1)"
        )
    if desc.is_ybr_422_native:
        return "(PhotometricInterpretation) YBR_FULL_422: HTJ2K encodes unsubsampled samples"
    return None


def _lossless_refuses(desc: PixelDescription, options: EncodeOptions) -> str | None:
    if options.htj2k_quantization is not None:
        return f"htj2k_quantization: HTJ2K Lossless allows no loss; use HTJ2K ({HTJ2K})"
    return _common(desc)


def _lossy_refuses(desc: PixelDescription, options: EncodeOptions) -> str | None:
    if (why := _common(desc)) is not None:
        return why
    step = options.htj2k_quantization
    if step is None or not step > 0:
        return f"htj2k_quantization {step}: a quantization step above 0 is needed (e.g. 0.001)"
    return None


def _decompositions(desc: PixelDescription) -> int:
    """PS3.5 8.2.15: the base resolution of RPCL is at most 64 wide and high; at least 5."""
    levels, size = 0, max(desc.rows, desc.columns)
    while size > 64:
        size = (size + 1) // 2
        levels += 1
    return max(levels, 5)


def _colour_feed(frame: NDArray[Any]) -> NDArray[Any]:
    """Colour samples laid out so that itkwasm-htj2k 2.3 encodes them where they belong.

    It hands OpenJPH each component's rows in turn (R rows, then G, then B),
    where OpenJPH takes each row's components in turn: line k of the
    codestream gets the k-th row of the buffer read line-interleaved. Laying
    the planes out that way undoes it (the round-trip tests decode with
    openjpeg and pydicom; the extra pins the release).
    """
    rows, columns, samples = frame.shape
    planes = np.ascontiguousarray(frame.transpose(2, 0, 1))
    return np.ascontiguousarray(planes.reshape(rows, samples, columns).transpose(0, 2, 1))


def _encode_raw(
    data: NDArray[Any],
    component: str,
    samples: int,
    lossy: bool,
    step: float | None,
    decompositions: int,
) -> bytes:
    import itkwasm_htj2k
    from itkwasm import Image, ImageType

    rows, columns = data.shape[0], data.shape[1]
    image_type = ImageType(
        dimension=2,
        componentType=component,
        pixelType="Scalar" if samples == 1 else "RGB",
        components=samples,
    )
    image = Image(
        imageType=image_type,
        size=[columns, rows],
        spacing=[1.0, 1.0],
        origin=[0.0, 0.0],
        direction=np.eye(2),
        data=data,
    )
    encoded: bytes = itkwasm_htj2k.encode(
        image,
        decompositions=decompositions,
        not_reversible=lossy,
        quantization_step=step if lossy and step is not None else 1,
        progression_order=_RPCL,
        tile_size=[columns, rows],  # one tile
        tile_offset=[0, 0],
        block_dimensions=[64, 64],
    )
    return bytes(encoded)


def add_tile_lengths(codestream: bytes) -> bytes:
    """Insert a TLM marker segment listing every tile-part's length (ISO 15444-1 A.7.1).

    PS3.5 8.2.15 requires TLM in HTJ2K Lossless RPCL. It goes at the end of the
    main header, before the first SOT; each tile-part's length is its SOT's Psot.
    """
    pos = 2  # after SOC
    while pos + 4 <= len(codestream):
        marker, length = struct.unpack_from(">HH", codestream, pos)
        if marker == _SOT:
            break
        if marker == _TLM:
            return codestream  # already there
        pos += 2 + length
    else:
        raise PixelDataError("the HTJ2K codestream has no tile-part (SOT marker)")
    header_end = pos
    lengths = []
    while pos + 12 <= len(codestream):
        marker, _, _, psot = struct.unpack_from(">HHHI", codestream, pos)
        if marker != _SOT:
            break
        psot = psot or len(codestream) - 2 - pos  # 0: the last tile-part, to EOC
        lengths.append(psot)
        pos += psot
    # Stlm 0x40: no tile index (tile-parts in order), 32-bit lengths
    tlm = struct.pack(f">HHBB{len(lengths)}I", _TLM, 4 + 4 * len(lengths), 0, 0x40, *lengths)
    return codestream[:header_end] + tlm + codestream[header_end:]


def _encoder(rpcl_options: bool) -> Any:
    def encode(frame: NDArray[Any], desc: PixelDescription, options: EncodeOptions) -> bytes:
        data = np.ascontiguousarray(frame)
        if desc.samples_per_pixel > 1:
            data = _colour_feed(data)
        lossy = options.htj2k_quantization is not None
        encoded = _encode_raw(
            data,
            _COMPONENT_TYPES[data.dtype.str[1:]],
            desc.samples_per_pixel,
            lossy,
            options.htj2k_quantization,
            _decompositions(desc),
        )
        return add_tile_lengths(encoded) if rpcl_options else encoded

    return encode


_MODULES = ("itkwasm_htj2k", "itkwasm")
ENCODERS = {
    HTJ2KLossless: (Encoder("itkwasm-htj2k", _MODULES, _encoder(False), _lossless_refuses),),
    HTJ2KLosslessRPCL: (Encoder("itkwasm-htj2k", _MODULES, _encoder(True), _lossless_refuses),),
    HTJ2K: (
        Encoder("itkwasm-htj2k", _MODULES, _encoder(False), _lossy_refuses, METHOD, lambda o: True),
    ),
}
