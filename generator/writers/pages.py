"""Where the PDF's pages begin, read off WeasyPrint's laid-out book, for the Word edition.

The PDF is the layout master: the Word writer breaks its pages where the PDF breaks them, so
the 目录's page numbers, the page numbers in the footer and the （续） lines are the same in
every office suite, including those that never update a field (LibreOffice, WPS).

A *unit* is a piece of a section that a page break may precede: the section's heading, each of
its paragraphs, list items and table notes (``("p", section id, ordinal)``, counted in book
order, the table caption and the running ``p.continued`` not counted) and each body row of its
tables (``("r", section id, table ordinal, row index)``; a 申报表's rows counted across its
ruled parts, as in ``Table.rows``). Both writers walk the publication model in the same order,
so the Word writer counts the same units (:class:`Counter`).

For each page the plan keeps the first unit that *begins* on it (a paragraph running on from
the page before does not begin there) with the page's running header (the ``表N（续）`` line,
empty on a page where a part or table begins) and its orientation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Unit = tuple[Any, ...]
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p"})
STUB = 0.25  # a page using less than this share of its height, beginning nothing, is a stub
# A table's last page holding no more than this many of its rows (its 合计 counted) and nothing
# but them and its notes is a *tail*: set closer, the rows may fit on the page before.
TAIL_ROWS = 6
STOPS = HEADINGS | {"li", "tr"}  # a unit's own boxes (its lines) are not looked into


@dataclass(frozen=True)
class Laid:
    """What the writers need of a laid-out book: the first page of every anchor (section id),
    the page plan (:func:`plan`) and the number of pages."""

    anchors: dict[str, int]
    starts: dict[Unit, PageStart]
    count: int
    # A paragraph unit running over pages: the number of characters (spaces aside) it prints
    # on each page after its first, so the Word edition can break it at the same character.
    splits: dict[Unit, tuple[int, ...]] = field(default_factory=dict)
    # Stub pages: pages less than STUB used that begin no section, as (page, the section
    # whose rows or text the page holds, share used).
    stubs: list[tuple[int, str, float]] = field(default_factory=list)
    # Tail pages (TAIL_ROWS) that are not stubs, as (page, the table's section).
    tails: list[tuple[int, str]] = field(default_factory=list)
    # Ids of the tables set closer (html.render's ``tight``), the Word edition's too.
    tight: frozenset[str] = frozenset()
    # Ids of the 申报表 whose last groups are held together (html.render's ``held``).
    held: frozenset[str] = frozenset()
    # Text sections kept whole on one page (pdf._whole_text): their last lines left a stub.
    whole: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PageStart:
    """A page of the PDF: its number, running header and orientation."""

    number: int
    header: str
    landscape: bool


def _tag(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _classes(element: Any) -> list[str]:
    return (element.get("class") or "").split()


def _index(element: Any, section: str | None, out: dict[Any, Unit],
           continued: dict[Any, str]) -> None:
    """Map every unit element under ``element`` to its key (``out``) and every running
    ``p.continued`` to its text (``continued``)."""
    count = tables = 0  # a section's units all lie inside its own element
    for child in element:
        tag, classes = _tag(child), _classes(child)
        if tag == "section":
            _index(child, child.get("id"), out, continued)
        elif section is None:
            if tag in ("main", "body"):
                _index(child, None, out, continued)
        elif tag == "p" and "continued" in classes:
            continued[child] = "".join(child.itertext())
        elif tag in HEADINGS:
            out[child] = ("p", section, count)
            count += 1
        elif tag == "ol":
            for item in child:
                if _tag(item) == "li":
                    out[item] = ("p", section, count)
                    count += 1
        elif tag == "div" and "table-box" in classes:
            rows = [row for table in child.iter() if _tag(table) == "table"
                    for row in _body_rows(table)]
            for i, row in enumerate(rows):
                out[row] = ("r", section, tables, i)
            tables += 1


def _body_rows(table: Any) -> Iterator[Any]:
    for group in table:
        if _tag(group) in ("tbody", "tfoot"):
            yield from (row for row in group if _tag(row) == "tr")


def _boxes(box: Any) -> Iterator[Any]:
    """The boxes of a page in document order, not descending into units' content."""
    yield box
    if getattr(box, "element_tag", None) in STOPS and box.element is not None:
        return
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _text(box: Any) -> str:
    text = getattr(box, "text", None)
    if isinstance(text, str):
        return text
    return "".join(_text(child) for child in getattr(box, "children", ()))


