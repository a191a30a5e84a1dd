"""Excel importer: a workbook in the layout ``build --format xlsx`` writes (or a blank one from
:func:`blank_workbook` filled in by hand) read back into the values of a data file.

Where each value comes from:

* 支出明细 sheet: the 项 lines, by code, funding source and kind (no printed table splits
  人员经费/公用经费 by 项, so the lines travel in a grid of their own);
* 表8: the economic lines (款 rows; 类 rows and 合计 are derived);
* 表9: 三公经费 and 机关运行经费 (in 万元, as printed);
* 申报表N: the 绩效目标申报表 of project N;
* 数据 sheet: every other value, one row per path (``主要职能.条目[2]``).

表1–表7 and every derived figure (类/款 rows, 合计, 小计) are not read: they are compared with
the book derived from what was read, and each figure that differs is reported at its cell
(``book.xlsx!表5!E9``), so an edit made only in a derived table is never lost silently.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic_core import PydanticCustomError

from generator.catalogs import Catalogs, for_year
from generator.findings import Finding, Location, Severity
from generator.publication.ledger import KIND_NAMES, KINDS, SOURCE_NAMES, SOURCES
from generator.publication.record import LINES_ID
from generator.source.importers import Imported, paths, workbook
from generator.source.importers.xlsx_blank import blank_workbook
from generator.source.importers.xlsx_check import cross_check
from generator.source.importers.xlsx_forms import read_form
from generator.source.importers.xlsx_guard import (
    check_archive,
    formula_findings,
    scan_sheets,
    too_many_cells,
)
from generator.source.schema import Book
from generator.source.types import TEN_THOUSAND, parse_money
from generator.writers import xlsx as layout

__all__ = ["SUFFIXES", "blank_workbook", "read"]

SUFFIXES = (".xlsx",)

CENT = Decimal("0.01")
_SPLIT = (KIND_NAMES["personnel"], KIND_NAMES["public"])


class Reader:
    """Reads one workbook, collecting located findings."""

    def __init__(self, path: Path, wb: Workbook) -> None:
        self.file = str(path)
        self.wb = wb
        self.findings: list[Finding] = []

    def at(self, sheet: str, row: int, column: int) -> Location:
        return Location(self.file, row, column, sheet)

    def report(self, code: str, sheet: str, row: int, column: int, message: str,
               severity: Severity = Severity.ERROR, place: str = "") -> None:
        self.findings.append(Finding(code, severity, message, (self.at(sheet, row, column),),
                                     place or sheet))

    def money(self, ws: Worksheet, row: int, column: int, scale: Decimal = Decimal(1)
              ) -> Decimal | None:
        """An amount cell in 元 (``scale`` 10000 for a 万元 table); blank → ``None``."""
        value = ws.cell(row, column).value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            if isinstance(value, float):
                value = Decimal(repr(value))
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                amount = Decimal(value) * scale
                near = amount.quantize(CENT)
                if abs(amount - near) < Decimal("0.000001"):  # binary floating point noise
                    amount = near
                return parse_money(amount)
            if isinstance(value, str):
                return parse_money(value) * scale if scale != 1 else parse_money(value)
            raise PydanticCustomError("money_type", "金额应为数字")
        except PydanticCustomError as exc:
            self.report("xlsx.value", ws.title, row, column, f"{exc.message()}，填写的是「{value}」")
            return None

    def code(self, ws: Worksheet, row: int, column: int, digits: tuple[int, ...]) -> str | None:
        value = ws.cell(row, column).value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip() if value is not None else ""
        if isinstance(value, int) and len(text) < min(digits):
            text = text.zfill(min(digits))  # 款 "01" typed as the number 1
        if text.isdigit() and len(text) in digits:
            return text
        self.report("xlsx.value", ws.title, row, column,
                    f"科目编码应为{'或'.join(map(str, digits))}位数字，填写的是「{text}」")
        return None


def _headers_match(reader: Reader, ws: Worksheet, expected: list[tuple[int, int, str]]) -> bool:
    """Whether each (row, column) header holds its text; reports the first that does not (a
    column inserted or moved would otherwise shift every figure read)."""
    for row, column, text in expected:
        found = ws.cell(row, column).value
        if text not in str(found or ""):
            reader.report("xlsx.sheet", ws.title, row, column,
                          f"此处表头应为「{text}」，实为「{found or ''}」；各列须与导出的工作簿相同，"
                          "未读取此表")
            return False
    return True


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _scalar(value: Any, leaves: list[Any]) -> Any:
    """A cell value as the data file writes it: text stays text, numbers exact, dates ISO."""
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    if isinstance(value, float):
        value = Decimal(repr(value))
    text_only = str in leaves and not any(k in (int, Decimal, bool) for k in leaves)
    if text_only and isinstance(value, int | Decimal) and not isinstance(value, bool):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def read_values(reader: Reader) -> dict[str, Any]:
    """The 数据 sheet: one value per row, 项目 (a path) in column A, 内容 in column B."""
    if layout.DATA_SHEET not in reader.wb.sheetnames:
        reader.report("xlsx.sheet", layout.DATA_SHEET, 1, 1,
                      f"工作簿缺少「{layout.DATA_SHEET}」工作表（预算年度、单位、文字等都填在其中）")
        return {}
    ws = reader.wb[layout.DATA_SHEET]
    root: dict[Any, Any] = {}
    for row in range(2, ws.max_row + 1):
        key, value = ws.cell(row, 1).value, ws.cell(row, 2).value
        if _blank(key) or _blank(value):
            continue
        segments = paths.parse(str(key))
        if segments is None:
            reader.report("xlsx.path", ws.title, row, 1,
                          f"「{key}」不是数据项的写法（应如 主要职能.条目[1]、项目[2].名称）")
            continue
        problem, leaves = paths.resolve(segments)
        if problem is not None:
            reader.report("xlsx.path", ws.title, row, 1, problem)
            continue
        try:
            paths.assign(root, segments, _scalar(value, leaves))
        except ValueError:
            reader.report("xlsx.path", ws.title, row, 1, f"「{key}」与前面的数据项冲突（同一项既是"
                          "一个值又含下级内容，或填写了两次）")
    finished = paths.finish(root)
    return finished if isinstance(finished, dict) else {}


def _note(value: Any) -> bool:
    """A note printed under a table (「注：…故本表无数据。」): not a line."""
    return isinstance(value, str) and value.strip().startswith("注：")


def _header_row(ws: Worksheet, column: int, text: str) -> int | None:
    for row in range(1, min(ws.max_row, 30) + 1):
        if ws.cell(row, column).value == text:
            return row
    return None


def _name(value: Any, official: str | None) -> str | None:
    name = str(value).strip() if not _blank(value) else ""
    return name if name and name != official else None


def read_lines(reader: Reader, catalogs: Catalogs | None) -> list[dict[str, Any]] | None:
    """支出明细: code, name, then 一般公共预算 … 其他收入 × 人员经费/公用经费/项目支出."""
    if LINES_ID not in reader.wb.sheetnames:
        return None
    ws = reader.wb[LINES_ID]
    head = _header_row(ws, 1, "科目编码")
    if head is None:
        reader.report("xlsx.sheet", ws.title, 1, 1, "找不到表头「科目编码」，无法读取支出明细")
        return []
    expected = [(head, 3 + i * len(KINDS), SOURCE_NAMES[s]) for i, s in enumerate(SOURCES)]
    expected += [(head + 1, 3 + i, KIND_NAMES[k]) for i, k in enumerate(KINDS * len(SOURCES))]
    if not _headers_match(reader, ws, expected):
        return []
    lines = []
    for row in range(head + 2, ws.max_row + 1):
        cells = [ws.cell(row, c).value for c in range(1, 3 + len(SOURCES) * len(KINDS))]
        if all(_blank(v) for v in cells) or _note(cells[0]):
            continue
        code = reader.code(ws, row, 1, (7,))
        amounts: dict[str, dict[str, Decimal]] = {}
        column = 3
        for source in SOURCES:
            for kind in KINDS:
                value = reader.money(ws, row, column)
                if value is not None:
                    amounts.setdefault(source, {})[KIND_NAMES[kind]] = value
                column += 1
        if code is None:
            continue
        for kinds in amounts.values():
            _one_layout(kinds)
        line: dict[str, Any] = {"科目": code}
        official = catalogs.function.name(code) if catalogs else None
        name = _name(ws.cell(row, 2).value, official)
        if name:
            line["名称"] = name
        if set(amounts) <= {"general"}:
            line.update(amounts.get("general", {}))
        else:
            line["资金来源"] = {SOURCE_NAMES[s]: amounts[s] for s in SOURCES if s in amounts}
        lines.append(line)
    return lines


def read_economic(reader: Reader, catalogs: Catalogs | None) -> list[dict[str, Any]] | None:
    """表8's 款 rows: 类 code (A), 款 (B), name (C), 人员经费 (E), 公用经费 (F)."""
    if "表8" not in reader.wb.sheetnames:
        return None
    ws = reader.wb["表8"]
    head = _header_row(ws, 1, "类")
    if head is None:
        reader.report("xlsx.sheet", ws.title, 1, 1, "找不到表头「类」「款」，无法读取经济分类")
        return []
    if not _headers_match(reader, ws, [(head - 1, 5, "人员经费"), (head - 1, 6, "公用经费")]):
        return []
    lines = []
    for row in range(head + 1, ws.max_row + 1):
        first, second = ws.cell(row, 1).value, ws.cell(row, 2).value
        if (_blank(first) and _blank(second)) or first == "合计" or _note(first):
            continue
        if _blank(second) and len(str(first).strip()) == 3:
            continue  # a 类 row: derived
        if _blank(second):
            code = reader.code(ws, row, 1, (5,))
        else:
            part = reader.code(ws, row, 2, (2,))
            cls = reader.code(ws, row, 1, (3,))
            code = cls + part if cls and part else None
        personnel, public = reader.money(ws, row, 5), reader.money(ws, row, 6)
        if code is None:
            continue
        line: dict[str, Any] = {"科目": code}
        name = _name(ws.cell(row, 3).value, catalogs.economic.name(code) if catalogs else None)
        if name:
            line["名称"] = name
        if personnel is not None:
            line["人员经费"] = personnel
        if public is not None:
            line["公用经费"] = public
        lines.append(line)
    return lines


