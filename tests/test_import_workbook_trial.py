"""Defects a new user's trial found in the import of budget-system workbooks (issue 15
follow-up): unit-suffixed amount headers, the year outside the table titles, 万元 prints,
old .xls files and formulas without a calculated value. Workbooks are made by
:mod:`tests.budget_workbooks` from the examples' figures, then changed as the trial's were."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from generator.display import amount_cell
from generator.pipeline import publish, validate
from generator.publication.model import Publication, Unit
from generator.source.emit import dump_yaml
from generator.source.importers.xlsx import read
from tests.budget_workbooks import LAYOUTS, TABLES, Layout, workbook
from tests.helpers import EXAMPLES, ROOT

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def test_an_old_excel_file_is_asked_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    renamed, old = tmp_path / "改了名.xlsx", tmp_path / "旧表.xls"
    for path in (renamed, old):
        path.write_bytes(OLE2)
        done = subprocess.run([sys.executable, "-m", "generator", "import", str(path), "-o",
                               str(tmp_path / "out.yaml")], capture_output=True, text=True, cwd=ROOT)
        assert done.returncode in (1, 2)
        assert "这是旧版 Excel 97-2003 工作簿（.xls 格式），无法读取；请在 Excel 或 WPS 中打开，“另存为”" \
               "Excel 工作簿（.xlsx）后再导入" in done.stderr, done.stderr
        assert "zip" not in done.stderr and not (tmp_path / "out.yaml").exists()


# ---- D3: amount headers naming their unit ------------------------------------------------------

AMOUNT_LABELS = ("合计", "基本支出", "项目支出", "人员经费", "公用经费", "预算数", "财政拨款收入",
                 "财政拨款", "事业收入", "事业单位经营收入", "其他收入", "一般公共预算",
                 "政府性基金预算", "国有资本经营预算")


@pytest.fixture(scope="module")
def original() -> Publication:
    return publish(validate(str(EXAMPLES["000"])))


def _suffixed(pub: Publication, layout: Layout, unit: str, drop_unit_rows: bool) -> openpyxl.Workbook:
    """The layout's workbook with every amount header cell (not 表9's) followed by its unit,
    and maybe without the 单位：… cells."""
    wb = workbook(pub, layout)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if drop_unit_rows and isinstance(cell.value, str) and cell.value.startswith("单位："):
                    cell.value = None
                elif cell.value in AMOUNT_LABELS and ws.cell(1, 1).value != pub.tables["表9"].title:
                    cell.value = f"{cell.value}（{unit}）"
    return wb


def _shown(pub: Publication, table_id: str, wan: bool) -> list[list[str]]:
    unit = Unit.WAN if wan else Unit.YUAN
    return [[amount_cell(c.amount, unit, 2, True) if c.is_amount else c.text for c in row.cells]
            for row in pub.tables[table_id].rows]


@pytest.mark.parametrize("unit", ["元", "万元"])
def test_amount_headers_naming_their_unit_are_read_in_that_unit(
        unit: str, original: Publication, tmp_path: Path) -> None:
    layout = next(lay for lay in LAYOUTS
                  if lay.unit == unit and not lay.one_sheet and lay.codes == "split")
    path = tmp_path / "带单位表头.xlsx"
    _suffixed(original, layout, unit, drop_unit_rows=unit == "万元").save(path)
    imported = read(path)
    assert [f.render() for f in imported.findings if f.code.startswith("import.")] == []
    target = tmp_path / "book.yaml"
    target.write_text(dump_yaml(imported.data), encoding="utf-8")
    again = publish(validate(str(target)))
    for table_id in TABLES:
        assert _shown(again, table_id, unit == "万元") == _shown(original, table_id, unit == "万元"), \
            table_id


def test_unrecognised_amount_columns_are_reported_and_nothing_is_read(
        original: Publication, tmp_path: Path) -> None:
    wb = workbook(original, LAYOUTS[0])
    ws = wb.worksheets[2]  # 表3
    header = []
    for row in ws.iter_rows(max_row=8):
        for cell in row:
            if cell.value in ("合计", "基本支出", "项目支出"):
                cell.value = {"合计": "金额甲", "基本支出": "金额乙", "项目支出": "金额丙"}[cell.value]
                header.append(cell.row)
    path = tmp_path / "表头.xlsx"
    wb.save(path)
    imported = read(path)
    assert imported.data == {}
    unread = [f for f in imported.findings if f.code == "import.columns"]
    assert len(unread) == 1 and unread[0].severity.name == "ERROR"
    assert unread[0].place.startswith("表3 支出预算总表")
    # the header's top row (title in row 1, 编制单位 in row 2), above the renamed labels
    assert str(unread[0].locations[0]) == f"{path}!sheet3!A3" and min(header) == 4
    assert "没有认出金额列" in unread[0].message and "“合计”“基本支出”“项目支出”" in unread[0].message


# ---- D1: the year outside the table titles ----------------------------------------------------

def _without_year(pub: Publication, book_title: str | None, t9_year: bool) -> openpyxl.Workbook:
    """The first layout's workbook with no year in the table titles; maybe a book title row
    above 表1, maybe 表9's headers without their year."""
    wb = workbook(pub, LAYOUTS[0])
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if (isinstance(cell.value, str) and re.match(r"^20\d\d年", cell.value)
                        and not (t9_year and "经费预算数" in cell.value)):
                    cell.value = re.sub(r"^20\d\d年", "", cell.value)
    if book_title:
        wb.worksheets[0].insert_rows(1, 2)
        wb.worksheets[0].cell(1, 1, book_title)
    return wb


