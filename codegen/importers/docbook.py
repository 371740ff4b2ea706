"""Read tables from NEMA's DocBook XML of the DICOM standard.

This is the only module that knows DocBook. Tables are selected by their
`label` (or `xml:id`, or caption), never by their position in the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from .model import ElementRow, UIDRow, VRRow
from .sources import SourceError

NS = "{http://docbook.org/ns/docbook}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# NEMA inserts zero-width spaces (U+200B) as line-break hints inside
# keywords and UIDs ("Specific\u200bCharacter\u200bSet", "1.2.840.10008.1.\u200b1").
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"))
_SPACE = re.compile(r"\s+")


class DocBookError(SourceError):
    """Not XML, or a table is missing, ambiguous or not shaped as expected."""


@dataclass(frozen=True)
class Row:
    """One body row: the cell texts in column order and whether it is in italics."""

    cells: tuple[str, ...]
    italic: bool


@dataclass(frozen=True)
class Book:
    """A parsed DocBook file: where it is (for messages) and its root element."""

    path: Path
    root: ET.Element


@dataclass(frozen=True)
class Table:
    """A table's label, caption, header texts and body rows, and the file it is in."""

    label: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    path: Path

    def column(self, name: str) -> int:
        """Index of the column whose header is `name` (case-insensitive)."""
        index = self.column_or_none(name)
        if index is None:
            raise DocBookError(
                f"{self.path}: table {self.label}: expected one column {name!r}, "
                f"header is {self.header}"
            )
        return index

    def column_or_none(self, *names: str) -> int | None:
        """Index of the one column whose header is one of `names`, or None when there is none."""
        wanted = {n.casefold() for n in names}
        hits = [i for i, h in enumerate(self.header) if h.casefold() in wanted]
        return hits[0] if len(hits) == 1 else None


# The 2013 part06.xml carries one zero-width space spelled as the literal
# text "<200b>" (Table A-1, 1.2.840.10008.5.1.4.1.2.5.3), which is not XML.
_LITERAL_ZWSP = re.compile(rb"<200[bB]>")


def load(path: Path) -> Book:
    """Parse a DocBook file (its edition: `sources.read_source`)."""
    try:
        data = _LITERAL_ZWSP.sub("\u200b".encode(), path.read_bytes())
        return Book(path, ET.fromstring(data))
    except FileNotFoundError:
        raise DocBookError(f"{path}: no such file") from None
    except ET.ParseError as exc:
        raise DocBookError(f"{path}: not XML ({exc})") from None


def clean(element: ET.Element) -> str:
    """The text of an element: emphasis unwrapped, invisible characters removed,
    whitespace collapsed. Paragraphs are joined by a newline."""
    paras = element.findall(f".//{NS}para")
    if not paras:
        return _text(element)
    return "\n".join(t for t in (_text(p) for p in paras) if t)


def _text(element: ET.Element) -> str:
    return _SPACE.sub(" ", "".join(_itertext(element)).translate(_INVISIBLE)).strip()


def _itertext(element: ET.Element) -> list[str]:
    # "2<superscript>32</superscript>-2" must not read as "232-2" (PS3.5 Table 6.2-1).
    parts = ["^" if element.tag == f"{NS}superscript" else "", element.text or ""]
    for child in element:
        parts += _itertext(child)
        parts.append(child.tail or "")
    return parts


def has_table(book: Book, label: str) -> bool:
    """Whether the book has a table with this label (or `xml:id` "table_<label>")."""
    return any(
        t.get("label") == label or t.get(XML_ID) == f"table_{label}"
        for t in book.root.iter(f"{NS}table")
    )


def find_table(
    book: Book, *, label: str | None = None, caption: str | None = None, headed: bool = True
) -> Table:
    """The one table with this label (or `xml:id` "table_<label>") or caption.

    A table without a header row is refused unless `headed=False` (its header is then empty).
    """
    if (label is None) == (caption is None):
        raise TypeError("give exactly one of label, caption")
    hits = []
    for table in book.root.iter(f"{NS}table"):
        cap = table.find(f"{NS}caption")
        cap_text = clean(cap) if cap is not None else ""
        if label is not None:
            if table.get("label") == label or table.get(XML_ID) == f"table_{label}":
                hits.append((table, cap_text))
        elif cap_text.casefold() == (caption or "").casefold():
            hits.append((table, cap_text))
    if len(hits) != 1:
        raise DocBookError(
            f"{book.path}: expected one table {label or caption!r}, found {len(hits)}"
        )
    return _read_table(book.path, *hits[0], label or caption or "", headed)


def _read_table(path: Path, table: ET.Element, cap_text: str, name: str, headed: bool) -> Table:
    head = table.find(f"{NS}thead/{NS}tr")
    if head is None and headed:
        raise DocBookError(f"{path}: table {name!r} has no header row")
    header = tuple(clean(cell) for cell in head) if head is not None else ()
    rows = []
    for tr in table.iterfind(f"{NS}tbody/{NS}tr"):
        cells = list(tr)
        for cell in cells:
            if int(cell.get("colspan", "1")) != 1 or int(cell.get("rowspan", "1")) != 1:
                raise DocBookError(f"{path}: table {name!r}: spanned cells are not supported")
        texts = tuple(clean(cell) for cell in cells)
        italic = any(
            e.get("role") == "italic" for cell in cells[:1] for e in cell.iter(f"{NS}emphasis")
        )
        rows.append(Row(texts, italic))
    return Table(table.get("label", ""), cap_text, header, tuple(rows), path)


