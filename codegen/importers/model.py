"""The rows the importers read, before they are merged into `spec/` entries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ElementRow:
    """One row of a data element or command field registry, as the source writes it."""

    tag: str
    name: str
    keyword: str
    vr: str
    vm: str
    retired: bool


@dataclass(frozen=True)
class UIDRow:
    """One row of a UID registry: value, name (with any "(Retired)"), type."""

    uid: str
    name: str
    type: str


@dataclass(frozen=True)
class VRRow:
    """One row of PS3.5 Table 6.2-1: the VR, its name and its "Length of Value" text."""

    vr: str
    name: str
    length: str
