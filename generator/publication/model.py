"""The publication model: the whole book as a tree of sections, paragraphs, lists and tables.

It knows nothing of the data file or of any output format. Amounts are exact ``Decimal`` values
in 元; how a figure is shown (万元, decimals) is recorded beside it and applied by
:mod:`generator.display`, the one formatter every writer uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Unit(StrEnum):
    """How a figure is shown: money in 元 or 万元, a percentage, or a count."""

    YUAN = "元"
    WAN = "万元"
    PERCENT = "%"
    COUNT = "个"


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Fact:
    """A figure quoted in running text. ``id`` traces it back to the data, e.g. ``说明/收入/总计``.

    ``value`` is in 元 for money (also when shown in 万元), the exact percentage for percents.
    """

    id: str
    value: Decimal
    unit: Unit
    decimals: int = 2


Inline = Text | Fact


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of runs. ``role`` is ``body``, ``note`` (under a table) or ``heading``."""

    runs: tuple[Inline, ...]
    role: str = "body"

    @property
    def plain(self) -> str:
        """The text with facts shown as their exact value (for tests and diagnostics)."""
        return "".join(r.text if isinstance(r, Text) else f"{{{r.id}}}" for r in self.runs)


@dataclass(frozen=True)
class ListItem:
    """One item of a numbered list; ``label`` is the printed number, e.g. ``1.`` or ``（一）``."""

    label: str
    runs: tuple[Inline, ...]


@dataclass(frozen=True)
class ItemList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Cell:
    """A table cell: text, or an amount in 元 (``None`` = printed blank), possibly merged.

    ``fact`` names the figure, e.g. ``表2/2101501/合计``. ``indent`` is the 类/款/项 depth of a
    name cell. Text may hold several paragraphs separated by newlines.
    """

    text: str = ""
    amount: Decimal | None = None
    fact: str | None = None
    rowspan: int = 1
    colspan: int = 1
    indent: int = 0
    is_amount: bool = False
    header: bool = False


@dataclass(frozen=True)
class Row:
    """A body row. ``level``: 1 类, 2 款, 3 项, 0 for rows outside the code hierarchy."""

    cells: tuple[Cell, ...]
    kind: str = "item"  # "item" | "total"
    level: int = 0
    code: str = ""


@dataclass(frozen=True)
class Table:
    """A table: header grid (with spans), body rows, notes. ``unit`` applies to every amount."""

    id: str
    title: str
    caption: str
    compiler: str
    unit: Unit
    decimals: int
    header: tuple[tuple[Cell, ...], ...]
    rows: tuple[Row, ...]
    column_widths: tuple[int, ...]
    notes: tuple[Paragraph, ...] = ()
    blank_zero: bool = True
    wide: bool = False

    @property
    def column_count(self) -> int:
        return len(self.column_widths)


Block = Paragraph | ItemList | Table

Scalar = str | Decimal | int | bool | date


@dataclass(frozen=True)
class Record:
    """The data file's own values, for a writer whose output must read back into the same data
    (the workbook). No printed page shows it.

    ``lines`` is 支出明细 as entered: one row per 项 code, one column per funding source and
    kind (no printed table splits 人员经费/公用经费 by 项). ``values`` is every other value that
    no table carries, as (path, value) in book order; a path reads ``主要职能.条目[2]``
    (keys joined by dots, list items numbered from 1).
    """

    lines: Table | None
    values: tuple[tuple[str, Scalar], ...]


@dataclass(frozen=True)
class Section:
    """A part of the book. ``toc_title`` is its 目录 entry when that differs from the heading."""

    id: str
    title: str
    level: int
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    toc_title: str | None = None
    in_toc: bool = True

    def facts(self) -> dict[str, Fact]:
        """The figures quoted in this section's own text (paragraphs, lists, table notes)."""
        runs: list[Inline] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                runs += block.runs
            elif isinstance(block, ItemList):
                runs += [r for item in block.items for r in item.runs]
            else:
                runs += [r for note in block.notes for r in note.runs]
        return {run.id: run for run in runs if isinstance(run, Fact)}


@dataclass(frozen=True)
class Publication:
    """The whole book."""

    title: str
    subtitle: str
    year: int
    kind: str
    sections: tuple[Section, ...]
    tables: dict[str, Table] = field(default_factory=dict)
    unvalidated: bool = False  # built with --force from data that failed validation
    draft: bool = False  # a next-year draft (草稿 in the data): carried-over figures unconfirmed
    edition_date: date | None = None  # the date of this edition; output metadata uses it
    edition_line: str = ""  # e.g. "2025年3月10日更正", shown in the title block
    record: Record | None = None  # the data values no table carries (for the workbook)
    author: str = ""  # the unit or department publishing the book (document metadata)

    def toc(self) -> list[tuple[int, str, str]]:
        """目录 entries as (level, section id, title), in reading order."""
        return [
            (section.level, section.id, section.toc_title or section.title)
            for section in self.walk()
            if section.in_toc
        ]

    def walk(self) -> list[Section]:
        """Every section, depth first, in reading order."""
        out: list[Section] = []

        def visit(section: Section) -> None:
            out.append(section)
            for child in section.children:
                visit(child)

        for section in self.sections:
            visit(section)
        return out

    def facts(self) -> dict[str, Fact]:
        """Every fact quoted in running text, by id."""
        found: dict[str, Fact] = {}
        for section in self.walk():
            found.update(section.facts())
        return found
