"""Table layout (generator/writers/layout.py): figures fit their columns at the table's size,
headers break between words only, font size steps down and then the table goes landscape."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from generator.display import amount_cell
from generator.pipeline import publish, validate
from generator.publication.model import Publication, Table
from generator.writers import docx_layout, html
from generator.writers.layout import (
    FLOOR,
    INDENT_EM,
    KEEP,
    LANDSCAPE,
    NAME_EM,
    PAD,
    PORTRAIT,
    SIZE,
    TEXT_MIN_EM,
    TWO_LINES,
    header_words,
    layout,
    minimum_widths,
    placed_cells,
    text_width,
)
from tests.helpers import publication
from tests.shelf import Shelf
from tests.stress import STANDARD, stress_file


@cache
def stress(name: str) -> Publication:
    result = validate(str(stress_file(name)))
    assert result.ok, [str(f) for f in result.findings]
    return publish(result)


def books() -> list[tuple[str, Publication]]:
    return [(k, publication(k)) for k in ("000", "001", "004")] + [
        (name, stress(name)) for name in STANDARD]


@pytest.mark.parametrize("text,words", [
    ("功能分类科目编码", ["功能分类", "科目", "编码"]),
    ("事业单位经营收入", ["事业单位", "经营", "收入"]),
    ("2025年“三公”经费预算数", ["2025年", "“三公”", "经费", "预算数"]),
    ("因公出国（境）费", ["因公", "出国（境）费"]),
    ("因公出国(境)费", ["因公", "出国(境)费"]),
    ("预算资金", ["预算", "资金"]),
    # Text it does not know is never broken, nor is the known word next to it.
    ("拨付资金余额", ["拨付资金余额"]),
    # The labels of a 申报表 break like headers.
    ("年度资金申请总额", ["年度", "资金", "申请", "总额"]),
    ("其中：当年财政拨款", ["其中：", "当年", "财政拨款"]),
    ("上年结转资金", ["上年", "结转", "资金"]),
    ("类", ["类"]),
])
def test_headers_break_between_words_only(text: str, words: list[str]) -> None:
    assert header_words(text) == words


def test_header_cells_are_unbreakable_words_with_break_points_between() -> None:
    page = html.render(publication("000"))
    assert ('<span class="w">功能分类</span><wbr><span class="w">科目</span><wbr>'
            '<span class="w">编码</span>') in page
    assert "科目编码</span>" not in page


def test_every_figure_fits_its_column_at_the_table_size() -> None:
    checked = 0
    for name, pub in books():
        for table in pub.tables.values():
            lay = layout(table)
            page = LANDSCAPE if lay.landscape else PORTRAIT
            assert sum(lay.widths) == pytest.approx(page), (name, table.id)
            need = minimum_widths(table, lay.size)
            assert all(w >= n - 1e-6 for w, n in zip(lay.widths, need, strict=True)), (name, table.id)
            for row in table.rows:
                col = 0
                for cell in row.cells:
                    if cell.is_amount and cell.colspan == 1 and col < table.column_count:
                        shown = amount_cell(cell.amount, table.unit, table.decimals, table.blank_zero)
                        assert text_width(shown, lay.size) + PAD <= lay.widths[col] + 1e-6
                        checked += 1
                    col += cell.colspan
    assert checked > 1000


def test_a_thirteen_digit_book_steps_down_or_turns_landscape() -> None:
    tables = stress("stress-thirteen-digits").tables
    widest = max((amount_cell(c.amount, t.unit, t.decimals, t.blank_zero)
                  for t in tables.values() for r in t.rows for c in r.cells if c.is_amount), key=len)
    assert len(widest.split(".")[0].replace(",", "")) == 13
    lay = {tid: layout(t) for tid, t in tables.items()}
    # 表1 cannot hold six 13-digit columns on a portrait page: landscape, as large as fits.
    assert lay["表1"].landscape and lay["表1"].size >= FLOOR
    # 表4 fits its figures upright, but not its names (a 科目名称 of 12 characters on one
    # line, 14 on two): it steps down to the floor, then turns rather than squeeze them.
    assert lay["表4"].landscape


def test_a_table_too_wide_even_landscape_at_the_floor_gets_smaller_still() -> None:
    base = publication("000").tables["表3"]
    huge = Decimal("9999999999999.99")
    rows = tuple(dataclasses.replace(r, cells=tuple(
        dataclasses.replace(c, amount=huge) if c.is_amount else c for c in r.cells))
        for r in base.rows)
    wider = dataclasses.replace(base, rows=rows, column_widths=base.column_widths * 2,
                                header=(), wide=True)
    wider = dataclasses.replace(wider, rows=tuple(
        dataclasses.replace(r, cells=r.cells + r.cells) for r in rows))
    lay = layout(wider)
    assert lay.landscape and lay.size < FLOOR
    assert sum(minimum_widths(wider, lay.size)) <= LANDSCAPE


def test_glyph_widths_match_the_installed_fonts() -> None:
    fonts = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
    if not fonts.exists():
        pytest.skip("Noto CJK fonts not installed (README set-up)")
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_glyph_widths", Path(__file__).resolve().parent.parent / "scripts" / "make_glyph_widths.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from generator.writers.glyph_widths import ASCII

    assert module.widths() == ASCII


def test_table_html_carries_its_size_widths_and_keeps_rows_together() -> None:
    table: Table = publication("000").tables["表3"]
    page = html.render(publication("000"))
    lay = layout(table)
    start = page.index('data-table="表3"')
    chunk = page[start - 300:page.index("</table>", start)]
    assert f"font-size:{lay.size}pt" in chunk
    assert '<div class="table-box">' in chunk
    assert chunk.count('<col style="width:') == table.column_count
    body = chunk.split("<tbody>")[1].split("<tr")[1:]
    keep = ["keep" in row.split(">")[0] for row in body]
    n = len(body)
    levels = [row.level for row in table.rows]
    # three rows at the head and four at the foot stay together, and a 类/款 row with its
    # first child
    assert keep == [0 < i < 3 or i >= n - 3 or (i > 0 and levels[i - 1] in (1, 2)
                                                 and levels[i] > levels[i - 1])
                    for i in range(n)]
    assert sum(keep) > 7


def test_names_keep_their_width_before_figures_are_squeezed() -> None:
    """Every name of up to 12 characters has the width of one line, every longer one at
    least 12 ems: the table stepped down or turned instead (ten-figure 表1 turns). An upright
    table that could keep them only by turning wraps its names to two lines at most instead."""
    checked = wrapped = 0
    for name, pub in books():
        for table in pub.tables.values():
            lay = layout(table)
            for row in placed_cells(table)[len(table.header):]:
                for col, cell in row:
                    if not (cell.is_amount or cell.header) and cell.colspan == 1 and cell.text:
                        line = max(text_width(t, lay.size) for t in cell.text.split("\n"))
                        indent = PAD + INDENT_EM.get(cell.indent, 0.0) * lay.size
                        need = min(line, NAME_EM * lay.size) + indent
                        two = min(line, max(TEXT_MIN_EM * lay.size, line / 2 + lay.size)) + indent
                        if lay.widths[col] < need - 1e-6:
                            assert not lay.landscape and lay.size == SIZE, (name, table.id)
                            assert lay.widths[col] >= two - 1e-6, (name, table.id, cell.text)
                            wrapped += 1
                        checked += 1
    assert checked > 1000 and wrapped > 0
    tables = stress("stress-ten-figures").tables
    assert layout(tables["表1"]).landscape


def test_a_web_address_in_a_form_does_not_reshape_it() -> None:
    """A 申报表 whose 年度总体目标 cites a web address (85 ASCII characters without a space)
    keeps its upright page and column shares: the address is not one unbreakable word as wide
    as 40 ems (the form turned landscape with a 项目类别 column a third of the page, issue 16);
    past 12 ems an ASCII run wraps (book.css: overflow-wrap: anywhere; Word breaks it too)."""
    url = "https://edu.sh.gov.cn/xxgk_zcwj_2024/20240315/0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d.html"
    checked = 0
    for table in publication("001").tables.values():
        if table.header:
            continue
        rows = tuple(dataclasses.replace(row, cells=tuple(
            dataclasses.replace(c, text=f"{c.text}详见{url}。") if len(c.text) > 60 else c
            for c in row.cells)) for row in table.rows)
        if rows == table.rows:
            continue
        cited = dataclasses.replace(table, rows=rows)
        assert (layout(cited).landscape, layout(cited).size) == (False, SIZE), table.id
        # the shape kept: no column more than 5 pt off (a longer text shifts shares a little)
        assert layout(cited).widths == pytest.approx(layout(table).widths, abs=5.0), table.id
        checked += 1
    assert checked >= 5
    # a short run (a figure with its unit, a standard's number) still keeps one line
    cell = dataclasses.replace(publication("001").tables["表2"].rows[0].cells[1],
                               text="ISO9001:2015", is_amount=False)
    need = minimum_widths(dataclasses.replace(publication("001").tables["表2"], rows=(
        dataclasses.replace(publication("001").tables["表2"].rows[0],
                            cells=(publication("001").tables["表2"].rows[0].cells[0], cell,
                                   *publication("001").tables["表2"].rows[0].cells[2:])),)),
        SIZE)
    assert need[1] >= text_width("ISO9001:2015", SIZE) + PAD - 1e-6


def test_a_table_turns_only_when_its_columns_do_not_fit_upright() -> None:
    """songjiang 表1 and 表4 keep their names whole only landscape, where 表1 runs onto a
    second page with five rows, 总计 and its note; upright at 9 pt, with names on two lines,
    they fit, and stay upright. pudong 表1's columns do not fit upright: it turns."""
    songjiang = publish(validate("data/songjiang-yibao-2025.yaml")).tables
    for table_id in ("表1", "表4"):
        lay = layout(songjiang[table_id])
        assert (lay.landscape, lay.size) == (False, SIZE), table_id
        assert sum(minimum_widths(songjiang[table_id], SIZE, names=KEEP)) > PORTRAIT
        assert sum(lay.widths) == pytest.approx(PORTRAIT)
    pudong = publish(validate("tests/data/shapes/pudong-yibao-2025.yaml")).tables
    assert sum(minimum_widths(pudong["表1"], SIZE, names=TWO_LINES)) > PORTRAIT
    assert (layout(pudong["表1"]).landscape, layout(pudong["表1"]).size) == (True, SIZE)


