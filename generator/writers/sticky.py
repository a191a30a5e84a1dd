"""Which cells of a table stay put when a reader scrolls it sideways on a narrow screen.

A table's label columns (编码, 名称, 项目: columns no figure falls in) come in runs; the last
column of each run names the row's figures, so on a phone its cells are pinned to the left edge
of the table's scrolling box (``position: sticky`` in book.css) while the figures scroll under
them, and the codes before it scroll away beneath it. A run later in the row (the 支出 side of
表1) slides over the one before it. A merged cell reaching that column (合计 across 类/款/项 and
名称) is pinned with its leading part pulled back past the edge (``lead``), so it covers no more
of the screen than the name column does. Print ignores all of it.
"""

from __future__ import annotations

from generator.publication.model import Cell, Table
from generator.writers.layout import TableLayout, placed_cells


def label_runs(table: Table, grid: list[list[tuple[int, Cell]]]) -> list[range]:
    """The runs of consecutive columns that hold no figure in the body and some text."""
    n = table.column_count
    figures = [False] * n
    text = [False] * n
    for placed in grid[len(table.header):]:
        for c, cell in placed:
            for col in range(c, min(c + cell.colspan, n)):
                if cell.is_amount:
                    figures[col] = True
                elif cell.text.strip() and cell.colspan == 1:
                    text[col] = True
    runs: list[range] = []
    start: int | None = None
    for col in range(n + 1):
        label = col < n and not figures[col]
        if label and start is None:
            start = col
        elif not label and start is not None:
            if any(text[start:col]):
                runs.append(range(start, col))
            start = None
    return runs


def pins(table: Table, lay: TableLayout) -> list[list[float | None]]:
    """Per row (header rows first, then body rows), per cell: ``None`` for a cell that scrolls,
    else the width (pt) of the cell's part before the pinned column (0 for most cells)."""
    grid = placed_cells(table)
    pinned = [] if not table.header else label_runs(table, grid)
    out: list[list[float | None]] = []
    for placed in grid:
        row: list[float | None] = []
        for c, cell in placed:
            end = c + cell.colspan
            run = next((r for r in pinned if r.start <= c and end <= r.stop), None)
            if run is None or end != run.stop or cell.is_amount:
                row.append(None)
            else:
                row.append(sum(lay.widths[c:end - 1]))
        out.append(row)
    return out
