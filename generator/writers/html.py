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


def _cell(table: Table, c: Cell, tag: str, print_edition: bool, pin: float | None = None,
          label: str = "", side: int = 0, title: str = "", heading: bool = False) -> Markup:
    """One table cell (``th``/``td``) of either edition: its spans, scope, classes and the
    attributes only a reader of the HTML uses. Written here rather than as a template macro:
    a book has thousands of cells, and this is a sixth of the time a macro took."""
    screen = not print_edition
    attrs = []
    if c.rowspan > 1:
        attrs.append(f' rowspan="{c.rowspan}"')
    if c.colspan > 1:
        attrs.append(f' colspan="{c.colspan}"')
    scope = "colgroup" if c.colspan > 1 and not c.is_amount else \
        "col" if c.header and table.header else "row"
    # WeasyPrint's tags read scope="row" only; the print HTML leaves the others out.
    if tag == "th" and (scope == "row" or screen):
        attrs.append(f' scope="{scope}"')
    shown = _amount(c, table) if c.is_amount else ""
    # An empty figure cell has nothing to align, and pinned label columns are for screens:
    # the print HTML leaves those classes out.
    classes = (["amount"] if c.is_amount and (shown or screen) else []) + \
        ([f"indent-{c.indent}"] if c.indent else []) + (["long"] if len(c.text) > 40 else []) + \
        (["pin"] if pin is not None and screen else []) + \
        ([f"side-{side}"] if side and screen else []) + (["heading"] if heading and screen else [])
    if classes:
        attrs.append(f' class="{escape(" ".join(classes))}"')
    if screen:
        if pin:
            attrs.append(f' style="--lead:{pin:.1f}pt"')
        if c.fact:
            attrs.append(f' data-fact="{escape(c.fact)}"')
        if c.is_amount and c.amount is not None:
            attrs.append(f' data-value="{escape(c.amount)}"')
        # On a phone a row is a card: each figure under its column's full name (writers.phone).
        if label:
            attrs.append(f' data-label="{escape(label)}"')
        if title:
            attrs.append(f' data-side="{escape(title)}"')
    if c.is_amount:
        content = escape(shown)
    else:
        content = Markup("<br>").join(_words(line) if c.header else escape(line)
                                      for line in c.text.split("\n"))
    return Markup(f"<{tag}{''.join(attrs)}>{content}</{tag}>")


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
    env.globals["table_cell"] = _cell
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