def index(root: Any) -> tuple[dict[Any, Unit], dict[Any, str]]:
    """Every unit element of the document ``root`` with its key, and every running
    ``p.continued`` with its text: taken on the whole book, before it is cut into chunks."""
    units: dict[Any, Unit] = {}
    continued: dict[Any, str] = {}
    _index(root, None, units, continued)
    return units, continued


def plan(pages: list[Any], units: dict[Any, Unit], continued: dict[Any, str],
         first: int = 1) -> Laid:
    """Where each page of a laid-out WeasyPrint document (``pages``: its ``Document.pages``,
    numbered from ``first``) begins, the paragraphs it cuts and its stub pages (:class:`Laid`;
    no anchors). ``units`` and ``continued``: :func:`index` of the book."""
    laid = Laid({}, {}, len(pages))
    if not pages:
        return laid
    last_rows: dict[tuple[str, int], int] = {}  # each table's last body row
    for unit in units.values():
        if unit[0] == "r":
            last_rows[unit[1:3]] = max(unit[3], last_rows.get(unit[1:3], 0))
    seen: set[int] = set()
    header = ""
    for number, page in enumerate(pages, start=first):
        lead: Unit | None = None
        begun: list[Unit] = []  # the units beginning on the page
        opened = False  # the page's first unit begins on it
        running = header
        page_box = page._page_box
        top = page_box.content_box_y()
        bottom = top
        in_head = False
        for box in _boxes(page_box):
            element = getattr(box, "element", None)
            if element is None:
                continue
            if element in continued:
                if id(element) not in seen:
                    running = ""  # first-except: no running line where it is set
                    header = continued[element]
                seen.add(id(element))
                continue
            if _tag(element) == "tbody":  # rows follow their group (a 申报表's head: repeated)
                in_head = "head" in _classes(element)
                continue
            key = units.get(element)
            if key is None:
                continue
            bottom = max(bottom, box.position_y + box.margin_height())
            if id(element) in seen:
                if key[0] == "p":  # a paragraph running on: the page begins inside it
                    laid.splits[key] = laid.splits.get(key, ()) + (
                        len("".join(_text(box).split())),)
                    if lead is None:
                        lead = key
                elif lead is None and not in_head:
                    # a row running on (a 申报表 block too tall for a page, keep.LOOSE): the
                    # page begins inside it, not at the next row
                    lead = key
                continue  # (else a row seen before is a 申报表's repeated indicator header)
            seen.add(id(element))
            begun.append(key)
            if lead is None:
                lead = key
                opened = True
        if opened and lead is not None:
            laid.starts[lead] = PageStart(number, running, page.width > page.height)
        used = (bottom - top) / page_box.height
        if lead is not None and used < STUB and not (opened and lead[0] == "p" and
                                                     lead[2] == 0):
            laid.stubs.append((number, lead[1], used))
        elif opened and _tail(begun, last_rows):
            laid.tails.append((number, begun[0][1]))
    return laid


def _tail(begun: list[Unit], last_rows: dict[tuple[str, int], int]) -> bool:
    """Whether a page's units are the last rows of one table (at most TAIL_ROWS), then only
    paragraphs of that table's section (its notes)."""
    rows = [unit for unit in begun if unit[0] == "r"]
    if not rows or begun[0][0] != "r" or len(rows) > TAIL_ROWS:
        return False
    table = rows[0][1:3]
    return (all(unit[1:3] == table for unit in rows) and rows[-1][3] == last_rows[table]
            and all(unit[0] == "p" and unit[1] == table[0] for unit in begun[len(rows):]))
