"""A coded row's name wrapped inside its cell, as text routes print it: the row's code and figures
on one line, the name's lines around it where the cell's vertical alignment puts them (top, centred,
bottom), with the page's repeated header between the pieces of a row that broke across a page.
Each shape is written the way pdftotext -layout and a viewer's copy print it."""

from __future__ import annotations

from decimal import Decimal

from generator.source.importers.book import forms, pages, plain, structure, tables

TITLE = "2025年预算单位收入预算总表\n编制单位：121018 上海市某某服务中心\n单位：元\n"
HEADER_LAYOUT = ("                              功能分类科目名称        合计            财政拨款收入\n"
                 "类   款   项\n")
NAME_AT, TOTAL_AT, GRANT_AT = 17, 50, 68

LONG_A = ("面向长三角区域一体化发展的科技", "创新资源平台运行维护支出")  # 15 + 12 characters
LONG_B = ("城市数字化转型背景下重点行业关", "键核心技术攻关服务支出")


def _row(code: str, name: str, amount: str) -> str:
    """A layout line: the split code columns, the name at its column, figures right-aligned."""
    parts = code.split()
    head = "   ".join(parts).ljust(NAME_AT)
    line = head + name
    line = line.ljust(TOTAL_AT + 14 - len(amount)) + amount
    return line.ljust(GRANT_AT + 14 - len(amount)) + amount


def _piece(text: str) -> str:
    return " " * NAME_AT + text


def _read(body: str) -> dict[str, str]:
    text = TITLE + HEADER_LAYOUT + body
    read = tables.read_tables(structure.split(pages.from_text(text)).tables)["表2"]
    return {r.key: r.name for r in read.rows if r.key.isdigit()}


def _names(*rows: tuple[str, tuple[str, ...]]) -> dict[str, str]:
    return {"210": "卫生健康支出", "21011": "行政事业单位医疗",
            **{code.replace(" ", ""): "".join(lines) for code, lines in rows}}


OPENING = _row("210", "卫生健康支出", "600.00") + "\n" + _row("210 11", "行政事业单位医疗", "600.00") + "\n"


def test_centred_names_of_two_lines_stand_either_side_of_their_code_line() -> None:
    """LibreOffice Calc and Writer centre a cell's lines: with two, the code line carries none."""
    body = (OPENING + "\n" + _piece(LONG_A[0]) + "\n" + _row("210 11 01", "", "100.00") + "\n"
            + _piece(LONG_A[1]) + "\n\n" + _piece(LONG_B[0]) + "\n" + _row("210 11 02", "", "200.00")
            + "\n" + _piece(LONG_B[1]) + "\n" + _row("210 11 03", "公务员医疗补助", "300.00") + "\n"
            + _row("合计", "", "600.00") + "\n")
    assert _read(body) == _names(("210 11 01", LONG_A), ("210 11 02", LONG_B),
                                 ("210 11 03", ("公务员医疗补助",)))


def test_a_one_line_name_that_fills_its_cell_keeps_to_itself() -> None:
    """A name exactly as wide as the column (its one line full) is followed by the first lines of
    the next, centred, row: the blank line between rows and the next row's code line without a
    piece of its name tell where the next name begins."""
    full = "其他卫生健康支出第十五项目经费"  # as wide as the column's lines
    body = (OPENING + _row("210 11 01", full, "100.00") + "\n\n" + _piece(LONG_B[0]) + "\n"
            + _row("210 11 02", "", "500.00") + "\n" + _piece(LONG_B[1]) + "\n")
    assert _read(body) == _names(("210 11 01", (full,)), ("210 11 02", LONG_B))


