"""Plain ``pdftotext`` (no ``-layout``) of tables printed without rulings: LibreOffice Writer/Web
laying out our HTML edition, LibreOffice Calc printing our workbook. The texts below keep the
order poppler gave those PDFs (blocks of lines, a blank line between blocks); the rows come back
by the book's arithmetic and the order cells were printed in."""

from __future__ import annotations

import re
from decimal import Decimal

from generator.source.importers.book import pages, plain, structure, tables


def _lines(text: str) -> list[tuple[int, int, str]]:
    return [(n, k, piece) for n, raw in enumerate(text.split("\n"), start=1)
            for k, piece in enumerate(raw.split("\f"))]


def _rows(text: str) -> list[str]:
    """The coded rows and 合计 rows as the text reader rebuilds them, one line each."""
    return [block.text for block in pages.from_text(text)
            if block.is_row and re.match(r"^(?:\d{3}(?:\d{2}){0,2}|合计) ", block.text)]


def _table(text: str, table_id: str) -> tables.Table:
    parts = structure.split(pages.from_text(text))
    return tables.read_tables(parts.tables)[table_id]


# 表3 as Writer/Web lays it out: a name too wide for its cell wraps, and poppler prints the
# row's first figure (set on the cell's middle line) between the name's lines; the next table's
# caption, repeated as a running header, comes before the last figure of this table's page
WRITER_WEB = "\n".join([
    "2025 年预算单位支出预算总表", "表 3 支出预算总表编制单位：235012", "",
    "上海市普陀区文化馆单位：元", "", "项目", "功能分类", "科目编码", "", "功能分类科目名称", "",
    "支出预算", "", "合计", "", "基本支出", "", "项目支出", "", "类 款 项",
    "207", "", "文化旅游体育与传媒", "300,000.00", "支出", "", "300,000.00", "",
    "207 07", "", "国家电影事业发展专", "300,000.00", "项资金", "", "300,000.00", "",
    "207 07 01 资助国产影片放映", "", "240,000.00", "", "240,000.00", "",
    "207 07 99", "", "其他国家电影事业发", "60,000.00", "展专项资金支出", "", "60,000.00", "",
    "208", "", "社会保障和就业支出 876,477.60", "", "876,477.60", "",
    "208 05", "", "行政事业单位养老支", "876,477.60", "出", "", "876,477.60", "",
    "208 05 05", "", "机关事业单位基本养", "520,318.40", "老保险缴费支出", "", "520,318.40", "",
    "208 05 06", "", "机关事业单位职业年", "356,159.20", "金缴费支出", "", "356,159.20", "",
    "合计", "", "1,176,477.60 876,477.60", "",
    "表 5 一般公共预算支出功能分类预算表（续）", "", "300,000.00", "",
    "\f2025 年预算单位一般公共预算支出功能分类预算表",
    "表 5 一般公共预算支出功能分类预算表编制单位：235012", "",
])


def test_writer_web_rows_with_wrapped_names_come_back_whole() -> None:
    assert _rows(WRITER_WEB) == [
        # the names joined again: pieces of one block, the row's figures between them
        "207 文化旅游体育与传媒支出 300,000.00 300,000.00",
        "20707 国家电影事业发展专项资金 300,000.00 300,000.00",
        "2070701 资助国产影片放映 240,000.00 240,000.00",
        "2070799 其他国家电影事业发展专项资金支出 60,000.00 60,000.00",
        "208 社会保障和就业支出 876,477.60 876,477.60",
        "20805 行政事业单位养老支出 876,477.60 876,477.60",
        "2080505 机关事业单位基本养老保险缴费支出 520,318.40 520,318.40",
        "2080506 机关事业单位职业年金缴费支出 356,159.20 356,159.20",
        # its 项目支出 printed after 表5's running caption is still this table's
        "合计 1,176,477.60 876,477.60 300,000.00",
    ]


def test_writer_web_figures_reach_their_columns() -> None:
    table = _table(WRITER_WEB, "表3")
    total = table.row("合计")
    assert total is not None
    assert total.amounts == {"合计": Decimal("1176477.60"), "基本支出": Decimal("876477.60"),
                             "项目支出": Decimal("300000.00")}
    assert [r.key for r in table.rows] == ["207", "20707", "2070701", "2070799", "208", "20805",
                                           "2080505", "2080506", "合计"]


