"""Specific Character Set (0008,0005): decoding and encoding of the text VRs.

SH, LO, ST, LT, UC, UT and PN are decoded with the dataset's Specific Character Set
(PS3.5 6.1.2.3; the defined terms are PS3.3 C.12.1.1.2); every other VR uses the
default repertoire. Character sets with code extensions are switched inside a value by
ISO 2022 escape sequences (PS3.5 6.1.2.5).

Callers decode a whole value before splitting it at backslashes: in GBK, GB18030 and
JIS X 0208 a byte 0x5C may be the second byte of a character.
"""

from __future__ import annotations

import codecs
import re
import reprlib
import warnings
from collections.abc import Iterable, Sequence
from encodings import normalize_encoding
from encodings.aliases import aliases
from functools import lru_cache
from typing import Any, Final, Literal, NamedTuple

from dicodec.errors import CharsetError, CharsetWarning
from dicodec.generated.charsets import CHARSETS
from dicodec.generated.vrs import VRS
from dicodec.leniency import default_validation, tolerate

__all__ = [
    "DEFAULT_ENCODINGS",
    "Errors",
    "convert_encodings",
    "decode_bytes",
    "decode_element",
    "decode_person_name",
    "decode_string",
    "decode_text",
    "default_encoding",
    "encode_person_name",
    "encode_string",
    "encode_text",
    "python_encodings",
]

Errors = Literal["strict", "replace"]

_DEFAULT_TERM: Final = "ISO_IR 6"

#: The encodings of a dataset without (0008,0005): the default repertoire, ISO-IR 6.
#: Its codec comes from the table (latin_1 there: files put undeclared 8-bit text in it).
DEFAULT_ENCODINGS: Final[tuple[str, ...]] = (CHARSETS[_DEFAULT_TERM][0],)
#: pydicom's name for the Python codec of the default repertoire (its own is "iso8859",
#: the same codec)
default_encoding: Final[str] = DEFAULT_ENCODINGS[0]


def _normal(codec: str) -> str:
    """The name of the module Python's `encodings` package finds a codec in, so that
    aliases compare equal ("ISO-8859-1" and "latin_1" give "latin_1"): the name
    `codecs.lookup` normalises and searches by, without importing the codec as
    `codecs.lookup(codec).name` would (4-8 ms for the character set table's 19 codecs)."""
    name = normalize_encoding(codec.lower())
    return aliases.get(name) or aliases.get(name.replace(".", "_")) or name


class _GraphicSet(NamedTuple):
    """A character set that an escape sequence designates to G0 or G1 (PS3.5 6.1.2.5)."""

    codec: str
    escape: bytes
    g1: bool  # G1 holds bytes 0x80-0xFF, G0 bytes 0x00-0x7F
    multibyte: bool


def _graphic_sets() -> tuple[dict[bytes, _GraphicSet], dict[str, tuple[_GraphicSet, ...]]]:
    """The sets by escape sequence, and the sets each codec's terms designate."""
    by_escape: dict[bytes, _GraphicSet] = {}
    by_codec: dict[str, list[_GraphicSet]] = {}
    for codec, escape_g0, escape_g1, iso2022, multibyte in CHARSETS.values():
        if not iso2022:
            continue
        for escape, g1 in ((escape_g0, False), (escape_g1, True)):
            if escape:
                # One set per escape: every single-byte term designates ISO-IR 6 to G0
                # with ESC ( B (PS3.3 Table C.12-3); its codecs agree on bytes 0x00-0x7F.
                graphic = by_escape.setdefault(escape, _GraphicSet(codec, escape, g1, multibyte))
                sets = by_codec.setdefault(_normal(codec), [])
                if graphic not in sets:
                    sets.append(graphic)
    return by_escape, {codec: tuple(sets) for codec, sets in by_codec.items()}


