"""Coded tables that plain ``pdftotext`` printed cell by cell: rows rebuilt from codes, names and
the book's sums (``generator.source.importers.book.scattered``). The texts below keep the order
poppler gave a 支出预算总表 of ours: a 类's 项目支出 after its 款's figures, two 项 digits printed
past the next rows, the figures of 行政运行 after those of the 项 under it."""

from __future__ import annotations

from decimal import Decimal

from generator.source.importers.book import pages, plain, structure, tables
from generator.source.importers.book.scattered import _codes, _Token

TITLE = "2025年预算单位支出预算总表"
HEADER = ["编制单位：157001", "上海市松江区医疗保障局（本级）", "单位：元", "项目", "功能分类科目",
          "编码", "类", "款", "支出预算", "功能分类科目名称", "合计", "基本支出", "项目支出", "项"]
# the cells of the table in the order plain pdftotext printed them (one cell a block)
CELLS = ["208", "社会保障和就业支出", "行政事业单位养老支出", "597,811.04", "597,811.04",
         "597,811.04", "597,811.04", "208", "05", "208", "05", "01", "行政单位离退休",
         "208", "05", "05", "机关事业单位基本养老保险缴费支出", "365,207.36", "365,207.36",
         "208", "05", "06", "机关事业单位职业年金缴费支出", "232,603.68", "232,603.68",
         "4,232,261.72", "2,961,067.72", "行政事业单位医疗", "190,754.60", "190,754.60",
         "行政单位医疗", "190,754.60", "190,754.60", "210", "卫生健康支出", "1,271,194.00",
         "210", "11", "210", "11", "210", "14", "210", "14", "210", "15", "210", "15", "01",
         "行政运行", "210", "15", "02", "一般行政管理事务", "896,494.00", "896,494.00",
         "210", "15", "04", "信息化建设", "147,600.00", "147,600.00", "01", "优抚对象医疗",
         "99", "其他优抚对象医疗支出", "医疗保障管理事务", "154,900.00", "154,900.00",
         "154,900.00", "154,900.00", "3,886,607.12", "2,770,313.12", "1,116,294.00",
         "2,842,513.12", "2,770,313.12", "72,200.00", "4,830,072.76", "3,558,878.76", "合计",
         "— 10 —", "1,271,194.00"]


def _text(cells: list[str]) -> str:
    return "\n\n".join([TITLE, *HEADER, *cells]) + "\n\f"


def _lines(text: str) -> list[tuple[int, int, str]]:
    return [(n, k, piece) for n, raw in enumerate(text.split("\n"), start=1)
            for k, piece in enumerate(raw.split("\f"))]


def _table(text: str) -> tables.Table:
    parts = structure.split(pages.from_text(text))
    return tables.read_tables(parts.tables)["表3"]


def _tokens(text: str) -> list[_Token]:
    return [_Token(i, i, word) for i, word in enumerate(text.split(" "))]


def test_codes_take_back_their_detached_digits() -> None:
    # 21011 and 21014 printed twice: the 项 rows whose digits stood apart, in order
    printed = _tokens("210 名 210 11 210 11 210 14 210 14 1,000.00 01 名 99 名")
    assert [r.code for r in _codes(printed, economic=False)] == [
        "210", "21011", "2101101", "21014", "2101499"]
    # 表8: a 类 printed twice lost its 款 digits to the "16" printed apart
    printed = _tokens("302 名 302 15 302 9.00 16")
    assert [r.code for r in _codes(printed, economic=True)] == ["302", "30215", "30216"]


def test_rows_come_back_one_line_each_in_code_order() -> None:
    rebuilt = [text for _, _, text in plain.regroup(_lines(_text(CELLS)))
               if text.strip() and text.split()[0].isdigit() or text.startswith("合计 ")]
    assert rebuilt == [
        "208 社会保障和就业支出 597,811.04 597,811.04",
        "20805 行政事业单位养老支出 597,811.04 597,811.04",
        "2080501 行政单位离退休",
        "2080505 机关事业单位基本养老保险缴费支出 365,207.36 365,207.36",
        "2080506 机关事业单位职业年金缴费支出 232,603.68 232,603.68",
        "210 卫生健康支出 4,232,261.72 2,961,067.72 1,271,194.00",
        "21011 行政事业单位医疗 190,754.60 190,754.60",
        "2101101 行政单位医疗 190,754.60 190,754.60",
        "21014 优抚对象医疗 154,900.00 154,900.00",
        "2101499 其他优抚对象医疗支出 154,900.00 154,900.00",
        "21015 医疗保障管理事务 3,886,607.12 2,770,313.12 1,116,294.00",
        # sums alone would let 行政运行 swap figures with the 项 under it: the figures that
        # follow a name directly stay with it
        "2101501 行政运行 2,842,513.12 2,770,313.12 72,200.00",
        "2101502 一般行政管理事务 896,494.00 896,494.00",
        "2101504 信息化建设 147,600.00 147,600.00",
        "合计 4,830,072.76 3,558,878.76 1,271,194.00",
    ]


def test_figures_go_to_their_columns_by_the_sums() -> None:
    table = _table(_text(CELLS))
    assert table.labels == ["合计", "基本支出", "项目支出"]
    amounts = {row.key: row.amounts for row in table.rows}
    assert amounts["210"] == {"合计": Decimal("4232261.72"), "基本支出": Decimal("2961067.72"),
                              "项目支出": Decimal("1271194.00")}
    # one figure besides the total: the column the 款's split leaves room for
    assert amounts["2101502"] == {"合计": Decimal("896494.00"), "项目支出": Decimal("896494.00")}
    assert amounts["2101101"] == {"合计": Decimal("190754.60"), "基本支出": Decimal("190754.60")}
    assert amounts["合计"]["项目支出"] == Decimal("1271194.00")
    assert table.row("2080501") is not None and not table.row("2080501").amounts  # type: ignore[union-attr]


def test_text_whose_rows_keep_their_lines_is_left_alone() -> None:
    text = "\n".join([TITLE, *HEADER, "210 卫生健康支出 4,232,261.72 2,961,067.72 1,271,194.00",
                      "21011 行政事业单位医疗 190,754.60 190,754.60",
                      "2101101 行政单位医疗 190,754.60 190,754.60"])
    assert plain.regroup(_lines(text)) == _lines(text)


def test_figures_that_add_up_nowhere_leave_the_text_as_it_was() -> None:
    broken = [c if c != "72,200.00" else "72,201.00" for c in CELLS]
    lines = _lines(_text(broken))
    assert plain.regroup(lines) == lines