# a name set tight in its cell and whole on the line of its code and figures, among rows
# printed cell by cell (longer than a note's line, still a row)
def test_a_whole_row_on_its_line_is_no_note() -> None:
    text = "\n".join([
        "2025 年部门一般公共预算基本支出部门预算经济分类预算表",
        "表 8 一般公共预算基本支出部门预算经济分类预算表编制部门：230", "",
        "部门经济分类科目名称", "", "合计", "", "人员经费", "", "公用经费", "", "类 款",
        "301", "", "工资福利支出", "", "10,300,000.00 10,300,000.00", "",
        "301 01 基本工资", "", "1,000,000.00", "", "1,000,000.00", "",
        "301 08 机关事业单位基本养老保险缴费 9,200,000.00 9,200,000.00",
        "301 09 职业年金缴费", "", "100,000.00", "", "100,000.00", "",
        "302", "", "50,000.00", "", "50,000.00", "",
        "302 01 办公费", "", "50,000.00", "", "50,000.00", "",
        "合计", "", "10,350,000.00 10,300,000.00 50,000.00", ""])
    assert _rows(text) == [
        "301 工资福利支出 10,300,000.00 10,300,000.00",
        "30101 基本工资 1,000,000.00 1,000,000.00",
        "30108 机关事业单位基本养老保险缴费 9,200,000.00 9,200,000.00",
        "30109 职业年金缴费 100,000.00 100,000.00",
        "302 商品和服务支出 50,000.00 50,000.00", "30201 办公费 50,000.00 50,000.00",
        "合计 10,350,000.00 10,300,000.00 50,000.00"]


# 表2 as poppler prints Calc's page: the code cells in a run of their own (a 类's 款 and 项
# digits apart from it), then names and figures row by row, a header's merged 合计 cell and
# the compiler's name printed last
CALC = "\n".join([
    "2025年预算单位收入预算总表", "", "编制单位：118001 上海市浦东新区医疗保障局（本级）", "",
    "项目", "功能分类科目编码", "类", "款", "收入预算", "功能分类科目名称", "财政拨款收入", "项",
    "", "210", "", "210", "", "11", "", "210", "", "11", "", "03", "", "210", "", "12", "",
    "210", "", "12", "", "01", "", "210", "", "12", "", "02", "",
    "卫生健康支出", "", "2,731,885,432.10", "", "2,731,885,432.10", "",
    "行政事业单位医疗", "", "620,000.00", "", "620,000.00", "",
    "公务员医疗补助", "", "620,000.00", "", "620,000.00", "",
    "财政对基本医疗保险基金的补助", "", "2,731,265,432.10", "", "2,731,265,432.10", "",
    "412,500,000.00", "", "412,500,000.00", "", "2,318,765,432.10", "", "2,318,765,432.10", "",
    "财政对职工基本医疗保险基金的补助", "", "财政对城乡居民基本医疗保险基金的补助", "",
    "2,731,885,432.10", "", "2,731,885,432.10", "", "合计", "",
    "上海市浦东新区医疗保障局（本级）", ""])


def test_calc_rows_take_their_figures_in_printed_order() -> None:
    assert _rows(CALC) == [
        "210 卫生健康支出 2,731,885,432.10 2,731,885,432.10",
        "21011 行政事业单位医疗 620,000.00 620,000.00",
        "2101103 公务员医疗补助 620,000.00 620,000.00",
        "21012 财政对基本医疗保险基金的补助 2,731,265,432.10 2,731,265,432.10",
        # two 项 of one 款: the sums cannot tell them apart, the printed order does
        "2101201 财政对职工基本医疗保险基金的补助 412,500,000.00 412,500,000.00",
        "2101202 财政对城乡居民基本医疗保险基金的补助 2,318,765,432.10 2,318,765,432.10",
        "合计 2,731,885,432.10 2,731,885,432.10",
    ]
    table = _table(CALC, "表2")
    assert table.labels[0] == "合计"  # (the merged 合计 cell printed after the rows)
    row = table.row("2101202")
    assert row is not None and row.amounts == {"合计": Decimal("2318765432.10"),
                                               "财政拨款收入": Decimal("2318765432.10")}


def test_a_summary_label_wrapped_around_its_figures_is_one_row() -> None:
    lines = _lines("八、卫生健康支\n1,150,000.00 800,000.00 200,000.00 150,000.00\n出\n"
                   "九、节能环保支\n出")
    assert [text for _, _, text in plain.rejoin_labels(lines)] == [
        "八、卫生健康支出 1,150,000.00 800,000.00 200,000.00 150,000.00", "九、节能环保支", "出"]
