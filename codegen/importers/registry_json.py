"""Read the innolitics JSON registry of a DICOM edition (`attributes.json`, `sops.json`).

This is the only module that knows that format.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .model import ElementRow, UIDRow

ATTRIBUTES = "attributes.json"
SOPS = "sops.json"


class RegistryError(ValueError):
    """The JSON registry is not shaped as expected."""


def edition(directory: Path) -> str:
    """The edition the registry was parsed from, taken from its folder name ("innolitics-2024e")."""
    match = re.search(r"(\d{4}[a-e])", directory.resolve().name)
    if not match:
        raise RegistryError(f"no edition (like 2024e) in the folder name {directory.name!r}")
    return match.group(1)


def _load_list(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise RegistryError(f"{path}: expected a list of objects")
    return data


def attributes(path: Path) -> list[ElementRow]:
    """The data elements of PS3.6 tables 6-1, 7-1 and 8-1 as the registry writes them."""
    rows = []
    for item in _load_list(path):
        try:
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
        except KeyError as exc:
            raise RegistryError(f"{path}: entry without {exc}: {item}") from None
    return rows


def sop_classes(path: Path) -> list[UIDRow]:
    """The SOP classes of the registry (all of type "SOP Class")."""
    try:
        return [UIDRow(str(i["id"]), str(i["name"]), "SOP Class") for i in _load_list(path)]
    except KeyError as exc:
        raise RegistryError(f"{path}: entry without {exc}") from None
