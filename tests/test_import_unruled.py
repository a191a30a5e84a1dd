"""Tables laid out without rulings (LibreOffice Writer/Web's PDF of an HTML table), captions run
together, continuation titles printed as text, and cells run together in copy text."""

from __future__ import annotations

from typing import Any

from generator.source.importers.book import pages, structure, tables, unruled
from generator.source.importers.book.pages import Block, Cell

SIZE = 10.0


def _line(top: float, *words: tuple[str, float]) -> dict[str, Any]:
    """A text line as PDFium's reader gives it: characters with their boxes (a Chinese
    character one em wide, a digit or comma half an em)."""
    chars = []
    for text, x in words:
        for char in text:
            width = SIZE if ord(char) > 0x2000 else SIZE / 2
            chars.append({"text": char, "x0": x, "x1": x + width, "top": top,
                          "bottom": top + SIZE, "size": SIZE})
            x += width
    return {"text": " ".join(t for t, _ in words), "x0": chars[0]["x0"], "x1": chars[-1]["x1"],
            "top": top, "bottom": top + SIZE, "chars": chars}


def _page() -> list[dict[str, Any]]:
    return [
        _line(40, ("功能分类科目名称", 75), ("合计", 200), ("支出预算", 300)),
        _line(52, ("基本支出", 260), ("项目支出", 340)),
        # a name wrapped in its cell: its lines above and below the row's figures
        _line(90, ("国家电影事业发展专", 75)),
        _line(96, ("207", 20), ("07", 42), ("300,000.00", 180), ("300,000.00", 340)),
        _line(102, ("项资金", 75)),
        _line(140, ("207", 20), ("07", 42), ("01", 58), ("资助国产影片放映", 75),
              ("240,000.00", 180), ("240,000.00", 340)),
    ]


def _rows(items: list[tuple[float, Any]]) -> list[list[str]]:
    return [[c.text for c in item.cells] for _, item in items
            if isinstance(item, Block) and item.is_row]


def test_a_wrapped_name_is_joined_and_the_figures_keep_their_columns() -> None:
    items = unruled.items(3, _page())
    assert items is not None
    rows = _rows(items)
    assert ["207", "07", "国家电影事业发展专项资金", "300,000.00", "300,000.00"] in rows
    assert ["207", "07", "01", "资助国产影片放映", "240,000.00", "240,000.00"] in rows
    row = next(item for _, item in items if isinstance(item, Block) and "项资金" in item.text)
    assert row.drawn and not row.exact
    assert [c.x for c in row.cells if c.text == "300,000.00"] == [180, 340]


def test_a_heading_over_two_columns_stays_a_cell_of_its_own() -> None:
    rows = _rows(unruled.items(3, _page()) or [])
    assert rows[0] == ["功能分类科目名称", "合计", "基本支出", "支出预算", "项目支出"]


def test_the_figures_go_to_the_columns_their_labels_head() -> None:
    items = unruled.items(3, _page()) or []
    blocks = [item for _, item in items if isinstance(item, Block)]
    table = tables.read_table("表6", blocks)
    row = table.row("2070701")
    assert row is not None
    assert {k: str(v) for k, v in row.amounts.items()} == {"合计": "240000.00",
                                                           "项目支出": "240000.00"}


def test_running_text_is_no_table() -> None:
    lines = [_line(40, ("2025年本单位收入预算900.56万元，比2024年预算增加24.56万元。", 20)),
             _line(54, ("主要原因是文化配送项目增加。", 20))]
    assert unruled.items(1, lines) is None


def test_a_caption_run_together_is_a_title_and_a_compiler_line() -> None:
    text = "表 5 一般公共预算支出功能分类预算表编制单位：235012 上海市普陀区文化馆单位：元"
    assert structure.caption(text) == ("表5一般公共预算支出功能分类预算表",
                                       "编制单位：235012上海市普陀区文化馆单位：元")
    assert structure.caption("表5一般公共预算支出功能分类预算表") is None
    table = tables.read_table("表5", [Block(1, 1, "编制单位：235012上海市普陀区文化馆单位：万元")])
    assert (table.compiler, table.unit) == ("235012上海市普陀区文化馆", "万元")


def test_a_continuation_title_never_takes_the_rows_before_it() -> None:
    row = Block(1, 2, "207 群众文化 100.00", [Cell("207", 0, 0), Cell("群众文化", 1, 1),
                                              Cell("100.00", 2, 2)], True)
    total = Block(1, 3, "合计 100.00", [Cell("合计", 0, 0), Cell("100.00", 1, 1)], True)
    parts = structure.split([Block(1, 1, "表5 一般公共预算支出功能分类预算表"), row, total,
                             Block(1, 4, "表6 政府性基金预算支出功能分类预算表（续）"),
                             Block(2, 5, "2025年政府性基金预算支出功能分类预算表")])
    assert parts.tables["表5"] == [row, total]
    assert parts.tables["表6"] == []


def test_codes_name_and_figures_run_into_one_copied_cell_come_apart() -> None:
    blocks = pages.from_text("207 01 09 群众文化\t6,366,295.20\t4,661,295.20\n"
                             "207 07 99 其他支出 60,000.00\t60,000.00\n")
    assert [c.text for c in blocks[0].cells] == ["207", "01", "09", "群众文化", "6,366,295.20",
                                                 "4,661,295.20"]
    assert [c.text for c in blocks[1].cells] == ["207", "07", "99", "其他支出", "60,000.00",
                                                 "60,000.00"]
    assert not blocks[0].placed  # the cells' columns are lost: the arithmetic places them


