"""The print HTML cut where its pages must break, so that WeasyPrint lays the book out piece by
piece (:mod:`generator.writers.pdf_engine`).

A table that would leave a stub page is set closer and laid out again (:func:`pdf._layout`).
Laid out whole, the book paid a second layout of every page for it. Every part of the book and
every table begins on a new page (book.css), and lays out the same on its own as within the
book, given the number of its first page. So the book is cut there into *chunks*, each a small
document of its own; a chunk is laid out again alone when its table is set closer, and the
pages of all chunks are written as one PDF.

Chunk 0 is the cover and the 目录. Every other chunk begins at a part (``section.level-1``) or
at a table's page (``section.table-page``), except a part's first table when the part's heading
leads straight into it (book.css ``section.level-1 > h2 + section.table-page``); parts in a row
that hold no table (主要职能, 机构设置 …) make one chunk, as nothing in them is laid out again. A section cut
across chunks is present in each, empty of what the others hold; only the first keeps its
``id``, so each anchor is on one page.

The chunks are made of the parsed tree's own elements (moved, not copied), so whatever was
keyed on an element of the whole tree (:func:`pages.index`) still finds it in a chunk.
"""

from __future__ import annotations

import bisect
import copy
from dataclasses import dataclass
from typing import Any


@dataclass
class Chunk:
    """One chunk: the root of its document and the sections whose tables it holds."""

    root: Any
    sections: dict[str, Any]  # section id -> its element, for the sections beginning in it


def _classes(element: Any) -> list[str]:
    return (element.get("class") or "").split()


def _breaks_before(element: Any, parent: Any) -> bool:
    """Whether book.css starts ``element`` on a new page."""
    if element.tag != "section":
        return False
    classes = _classes(element)
    if "level-1" in classes:
        return True
    if "table-page" not in classes:
        return False
    siblings = list(parent)
    at = siblings.index(element)
    led = at > 0 and siblings[at - 1].tag == "h2" and "level-1" in _classes(parent)
    return not led


def split(root: Any) -> list[Chunk]:
    """Cut the document ``root`` (an ``xml.etree`` tree, as WeasyPrint's parser makes it; its
    ``<style>`` elements already taken out) into chunks. ``root`` is consumed."""
    head, body = root.find("head"), root.find("body")
    order: dict[Any, int] = {}
    last: dict[Any, int] = {}
    starts: list[int] = []

    def number(element: Any, parent: Any | None) -> None:
        order[element] = len(order)
        if parent is not None and _breaks_before(element, parent):
            starts.append(order[element])
        for child in element:
            number(child, element)
        last[element] = len(order) - 1

    number(body, None)
    tables = sorted(order[element] for element in body.iter("table"))
    bounds = _merged([order[body], *starts, len(order)], tables)
    chunks = []
    for i, (low, high) in enumerate(zip(bounds, bounds[1:], strict=False)):
        chunk_root = root.makeelement(root.tag, dict(root.attrib))
        chunk_root.text = root.text
        if head is not None:
            chunk_root.append(head if i == 0 else copy.deepcopy(head))
        chunk_body = _cut(body, low, high, order, last)
        if chunk_body is not None:
            chunk_root.append(chunk_body)
        sections = {element.get("id"): element for element in chunk_root.iter("section")
                    if element.get("id")}  # only where a section begins does it keep its id
        chunks.append(Chunk(chunk_root, sections))
    return chunks


def _merged(bounds: list[int], tables: list[int]) -> list[int]:
    """``bounds`` without those between two chunks that hold no table: only a table is ever laid
    out again, and each chunk costs WeasyPrint a document (its styles, its page boxes)."""
    def holds_table(low: int, high: int) -> bool:
        at = bisect.bisect_left(tables, low)
        return at < len(tables) and tables[at] < high

    if len(bounds) < 3:  # nothing but the cover and 目录
        return bounds
    kept = bounds[:2]  # the cover and 目录 stay a chunk of their own: it is laid out twice
    for bound, high in zip(bounds[2:], bounds[3:], strict=False):
        if holds_table(kept[-1], bound) or holds_table(bound, high):
            kept.append(bound)
    return [*kept, bounds[-1]]


def _cut(element: Any, low: int, high: int, order: dict[Any, int],
         last: dict[Any, int]) -> Any | None:
    """The part of ``element`` lying in [low, high) of the document order: the element itself
    when it lies wholly inside, a copy holding the parts of its children when it straddles a
    bound, ``None`` when it lies outside or nothing of it is inside."""
    begin, end = order[element], last[element]
    if end < low or begin >= high:
        return None
    if begin >= low and end < high:
        return element
    attributes = dict(element.attrib)
    if begin < low:  # begun in an earlier chunk: its anchor is there
        attributes.pop("id", None)
    part = element.makeelement(element.tag, attributes)
    part.text = element.text if begin >= low else None
    for child in element:
        piece = _cut(child, low, high, order, last)
        if piece is not None:
            part.append(piece)
    if not len(part) and not (part.text or "").strip():
        return None  # an empty shell (``<main>`` after the 目录) would open a blank page
    return part