_BY_ESCAPE, _BY_CODEC = _graphic_sets()
_ASCII: Final = _BY_ESCAPE[CHARSETS["ISO 2022 IR 6"][1]]
# ASCII without ESC (0x1B), whose meaning in ISO 2022 text is not the character's
_ASCII_RUN: Final = re.compile("[\x00-\x1a\x1c-\x7f]+")
_RESET_G0: Final = _ASCII.escape  # what Python's ISO 2022 codecs end their output with
# G1 when value 1 designates none: bytes 0x80-0xFF are read as the default repertoire's.
_UNDECLARED_G1: Final = _GraphicSet(DEFAULT_ENCODINGS[0], b"", True, False)
# Codecs that only terms with code extensions use: even alone they switch by escapes.
_CODE_EXTENSION_ONLY: Final = frozenset(
    _normal(entry[0]) for entry in CHARSETS.values() if entry[3]
) - frozenset(_normal(entry[0]) for entry in CHARSETS.values() if not entry[3])

# An ISO 2022 escape sequence: ESC, intermediate bytes 02/00-02/15, a final byte.
_ESCAPE: Final = re.compile(rb"(\x1b[\x20-\x2f]+[\x30-\x7e])")
_HIGH_BYTES: Final = re.compile(rb"([\x80-\xff]+)")

# PS3.5 6.1.2.5.3: value 1's character set is active again before CR, LF, TAB and FF,
# before the PN delimiters "^" and "=", and before the value delimiter "\".
_CONTROLS: Final = "\r\n\t\f"


def _delimiters(vr: str) -> str:
    if vr == "PN":
        return "\\^=" + _CONTROLS
    record = VRS.get(vr)
    # single-valued text (LT, ST, UT): "\" is a character, not a delimiter
    return "\\" + _CONTROLS if record is None or record.multi else _CONTROLS


@lru_cache(maxsize=16)
def _delimiter_pattern(delimiters: str) -> re.Pattern[bytes]:
    return re.compile(b"([" + re.escape(delimiters.encode("ascii")) + b"])")


def _decode_bytes(data: bytes, codec: str, prefix: bytes = b"", *, depth: int = 5) -> str:
    """Decode, replacing undecodable bytes with a warning instead of raising."""
    try:
        return (prefix + data).decode(codec)
    except UnicodeDecodeError:
        tolerate(
            f"cannot decode {data!r} with codec {codec!r}: using replacement characters",
            error=CharsetError,
            warning=CharsetWarning,
            stacklevel=depth + 1,
        )
        return (prefix + data).decode(codec, "replace")


def _decode_run(data: bytes, g0: _GraphicSet, g1: _GraphicSet) -> str:
    """Decode bytes without escape sequences with G0 and G1 designated."""
    if not g0.multibyte:
        # Every G1 codec reads bytes 0x00-0x7F as ASCII, the single-byte G0 sets.
        return _decode_bytes(data, g1.codec)
    # A multi-byte G0 codec is a Python ISO 2022 codec: it needs the designation.
    return "".join(
        _decode_bytes(part, g1.codec) if index % 2 else _decode_bytes(part, g0.codec, g0.escape)
        for index, part in enumerate(_HIGH_BYTES.split(data))
        if part
    )


@lru_cache(maxsize=8192)
def _encode_char(graphic: _GraphicSet, char: str) -> bytes | None:
    """The bytes of one character in a G0 or G1 set, or None when it has none."""
    try:
        code = char.encode(graphic.codec)
    except UnicodeEncodeError:
        return None
    prefix = b""
    if not graphic.g1 and graphic.multibyte:
        # A Python ISO 2022 codec: keep what lies between the designation and the reset.
        body = code[len(graphic.escape) : -len(_RESET_G0)]
        if not code.startswith(graphic.escape) or not code.endswith(_RESET_G0) or b"\x1b" in body:
            return None
        prefix, code = graphic.escape, body
    if not code or (not graphic.multibyte and len(code) != 1):
        return None
    if any((byte >= 0x80) != graphic.g1 for byte in code):
        return None
    # Reject what does not read back the same: JIS X 0201 0x5C is read as "\".
    try:
        if (prefix + code).decode(graphic.codec) != char:
            return None
    except UnicodeDecodeError:
        return None
    return code