def test_word_widths_are_the_layout_shares_of_the_word_page() -> None:
    """The Word edition reads the same decision: size, orientation and column shares, in
    twips of the reference's text width (which is the PDF's, to half a point)."""
    assert abs(9866 / 20 - PORTRAIT) < 0.5 and abs(14798 / 20 - LANDSCAPE) < 0.5
    for name, pub in books():
        for table in pub.tables.values():
            lay, fit = layout(table), docx_layout.fit(table, 9866, 14798)
            assert (fit.size, fit.landscape) == (lay.size, lay.landscape), (name, table.id)
            assert sum(fit.widths) == (14798 if lay.landscape else 9866)
            for share, width in zip(lay.percents, fit.widths, strict=True):
                assert abs(width - share * sum(fit.widths) / 100) <= len(fit.widths)  # rounding


def test_word_header_cells_break_between_words_where_the_pdf_would(shelf: Shelf) -> None:
    """Word breaks Chinese anywhere; the writer puts the PDF's breaks (between words) in."""
    narrow = round((text_width("年度(/项目)指标", 9) + 6.6) * 20)  # one character short
    assert docx_layout.header_lines("年度(/项目)指标值", narrow, 9) == ["年度(/项目)", "指标值"]
    assert docx_layout.header_lines("年度(/项目)指标值", narrow + 200, 9) == ["年度(/项目)指标值"]
    assert docx_layout.header_lines("功能分类科目编码", 1000, 9) == ["功能分类", "科目编码"]
    data = shelf.book(stress_file("stress-thirteen-digits")).docx.read_bytes()  # build's .docx
    assert "<w:t xml:space=\"preserve\">年度(/项目)</w:t><w:br/><w:t xml:space=\"preserve\">指标值" \
        in _document(data)


def _document(data: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")