@pytest.mark.parametrize(("book_title", "t9_year"), [
    ("2025年上海市松江区医疗保障局（本级）单位预算", False),  # as budget systems title the book
    ("上海市松江区2025年单位预算", False),  # as the official cover words it
    (None, True),  # only 表9's "2025年“三公”经费预算数"
])
def test_the_year_comes_from_the_book_title_or_table9(book_title: str | None, t9_year: bool,
                                                       original: Publication, tmp_path: Path) -> None:
    path = tmp_path / "无年度表名.xlsx"
    _without_year(original, book_title, t9_year).save(path)
    imported = read(path)
    assert imported.data["预算年度"] == 2025
    assert not [f for f in imported.findings if f.code in ("import.no-year", "schema.missing")]


def test_a_workbook_without_a_year_gets_one_finding_saying_where_it_looked(
        original: Publication, tmp_path: Path) -> None:
    path = tmp_path / "无年度.xlsx"
    _without_year(original, None, False).save(path)
    imported = read(path)
    assert "预算年度" not in imported.data
    year = [f for f in imported.findings if "预算年度" in f.message]
    assert [(f.code, str(f.locations[0])) for f in year] == [("import.no-year", f"{path}:1:1")]
    assert all(place in year[0].message for place in ("表名", "书名", "表9表头"))


# ---- D2: a workbook in 万元 gives a data file that validates --------------------------------------

@pytest.mark.parametrize("key", ["000", "001"])
def test_a_wan_workbook_imports_as_a_file_that_validates(key: str, tmp_path: Path) -> None:
    """Each line in 万元 is exact to 100 元; a printed 合计 within 50 元 a row of the sum of its
    lines is rounding, so neither the 印刷合计 nor 表8 against the lines is an error."""
    pub = publish(validate(str(EXAMPLES[key])))
    layout = next(lay for lay in LAYOUTS if lay.unit == "万元")
    path = tmp_path / "万元.xlsx"
    workbook(pub, layout).save(path)
    imported = read(path)
    assert imported.data["选项"]["印刷单位"] == "万元" and imported.data["印刷合计"]
    target = tmp_path / "万元.yaml"
    target.write_text(dump_yaml(imported.data), encoding="utf-8")
    result = validate(str(target))
    errors = [f.render() for f in result.findings
              if f.severity.name == "ERROR" and f.code != "book.missing-part"]
    assert errors == []
    notices = [f for f in result.findings if f.code == "printed.total"]
    assert notices and all(f.severity.name == "NOTICE" for f in notices)
    # stated as 元, the same gaps are errors: the option is what makes them rounding
    del imported.data["选项"]["印刷单位"]
    target.write_text(dump_yaml(imported.data), encoding="utf-8")
    assert [f for f in validate(str(target)).findings
            if f.code == "printed.total" and f.severity.name == "ERROR"]


# ---- D6: a formula without a calculated value in a line -----------------------------------------

def _with_formula(pub: Publication, name: str, tmp_path: Path) -> tuple[Path, int]:
    """The first layout's workbook with 表8's row named ``name`` holding formulas that were never
    calculated (openpyxl saves no value for them); returns the path and the row."""
    wb = workbook(pub, LAYOUTS[0])
    ws = wb.worksheets[7]  # 表8
    row = next(r for r in range(1, ws.max_row + 1)
               if any(ws.cell(r, c).value == name for c in range(1, 4)))
    amounts = [c for c in range(4, ws.max_column + 1) if isinstance(ws.cell(row, c).value, float)]
    for column in amounts:
        ws.cell(row, column).value = f"={ws.cell(row, column).value}*1"
    path = tmp_path / "公式.xlsx"
    wb.save(path)
    return path, row


def test_an_unreadable_line_does_not_lower_the_printed_totals(original: Publication,
                                                              tmp_path: Path) -> None:
    path, row = _with_formula(original, "基本工资", tmp_path)
    imported = read(path)
    assert imported.data == {}  # no file whose 表8 合计 was lowered to fit a blank line
    codes = [(f.code, str(f.locations[0])) for f in imported.findings]
    assert ("import.formula-line", f"{path}!sheet8!E{row}") in codes or (
        "import.formula-line", f"{path}!sheet8!D{row}") in codes
    line = next(f for f in imported.findings if f.code == "import.formula-line")
    assert line.message.startswith("30101 基本工资：") and line.place.startswith("表8 ")
    assert any(code == "xlsx.formula" for code, _ in codes)


def test_an_unreadable_total_still_imports(original: Publication, tmp_path: Path) -> None:
    path, _ = _with_formula(original, "工资福利支出", tmp_path)  # a 类 row: derived, only compared
    imported = read(path)
    assert imported.data["基本支出经济分类"]
    assert not [f for f in imported.findings if f.code == "import.formula-line"]
    assert [f for f in imported.findings if f.code == "xlsx.formula"]