class _Codec:
    """Decoder and encoder for one tuple of encodings, built once and cached."""

    def __init__(self, encodings: tuple[str, ...]) -> None:
        if not encodings:
            encodings = DEFAULT_ENCODINGS
        try:
            for codec in encodings:
                codecs.lookup(codec)
        except LookupError as exc:
            raise CharsetError(f"unknown Python codec in {encodings!r}") from exc
        names = tuple(_normal(codec) for codec in encodings)
        self.encodings = encodings
        self.codec = encodings[0]
        # PS3.5 6.1.2.5: code extensions are in use with more than one value, or with a
        # multi-byte set that only exists with them.
        self.iso2022 = len(names) > 1 or names[0] in _CODE_EXTENSION_ONLY
        first = _BY_CODEC.get(names[0], ())
        g0 = next((s for s in first if not s.g1 and not s.multibyte), _ASCII)
        g1 = next((s for s in first if s.g1), None)
        if g1 is None:
            # Value 1 designates no G1: bytes 0x80-0xFF are its own when it is no ISO 2022
            # set (UTF-8, GB18030, GBK), else the default repertoire's.
            g1 = _UNDECLARED_G1 if first else _GraphicSet(self.codec, b"", True, True)
        self.initial_g0, self.initial_g1 = g0, g1
        # The sets the encoder may use, values 2-n first: value 1 may be the default
        # repertoire, and a character is written in a declared set where one has it.
        candidates: list[_GraphicSet] = []
        for graphic in [
            *(s for name in names[1:] for s in _BY_CODEC.get(name, ())),
            *first,
            g0,
            g1,
        ]:
            if graphic not in candidates:
                candidates.append(graphic)
        self.candidates = tuple(candidates)
        # JIS X 0201 (ISO_IR 13) is a subset of its Python codec: encode set by set.
        self.plain_encode = not self.iso2022 and g0 is _ASCII

    # -- decoding

    def decode(self, raw: bytes, vr: str) -> str:
        return self.decode_delimited(raw, _delimiters(vr))

    def decode_delimited(self, raw: bytes, delimiter_chars: str) -> str:
        """`raw` decoded, value 1's sets active again after each of `delimiter_chars`."""
        if not self.iso2022:
            return _decode_bytes(raw, self.codec, depth=5)
        g0, g1 = self.initial_g0, self.initial_g1
        if b"\x1b" not in raw:
            return _decode_run(raw, g0, g1)
        delimiters = _delimiter_pattern(delimiter_chars)
        text: list[str] = []
        for index, part in enumerate(_ESCAPE.split(raw)):
            if index % 2:
                graphic = _BY_ESCAPE.get(part)
                if graphic is None:
                    tolerate(
                        f"unknown escape sequence {part!r} in {raw!r}: kept as text",
                        error=CharsetError,
                        warning=CharsetWarning,
                        stacklevel=4,
                    )
                    text.append(part.decode("ascii"))
                elif graphic.g1:
                    g1 = graphic
                else:
                    g0 = graphic
            elif g0.multibyte:
                # Delimiters are single bytes of G0: here 0x5C or 0x5E is half a character.
                text.append(_decode_run(part, g0, g1))
            else:
                for position, piece in enumerate(delimiters.split(part)):
                    if position % 2:
                        text.append(piece.decode("ascii"))
                        g0, g1 = self.initial_g0, self.initial_g1  # PS3.5 6.1.2.5.3
                    elif piece:
                        text.append(_decode_run(piece, g0, g1))
        return "".join(text)

    # -- encoding

    def encode(self, value: str, vr: str, errors: Errors) -> bytes:
        if self.plain_encode:
            try:
                return value.encode(self.codec)
            except UnicodeEncodeError as exc:
                self._unencodable(value, vr, errors, exc.start, depth=4)
                return value.encode(self.codec, "replace")
        return self._encode_iso2022(value, vr, errors)

    def _unencodable(
        self, value: str, vr: str, errors: Errors, position: int, *, depth: int = 5
    ) -> None:
        """Raise, or with errors="replace" warn, for a character no set can encode."""
        message = (
            f"cannot encode {value[position]!r} at position {position} of the {vr} value "
            f"{reprlib.repr(value)} with the encodings {self.encodings!r}"
        )
        if errors == "strict":
            raise CharsetError(message)
        warnings.warn(f"{message}: replaced by '?'", CharsetWarning, stacklevel=depth)

    def _encode_iso2022(self, value: str, vr: str, errors: Errors) -> bytes:
        delimiters = _delimiters(vr)
        g0, g1 = self.initial_g0, self.initial_g1
        out = bytearray()
        position = 0
        chars = list(value)  # an unencodable character becomes "?" in place
        replaced: list[int] = []
        ascii_start = self.initial_g0 is _ASCII
        while position < len(chars):
            if ascii_start and g0 is _ASCII:
                # A run of ASCII in one call: a character at a time was ~1 us each.
                run = _ASCII_RUN.match(value, position)
                if run is not None:
                    text = run.group()
                    out += text.encode("ascii")
                    if any(d in text for d in delimiters):
                        g1 = self.initial_g1  # as each delimiter does, below
                    position = run.end()
                    continue
            char = chars[position]
            if char in delimiters:
                # PS3.5 6.1.2.5.3: value 1's G0 is active again before each delimiter.
                # G1 is not designated back (the delimiters are G0 characters): as in
                # PS3.5 Annex I, and as decoders (ours, pydicom's) reset it here.
                if g0 is not self.initial_g0:
                    out += self.initial_g0.escape
                g0, g1 = self.initial_g0, self.initial_g1
                out += char.encode("ascii")
                position += 1
                continue
            code = _encode_char(g0, char)
            if code is None and g1 is not self.initial_g1:
                code = _encode_char(g1, char)
            if code is None:
                for graphic in self.candidates:
                    if not graphic.escape and graphic is not g1:
                        continue  # value 1's undeclared G1: no escape designates it
                    code = _encode_char(graphic, char)
                    if code is not None:
                        if graphic is not g0 and graphic is not g1:
                            out += graphic.escape  # designate it (PS3.5 6.1.2.5.1)
                        if graphic.g1:
                            g1 = graphic
                        else:
                            g0 = graphic
                        break
                else:
                    if errors == "strict" or not replaced:
                        self._unencodable(value, vr, errors, position)  # raises, or warns once
                    replaced.append(position)
                    chars[position] = "?"
                    continue
            out += code
            position += 1
        if g0 is not self.initial_g0:
            out += self.initial_g0.escape  # and at the end of the value
        return bytes(out)


