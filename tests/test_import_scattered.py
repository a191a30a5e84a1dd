"""Coded tables that plain ``pdftotext`` printed cell by cell: rows rebuilt from codes, names and
the book's sums (``generator.source.importers.book.scattered``). The texts below keep the order
poppler gave a 支出预算总表 of ours: a 类's 项目支出 after its 款's figures, two 项 digits printed
past the next rows, the figures of 行政运行 after those of the 项 under it."""

from __future__ import annotations

from decimal import Decimal

from generator.source.importers.book import pages, plain, structure, tables
from generator.source.importers.book.scattered import (
    _BUDGET,
    _codes,
    _groups,
    _names,
    _place,
    _Row,
    _Token,
)

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


def _income_cells(spread: int) -> tuple[list[str], dict[str, str]]:
    """A 收入预算总表 of one 类, 5 款 of 8 项 each (合计 = 财政拨款收入: a pair of figures a row),
    in the order plain pdftotext printed ours: the 合计 row's and the first 款's figures before
    the codes, every later 款's figures after the last 项 of the one before it (ahead of its
    code), and the two figures of the ``spread``-th 项 of the third 款 printed far apart (one
    after the next 款's code, one after the code of the 款 after it). Also every row's line as
    rebuilt."""
    names = ["面向长三角区域一体化发展的科技创新资源开放共享与协同服务平台运行维护支出",
             "城市数字化转型背景下重点行业关键核心技术攻关及科研成果转移转化服务支出",
             "国家实验室和国家重点实验室基础条件保障及大型科学仪器设施开放共享补助支出"]

    def money(cents: int) -> str:
        return f"{cents:,}.00"

    items = {f"2060{k}0{j}": 500_000 + (k * 8 + j) ** 3 * 7_919 % 9_000_000
             for k in range(1, 6) for j in range(1, 9)}
    sections = {f"2060{k}": sum(v for c, v in items.items() if c[:5] == f"2060{k}")
                for k in range(1, 6)}
    whole = sum(sections.values())
    label = {c: (f"其他科学技术支出第{int(c[-1]) + 8 * (int(c[4]) - 1)}项" if c[-1] in "48"
                 else names[int(c) % 3]) for c in items}
    label |= {c: f"科技创新服务专项第{c[-1]}款" for c in sections} | {"206": "科学技术支出"}
    apart = f"206030{spread}"
    cells = [money(whole)] * 2 + [money(sections["20601"])] * 2 + ["项", "206", "科学技术支出"]
    for k in range(1, 6):
        code = f"2060{k}"
        if k not in (1, 4):
            cells += [money(sections[code])] * 2
        cells += [f"206 0{k}"]
        if k in (4, 5):
            cells += [money(items[apart])]
        if k == 4:
            cells += [money(sections[code])] * 2
        cells += [label[code]]
        for j in range(1, 9):
            item = f"{code}0{j}"
            cells += [f"206 0{k}", f"0{j}", label[item]]
            cells += [money(items[item])] * 2 if item != apart else []
    # (the header's right-hand labels, printed after the rows: a pair is a total and 1 to 4 parts)
    cells += ["合计", "— 10 —", money(whole), money(whole), "事业收入", "事业单位经营", "收入",
              "其他收入"]
    rows = {"206": whole, **sections, **items}
    lines = {c: f"{c} {label[c]} {money(v)} {money(v)}" for c, v in rows.items()}
    return cells, lines


def test_a_long_table_with_a_row_printed_apart_comes_back_whole() -> None:
    # a 项's two figures printed rows apart leave a total open that any later figure could be
    # a part of; each 款's figures follow the last 项 of the 款 before it, so the groups after
    # a 款's names hold one group too many: every row still gets its own figures
    cells, lines = _income_cells(spread=4)
    text = "\n\n".join(["2025年预算单位收入预算总表", "编制单位：121018", "上海市某中心", "单位：元",
                        "项目", "功能分类", "科目编码", "类", "款", "收入预算", "功能分类科目名称",
                        "合计", "财政拨款收入", *cells]) + "\n\f"
    rebuilt = [text for _, _, text in plain.regroup(_lines(text))
               if text.strip() and text.split()[0].isdigit()]
    assert rebuilt == [lines[code] for code in sorted(lines)]