def test_a_centred_title_printed_straight_above_its_text_is_a_paragraph_of_its_own() -> None:
    text = ("             上海市普陀区文化馆主要职能\n"
            "上海市普陀区文化馆是区文化和旅游局所属公益一类事业单位，主要职能是：\n"
            "\n"
            "表2   收入预算总表   编制单位：235012   单位：元\n")
    blocks = pages.from_text(text)
    assert [b.text for b in blocks if not b.is_row] == [
        "上海市普陀区文化馆主要职能", "上海市普陀区文化馆是区文化和旅游局所属公益一类事业单位，主要职能是："]


def test_a_coded_row_copied_without_tabs_is_a_row_without_places() -> None:
    blocks = pages.from_text("项目\t支出预算\n"
                             "210 15 99 其他医疗保障管理事务支出 1,150,000.00 1,000,000.00 150,000.00\n"
                             "2025年，收入预算115.00万元。\n")
    assert [c.text for c in blocks[1].cells] == ["210", "15", "99", "其他医疗保障管理事务支出",
                                                 "1,150,000.00", "1,000,000.00", "150,000.00"]
    assert not blocks[1].placed
    assert not blocks[2].is_row


def test_a_letter_spaced_narrow_cell_is_set_close() -> None:
    assert pages.unletterspace("六 、 文 化 旅 游") == "六、文化旅游"
    assert pages.unletterspace("三 、 事 业 单 十 六 、 文 化") == "三、事业单 十六、文化"
    assert pages.unletterspace("合计 因公出国（境）费 公务接待费") == "合计 因公出国（境）费 公务接待费"


def _spread(top: float, text: str, x: float, gap: float) -> dict[str, Any]:
    """A line of one narrow cell whose Chinese is justified: ``gap`` between its characters."""
    return _line(top, *((char, x + k * (SIZE + gap)) for k, char in enumerate(text)))


def test_a_justified_narrow_cell_is_one_cell_and_neighbouring_labels_stay_apart() -> None:
    lines = [_line(40, ("合计", 120), ("人员经费", 300), ("公用经费", 345)),  # 0.5 em apart
             _spread(80, "二、社", 20, 4.3), _line(88, ("15,215,315.36", 120), ("15,215,315.36", 300)),
             _spread(97, "会保障", 20, 4.3), _line(110, ("支出", 20))]
    rows = _rows(unruled.items(4, lines) or [])
    assert rows == [["合计", "人员经费", "公用经费"],
                    ["二、社会保障支出", "15,215,315.36", "15,215,315.36"]]


def test_a_figure_between_two_columns_goes_where_the_sums_hold() -> None:
    """表9 printed by Calc: the 公务接待费 figure's centre lies nearer 小计, but 小计 = 购置费 +
    运行费 (both blank) rules that out."""
    text = ("表9 “三公”经费和机关运行经费预算表\n"
            "   合计          因公出国（境）费   公务接待费     小计           购置费       运行费"
            "      机关运行经费\n"
            "        0.90                      0.90                                          491.82\n")
    table = tables.read_table("表9", pages.from_text(text)[1:])
    assert {k: str(v) for k, v in table.rows[0].amounts.items()} == {
        "合计": "0.90", "公务接待费": "0.90", "机关运行经费预算数": "491.82"}


def test_whole_or_compact_category_list_told_by_the_highest_number_printed() -> None:
    from generator.source.importers.book import assemble

    def book(numbered: int) -> dict[str, tables.Table]:
        t1 = tables.Table("表1", numbered=numbered)
        t3 = tables.Table("表3", rows=[tables.Row(code, "", {}, 1, 1)
                                       for code in ("201", "208", "210", "221")])
        return {"表1": t1, "表3": t3}

    assert assemble.options(book(22), None)["总表支出类别"] == "全部"
    assert assemble.options(book(4), None)["总表支出类别"] == "非零"  # income 一…四 only


def _text(line: int, text: str) -> Block:
    """A line of text without places, as the plain reader gives it."""
    return Block(1, line, text, header_cells=[Cell(t, i, i) for i, t in enumerate(text.split())],
                 placed=False)


def test_an_income_label_and_its_figure_on_lines_of_their_own_make_one_row() -> None:
    from generator.source.importers.book import wrapped

    blocks = wrapped.unwrap([_text(1, "四、其他收"), _text(2, "入"), _text(3, "35,000.00"),
                             _text(4, "八、卫生健康支出")])
    assert [[c.text for c in b.cells] or b.text for b in blocks] == [
        ["四、其他收入", "35,000.00"], "八、卫生健康支出"]


def test_the_totals_row_whose_spending_label_wrapped_away_keeps_its_spending_figures() -> None:
    row = Block(1, 9, "", [Cell("收入总计", 0, 0), Cell("150,430,205.30", 1, 1),
                           Cell("150,430,205.30", 2, 2), Cell("89,203,812.44", 3, 3),
                           Cell("9,926,756.41", 4, 4), Cell("51,299,636.45", 5, 5)], True)
    header = Block(1, 8, "", [Cell(t, i, i) for i, t in enumerate(
        ["项目", "预算数", "项目", "合计", "人员经费", "公用经费", "项目支出"])], True)
    table = tables.read_table("表1", [header, row])
    total = table.row("支出总计")
    assert total is not None
    assert {k: str(v) for k, v in total.amounts.items()} == {
        "收入:收入总计": "150430205.30", "合计": "150430205.30", "人员经费": "89203812.44",
        "公用经费": "9926756.41", "项目支出": "51299636.45"}