# The codecs that decode a value in one call when they are the only one.
_PLAIN_DECODE: Final = frozenset(
    codec for codec, *_ in CHARSETS.values() if _normal(codec) not in _CODE_EXTENSION_ONLY
)


@lru_cache(maxsize=64)
def _codec_for(encodings: tuple[str, ...]) -> _Codec:
    return _Codec(encodings)


# -- Specific Character Set values

# Spellings seen in real files: "ISO-IR 100", "ISO IR 100", "ISO_IR100", "iso 2022 ir 87".
_MISSPELLED: Final = re.compile(r"ISO[\s_-]*(2022[\s_-]*)?IR[\s_-]*(\d+)", re.IGNORECASE)


def _lookup_term(term: str) -> str | None:
    """The defined term meant by a value of (0008,0005), warning when it is misspelled."""
    if term in CHARSETS:
        return term
    match = _MISSPELLED.fullmatch(term)
    if match:
        repaired = f"ISO 2022 IR {match[2]}" if match[1] else f"ISO_IR {match[2]}"
    else:
        repaired = term.upper()
    if repaired in CHARSETS:
        warnings.warn(
            f"Specific Character Set {term!r} is not a defined term: assuming {repaired!r}",
            CharsetWarning,
            stacklevel=3,
        )
        return repaired
    warnings.warn(
        f"unknown Specific Character Set {term!r}: using the default repertoire",
        CharsetWarning,
        stacklevel=3,
    )
    return None