THREE_PUBLIC_COLUMNS = (("因公出国境费", 2), ("公务接待费", 3), ("公务用车购置费", 5),
                        ("公务用车运行费", 6))


def read_table9(reader: Reader) -> tuple[dict[str, Decimal], Decimal | None]:
    """表9's one row (万元): the four 三公 amounts and 机关运行经费."""
    if "表9" not in reader.wb.sheetnames:
        return {}, None
    ws = reader.wb["表9"]
    head = _header_row(ws, 4, "小计")
    if head is None:
        reader.report("xlsx.sheet", ws.title, 1, 1, "找不到表头「小计」，无法读取“三公”经费")
        return {}, None
    if not _headers_match(reader, ws, [(head - 1, 2, "因公出国"), (head - 1, 3, "公务接待费"),
                                       (head, 5, "购置费"), (head, 6, "运行费"),
                                       (head - 2, 7, "机关运行经费")]):
        return {}, None
    row = head + 1
    amounts = {}
    for key, column in THREE_PUBLIC_COLUMNS:
        value = reader.money(ws, row, column, TEN_THOUSAND)
        if value is not None:
            amounts[key] = value
    return amounts, reader.money(ws, row, 7, TEN_THOUSAND)


def _year(values: dict[str, Any]) -> int | None:
    try:
        return int(values.get("预算年度"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def assemble(values: dict[str, Any], lines: list[dict[str, Any]] | None,
             economic: list[dict[str, Any]] | None, three_public: dict[str, Decimal],
             running_cost: Decimal | None) -> dict[str, Any]:
    """The data file's values in the schema's (= the book's) order."""
    carried: dict[str, Any] = {
        "支出明细": lines or None,
        "基本支出经济分类": economic or None,
        "机关运行经费": running_cost,
    }
    stated = values.get("三公经费")
    if three_public or stated:
        carried["三公经费"] = {**three_public, **(stated if isinstance(stated, dict) else {})}
    data = {}
    for field in Book.model_fields.values():
        key = field.alias or ""
        value = carried[key] if key in carried else values.get(key)
        if value is not None:
            data[key] = value
    return data


def open_workbook(path: Path) -> tuple[Workbook | None, list[Finding]]:
    """The workbook at ``path`` with its values (``None`` if it must not or cannot be opened),
    and a finding for each formula cell without a calculated value."""
    refused = check_archive(path)
    scan = scan_sheets(path) if refused is None else None
    refused = refused or (too_many_cells(path, scan) if scan else None)
    if refused is not None or scan is None:
        return None, [refused] if refused else []
    try:
        wb = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        message = f"无法作为 Excel 工作簿（.xlsx）读取：{exc}"
        return None, [Finding("xlsx.unreadable", Severity.ERROR, message,
                              (Location(str(path), 1, 1),))]
    return wb, formula_findings(path, scan)


def is_own(wb: Workbook) -> bool:
    """Whether ``wb`` is a workbook budgetgen wrote (or its blank one): it has the 数据 sheet
    headed 项目 | 内容."""
    if layout.DATA_SHEET not in wb.sheetnames:
        return False
    ws = wb[layout.DATA_SHEET]
    return (ws.cell(1, 1).value, ws.cell(1, 2).value) == layout.DATA_HEADER


def read(path: Path) -> Imported:
    """Read the workbook at ``path``; every cell that cannot be read becomes a finding."""
    wb, findings = open_workbook(path)
    if wb is None:
        return Imported({}, findings)
    if not is_own(wb):  # the tables as a budget system exports them
        imported = workbook.read(path, wb, findings)
        if imported.data or any(f.code == "import.formula-line" for f in imported.findings):
            imported.findings[:0] = findings
        return imported
    reader = Reader(path, wb)
    reader.findings += findings
    values = read_values(reader)
    year = _year(values)
    catalogs = for_year(year) if year is not None and 2000 <= year <= 2100 else None
    lines = read_lines(reader, catalogs)
    if lines is None and values.get("类型") != "绩效目标申报表":
        reader.report("xlsx.sheet", LINES_ID, 1, 1, f"工作簿缺少「{LINES_ID}」工作表（项级支出明细）")
    economic = read_economic(reader, catalogs)
    three_public, running_cost = read_table9(reader)
    projects = values.get("项目") if isinstance(values.get("项目"), list) else None
    for name in wb.sheetnames:
        if name.startswith("申报表") and name[3:].isdigit():
            projects = read_form(reader, wb[name], int(name[3:]), values, projects)
    if projects is not None:
        values["项目"] = projects
    data = assemble(values, lines, economic, three_public, running_cost)
    cross_check(reader, data)
    return Imported(data, reader.findings)


def _one_layout(kinds: dict[str, Decimal]) -> None:
    """A line is entered either split (人员经费/公用经费) or unsplit (基本支出), never both:
    the sheet has a column for each, so keep the one in use (split when nothing is)."""
    basic = KIND_NAMES["basic"]
    if kinds.get(basic):
        if not any(kinds.get(k) for k in _SPLIT):
            for k in _SPLIT:
                kinds.pop(k, None)
    elif basic in kinds:
        del kinds[basic]