def _one_line(table: Table) -> Table:
    """The table with each multi-paragraph cell joined into one line."""
    rows = tuple(Row(tuple(c.replace("\n", " ") for c in r.cells), r.italic) for r in table.rows)
    return Table(table.label, table.caption, table.header, rows, table.path)


# PS3.6 registries of data elements: 6-1 data elements, 7-1 file meta elements,
# 8-1 directory structuring elements; 9-1 (dynamic RTP payload elements) since 2019.
REGISTRY_TABLES = ("6-1", "7-1", "8-1")
NEWER_REGISTRY_TABLES = ("9-1",)


def registry(book: Book) -> list[ElementRow]:
    """The rows of every PS3.6 registry table of data elements the book has."""
    labels = REGISTRY_TABLES + tuple(t for t in NEWER_REGISTRY_TABLES if has_table(book, t))
    return [row for label in labels for row in data_elements(book, label)]


def data_elements(book: Book, label: str) -> list[ElementRow]:
    """The rows of a PS3.6 registry table (6-1, 7-1, 8-1, 9-1).

    The unlabelled last column says "RET" for retired rows (sometimes
    "RET - See Note"); it also carries "DICOS", "DICONDE" and "See Note",
    which are not retirement.
    """
    table = _one_line(find_table(book, label=label))
    tag, name, keyword = table.column("Tag"), table.column("Name"), table.column("Keyword")
    vr, vm, status = table.column("VR"), table.column("VM"), table.column("")
    return [
        ElementRow(
            tag=r.cells[tag],
            name=r.cells[name],
            keyword=r.cells[keyword],
            vr=r.cells[vr],
            vm=r.cells[vm],
            retired=r.cells[status].startswith("RET"),
        )
        for r in table.rows
    ]


def command_elements(book: Book, label: str, *, retired: bool) -> list[ElementRow]:
    """The rows of a PS3.7 command field table (E.1-1, or E.2-1 whose rows are all retired)."""
    table = _one_line(find_table(book, label=label))
    tag, name, keyword = table.column("Tag"), table.column("Message Field"), table.column("Keyword")
    vr, vm = table.column("VR"), table.column("VM")
    return [
        ElementRow(r.cells[tag], r.cells[name], r.cells[keyword], r.cells[vr], r.cells[vm], retired)
        for r in table.rows
    ]


_RETIRED_SUFFIX = re.compile(r"\s*\(Retired\)\s*$")


def uid_name(name: str) -> tuple[str, bool]:
    """The name without "(Retired)" and without a ": Default Transfer Syntax for ..." remark,
    and whether it was marked retired."""
    retired = bool(_RETIRED_SUFFIX.search(name))
    name = _RETIRED_SUFFIX.sub("", name)
    return name.split(":")[0].strip(), retired


def uids(book: Book) -> list[UIDRow]:
    """The rows of PS3.6 Table A-1, "UID Values", and of Table A-2, "Well-known Frames of
    Reference", where the book has it (newer than 2013). The keyword column is newer than
    2013 too: "" where there is none."""
    table = _one_line(find_table(book, label="A-1"))
    rows = _uid_rows(table, table.column("UID Type"), None)
    if has_table(book, "A-2"):
        frames = _one_line(find_table(book, label="A-2"))
        rows += _uid_rows(frames, None, "Well-known frame of reference")
    return rows


def uid_info(name: str, part: str) -> str:
    """What PS3.6 says of a UID beside its name: the remark after the name ("Implicit VR
    Little Endian: Default Transfer Syntax for DICOM"), else the Part column where it
    names another standard than DICOM's parts (DICOS, DICONDE ASTM E2934); else ""."""
    remark = _RETIRED_SUFFIX.sub("", name).partition(":")[2].strip()
    if remark:
        return remark
    return "" if not part or part.startswith("PS") else part


def _uid_rows(table: Table, kind: int | None, fixed_type: str | None) -> list[UIDRow]:
    uid, name = table.column("UID Value"), table.column("UID Name")
    keyword = table.column_or_none("UID Keyword", "Keyword")
    part = table.column_or_none("Part")
    rows = []
    for r in table.rows:
        text, retired = uid_name(r.cells[name])
        rows.append(
            UIDRow(
                uid=r.cells[uid],
                name=text,
                type=r.cells[kind] if kind is not None else fixed_type,
                retired=retired,
                keyword=r.cells[keyword] if keyword is not None else "",
                info=uid_info(r.cells[name], r.cells[part] if part is not None else ""),
            )
        )
    return rows


def value_representations(book: Book, label: str = "6.2-1") -> list[VRRow]:
    """The rows of PS3.5 Table 6.2-1: the first cell holds the VR and its name as two paragraphs."""
    table = find_table(book, label=label)
    first, length = table.column("VR Name"), table.column("Length of Value")
    rows = []
    for r in table.rows:
        vr, _, name = r.cells[first].partition("\n")
        rows.append(VRRow(vr.strip(), name.strip(), r.cells[length]))
    return rows
