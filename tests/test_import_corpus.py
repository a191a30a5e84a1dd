"""A slice of the import corpus (benchmarks/import_corpus.py): one example printed by our PDF
writer, read back by the routes that lose column positions or blank cells, must give back its
printed rows and every total. Plus the pieces those routes rely on, on small made-up texts."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import ModuleType

import pytest

from generator.pipeline import validate
from generator.source.emit import dump_yaml
from generator.source.importers import published
from generator.source.importers.book import pages, structure, tables
from tests.helpers import EXAMPLES, ROOT, publication
from tests.shelf import Shelf


def _corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_corpus",
                                                  ROOT / "benchmarks" / "import_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_corpus"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


corpus = _corpus()


@pytest.fixture(scope="module")
def routes(tmp_path_factory: pytest.TempPathFactory, shelf: Shelf) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpus")
    pdf = folder / "book.pdf"
    shutil.copy(shelf.book(EXAMPLES["000"]).pdf, pdf)  # the run's shelf: build's PDF of 000
    raw = folder / "raw.txt"
    subprocess.run(["pdftotext", "-raw", str(pdf), str(raw)], check=True)
    layout = folder / "layout.txt"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(layout)], check=True)
    tabbed = corpus.tabbed(layout.read_text(encoding="utf-8"))
    plain = folder / "plain.txt"
    subprocess.run(["pdftotext", str(pdf), str(plain)], check=True)
    out = {"raw": raw, "plumber": corpus._plumber_text(pdf, folder / "plumber.txt"),
           "plain": plain}
    for name, text in (("tabbed", tabbed), ("official", corpus.official_codes(tabbed)),
                       ("tables-only", corpus.tables_only(raw.read_text(encoding="utf-8")))):
        out[name] = folder / f"{name}.txt"
        out[name].write_text(text, encoding="utf-8")
    return out


@pytest.mark.pdf
@pytest.mark.parametrize("route", ["raw", "plumber", "tabbed", "official", "tables-only"])
def test_route_gives_back_the_rows_and_every_total(route: str, routes: dict[str, Path],
                                                   tmp_path: Path) -> None:
    result = corpus.measure(publication("000"), routes[route], 17, tmp_path)
    assert result.printed_rows > 150
    assert result.rows / result.printed_rows >= 0.98, (result.rows, result.printed_rows)
    assert result.totals == result.printed_totals


@pytest.mark.pdf
def test_plain_pdftotext_gives_back_the_tables_printed_cell_by_cell(
        routes: dict[str, Path], tmp_path: Path) -> None:
    """Plain ``pdftotext`` prints the tables cell by cell (scattered.py rebuilds the rows).
    Every total comes back; of 157 rows, 表8's 办公费 and 差旅费 may trade figures with two
    blank 项 of 302: the text orders their cells no better than the sums do."""
    result = corpus.measure(publication("000"), routes["plain"], 17, tmp_path)
    assert result.printed_rows == 157
    assert result.rows >= 153, result.rows
    assert result.totals == result.printed_totals == 9


@pytest.mark.pdf
def test_plain_pdftotext_rows_it_cannot_tell_apart_are_reported(routes: dict[str, Path]) -> None:
    """The two rows of 表8 that took 办公费's and 差旅费's figures are each reported at their line:
    the figures were printed in a run after 302's total, apart from every name."""
    imported = published.read(routes["plain"])
    doubts = [f for f in imported.findings if f.code == "import.row-uncertain"]
    assert [f.place for f in doubts] == ["30213", "30214"]
    assert doubts[0].message.startswith("表8 30213 维修（护）费：这一行的数（81,360.00、81,360.00）")
    assert "30201 办公费" in doubts[0].message
    lines = routes["plain"].read_text(encoding="utf-8").split("\n")
    assert lines[doubts[0].locations[0].line - 1].strip() == "302"  # the row's code, as printed


def _in_wan(text: str) -> str:
    """The book's text with 表1–表8 printed in 万元, as many bureaus print them: every figure
    rounded to 0.01 万元 on its own, totals included (表9 is in 万元 already)."""
    start = re.search(r"^.*财务收支预算总表\s*$", text, re.MULTILINE)
    end = re.search(r"^.*“三公”经费和机关运行经费预算表\s*$", text[start.end():], re.MULTILINE)
    assert start and end
    body = text[start.start():start.end() + end.start()]

    def wan(match: re.Match[str]) -> str:
        value = Decimal(match[0].replace(",", "")) / 10000
        return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"

    body = re.sub(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d万%])", wan,
                  body.replace("单位：元", "单位：万元"))
    return text[:start.start()] + body + text[start.end() + end.start():]


