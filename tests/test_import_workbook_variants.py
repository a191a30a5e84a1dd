"""Budget-system workbooks as officers and other programs leave them (issue 15, item 8): hidden
rows and columns, frozen panes and an autofilter, notes, 制表人 lines and page numbers under the
tables, line breaks inside cells, amounts as text with full-width commas or an apostrophe,
negative figures, 万元 to four decimals, a department's export of several units, formulas
saved by LibreOffice. Each comes back row for row, or is reported at its cell
(``file!sheet!cell``). Workbooks are made by :mod:`tests.budget_workbooks`, then changed."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

from generator.display import amount_cell
from generator.pipeline import publish, validate
from generator.publication.model import Publication, Unit
from generator.source.emit import dump_yaml
from generator.source.importers import Imported
from generator.source.importers.book import sheets
from generator.source.importers.xlsx import read
from tests.budget_workbooks import LAYOUTS, TABLES, Layout, _write_table, workbook
from tests.helpers import EXAMPLES, TESTDATA, body_grid

PER_SHEET, ONE_SHEET = LAYOUTS[0], LAYOUTS[1]  # split codes; all in one sheet with 7-digit codes


@pytest.fixture(scope="module")
def original() -> Publication:
    return publish(validate(str(EXAMPLES["000"])))


def _import(wb: openpyxl.Workbook, tmp: Path) -> tuple[Imported, Publication | None, Path]:
    path = tmp / "预算表.xlsx"
    wb.save(path)
    return (*_read(path, tmp), path)


def _read(path: Path, tmp: Path) -> tuple[Imported, Publication | None]:
    imported = read(path)
    if not imported.data:
        return imported, None
    data = tmp / "book.yaml"
    data.write_text(dump_yaml(imported.data), encoding="utf-8")
    result = validate(str(data))
    assert result.book is not None, [f.render() for f in result.findings]
    return imported, publish(result)


def _same_tables(original: Publication, again: Publication | None) -> None:
    assert again is not None
    for table_id in TABLES:
        assert body_grid(again.tables[table_id]) == body_grid(original.tables[table_id]), table_id


def _import_findings(imported: Imported) -> list[str]:
    return [f.render() for f in imported.findings if f.code.startswith("import.")]


def _amount_cells(wb: openpyxl.Workbook) -> list[Any]:
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, float)]


# ---- what Excel does not print ---------------------------------------------------------------

def _hide_stale_rows_and_id_column(wb: openpyxl.Workbook) -> None:
    """A hidden column of internal IDs beside every row, and under each sheet a hidden draft
    合计 row with another figure (before: 134 of 157 rows, 7 of 8 totals, 11 warnings)."""
    for ws in wb.worksheets:
        column = ws.max_column + 1
        for r in range(1, ws.max_row + 1):
            if ws.cell(r, 1).value is not None:
                ws.cell(r, column, f"ID{r:04d}")
        ws.column_dimensions[get_column_letter(column)].hidden = True
        stale = ws.max_row + 1
        ws.cell(stale, 1, "合计")
        ws.cell(stale, 3, 999999.0)
        ws.row_dimensions[stale].hidden = True
        ws.freeze_panes = "A5"
        ws.auto_filter.ref = f"A4:{get_column_letter(column - 1)}{stale - 1}"


def test_a_hidden_code_column_is_still_read(original: Publication, tmp_path: Path) -> None:
    wb = workbook(original, ONE_SHEET)  # 7-digit codes in column A, headed 功能分类科目编码
    wb.active.column_dimensions["A"].hidden = True
    imported, again, _ = _import(wb, tmp_path)
    _same_tables(original, again)
    assert _import_findings(imported) == []


# ---- around and inside the tables ------------------------------------------------------------

def _notes(wb: openpyxl.Workbook) -> None:
    """Under every table a 说明 paragraph merged across, a 制表人/审核人 line and a page number;
    under the last a 填报说明 list."""
    for ws in wb.worksheets:
        rows = {c.row for row in ws.iter_rows() for c in row if c.value is not None}
        rows |= {r for merged in ws.merged_cells.ranges
                 for r in range(merged.min_row, merged.max_row + 1)}
        ends = [r for r in sorted(rows) if r + 1 not in rows]
        for end in ends:
            if isinstance(ws.cell(end + 1, 1), MergedCell):
                continue
            ws.cell(end + 1, 1, "说明：本表按部门预算口径编制，金额单位以表头为准。")
            ws.merge_cells(start_row=end + 1, start_column=1, end_row=end + 1, end_column=6)
            if end + 2 not in rows and end + 3 not in rows:
                ws.cell(end + 2, 1, "制表人：张三")
                ws.cell(end + 2, 4, "审核人：李四")
                ws.cell(end + 3, 5, "第1页 共1页")
        last = ws.max_row
        for n, text in enumerate(("填报说明：", "1.本表反映单位预算年度全部收支。",
                                  "2.本表金额保留两位小数。"), start=1):
            ws.cell(last + n, 1, text)


@pytest.mark.parametrize("layout", [PER_SHEET, ONE_SHEET], ids=lambda v: v.name)
def test_notes_signatures_and_page_numbers_under_tables_are_not_rows(
        layout: Layout, original: Publication, tmp_path: Path) -> None:
    wb = workbook(original, layout)
    _notes(wb)
    imported, again, _ = _import(wb, tmp_path)
    _same_tables(original, again)
    assert _import_findings(imported) == []


def _break_lines(wb: openpyxl.Workbook) -> None:
    """Alt+Enter inside header labels and names ("项目\\n支出", "其他行政事业\\n单位养老支出")
    (before: 151 of 157 rows, the names kept their line breaks)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = cell.value
                if (isinstance(text, str) and 4 <= len(text) <= 12 and not any(map(str.isdigit, text))
                        and not text.startswith(("编制", "单位"))
                        and any(w in text for w in ("支出", "收入", "经费", "科目", "资金", "名称"))):
                    cell.value = text[: len(text) // 2] + "\n" + text[len(text) // 2:]


@pytest.mark.parametrize("layout", [PER_SHEET, ONE_SHEET], ids=lambda v: v.name)
@pytest.mark.parametrize("change", [_hide_stale_rows_and_id_column, _break_lines],
                         ids=["hidden rows and columns are not read", "line breaks in cells are joined"])
def test_a_workbook_as_left_by_hand_reads_as_printed(change: Any, layout: Layout,
                                                     original: Publication, tmp_path: Path) -> None:
    """Hidden rows (a stale draft) and a hidden ID column are not read; a line break inside a
    header or name cell is joined: every table comes back as printed, with no finding."""
    wb = workbook(original, layout)
    change(wb)
    imported, again, _ = _import(wb, tmp_path)
    _same_tables(original, again)
    assert _import_findings(imported) == []


@pytest.mark.parametrize(("text", "shown", "places"), [
    ("36.5204", "36.52", 4), ("1,236.5250", "1,236.53", 4), ("36.52", "36.52", 0),
    ("2101101", "2101101", 0), ("36.5204万", "36.5204万", 0)])
def test_text_figures_with_more_decimals_are_rounded_as_shown(text: str, shown: str,
                                                             places: int) -> None:
    assert sheets.fine_text(text) == (shown, places)
    assert sheets.number_text(1236.525, "#,##0.00") == "1,236.53"  # half away from zero


@pytest.mark.parametrize(("text", "joined"), [("项目\n支出", "项目支出"), ("项目 \r\n 支出", "项目支出"),
                                              ("Total\nbudget", "Total budget"),
                                              ("（一）\n基本支出", "（一）基本支出")])
def test_a_line_break_joins_chinese_without_a_space(text: str, joined: str) -> None:
    assert sheets.cell_text(text) == joined


def _as_text(style: str) -> Callable[[float], str]:
    return {"apostrophe": lambda v: f"{v:.2f}",
            "full-width": lambda v: f"{v:,.2f}".replace(",", "，") + " "}[style]


@pytest.mark.parametrize("style", ["apostrophe", "full-width"])
def test_amounts_typed_as_text_are_read(style: str, original: Publication, tmp_path: Path) -> None:
    wb = workbook(original, PER_SHEET)
    for cell in _amount_cells(wb):
        cell.value = _as_text(style)(cell.value)
        cell.quotePrefix = style == "apostrophe"
    imported, again, _ = _import(wb, tmp_path)
    _same_tables(original, again)
    assert _import_findings(imported) == []


def _same_tables_in_wan(original: Publication, again: Publication) -> None:
    for table_id in TABLES:
        assert _in_wan(again, table_id) == _in_wan(original, table_id), table_id


def _in_wan(pub: Publication, table_id: str) -> list[list[str]]:
    return [[amount_cell(c.amount, Unit.WAN, 2, True) if c.is_amount else c.text for c in row.cells]
            for row in pub.tables[table_id].rows]


# ---- figures a budget table does not hold -----------------------------------------------------

@pytest.mark.parametrize("written", [lambda v: -v, lambda v: f"({v:,.2f})", lambda v: f"-{v:,.2f}",
                                     lambda v: f"－{v:,.2f}"], ids=["number", "brackets", "minus",
                                                                  "full-width minus"])
def test_a_negative_figure_is_reported_at_its_cell(written: Callable[[float], object], original: Publication,
                                                   tmp_path: Path) -> None:
    wb = workbook(original, PER_SHEET)
    cell = wb.worksheets[1]["E6"]  # 表2's first 类, its 合计
    assert cell.value == 597811.04
    cell.value = written(cell.value)
    imported, again, path = _import(wb, tmp_path)
    _same_tables(original, again)  # the figure is taken from the other tables
    assert _import_findings(imported) == [
        f"{path}!sheet2!E6: 警告 [import.negative] 负数 -597,811.04：预算表的金额不为负数，这个数未读取"
        "（按空白读，其他表有这一数时按其他表取数）；请核对是否录错，或在编制说明中说明冲减",
        f"{path}!sheet2!A6: 警告 [import.table-mismatch] 表2 收入预算总表 · 社会保障和就业支出 · "
        "合计：留空，按其他表应为 597,811.04；已按其他表取数"]


def test_negative_text_is_told_from_dashes_and_zeros() -> None:
    assert [sheets.negative_text(v) for v in ("(1,234.00)", "（1，234.00）", "－1,234.00",
                                              "- 1,234.00", -3.5)] == ["-1,234.00"] * 4 + ["-3.50"]
    assert [sheets.negative_text(v) for v in ("-", "—", "-0.00", 0.0, "1,234.00", "(注)")] == [None] * 6


@pytest.mark.parametrize("as_text", [False, True], ids=["number", "text"])
def test_wan_to_four_decimals_is_read_to_two_and_says_so(as_text: bool, original: Publication,
                                                         tmp_path: Path) -> None:
    """Before: as numbers, read to two decimals without a word; as text ("36.5204"), not read
    at all (73 of 157 rows, 2 of 8 totals)."""
    wb = workbook(original, PER_SHEET)
    for ws in wb.worksheets:
        if any(c.value == "单位：万元" for row in ws.iter_rows() for c in row):
            continue  # 表9 is in 万元 already
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "单位：元":
                    cell.value = "单位：万元"
                elif isinstance(cell.value, float):
                    cell.value, cell.number_format = round(cell.value / 10000, 4), "#,##0.0000"
                    if as_text:
                        cell.value = f"{cell.value:,.4f}"
    imported, again, path = _import(wb, tmp_path)
    assert again is not None
    line = next(x for x in imported.data["支出明细"] if x["科目"] == "2080505")
    assert str(line["人员经费"]) == "365200.00"  # 36.5204 万元, read as 36.52
    assert imported.data["选项"]["印刷单位"] == "万元"
    _same_tables_in_wan(original, again)
    assert _import_findings(imported) == [
        f"{path}!sheet1!A7: 警告 [import.fine-figures] 金额显示4位小数（共84行）：按两位小数读取"
        "（末2位四舍五入，如万元表只精确到百元）；要精确到元，请以元为单位导出，或把单元格格式设为"
        "两位小数后核对合计"]


# ---- a department's export ----------------------------------------------------------------------

@pytest.mark.parametrize("one_sheet", [False, True], ids=["每表一页", "全部一页"])
def test_several_units_in_one_workbook_are_refused_in_one_sentence(
        one_sheet: bool, original: Publication, tmp_path: Path) -> None:
    other = publish(validate(str(TESTDATA / "shapes" / "putuo-wenhuaguan-2025.yaml")))
    wb = openpyxl.Workbook()
    ws, row = wb.active, 1
    ws.title = "全部"
    for n, pub in enumerate((original, other), start=1):
        for table_id in TABLES:
            if not one_sheet:
                ws, row = wb.create_sheet(f"单位{n}{table_id}"), 1
            row = _write_table(ws, row, pub.tables[table_id], PER_SHEET)
    if not one_sheet:
        wb.remove(wb["全部"])
    imported, again, path = _import(wb, tmp_path)
    assert again is None and imported.data == {}
    first, second = ("全部!A2", "全部!A222") if one_sheet else ("单位1表1!A2", "单位2表1!A2")
    assert [f.render() for f in imported.findings] == [
        f"{path}!{first}: 错误 [import.several-units] 工作簿中有2个单位的预算表（按各表的编制单位）："
        f"「157001上海市松江区医疗保障局（本级）」（{path}!{first}）；「235012上海市普陀区文化馆」"
        f"（{path}!{second}）。一个数据文件只写一个单位的预算，几个单位的数字合在一起不是任何一本预算："
        "请把每个单位（部门汇总也算一个）的九张表分别存为一个工作簿，逐个导入；未写出数据文件"
        f"\n    相关位置 {path}!{second}"]


# ---- saved by another program ---------------------------------------------------------------------

def _libreoffice(path: Path, tmp: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed")
    out = tmp / "lo"
    out.mkdir()
    subprocess.run(["nice", soffice, "--headless", "--convert-to", "xlsx", "--outdir", str(out),
                    str(path)], capture_output=True, timeout=300, check=False)
    if not (out / path.name).exists():
        pytest.skip("LibreOffice Calc could not convert the workbook (Calc not installed)")
    return out / path.name


def test_formulas_saved_by_libreoffice_have_their_values(original: Publication,
                                                         tmp_path: Path) -> None:
    """合计 columns written as =SUM(…) by a program have no values (the import stops); once
    LibreOffice Calc has saved the workbook they do, with hidden rows and columns kept hidden."""
    wb = workbook(original, PER_SHEET)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            figures = [c for c in row if isinstance(c.value, float)]
            if len(figures) >= 3 and figures[0].value and abs(
                    figures[0].value - sum(c.value for c in figures[1:])) < 0.005:
                r = figures[0].row
                figures[0].value = (f"=SUM({get_column_letter(figures[1].column)}{r}:"
                                    f"{get_column_letter(figures[-1].column)}{r})")
    _hide_stale_rows_and_id_column(wb)
    imported, again, path = _import(wb, tmp_path)
    assert again is None and "import.formula-line" in {f.code for f in imported.findings}
    imported, again = _read(_libreoffice(path, tmp_path), tmp_path)
    _same_tables(original, again)
    assert _import_findings(imported) == []
