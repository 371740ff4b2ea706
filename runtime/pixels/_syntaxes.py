"""Transfer syntaxes as far as the pixel layer needs them (PS3.5 10, PS3.6 Annex A).

TODO(uids): take names and properties from the generated UID registry once it exists.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "DEFLATED_IMAGE_FRAME",
    "EXPLICIT_VR_BIG_ENDIAN",
    "EXPLICIT_VR_LITTLE_ENDIAN",
    "IMPLICIT_VR_LITTLE_ENDIAN",
    "RLE_LOSSLESS",
    "SyntaxInfo",
    "syntax_info",
]

IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2"
EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1"
EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2"
RLE_LOSSLESS = "1.2.840.10008.1.2.5"
DEFLATED_IMAGE_FRAME = "1.2.840.10008.1.2.8.1"


class SyntaxInfo(NamedTuple):
    """What the pixel layer needs to know about one transfer syntax."""

    uid: str
    name: str
    family: str  # "native", "encapsulated-native", "rle", "deflate", "jpeg", ...
    big_endian: bool = False
    explicit_vr: bool = True
    deflated_dataset: bool = False

    @property
    def is_encapsulated(self) -> bool:
        return self.family != "native"


_TABLE: dict[str, SyntaxInfo] = {
    s.uid: s
    for s in (
        SyntaxInfo(
            IMPLICIT_VR_LITTLE_ENDIAN, "Implicit VR Little Endian", "native", explicit_vr=False
        ),
        SyntaxInfo(EXPLICIT_VR_LITTLE_ENDIAN, "Explicit VR Little Endian", "native"),
        SyntaxInfo(
            "1.2.840.10008.1.2.1.98",
            "Encapsulated Uncompressed Explicit VR Little Endian",
            "encapsulated-native",
        ),
        SyntaxInfo(
            "1.2.840.10008.1.2.1.99",
            "Deflated Explicit VR Little Endian",
            "native",
            deflated_dataset=True,
        ),
        SyntaxInfo(EXPLICIT_VR_BIG_ENDIAN, "Explicit VR Big Endian", "native", big_endian=True),
        SyntaxInfo("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", "jpeg"),
        SyntaxInfo("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", "jpeg"),
        SyntaxInfo(
            "1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", "jpeg"
        ),
        SyntaxInfo(
            "1.2.840.10008.1.2.4.70",
            "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])",
            "jpeg",
        ),
        SyntaxInfo("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", "jpegls"),
        SyntaxInfo(
            "1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", "jpegls"
        ),
        SyntaxInfo("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", "j2k"),
        SyntaxInfo("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", "j2k"),
        SyntaxInfo(
            "1.2.840.10008.1.2.4.201",
            "High-Throughput JPEG 2000 Image Compression (Lossless Only)",
            "htj2k",
        ),
        SyntaxInfo(
            "1.2.840.10008.1.2.4.202",
            "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)",
            "htj2k",
        ),
        SyntaxInfo(
            "1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", "htj2k"
        ),
        SyntaxInfo(RLE_LOSSLESS, "RLE Lossless", "rle"),
        SyntaxInfo(DEFLATED_IMAGE_FRAME, "Deflated Image Frame Compression", "deflate"),
    )
}


def syntax_info(uid: str) -> SyntaxInfo:
    """Return what is known of the transfer syntax `uid`.

    An unknown UID is reported as an encapsulated syntax of family "unknown",
    so that decoding it fails with a clear message instead of misreading bytes.
    """
    uid = uid.strip("\x00 ")
    info = _TABLE.get(uid)
    if info is None:
        return SyntaxInfo(uid, f"unknown transfer syntax {uid}", "unknown")
    return info
