"""The Image Pixel attributes that say how to read Pixel Data (PS3.3 C.7.6.3)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from dicodec.errors import PixelDataError
from dicodec.generated.uid_constants import ExplicitVRLittleEndian
from dicodec.records import TransferSyntax
from dicodec.transfer_syntax import lookup

if TYPE_CHECKING:
    from dicodec.dataset import Dataset

__all__ = ["PIXEL_KEYWORDS", "PixelDescription", "syntax_info"]

#: The three attributes that can hold pixels (PS3.3 C.7.6.3, C.7.6.24).
PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")

_MISSING = object()


def syntax_info(uid: str) -> TransferSyntax:
    """The transfer syntax of `uid`, as the pixel layer sees it.

    `codec` is the codec family ("native", "rle", "jpeg", "jpegls", "jpeg2000",
    "htj2k", "deflate_frames", ...); Encapsulated Uncompressed is "native" and
    encapsulated (PS3.5 A.4.11). An unknown UID is reported as encapsulated with
    codec "unknown", so that decoding fails with a clear message instead of
    misreading bytes.
    """
    found: TransferSyntax | None = lookup(uid)
    if found is not None:
        return found
    uid = str(uid).strip("\x00 ")
    return TransferSyntax(
        uid=uid,
        keyword="",
        name=f"unknown transfer syntax {uid}",
        implicit_vr=False,
        little_endian=True,
        deflated=False,
        encapsulated=True,
        lossy=False,
        retired=False,
        codec="unknown",
    )


def _get(ds: Dataset, keyword: str) -> Any:
    """Return the value of `keyword` in the dataset-like `ds`, or _MISSING."""
    try:
        value = ds.get(keyword, _MISSING)
    except AttributeError:
        value = getattr(ds, keyword, _MISSING)
    return _MISSING if value is None or value == "" else value


def _has(ds: Dataset, keyword: str) -> bool:
    try:
        return keyword in ds
    except TypeError:
        return _get(ds, keyword) is not _MISSING


def _as_int(ds: Dataset, keyword: str, default: int | None = None) -> int:
    value = _get(ds, keyword)
    if value is _MISSING:
        if default is None:
            raise PixelDataError(
                f"the dataset has no ({keyword}) value; it is needed to decode the pixels"
            )
        return default
    if isinstance(value, (list, tuple)):  # a multi-valued US: take the first (seen in the wild)
        value = value[0] if value else default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise PixelDataError(
            f"({keyword}) has the invalid value {value!r}; an integer is needed"
        ) from None


def _transfer_syntax(ds: Dataset) -> str:
    meta = _get(ds, "file_meta")
    uid = _get(meta, "TransferSyntaxUID") if meta is not _MISSING else _MISSING
    if uid is _MISSING:
        raise PixelDataError(
            "the dataset's file_meta has no (0002,0010) TransferSyntaxUID; "
            "pass transfer_syntax_uid explicitly"
        )
    return str(uid)


@dataclass(frozen=True, slots=True)
class PixelDescription:
    """How the pixels of one Pixel Data value are laid out.

    `pixel_keyword` is "PixelData", "FloatPixelData" or "DoubleFloatPixelData";
    the last two hold IEEE floats (PS3.3 C.7.6.24).
    """

    rows: int
    columns: int
    samples_per_pixel: int
    bits_allocated: int
    bits_stored: int
    high_bit: int
    pixel_representation: int
    planar_configuration: int
    number_of_frames: int
    photometric_interpretation: str
    transfer_syntax_uid: str
    pixel_keyword: str = "PixelData"

    def __post_init__(self) -> None:
        self._validate()

    # -- construction -----------------------------------------------------------------
    @classmethod
    def from_dataset(cls, ds: Dataset, transfer_syntax_uid: str | None = None) -> PixelDescription:
        """Read the description from any object with pydicom's Dataset API."""
        # Presence only: reading the value would load pixels that may be left in the file.
        keyword = next((kw for kw in PIXEL_KEYWORDS if _has(ds, kw)), None)
        if keyword is None:
            raise PixelDataError(
                "the dataset has no Pixel Data (7FE0,0010), Float Pixel Data (7FE0,0008) "
                "or Double Float Pixel Data (7FE0,0009): there are no pixels to decode"
            )
        tsyntax = transfer_syntax_uid or _transfer_syntax(ds)
        bits_allocated = _as_int(ds, "BitsAllocated")
        if keyword == "PixelData":
            bits_stored = _as_int(ds, "BitsStored")
            high_bit = _as_int(ds, "HighBit", bits_stored - 1)
            pixel_representation = _as_int(ds, "PixelRepresentation")
        else:  # Float Pixel Data has no Bits Stored / High Bit / Pixel Representation
            bits_stored, high_bit, pixel_representation = bits_allocated, bits_allocated - 1, 0
        samples = _as_int(ds, "SamplesPerPixel")
        photometric = _get(ds, "PhotometricInterpretation")
        if photometric is _MISSING:
            raise PixelDataError(
                "the dataset has no (PhotometricInterpretation) value; it is needed to decode the pixels"
            )
        return cls(
            rows=_as_int(ds, "Rows"),
            columns=_as_int(ds, "Columns"),
            samples_per_pixel=samples,
            bits_allocated=bits_allocated,
            bits_stored=bits_stored,
            high_bit=high_bit,
            pixel_representation=pixel_representation,
            # PS3.3 C.7.6.3.1.3: required when Samples per Pixel > 1; tolerated when absent.
            planar_configuration=_as_int(ds, "PlanarConfiguration", 0) if samples > 1 else 0,
            number_of_frames=_as_int(ds, "NumberOfFrames", 1) or 1,
            photometric_interpretation=str(photometric).strip(),
            transfer_syntax_uid=str(tsyntax).strip("\x00 "),
            pixel_keyword=keyword,
        )

    def replace(self, **changes: Any) -> PixelDescription:
        """Return a copy with `changes` applied (validated again)."""
        return replace(self, **changes)

    def _validate(self) -> None:
        def bad(keyword: str, value: object, why: str) -> PixelDataError:
            return PixelDataError(f"({keyword}) {value!r} is invalid: {why}")

        if not 0 < self.rows <= 0xFFFF:
            raise bad("Rows", self.rows, "must be 1 to 65535")
        if not 0 < self.columns <= 0xFFFF:
            raise bad("Columns", self.columns, "must be 1 to 65535")
        if self.samples_per_pixel not in (1, 3, 4):
            raise bad(
                "SamplesPerPixel", self.samples_per_pixel, "must be 1 or 3 (4: retired ARGB/CMYK)"
            )
        if self.pixel_keyword not in PIXEL_KEYWORDS:
            raise bad("pixel_keyword", self.pixel_keyword, f"must be one of {PIXEL_KEYWORDS}")
        if self.is_float:
            wanted = 32 if self.pixel_keyword == "FloatPixelData" else 64
            if self.bits_allocated != wanted:
                raise bad(
                    "BitsAllocated", self.bits_allocated, f"{self.pixel_keyword} needs {wanted}"
                )
        elif self.bits_allocated != 1 and (
            self.bits_allocated % 8 or not 0 < self.bits_allocated <= 64
        ):
            raise bad("BitsAllocated", self.bits_allocated, "must be 1 or a multiple of 8 up to 64")
        if not 0 < self.bits_stored <= self.bits_allocated:
            raise bad(
                "BitsStored",
                self.bits_stored,
                f"must be 1 to Bits Allocated ({self.bits_allocated})",
            )
        if not self.bits_stored - 1 <= self.high_bit < self.bits_allocated:
            raise bad(
                "HighBit",
                self.high_bit,
                "must be at least Bits Stored - 1 and below Bits Allocated",
            )
        if self.pixel_representation not in (0, 1):
            raise bad("PixelRepresentation", self.pixel_representation, "must be 0 or 1")
        if self.planar_configuration not in (0, 1):
            raise bad("PlanarConfiguration", self.planar_configuration, "must be 0 or 1")
        if self.number_of_frames < 1:
            raise bad("NumberOfFrames", self.number_of_frames, "must be 1 or more")

    # -- derived values ---------------------------------------------------------------
    @property
    def syntax(self) -> TransferSyntax:
        return syntax_info(self.transfer_syntax_uid)

    @property
    def is_float(self) -> bool:
        return self.pixel_keyword != "PixelData"

    @property
    def is_encapsulated(self) -> bool:
        return self.syntax.encapsulated

    @property
    def is_ybr_422_native(self) -> bool:
        """True when the stored samples are subsampled 4:2:2 (PS3.3 C.7.6.3.1.2)."""
        return self.photometric_interpretation == "YBR_FULL_422" and not self.is_encapsulated

    @property
    def pixels_per_frame(self) -> int:
        return self.rows * self.columns

    @property
    def samples_per_frame(self) -> int:
        return self.rows * self.columns * self.samples_per_pixel

    @property
    def frame_bits(self) -> int:
        """Bits of one native frame; 1-bit frames need not end on a byte boundary."""
        samples = self.samples_per_frame
        if self.is_ybr_422_native:  # two chroma samples shared by each pair of pixels
            samples = samples // 3 * 2
        return samples * self.bits_allocated

    @property
    def frame_length(self) -> int:
        """Bytes of one native frame, rounded up (Bits Allocated 1 packs across frames)."""
        return (self.frame_bits + 7) // 8

    @property
    def total_length(self) -> int:
        """Bytes of all native frames, without the trailing padding byte (PS3.5 8.1.1)."""
        return (self.frame_bits * self.number_of_frames + 7) // 8

    @property
    def dtype(self) -> np.dtype[Any]:
        """Native-order dtype of the decoded pixels, chosen as pydicom chooses it."""
        if self.is_float:
            return np.dtype("float32" if self.bits_allocated == 32 else "float64")
        size = 1
        while size * 8 < self.bits_allocated:
            size *= 2
        kind = "i" if self.pixel_representation and self.bits_allocated > 1 else "u"
        return np.dtype(f"{kind}{size}")

    @property
    def frame_shape(self) -> tuple[int, ...]:
        if self.samples_per_pixel == 1:
            return (self.rows, self.columns)
        return (self.rows, self.columns, self.samples_per_pixel)

    def shape(self, frames: int | None = None) -> tuple[int, ...]:
        """Shape pydicom gives: the frame axis only when there is more than one frame."""
        n = self.number_of_frames if frames is None else frames
        return self.frame_shape if n == 1 else (n, *self.frame_shape)

    @classmethod
    def for_array(
        cls,
        shape: tuple[int, ...],
        dtype: np.dtype[Any],
        photometric_interpretation: str,
        bits_stored: int,
        transfer_syntax_uid: str = ExplicitVRLittleEndian,
    ) -> PixelDescription:
        """Describe an array of `shape` and `dtype` as native pixels."""
        samples = (
            3
            if photometric_interpretation
            in ("RGB", "YBR_FULL", "YBR_FULL_422", "YBR_ICT", "YBR_RCT")
            else 1
        )
        ndim = len(shape)
        if (samples == 1 and ndim not in (2, 3)) or (
            samples == 3 and (ndim not in (3, 4) or shape[-1] != 3)
        ):
            raise PixelDataError(
                f"an array of shape {shape} does not fit {photometric_interpretation}"
            )
        frames = shape[0] if ndim == (3 if samples == 1 else 4) else 1
        rows, columns = (shape[-2], shape[-1]) if samples == 1 else (shape[-3], shape[-2])
        if dtype.kind == "f":
            keyword = "FloatPixelData" if dtype.itemsize == 4 else "DoubleFloatPixelData"
        elif dtype.kind in "ui":
            keyword = "PixelData"
        else:
            raise PixelDataError(f"cannot store an array of dtype {dtype} as pixels")
        return cls(
            rows=rows,
            columns=columns,
            samples_per_pixel=samples,
            bits_allocated=dtype.itemsize * 8,
            bits_stored=bits_stored,
            high_bit=bits_stored - 1,
            pixel_representation=int(dtype.kind == "i"),
            planar_configuration=0,
            number_of_frames=frames,
            photometric_interpretation=photometric_interpretation,
            transfer_syntax_uid=transfer_syntax_uid,
            pixel_keyword=keyword,
        )