def test_a_centred_name_of_three_lines_has_its_middle_line_on_the_code_line() -> None:
    lines = ("国家实验室和国家重点实验室基础", "条件保障及大型科学仪器设施开放", "共享补助支出")
    body = (OPENING + "\n" + _piece(lines[0]) + "\n" + _row("210 11 01", lines[1], "100.00") + "\n"
            + _piece(lines[2]) + "\n\n" + _piece(LONG_B[0]) + "\n" + _row("210 11 02", "", "500.00")
            + "\n" + _piece(LONG_B[1]) + "\n")
    assert _read(body) == _names(("210 11 01", lines), ("210 11 02", LONG_B))


def test_top_aligned_names_go_on_below_their_code_line() -> None:
    """Word's default: the first line beside the code, the rest below, no blank line between."""
    body = (OPENING + _row("210 11 01", LONG_A[0], "100.00") + "\n" + _piece(LONG_A[1]) + "\n"
            + _row("210 11 02", LONG_B[0], "200.00") + "\n" + _piece(LONG_B[1]) + "\n"
            + _row("210 11 03", "公务员医疗补助", "300.00") + "\n")
    assert _read(body) == _names(("210 11 01", LONG_A), ("210 11 02", LONG_B),
                                 ("210 11 03", ("公务员医疗补助",)))


def test_bottom_aligned_names_end_on_their_code_line() -> None:
    """A spreadsheet's default: the last line beside the code, the first lines above."""
    body = (OPENING + _piece(LONG_A[0]) + "\n" + _row("210 11 01", LONG_A[1], "100.00") + "\n"
            + _row("210 11 03", "公务员医疗补助", "300.00") + "\n"
            + _piece(LONG_B[0]) + "\n" + _row("210 11 02", LONG_B[1], "200.00") + "\n")
    assert _read(body) == _names(("210 11 01", LONG_A), ("210 11 03", ("公务员医疗补助",)),
                                 ("210 11 02", LONG_B))


def test_a_row_broken_across_a_page_ends_under_the_repeated_header() -> None:
    """The page broke the row after its first line (its code line): the rest of its name stands
    overleaf under the header, then the next row's centred lines."""
    body = (OPENING + _row("210 11 01", LONG_A[0], "100.00") + "\n\f" + HEADER_LAYOUT
            + _piece(LONG_A[1]) + "\n\n" + _piece(LONG_B[0]) + "\n" + _row("210 11 02", "", "500.00")
            + "\n" + _piece(LONG_B[1]) + "\n")
    text = TITLE + HEADER_LAYOUT + body
    read = tables.read_tables(structure.split(pages.from_text(text)).tables)["表2"]
    rows = {r.key: r for r in read.rows}
    # the end of a broken row's name is left for the catalog to judge (see assemble.lines)
    assert (rows["2101101"].name, rows["2101101"].overleaf) == LONG_A
    assert rows["2101102"].name == "".join(LONG_B)


def test_names_wrapped_in_text_without_places_are_shared_out_by_their_lines() -> None:
    """A viewer's copy or pdfplumber's text: each line of a centred cell on its own, no
    positions; the column's width shows in its lines, and a shorter line ends a name."""
    body = ("210 卫生健康支出 600.00 600.00\n210 11 行政事业单位医疗 600.00 600.00\n"
            f"{LONG_A[0]}\n210 11 01 100.00 100.00\n{LONG_A[1]}\n"
            f"{LONG_B[0]}\n210 11 02 500.00 500.00\n{LONG_B[1]}\n合计 600.00 600.00\n")
    text = TITLE + "功能分类科目编码 功能分类科目名称 合计 财政拨款收入\n类 款 项\n" + body
    read = tables.read_tables(structure.split(pages.from_text(text)).tables)["表2"]
    assert {r.key: r.name for r in read.rows if r.key.isdigit()} == _names(
        ("210 11 01", LONG_A), ("210 11 02", LONG_B))


