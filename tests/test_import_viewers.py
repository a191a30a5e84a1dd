"""What a PDF viewer copies when an officer selects all (issue 15): pdf.js (Firefox and most web
viewers) and PDFium (Chrome, Edge), copied from our PDF writer's book and from LibreOffice's
prints of our workbook and HTML edition (tests/data/viewers/README.md says how each was made).
Each must give back every printed row of 表1–表9 and every total; CI has no node, so the pdf.js
copies are read as committed, and PDFium's copy of our own PDF is also made here."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import publish, validate
from generator.publication.model import Publication
from generator.source.importers.book import pages, plain, structure
from tests.helpers import ROOT, body_grid
from tests.shelf import Shelf
from tests.test_import_corpus import corpus

VIEWERS = ROOT / "tests" / "data" / "viewers"
BOOKS = {"yangpu-yibao-2024": ROOT / "data" / "yangpu-yibao-2024.yaml",
         "putuo-wenhuaguan-2025": ROOT / "tests" / "data" / "shapes" / "putuo-wenhuaguan-2025.yaml",
         "pudong-yibao-2025": ROOT / "tests" / "data" / "shapes" / "pudong-yibao-2025.yaml"}


def _book(name: str) -> Publication:
    result = validate(str(BOOKS[name]))
    assert result.book is not None
    return publish(result)


def _rows(pub: Publication, table_id: str) -> list[tuple[str, ...]]:
    return [tuple(row) for row in body_grid(pub.tables[table_id])]


# (copy text, printed rows, printed totals, rows the book must print again, cell for cell)
COPIES = {
    "yangpu-yibao-2024.pdfjs.txt": (112, 9, [
        ("表1", ("收入总计", "194,164,261", "支出总计", "194,164,261")),
        ("表8", ("合计", "", "", "17,882,601", "12,964,376", "4,918,225")),
        ("表9", ("0.90", "", "0.90", "", "", "", "491.82"))]),
    # Calc draws the title, 编制部门 and the 1、2、3、 labels of 表1 after each sheet's grid
    "yangpu-yibao-2024.calc.pdfjs.txt": (112, 9, [
        ("表1", ("1、一般公共预算资金", "194,164,261", "二、卫生健康支出", "189,626,193")),
        ("表2", ("合计", "", "", "", "194,164,261", "194,164,261", "", "", "")),
        ("表8", ("301", "", "工资福利支出", "12,666,716", "12,666,716", "")),
        ("表8", ("合计", "", "", "17,882,601", "12,964,376", "4,918,225"))]),
    "yangpu-yibao-2024.calc.pdfium.txt": (112, 9, [
        ("表3", ("合计", "", "", "", "194,164,261", "17,882,601", "176,281,660")),
        ("表8", ("310", "02", "办公设备购置", "49,756", "", "49,756"))]),
    # Writer/Web: names wrapped and spread into words, 表1's labels wrapped across a page break
    "putuo-wenhuaguan-2025.html.pdfjs.txt": (133, 9, [
        ("表1", ("四、其他收入", "35,000.00", "七、社会保障和就业支出", "876,477.60", "876,477.60",
                "", "")),
        ("表2", ("207", "", "", "文化旅游体育与传媒支出", "7,246,295.20", "6,604,795.20",
                "606,500.00", "", "35,000.00")),
        ("表2", ("207", "07", "99", "其他国家电影事业发展专项资金支出", "60,000.00", "60,000.00",
                "", "", ""))]),
    "pudong-yibao-2025.html.pdfium.txt": (142, 9, [
        ("表1", ("收入总计", "2,965,366,143.33", "支出总计", "2,965,366,143.33", "24,155,032.33",
                "2,345,678.90", "2,938,865,432.10")),
        ("表2", ("210", "12", "", "财政对基本医疗保险基金的补助", "2,731,265,432.10",
                "2,731,265,432.10", "", "", "")),
        ("表2", ("208", "05", "05", "机关事业单位基本养老保险缴费支出", "2,437,530.86",
                "2,437,530.86", "", "", ""))]),
}


@pytest.mark.parametrize("copy", sorted(COPIES))
def test_a_viewers_copy_gives_back_every_row_and_total(copy: str, tmp_path: Path) -> None:
    printed_rows, printed_totals, expected = COPIES[copy]
    source = VIEWERS / copy
    old = _book(copy.split(".")[0])
    new, _ = corpus.rebuilt(source, tmp_path)
    assert new is not None
    result = corpus.score(old, new)
    assert (result.printed_rows, result.printed_totals) == (printed_rows, printed_totals)
    assert (result.rows, result.totals) == (printed_rows, printed_totals)
    for table_id, row in expected:
        assert row in _rows(old, table_id), (table_id, row)  # the book prints it so
        assert row in _rows(new, table_id), (table_id, row)


@pytest.mark.pdf
def test_pdfium_copy_of_our_pdf_gives_back_the_book(tmp_path: Path, shelf: Shelf) -> None:
    """Chrome's copy of the book our PDF writer prints, made here (PDFium is installed with the
    project): every row and total of yangpu, the tables' figures where they stood."""
    pdf = shelf.book(BOOKS["yangpu-yibao-2024"]).pdf  # the run's shelf: build's PDF
    copy = tmp_path / "book.pdfium.txt"
    copy.write_text(corpus.pdfium_copy(pdf), encoding="utf-8")
    text = copy.read_text(encoding="utf-8")
    assert "\f" not in text and "\r" not in text
    assert "收入总计 194,164,261 支出总计 194,164,261" in text
    new, _ = corpus.rebuilt(copy, tmp_path)
    result = corpus.score(_book("yangpu-yibao-2024"), new)
    assert (result.rows, result.printed_rows, result.totals, result.printed_totals) == \
        (112, 112, 9, 9)
    assert new is not None
    assert ("210", "15", "01", "行政运行", "20,692,468", "20,692,468", "", "", "") in \
        _rows(new, "表2")