def test_a_figure_printed_apart_does_not_hold_the_cut_of_the_rows_between() -> None:
    # a 项's 合计 printed after the next 款's code, its one part after the 款's 8 项 (ours,
    # plain pdftotext); the 款's and the 项' pairs (total, part) between, most smaller than it:
    # taking each for a part of the open total first tries ever more ways (the search ran out
    # with no cut at all); parts next to their totals are taken first instead
    pairs = [44_154_039, 4_109_436, 2_983_450, 581_753, 3_848_397, 1_389_378, 2_483_499,
             2_238_680, 1_430_258]
    values = [Decimal(6_145_604), *(Decimal(v) for v in pairs for _ in (1, 2)), Decimal(6_145_604)]
    budget = [_BUDGET]
    cut = next(_groups(values, 4, Decimal(2), budget, near_first=True), None)
    assert cut is not None and budget[0] > _BUDGET - 1000
    assert sorted(cut) == [[0, 19], *([k, k + 1] for k in range(1, 19, 2))]


def test_a_name_printed_late_goes_to_the_row_above() -> None:
    # 20604's name cell came after 20605's code, ahead of 20605's own name (a figure between):
    # the names of one column come top to bottom, so the first of the two is 20604's
    printed = _tokens("206 科学技术支出 206 04 5.00 206 04 01 项一 206 05 第四款 1.00 第五款 "
                      "206 05 01 项二")
    rows = _codes(printed, economic=False)
    words = [t for t in printed if not t.text[0].isdigit()]
    _names(rows, words, {})
    assert {r.code: r.name for r in rows} == {"206": "科学技术支出", "20604": "第四款",
                                              "2060401": "项一", "20605": "第五款",
                                              "2060501": "项二"}


# a 收入预算总表 LibreOffice Calc made from a workbook (one sheet a table): the code's 类, 款 and
# 项 cells are blocks of their own, and poppler printed some of them far from their rows (the
# first rows' code cells after the 款's last 项, a lone "02", "01 03" with the 项's name), the
# names and figures in the flow; 206 = 20601 + 20602, each 款 the sum of its three 项
CALC = ["206", "831.00", "831.00", "660.00", "660.00", "甲子科技项目运行维护支出", "100.00",
        "100.00", "02", "乙丑科技项目运行维护支出", "200.00", "200.00", "01", "03",
        "丙寅科技项目运行维护支出", "300.00", "300.00",
        *(w for j in (4, 5) for w in f"206 01 0{j} 第{j}项 {j - 3}0.00 {j - 3}0.00".split()),
        "206", "01", "06", "30.00", "30.00",
        "206", "02", "206", "02", "01", "206", "02", "206", "科学技术支出", "206", "01",
        "206", "01", "01", "206", "01", "206", "科技创新服务专项第1款", "科技创新服务专项第2款",
        "171.00", "171.00", "丁卯科技项目运行维护支出", "40.00", "40.00", "02",
        "戊辰科技项目运行维护支出", "50.00", "50.00", "02", "03", "己巳科技项目运行维护支出",
        "70.00", "70.00",
        *(w for j in (4, 5) for w in f"206 02 0{j} 第{j + 4}项 {j + 1}.00 {j + 1}.00".split()),
        "第6项", "合计", "831.00", "831.00"]


def test_code_cells_printed_apart_make_the_codes_they_complete() -> None:
    # a lone 类 printed again takes a 款 and 项 printed together where the 款 is a row; the
    # 款 printed again take the lone 项 digits in code order (the rows of one column come top
    # to bottom), and their rows' names and figures follow those digits
    printed = _tokens(" ".join(CALC))
    rows = {r.code: r for r in _codes(printed, economic=False)}
    assert sorted(rows) == ["206", "20601", *(f"206010{j}" for j in range(1, 7)), "20602",
                            *(f"206020{j}" for j in range(1, 6))]
    assert [rows[c].end for c in ("2060102", "2060103", "2060202", "2060203")] == [8, 13, 58, 63]


