"""Names of 表1 that wrapped in their cell (``generator.source.importers.book.wrapped``), and the
cell-by-cell tables whose parts stand far from their totals (``scattered``). The texts keep the
shapes each route printed of our 单位 book with three sources (putuo-wenhuaguan)."""

from __future__ import annotations

from decimal import Decimal

from generator.source.importers.book import pages, structure, tables, wrapped
from generator.source.importers.book.scattered import _given, _in_columns, _repair_tree, _Row

HEAD = ("2030年预算单位财务收支预算总表\n编制单位：123456 上海市某某区某某馆\n单位：元\n"
        "本年收入 本年支出\n项目 预算数 项目 合计 人员经费 公用经费 项目支出\n")
# pdftotext -raw: the category's two pieces, then its figures on a line of their own
RAW = HEAD + """一、财政拨款收入 8,364,092.80 一、一般公共服务支出
二、事业收入 606,500.00 二、科学技术支出
三、事业单位
经营收入
三、文化旅游体育与传媒
支出
7,246,295.20 3,862,415.20 798,880.00 2,585,000.00
四、其他收入 35,000.00 四、社会保障和就业支出 876,477.60 876,477.60
收入总计 9,005,592.80 支出总计 8,122,772.80 4,738,892.80 798,880.00 2,585,000.00
"""
# pdfplumber's text: the figures on the cell's middle line, between the pieces
PLUMBER = HEAD + """一、财政拨款收入 8,364,092.80 一、一般公共服务支出
二、事业收入 606,500.00 二、科学技术支出
三、事业单位 三、文化旅游体育与传媒
7,246,295.20 3,862,415.20 798,880.00 2,585,000.00
经营收入 支出
四、其他收入 35,000.00 四、社会保障和就业支出 876,477.60 876,477.60
收入总计 9,005,592.80 支出总计 8,122,772.80 4,738,892.80 798,880.00 2,585,000.00
"""


def _table1(text: str) -> tables.Table:
    return tables.read_tables(structure.split(pages.from_text(text)).tables)["表1"]


def test_chinese_numerals() -> None:
    assert [wrapped.numeral(t) for t in ("一", "九", "十", "十一", "二十", "二十二", "甲", "")] \
        == [1, 9, 10, 11, 20, 22, 0, 0]


def test_wrapped_category_comes_back_whole_with_its_figures() -> None:
    for text in (RAW, PLUMBER):
        row = _table1(text).row("文化旅游体育与传媒支出")
        assert row is not None, text
        assert row.amounts["合计"] == Decimal("7246295.20")
        assert row.amounts["公用经费"] == Decimal("798880.00")
        assert row.amounts["项目支出"] == Decimal("2585000.00")


def test_rejoin_takes_the_word_right_after_a_stub() -> None:
    words = ["一、财政拨款", "收入", "150,271,970.09", "一、一般公共", "服务支出", "1、一般公共预",
             "算资金", "二、社会保障", "和就业支出", "二、事业收入"]
    names, ends = wrapped.rejoin(words)
    assert names == {0: "一、财政拨款收入", 3: "一、一般公共服务支出", 5: "1、一般公共预算资金",
                     7: "二、社会保障和就业支出"}
    assert ends == {1, 4, 6, 8}


def test_a_kuan_without_xiang_is_the_kuan_its_lei_lacks() -> None:
    rows = {c: _Row(c, 0, 0) for c in ("207", "20711", "2070109", "2070199", "210", "21011",
                                       "2101102")}
    _repair_tree(rows)
    assert sorted(rows) == ["207", "20701", "2070109", "2070199", "210", "21011", "2101102"]


def test_totals_from_the_other_table_cut_parts_printed_far_away() -> None:
    """表2 as poppler printed it: the 类's parts first, its total among another 类's codes, the
    合计 row's 事业收入/其他收入 in the run of their columns above it."""
    printed = ["6604795.20", "606500", "35000", "6946295.20", "6304795.20", "606500", "35000",
               "606500", "35000", "300000", "300000", "7246295.20", "9005592.80", "8364092.80",
               "1759297.60", "1759297.60"]
    values = [Decimal(v) for v in printed]
    tops = [Decimal(v) for v in ("7246295.20", "6946295.20", "300000", "1759297.60",
                                 "9005592.80")]
    cut = next(_given(values, tops, 4, Decimal("0.02"), [60000]))
    got = sorted([printed[j] for j in group] for group in cut)
    assert got == sorted([["6946295.20", "6304795.20", "606500", "35000"],
                          ["300000", "300000"], ["1759297.60", "1759297.60"],
                          ["7246295.20", "6604795.20", "606500", "35000"],
                          ["9005592.80", "8364092.80", "606500", "35000"]])


def test_parts_after_the_total_come_first() -> None:
    assert _in_columns([46, 11, 12, 47]) == [46, 47, 11, 12]
