"""Each table's orientation and font size as printed, read back from the files: the Word
edition (section page size, run size of the table's text) and the PDF (page size, glyph size of
the table's body text), for comparing the two editions of one book table by table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.publication.model import Publication, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Printed:
    """A table as set in one edition: page turned or not, and its body text size (pt)."""

    landscape: bool
    size: float


def model_tables(pub: Publication) -> list[tuple[str, Table]]:
    """(section id, table) of every table in reading order: the order both editions print."""
    return [(section.id, block) for section in pub.walk() for block in section.blocks
            if isinstance(block, Table)]


def docx_tables(path: Path) -> list[Printed]:
    """Every table of a .docx in order: its section's orientation and its most common run
    size (the style's 9 pt where a run names none)."""
    import docx

    from tests.parity import continuations

    body = docx.Document(str(path)).element.body
    out: list[Printed] = []
    pending: list[float] = []
    pieces = continuations(body)  # a table continued on a new page is the same table
    for child in body:
        if child.tag == f"{W}tbl" and child not in pieces:
            sizes = Counter(float(sz.get(f"{W}val")) / 2 if sz is not None else 9.0
                            for sz in (r.find(f"{W}rPr/{W}sz") for r in child.iter(f"{W}r")))
            pending.append(sizes.most_common(1)[0][0] if sizes else 9.0)
        sect = child if child.tag == f"{W}sectPr" else child.find(f"{W}pPr/{W}sectPr")
        if sect is not None:
            size = sect.find(f"{W}pgSz")
            turned = int(size.get(f"{W}w")) > int(size.get(f"{W}h"))
            out += [Printed(turned, s) for s in pending]
            pending = []
    return out


def pdf_tables(path: Path, pub: Publication) -> list[Printed]:
    """Every table of the PDF in order: whether the page its section starts on (the section
    id's named destination) is turned, and the most common glyph size of the serif (body)
    text inside the ruled tables of that page."""
    from tests import snapshot
    from tests.overflow import _bbox, _segments, _tables

    out: list[Printed] = []
    pdf = snapshot.read(path)
    for sid, _ in model_tables(pub):
        page = pdf.pages[pdf.destinations[sid]]
        boxes = [_bbox(t) for t in _tables(_segments(page))]
        sizes = Counter(round(float(c["size"]), 1) for c in page.chars
                        if "Serif" in c["fontname"] and c["text"].strip()
                        and any(b.x0 < c["x0"] < b.x1 and b.top < c["top"] < b.bottom
                                for b in boxes))
        out.append(Printed(page.width > page.height,
                           sizes.most_common(1)[0][0] if sizes else 0.0))
    return out
