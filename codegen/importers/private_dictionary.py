"""The vendors' private dictionaries (GDCM's and DCMTK's) -> `spec/private_dictionary.yaml`.

Private elements are no part of the standard: a private creator (gggg,00xx) reserves
a block (gggg,xx00)-(gggg,xxFF) of an odd group, and the creator's elements sit at an
offset in that block (PS3.5 7.8.1). Toolkits collect what vendors' conformance
statements say about them. An entry is keyed by its creator and a tag in which `xx`
stands for the block: `(0019,xx10)` is offset 0x10 of whichever block the creator
reserved, `(60xx,xx00)` the same in any odd group 6001-60FF, and a tag without `x`
(`(0019,1000)`) one fixed element.

GDCM's dictionary wins where both give an entry for the same (creator, tag): pydicom's
private dictionary is generated from GDCM's, so a file read by dicodec gets the VR that
pydicom gives it, and GDCM's is the larger and the one its maintainers extend from
vendors' statements. DCMTK's adds the entries GDCM's has not, and none that a GDCM entry
of the same creator already covers (its fixed `(0019,1000)` where GDCM has `(0019,xx00)`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from .build import Entry, SpecError
from .tables import EntryList, Inputs, Table

GDCM, DCMTK = "private_gdcm", "private_dcmtk"
# GDCM writes two alternatives with an underscore; DCMTK has its own pseudo-VRs for
# "OB or OW" (ox) and encapsulated pixel data (px, whose items are OB: PS3.5 A.4)
_VR_SPELLINGS = {"US_SS": "US or SS", "OB_OW": "OB or OW", "ox": "OB or OW", "px": "OB"}
# GDCM leaves unknown names as "?"; pydicom, whose dictionary is GDCM's, says "Unknown"
_UNKNOWN_NAMES = {"?": "Unknown"}
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
# DCMTK: (gggg,"CREATOR",ee) or (gggg,"CREATOR",eeee), the group maybe a range of odd
# groups (gg01-o-ggFF)
_DCMTK_TAG = re.compile(
    r'\((?P<group>[0-9A-Fa-f]{4})(?:-o-(?P<last>[0-9A-Fa-f]{4}))?,"(?P<creator>[^"]*)",'
    r"(?P<element>[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4})\)"
)


@dataclass(frozen=True)
class PrivateRow:
    """One entry of a vendor's dictionary, its tag normalised to `(GGGG,EEEE)` with `x`."""

    creator: str
    tag: str
    vr: str
    vm: str
    name: str


def _tag(group: str, element: str) -> str:
    return f"({group.upper().replace('X', 'x')},{element.upper().replace('X', 'x')})"


def _vr(text: str, vrs: Collection[str], where: str) -> str:
    vr = _VR_SPELLINGS.get(text, text)
    if not all(part in vrs for part in vr.split(" or ")):
        raise SpecError("private dictionary: unknown VR", [f"{where}: {text!r}"])
    return vr


