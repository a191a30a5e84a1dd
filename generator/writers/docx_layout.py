"""A Word table as the PDF sets it: the shared decision of :mod:`layout` in Word's units.

Font size, orientation and the share of each column are decided once, in :func:`layout.layout`,
so the Word edition of a book turns and shrinks the same tables as its PDF. Here the shares
become twips of the reference document's text width (upright or turned), and the name indent
(an em-based padding in the PDF) becomes a paragraph indent in twips.

The widths are measured with the Noto faces the PDF embeds; Word's faces (Times New Roman
figures half an em, 宋体 one em) are no wider, and the cell margins of the reference's table
style (3 pt each side) match the PDF's padding, so what fits in the PDF fits in Word.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.publication.model import Table
from generator.writers import layout

TWIPS = 20  # per point
SIZE = layout.SIZE  # the reference document's table text size: no w:sz needed at this size


@dataclass(frozen=True)
class Fit:
    """How a table is set: column widths (twips), font size (pt) and page orientation."""

    widths: tuple[int, ...]
    size: float
    landscape: bool


def fit(table: Table, portrait: int, landscape: int) -> Fit:
    """The table's shared layout with its widths in twips of ``portrait`` or ``landscape``
    (the text widths of the Word pages); a table wider than any page keeps its own width."""
    lay = layout.layout(table)
    available = landscape if lay.landscape else portrait
    page = layout.LANDSCAPE if lay.landscape else layout.PORTRAIT
    total = max(available, round(lay.width * TWIPS)) if lay.width > page + 0.5 else available
    widths = [round(total * share / 100) for share in lay.percents]
    widths[-1] += total - sum(widths)
    return Fit(tuple(widths), lay.size, lay.landscape)


def indent(level: int, size: float) -> int:
    """The left indent (twips) of a 款/项 name at ``size`` pt: the PDF's, in twips."""
    return round(layout.INDENT_EM.get(level, 0.0) * size * TWIPS)


def header_lines(text: str, width: int, size: float) -> list[str]:
    """One line of a header cell ``width`` twips wide, broken between its words
    (:func:`layout.header_words`) where the PDF would break it: Word breaks Chinese text
    between any two characters, so the breaks are written into the cell."""
    room = width / TWIPS - layout.INNER_PAD
    lines: list[str] = []
    for word in layout.header_words(text):
        if lines and layout.text_width(lines[-1] + word, size) <= room:
            lines[-1] += word
        else:
            lines.append(word)
    return lines
