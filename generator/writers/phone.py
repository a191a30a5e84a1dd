"""How a table reads on a phone: each body row as a card, its name on top and each figure under
it with the full name of its column (``data-label`` in the HTML edition; book.css sets the card
below 40 em of screen width). Print and wider screens keep the grid and ignore all of it.

A column's name is read off the table's header, top row to bottom: every header cell above the
column, merged ones included (``一般公共预算支出 · 基本支出``). A header cell that also spans
a label column (``本年支出`` over 表1's 项目, 预算数 and its figures) heads the whole side of the
row, which the row's own name already says on the card, and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.publication.model import Cell, Table
from generator.writers.layout import placed_cells
from generator.writers.sticky import label_runs

SEPARATOR = " · "


def _text(cell: Cell) -> str:
    return "".join(cell.text.split())


@dataclass(frozen=True)
class Card:
    """A table read as cards. Per body row, per cell: ``labels``, the name of a figure's
    column (``""`` for a name or code cell), and ``sides``, the side of the row the cell is on.
    A table whose rows hold two sides (表1's 收入 beside its 支出) is read one side after the
    other, each under its ``titles`` entry (本年收入, 本年支出); a table of one side has no
    titles."""

    labels: tuple[tuple[str, ...], ...]
    sides: tuple[tuple[int, ...], ...]
    titles: tuple[str, ...]


def column_labels(table: Table) -> list[str]:
    """The full header name of every column (``""`` under no header)."""
    grid = placed_cells(table)
    n = table.column_count
    runs = label_runs(table, grid)
    labelled = {col for run in runs for col in run}
    cover: dict[tuple[int, int], Cell] = {}
    for r, placed in enumerate(grid[:len(table.header)]):
        for c, cell in placed:
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    cover[(r + dr, c + dc)] = cell
    out = []
    for col in range(n):
        names: list[str] = []
        seen: list[Cell] = []
        for r in range(len(table.header)):
            above = cover.get((r, col))
            if above is None or any(above is s for s in seen):
                continue
            seen.append(above)
            start = next(c for c in range(n) if cover.get((r, c)) is above)
            spans_label = any(c in labelled for c in range(start, start + above.colspan))
            if _text(above) and (not spans_label or col in labelled):
                names.append(_text(above))
        out.append(SEPARATOR.join(names))
    return out


def cards(table: Table) -> Card:
    """The labels, sides and side titles of ``table``'s body cells (see :class:`Card`)."""
    grid = placed_cells(table)
    labels = column_labels(table)
    runs = label_runs(table, grid)
    titles: tuple[str, ...] = ()
    if len(runs) > 1 and table.header:
        top = grid[0]
        titles = tuple(next((_text(cell) for c, cell in top
                             if c <= run.start < c + cell.colspan and cell.colspan > len(run)),
                            "") for run in runs)
    starts = [run.start for run in runs]
    rows_labels: list[tuple[str, ...]] = []
    rows_sides: list[tuple[int, ...]] = []
    for placed in grid[len(table.header):]:
        rows_labels.append(tuple(labels[c] if cell.is_amount else "" for c, cell in placed))
        rows_sides.append(tuple(max(sum(1 for s in starts if s <= c) - 1, 0)
                                for c, _ in placed))
    return Card(tuple(rows_labels), tuple(rows_sides), titles)


def form_heading(cell: Cell, from_end: int, indicators: bool) -> bool:
    """Whether a cell of a 申报表 row (``from_end``: 1 for the row's last cell) heads the rows
    after it on a phone, on a line of its own, rather than pairing a label with its value:
    a merged cell (项目资金（元）, 一级指标 over its rows), a label over several columns
    (项目总目标), and in the indicators (``indicators``) every cell before the last two,
    三级指标 and its value (时效指标 over a single row)."""
    return cell.rowspan > 1 or (cell.header and cell.colspan > 1) or (indicators and from_end > 2)
