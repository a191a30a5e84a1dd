"""The workbook's tables checked against the book derived from what was read.

Every figure of 表1–表9 and the 申报表 (derived figures included) is compared with the same
sheet as :mod:`generator.writers.xlsx` lays out the derived book; rows are matched by their code
(or their texts), so inserted or missing rows do not shift the comparison, and blank cells are
not compared. Each difference is a warning at its cell: the data file keeps the derived figure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from generator.findings import Severity
from generator.publication.derive import derive
from generator.publication.record import LINES_ID
from generator.source.schema import Book
from generator.writers import xlsx as layout

if TYPE_CHECKING:
    from generator.source.importers.xlsx import Reader

ZERO = Decimal(0)
MAX_MISMATCHES = 10  # per sheet; then one finding says how many more


def cross_check(reader: Reader, data: dict[str, Any]) -> None:
    """Compare every figure of the workbook's tables with the book derived from what was read;
    the data file keeps the derived figure and each difference is reported at its cell."""
    try:
        book = Book.model_validate(data)
    except ValidationError:
        return  # `budgetgen validate` on the written file says what is missing or wrong
    expected = layout.workbook(derive(book, check=False))
    for name in expected.sheetnames:
        if name in (LINES_ID, layout.DATA_SHEET) or name not in reader.wb.sheetnames:
            continue
        _compare_sheet(reader, expected[name], reader.wb[name])


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    return None


# Sheets whose rows are known by their first columns (the code), not by every text they hold.
CODE_COLUMNS = {"表2": 3, "表3": 3, "表5": 3, "表6": 3, "表7": 3, "表8": 2}


def _code_key(value: Any) -> str:
    """A code cell as a key: "01", "1" and the number 1 are the same 款."""
    text = "" if value is None else str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return str(int(text)) if text.isdigit() else text


def _rows(ws: Worksheet) -> list[tuple[int, tuple[str, ...], dict[int, Decimal]]]:
    """(row, key, figures by column) for each row: the key is its code (coded tables) or its
    texts, so rows match however many rows were inserted or left out."""
    codes = CODE_COLUMNS.get(ws.title, 0)
    out = []
    for row in range(1, ws.max_row + 1):
        values = [ws.cell(row, column).value for column in range(1, ws.max_column + 1)]
        if codes:
            key = tuple(_code_key(v) for v in values[:codes])
        else:
            key = tuple(v.strip() for v in values if isinstance(v, str))
        figures = {column: number for column, value in enumerate(values, start=1)
                   if column > codes and (number := _number(value)) is not None}
        out.append((row, key, figures))
    return out


def _compare_sheet(reader: Reader, want: Worksheet, got: Worksheet) -> None:
    actual = _rows(got)
    if all(not value for _, _, figures in actual for value in figures.values()):
        return  # a table nobody filled in (a blank workbook): nothing to compare
    expected: dict[tuple[str, ...], list[dict[int, Decimal]]] = {}
    for _, key, figures in _rows(want):
        expected.setdefault(key, []).append(figures)
    unit = "万元" if got.title == "表9" else "元"
    differences: list[tuple[int, int, str]] = []
    for row, key, figures in actual:
        if not figures:
            continue
        candidates = expected.get(key)
        if not candidates:
            column = min(figures)
            differences.append((row, column, f"此行（{'/'.join(k for k in key if k) or '无标题'}）"
                                f"不在由数据推导的表中；请在支出明细、表8或数据表中填写"))
            continue
        derived = candidates.pop(0)
        for column, value in sorted(figures.items()):
            should = derived.get(column, ZERO)
            if abs(should - value) > Decimal("0.000001"):
                differences.append((row, column, f"工作簿中为 {value:,f}，按支出明细、表8、表9和"
                                    f"申报表推导应为 {should:,f}（{unit}）；数据文件按推导值写出"))
    for row, column, message in differences[:MAX_MISMATCHES]:
        reader.report("xlsx.mismatch", got.title, row, column, message, Severity.WARNING)
    if len(differences) > MAX_MISMATCHES:
        row, column, _ = differences[MAX_MISMATCHES]
        reader.report("xlsx.mismatch", got.title, row, column,
                      f"另有 {len(differences) - MAX_MISMATCHES} 处数字与推导值不同；"
                      "请改在支出明细、表8、表9中", Severity.WARNING)
