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

NS = "{http://docbook.org/ns/docbook}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# NEMA inserts zero-width spaces (U+200B) as line-break hints inside
# keywords and UIDs ("Specific\u200bCharacter\u200bSet", "1.2.840.10008.1.\u200b1").
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"))
_SPACE = re.compile(r"\s+")


class DocBookError(ValueError):
    """A table is missing, ambiguous or not shaped as expected."""


@dataclass(frozen=True)
class Row:
    """One body row: the cell texts in column order and whether it is in italics."""

    cells: tuple[str, ...]
    italic: bool


@dataclass(frozen=True)
class Table:
    """A table's label, caption, header texts and body rows."""

    label: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]

    def column(self, name: str) -> int:
        """Index of the column whose header is `name` (case-insensitive)."""
        wanted = name.casefold()
        hits = [i for i, h in enumerate(self.header) if h.casefold() == wanted]
        if len(hits) != 1:
            raise DocBookError(
                f"table {self.label}: expected one column {name!r}, header is {self.header}"
            )
        return hits[0]


# The 2013 part06.xml carries one zero-width space spelled as the literal
# text "<200b>" (Table A-1, 1.2.840.10008.5.1.4.1.2.5.3), which is not XML.
_LITERAL_ZWSP = re.compile(rb"<200[bB]>")


def load(path: Path) -> ET.Element:
    """Parse a DocBook file and return its root element."""
    data = _LITERAL_ZWSP.sub("\u200b".encode(), path.read_bytes())
    return ET.fromstring(data)


def edition(root: ET.Element) -> str:
    """The edition year from the book's subtitle ("DICOM PS 3.6 2013 - ...")."""
    subtitle = root.find(f"{NS}subtitle")
    text = clean(subtitle) if subtitle is not None else ""
    match = re.search(r"\b(\d{4}[a-e]?)\b", text)
    if not match:
        raise DocBookError(f"no edition in subtitle {text!r}")
    return match.group(1)


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


def find_table(
    root: ET.Element, *, label: str | None = None, caption: str | None = None, headed: bool = True
) -> Table:
    """The one table with this label (or `xml:id` "table_<label>") or caption.

    A table without a header row is refused unless `headed=False` (its header is then empty).
    """
    if (label is None) == (caption is None):
        raise TypeError("give exactly one of label, caption")
    hits = []
    for table in root.iter(f"{NS}table"):
        cap = table.find(f"{NS}caption")
        cap_text = clean(cap) if cap is not None else ""
        if label is not None:
            if table.get("label") == label or table.get(XML_ID) == f"table_{label}":
                hits.append((table, cap_text))
        elif cap_text.casefold() == (caption or "").casefold():
            hits.append((table, cap_text))
    if len(hits) != 1:
        raise DocBookError(f"expected one table {label or caption!r}, found {len(hits)}")
    table, cap_text = hits[0]
    head = table.find(f"{NS}thead/{NS}tr")
    if head is None and headed:
        raise DocBookError(f"table {label or caption!r} has no header row")
    header = tuple(clean(cell) for cell in head) if head is not None else ()
    rows = []
    for tr in table.iterfind(f"{NS}tbody/{NS}tr"):
        cells = list(tr)
        for cell in cells:
            if int(cell.get("colspan", "1")) != 1 or int(cell.get("rowspan", "1")) != 1:
                raise DocBookError(f"table {label or caption!r}: spanned cells are not supported")
        texts = tuple(clean(cell) for cell in cells)
        italic = any(
            e.get("role") == "italic" for cell in cells[:1] for e in cell.iter(f"{NS}emphasis")
        )
        rows.append(Row(texts, italic))
    return Table(table.get("label", ""), cap_text, header, tuple(rows))


def _one_line(table: Table) -> Table:
    """The table with each multi-paragraph cell joined into one line."""
    rows = tuple(Row(tuple(c.replace("\n", " ") for c in r.cells), r.italic) for r in table.rows)
    return Table(table.label, table.caption, table.header, rows)


def data_elements(root: ET.Element, label: str) -> list[ElementRow]:
    """The rows of a PS3.6 registry table (6-1, 7-1, 8-1).

    The unlabelled last column says "RET" for retired rows (sometimes
    "RET - See Note"); it also carries "DICOS", "DICONDE" and "See Note",
    which are not retirement.
    """
    table = _one_line(find_table(root, label=label))
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


def command_elements(root: ET.Element, label: str, *, retired: bool) -> list[ElementRow]:
    """The rows of a PS3.7 command field table (E.1-1, or E.2-1 whose rows are all retired)."""
    table = _one_line(find_table(root, label=label))
    tag, name, keyword = table.column("Tag"), table.column("Message Field"), table.column("Keyword")
    vr, vm = table.column("VR"), table.column("VM")
    return [
        ElementRow(r.cells[tag], r.cells[name], r.cells[keyword], r.cells[vr], r.cells[vm], retired)
        for r in table.rows
    ]


def uids(root: ET.Element, label: str = "A-1") -> list[UIDRow]:
    """The rows of PS3.6 Table A-1, "UID Values"."""
    table = _one_line(find_table(root, label=label))
    uid, name, kind = table.column("UID Value"), table.column("UID Name"), table.column("UID Type")
    return [UIDRow(r.cells[uid], r.cells[name], r.cells[kind]) for r in table.rows]


def value_representations(root: ET.Element, label: str = "6.2-1") -> list[VRRow]:
    """The rows of PS3.5 Table 6.2-1: the first cell holds the VR and its name as two paragraphs."""
    table = find_table(root, label=label)
    first, length = table.column("VR Name"), table.column("Length of Value")
    rows = []
    for r in table.rows:
        vr, _, name = r.cells[first].partition("\n")
        rows.append(VRRow(vr.strip(), name.strip(), r.cells[length]))
    return rows