def test_a_calc_table_with_its_code_cells_printed_apart_comes_back() -> None:
    # most names follow no code of theirs: they go by the figures printed right after them,
    # the rows by sums and order; 2060106's name came last, after 2060205's name and figures
    # (two names after one code: a guess that the figures placed overrule)
    text = "\n\n".join(["2025年预算单位收入预算总表", "编制单位：121018", "上海市某中心", "单位：元",
                        "项目", "功能分类科目编码", "类", "款", "收入预算", "功能分类科目名称",
                        "合计", "财政拨款收入", "项", *CALC]) + "\n\f"
    rebuilt = [text for _, _, text in plain.regroup(_lines(text))
               if text.strip() and text.split()[0].isdigit()]
    assert rebuilt == [
        "206 科学技术支出 831.00 831.00",
        "20601 科技创新服务专项第1款 660.00 660.00",
        "2060101 甲子科技项目运行维护支出 100.00 100.00",
        "2060102 乙丑科技项目运行维护支出 200.00 200.00",
        "2060103 丙寅科技项目运行维护支出 300.00 300.00",
        "2060104 第4项 10.00 10.00",
        "2060105 第5项 20.00 20.00",
        "2060106 第6项 30.00 30.00",
        "20602 科技创新服务专项第2款 171.00 171.00",
        "2060201 丁卯科技项目运行维护支出 40.00 40.00",
        "2060202 戊辰科技项目运行维护支出 50.00 50.00",
        "2060203 己巳科技项目运行维护支出 70.00 70.00",
        "2060204 第8项 5.00 5.00",
        "2060205 第9项 6.00 6.00",
    ]


def test_a_lone_kind_next_to_a_stray_item_digit_is_the_kind() -> None:
    # "221" printed right before another row's lone 项 digits "01": no 款 22101 with no 项
    # under it while 221 itself is missing; every 类 of the template heads its 款
    printed = _tokens("221 02 221 02 01 名 2,446,000.00 221 01 2,446,000.00")
    assert [r.code for r in _codes(printed, economic=False)] == ["221", "22102", "2210201"]


def test_figures_printed_right_after_a_name_among_a_run_of_names_stay_with_it() -> None:
    # codes and names each in a run of their own (Calc), two 类 of one 款 and one 项 each: sums
    # cannot tell them apart, nearness to the names prefers the wrong one; the one name that
    # poppler kept together with its figures (行政单位医疗 6.00 6.00) tells
    cells = ["社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出",
             "208", "05", "208", "05", "05", "210", "210", "11", "210", "11", "01", "208",
             "6.00", "6.00", "行政单位医疗", "6.00", "6.00", "9.00", "9.00", "9.00", "9.00",
             "9.00", "9.00", "6.00", "6.00", "卫生健康支出", "行政事业单位医疗", "合计", "15.00",
             "15.00"]
    text = "\n\n".join(["2025年部门收入预算总表", "编制部门：上海市某局", "单位：元", "项目",
                        "功能分类科目编码", "类", "款", "功能分类科目名称", "合计", "财政拨款收入",
                        "项", *cells]) + "\n\f"
    rebuilt = [text for _, _, text in plain.regroup(_lines(text))
               if text.strip() and text.split()[0].isdigit()]
    assert rebuilt == ["208 社会保障和就业支出 9.00 9.00", "20805 行政事业单位养老支出 9.00 9.00",
                       "2080505 机关事业单位基本养老保险缴费支出 9.00 9.00",
                       "210 卫生健康支出 6.00 6.00", "21011 行政事业单位医疗 6.00 6.00",
                       "2101101 行政单位医疗 6.00 6.00"]


def test_items_alone_under_their_sections_take_the_figures_in_printed_order() -> None:
    # 21201 and 21202 with one 项 each, every name in a run apart from the figures: sums cannot
    # tell the two 款 apart; a 款 and its 项 move together, in the order their figures came
    codes = ["208", "20805", "2080505", "212", "21201", "2120101", "21202", "2120201"]
    rows = [_Row(c, k, k, name=f"名{k}", anchor=k, sure=True) for k, c in enumerate(codes)]
    values = [Decimal(v) for v in (9, 4, 4, 5, 5, 3, 3, 3, 12)]
    at = list(range(9, 18))  # (a name no row took between the names and the figures)
    labels = [*range(10), *[9] * 9]
    placed = _place(rows, [[i] for i in range(9)], values, at, labels, Decimal(0), [_BUDGET])
    assert placed is not None
    assert {c: values[g] for c, g in placed[0].items()} == {
        "208": 3, "20805": 3, "2080505": 3, "212": 9, "21201": 4, "2120101": 4, "21202": 5,
        "2120201": 5}


def test_a_kind_printed_again_takes_a_section_and_an_item_digit_printed_apart() -> None:
    # 表6 (Calc): "212 08" and "212 13" twice, the 项 digits "03" and "01" each among the
    # names; the lone 款 digit "08" before them all
    printed = _tokens("名 08 212 08 212 13 212 13 名 名 名 212 212 名 名 03 名 名 01 名 名 1.00")
    assert [r.code for r in _codes(printed, economic=False)] == [
        "212", "21208", "2120803", "21213", "2121301"]
