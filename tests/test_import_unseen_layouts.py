"""Shapes met reading books the reader was not made on (the 市级 books of tests/data/unseen,
printed by LibreOffice and copied as text): a number a word processor set apart inside a name
("专项第 1 款"), a name that wrapped in its cell with the figures beside its last line, and an
empty table on the page after a full one."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.pipeline import publish, validate
from generator.source.importers import published
from generator.source.importers.book import pages, plain, structure, tables
from tests.helpers import TESTDATA
from tests.shelf import Shelf
from tests.test_import_corpus import _corpus

HEADER = ("编制单位：121018\n上海市某某委员会某某服务中心（上海市某某发展服务中心）\n项目\n"
          "功能分类科目名称 合计 基本支出 项目支出\n单位：元\n")


def _lines(text: str) -> list[tuple[int, int, str]]:
    return [(n, 0, t) for n, t in enumerate(text.split("\n"), start=1)]


def test_a_number_set_apart_inside_a_name_is_part_of_it() -> None:
    assert pages.joined_numbers("206 01 科技创新服务专项第 1 款 46,574,050.00 46,574,050.00") == \
        "206 01 科技创新服务专项第1款 46,574,050.00 46,574,050.00"
    assert pages.joined_numbers("其他科学技术支出第 39 项”科目 448.62 万元") == \
        "其他科学技术支出第39项”科目 448.62 万元"
    # a space on one side only (the other taken out by the reader, or never set)
    assert pages.joined_numbers("科技创新服务专项第1 款") == "科技创新服务专项第1款"
    # text laid out by position: the columns after the name stay where they were
    line = "206   01   科技创新服务专项第 1 款资金        46,574,050.00"
    joined = pages.joined_numbers(line, keep_columns=True)
    assert joined == "206   01   科技创新服务专项第1款资金          46,574,050.00"
    assert joined.index("46,574,050.00") == line.index("46,574,050.00")
    assert pages.joined_numbers("人员经费 800 项目支出 200") == "人员经费 800 项目支出 200"
    # a figure between a name and the next label is a figure, not part of a name
    assert pages.joined_numbers("一、财政拨款收入 500 一、科学技术支出 500") == \
        "一、财政拨款收入 500 一、科学技术支出 500"


def test_a_wrapped_name_with_the_figures_beside_its_last_line_is_one_row() -> None:
    lines = _lines("206 01 01\n面向长三角区域一体化发展的科技创新资源开\n"
                   "放共享与协同服务平台运行维护支出 7,372,985.00 6,265,345.00 1,107,640.00\n"
                   "206 01 02 科技奖励 5,555,697.00 4,980,389.00 575,308.00\n"
                   "206 01 03\n某某事务\n合计 12,928,682.00 11,245,734.00 1,682,948.00")
    assert [t for _, _, t in plain.rejoin_rows(lines)] == [
        "206 01 01 面向长三角区域一体化发展的科技创新资源开放共享与协同服务平台运行维护支出 "
        "7,372,985.00 6,265,345.00 1,107,640.00",
        "206 01 02 科技奖励 5,555,697.00 4,980,389.00 575,308.00",
        "206 01 03 某某事务",  # a blank row: the 合计 after it keeps its own line
        "合计 12,928,682.00 11,245,734.00 1,682,948.00"]
    # a line of words and figures that is not the name's end stays whole, and is not doubled
    lines = _lines("206 01 04\n某某事务\n服务支出 见附表 1,000.00")
    assert [t for _, _, t in plain.rejoin_rows(lines)] == ["206 01 04 某某事务",
                                                           "服务支出 见附表 1,000.00"]


def test_an_empty_table_overleaf_does_not_take_the_rows_before_it() -> None:
    """表6 without data on the page after 表5; 单位：元 printed under 表5's header cells (a long
    unit name wrapped): 表6's title, with nothing under it on its page, once went up above
    that line and took 表5's rows."""
    text = ("2025年预算单位一般公共预算支出功能分类预算表\n" + HEADER
            + "206 科学技术支出 1,544,500.00 1,544,500.00\n"
              "20699 其他科学技术支出 1,544,500.00 1,544,500.00\n"
              "2069999 其他科学技术支出 1,544,500.00 1,544,500.00\n"
              "合计 1,544,500.00 1,544,500.00\n— 11 —\n"
              "\f2025年预算单位政府性基金预算支出功能分类预算表\n" + HEADER
            + "合计\n注：本单位2025年度没有政府性基金预算拨款收入，也没有使用政府性基金预算拨款安排的支出，"
              "故本表无数据。\n— 12 —\n")
    read = tables.read_tables(structure.split(pages.from_text(text)).tables)
    total = read["表5"].row("合计")
    assert total is not None and total.amounts["合计"] == Decimal("1544500.00")
    assert [r.key for r in read["表5"].rows] == ["206", "20699", "2069999", "合计"]
    assert not [r for r in read["表6"].rows if r.amounts]