def python_encodings(specific_character_set: object) -> tuple[str, ...]:
    """The Python codecs for the value(s) of Specific Character Set (0008,0005).

    A str or a sequence of str; anything else (a damaged file) and unknown terms
    fall back to the default repertoire, ISO-IR 6, with a CharsetWarning, as does an
    empty value 1 (PS3.3 C.12.1.1.2).
    """
    if specific_character_set is None:
        return DEFAULT_ENCODINGS
    values: Sequence[Any]
    if isinstance(specific_character_set, str):
        values = specific_character_set.split("\\")
    elif isinstance(specific_character_set, Sequence):
        values = specific_character_set
    else:  # a damaged file gave (0008,0005) another VR
        values = [specific_character_set]
    if not all(isinstance(value, str) for value in values):
        # A damaged file gave (0008,0005) another VR: one warning, not one per value
        # (a fuzzed file made it 224,541 numbers)
        shown = reprlib.repr(specific_character_set)
        warnings.warn(
            f"Specific Character Set {shown} is not text: using the default repertoire",
            CharsetWarning,
            stacklevel=2,
        )
        return DEFAULT_ENCODINGS
    terms: list[str] = []
    for index, value in enumerate(values):
        value = value.strip(" \x00")  # CS padding (PS3.5 6.2)
        if not value:
            if index == 0:
                terms.append(_DEFAULT_TERM)
            continue
        terms.append(_lookup_term(value) or _DEFAULT_TERM)
    # Each term once, in order: a damaged value repeating terms (a fuzzed file gave 547,
    # all unknown) would otherwise make every character try each of them.
    terms = list(dict.fromkeys(terms))
    if not terms:
        return DEFAULT_ENCODINGS
    # PS3.3 C.12.1.1.2: the multi-byte sets without code extensions stand alone.
    for term in terms:
        codec, _, _, iso2022, multibyte = CHARSETS[term]
        if multibyte and not iso2022 and len(terms) > 1:
            warnings.warn(
                f"Specific Character Set {term!r} allows no code extensions: "
                f"ignoring the other values of {terms!r}",
                CharsetWarning,
                stacklevel=2,
            )
            return (codec,)
    encodings = tuple(CHARSETS[term][0] for term in terms)
    return DEFAULT_ENCODINGS if encodings == DEFAULT_ENCODINGS else encodings


# -- the public codec


def decode_text(raw: bytes, encodings: tuple[str, ...], *, vr: str) -> str:
    """Decode the value of a text VR (SH LO ST LT UC UT PN), padding included."""
    if encodings is DEFAULT_ENCODINGS or (len(encodings) == 1 and encodings[0] in _PLAIN_DECODE):
        try:
            return raw.decode(encodings[0])  # the hot path: one bytes.decode
        except UnicodeDecodeError:
            return _decode_bytes(raw, encodings[0], depth=3)
    return _codec_for(encodings).decode(raw, vr)


def decode_person_name(raw: bytes, encodings: tuple[str, ...]) -> str:
    """Decode a PN value; each component group may switch sets (PS3.5 6.2.1.2)."""
    return decode_text(raw, encodings, vr="PN")


def encode_text(
    value: str, encodings: tuple[str, ...], *, vr: str, errors: Errors = "strict"
) -> bytes:
    """Encode the value of a text VR, with ISO 2022 escape sequences where needed.

    A character that no set can encode raises CharsetError, or with errors="replace"
    becomes "?" with a CharsetWarning.
    """
    return _codec_for(encodings).encode(value, vr, errors)


def encode_person_name(
    value: str, encodings: tuple[str, ...], *, errors: Errors = "strict"
) -> bytes:
    """Encode a PN value; "^", "=" and "\\" return to value 1's sets (PS3.5 6.1.2.5.3)."""
    return _codec_for(encodings).encode(value, "PN", errors)


