"""Shared test helpers: load the examples, and lay a table out as a grid of printed strings."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from generator.catalogs import normalise_name
from generator.display import amount_cell
from generator.pipeline import Validated, validate
from generator.publication.derive import derive
from generator.publication.model import Cell, Publication, Table

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TESTDATA = Path(__file__).resolve().parent / "data"
SEEDS = TESTDATA / "seeds"

EXAMPLES = {
    "000": DATA / "songjiang-yibao-2025.yaml",
    "001": DATA / "yangpu-yibao-2024.yaml",
    "004": DATA / "songjiang-yibao-forms-2026.yaml",
}


@cache
def validated(key: str) -> Validated:
    return validate(str(EXAMPLES[key]))


@cache
def publication(key: str) -> Publication:
    result = validated(key)
    assert result.book is not None
    return derive(result.book)


def shown(table: Table, cell: Cell) -> str:
    if cell.is_amount:
        return amount_cell(cell.amount, table.unit, table.decimals, table.blank_zero)
    return cell.text


def body_grid(table: Table) -> list[list[str]]:
    """Body rows as printed, merged cells expanded to blanks (like text extracted from a PDF)."""
    pending: dict[tuple[int, int], str] = {}
    grid: list[list[str]] = []
    for r, row in enumerate(table.rows):
        out: list[str] = []
        cells = iter(row.cells)
        c = 0
        while c < table.column_count:
            if (r, c) in pending:
                out.append(pending.pop((r, c)))
                c += 1
                continue
            cell = next(cells, None)
            if cell is None:
                out.append("")
                c += 1
                continue
            out.append(shown(table, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if dr or dc:
                        pending[(r + dr, c + dc)] = ""
            c += 1
            for _ in range(cell.colspan - 1):
                out.append(pending.pop((r, c), ""))
                c += 1
        grid.append(out)
    return grid


def tidy(row: list[str]) -> list[str]:
    """Cells compared as a reader compares them: spaces and bracket widths ignored."""
    out = [normalise_name(cell.strip()) for cell in row]
    while out and not out[-1]:
        out.pop()
    return out


def seed_rows(seed: str, title: str, header_rows: int) -> list[list[str]]:
    """Body rows of the table titled ``title`` in a seed text (tab-separated cells)."""
    lines = (SEEDS / seed).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip("# ").strip() == title)
    rows: list[list[str]] = []
    started = False
    for line in lines[start + 1 :]:
        if "\t" in line:
            started = True
            rows.append(line.split("\t"))
        elif started and line.strip():
            break
    return [tidy(row) for row in rows[header_rows:]]


def section_text(pub: Publication, section_id: str) -> list[str]:
    """Every paragraph and list item of a section, as printed (items with their labels)."""
    from generator.display import runs_text
    from generator.publication.model import ItemList, Paragraph

    section = next(s for s in pub.walk() if s.id == section_id)
    out: list[str] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            out.append(runs_text(block.runs))
        elif isinstance(block, ItemList):
            out.extend(item.label + runs_text(item.runs) for item in block.items)
    return out