def test_a_justified_name_ending_in_an_ordinal_keeps_its_number() -> None:
    """Writer justifies a narrow cell's full lines ("其 他 … 第 15"); the counter 项 wraps onto the
    next line: the number after 第 is the name's, not a figure."""
    body = (OPENING + "\n" + _piece("其 他 卫 生 健 康 支 出 第 15") + "\n"
            + _row("210 11 01", "", "100.00") + "\n" + _piece("项") + "\n\n" + _piece(LONG_B[0]) + "\n"
            + _row("210 11 02", "", "500.00") + "\n" + _piece(LONG_B[1]) + "\n")
    names = _read(body)
    assert names["2101101"] == "其他卫生健康支出第15项"
    assert names["2101102"] == "".join(LONG_B)


def test_a_copy_giving_each_line_of_a_cell_its_own_line_keeps_an_ordinal_whole() -> None:
    """PDFium's copy of a Writer table: the code and the name's first line, the counter 项 on a
    line of its own, then the figures alone."""
    lines = [(1, 0, "206 02 04 其他科学技术支出第 11"), (2, 0, "项"),
             (3, 0, "5,169,841.00 5,169,841.00"), (4, 0, "206 02 05 科学技术普及 100.00 100.00")]
    assert [t for _, _, t in plain.rejoin_rows(lines)] == [
        "206 02 04 其他科学技术支出第11项 5,169,841.00 5,169,841.00",
        "206 02 05 科学技术普及 100.00 100.00"]


def test_a_tab_copy_with_codes_and_a_justified_name_in_one_cell_is_read() -> None:
    """The codes and a name justified letter by letter in one copied cell, the page's repeated
    header after it, the counter 项 overleaf: the row's name ends with it."""
    head = "功能分类科目编码\t功能分类科目名称\t合计\t财政拨款收入\n类 款 项\n"
    text = (TITLE + head + "210\t卫生健康支出\t600.00\t600.00\n"
            "210 11 01 其 他 卫 生 健 康 支 出 第 35\t600.00\t600.00\n"
            + head + "项\n合计\t600.00\t600.00\n")
    read = tables.read_tables(structure.split(pages.from_text(text)).tables)["表2"]
    row = read.row("2101101")
    assert row is not None and row.amounts["合计"] == Decimal("600.00")
    assert row.name + row.overleaf == "其他卫生健康支出第35项"


def test_a_row_whose_figures_are_blank_keeps_its_centred_name() -> None:
    """A row with no figures (its amounts all blank) wraps its name like any other: its lines
    stand around it, not on the row before."""
    body = (OPENING + _row("210 11 01", "机关事业单位职业年金缴费支出", "600.00") + "\n\n"
            + _piece("其他 行政 事业 单位 医疗") + "\n" + "210   11   99" + "\n" + _piece("支出") + "\n")
    assert _read(body) == _names(("210 11 01", ("机关事业单位职业年金缴费支出",)),
                                 ("210 11 99", ("其他行政事业单位医疗支出",)))


def test_names_printed_after_their_rows_go_back_to_them() -> None:
    """LibreOffice Calc's PDF lays down a page's codes and figures before the text of its
    wrapped name cells: ``-raw`` and a viewer's copy print the rows without names, then the
    names. They go back in order, only where they count exactly the rows without one."""
    rows = ("210 卫生健康支出 600.00 600.00\n210 11 600.00 600.00\n210 11 01 100.00 100.00\n"
            "210 11 02 500.00 500.00\n")
    names = "行政事业单位医疗\n" + "".join(f"{a}\n{b}\n" for a, b in (LONG_A, LONG_B))
    head = "功能分类科目编码 功能分类科目名称 合计 财政拨款收入\n类 款 项\n"
    read = tables.read_tables(structure.split(pages.from_text(
        TITLE + head + rows + "编制单位：121018 上海市某某服务中心\n" + names)).tables)["表2"]
    assert {r.key: r.name for r in read.rows} == _names(("210 11 01", LONG_A), ("210 11 02", LONG_B))
    # one name short: none is given (which row lacks it cannot be told)
    read = tables.read_tables(structure.split(pages.from_text(
        TITLE + head + rows + names.split("\n", 1)[1])).tables)["表2"]
    assert [r.name for r in read.rows if r.key in ("21011", "2101101", "2101102")] == ["", "", ""]


