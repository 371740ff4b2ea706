"""Build the template contexts: everything a template prints is decided here.

One function per generated module; each returns plain dicts and strings so the
templates stay loops and substitutions.
"""

from __future__ import annotations

import base64
import dataclasses
import re
import struct
import zlib
from typing import Any

from codegen.python_types import accessor_type, type_alias, value_alias, value_imports
from codegen.spec import PRIVATE_DICTIONARY, VR, KeywordAlias, Spec

# struct format of one value -> the inclusive range a binary number must lie in
_RANGES = {
    "H": (0, 0xFFFF),
    "h": (-0x8000, 0x7FFF),
    "I": (0, 0xFFFFFFFF),
    "i": (-0x80000000, 0x7FFFFFFF),
    "Q": (0, 0xFFFFFFFFFFFFFFFF),
    "q": (-0x8000000000000000, 0x7FFFFFFFFFFFFFFF),
}

# How trailing padding is trimmed on decoding (PS3.5 6.2: trailing spaces are
# insignificant; NUL is UI's padding, and common in other text VRs in real files).
_STRIP_CHARS = {"trailing": " \x00", "both": " \x00", "trailing_nul": "\x00 ", "none": ""}


def _tag_hex(tag_int: int) -> str:
    return f"{tag_int:08X}"


def dictionary(spec: Spec) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    repeaters: list[dict[str, Any]] = []
    for element in spec.elements:
        mask, value = element.mask_and_value
        row = {
            "tag_hex": _tag_hex(value),
            "mask_hex": _tag_hex(mask),
            "vr": element.vr,
            "vm": element.vm,
            "name": element.name,
            "retired": element.retired,
            "keyword": element.keyword,
        }
        (repeaters if element.is_repeating else rows).append(row)
    rows.sort(key=lambda r: r["tag_hex"])
    return {"elements": rows, "repeaters": repeaters, "left_out": left_out_lines(spec.left_out)}


def left_out_lines(keywords: tuple[str, ...]) -> list[str]:
    """The keywords a subset of the dictionary leaves out, as `dicodec.datadict.is_left_out`
    reads them: the top bits of the CRC-32 of each (first byte: how many), sorted, the gaps
    between them Rice-coded (second byte: the Rice parameter), in base85, in lines of 80
    characters. Only to say that a keyword is one of the standard's (a misspelt word matches
    by chance less than once in 16,384), in a tenth of the room of the words."""
    if not keywords:
        return []
    bits = min(32, len(keywords).bit_length() + 14)
    hashes = sorted({zlib.crc32(k.encode("ascii")) >> (32 - bits) for k in keywords})
    gaps = [b - a for a, b in zip([0, *hashes], hashes, strict=False)]
    coded = min((rice_code(gaps, k) for k in range(1, bits)), key=len)
    text = base64.b85encode(bytes([bits]) + coded).decode("ascii")
    return [text[i : i + 80] for i in range(0, len(text), 80)]


