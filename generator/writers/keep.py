"""Which table rows a page break may not separate, shared by the PDF (CSS ``break-before:
avoid`` on ``tr.keep``, a 申报表's row groups) and Word (``w:keepNext`` on the row before)
editions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from math import ceil

from generator.publication.model import Cell, Row, Table
from generator.writers.layout import INNER_PAD, layout, placed_cells, text_width

#: A *held* 申报表 (one whose last rows would stand on a page under a quarter used, decided by
#: :func:`generator.writers.pdf._layout`) keeps its last this many 一级指标 groups on one page
#: (book.css ``table.form.held``), so its last page carries a quarter of a page or more.
HELD_GROUPS = 3

#: The text height of an upright page (A4, 22 mm and 20 mm margins: book.css @page), pt.
PAGE_TEXT = (297 - 42) * 72 / 25.4
#: A 申报表 block estimated taller than this share of a page is not kept on one page (it cannot
#: be, or only on a page of its own after a half-empty one): it runs on from where it starts.
LOOSE = 0.8
#: Line height of a form's cells (book.css table.grid: 1.35 lines) and their padding (pt).
LEADING, CELL_PAD = 1.35, 3.6


def keeps_with_previous(rows: Sequence[Row], index: int) -> bool:
    """Whether body row ``index`` stays on the page of the row before it.

    The first three rows of a table stay together, and so do the last four (three rows and
    the 合计), so no page holds fewer than three rows of a table, nor its 合计 without them.
    A 类 or 款 row (a bold subtotal) stays with its first child: it never ends a page whose
    next page starts with the rows it sums.
    """
    count = len(rows)
    if index <= 0 or index >= count:
        return False
    if index < 3 or index >= count - 3:
        return True
    parent = rows[index - 1].level
    return parent in (1, 2) and rows[index].level > parent


@dataclass(frozen=True)
class FormPart:
    """One ruled block of a 申报表 as printed: ``head``, a header row repeated on each page
    the block runs onto; ``groups``, runs of rows no page break may separate (no merged cell
    crosses a page); ``side``, whether each group starts with a blank first cell (the column
    that ``head``'s first cell names)."""

    head: tuple[Cell, ...] | None
    groups: tuple[tuple[Row, ...], ...]
    side: bool
    #: Per group, whether it is too tall to keep on one page (:data:`LOOSE`): a page break
    #: may fall between its rows (book.css ``tbody.group.loose``), after its first row.
    loose: tuple[bool, ...] = ()
    #: Per group, per row, whether the row itself is that tall (a long 年度总体目标): a page
    #: break may fall inside it (``tr.tall``; Word leaves off ``w:cantSplit``).
    tall: tuple[tuple[bool, ...], ...] = ()


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
    height = _row_heights(table)
    for i, row in enumerate(rows):
        cells = row.cells
        if cells and all(c.header for c in cells) and cells[0].rowspan == len(rows) - i > 1:
            head = (replace(cells[0], rowspan=1), *cells[1:])
            groups = list(row_groups(rows[i + 1:]))
            while len(groups) > 1 and len(groups[-1]) < 3:
                groups[-2:] = [groups[-2] + groups[-1]]
            top = row_groups(rows[:i])
            return (FormPart(None, top, False, *_loose(top, height)),
                    FormPart(head, tuple(groups), True, *_loose(groups, height)))
    whole = row_groups(rows)
    return (FormPart(None, whole, False, *_loose(whole, height)),)


def _loose(groups: Sequence[tuple[Row, ...]], height: dict[int, float],
           ) -> tuple[tuple[bool, ...], tuple[tuple[bool, ...], ...]]:
    """Which groups, and which of their rows, are too tall to keep on one page."""
    limit = LOOSE * PAGE_TEXT
    return (tuple(sum(height[id(row)] for row in group) > limit for group in groups),
            tuple(tuple(height[id(row)] > limit for row in group) for group in groups))


def _row_heights(table: Table) -> dict[int, float]:
    """Each body row's height as set (pt, by ``id``), estimated from its cells' text: the
    lines each unmerged cell's paragraphs wrap to in its column at the table's size."""
    lay = layout(table)
    placed = placed_cells(table)[len(table.header):]
    heights: dict[int, float] = {}
    for row, cells in zip(table.rows, placed, strict=True):
        lines = 1
        for col, cell in cells:
            if cell.rowspan > 1 or cell.is_amount or not cell.text:
                continue
            room = max(sum(lay.widths[col:col + cell.colspan]) - INNER_PAD, lay.size)
            lines = max(lines, sum(max(1, ceil(text_width(line, lay.size) / room))
                                   for line in cell.text.split("\n")))
        heights[id(row)] = lines * lay.size * LEADING + CELL_PAD
    return heights


def form_keeps_next(table: Table, held: bool = False) -> list[bool]:
    """Per body row of a 申报表 (:func:`form_parts`): whether it stays on the page of the
    next row (Word's ``w:keepNext``): every row of a merged block or 一级指标 group but its
    last (of a loose one, its first only), and the indicator header row (with the first
    group); ``held``, the last row of each of the groups before the last
    :data:`HELD_GROUPS` - 1 too."""
    flags: list[bool] = []
    for part in form_parts(table):
        if part.head is not None:
            flags.append(True)
        for i, group in enumerate(part.groups):
            last = held and part.head is not None and len(part.groups) - HELD_GROUPS <= i \
                < len(part.groups) - 1
            if part.loose and part.loose[i]:
                flags += [j == 0 for j in range(len(group) - 1)] + [last]
            else:
                flags += [True] * (len(group) - 1) + [last]
    return flags


def form_tall_rows(table: Table) -> list[bool]:
    """Per body row of a 申报表 (:func:`form_parts`): whether a page may break inside it (a
    row too tall to keep on one page; Word's ``w:cantSplit`` is left off)."""
    flags: list[bool] = []
    for part in form_parts(table):
        if part.head is not None:
            flags.append(False)
        for i, group in enumerate(part.groups):
            flags += list(part.tall[i]) if part.tall else [False] * len(group)
    return flags
