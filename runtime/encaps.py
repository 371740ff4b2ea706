"""pydicom's `encaps`: encapsulated Pixel Data, its items, fragments and frames (PS3.5 A.4).

A public face, with pydicom 3's names and signatures, over the parser and
writer in `dicodec.pixels.encapsulated`. A `buffer` is bytes-like or a binary
file object positioned where pydicom's function expects it (at the Basic
Offset Table item, or at a fragment's item); file objects are read from that
position to their end, and left where pydicom leaves them.

Where dicodec differs, on damaged data only: a fragment whose length runs past
the end of the data is an error (pydicom yields what is there); frames found by
their end-of-image markers (no offset table) stop at `number_of_frames`, with a
warning for the extra ones; a Basic Offset Table entry that is not the start of
a fragment is an error. Errors are `PixelDataError`, a ValueError as pydicom's.
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Any

from dicodec.buffers import ReadableBuffer
from dicodec.errors import PixelDataError
from dicodec.pixels import encapsulated
from dicodec.pixels.encapsulated import fragment_frame, itemize_fragment

__all__ = [
    "EncapsulatedBuffer",
    "encapsulate",
    "encapsulate_buffer",
    "encapsulate_extended",
    "encapsulate_extended_buffer",
    "fragment_frame",
    "generate_fragmented_frames",
    "generate_fragments",
    "generate_frames",
    "get_frame",
    "itemize_fragment",
    "itemize_frame",
    "parse_basic_offsets",
    "parse_fragments",
]

Buffer = bytes | bytearray | memoryview | ReadableBuffer
ExtendedOffsets = tuple[list[int], list[int]] | tuple[bytes, bytes]


class _Data:
    """The bytes of a buffer from its position, and the file object to reposition, if any."""

    def __init__(self, buffer: Buffer, endianness: str) -> None:
        if endianness not in ("<", ">"):
            raise ValueError(f"endianness is '<' or '>', not {endianness!r}")
        self.little_endian = endianness == "<"
        self.file: ReadableBuffer | None = None
        self.start = 0
        if isinstance(buffer, (bytes, bytearray, memoryview)):
            self.data: Any = buffer
        else:
            self.file = buffer
            self.start = buffer.tell()
            self.data = buffer.read()

    def items(self, limit: int | None = None) -> list[encapsulated.Fragment]:
        return encapsulated.parse_items(self.data, little_endian=self.little_endian, limit=limit)

    def seek(self, offset: int) -> None:
        """Leave a file object at `offset` bytes from where it was when given."""
        if self.file is not None:
            self.file.seek(self.start + offset)

    def bytes_of(self, fragment: encapsulated.Fragment) -> bytes:
        offset, length = fragment
        return bytes(memoryview(self.data)[offset : offset + length])

    def groups(
        self, number_of_frames: int | None, extended_offsets: ExtendedOffsets | None
    ) -> list[list[encapsulated.Fragment]]:
        """The fragments of each frame (see `encapsulated.frame_fragments`)."""
        items = self.items()
        by_markers = not extended_offsets and not items[0][1] and len(items) > 2
        if by_markers and not number_of_frames:
            raise PixelDataError(
                "Unable to determine the frame boundaries for the encapsulated pixel data as "
                "there is no Basic or Extended Offset Table and the number of frames has not "
                "been supplied"
            )
        groups = encapsulated.frame_fragments(
            self.data,
            number_of_frames or 1,
            extended_offsets or None,
            little_endian=self.little_endian,
        )
        return groups[:number_of_frames] if by_markers else groups


def parse_basic_offsets(buffer: Buffer, *, endianness: str = "<") -> list[int]:
    """The frame offsets in the Basic Offset Table item at the start of `buffer`.

    A file object is left at the first fragment's item, after the table.
    """
    data = _Data(buffer, endianness)
    bot = data.items(limit=1)[0]
    offsets = encapsulated.basic_offsets(data.data, bot, little_endian=data.little_endian)
    data.seek(bot[0] + bot[1])
    return offsets


def parse_fragments(buffer: Buffer, *, endianness: str = "<") -> tuple[int, list[int]]:
    """The number of fragments from the start of `buffer`, and where each item tag is.

    Offsets are those of `buffer` (of the file, for a file object, which is left as it was).
    """
    data = _Data(buffer, endianness)
    items = data.items()
    data.seek(0)
    return len(items), [data.start + offset - 8 for offset, _ in items]


def generate_fragments(buffer: Buffer, *, endianness: str = "<") -> Iterator[bytes]:
    """Each fragment from the start of `buffer` (a file object is left after the last one yielded)."""
    data = _Data(buffer, endianness)
    for fragment in data.items():
        data.seek(fragment[0] + fragment[1])
        yield data.bytes_of(fragment)


def generate_fragmented_frames(
    buffer: Buffer,
    *,
    number_of_frames: int | None = None,
    extended_offsets: ExtendedOffsets | None = None,
    endianness: str = "<",
) -> Iterator[tuple[bytes, ...]]:
    """Each frame's fragments, `buffer` starting at the Basic Offset Table item.

    `number_of_frames` is needed when there is no offset table and more than one fragment;
    `extended_offsets` is (Extended Offset Table, Extended Offset Table Lengths).
    """
    data = _Data(buffer, endianness)
    for group in data.groups(number_of_frames, extended_offsets):
        data.seek(group[-1][0] + group[-1][1])
        yield tuple(data.bytes_of(fragment) for fragment in group)


def generate_frames(
    buffer: Buffer,
    *,
    number_of_frames: int | None = None,
    extended_offsets: ExtendedOffsets | None = None,
    endianness: str = "<",
) -> Iterator[bytes]:
    """Each frame, its fragments joined (see `generate_fragmented_frames`)."""
    for fragments in generate_fragmented_frames(
        buffer,
        number_of_frames=number_of_frames,
        extended_offsets=extended_offsets,
        endianness=endianness,
    ):
        yield b"".join(fragments)


def get_frame(
    buffer: Buffer,
    index: int,
    *,
    extended_offsets: ExtendedOffsets | None = None,
    number_of_frames: int | None = None,
    endianness: str = "<",
) -> bytes:
    """Frame `index` (from 0), `buffer` starting at the Basic Offset Table item.

    A file object is left where it was.
    """
    data = _Data(buffer, endianness)
    groups = data.groups(number_of_frames, extended_offsets)
    data.seek(0)
    if not 0 <= index < len(groups):
        raise PixelDataError(
            f"There is no frame {index}: the encapsulated pixel data holds {len(groups)} "
            f"frame{'s' if len(groups) != 1 else ''}"
        )
    return b"".join(data.bytes_of(fragment) for fragment in groups[index])


def itemize_frame(frame: bytes, nr_fragments: int = 1) -> Iterator[bytes]:
    """`frame` in `nr_fragments` fragments, each an item (see `fragment_frame`)."""
    for fragment in fragment_frame(frame, nr_fragments):
        yield itemize_fragment(fragment)


def encapsulate(
    frames: Sequence[bytes], fragments_per_frame: int = 1, has_bot: bool = True
) -> bytes:
    """The Pixel Data value of encoded `frames`: a Basic Offset Table item, then the fragments.

    Set `ds.PixelData` to it under a compressed Transfer Syntax UID; `dcmwrite`
    writes it with an undefined length (PS3.5 A.4).
    """
    return encapsulated.encapsulate(frames, has_bot, fragments_per_frame)


def encapsulate_extended(frames: Sequence[bytes]) -> tuple[bytes, bytes, bytes]:
    """(Pixel Data, Extended Offset Table, Extended Offset Table Lengths) of encoded `frames`.

    One fragment a frame, an empty Basic Offset Table (PS3.3 C.7.6.3.1.8). The
    lengths are those of the items, a frame's padding byte included (as pydicom's).
    """
    value, offsets, _ = encapsulated.encapsulate_extended(frames)
    lengths = [len(frame) + len(frame) % 2 for frame in frames]
    return value, offsets, struct.pack(f"<{len(lengths)}Q", *lengths)


class EncapsulatedBuffer(io.BufferedIOBase):
    """Encapsulated Pixel Data read on demand from one buffer per encoded frame.

    A readable, seekable stream of the items (the Basic Offset Table item, then
    one item a frame); each frame buffer is read only when its part is read.
    """

    def __init__(self, buffers: list[io.BufferedIOBase], use_bot: bool = False) -> None:
        super().__init__()
        if not isinstance(buffers, list):
            raise TypeError(
                "'buffers' must be a list of objects that inherit from 'io.BufferedIOBase'"
            )
        self._frames = buffers
        self._use_bot = use_bot
        self._lengths = [_buffer_length(buffer) for buffer in buffers]
        self._position = 0
        # (start, end) of each part: the BOT item, then each frame's item
        starts = [0, len(self.basic_offset_table)]
        for length in self.lengths:
            starts.append(starts[-1] + length)
        self._parts = list(pairwise(starts))

    @property
    def lengths(self) -> list[int]:
        """The length of each frame's item: header, frame and padding."""
        return [8 + n + n % 2 for n in self._lengths]

    @property
    def offsets(self) -> list[int]:
        """Where each frame's item starts, from the first one's."""
        offsets, position = [], 0
        for length in self.lengths:
            offsets.append(position)
            position += length
        return offsets

    @property
    def basic_offset_table(self) -> bytes:
        """The Basic Offset Table item: empty unless `use_bot`."""
        table = struct.pack(f"<{len(self.offsets)}I", *self.offsets) if self._use_bot else b""
        return itemize_fragment(table)

    @property
    def extended_offsets(self) -> bytes:
        """The Extended Offset Table value (PS3.3 C.7.6.3.1.8)."""
        return struct.pack(f"<{len(self.offsets)}Q", *self.offsets)

    @property
    def extended_lengths(self) -> bytes:
        """The Extended Offset Table Lengths value: each item's length, without its header."""
        return struct.pack(f"<{len(self.lengths)}Q", *(n - 8 for n in self.lengths))

    @property
    def encapsulated_length(self) -> int:
        return self._parts[-1][1]

    @property
    def closed(self) -> bool:
        return any(buffer.closed for buffer in self._frames)

    def readable(self) -> bool:
        return all(buffer.readable() for buffer in self._frames)

    def seekable(self) -> bool:
        return all(buffer.seekable() for buffer in self._frames)

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        if whence == os.SEEK_SET:
            if offset < 0:
                raise ValueError(f"Negative seek 'offset' value {offset}")
            position = offset
        elif whence == os.SEEK_CUR:
            position = max(0, self._position + offset)
        elif whence == os.SEEK_END:
            position = max(0, self.encapsulated_length + offset)
        else:
            raise ValueError("Invalid 'whence' value, should be 0, 1 or 2")
        self._position = position
        return position

    def read(self, size: int | None = 8192, /) -> bytes:
        end = self.encapsulated_length
        if size is None or size < 0:
            size = end
        out = bytearray()
        while len(out) < size and self._position < end:
            chunk = self._read_part(self._position, size - len(out))
            if not chunk:
                break
            out += chunk
            self._position += len(chunk)
        return bytes(out)

    def _read_part(self, position: int, size: int) -> bytes:
        for index, (start, end) in enumerate(self._parts):
            if start <= position < end:
                if index == 0:
                    return self.basic_offset_table[position : position + size]
                return self._read_item(index - 1, position - start, min(size, end - position))
        return b""

    def _read_item(self, frame: int, offset: int, size: int) -> bytes:
        """`size` bytes from `offset` in frame `frame`'s item (header, data, padding)."""
        length = self._lengths[frame]
        header = itemize_fragment(b"")[:4] + struct.pack("<I", length + length % 2)
        if offset < 8:
            return header[offset : offset + size]
        if offset - 8 < length:
            buffer = self._frames[frame]
            saved = buffer.tell()
            try:
                buffer.seek(offset - 8)
                return buffer.read(min(size, length - (offset - 8)))
            finally:
                buffer.seek(saved)
        return b"\x00"  # the padding byte of an odd-length frame


def _buffer_length(buffer: io.BufferedIOBase) -> int:
    """The length of a seekable buffer, which is left where it was."""
    if not (buffer.readable() and buffer.seekable()):
        raise ValueError("the frame buffers must be readable and seekable")
    saved = buffer.tell()
    length = buffer.seek(0, os.SEEK_END)
    buffer.seek(saved)
    if length > 0xFFFFFFFE:
        raise PixelDataError(f"a frame of {length} bytes does not fit in one item (PS3.5 A.4)")
    return length


def encapsulate_buffer(
    buffers: list[io.BufferedIOBase], has_bot: bool = True
) -> EncapsulatedBuffer:
    """An `EncapsulatedBuffer` over one buffer per encoded frame."""
    return EncapsulatedBuffer(buffers, use_bot=has_bot)


def encapsulate_extended_buffer(
    buffers: list[io.BufferedIOBase],
) -> tuple[EncapsulatedBuffer, bytes, bytes]:
    """(EncapsulatedBuffer, Extended Offset Table, Extended Offset Table Lengths)."""
    buffer = EncapsulatedBuffer(buffers)
    return buffer, buffer.extended_offsets, buffer.extended_lengths
