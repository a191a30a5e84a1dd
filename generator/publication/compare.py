"""Compare two derived books: every figure and every passage that differs.

The comparison reads publications, not data files, so a corrected input line shows up in every
table cell and sentence it reaches. Figures are matched by their identity (``fact``), passages
section by section; a changed passage is diffed token by token (a Chinese character, a number
or a Latin word is one token).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from generator.display import number, runs_text
from generator.publication.model import (
    ItemList,
    Paragraph,
    Publication,
    Section,
    Table,
    Unit,
)

# Sections that describe the edition itself are not compared.
SKIPPED_SECTIONS = {"corrections"}
_TOKEN = re.compile(r"[0-9][0-9,.]*%?|[A-Za-z]+|\s+|.", re.S)


@dataclass(frozen=True)
class FigureChange:
    """One figure that differs. ``place`` names it in the book's terms."""

    fact: str
    place: str
    old: Decimal | None
    new: Decimal | None
    unit: Unit
    decimals: int
    in_table: bool = True  # a table cell; otherwise a figure quoted in running text

    def shown(self, value: Decimal | None) -> str:
        return "（无）" if value is None else number(value, self.unit, self.decimals)

    @property
    def delta(self) -> Decimal:
        return (self.new or Decimal(0)) - (self.old or Decimal(0))


@dataclass(frozen=True)
class TextChange:
    """A passage that differs: its section, the old and new text, and token operations
    (``equal``/``replace``/``delete``/``insert``, old tokens, new tokens)."""

    section: str
    old: str
    new: str
    ops: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Comparison:
    figures: tuple[FigureChange, ...]
    texts: tuple[TextChange, ...]
    rows_added: tuple[str, ...]
    rows_removed: tuple[str, ...]
    projects_added: tuple[str, ...]
    projects_removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.figures or self.texts or self.rows_added or self.rows_removed
                    or self.projects_added or self.projects_removed)


@dataclass(frozen=True)
class _Figure:
    place: str
    value: Decimal | None
    unit: Unit
    decimals: int
    in_table: bool


def _names(pub: Publication) -> dict[str, str]:
    """Code → name for every coded row of the book (function and economic codes)."""
    names: dict[str, str] = {}
    for table in pub.tables.values():
        for row in table.rows:
            if row.code:
                names.setdefault(row.code, next((c.text for c in row.cells
                                                 if not c.is_amount and not c.text.isdigit()
                                                 and c.text), row.code))
    return names


def table_figures(table: Table, names: dict[str, str]) -> dict[str, _Figure]:
    """Every amount cell of ``table`` by fact id, placed in the book's terms, e.g.
    ``表2 收入预算总表 · 2101501 行政运行 · 合计``."""
    out: dict[str, _Figure] = {}
    for row in table.rows:
        for cell in row.cells:
            if not cell.is_amount or cell.fact is None:
                continue
            parts = cell.fact.split("/")[1:]
            where = [f"{p} {names[p]}" if p in names else p for p in parts]
            out[cell.fact] = _Figure(" · ".join([table.caption, *where]), cell.amount,
                                     table.unit, table.decimals, True)
    return out


def _sections(pub: Publication) -> list[Section]:
    return [s for s in pub.walk() if s.id not in SKIPPED_SECTIONS
            and not s.id.startswith("corrections")]


def _facts(pub: Publication) -> dict[str, _Figure]:
    out: dict[str, _Figure] = {}
    names = _names(pub)
    for section in _sections(pub):
        for block in section.blocks:
            if isinstance(block, Table):
                out.update(table_figures(block, names))
        for fid, fact in section.facts().items():
            out.setdefault(fid, _Figure(f"{section.toc_title or section.title} · {fid}",
                                        fact.value, fact.unit, fact.decimals, False))
    return out


