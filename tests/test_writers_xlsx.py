"""The Excel edition: every cell of every table against the publication model, the sheet setup,
byte-identical rebuilds, and LibreOffice opening it."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from generator.display import number, runs_text, scaled
from generator.pipeline import publish
from generator.publication.model import Cell, Publication, Table
from generator.writers import xlsx
from tests.helpers import validated


def _pub(key: str) -> Publication:
    return publish(validated(key))


def _book(key: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx.write(_pub(key))))


def _expected(table: Table, first_row: int) -> tuple[dict[tuple[int, int], Cell], set[str]]:
    """Where each model cell lands (1-based row, column) and the merged ranges, laid out by
    occupancy (independently of the writer's walk)."""
    taken: set[tuple[int, int]] = set()
    where: dict[tuple[int, int], Cell] = {}
    merges: set[str] = set()
    for r, cells in enumerate([*table.header, *(row.cells for row in table.rows)],
                              start=first_row):
        c = 1
        for cell in cells:
            while (r, c) in taken:
                c += 1
            where[(r, c)] = cell
            taken |= {(r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            if cell.rowspan > 1 or cell.colspan > 1:
                merges.add(f"{get_column_letter(c)}{r}:"
                           f"{get_column_letter(c + cell.colspan - 1)}{r + cell.rowspan - 1}")
            c += cell.colspan
    return where, merges


def _tables(pub: Publication) -> list[tuple[str, Table, int]]:
    """(sheet, table, first grid row) for every table, in book order."""
    out = []
    for section in pub.walk():
        for block in section.blocks:
            if isinstance(block, Table):
                out.append((block.id, block, 3 if block.header else 4))
    assert pub.record is not None and pub.record.lines is not None or pub.kind == "绩效目标申报表"
    if pub.record is not None and pub.record.lines is not None:
        out.append(("支出明细", pub.record.lines, 3))
    return out


@pytest.mark.parametrize("key", ["000", "001", "004"])
def test_every_cell_of_every_table_matches_the_model(key: str) -> None:
    pub = _pub(key)
    wb = _book(key)
    tables = _tables(pub)
    assert wb.sheetnames == [name for name, _, _ in tables] + ["数据"]
    for name, table, first in tables:
        ws = wb[name]
        where, merges = _expected(table, first)
        last_row = max(r for r, _ in where)
        for r in range(first, last_row + 1):
            for c in range(1, table.column_count + 1):
                got = ws.cell(r, c)
                cell = where.get((r, c))
                if cell is None:
                    assert got.value is None, f"{name}!{got.coordinate}"
                elif cell.is_amount:
                    if cell.amount is None:
                        assert got.value is None, f"{name}!{got.coordinate}"
                        continue
                    exact = scaled(cell.amount, table.unit)
                    assert Decimal(repr(got.value)) == exact, f"{name}!{got.coordinate}"
                    base = "#,##0.00" if table.decimals == 2 else "#,##0"
                    want = f"{base};-{base};" if table.blank_zero else base
                    assert got.number_format == want, f"{name}!{got.coordinate}"
                else:
                    assert got.value == (cell.text or None), f"{name}!{got.coordinate}"
                    assert got.data_type == "s" or got.value is None
        grid_merges = {str(m) for m in ws.merged_cells.ranges if m.min_row >= first}
        assert grid_merges - {f"A{r}:{get_column_letter(table.column_count)}{r}"
                              for r in range(last_row + 1, ws.max_row + 1)} == merges, name
        notes = [ws.cell(r, 1).value for r in range(last_row + 1, ws.max_row + 1)]
        assert notes == [runs_text(note.runs) for note in table.notes], name


def test_title_rows_freeze_and_print_setup() -> None:
    pub = _pub("000")
    wb = _book("000")
    t1 = wb["表1"]
    assert t1["A1"].value == "2025年预算单位财务收支预算总表"  # the book's title, with its year
    assert t1["A2"].value == "编制单位：157001　上海市松江区医疗保障局（本级）"
    assert t1["G2"].value == "单位：元"
    assert t1.freeze_panes == "A7"  # two title rows + four header rows
    assert t1.print_title_rows == "$3:$6"
    assert t1.page_setup.paperSize == 9  # A4
    assert t1.page_setup.orientation == "portrait"
    assert t1.page_setup.fitToWidth == 1 and t1.sheet_properties.pageSetUpPr.fitToPage
    t2 = wb["表2"]
    assert pub.tables["表2"].wide and t2.page_setup.orientation == "landscape"
    assert t2.print_title_rows == "$3:$5" and t2.freeze_panes == "A6"
    t9 = wb["表9"]
    assert t9["G2"].value == "单位：万元"
    assert t9["A6"].value == 0.3 and t9["C6"].value == 0.3
    assert t9["G6"].value == pytest.approx(22.22162)
    assert t9["A6"].number_format == "#,##0.00;-#,##0.00;"
    # widths: no figure of the 000 book shows as ### in LibreOffice/Excel
    for name, table, _ in _tables(pub):
        ws = wb[name]
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    letter = cell.column_letter
                    shown = number(Decimal(repr(cell.value)), table.unit, table.decimals)
                    width = ws.column_dimensions[letter].width
                    merged = any(cell.coordinate in m for m in ws.merged_cells.ranges)
                    assert merged or width >= len(shown) + 2, f"{name}!{cell.coordinate}"


def test_whole_yuan_book_uses_whole_yuan_format() -> None:
    wb = _book("001")
    cell = wb["表2"]["E6"]
    assert isinstance(cell.value, int | float) and cell.number_format == "#,##0;-#,##0;"
    # 支出明细 too: the book's whole yuan, not ".00"
    formats = {c.number_format for row in wb["支出明细"].iter_rows() for c in row
               if isinstance(c.value, int | float)}
    assert formats == {"#,##0"}


def test_cells_are_in_the_books_faces_at_the_printed_sizes() -> None:
    """宋体 for text and figures, 黑体 for titles and headers (the Word edition's faces), at the
    PDF's sizes: a table's text at its laid-out size, its title at 13 pt; no Calibri left."""
    from generator.writers.layout import layout

    pub = _pub("000")
    wb = _book("000")
    t2, size = wb["表2"], layout(pub.tables["表2"]).size
    def face(ref: str) -> tuple[str | None, float | None, bool]:
        font = t2[ref].font
        return font.name, font.sz, bool(font.b)
    assert face("A1") == ("黑体", 13.0, True)  # 表2 收入预算总表
    assert t2["A2"].value.startswith("编制单位") and face("A2") == ("宋体", 9.5, False)
    assert face("I2") == ("宋体", 9.5, False)  # 单位：元
    assert t2["A3"].value == "项目" and face("A3") == ("黑体", size, True)
    assert t2["A6"].value == "208" and face("A6") == ("宋体", size, True)  # a 类 row: bold
    assert t2["E7"].value == pytest.approx(597811.04) and face("E7") == ("宋体", size, False)
    names = {c.font.name for ws in wb for row in ws.iter_rows() for c in row
             if c.value is not None}
    assert names == {"宋体", "黑体"}
    styles = zipfile.ZipFile(io.BytesIO(xlsx.write(pub))).read("xl/styles.xml").decode()
    assert "Calibri" not in styles  # the Normal style too: what a reader types is in 宋体


def test_the_data_sheet_is_hidden_from_readers() -> None:
    wb = _book("000")
    assert wb["数据"].sheet_state == "hidden"
    assert [ws.title for ws in wb if ws.sheet_state == "visible"][-1] == "支出明细"


def test_text_that_looks_like_a_formula_stays_text() -> None:
    wb = _book("004")
    values = [c.value for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert values == []
    texts = [c.value for row in wb["申报表1"].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert texts and texts[0].startswith("=")


def test_data_sheet_lists_values_no_table_carries() -> None:
    rows = list(_book("000")["数据"].iter_rows(values_only=True))
    assert rows[0] == ("项目", "内容")
    found = dict(rows[1:])
    assert found["预算年度"] == 2025
    assert found["单位.编码"] == "157001"
    assert found["主要职能.条目[2]"].startswith("负责建立区域内医疗保障基金安全防控机制")
    assert found["上年预算.一般公共预算"] == pytest.approx(5368658.28)
    assert "支出明细[1].科目" not in found and "机关运行经费" not in found


def test_same_book_same_bytes_dated_by_the_edition() -> None:
    first, second = xlsx.write(_pub("000")), xlsx.write(_pub("000"))
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert "1980-01-01T00:00:00Z</dcterms:modified>" in core
    assert "1980-01-01T00:00:00Z</dcterms:created>" in core
    dated = xlsx.write(dataclasses.replace(_pub("000"), edition_date=date(2025, 3, 10)))
    archive = zipfile.ZipFile(io.BytesIO(dated))
    assert {info.date_time for info in archive.infolist()} == {(2025, 3, 10, 0, 0, 0)}
    assert "2025-03-10T00:00:00Z</dcterms:modified>" in archive.read("docProps/core.xml").decode()


def test_forced_build_carries_the_mark_on_every_table() -> None:
    marked = dataclasses.replace(_pub("000"), unvalidated=True)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.write(marked)))
    assert wb["表3"]["A1"].value == xlsx.MARK
    assert wb["表3"]["A2"].value == "2025年预算单位支出预算总表"


def test_libreoffice_opens_the_workbook_and_shows_the_figures(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed on CI")
        pytest.skip("LibreOffice not installed")
    path = tmp_path / "songjiang.xlsx"
    path.write_bytes(xlsx.write(_pub("000")))
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                          capture_output=True, text=True, timeout=300, check=False)
    pdf = path.with_suffix(".pdf")
    assert pdf.exists(), ("LibreOffice Calc (libreoffice-calc-nogui) could not convert the "
                          "workbook: " + done.stdout + done.stderr)
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for figure in ("5,596,578.28", "4,232,261.72", "2,842,513.12", "222,216.20", "0.30",
                   "22.22", "单位“三公”经费和机关运行经费预算表", "行政单位医疗"):
        assert figure in flat, figure
    assert "###" not in flat


def test_build_command_writes_the_workbook(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "generator", "build",
                           str(root / "data" / "yangpu-yibao-2024.yaml"), "--format", "xlsx",
                           "--out", str(tmp_path)], capture_output=True, text=True, cwd=root,
                          check=False)
    assert done.returncode == 0, done.stderr
    target = tmp_path / "yangpu-yibao-2024.xlsx"
    assert done.stdout.strip() == f"已生成 {target}"
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[:9] == [f"表{i}" for i in range(1, 10)]
    assert wb.sheetnames[9:] == [f"申报表{i}" for i in range(1, 6)] + ["支出明细", "数据"]


def test_sheets_turn_where_the_book_prints_the_table_landscape() -> None:
    """A table the layout turns because its columns do not fit upright (pudong's 表1 with
    人员经费/公用经费 columns) is printed landscape in the PDF and the Word edition; its sheet
    printed upright, fitted to the width, at a fraction of the book's type (unseen books 2)."""
    from generator.pipeline import validate
    from generator.writers.layout import layout

    pub = publish(validate(str(Path(__file__).parent / "data/shapes/pudong-yibao-2025.yaml")))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.write(pub)))
    turned = {name: layout(table).landscape for name, table in pub.tables.items()}
    assert turned["表1"] and not pub.tables["表1"].wide
    assert {name: wb[name].page_setup.orientation == "landscape" for name in turned} == turned