@pytest.mark.pdf
def test_a_wan_book_read_from_its_text_states_its_rounded_totals(routes: dict[str, Path],
                                                                 tmp_path: Path) -> None:
    """A 万元 book read from text (the PDF route goes through the same ``printed_totals``): its
    figures come back in 元, exact to 100 元; a total printed 0.01 万元 off the sum of its rows
    is 印刷合计 under 印刷单位 万元, and the data file validates."""
    source = tmp_path / "万元.txt"
    source.write_text(_in_wan(routes["raw"].read_text(encoding="utf-8")), encoding="utf-8")
    imported = published.read(source)
    assert imported.data["选项"]["印刷单位"] == "万元"
    stated = imported.data["印刷合计"]
    # 表8's 302 prints 26.58 万元 (its eight lines add up to 26.59) and 22.22 公用经费
    assert stated["302"] == {"一般公共预算基本支出": Decimal("265800.00"),
                             "一般公共预算公用经费": Decimal("222200.00")}
    assert stated["合计"]["一般公共预算基本支出"] == Decimal("4325400.00")
    assert all(line.get("项目支出", Decimal(0)) % 100 == 0 for line in imported.data["支出明细"])
    target = tmp_path / "万元.yaml"
    target.write_text(dump_yaml(imported.data), encoding="utf-8")
    result = validate(str(target))
    assert [f.render() for f in result.findings if f.severity.name == "ERROR"] == []
    notices = [f for f in result.findings if f.code == "printed.total"]
    assert notices and all(f.severity.name == "NOTICE" for f in notices)


# ---- text without positions ----------------------------------------------------------------------

PLAIN = """2030年预算单位支出预算总表
编制单位：123456 上海市某某区某某中心（本级）
单位：元
功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出
210 卫生健康支出 1,300.00 1,000.00 300.00
210 11 行政事业单位医疗 1,000.00 1,000.00
210 11 01 行政单位医疗 1,000.00 1,000.00
210 15 医疗保障管理事务 300.00 300.00
210 15 02 一般行政管理事务 300.00 300.00
1,300.00 1,000.00 300.00合计
"""


def test_plain_text_rows_are_placed_by_the_sums() -> None:
    parts = structure.split(pages.from_text(PLAIN))
    table = tables.read_tables(parts.tables)["表3"]
    got = {r.key: (r.amounts.get("基本支出"), r.amounts.get("项目支出")) for r in table.rows}
    assert got["21011"] == (Decimal("1000.00"), None)
    assert got["2101502"] == (None, Decimal("300.00"))  # its 款 is all 项目支出
    assert got["合计"] == (Decimal("1000.00"), Decimal("300.00"))  # label after its figures


def test_split_code_columns_give_full_codes() -> None:
    text = PLAIN.replace("210 11 01 ", "\t\t01\t").replace("210 11 ", "\t11\t\t")
    text = "\n".join(line.replace(" ", "\t") if line[:1] in "2\t1" else line
                     for line in text.split("\n"))
    parts = structure.split(pages.from_text(text))
    keys = [r.key for r in tables.read_tables(parts.tables)["表3"].rows]
    assert keys[:3] == ["210", "21011", "2101101"]


def test_typesetting_gap_does_not_make_a_row() -> None:
    text = "  一、主要职能\n\n   5.“行政运行”科目 284.25 万元，主要用于人员经费。\n" \
           "功能分类      合计\n"
    blocks = pages.from_text(text)
    assert [b.is_row for b in blocks][:2] == [False, False]
    assert "284.25万元" in blocks[1].text


def test_a_file_that_is_not_a_book_is_refused(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("这是一封普通的信。\n今天天气很好，共 3 个人参加。\n", encoding="utf-8")
    imported = published.read(letter)
    assert not imported.recognised
    assert imported.data == {}
    assert [f.code for f in imported.findings] == ["import.not-a-book"]


def test_rows_printed_before_their_title_belong_to_the_table() -> None:
    lines = PLAIN.strip().split("\n")
    text = "\n".join(lines[4:] + lines[:4])  # the title and header under the rows
    table = tables.read_tables(structure.split(pages.from_text(text)).tables)["表3"]
    assert [r.key for r in table.rows] == ["210", "21011", "2101101", "21015", "2101502", "合计"]
    assert table.row("合计").amounts["项目支出"] == Decimal("300.00")  # type: ignore[union-attr]


def test_three_public_figures_before_their_header() -> None:
    text = ("                2030年“三公”经费和机关运行经费预算表\n"
            "编制单位：123456   上海市某某区某某中心（本级）            单位：万元\n"
            "   1.50      0.50      0.40      0.60     0.00     0.60     12.00\n"
            "   合计   因公出国(境)费  公务接待费   小计    购置费    运行费   机关运行经费\n")
    [row] = tables.read_tables(structure.split(pages.from_text(text)).tables)["表9"].rows
    assert row.amounts["公务接待费"] == Decimal("0.40")
    assert row.amounts["机关运行经费预算数"] == Decimal("12.00")