# -- pydicom's functions ----------------------------------------------------------------
def convert_encodings(encodings: str | Sequence[str] | None) -> list[str]:
    """The Python codecs of Specific Character Set values, one per value (pydicom's
    function): the default repertoire's for an empty value; a misspelt term's repair, or
    a Python codec's own name, with a warning (the default repertoire's for anything
    else). A term without code extensions (ISO_IR 192, GB18030, GBK) stands alone: first,
    it drops the others; later, it is dropped; either with a warning (PS3.3 C.12.1.1.2).
    """
    values = [encodings] if isinstance(encodings, str) else list(encodings or [""])
    values = values or [""]
    codecs_found = [_codec_of_term(value) for value in values]
    if len(values) > 1:
        alone = [i for i, value in enumerate(values) if value in _STANDALONE]
        if alone and alone[0] == 0:
            warnings.warn(
                f"Specific Character Set {values[0]!r} allows no code extensions: "
                f"ignoring the other values of {values!r}",
                CharsetWarning,
                stacklevel=2,
            )
            return codecs_found[:1]
        if alone:
            warnings.warn(
                f"Specific Character Set values {[values[i] for i in alone]!r} allow no code "
                "extensions: they are ignored",
                CharsetWarning,
                stacklevel=2,
            )
            return [c for i, c in enumerate(codecs_found) if i not in alone]
    return codecs_found


def _codec_of_term(value: str) -> str:
    """The Python codec of one value of (0008,0005), as `convert_encodings` takes it."""
    if not value:
        return DEFAULT_ENCODINGS[0]
    if value in CHARSETS:
        return CHARSETS[value][0]
    if not _MISSPELLED.fullmatch(value.strip()):
        try:
            codecs.lookup(value)
        except LookupError:
            pass
        else:
            return value  # a Python codec's name, as pydicom takes it
    term = _lookup_term(value)  # a repaired spelling, or the default: with a warning
    return CHARSETS[term][0] if term is not None else DEFAULT_ENCODINGS[0]


# the defined terms that allow no code extensions (PS3.3 C.12.1.1.2)
_STANDALONE: Final = frozenset(
    term for term, (_, _, _, iso2022, multibyte) in CHARSETS.items() if multibyte and not iso2022
)


def encode_string(value: str, encodings: Sequence[str]) -> bytes:
    """`value` encoded with the Python codecs `encodings` (pydicom's function), with ISO 2022
    escape sequences where the first cannot encode a character. A character none can
    encode raises when assigned values raise (`config`), else becomes "?" with a warning."""
    errors: Errors = "strict" if default_validation() == "raise" else "replace"
    return _codec_for(tuple(encodings) or DEFAULT_ENCODINGS).encode(value, "LO", errors)


def decode_element(element: Any, dicom_character_set: str | Sequence[str] | None) -> None:
    """Decode a text element's value with the Specific Character Set given (pydicom's).

    A value read from a file and not decoded yet is decoded with it from now on; bytes
    set by hand are decoded now; text stays as it is.
    """
    if element.VR not in _CHARSET_VRS or element.is_empty:
        return
    encodings = tuple(convert_encodings(dicom_character_set or ["ISO_IR 6"]))
    if element.is_raw and not element.is_decoded:
        element._encodings = encodings
        return
    value = element.value
    if isinstance(value, (bytes, bytearray)):
        element.value = decode_text(bytes(value), encodings, vr=element.VR)
    elif isinstance(value, list) and any(isinstance(v, (bytes, bytearray)) for v in value):
        element.value = [
            decode_text(bytes(v), encodings, vr=element.VR)
            if isinstance(v, (bytes, bytearray))
            else v
            for v in value
        ]


# text VRs whose values the Specific Character Set decodes (PS3.5 6.1.2.3)
_CHARSET_VRS: Final = frozenset(vr for vr, record in VRS.items() if record.charset)


def decode_bytes(value: bytes, encodings: Sequence[str], delimiters: Iterable[int | str]) -> str:
    """`value` decoded with the Python codecs `encodings` (pydicom's function): ISO 2022
    escape sequences switch sets, and after each of `delimiters` (character codes) the
    first value's sets are active again (PS3.5 6.1.2.5.3)."""
    chars = "".join(sorted(chr(d) if isinstance(d, int) else d for d in delimiters))
    return _codec_for(tuple(encodings) or DEFAULT_ENCODINGS).decode_delimited(bytes(value), chars)


#: pydicom's older name of `decode_bytes`
decode_string = decode_bytes
