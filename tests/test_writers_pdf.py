"""The PDF edition (WeasyPrint): every figure present, CJK fonts embedded, A4, 目录 with real
page numbers, bookmarks, landscape pages for wide tables."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.build import build
from generator.display import amount_cell, fact_text
from generator.writers import WRITERS
from tests.helpers import EXAMPLES, publication, validated
from tests.shelf import Shelf

pytestmark = pytest.mark.pdf



@pytest.fixture(scope="module")
def pdfs(shelf: Shelf) -> dict[str, Path]:
    """The examples' PDFs, from the run's shelf (tests/shelf.py)."""
    built = shelf.books(EXAMPLES.values())
    return {key: built[path.stem].pdf for key, path in EXAMPLES.items()}


def _text(path: Path, raw: bool = True) -> str:
    # -raw keeps the content-stream order: the lines of one table cell stay together;
    # the default (reading order) keeps a 目录 line with its leader and page number.
    args = ["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else [])]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages(path: Path, raw: bool = True) -> list[str]:
    return _text(path, raw).split("\f")[:-1]


@pytest.mark.parametrize("key", ["000", "001"])
def test_every_table_and_narrative_figure_is_in_the_pdf(pdfs: dict[str, Path], key: str) -> None:
    text = _flat(_text(pdfs[key]))
    pub = publication(key)
    missing = []
    for table in pub.tables.values():
        for row in table.rows:
            for cell in row.cells:
                shown = amount_cell(cell.amount, table.unit, table.decimals, table.blank_zero)
                if cell.is_amount and shown and shown not in text:
                    missing.append((cell.fact, shown))
    for fid, fact in pub.facts().items():
        if fact_text(fact) not in text:
            missing.append((fid, fact_text(fact)))
    assert missing == []
    assert len(pub.facts()) > 40


def test_every_indicator_value_of_the_forms_is_in_the_pdf(pdfs: dict[str, Path]) -> None:
    from generator.publication.forms import indicator_rows

    text = _flat(_text(pdfs["004"]))
    book = validated("004").book
    assert book is not None
    values = [(name, value) for p in book.projects if p.form
              for _, _, name, value in indicator_rows(p.form.indicators)]
    assert len(values) == 102
    assert [v for v in values if _flat(v[0]) not in text or _flat(v[1]) not in text] == []


def test_fonts_are_cjk_and_embedded_as_subsets(pdfs: dict[str, Path]) -> None:
    listing = subprocess.run(["pdffonts", str(pdfs["000"])], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    names = {line.split()[0].split("+", 1)[1] for line in listing}
    # 宋体, its bold (合计 rows) and bold 黑体 (headings, header cells); 编制单位/单位 lines and
    # running headers are 宋体, as in the Word edition, so no fourth face is embedded.
    assert names == {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC-Bold"}
    assert all(" yes yes yes " in line for line in listing)  # embedded, subset, unicode


def test_toc_page_numbers_are_real(pdfs: dict[str, Path]) -> None:
    pages = _pages(pdfs["000"], raw=False)
    toc = next(i for i, page in enumerate(pages) if "一、单位主要职能" in page)
    entries = re.findall(r"^(\d)\. (\S+?)[\s.]*?(\d+)$", pages[toc], flags=re.M)
    assert len(entries) == 9
    for _, title, number in entries:
        page = pages[int(number) - 1]
        assert title in page, (title, number)
    assert re.search(r"七、项目经费情况说明[ .]*\d+", pages[toc])


def test_continuation_header_and_landscape(pdfs: dict[str, Path]) -> None:
    pages = _pages(pdfs["000"])
    continued = [i for i, page in enumerate(pages) if "表8 一般公共预算基本支出部门预算经济分类预算表（续）" in page]
    first = next(i for i, page in enumerate(pages)
                 if "2025年预算单位一般公共预算基本支出部门预算经济分类预算表" in page
                 and "编制单位" in page)
    assert continued == [first + 1]
    import weasyprint

    from generator.writers.html import render

    document = weasyprint.HTML(string=render(publication("000"))).render()
    sizes = [(round(p.width), round(p.height)) for p in document.pages]
    landscape = [i for i, size in enumerate(sizes) if size[0] > size[1]]
    assert landscape and all("收入预算总表" in pages[i] or "合计" in pages[i] for i in landscape)
    bookmarks = [label for label, *_ in document.make_bookmark_tree()]
    assert bookmarks[:4] == ["上海市松江区2025年区级单位预算", "上海市松江区医疗保障局主要职能",
                             "上海市松江区医疗保障局机构设置", "名词解释"]


def test_a_failed_render_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "book.html"
    old.write_text("previous edition", encoding="utf-8")

    def broken(_: object) -> bytes:
        raise RuntimeError("renderer crashed")

    monkeypatch.setitem(WRITERS, "pdf", broken)
    with pytest.raises(RuntimeError):
        build(publication("000"), "book", ["html", "pdf"], tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["book.html"]
    assert old.read_text(encoding="utf-8") == "previous edition"
