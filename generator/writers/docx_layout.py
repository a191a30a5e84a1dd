"""Column widths of a Word table, from its content.

Word (and LibreOffice) wrap a figure that does not fit its cell, or let it run over the rule.
So each column is made at least as wide as its widest figure (and code) at the table's font
size, plus the cell padding; names take what is left and wrap. A table that cannot fit steps
its font size down to a floor, then goes landscape. Widths are estimated from character
classes of the fonts the reference document names (Times New Roman figures are half an em,
宋体/黑体 characters one em), with a margin for bold.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.display import amount_cell
from generator.publication.model import Cell, Table

PADDING = 2 * 60  # left + right cell margins (twips) of the reference's table style
INDENT = 200  # twips per indent level of a name cell (the writer's w:ind)
SIZES = (9.0, 8.5, 8.0, 7.5)  # font sizes tried, in points; 7.5 is the floor
SAFETY = 1.08  # bold figures and rounding in the office suite's layout
MIN_TEXT_EM = 6  # a column of names keeps at least six characters per line


@dataclass(frozen=True)
class Fit:
    """How a table is set: column widths (twips), font size (pt) and page orientation."""

    widths: tuple[int, ...]
    size: float
    landscape: bool


def text_em(text: str) -> float:
    """Width of one line of ``text`` in ems: figures half an em (Times New Roman, bold too),
    separators 0.3 (0.25 in Times), other ASCII 0.6, CJK one em."""
    return sum(0.5 if ch.isdigit() and ch.isascii() else 0.3 if ch in ",.-" else
               0.6 if ch.isascii() else 1.0 for ch in text)


def _needs(table: Table, size: float) -> tuple[list[int], list[int]]:
    """Per column: the width that must not be undercut (figures and codes, which never wrap)
    and the least width for wrapped text, in twips."""
    columns = table.column_count
    rigid = [0] * columns
    soft = [round(MIN_TEXT_EM * size * 20) + PADDING] * columns
    for row in table.rows:
        col = 0
        for cell in row.cells:
            if cell.colspan == 1 and col < columns:
                text = _shown(table, cell)
                if cell.is_amount or text.isascii():
                    em = max((text_em(line) for line in text.split("\n")), default=0)
                    width = round(em * size * 20 * SAFETY) + PADDING + INDENT * cell.indent
                    rigid[col] = max(rigid[col], width)
            col += cell.colspan
    return rigid, soft


def _shown(table: Table, cell: Cell) -> str:
    if cell.is_amount:
        return amount_cell(cell.amount, table.unit, table.decimals, table.blank_zero)
    return cell.text


def _distribute(proportions: tuple[int, ...], available: int, rigid: list[int],
                soft: list[int]) -> list[int] | None:
    """Widths summing to ``available``: the model's proportions, widened where a figure needs
    it, the difference taken from columns with room to spare; None if it cannot fit."""
    floor = [max(r, s) if r else s for r, s in zip(rigid, soft, strict=True)]
    if sum(floor) > available:
        return None
    total = sum(proportions)
    widths = [available * p / total for p in proportions]
    fixed = [False] * len(widths)
    while True:
        short = [i for i, w in enumerate(widths) if not fixed[i] and w < floor[i]]
        if not short:
            break
        for i in short:
            widths[i], fixed[i] = floor[i], True
        free = [i for i in range(len(widths)) if not fixed[i]]
        room = available - sum(widths[i] for i in range(len(widths)) if fixed[i])
        weight = sum(proportions[i] for i in free)
        for i in free:
            widths[i] = room * proportions[i] / weight
    out = [round(w) for w in widths]
    out[-1] += available - sum(out)
    return out


def fit(table: Table, portrait: int, landscape: int) -> Fit:
    """The first setting that fits: the table's own orientation at 9 pt, smaller sizes down to
    7.5 pt, then landscape; at worst the landscape floor (figures keep their width)."""
    orientations = [True] if table.wide else [False, True]
    for wide in orientations:
        available = landscape if wide else portrait
        for size in SIZES:
            rigid, soft = _needs(table, size)
            widths = _distribute(table.column_widths, available, rigid, soft)
            if widths is not None:
                return Fit(tuple(widths), size, wide)
    rigid, soft = _needs(table, SIZES[-1])
    floor = [max(r, s) if r else s for r, s in zip(rigid, soft, strict=True)]
    return Fit(tuple(floor), SIZES[-1], True)
