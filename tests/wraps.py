"""How many lines each table cell's text takes in a PDF, measured on the page.

Generic like :mod:`tests.overflow` (whose rule and text-line reading it reuses): every ruled
table of every page, every run of text placed in the cell whose rules enclose it (the nearest
vertical rule to its left and horizontal rule above it that reach it, so merged cells count
once), and the distinct baselines of each cell counted. A figure is a cell of digits and
separators only; a header cell is set in the sans face (the book's headers), a name cell in the
serif one.

``python3 scripts/check_layout.py PDF…`` prints how many name cells wrap, by name length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.overflow import (
    Segment,
    _baseline,
    _bbox,
    _label,
    _overlaps,
    _segments,
    _tables,
    _text_lines,
)

FIGURE = re.compile(r"^[-\d,.%]+$")


@dataclass(frozen=True)
class CellLines:
    """One cell as printed: its page, the table's label, its text and its number of lines."""

    page: int
    label: str
    text: str
    lines: int
    header: bool

    def __str__(self) -> str:
        kind = "header" if self.header else "name"
        return f"page {self.page} ({self.label}): {kind} 「{self.text}」 in {self.lines} lines"


def _cell_key(line: list[dict[str, Any]], table: list[Segment]) -> tuple[float, float]:
    first = line[0]
    mid = (first["top"] + first["bottom"]) / 2
    left = max((s.x0 for s in table if s.vertical and s.x0 <= first["x0"] + 0.5
                and s.top <= mid <= s.bottom), default=0.0)
    x = first["x0"] + 0.5
    top = max((s.top for s in table if not s.vertical and s.top <= first["top"] + 0.5
               and s.x0 <= x <= s.x1), default=0.0)
    return round(left, 1), round(top, 1)


def text_cells(pdf_path: str | Path) -> list[CellLines]:
    """Every text (not figure) cell of every ruled table in ``pdf_path`` with its line count."""
    from tests import snapshot

    out: list[CellLines] = []
    for page in snapshot.read(pdf_path).pages:
        number, chars = page.number, page.chars
        for table in _tables(_segments(page)):
            box = _bbox(table)
            inside = [c for c in chars if _overlaps(c["x0"], c["x1"], box.x0, box.x1)
                      and _overlaps(c["top"], c["bottom"], box.top, box.bottom)]
            label = _label(chars, box)
            cells: dict[tuple[float, float], list[list[dict[str, Any]]]] = {}
            for line in _text_lines(inside):
                cells.setdefault(_cell_key(line, table), []).append(line)
            for lines in cells.values():
                ordered = sorted(lines, key=lambda ln: (_baseline(ln[0]), ln[0]["x0"]))
                text = "".join(c["text"] for ln in ordered for c in ln)
                if FIGURE.match(text):
                    continue
                baselines: list[float] = []
                for ln in ordered:
                    if not baselines or _baseline(ln[0]) - baselines[-1] > 0.5:
                        baselines.append(_baseline(ln[0]))
                out.append(CellLines(number, label, text, len(baselines),
                                     "Sans" in ordered[0][0]["fontname"]))
    return out


def cramped(pdf_path: str | Path, at_least: int = 3) -> list[CellLines]:
    """The name cells (not headers) whose text takes ``at_least`` lines or more."""
    return [c for c in text_cells(pdf_path) if not c.header and c.lines >= at_least]
