"""Shapes other producers give the text of a book (LibreOffice Calc from a workbook, Writer/Web
from HTML): a sheet's title drawn after its rows, a coded row whose name wrapped onto lines of
its own, a 申报表 whose 项目名称 cell wrapped out of its row."""

from __future__ import annotations

from decimal import Decimal

from generator.source.importers.book import forms, pages, plain, structure, tables

HEADER = "编制单位：123456 上海市某某区某某中心\n单位：元\n功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出\n"
ROWS = ("210 卫生健康支出 1,300.00 1,000.00 300.00\n210 15 医疗保障管理事务 1,300.00 1,000.00 300.00\n"
        "210 15 01 行政运行 1,300.00 1,000.00 300.00\n合计 1,300.00 1,000.00 300.00\n")
TITLE2 = "2030年预算单位收入预算总表\n"
TITLE3 = "2030年预算单位支出预算总表\n"


def _lines(text: str) -> list[tuple[int, int, str]]:
    return [(n, k, piece) for n, raw in enumerate(text.split("\n"), start=1)
            for k, piece in enumerate(raw.split("\f"))]


def test_a_title_drawn_after_its_rows_takes_them() -> None:
    # page 1: 表2's rows with no title before them, 表2's title last; page 2 the same for 表3
    text = (f"第 1 页，共 2 页\n{HEADER}{ROWS}{TITLE3.replace('支出', '收入')}"
            f"\f第 2 页，共 2 页\n{HEADER}{ROWS}{TITLE3}")
    moved = [t for _, _, t in plain.titles_first(_lines(text)) if t.strip()]
    assert moved[0] == TITLE2.strip() and moved[1] == "第 1 页，共 2 页"
    assert moved[moved.index(TITLE3.strip()) + 1] == "第 2 页，共 2 页"
    read = tables.read_tables(structure.split(pages.from_text(text)).tables)
    assert read["表3"].row("2101501").amounts["项目支出"] == Decimal("300.00")  # type: ignore[union-attr]


def test_a_row_whose_name_wrapped_onto_its_own_lines_is_one_row() -> None:
    lines = _lines("210 15 99\n其他医疗保障管理\n事务支出\n1,150,000.00 1,100,000.00 50,000.00\n合计 1")
    assert [t for _, _, t in plain.rejoin_rows(lines)] == [
        "210 15 99 其他医疗保障管理事务支出 1,150,000.00 1,100,000.00 50,000.00", "合计 1"]


def test_a_form_names_its_project_by_the_line_under_its_title() -> None:
    text = ("财政项目支出绩效目标申报表\n市民社区医疗互助帮困专项经费\n（2024年度）\n市民社区医疗互助帮困专\n"
            "项目名称\t项目性质\t专业业务项目\t项目类别\t特定目标类\n项经费\n"
            "主管部门\t上海市某某局\t实施单位\t上海市某某中心\n")
    [rows] = forms.split_forms(pages.from_text(text))
    assert forms.read_form(rows)["项目名称"] == "市民社区医疗互助帮困专项经费"
