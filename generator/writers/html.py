"""HTML writer: the publication as one self-contained, semantic HTML file.

Templates live in ``templates/html`` (autoescaped, StrictUndefined); the CSS is inlined, so the
file makes no request. Figures are formatted by :mod:`generator.display`, the formatter every
writer shares.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from generator.display import amount_cell, fact_text
from generator.publication.model import Cell, Fact, Publication, Table
from generator.resources import TEMPLATES
from generator.writers.keep import form_parts, keeps_with_previous
from generator.writers.layout import header_words, layout
from generator.writers.marks import marks
from generator.writers.phone import cards, form_heading
from generator.writers.sticky import pins

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
    env.globals["pins"] = pins
    env.globals["cards"] = cards
    env.globals["form_heading"] = form_heading
    return env


@cache
def _css() -> str:
    return (TEMPLATE_DIR / "book.css").read_text(encoding="utf-8")


def render(publication: Publication, print_edition: bool = False) -> str:
    """The book as an HTML document (text).

    ``print_edition``: the HTML that WeasyPrint lays out for the PDF. It is the HTML edition
    without the attributes only a reader of the HTML uses (``data-fact``, ``data-value``,
    ``data-table``, ``aria-hidden``, ``scope`` other than ``row``, the only one WeasyPrint's
    tags read): the PDF is the same, byte for byte, and WeasyPrint's HTML parser spent about
    half its time on those attributes (``benchmarks/weasyprint_only.py``). The PDF's layout
    marks in it the tables it sets closer and the 目录's page numbers (:mod:`pdf_engine`)."""
    toc = [{"level": level, "id": sid, "title": title} for level, sid, title in publication.toc()]
    template = environment().get_template("book.html.j2")
    return template.render(pub=publication, toc=toc, css=_css(),
                           marks=marks(publication), print_edition=print_edition)


def write(publication: Publication) -> bytes:
    return render(publication).encode("utf-8")
