"""Benchmark ``budgetgen import`` of budget-system workbooks (the nine tables in the official
layout, not our own workbook): for each book and layout, rows recovered out of rows printed,
totals (合计/总计 rows) recovered, and seconds per workbook.

A row is recovered when the book rebuilt from the import prints it exactly as the original
(in a 万元 workbook: every figure equal when both are shown in 万元, as the workbook printed
them). Rows whose figures come back but are shown with other decimals are counted apart: a
General number format does not say whether the book prints cents, so it is inferred (cents
when any figure has them). The workbooks are made from the examples' derived figures by
``tests/budget_workbooks.py``.

    python3 benchmarks/import_workbooks.py [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import timed  # noqa: E402
from generator.display import amount_cell  # noqa: E402
from generator.pipeline import publish, validate  # noqa: E402
from generator.publication.model import Publication, Table, Unit  # noqa: E402
from generator.source.emit import dump_yaml  # noqa: E402
from generator.source.importers.xlsx import read  # noqa: E402
from tests.budget_workbooks import LAYOUTS, TABLES, Layout, workbook_bytes  # noqa: E402
from tests.helpers import body_grid  # noqa: E402

BOOKS = [*sorted((ROOT / "data").glob("*.yaml")), ROOT / "data" / "yangpu-rollup" / "department.yaml",
         *sorted((ROOT / "tests" / "data" / "shapes").glob("*.yaml")),
         ROOT / "tests" / "data" / "shiji" / "exact.yaml"]


def _grid(table: Table, wan: bool) -> list[list[str]]:
    if not wan:
        return body_grid(table)
    out = []
    for row in table.rows:
        out.append([amount_cell(c.amount, Unit.WAN, 2, True) if c.is_amount else c.text
                    for c in row.cells])
    return out


def _is_total(row: list[str]) -> bool:
    return any(cell.replace(" ", "") in ("合计", "总计", "收入总计", "支出总计") for cell in row)


def _values(row: list[str]) -> list[object]:
    """A row with its figures as numbers (how many decimals are shown set aside)."""
    out: list[object] = []
    for cell in row:
        plain = cell.replace(",", "")
        out.append(Decimal(plain) if plain.replace(".", "").isdigit() and "." in plain
                   or plain.isdigit() and "," in cell else cell)
    return out


def score(original: Publication, again: Publication | None, layout: Layout
          ) -> tuple[int, int, int, int, int]:
    """(rows recovered, rows printed, totals recovered, totals printed, rows whose figures are
    recovered but shown with other decimals)."""
    rows = same = totals = same_totals = values = 0
    wan = layout.unit == "万元"
    for table_id in TABLES:
        if table_id not in original.tables:
            continue
        mine = _grid(original.tables[table_id], wan or table_id == "表9")
        theirs = (_grid(again.tables[table_id], wan or table_id == "表9")
                  if again is not None and table_id in again.tables else [])
        for r, row in enumerate(mine):
            ok = r < len(theirs) and theirs[r] == row
            values += not ok and r < len(theirs) and _values(theirs[r]) == _values(row)
            rows += 1
            same += ok
            if _is_total(row):
                totals += 1
                same_totals += ok
    return same, rows, same_totals, totals, values


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'书':34} {'版式':22} {'行':>9} {'合计行':>7} {'秒':>6}  （另有 N 行数值相同、小数位不同）")
    sums = [0, 0, 0, 0, 0]
    seconds: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for book in BOOKS:
            original = publish(validate(str(book)))
            for layout in LAYOUTS:
                path = Path(tmp) / "预算表.xlsx"
                path.write_bytes(workbook_bytes(original, layout))
                _, median, imported = timed(lambda p=path: read(p), args.runs)
                data = Path(tmp) / "book.yaml"
                data.write_text(dump_yaml(imported.data), encoding="utf-8")  # type: ignore[attr-defined]
                result = validate(str(data))
                again = publish(result) if result.book is not None else None
                scores = score(original, again, layout)
                sums = [a + b for a, b in zip(sums, scores, strict=True)]
                seconds.append(median)
                same, rows, same_totals, totals, values = scores
                print(f"{book.stem:34} {layout.name:22} {same:>4}/{rows:<4} {same_totals:>3}/"
                      f"{totals:<3} {median:6.2f}" + (f"  （另 {values}）" if values else ""))
    seconds.sort()
    print(f"{'全部':57} {sums[0]}/{sums[1]} ({sums[0] / sums[1]:.1%})  合计 {sums[2]}/{sums[3]}  "
          f"中位 {seconds[len(seconds) // 2]:.2f} 秒/工作簿；另 {sums[4]} 行数值相同、小数位不同")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
