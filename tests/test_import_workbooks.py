"""`budgetgen import` of a workbook the way budget systems export the nine tables (not our own
workbook): several layouts made from the examples' figures come back row for row; hostile and
broken workbooks are refused with one located sentence."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.display import amount_cell
from generator.pipeline import publish, validate
from generator.publication.compare import compare
from generator.publication.model import Publication, Unit
from generator.source.emit import dump_yaml
from generator.source.importers import Imported
from generator.source.importers.book import sheets
from generator.source.importers.combine import combine
from generator.source.importers.xlsx import read
from generator.source.importers.xlsx_guard import MAX_CELLS, RATIO_FLOOR
from tests.budget_workbooks import LAYOUTS, TABLES, Layout, text_only, workbook, workbook_bytes
from tests.helpers import EXAMPLES, ROOT, TESTDATA, body_grid
from tests.shelf import Shelf

BOOKS = {"000": EXAMPLES["000"], "001": EXAMPLES["001"],
         "wenhuaguan": TESTDATA / "shapes" / "putuo-wenhuaguan-2025.yaml",
         "shiji": TESTDATA / "shiji" / "exact.yaml"}
YUAN = [layout for layout in LAYOUTS if layout.unit == "元"]
WAN = Decimal(10000)


@pytest.fixture(scope="module")
def originals() -> dict[str, Publication]:
    return {key: publish(validate(str(path))) for key, path in BOOKS.items()}


def _rebuild(imported: Imported, path: Path) -> Publication:
    path.write_text(dump_yaml(imported.data), encoding="utf-8")
    result = validate(str(path))
    assert result.book is not None, [f.render() for f in result.findings]
    return publish(result)


def _imported(pub: Publication, layout: Layout, tmp: Path) -> tuple[Imported, Publication]:
    path = tmp / "预算表.xlsx"
    path.write_bytes(workbook_bytes(pub, layout))
    imported = read(path)
    return imported, _rebuild(imported, tmp / "book.yaml")


# A General number format does not say whether the book prints cents: the shiji book stores
# cents but prints whole yuan, so that pair is tested apart (test_general_format_…).
EXACT = [(key, layout) for key in BOOKS for layout in YUAN
         if not (key == "shiji" and layout.number_format == "General")]


@pytest.mark.parametrize(("key", "layout"), EXACT, ids=lambda v: v if isinstance(v, str) else v.name)
def test_every_row_and_total_comes_back(key: str, layout: Layout, originals: dict[str, Publication],
                                        tmp_path: Path) -> None:
    original = originals[key]
    imported, again = _imported(original, layout, tmp_path)
    for table_id in TABLES:
        assert body_grid(again.tables[table_id]) == body_grid(original.tables[table_id]), table_id
    # the tables agree with each other: nothing was read differently in two places
    assert [f.render() for f in imported.findings if f.code.startswith("import.")] == []
    source = validate(str(BOOKS[key])).book
    assert source is not None
    assert imported.data["预算年度"] == source.year
    assert imported.data["单位"]["名称"] == (source.body.table_name or source.body.name)
    assert imported.data["级次"] == source.level and imported.data["类型"] == source.kind


def _shown_in_wan(pub: Publication, table_id: str) -> list[list[str]]:
    return [[amount_cell(c.amount, Unit.WAN, 2, True) if c.is_amount else c.text
             for c in row.cells] for row in pub.tables[table_id].rows]


@pytest.mark.parametrize("key", ["001", "shiji"])
def test_a_wan_workbook_gives_every_figure_as_printed(key: str, originals: dict[str, Publication],
                                                      tmp_path: Path) -> None:
    """Lines in 万元 are the exact 元 to the hundred; a printed 合计 is the rounded exact sum,
    not the sum of the rounded lines, so it comes back as 印刷合计 and prints as it was."""
    layout = next(layout for layout in LAYOUTS if layout.unit == "万元")
    original = originals[key]
    imported, again = _imported(original, layout, tmp_path)
    for table_id in TABLES:
        assert _shown_in_wan(again, table_id) == _shown_in_wan(original, table_id), table_id
    assert [f.render() for f in imported.findings if f.code.startswith("import.")] == []
    total = original.tables["表3"].rows[-1]
    assert total.kind == "total"
    stated = imported.data["印刷合计"]["合计"]["合计"]
    assert stated == (total.cells[-3].amount / WAN).quantize(Decimal("0.01"), "ROUND_HALF_UP") * WAN


def test_whole_yuan_text_keeps_its_printed_totals(originals: dict[str, Publication],
                                                  tmp_path: Path) -> None:
    layout = next(layout for layout in YUAN if layout.numbers == "text")
    imported, _ = _imported(originals["shiji"], layout, tmp_path)
    assert imported.data["选项"]["金额小数位"] == 0
    # the printed 合计 of 表3 is the rounded exact sum: 1 元 off the sum of the rounded lines
    stated = imported.data["印刷合计"]["合计"]
    lines = [r for r in originals["shiji"].tables["表3"].rows if len(r.code) == 7]
    rounded = sum(c.amount.quantize(Decimal(1), "ROUND_HALF_UP") for r in lines
                  for c in r.cells[-3:-2] if c.amount)
    assert stated["合计"] != rounded and abs(stated["合计"] - rounded) <= len(lines) // 2


def test_general_format_shows_the_figures_as_stored(originals: dict[str, Publication],
                                                    tmp_path: Path) -> None:
    """Numbers under the General format are read as the sheet shows them: a whole-yuan book
    whose workbook stores the cents comes back with its exact cents (and prints them)."""
    layout = next(layout for layout in LAYOUTS if layout.number_format == "General")
    original = originals["shiji"]
    imported, again = _imported(original, layout, tmp_path)
    assert imported.data["选项"]["金额小数位"] == 2
    for table_id in ("表2", "表3", "表5", "表8"):
        want = {r.code or "合计": [c.amount or 0 for c in r.cells if c.is_amount]
                for r in original.tables[table_id].rows}
        got = {r.code or "合计": [c.amount or 0 for c in r.cells if c.is_amount]
               for r in again.tables[table_id].rows}
        assert got == want, table_id


# ---- the extractor ----------------------------------------------------------------------------

def _sheet(rows: list[list[object]], merges: tuple[str, ...] = ()) -> sheets.Sheet:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for merge in merges:
        ws.merge_cells(merge)
    return sheets.read_sheet(ws)


def test_split_codes_are_joined_and_headers_flattened() -> None:
    sheet = _sheet([
        ["2025年收入预算总表"],
        ["编制单位：某局", None, None, None, "单位：元"],
        ["功能分类科目编码", None, None, "科目名称", "收入预算"],
        ["类", "款", "项", None, "合计"],
        ["210", None, None, "卫生健康支出", 12345.6],
        [None, 11, None, "行政事业单位医疗", "12,345.60"],
        [None, None, "01", "行政单位医疗", None],
        [None, 12, None, "财政对基本医疗保险基金的补助", 0],
        [None, None, 2, "财政对职工基本医疗保险基金的补助", 7],
    ], ("A3:C3", "D3:D4", "A1:E1"))
    blocks = sheets.sheet_blocks(sheet, 1)
    assert [b.text for b in blocks] == [
        "2025年收入预算总表", "编制单位：某局 单位：元", "类 款 项 科目名称 合计",
        "210 卫生健康支出 12,345.60", "21011 行政事业单位医疗 12,345.60",
        "2101101 行政单位医疗", "21012 财政对基本医疗保险基金的补助 0",
        "2101202 财政对职工基本医疗保险基金的补助 7"]
    assert [(c.text, c.x) for c in blocks[3].cells] == [
        ("210", 0), ("卫生健康支出", 3), ("12,345.60", 4)]
    assert all(b.exact for b in blocks[1:])


@pytest.mark.parametrize(("cell", "code", "name"), [
    ("2101101", "2101101", None), ("210 11 01", "2101101", None),
    ("2101101 行政单位医疗", "2101101", "行政单位医疗"), ("[21011]行政事业单位医疗", "21011", "行政事业单位医疗"),
])
def test_joined_codes_are_read_with_or_without_their_name(cell: str, code: str,
                                                          name: str | None) -> None:
    sheet = _sheet([["科目编码", "合计"], [cell, "1,000.00"]])
    row = sheets.sheet_blocks(sheet, 1)[-1]
    assert [c.text for c in row.cells] == [code, *([name] if name else []), "1,000.00"]


def test_numbers_are_shown_exact_with_commas() -> None:
    assert sheets.cell_text(1234567.1) == "1,234,567.10"
    assert sheets.cell_text(0.1 + 0.2) == "0.30"  # binary noise
    assert sheets.cell_text(1234567, "#,##0.00") == "1,234,567.00"
    assert sheets.cell_text(1234567.14, "#,##0") == "1,234,567.14"  # exact, shown whole by format
    assert sheets.cell_text(" 1,234.50 ") == "1,234.50"
    assert sheets.cell_text("1，234.50") == "1,234.50"
    assert sheets.cell_text("－") == ""  # a dash for zero
    assert sheets.cell_text(2101101) == "2101101"  # a code typed as a number
    assert sheets.cell_text(549000, "#,##0") == "549,000"
    assert sheets.shown_places("#,##0;[Red]-#,##0") == 0
    assert sheets.shown_places("#,##0.00_ ") == 2


# ---- hostile and broken workbooks ---------------------------------------------------------------

def test_a_formula_without_a_calculated_value_is_reported_at_its_cell(
        originals: dict[str, Publication], tmp_path: Path) -> None:
    wb = workbook(originals["000"], LAYOUTS[0])
    ws = wb.worksheets[4]  # 表5
    ws["E9"] = "=SUM(E10:E11)"
    path = tmp_path / "公式.xlsx"
    wb.save(path)
    findings = read(path).findings
    formula = [f for f in findings if f.code == "xlsx.formula"]
    assert [(str(f.locations[0]), f.message) for f in formula] == [
        (f"{path}!sheet5!E9", "单元格是公式（E9），但工作簿中没有保存计算结果，无法取数；请在 Excel 或 "
                              "WPS 中打开并保存后再导入，或把公式改为数值")]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(RATIO_FLOOR // len(chunk) + 2):  # 12 MB of blanks in 12 KB
                member.write(chunk)
    assert path.stat().st_size < RATIO_FLOOR // 500
    start = time.perf_counter()
    imported = read(path)
    assert time.perf_counter() - start < 1
    assert imported.data == {}
    assert [(f.code, f.message) for f in imported.findings] == [(
        "xlsx.unreadable", "工作簿解压后有 12.0 MB（文件本身 0.0 MB），超过上限 50.0 MB 或 100 倍"
                           "压缩比；不是正常的预算工作簿，未读取。请在 Excel 中另存为新的工作簿后再导入")]


def test_a_sheet_of_countless_empty_cells_is_refused_before_openpyxl_builds_them(
        tmp_path: Path) -> None:
    blank = io.BytesIO()
    openpyxl.Workbook().save(blank)
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" s="0"/>' for c in "ABCDEFGHIJ")
                   + "</row>" for r in range(1, MAX_CELLS // 10 + 2))
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f"<sheetData>{rows}</sheetData></worksheet>")
    path = tmp_path / "空白格.xlsx"
    with zipfile.ZipFile(blank) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            data = source.read(member.filename)
            out.writestr(member.filename, sheet if member.filename.endswith("sheet1.xml") else data)
    start = time.perf_counter()
    imported = read(path)
    assert time.perf_counter() - start < 3
    assert [(f.code, f.message) for f in imported.findings] == [(
        "xlsx.unreadable", "工作簿存有超过 200,000 个单元格（含空白但设了格式的单元格），超过上限；"
                           "不是正常的预算工作簿，未读取。请只保留预算表，或在 Excel 中清除多余区域后再导入")]


def test_a_workbook_that_is_no_budget_book_gets_one_sentence_and_no_file(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.active.append(["张三", 12345678])
    source = tmp_path / "通讯录.xlsx"
    wb.save(source)
    target = tmp_path / "通讯录.yaml"
    done = subprocess.run([sys.executable, "-m", "generator", "import", str(source), "-o",
                           str(target)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"{source}:1:1: 错误 [import.not-a-book] 工作簿中没有找到预算表（按表名识别，如“收入预算总表”"
        "“支出预算总表”），不是部门预算或单位预算；未写出数据文件")
    assert not target.exists()


def test_our_own_workbook_still_takes_the_exact_reader(tmp_path: Path) -> None:
    from generator.writers import xlsx

    path = tmp_path / "book.xlsx"
    path.write_bytes(xlsx.write(publish(validate(str(EXAMPLES["000"])))))
    imported = read(path)
    assert imported.findings == []
    assert "主要职能" in imported.data  # from the 数据 sheet: only our own workbook has it


def test_sheet_names_and_positions_do_not_matter(originals: dict[str, Publication],
                                                 tmp_path: Path) -> None:
    wb = workbook(originals["000"], LAYOUTS[0])
    for n, ws in enumerate(wb.worksheets):
        ws.title = f"Sheet{9 - n}"
    wb.move_sheet(wb.worksheets[0], offset=4)  # 表1 in the middle
    out = io.BytesIO()
    wb.save(out)
    path = tmp_path / "moved.xlsx"
    path.write_bytes(out.getvalue())
    again = _rebuild(read(path), tmp_path / "book.yaml")
    for table_id in TABLES:
        assert body_grid(again.tables[table_id]) == body_grid(originals["000"].tables[table_id])


# ---- several files make one book ---------------------------------------------------------------

def test_tables_from_the_workbook_and_words_from_the_text_make_the_whole_book(
        originals: dict[str, Publication], tmp_path: Path) -> None:
    original = originals["000"]
    tables = tmp_path / "表格.xlsx"
    tables.write_bytes(workbook_bytes(original, LAYOUTS[1]))
    words = tmp_path / "正文.txt"
    words.write_text(text_only(original), encoding="utf-8")
    imported = combine([words, tables])  # in either order
    assert [f.render() for f in imported.findings if f.code.startswith("import.")] == []
    again = _rebuild(imported, tmp_path / "book.yaml")
    comparison = compare(original, again)
    assert [f.place for f in comparison.figures] == []
    assert [(t.section, t.old, t.new) for t in comparison.texts] == []
    assert again.title == original.title


@pytest.mark.pdf
def test_tables_from_the_workbook_and_the_rest_from_the_pdf(originals: dict[str, Publication],
                                                            tmp_path: Path, shelf: Shelf) -> None:
    """`import 表格.xlsx 正文.pdf`: the PDF holds the whole book, the workbook's tables win."""
    original = originals["000"]
    pdf = tmp_path / "正文.pdf"
    shutil.copy(shelf.book(BOOKS["000"]).pdf, pdf)  # the run's shelf: build's PDF of 000
    tables = tmp_path / "表格.xlsx"
    tables.write_bytes(workbook_bytes(original, LAYOUTS[3]))
    imported = combine([tables, pdf])
    assert [f.render() for f in imported.findings if f.code.startswith("import.")] == []
    comparison = compare(original, _rebuild(imported, tmp_path / "book.yaml"))
    assert [f.place for f in comparison.figures] == []
    assert [(t.section, t.old, t.new) for t in comparison.texts] == []
    assert comparison.projects_added == comparison.projects_removed == ()


