"""Build the template contexts: everything a template prints is decided here.

One function per generated module; each returns plain dicts and strings so the
templates stay loops and substitutions.
"""

from __future__ import annotations

import re
import struct
from typing import Any

from codegen.python_types import accessor_type
from codegen.spec import VR, KeywordAlias, Spec

# python_type in vrs.yaml -> the alias the generated codecs import
_CTOR = {
    "str": "str",
    "PersonName": "_PersonName",
    "UID": "_UID",
    "DSfloat": "_DSfloat",
    "IS": "_IS",
    "int": "int",
    "float": "float",
    "Tag": "_Tag",
    "bytes": "bytes",
    "Sequence": "list",
}

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
    keyword_order = sorted(
        (r for r in rows + repeaters if r["keyword"]), key=lambda r: r["keyword"]
    )
    return {"elements": rows, "repeaters": repeaters, "keyword_order": keyword_order}


def keywords(spec: Spec) -> dict[str, Any]:
    vrs = {vr.vr: vr for vr in spec.vrs}
    accessors = []
    for element in sorted(spec.elements, key=lambda e: e.keyword or ""):
        if element.keyword is None or element.vr == "NONE":
            continue
        types = accessor_type(element, vrs)
        state = "Retired. " if element.retired else ""
        accessors.append(
            {
                "keyword": element.keyword,
                "tag_hex": _tag_hex(element.tag_int),
                "get_type": types.get,
                "set_type": types.set,
                "descriptor": "_RetiredKeyword" if element.retired else "_Keyword",
                "doc": f"{state}{element.tag.upper().replace('X', 'x')} {element.vr} {element.vm}: "
                f"{_doc_text(element.name)}",
            }
        )
    return {"accessors": accessors, "aliases": _aliases(spec, vrs)}


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


def _value_expressions(vr: VR) -> dict[str, str]:
    """The expressions that turn one decoded string `v` (or `text`) into a value."""
    ctor = _CTOR[vr.python_type]
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
    elif ctor == "_PersonName":
        # PS3.5 6.2.1.1: empty trailing component groups may be left out; read
        # "A^B=" as "A^B", as pydicom does (the bytes are written back as read).
        each, one = f"{ctor}(v.rstrip('='))", f"{ctor}(text.rstrip('='))"
    else:
        each, one = f"{ctor}(v)", f"{ctor}(text)"
    return {"each": each, "one": one}


def vr_codecs(spec: Spec) -> dict[str, Any]:
    out = []
    for vr in sorted(spec.vrs, key=lambda v: v.vr):
        ctx: dict[str, Any] = {
            "vr": vr.vr,
            "name": vr.name,
            "kind": vr.kind,
            "header": vr.header,
            "multi": vr.multi,
            "charset": vr.charset,
            # bytes VRs hold words of their struct's size (OW 2, OF 4, OD 8, ...)
            "width": vr.width or (struct.calcsize(vr.struct) if vr.struct else 1),
            "struct": vr.struct,
            "max_length": vr.max_length,
            "chars": vr.chars,
            "chars_pattern": f"(?:{vr.chars})*" if vr.chars else None,
            "item_type": _CTOR[vr.python_type],
            "strip_chars": _STRIP_CHARS[vr.strip],
            "padding_bytes": (vr.padding or "\0").encode("latin_1"),
            "padding_name": "a space" if vr.padding == " " else "NUL",
            "empty": {"_PersonName": "_PersonName('')", "_UID": "_UID('')"}.get(
                _CTOR[vr.python_type], "''"
            ),
        }
        ctx.update(_value_expressions(vr))
        ctx["decoded_type"] = _decoded_type(vr)
        if vr.kind in ("binary_number", "tag"):
            ctx["orders"] = [
                {"suffix": "le", "prefix": "<", "name": "little endian"},
                {"suffix": "be", "prefix": ">", "name": "big endian"},
            ]
            ctx["one_struct"] = "HH" if vr.kind == "tag" else vr.struct
            ctx["range"] = _RANGES.get(vr.struct or "")
        ctx["decode_doc"] = _decode_doc(vr)
        out.append(ctx)
    return {"vrs": out}


def _decoded_type(vr: VR) -> str:
    """What a VR's decoder returns: one value, a MultiValue, or the empty value."""
    one = _CTOR[vr.python_type]
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


def _decode_doc(vr: VR) -> str:
    if vr.kind in ("binary_number", "tag"):
        return f"{vr.width} bytes a value; one value, a MultiValue, or None when empty."
    parts = ["Specific Character Set text" if vr.charset else "ASCII text"]
    if vr.strip != "none":
        parts.append("trailing padding removed")
    if vr.multi:
        parts.append("values split on backslash")
    return ", ".join(parts) + "."


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
    syntaxes = sorted(spec.transfer_syntaxes, key=lambda t: [int(p) for p in t.uid.split(".")])
    return {"uids": entries, "transfer_syntaxes": syntaxes, "constants": for_constants}


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