def test_a_forms_name_wrapped_out_of_its_row_is_the_line_under_the_title() -> None:
    """A tab copy of a spreadsheet's 申报表: the 项目名称 cell's value wrapped above and below
    its row, the label row keeps none. The part begins under the first form's title, and the
    line there (the project's name, as every form prints it) names the project."""
    text = ("工业互联网标识解析二级节点运营补助\n（2025年度）\n\n工业互联网标识解析二级\n"
            "项目名称\t项目性质\t其他经常性项目\t项目类别\t其他运转类\n节点运营补助\n"
            "主管部门\t上海市某某委员会\t实施单位\t上海市某某中心\n")
    [rows] = forms.split_forms(pages.from_text(text))
    form = forms.read_form(rows)
    assert (form["项目名称"], form["项目性质"], form["实施单位"]) == (
        "工业互联网标识解析二级节点运营补助", "其他经常性项目", "上海市某某中心")


def test_the_first_rows_centred_name_is_not_taken_for_the_header() -> None:
    """The table's first row wraps its name around its code line, right under the header: the
    line above it is the name's, not a line of the header (which the pages after repeat)."""
    body = ("\n" + _piece("文化旅游体育与传媒") + "\n" + _row("207", "", "600.00") + "\n" + _piece("支出")
            + "\n\n" + _row("207 01", "文化和旅游", "600.00") + "\n")
    read = tables.read_tables(structure.split(pages.from_text(TITLE + HEADER_LAYOUT + body)).tables)
    assert [(r.key, r.name) for r in read["表2"].rows] == [("207", "文化旅游体育与传媒支出"),
                                                          ("20701", "文化和旅游")]


def test_in_text_without_places_the_first_rows_name_above_it_is_its_own() -> None:
    """A viewer's tab copy of the same: no positions, the first row's name piece between the
    header and its code line."""
    text = (TITLE + "功能分类科目编码\t功能分类科目名称\t合计\t财政拨款收入\n类 款 项\n文化旅游体育与传媒\n"
            "207\t600.00\t600.00\n支出\n207 01\t文化和旅游\t600.00\t600.00\n")
    read = tables.read_tables(structure.split(pages.from_text(text)).tables)
    assert [(r.key, r.name) for r in read["表2"].rows] == [("207", "文化旅游体育与传媒支出"),
                                                          ("20701", "文化和旅游")]


def test_rows_wrapped_in_lines_of_their_own_are_read_in_order_not_as_scattered_cells() -> None:
    """Writer/Web's table by ``-raw``: each row's codes, its name's lines and its figures on
    lines of their own, rows in order. Lines of figures alone, but no table printed cell by
    cell: once each row is one line again, none is left."""
    region = [(1, 0, "206 02 03"), (2, 0, "城市数字化转型背景下重"), (3, 0, "点行业关键核心技术攻关"),
              (4, 0, "1,717,135.00 1,717,135.00"), (5, 0, "206 02 04"),
              (6, 0, "其他科学技术支出第 11"), (7, 0, "项"), (8, 0, "5,169,841.00 5,169,841.00"),
              (9, 0, "206 02 05 科学技术普及 100.00 100.00")]
    assert [t for _, _, t in plain.rejoin_rows(region)] == [
        "206 02 03 城市数字化转型背景下重点行业关键核心技术攻关 1,717,135.00 1,717,135.00",
        "206 02 04 其他科学技术支出第11项 5,169,841.00 5,169,841.00",
        "206 02 05 科学技术普及 100.00 100.00"]
    assert plain._in_order(region)
    # a table printed cell by cell: a 款's figures before its code stay alone
    scattered = [(1, 0, "38,072,166.00"), (2, 0, "38,072,166.00"), (3, 0, "206 03"),
                 (4, 0, "科技创新服务专项第3款"), *region]
    assert not plain._in_order(scattered)