def test_each_finding_points_into_the_file_it_is_about(originals: dict[str, Publication],
                                                       tmp_path: Path) -> None:
    original = originals["000"]
    wb = workbook(original, LAYOUTS[0])
    ws = wb.worksheets[2]  # 表3 支出预算总表: a 合计 typed wrong
    total = next(row for row in ws.iter_rows() if row[0].value == "合计")
    total[4].value = total[4].value + 1
    tables = tmp_path / "表格.xlsx"
    wb.save(tables)
    words = tmp_path / "正文.txt"
    text = text_only(original)
    assert "收入预算559.66万元" in text
    words.write_text(text.replace("收入预算559.66万元", "收入预算560.66万元"), encoding="utf-8")
    imported = combine([tables, words])
    located = {(f.code, str(f.locations[0]).split("!")[0].split(":")[0], f.place.split(" ")[0])
               for f in imported.findings if f.code.startswith("import.")}
    assert located == {("import.table-mismatch", str(tables), "表3"),
                       ("import.text-mismatch", str(words), "预算编制说明")}
    table_finding = next(f for f in imported.findings if f.code == "import.table-mismatch")
    assert str(table_finding.locations[0]) == f"{tables}!sheet3!A{total[0].row}"


def test_import_command_reads_two_files_into_one_data_file(originals: dict[str, Publication],
                                                           tmp_path: Path) -> None:
    tables = tmp_path / "表格.xlsx"
    tables.write_bytes(workbook_bytes(originals["000"], LAYOUTS[0]))
    words = tmp_path / "正文.txt"
    words.write_text(text_only(originals["000"]), encoding="utf-8")
    target = tmp_path / "book.yaml"
    done = subprocess.run([sys.executable, "-m", "generator", "import", str(tables), str(words),
                           "-o", str(target)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"已写出 {target}（共 0 个错误，0 个警告）"
    assert target.read_text(encoding="utf-8").startswith(
        "# 由 budgetgen import 从 表格.xlsx、正文.txt 读取；请核对后使用。")
