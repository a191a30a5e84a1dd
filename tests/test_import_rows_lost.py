"""Rows that every route used to lose, one test per cause: a 政府性基金 款 of 项目支出 read as
基本支出 where text without positions dropped the blank cells (arith's caps), and the names of
类/款 the year's catalog lacks (科目名称 on the PDF/text route as on the workbook route). And
the year of a book without cover or dated titles, from its 编制日期."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.catalogs import for_year
from generator.source.importers import published
from generator.source.importers.book import assemble, pages, structure, tables

HEADER = ["编制单位：235012 上海市普陀区文化馆", "单位：元", "项目 支出预算", "功能分类科目",
          "编码 功能分类科目名称 合计 基本支出 项目支出", "类 款 项"]
# 表3 lists every source; 表5 the general budget; 表6 the fund: its one line is 项目支出, but
# printed without positions "300,000.00 300,000.00" could be either column
BOOK = "\n".join([
    "2025年预算单位支出预算总表", *HEADER,
    "207 文化旅游体育与传媒支出 7,246,295.20 4,661,295.20 2,585,000.00",
    "207 01 文化和旅游 6,946,295.20 4,661,295.20 2,285,000.00",
    "207 01 09 群众文化 6,366,295.20 4,661,295.20 1,705,000.00",
    "207 01 99 其他文化和旅游支出 580,000.00 580,000.00",
    "207 07 国家电影事业发展专项资金 300,000.00 300,000.00",
    "207 07 01 资助国产影片放映 240,000.00 240,000.00",
    "207 07 99 其他国家电影事业发展专项资金支出 60,000.00 60,000.00",
    "合计 7,246,295.20 4,661,295.20 2,585,000.00",
    "2025年预算单位一般公共预算支出功能分类预算表", *HEADER,
    "207 文化旅游体育与传媒支出 6,304,795.20 4,474,795.20 1,830,000.00",
    "207 01 文化和旅游 6,304,795.20 4,474,795.20 1,830,000.00",
    "207 01 09 群众文化 5,724,795.20 4,474,795.20 1,250,000.00",
    "207 01 99 其他文化和旅游支出 580,000.00 580,000.00",
    "合计 6,304,795.20 4,474,795.20 1,830,000.00",
    "2025年预算单位政府性基金预算支出功能分类预算表", *HEADER,
    "207 文化旅游体育与传媒支出 300,000.00 300,000.00",
    "207 07 国家电影事业发展专项资金 300,000.00 300,000.00",
    "207 07 01 资助国产影片放映 240,000.00 240,000.00",
    "207 07 99 其他国家电影事业发展专项资金支出 60,000.00 60,000.00",
    "合计 300,000.00 300,000.00",
])


def _tables() -> dict[str, tables.Table]:
    return tables.read_tables(structure.split(pages.from_text(BOOK)).tables)


def test_a_fund_line_takes_no_more_basic_spending_than_table_3_leaves() -> None:
    fund = _tables()["表6"]
    for key, amount in (("207", "300000.00"), ("20707", "300000.00"), ("2070701", "240000.00"),
                        ("2070799", "60000.00"), ("合计", "300000.00")):
        row = fund.row(key)
        assert row is not None
        assert row.amounts == {"合计": Decimal(amount), "项目支出": Decimal(amount)}, key
    # 表5's lines are placed by their own sums as before: 20701's 项目支出 holds this one
    general = _tables()["表5"]
    assert general.row("2070199").amounts == {  # type: ignore[union-attr]
        "合计": Decimal("580000.00"), "项目支出": Decimal("580000.00")}


def test_names_the_catalog_lacks_come_back_as_code_names() -> None:
    function = for_year(2025).function
    assert function.name("20701") is None and function.name("20707") is None
    assert function.name("207") is not None
    names = assemble.code_names(_tables(), 2025)
    assert names == {"20701": "文化和旅游", "20707": "国家电影事业发展专项资金"}
    assert assemble.code_names(_tables(), None) == {}


@pytest.mark.parametrize(("date", "year"), [("2024年12月20日", 2025), ("2025年2月", 2025),
                                            ("2025-01-15", 2025)])
def test_the_compiling_date_gives_the_year_when_nothing_else_does(date: str, year: int,
                                                                   tmp_path: Path) -> None:
    """No cover, no year in the table titles: 编制日期 (autumn before the year to its spring)."""
    text = "\n".join(line.replace("2025年", "") for line in BOOK.split("\n")
                     if "支出预算总表" in line or not line.startswith("2025年"))
    text = text.replace("单位：元", f"编制日期：{date}\n单位：元", 1)
    assert "2025" not in text.replace(date, "")
    path = tmp_path / "tables.txt"
    path.write_text(text, encoding="utf-8")
    assert published.read(path).data["预算年度"] == year
    path.write_text(text.replace(f"编制日期：{date}\n", ""), encoding="utf-8")
    assert "预算年度" not in published.read(path).data
