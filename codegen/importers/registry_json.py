"""Read PS3.6 as JSON: data elements shaped as innolitics' `attributes.json`, UIDs as `uids.json`.

This is the only module that knows those formats. A file of another shape is refused
with one line naming it and what is wrong.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .model import ElementRow, UIDRow
from .sources import SourceError

ATTRIBUTE_FIELDS = ("tag", "name", "keyword", "valueRepresentation", "valueMultiplicity", "retired")
UID_FIELDS = ("uid", "name", "type", "retired")

# uids.json writes the UID Type of PS3.6 Table A-1 in one word; "Other" stands for
# several types (LDAP OID, Synchronization Frame of Reference, Mapping Resource, ...)
# and so says nothing (None), and "CodingScheme" stands for "Coding Scheme" and "DICOM
# UIDs as a Coding Scheme" (VAGUE_TYPES: an older source may say which).
VAGUE_TYPES = frozenset({"Other", "CodingScheme"})
UID_TYPES: dict[str, str | None] = {
    "SOPClass": "SOP Class",
    "MetaSOPClass": "Meta SOP Class",
    "TransferSyntax": "Transfer Syntax",
    "ServiceClass": "Service Class",
    "WellKnownFrameOfReference": "Well-known frame of reference",
    "WellKnownSOPInstance": "Well-known SOP Instance",
    "CodingScheme": "Coding Scheme",
    "ApplicationContext": "Application Context Name",
    "Other": None,
}
_RETIRED_SUFFIX = re.compile(r"\s*\(Retired\)\s*$")


class RegistryError(SourceError):
    """The JSON is not shaped as expected."""


def _load_list(path: Path, fields: tuple[str, ...], shape: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise RegistryError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise RegistryError(f"{path}: not JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, list) or not data:
        raise RegistryError(f"{path}: expected a non-empty list of objects, shaped as {shape}")
    for index, item in enumerate(data):
        missing = [f for f in fields if not isinstance(item, dict) or f not in item]
        if missing:
            raise RegistryError(
                f"{path}: entry {index} has no {', '.join(missing)}: expected the shape of {shape}"
            )
    return data


def attributes(path: Path) -> list[ElementRow]:
    """The data elements of PS3.6 Tables 6-1, 7-1, 8-1 and 9-1 as attributes.json writes them."""
    rows = []
    for item in _load_list(path, ATTRIBUTE_FIELDS, "attributes.json"):
        if item["retired"] not in ("Y", "N"):
            raise RegistryError(
                f"{path}: {item['tag']}: retired is {item['retired']!r}, not Y or N"
            )
        rows.append(
            ElementRow(
                tag=str(item["tag"]),
                name=str(item["name"]),
                keyword=str(item["keyword"]),
                vr=str(item["valueRepresentation"]),
                vm=str(item["valueMultiplicity"]),
                retired=item["retired"] == "Y",
            )
        )
    return rows


def uids(path: Path) -> list[UIDRow]:
    """The UIDs of PS3.6 Tables A-1 and A-2 as uids.json writes them."""
    rows = []
    for item in _load_list(path, UID_FIELDS, "uids.json"):
        kind = str(item["type"])
        if kind in UID_TYPES:
            uid_type = UID_TYPES[kind]
        elif " " in kind:  # already spelled as PS3.6 spells it
            uid_type = kind
        else:
            raise RegistryError(f"{path}: {item['uid']}: UID type {kind!r} is not one it knows")
        if not isinstance(item["retired"], bool):
            raise RegistryError(
                f"{path}: {item['uid']}: retired is {item['retired']!r}, not a bool"
            )
        name = str(item["name"])
        retired = item["retired"] or bool(_RETIRED_SUFFIX.search(name))
        rows.append(
            UIDRow(
                uid=str(item["uid"]),
                name=_RETIRED_SUFFIX.sub("", name),
                type=uid_type,
                retired=retired,
                keyword=str(item.get("keyword") or ""),
                vague_type=kind in VAGUE_TYPES,
            )
        )
    return rows