def _printed(figure: _Figure) -> str | None:
    if figure.value is None:
        return None
    if figure.unit is Unit.COUNT:
        return f"{figure.value:,.0f}"
    return number(figure.value, figure.unit, figure.decimals)


def _passages(section: Section) -> list[str]:
    """The section's paragraphs, list items and table notes as printed."""
    text = runs_text
    out = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            out.append(text(block.runs))
        elif isinstance(block, ItemList):
            out += [item.label + text(item.runs) for item in block.items]
        elif isinstance(block, Table):
            out += [text(note.runs) for note in block.notes]
            # long texts inside a table (the goals of a 绩效目标申报表) count as passages
            out += [cell.text for row in block.rows for cell in row.cells
                    if not cell.is_amount and ("\n" in cell.text or len(cell.text) > 30)]
    return [p for p in out if p]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _text_change(section: str, old: str, new: str) -> TextChange:
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    ops = tuple((tag, "".join(a[i1:i2]), "".join(b[j1:j2]))
                for tag, i1, i2, j1, j2 in matcher.get_opcodes())
    return TextChange(section, old, new, ops)


def compare(old: Publication, new: Publication) -> Comparison:
    """Everything that differs between two editions of a book."""
    before, after = _facts(old), _facts(new)
    figures = []
    for fid in list(before) + [f for f in after if f not in before]:
        was, now = before.get(fid), after.get(fid)
        if was and now and _printed(was) == _printed(now):
            continue  # a change below the printed precision is no correction of the page
        ref = now or was
        assert ref is not None
        if not (was and now) and not ref.value:
            continue  # a cell a layout option adds or drops (表1's 分列) at zero corrects nothing
        figures.append(FigureChange(fid, ref.place, was.value if was else None,
                                    now.value if now else None, ref.unit, ref.decimals,
                                    ref.in_table))
    texts = []
    old_sections = {s.id: s for s in _sections(old)}
    for section in _sections(new):
        previous = old_sections.get(section.id)
        a = _passages(previous) if previous else []
        b = _passages(section)
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        title = section.toc_title or section.title
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            olds, news = a[i1:i2], b[j1:j2]
            for k in range(max(len(olds), len(news))):
                texts.append(_text_change(title, olds[k] if k < len(olds) else "",
                                          news[k] if k < len(news) else ""))
    rows_old, rows_new = _rows(old), _rows(new)
    projects_old, projects_new = _projects(old), _projects(new)
    return Comparison(
        figures=tuple(figures),
        texts=tuple(texts),
        rows_added=tuple(r for r in rows_new if r not in rows_old),
        rows_removed=tuple(r for r in rows_old if r not in rows_new),
        projects_added=tuple(p for p in projects_new if p not in projects_old),
        projects_removed=tuple(p for p in projects_old if p not in projects_new),
    )


def _rows(pub: Publication) -> list[str]:
    """The 项 lines of the book (表3) and its economic lines (表8), as "code name"."""
    out = []
    for table_id in ("表3", "表8"):
        table = pub.tables.get(table_id)
        if table is None:
            continue
        for row in table.rows:
            if row.code and (len(row.code) == 7 or (table_id == "表8" and len(row.code) == 5)):
                name = next((c.text for c in row.cells if c.indent), "")
                out.append(f"{table.caption.split()[0]} {row.code} {name}".strip())
    return out


def _projects(pub: Publication) -> list[str]:
    names = []
    for section in pub.walk():
        if section.id.startswith("project-") and section.id.count("-") == 1:
            names.append(section.title)
        elif section.id.startswith("form-"):
            names.append(f"绩效目标申报表 {section.title}")
    return names


def figure_text(change: FigureChange) -> str:
    """``old → new（±delta）`` as printed."""
    delta = change.delta
    sign = "+" if delta > 0 else "-" if delta < 0 else ""
    shown_delta = number(abs(delta), change.unit, change.decimals)
    return f"{change.shown(change.old)} → {change.shown(change.new)}（{sign}{shown_delta}）"
