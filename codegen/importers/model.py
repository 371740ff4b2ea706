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
    """One row of a UID registry: value, name (without "(Retired)"), type, keyword, retired.

    `type` is None where the source does not say (uids.json's "Other"); `vague_type` where
    the source writes one type for several (uids.json's "CodingScheme" is also "DICOM UIDs
    as a Coding Scheme"). `keyword` is "" where the source has no keyword column.
    """

    uid: str
    name: str
    type: str | None
    retired: bool
    keyword: str = ""
    # PS3.6's Part column where it names another standard (DICOS, DICONDE ASTM E2934), or
    # the remark after the name (": Default Transfer Syntax for DICOM"): "" elsewhere
    info: str = ""
    vague_type: bool = False


@dataclass(frozen=True)
class VRRow:
    """One row of PS3.5 Table 6.2-1: the VR, its name and its "Length of Value" text."""

    vr: str
    name: str
    length: str