def test_a_row_broken_across_the_page_gets_the_rest_of_its_name(tmp_path: Path) -> None:
    """A word processor lets a table row break across a page: the rest of its name cell
    stands overleaf, under the repeated header, before the next row. It ends the row's name
    unless that name is already the catalog's whole name (then it begins the next row's)."""
    head = "功能分类科目编码\t功能分类科目名称\t合计\t财政拨款收入\n"
    text = ("2025年预算单位收入预算总表\n编制单位：121018 上海市某某服务中心\n单位：元\n" + head
            + "210\t卫生健康支出\t300.00\t300.00\n210 11\t行政事业单位医疗\t300.00\t300.00\n"
              "210 11 01\t面向长三角区域一体化发\t100.00\t100.00\n— 10 —\n"
              "\f表2 收入预算总表（续）\n" + head + "展的科技创新资源开放共享服务支出\n"
              "210 11 02\t事业单位医疗\t200.00\t200.00\n合计\t300.00\t300.00\n")
    read = tables.read_tables(structure.split(pages.from_text(text)).tables)
    rows = {r.key: r for r in read["表2"].rows}
    assert len(read["表2"].rows) == 5 and rows["2101102"].name == "事业单位医疗"
    assert rows["2101101"].overleaf == "展的科技创新资源开放共享服务支出"
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    lines = {line["科目"]: line for line in published.read(path).data["支出明细"]}  # type: ignore[union-attr]
    assert lines["2101101"]["名称"] == "面向长三角区域一体化发展的科技创新资源开放共享服务支出"
    # the catalog's whole name (2101101 行政单位医疗) is complete: the text overleaf is not its
    whole = text.replace("面向长三角区域一体化发", "行政单位医疗")
    path.write_text(whole, encoding="utf-8")
    lines = {line["科目"]: line for line in published.read(path).data["支出明细"]}  # type: ignore[union-attr]
    assert "名称" not in lines["2101101"]  # the catalog's name, printed from the catalog


@pytest.mark.pdf
def test_libreoffices_pdf_of_the_forty_item_book_comes_back_by_every_route(
        shelf: Shelf, tmp_path: Path) -> None:
    """The 市级 book of 40 long-named 项 (tests/data/unseen), as LibreOffice prints its Word
    edition (from the run's shelf, which the Word page checks convert): every printed row of
    表1–表9 comes back read from the PDF, from its `-raw` and `-layout` text, as tab text and as
    Chrome's copy (PDFium). Before the fixes above: 169, 112, 112, 124 and 22 of 169."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    source = TESTDATA / "unseen" / "shi-kejifuwu-2025.yaml"
    built = shelf.books([source])
    shelf.word_pdfs(built.values(), soffice)
    pdf = built[source.stem].word_pdf
    corpus = _corpus()
    layout = corpus._pdftotext(pdf, tmp_path / "layout.txt", "-layout")
    tabbed = tmp_path / "tabbed.txt"
    tabbed.write_text(corpus.tabbed(layout.read_text(encoding="utf-8")), encoding="utf-8")
    sources = {"pdf": pdf, "raw": corpus._pdftotext(pdf, tmp_path / "raw.txt", "-raw"),
               "layout": layout, "tabbed": tabbed,
               "pdfium": corpus._pdfium_text(pdf, tmp_path / "pdfium.txt")}
    original = publish(validate(str(source)))
    found = {}
    for route, path in sources.items():
        again, _ = corpus.rebuilt(path, tmp_path)
        score = corpus.score(original, again)
        found[route] = (score.rows, score.totals)
    assert found == {route: (169, 9) for route in sources}


def test_a_letter_spaced_toc_heading_under_a_wrapped_unit_name_is_not_the_names() -> None:
    """Plain pdftotext of a cover: the unit's name wrapped onto a second line, then 目录 set
    letter by letter, its characters on lines of their own (or run on into the name)."""
    from generator.source.importers.book import narrative
    lines = ["上海市2025年市级单位预算", "预算单位：上海市某某中心（上海市某某发", "展服务中心）", "目", "录"]
    blocks = [pages.Block(1, n, t) for n, t in enumerate(lines, start=1)]
    assert narrative.cover(blocks)["名称"] == "上海市某某中心（上海市某某发展服务中心）"
    blocks = [pages.Block(1, 1, lines[0]), pages.Block(1, 2, "".join(lines[1:]))]
    assert narrative.cover(blocks)["名称"] == "上海市某某中心（上海市某某发展服务中心）"


def test_assets_and_the_units_nature_come_back_from_the_book() -> None:
    """其他相关情况说明 states the vehicles by use, the large equipment and, for a 事业单位 without
    机关运行经费, the unit's nature: all three go back into the data file."""
    from generator.source.importers.book import narrative
    texts = ["数字化转型促进中心为事业单位，2025年度无机关运行经费预算。",
             "截至2024年12月31日，数字化转型促进中心共有车辆1辆，其中：部级领导干部用车0辆、"
             "主要领导干部用车0辆、其他用车1辆；单价100万元（含）以上设备（不含车辆）2台（套）。",
             "2025年本单位预算安排购置车辆0辆，其中：执法执勤用车0辆；本单位预算安排购置单价100万元（含）"
             "以上设备（不含车辆）3台（套）。"]
    other = narrative.other([pages.Block(1, n, t) for n, t in enumerate(texts, start=1)])
    assert (other["nature"], other["vehicles"], other["equipment"]) == ("事业单位", {"其他用车": 1}, 2)
    assert (other["planned_vehicles"], other["planned_equipment"]) == ({}, 3)
    department = narrative.other([pages.Block(1, 1, "本部门所属单位均为事业单位，2025年度无机关运行经费预算。")])
    assert "nature" not in department