def gdcm(path: Path, vrs: Collection[str]) -> list[PrivateRow]:
    """GDCM's privatedicts.xml: `<entry owner= group= element= vr= vm= name=/>` (the ones
    commented out are not read)."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise SpecError(f"{path}: not XML", [str(exc)]) from None
    rows = []
    problems = []
    for entry in root.iter("entry"):
        a = entry.attrib
        group, element = a.get("group", ""), a.get("element", "")
        where = f"{path.name}: {a}"
        if not (
            _HEX4.fullmatch(group.replace("x", "0")) and _HEX4.fullmatch(element.replace("x", "0"))
        ):
            problems.append(f"{where}: group and element are four hex digits or x")
            continue
        if not a.get("owner"):
            problems.append(f"{where}: no owner (private creator)")
            continue
        name = a.get("name", "")
        rows.append(
            PrivateRow(
                a["owner"],
                _tag(group, element),
                _vr(a.get("vr", ""), vrs, where),
                a.get("vm") or "1",
                _UNKNOWN_NAMES.get(name, name),
            )
        )
    if problems:
        raise SpecError(f"{path}: GDCM private dictionary", problems)
    if not rows:
        raise SpecError(f"{path}: GDCM private dictionary", ["no <entry> elements"])
    return rows


def dcmtk(path: Path, vrs: Collection[str]) -> list[PrivateRow]:
    """DCMTK's private.dic: `(gggg,"CREATOR",ee)<TAB>VR<TAB>Name<TAB>VM<TAB>Version` lines;
    a later line for the same tag replaces an earlier one, as DCMTK reads it."""
    found: dict[tuple[str, str], PrivateRow] = {}
    problems = []
    for number, line in enumerate(path.read_text(encoding="latin-1").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        match = _DCMTK_TAG.fullmatch(fields[0])
        where = f"{path.name}:{number}"
        if match is None or len(fields) < 4:
            problems.append(f"{where}: not a private tag line: {line!r}")
            continue
        group, last = match["group"], match["last"]
        if last is not None:
            # a range of odd groups: only gg01-o-ggFF, written (ggxx,...) as GDCM does
            if (
                group[2:] != "01"
                or last[:2].upper() != group[:2].upper()
                or last[2:].upper() != "FF"
            ):
                problems.append(f"{where}: a group range other than gg01-o-ggFF: {fields[0]}")
                continue
            group = group[:2] + "xx"
        element = match["element"]
        if len(element) == 2:
            element = "xx" + element
        row = PrivateRow(
            match["creator"], _tag(group, element), _vr(fields[1], vrs, where), fields[3], fields[2]
        )
        found[(row.creator, row.tag)] = row
    if problems:
        raise SpecError(f"{path}: DCMTK private dictionary", problems)
    if not found:
        raise SpecError(f"{path}: DCMTK private dictionary", ["no private tag lines"])
    return list(found.values())


def _covers(pattern: str, tag: str) -> bool:
    """Whether the tag `pattern` (with x digits) matches every digit of `tag` it fixes."""
    return all(p == "x" or p == t for p, t in zip(pattern, tag, strict=True))


@dataclass
class Merged:
    entries: list[Entry]
    from_gdcm: int
    from_dcmtk: int
    disagree: int  # (creator, tag)s both give, with another VR or VM
    covered: int  # DCMTK entries a GDCM entry of the creator already covers


def merge(gdcm_rows: Iterable[PrivateRow], dcmtk_rows: Iterable[PrivateRow]) -> Merged:
    """GDCM's entries, then DCMTK's for what GDCM's has not; sorted by creator, then tag."""
    merged: dict[tuple[str, str], Entry] = {}
    by_creator: dict[str, list[str]] = {}
    for row in gdcm_rows:
        key = (row.creator, row.tag)
        if key in merged:
            raise SpecError("GDCM private dictionary: duplicates", [f"{row.creator} {row.tag}"])
        merged[key] = _entry(row, "GDCM")
        by_creator.setdefault(row.creator, []).append(row.tag)
    from_gdcm = len(merged)
    disagree = covered = 0
    for row in dcmtk_rows:
        have = merged.get((row.creator, row.tag))
        if have is not None:
            disagree += (have["vr"], have["vm"]) != (row.vr, row.vm)
            continue
        if any(_covers(t, row.tag) for t in by_creator.get(row.creator, ())):
            covered += 1
            continue
        merged[(row.creator, row.tag)] = _entry(row, "DCMTK")
    entries = [merged[key] for key in sorted(merged, key=_sort_key)]
    return Merged(entries, from_gdcm, len(merged) - from_gdcm, disagree, covered)


def _entry(row: PrivateRow, source: str) -> Entry:
    return {
        "creator": row.creator,
        "tag": row.tag,
        "vr": row.vr,
        "vm": row.vm,
        "name": row.name,
        "source": source,
    }


def _sort_key(key: tuple[str, str]) -> tuple[str, int, str]:
    creator, tag = key
    return creator, int(tag[1:5].replace("x", "0") + tag[6:10].replace("x", "0"), 16), tag


def tables(inputs: Inputs) -> list[Table]:
    """spec/private_dictionary.yaml, when the private dictionaries are given or recorded."""
    gdcm_source, dcmtk_source = inputs.source(GDCM), inputs.source(DCMTK)
    if gdcm_source is None and dcmtk_source is None:
        return []
    if gdcm_source is None or dcmtk_source is None:
        missing = "PRIVATE_GDCM=" if gdcm_source is None else "PRIVATE_DCMTK="
        raise SpecError("private dictionary", [f"both dictionaries are needed: give {missing}"])
    vrs = {str(row["vr"]) for row in inputs.override("vrs.yaml")["vrs"]}
    gdcm_rows = inputs.parsed(GDCM, lambda path: gdcm(path, vrs))
    dcmtk_rows = inputs.parsed(DCMTK, lambda path: dcmtk(path, vrs))
    merged = merge(gdcm_rows, dcmtk_rows)
    used = (
        inputs.used(GDCM, f"{merged.from_gdcm} entries (those commented out are not read)"),
        inputs.used(
            DCMTK,
            f"{merged.from_dcmtk} entries GDCM's has not, of {len(dcmtk_rows)} "
            f"({merged.disagree} where both give one and disagree on the VR or VM, "
            f"{merged.covered} a GDCM entry of the creator covers)",
        ),
    )
    return [
        Table(
            "private_dictionary.yaml",
            "vendors' private data elements, by private creator (no part of the standard).",
            used,
            (EntryList("entries", merged.entries, ("creator", "tag"), "name"),),
            notes=(
                "Where both give an entry for a (creator, tag), GDCM's wins: pydicom's private",
                "dictionary is generated from GDCM's, so files read with the VRs pydicom gives them;",
                "DCMTK's adds only what no GDCM entry of the creator covers. `(0019,xx10)`: offset",
                "0x10 of the block the creator reserved (PS3.5 7.8.1); `(60xx,...)`: odd groups 6001-60FF.",
            ),
        )
    ]
