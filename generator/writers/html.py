"""HTML writer: the publication as one self-contained, semantic HTML file.

Templates live in ``templates/html`` (autoescaped, StrictUndefined); the CSS is inlined, so the
file makes no request. Figures are formatted by :mod:`generator.display`, the formatter every
writer shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from generator.display import amount_cell, fact_text
from generator.publication.model import Cell, Fact, Publication, Row, Table
from generator.resources import TEMPLATES
from generator.writers.keep import keeps_with_previous
from generator.writers.layout import header_words, layout

TEMPLATE_DIR = Path(TEMPLATES, "html")


def _amount(cell: Cell, table: Table) -> str:
    return amount_cell(cell.amount, table.unit, table.decimals, table.blank_zero)


def _fact(fact: Fact) -> str:
    return fact_text(fact)


def _words(text: str) -> Markup:
    """A header line as unbreakable words with a break opportunity between them (``<wbr>``):
    the line wraps between words only, never inside one (科目/编码, not 科目编/码)."""
    return Markup("<wbr>").join(Markup('<span class="w">%s</span>') % escape(w)
                                for w in header_words(text))


@dataclass(frozen=True)
class FormPart:
    """One ruled block of a 申报表 as printed: ``head``, a header row repeated on each page
    the block runs onto; ``groups``, runs of rows no page break may separate (no merged cell
    crosses a page); ``side``, whether each group starts with a blank first cell (the column
    that ``head``'s first cell names)."""

    head: tuple[Cell, ...] | None
    groups: tuple[tuple[Row, ...], ...]
    side: bool


def row_groups(rows: Sequence[Row]) -> tuple[tuple[Row, ...], ...]:
    """``rows`` cut into the shortest runs that no merged (rowspan) cell crosses."""
    groups: list[tuple[Row, ...]] = []
    start = end = 0
    for i, row in enumerate(rows):
        end = max([end, i + 1] + [i + c.rowspan for c in row.cells])
        if end == i + 1:
            groups.append(tuple(rows[start:end]))
            start = end
    if start < len(rows):
        groups.append(tuple(rows[start:]))
    return tuple(groups)


def form_parts(table: Table) -> tuple[FormPart, ...]:
    """A 申报表 (a table without header) as printed: the rows above its indicator header
    (a row of header cells whose first cell spans every row below it, 绩效指标), then the
    indicators under that header, which a continued page repeats; each 一级指标 group kept
    on one page when it fits, and the last group at least three rows long (the groups before
    it joined to it), so a form's last page never holds fewer than three of its rows."""
    rows = table.rows
    for i, row in enumerate(rows):
        cells = row.cells
        if cells and all(c.header for c in cells) and cells[0].rowspan == len(rows) - i > 1:
            head = (replace(cells[0], rowspan=1), *cells[1:])
            groups = list(row_groups(rows[i + 1:]))
            while len(groups) > 1 and len(groups[-1]) < 3:
                groups[-2:] = [groups[-2] + groups[-1]]
            return (FormPart(None, row_groups(rows[:i]), False),
                    FormPart(head, tuple(groups), True))
    return (FormPart(None, row_groups(rows), False),)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["amount"] = _amount
    env.filters["fact"] = _fact
    env.filters["words"] = _words
    env.globals["layout"] = layout
    env.globals["keep"] = keeps_with_previous
    env.globals["form_parts"] = form_parts
    return env


@cache
def _css() -> str:
    return (TEMPLATE_DIR / "book.css").read_text(encoding="utf-8")


def render(publication: Publication) -> str:
    """The book as an HTML document (text)."""
    toc = [{"level": level, "id": sid, "title": title} for level, sid, title in publication.toc()]
    template = environment().get_template("book.html.j2")
    return template.render(pub=publication, toc=toc, css=_css(),
                           unvalidated=publication.unvalidated)


def write(publication: Publication) -> bytes:
    return render(publication).encode("utf-8")
