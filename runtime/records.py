"""The record types of the generated tables: one `VR` per value representation, one
`TransferSyntax` per transfer syntax.

The tables themselves are generated from `spec/` (`dicodec.generated.vrs.VRS`,
`dicodec.generated.transfer_syntaxes.TRANSFER_SYNTAXES`); the runtime reads
every fact about a VR or a transfer syntax from these records, by name.
"""

from __future__ import annotations

from typing import NamedTuple


class VR(NamedTuple):
    """A value representation (PS3.5 6.2) as the codec needs it: one row of spec/vrs.yaml."""

    vr: str  # the two letters: "OW"
    name: str  # "Other Word String"
    kind: str  # text | number_text | binary_number | tag | bytes | sequence
    long_header: bool  # Explicit VR: 2 reserved bytes and a 4-byte length (PS3.5 7.1.2)
    undefined_length: bool  # the length may be undefined, FFFFFFFFH (PS3.5 7.1.1)
    swap_width: int  # bytes of one unit that the byte order reverses (1: none, PS3.5 7.3)
    max_length: int | None  # of one value, in characters or bytes; None: unlimited
    padding: bytes  # pads a value to even length (PS3.5 7.1.1); b"" for SQ
    multi: bool  # more than one value allowed (backslash-separated for text, PS3.5 6.4)
    charset: bool  # text decoded with the Specific Character Set (PS3.5 6.1.2.3)
    python_type: str  # the name of the value type: "PersonName", "int", "bytes", ...


class TransferSyntax(NamedTuple):
    """A transfer syntax (PS3.5 10, Annex A): one row of spec/transfer_syntaxes.yaml."""

    uid: str
    keyword: str  # "ExplicitVRLittleEndian"
    name: str  # "Explicit VR Little Endian"
    implicit_vr: bool  # PS3.5 7.1.3
    little_endian: bool  # PS3.5 7.3
    deflated: bool  # the dataset after the File Meta Information is deflated (PS3.5 A.5)
    encapsulated: bool  # Pixel Data in fragments (PS3.5 A.4)
    lossy: bool
    retired: bool
    codec: str  # the pixel codec family: "native", "rle", "jpeg", "jpeg2000", ...

    @property
    def is_compressed(self) -> bool:
        """Encapsulated and compressed: Encapsulated Uncompressed (PS3.5 A.4.11) is not."""
        return self.encapsulated and self.codec != "native"


__all__ = ["VR", "TransferSyntax"]