def rice_code(numbers: list[int], k: int) -> bytes:
    """`numbers` Rice-coded with parameter `k` (each: the quotient by 2**k in unary, ones
    ended by a zero, then the remainder in k bits), after a byte holding `k`."""
    bits = "".join("1" * (n >> k) + "0" + format(n & ((1 << k) - 1), f"0{k}b") for n in numbers)
    bits += "0" * (-len(bits) % 8)  # fewer than k bits: the reader stops there
    return bytes([k]) + int(bits, 2).to_bytes(len(bits) // 8, "big")


def keywords(spec: Spec) -> dict[str, Any]:
    """The accessors, and the type aliases that name their descriptor types (`_PN_1`)."""
    vrs = {vr.vr: vr for vr in spec.vrs}
    accessors = []
    type_aliases: dict[str, dict[str, str]] = {}
    for element in sorted(spec.elements, key=lambda e: e.keyword or ""):
        if element.keyword is None or element.vr == "NONE":
            continue
        types = accessor_type(element, vrs)
        state = "Retired. " if element.retired else ""
        descriptor = "_RetiredKeyword" if element.retired else "_Keyword"
        alias = type_alias(element)
        type_aliases[alias] = {
            "descriptor": descriptor,
            "get_type": types.get,
            "set_type": types.set,
        }
        accessors.append(
            {
                "keyword": element.keyword,
                "tag_hex": _tag_hex(element.tag_int),
                "type_alias": alias,
                "descriptor": descriptor,
                "doc": f"{state}{element.tag.upper().replace('X', 'x')} {element.vr} {element.vm}: "
                f"{_doc_text(element.name)}",
            }
        )
    return {
        "accessors": accessors,
        "type_aliases": [{"name": n, **type_aliases[n]} for n in sorted(type_aliases)],
        "descriptors": sorted({a["descriptor"] for a in accessors}),
        "aliases": _aliases(spec, vrs),
        "imports": value_imports(vrs[name].python_type for name in vrs),
    }


def _alias_message(alias: KeywordAlias) -> str:
    return (
        f"{alias.keyword} is deprecated: DICOM {alias.since} renamed it {alias.renamed_to}; "
        f"dicodec keeps the old keyword until DICOM {alias.until}"
    )


def _aliases(spec: Spec, vrs: dict[str, VR]) -> list[dict[str, Any]]:
    """The accessors of renamed keywords: typed as the new keyword, deprecated."""
    by_tag = {e.tag: e for e in spec.elements}
    out = []
    for alias in sorted(spec.aliases, key=lambda a: a.keyword):
        element = by_tag[alias.tag]
        types = accessor_type(element, vrs)
        out.append(
            {
                "keyword": alias.keyword,
                "renamed_to": alias.renamed_to,
                "tag_hex": _tag_hex(element.tag_int),
                "get_type": types.get,
                "set_type": types.set,
                "message": _alias_message(alias),
                "doc": f"Deprecated: renamed {alias.renamed_to} in DICOM {alias.since}. "
                f"{element.tag} {element.vr} {element.vm}: {_doc_text(element.name)}",
            }
        )
    return out


def keyword_aliases(spec: Spec) -> dict[str, Any]:
    by_tag = {e.tag: e for e in spec.elements}
    rows = [
        {
            "keyword": a.keyword,
            "tag_hex": _tag_hex(by_tag[a.tag].tag_int),
            "renamed_to": a.renamed_to,
            "message": _alias_message(a),
        }
        for a in sorted(spec.aliases, key=lambda a: a.keyword)
    ]
    return {"aliases": rows}


def _doc_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


BACKSLASH = "\\"  # the value delimiter of text VRs (PS3.5 6.4)
# Byte orders, each a table of the codecs (`DECODERS[little_endian]`); PS3.5 7.3.
_ORDERS: tuple[dict[str, Any], ...] = (
    {"little": True, "suffix": "le", "prefix": "<", "name": "little endian"},
    {"little": False, "suffix": "be", "prefix": ">", "name": "big endian"},
)
# kind -> the template macro that writes a VR's codec functions (SQ has none: its
# items are parsed, not decoded as a value)
_FRAGMENTS = {
    "text": "text",
    "number_text": "text",
    "binary_number": "binary",
    "tag": "binary",
    "bytes": "bytes",
}


def _value_expressions(vr: VR) -> dict[str, str]:
    """The expressions that turn one decoded string `v` (or `text`) into a value."""
    ctor = value_alias(vr.python_type)
    if vr.kind == "number_text":
        # PS3.5 6.2: leading and trailing spaces of DS and IS are insignificant (pydicom
        # strips them too); `text` comes with its trailing padding already removed
        if vr.strip == "both":
            each, one = (
                f"_number_text({ctor}, v.strip(' '))",
                f"_number_text({ctor}, text.lstrip(' '))",
            )
        else:
            each, one = f"_number_text({ctor}, v)", f"_number_text({ctor}, text)"
    elif ctor == "str":
        # PS3.5 6.2: leading spaces are insignificant too for these VRs
        each, one = ("v.strip(' ')", "text.strip(' ')") if vr.strip == "both" else ("v", "text")
    elif vr.python_type == "PersonName":
        # PS3.5 6.2.1.1: empty trailing component groups may be left out; read
        # "A^B=" as "A^B", as pydicom does (the bytes are written back as read).
        each, one = f"{ctor}(v.rstrip('='))", f"{ctor}(text.rstrip('='))"
    else:
        each, one = f"{ctor}(v)", f"{ctor}(text)"
    return {"each": each, "one": one}


def swap_width(vr: VR) -> int:
    """Bytes of one unit that a change of byte order reverses: a value's (AT: each of its
    two US), a word's of the bytes VRs (OW 2, OF 4, OD 8, ...); 1 for text and SQ."""
    return struct.calcsize(vr.struct[0]) if vr.struct else 1


def vrs(spec: Spec) -> dict[str, Any]:
    """The `VR` records: every fact of spec/vrs.yaml the runtime reads, as Python literals."""
    rows = []
    for vr in sorted(spec.vrs, key=lambda v: v.vr):
        rows.append(
            {
                "vr": vr.vr,
                "name": vr.name,
                "kind": vr.kind,
                "long_header": vr.header == "long",
                "undefined_length": vr.undefined_length,
                "swap_width": swap_width(vr),
                "max_length": vr.max_length,
                "padding": (vr.padding or "").encode("latin_1"),
                "multi": vr.multi,
                "charset": vr.charset,
                "python_type": vr.python_type,
            }
        )
    return {"vrs": rows}


def _text_codec(vr: VR, ctx: dict[str, Any]) -> None:
    """What the text macro writes for DA, LO, PN, DS, ...: decoding, encoding, rules."""
    item = ctx["item_type"]
    if vr.python_type == "PersonName":  # each component group may have its own charset
        ctx["read_text"] = "_decode_person_name(raw, encodings)"
        encoded = "_encode_person_name(_joined(value), encodings)"
    elif vr.charset:
        ctx["read_text"] = f'_decode_text(raw, encodings, "{vr.vr}")'
        encoded = f'_encode_text(_joined(value), encodings, "{vr.vr}")'
    else:
        ctx["read_text"] = 'str(raw, "latin_1")'
        joined = "_joined_numbers" if vr.kind == "number_text" else "_joined"
        encoded = f'{joined}(value).encode("latin_1")'
    ctx["encode_expr"] = f"_pad({encoded}, {ctx['padding']!r})"
    steps = []
    if vr.kind == "number_text":
        steps += ["if not text:", "    return None"]
    if vr.multi:
        steps += [
            r'if "\\" in text:',
            f"    return _MultiValue._trusted({item}, [{ctx['each']} for v in text.split({BACKSLASH!r})])",
        ]
    ctx["decode_steps"] = steps
    # several values may be given as a list, or as text with backslashes (pydicom splits it)
    ctx["coerce_steps"] = (
        [
            "if isinstance(value, (list, tuple)):",
            f"    return _MultiValue({item}, value)",
            r'if isinstance(value, str) and "\\" in value:',
            f"    return _MultiValue({item}, value.split({BACKSLASH!r}))",
        ]
        if vr.multi
        else []
    )
    parts = ["Specific Character Set text" if vr.charset else "ASCII text"]
    if vr.strip != "none":
        parts.append("trailing padding removed")
    if vr.multi:
        parts.append("values split on backslash")
    ctx["decode_doc"] = ", ".join(parts) + "."
    # an empty value: None for numbers, else the empty text of the value type
    empty = {"PersonName": "_PersonName('')", "UID": "_UID('')"}.get(vr.python_type, "''")
    ctx["empty"] = "None" if vr.kind == "number_text" else empty
    ctx["blank_text"] = "not value.strip()" if vr.kind == "number_text" else "not value"
    ctx["constants"] = (
        [f"_{vr.vr}_CHARS: Final = _re.compile({f'(?:{vr.chars})*'!r})"] if vr.chars else []
    )
    checks = []
    if vr.max_length or vr.chars:
        checks.append("for item in _values_of(value):")
        if vr.kind == "number_text":
            checks += [
                f"    if item.__class__ is {item}:",
                f"        continue  # its constructor enforces the {vr.vr} rules",
            ]
        checks.append("    text = str(item)")
    if vr.max_length:
        checks += [
            f"    if len(text) > {vr.max_length}:",
            f'        return f"{vr.vr} values are at most {vr.max_length} characters, '
            '{text!r} has {len(text)}"',
        ]
    if vr.chars:
        # trailing spaces are padding where decoding removes them (PS3.5 6.2; for UR
        # "trailing spaces shall be ignored"): not characters of the value
        padded = vr.padding == " " and vr.strip == "trailing"
        checked = 'text.rstrip(" ")' if padded else "text"
        checks += [
            f"    if _{vr.vr}_CHARS.fullmatch({checked}) is None:",
            f'        return f"{{text!r}} has characters that {vr.vr} does not allow"',
        ]
    ctx["validate_lines"] = checks


def _binary_codec(vr: VR, ctx: dict[str, Any]) -> None:
    """What the binary macro writes for US, FD, AT, ...: one codec per byte order."""
    item = ctx["item_type"]
    width = vr.width
    orders = []
    for order in _ORDERS:
        packer = f"_{vr.vr}_{order['suffix'].upper()}"
        p = order["prefix"]
        if vr.kind == "tag":  # AT: a pair of US, group then element (PS3.5 6.2)
            one = [
                f"group, element = {packer}.unpack(raw)",
                f"return {item}(group << 16 | element)",
            ]
            many = [
                f'pairs = _struct.unpack_from(f"{p}{{count * 2}}H", raw)',
                f"tags = [{item}(pairs[i] << 16 | pairs[i + 1]) for i in range(0, len(pairs), 2)]",
                f"return tags[0] if count == 1 else _MultiValue._trusted({item}, tags)",
            ]
            encode_one = f"{packer}.pack(value >> 16, value & 0xFFFF)"
            encode_many = f'b"".join([{packer}.pack(t >> 16, t & 0xFFFF) for t in value])'
        else:
            one = [f"value: {item} = {packer}.unpack(raw)[0]", "return value"]
            many = [
                f"return _MultiValue._trusted({item}, "
                f'list(_struct.unpack_from(f"{p}{{count}}{vr.struct}", raw)))'
            ]
            encode_one = f"{packer}.pack(value)"
            encode_many = f'_struct.pack(f"{p}{{len(value)}}{vr.struct}", *value)'
        orders.append(
            {
                **order,
                "packer": packer,
                "struct": f"{p}{vr.struct}",
                "decode_one": one,
                "decode_many": many,
                "encode_one": encode_one,
                "encode_many": encode_many,
            }
        )
    ctx["orders"] = orders
    ctx["decoders"] = {o["suffix"]: f"decode_{vr.vr}_{o['suffix']}" for o in _ORDERS}
    ctx["encoders"] = {o["suffix"]: f"encode_{vr.vr}_{o['suffix']}" for o in _ORDERS}
    ctx["width"] = width
    ctx["decode_doc"] = f"{width} bytes a value; one value, a MultiValue, or None when empty."
    # what makes one assigned value: an int or a float, never text or a bool (pydicom warns
    # of those too; int(1.5) would hide a mistake); AT takes what a tag is made from
    ctx["coerce_item"] = {"int": "_integer", "float": "_real"}.get(vr.python_type, item)
    low_high = _RANGES.get(vr.struct or "")
    ctx["validate_lines"] = [
        "if isinstance(value, bytes):  # the encoded value, as given",
        f"    if len(value) % {width}:",
        f'        return f"{vr.vr} values are {width} bytes each, not {{len(value)}} bytes"',
        "    return None",
    ]
    if low_high:
        ctx["validate_lines"] += [
            "for item in _values_of(value):",
            f"    if not {low_high[0]} <= item <= {low_high[1]}:",
            f'        return f"{{item}} is out of the {vr.vr} range {low_high[0]}..{low_high[1]}"',
        ]


def _bytes_codec(vr: VR, ctx: dict[str, Any]) -> None:
    """What the bytes macro writes for OB, OW, UN, ...: the bytes as stored."""
    width = swap_width(vr)
    order = " (in the source's byte order)" if width > 1 else ""
    ctx["decode_doc"] = f"the bytes as stored{order}."
    ctx["encode_expr"] = f"_pad(bytes(value), {ctx['padding']!r})"
    ctx["validate_lines"] = (
        [
            f"if value is not None and len(value) % {width}:",
            f'    return f"{vr.vr} values are a whole number of {width}-byte words, '
            'not {len(value)} bytes"',
        ]
        if width > 1
        else []
    )


def vr_codecs(spec: Spec) -> dict[str, Any]:
    """The codec functions of every VR with a value codec (all but SQ), decided per VR."""
    out = []
    for vr in sorted(spec.vrs, key=lambda v: v.vr):
        fragment = _FRAGMENTS.get(vr.kind)
        if fragment is None:
            continue
        padding = (vr.padding or "").encode("latin_1")
        ctx: dict[str, Any] = {
            "vr": vr.vr,
            "fragment": fragment,
            "rule": f"# {vr.vr}: {vr.name} " + "-" * (70 - len(vr.vr) - len(vr.name)),
            "item_type": value_alias(vr.python_type),
            "padding": padding,
            "padding_name": "a space" if padding == b" " else "NUL",
            "strip_chars": _STRIP_CHARS[vr.strip],
            "decoders": {o["suffix"]: f"decode_{vr.vr}" for o in _ORDERS},
            "encoders": {o["suffix"]: f"encode_{vr.vr}" for o in _ORDERS},
            "decoded_type": _decoded_type(vr),
        }
        ctx.update(_value_expressions(vr))
        {"text": _text_codec, "binary": _binary_codec, "bytes": _bytes_codec}[fragment](vr, ctx)
        out.append(ctx)
    number_text = [v for v in out if v["fragment"] == "text" and v["empty"] == "None"]
    imports = value_imports(vr.python_type for vr in spec.vrs if vr.kind in _FRAGMENTS)
    return {"vrs": out, "orders": _ORDERS, "number_text": number_text, "imports": imports}


def _decoded_type(vr: VR) -> str:
    """What a VR's decoder returns: one value, a MultiValue, or the empty value."""
    one = value_alias(vr.python_type)
    if vr.kind == "bytes":
        return "bytes | None"
    if vr.kind == "number_text":
        one = f"{one} | str"  # text that is not a valid number is kept as text
    forms = [one]
    if vr.multi:
        forms.append(f"_MultiValue[{one}]")
    if vr.kind != "text":
        forms.append("None")
    return " | ".join(forms)


def tags(spec: Spec) -> dict[str, Any]:
    """A constant per keyword: the tag (for a repeating group, its first member)."""
    rows = [
        {"keyword": e.keyword, "tag_hex": _tag_hex(e.tag_int)}
        for e in sorted(spec.elements, key=lambda e: e.keyword or "")
        if e.keyword
    ]
    return {"tags": rows}


def transfer_syntaxes(spec: Spec) -> dict[str, Any]:
    """The `TransferSyntax` records, by UID, in UID order."""
    rows = sorted(spec.transfer_syntaxes, key=lambda t: [int(p) for p in t.uid.split(".")])
    return {"transfer_syntaxes": [dataclasses.asdict(t) for t in rows]}


def uids(spec: Spec) -> dict[str, Any]:
    entries = sorted(spec.uids, key=lambda u: [int(p) for p in u.uid.split(".")])
    for_constants = []
    for u in sorted(entries, key=lambda u: u.keyword):
        state = " (retired)" if u.retired else ""
        for_constants.append(
            {
                "keyword": u.keyword,
                "uid": u.uid,
                "doc": _doc_text(f"{u.uid}: {u.name}, {u.type}{state}"),
            }
        )
    return {"uids": entries, "constants": for_constants}


def _escape(hex_text: str | None) -> str:
    if not hex_text:
        return 'b""'
    data = bytes.fromhex(re.sub(r"\s+", "", hex_text))
    return repr(data)


def charsets(spec: Spec) -> dict[str, Any]:
    rows = []
    for c in sorted(spec.charsets, key=lambda c: c.term):
        rows.append(
            {
                "term": c.term,
                "python_codec": c.python_codec,
                "g0": _escape(c.escape_g0),
                "g1": _escape(c.escape_g1),
                "iso2022": c.iso2022,
                "multibyte": c.multibyte,
            }
        )
    return {"charsets": rows}


def private_dictionary(spec: Spec) -> dict[str, Any]:
    """The private elements, grouped by creator (in the spec's order: creator, then tag)."""
    creators: dict[str, list[Any]] = {}
    for entry in spec.private:
        creators.setdefault(entry.creator, []).append(entry)
    lines = [
        f"- {ref.part}'s private dictionary, {ref.revision};"
        for ref in spec.sources.get(PRIVATE_DICTIONARY, ())
        if ref.revision
    ]
    lines.append("the first one's entry wins where both give one (spec/private_dictionary.yaml).")
    return {
        "creators": [{"name": name, "entries": entries} for name, entries in creators.items()],
        "sources": lines,
    }