def test_a_subject_named_like_its_kuan_is_matched_at_the_level_of_the_others() -> None:
    """“其他科学技术支出”科目: the name of the 款 20699 and of its one 项 2069999. The other
    items are 项, so this one is too."""
    from generator.source.importers.book import assemble
    table = tables.Table("表3")
    table.rows = [tables.Row(code, name, {}, 1, n) for n, (code, name) in enumerate(
        [("206", "科学技术支出"), ("20699", "其他科学技术支出"), ("2069999", "其他科学技术支出"),
         ("215", "资源勘探工业信息等支出"), ("21505", "工业和信息产业监管"), ("2150501", "行政运行")])]
    explanation = {"uses": [("行政运行", None, "日常运转", None), ("其他科学技术支出", None, "场景征集", None)]}
    assert assemble.uses(explanation, {"表3": table}) == ({"2150501": "日常运转", "2069999": "场景征集"}, "项")


def test_a_list_of_documents_a_line_each_stays_a_list_in_text_without_places() -> None:
    text = "（二）立项依据\n《上海市促进城市数字化转型的若干政策措施》\n《上海市制造业数字化转型实施方案》\n"
    blocks = plain.from_plain(text, structure.is_heading)
    assert [b.text for b in blocks][-2:] == ["《上海市促进城市数字化转型的若干政策措施》",
                                            "《上海市制造业数字化转型实施方案》"]


def test_a_unit_wrapped_inside_its_word_and_a_doubled_list_number_are_read() -> None:
    """Writer/Web's PDF of the HTML edition: the caption's 编制部门 line wraps inside "单位：万元"
    ("…单位：万" / "元"), and each list item carries LibreOffice's number before its own
    ("1. 1.“行政运行”科目…")."""
    assert _table9_unit("编制部门：上海市某某局单位：万\n                      元") == "万元"
    blocks = structure.split(pages.from_text(
        "四、部门预算编制说明\n\n财政拨款支出主要内容如下：\n\n"
        "  9. 9.“行政运行”科目 1,182.45 万元，主要用于基本运行\n     支出。\n"
        "  10.10.“事业运行”科目 100.00 万元，主要用于事业运行\n     支出。\n\n五、部门预算表\n")).sections
    assert [b.text for b in blocks["explanation"]] == ["财政拨款支出主要内容如下：",
                                                       "9.“行政运行”科目1,182.45万元，主要用于基本运行支出。",
                                                       "10.“事业运行”科目100.00万元，主要用于事业运行支出。"]


def test_the_unit_at_the_end_of_a_wrapped_compiler_line_is_the_tables() -> None:
    """The 编制单位 line of a long name wraps; its second line ends with 单位：万元."""
    assert _table9_unit("编制单位：152031 上海市某某委员会某某促进中心（上海市某某\n"
                        "          化转型促进中心（上海市工业互联网创新中心）单位：万元") == "万元"


def _table9_unit(caption: str) -> str:
    """The unit 表9 is read in, under a caption whose 编制单位 line ends as ``caption``."""
    text = ("部门“三公”经费和机关运行经费预算表\n表 9 “三公”经费和机关运行经费预算表" + caption + "\n"
            "合计 因公出国（境）费 公务接待费 小计 购置费 运行费 机关运行经费预算数\n1.50      1.50\n")
    return tables.read_tables(structure.split(pages.from_text(text)).tables)["表9"].unit