def _blocks(text: str) -> list[pages.Block]:
    return pages.from_text(text)


def test_a_title_drawn_after_its_rows_goes_back_above_them() -> None:
    """Content-stream order (Calc: the merged title cell after the grid): the title goes above
    the page's 编制部门 line; a title with its rows under it stays; a page's end bounds both."""
    text = "\n".join([
        "第 1 页，共 2 页", "编制部门：某局 单位：元", "项目 收入预算",
        "208 社会保障和就业支出 1,778,860 1,778,860", "合计 1,778,860 1,778,860",
        "2024年部门收入预算总表", "第 2 页，共 2 页",
        "2024年部门支出预算总表", "编制部门：某局 单位：元",
        "208 社会保障和就业支出 1,778,860 1,778,860", "合计 1,778,860 1,778,860"])
    parts = structure.split(_blocks(text))
    assert [b.text for b in parts.tables["表2"]][:2] == ["编制部门：某局 单位：元", "项目 收入预算"]
    assert [b.text for b in parts.tables["表2"] if b.is_row] == [
        "208 社会保障和就业支出 1,778,860 1,778,860", "合计 1,778,860 1,778,860"]
    assert [b.text for b in parts.tables["表3"]] == [
        "编制部门：某局 单位：元", "208 社会保障和就业支出 1,778,860 1,778,860",
        "合计 1,778,860 1,778,860"]


def test_a_title_over_the_previous_tables_rows_is_left_where_it_is() -> None:
    """A title whose own rows follow (the normal order) is not moved over the rows of the table
    before it, nor over that table's 编制部门 line."""
    blocks = _blocks("\n".join([
        "2024年部门收入预算总表", "编制部门：某局 单位：元",
        "208 社会保障和就业支出 1,778,860 1,778,860", "合计 1,778,860 1,778,860",
        "2024年部门支出预算总表", "208 社会保障和就业支出 1,778,860 1,778,860"]))
    assert structure.titles_to_their_tables(blocks) == blocks


def test_a_coded_name_spread_into_words_is_one_word() -> None:
    assert plain.coded_name("208 05 05 机关 事业 单位 基本 养老") == "208 05 05 机关事业单位基本养老"
    assert plain.coded_name("208 05 行政事业单位养老支出 1,778,860") == \
        "208 05 行政事业单位养老支出 1,778,860"
    assert plain.coded_name("二、事业收入 五、科学技术支出") == "二、事业收入 五、科学技术支出"


def test_a_wrapped_coded_name_and_its_figures_make_one_row() -> None:
    blocks = [b for b in _blocks("\n".join([
        "2025年预算单位收入预算总表", "210 12 财政对基本医疗保险",
        "基金的补助 2,731,265,432.10 2,731,265,432.10", "208 05 行政事业单位养老支", "出",
        "3,656,296.29 3,656,296.29", "208 05 01 行政单位离退休",
        "合计 2,734,921,728.39 2,734,921,728.39"])) if b.is_row]
    assert [b.text for b in blocks] == [
        "210 12 财政对基本医疗保险基金的补助 2,731,265,432.10 2,731,265,432.10",
        "208 05 行政事业单位养老支出 3,656,296.29 3,656,296.29",
        "208 05 01 行政单位离退休", "合计 2,734,921,728.39 2,734,921,728.39"]


def test_a_label_wrapped_onto_the_line_of_its_figure_is_whole_again() -> None:
    """表1 in narrow cells: "四、其他收" / "入 35,000.00 七、社会保障" / "和就业支出 …" — the
    income label whole with its figure, the expense label whole with its figures."""
    rows = [b.text for b in _blocks("\n".join([
        "2025年预算单位财务收支预算总表", "四 、 其 他 收", "入 35,000.00 七 、 社 会 保 障",
        "和就业支出 876,477.60 876,477.60"])) if b.is_row]
    assert rows == ["四、其他收入 35,000.00", "七、社会保障和就业支出 876,477.60 876,477.60"]
