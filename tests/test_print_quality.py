"""Print quality of the PDF, measured on the pages: no glyph crosses a table rule (examples and
stress books), the checker does catch an overflow, continued tables keep at least three rows a
page, no heading twice or alone at a page foot, and the 校验未通过 mark moves no page."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from generator.build import build
from generator.pipeline import publish, validate
from generator.publication.model import Publication
from generator.writers.layout import KEEP, PORTRAIT, layout, minimum_widths
from tests.docx_overflow import crossings
from tests.helpers import EXAMPLES as EXAMPLE_FILES
from tests.helpers import publication
from tests.orientation import docx_tables, model_tables, pdf_tables
from tests.overflow import Report, analyse, overflows
from tests.shelf import Built, Shelf
from tests.stress import STANDARD, stress_file
from tests.wraps import text_cells

pytestmark = pytest.mark.pdf

EXAMPLES = {"000": "songjiang", "001": "yangpu", "004": "forms"}


def _books() -> dict[str, Publication]:
    books = {name: publication(key) for key, name in EXAMPLES.items()}
    for name in STANDARD:
        result = validate(str(stress_file(name)))
        assert result.ok
        books[name] = publish(result)
    return books


@pytest.fixture(scope="module")
def books() -> dict[str, Publication]:
    return _books()


@pytest.fixture(scope="module")
def shelved(shelf: Shelf) -> dict[str, Built]:
    """Each book's PDF and Word editions, from the run's shelf (built once for every module
    that reads them)."""
    sources = {name: EXAMPLE_FILES[key] for key, name in EXAMPLES.items()}
    sources |= {name: stress_file(name) for name in STANDARD}
    built = shelf.books(sources.values())
    return {name: built[path.stem] for name, path in sources.items()}


@pytest.fixture(scope="module")
def pdfs(shelved: dict[str, Built]) -> dict[str, Path]:
    return {name: book.pdf for name, book in shelved.items()}


@pytest.fixture(scope="module")
def reports(pdfs: dict[str, Path]) -> dict[str, Report]:
    return {name: analyse(path) for name, path in pdfs.items()}


def _pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_no_glyph_crosses_a_table_rule_in_any_book(reports: dict[str, Report]) -> None:
    found = {name: [str(o) for o in report.overflows] for name, report in reports.items()}
    assert found == {name: [] for name in reports}
    assert sum(len(r.tables) for r in reports.values()) > 100


def test_the_checker_finds_a_planted_overflow(tmp_path: Path) -> None:
    import weasyprint

    page = """<html><head><meta charset="utf-8"><style>
      table { width: 200pt; table-layout: fixed; border-collapse: collapse; font: 9pt serif; }
      td { border: 0.6pt solid #000; padding: 2pt 3pt; }
      td.n { white-space: nowrap; text-align: right; }
    </style></head><body>
    <p>表1 测试表</p>
    <table><col style="width:50pt"><col style="width:150pt">
      <tr><td>名称</td><td>说明</td></tr>
      <tr><td class="n">1,234,567,890.12</td><td>正常</td></tr>
    </table>
    <table><col style="width:100pt"><col style="width:100pt">
      <tr><td class="n">1,234.00</td><td>合计</td></tr>
    </table></body></html>"""
    pdf = tmp_path / "planted.pdf"
    weasyprint.HTML(string=page).write_pdf(pdf)
    found = overflows(pdf)
    assert len(found) == 1
    item = found[0]
    assert (item.page, item.table, item.label, item.row, item.column) == (1, 1, "表1 测试表", 2, 1)
    assert item.text.startswith("1,234,567,890.12")  # runs right, into 「正常」
    assert item.crossed == "the rule between columns 1 and 2"
    assert item.by > 0.5
    assert "page 1, table 1" in str(item)
    # The Word edition's checker (words against rules) finds it too, and only it (the figure
    # runs into 「正常」: one word, its glyphs interleaved as pdfplumber joins them)
    crossed = crossings(pdf, min_gap=1.5, min_gap_vertical=0.5)
    assert [(c.page, re.sub(r"[^\d,.]", "", c.text)) for c in crossed] == [(1, "1,234,567,890.12")]
    assert crossed[0].rule.startswith("x=") and crossed[0].gap < -30


def _header_rows(books: dict[str, Publication]) -> dict[str, int]:
    """Running head of a continuation page → header rows its table repeats."""
    heads: dict[str, int] = {}
    for pub in books.values():
        for table in pub.tables.values():
            if table.header:
                heads[f"{table.caption}（续）"] = len(table.header)
        for section in pub.walk():
            if any(getattr(b, "rows", None) is not None and not b.header for b in section.blocks):
                heads[f"{section.title}（续）"] = 0
    return heads


def test_continued_tables_keep_three_rows_on_every_page(books: dict[str, Publication],
                                                        reports: dict[str, Report]) -> None:
    heads = _header_rows(books)
    short: list[tuple[str, int, str, int]] = []
    continued = 0
    for name, report in reports.items():
        last = {t.page: t for t in report.tables}  # the last table of each page
        first = {}
        for t in report.tables:
            first.setdefault(t.page, t)
        for table in report.tables:
            if table.label not in heads or first[table.page] is not table:
                continue
            continued += 1
            rows = len(table.rows) - 1 - heads[table.label]
            after = first.get(table.page + 1)
            final = after is None or after.label != table.label
            # A continuation page holds three rows, and the 合计 with three more on the last.
            if rows < (4 if final else 3):
                short.append((name, table.page, table.label, rows))
            # The page it continues keeps three rows too (its header counted from the top).
            before = last[table.page - 1]
            if len(before.rows) - 1 - heads[table.label] < 3:
                short.append((name, before.page, before.label, len(before.rows) - 1))
    assert short == []
    assert continued >= 10


def _continued_forms(book: Built) -> int:
    """Pages on which the PDF continues a 申报表 (the page plan its build laid out)."""
    return sum(1 for key in book.laid.starts
               if key[0] == "r" and key[1].startswith("form-") and key[3] > 0)


def test_a_continued_form_repeats_its_project_name(pdfs: dict[str, Path], shelved: dict[str, Built],
                                                   books: dict[str, Publication]) -> None:
    forms = [s.title for s in books["stress-ten-figures"].walk() if s.id.startswith("form-")]
    pages = _pages(pdfs["stress-ten-figures"])
    continued = [p.splitlines()[0] for p in pages if p.splitlines()
                 and p.splitlines()[0].endswith("（续）")]
    repeated = [line for line in continued if line.removesuffix("（续）") in forms]
    # A form set closer may fit its page; every page a form runs onto repeats its name.
    assert len(repeated) == _continued_forms(shelved["stress-ten-figures"])


def test_no_heading_is_printed_twice(pdfs: dict[str, Path]) -> None:
    for name in ("yangpu", "forms"):
        pages = _pages(pdfs[name])
        twice = [i + 1 for i, page in enumerate(pages)
                 if page.count("财政项目支出绩效目标申报表") > 1 and "目　录" not in page
                 and "目 录" not in page and i > 0]
        assert twice == [], name
        assert sum("财政项目支出绩效目标申报表" in page for page in pages[2:]) >= 5


def test_no_heading_alone_at_a_page_foot(reports: dict[str, Report]) -> None:
    # Headings are set in the Hei face at 11 pt and more; table headers are smaller.
    alone = [(name, foot.page, foot.text) for name, report in reports.items()
             for foot in report.feet if "Sans" in foot.font and foot.size >= 11]
    assert alone == []
    assert sum(len(r.feet) for r in reports.values()) > 200


def test_the_force_mark_adds_no_page_and_moves_no_page_number(pdfs: dict[str, Path],
                                                              tmp_path: Path) -> None:
    pub = publication("000")
    clean = pdfs["songjiang"]
    marked = build(dataclasses.replace(pub, unvalidated=True), "marked", ["pdf"], tmp_path)[0]
    clean_pages, marked_pages = _pages(clean), _pages(marked)
    assert len(marked_pages) == len(clean_pages)

    def toc(pages: list[str]) -> list[str]:
        return re.findall(r"\.{3,}\s*(\d+)", pages[1])

    assert toc(marked_pages) == toc(clean_pages)
    assert len(toc(clean_pages)) >= 15
    assert all("校验未通过" in page for page in marked_pages)
    assert not any("校验未通过" in page for page in clean_pages)


def test_the_outline_lists_the_forms_by_project_name(pdfs: dict[str, Path],
                                                     books: dict[str, Publication]) -> None:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    with pdfs["yangpu"].open("rb") as fh:
        outline = [(level, title) for level, title, *_ in PDFDocument(PDFParser(fh)).get_outlines()]
    start = outline.index((1, "财政项目支出绩效目标申报表"))
    names = [s.title for s in books["yangpu"].walk() if s.id.startswith("form-")]
    assert outline[start + 1:] == [(2, name) for name in names]
    assert len(names) == 5


def test_word_and_pdf_turn_and_size_every_table_alike(shelved: dict[str, Built],
                                                      books: dict[str, Publication]) -> None:
    """Read back from the files: each table's page orientation (the Word section's page size,
    the PDF page its section starts on) and text size agree between the two editions."""
    turned: set[str] = set()
    sizes: set[float] = set()
    for name, pub in books.items():
        in_word, in_pdf = docx_tables(shelved[name].docx), pdf_tables(shelved[name].pdf, pub)
        ids = [t.id for _, t in model_tables(pub)]
        assert len(in_word) == len(in_pdf) == len(ids), name
        assert dict(zip(ids, in_word, strict=True)) == dict(zip(ids, in_pdf, strict=True)), name
        turned |= {f"{name}/{i}" for i, p in zip(ids, in_pdf, strict=True) if p.landscape}
        sizes |= {p.size for p in in_pdf}
    assert "stress-ten-figures/表1" in turned and len(turned) >= 8
    assert sizes == {9.0}  # one type size: a table turns landscape before its type shrinks


def _wrapped_upright(pub: Publication) -> set[str]:
    """The names in the tables set upright with names on two lines: their names keep one
    line only on a landscape page, where the table runs onto a second page (layout.TWO_LINES)."""
    return {"".join(c.text.split()) for t in pub.tables.values()
            if t.header and not layout(t).landscape
            and sum(minimum_widths(t, layout(t).size, names=KEEP)) > PORTRAIT
            for row in t.rows for c in row.cells if c.text and not c.is_amount}


def test_short_names_and_form_labels_never_wrap(books: dict[str, Publication],
                                                pdfs: dict[str, Path]) -> None:
    """Measured on the pages: a name or form label of up to 12 characters (一、一般公共服务支出,
    其中：当年财政拨款) is on one line, one of up to 24 on two at most; in a table kept upright
    by wrapping its names (songjiang 表1, 表4), two lines at most."""
    cramped: list[str] = []
    names = wrapped = 0
    for name, path in pdfs.items():
        upright = _wrapped_upright(books[name])
        for cell in text_cells(path):
            if cell.header:
                continue
            names += 1
            if "".join(cell.text.split()) in upright and len(cell.text) <= 24:
                wrapped += cell.lines == 2
                if cell.lines > 2:
                    cramped.append(f"{name}: {cell}")
            elif (len(cell.text) <= 12 and cell.lines > 1) or (len(cell.text) <= 24
                                                                and cell.lines > 2):
                cramped.append(f"{name}: {cell}")
    assert cramped == []
    assert names > 3000 and wrapped > 0


_CODED = re.compile(r"^\s*(\d{3})(?:\s+(\d{2}))?(?:\s+(\d{2}))?\s+\S")


def _layout_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_no_subtotal_row_ends_a_page_its_children_start(pdfs: dict[str, Path]) -> None:
    """A 类/款 row (a bold subtotal) at a page foot whose 款/项 open the next page."""
    orphans, continued = [], 0
    for name, path in pdfs.items():
        pages = _layout_pages(path)
        for i in range(len(pages) - 1):
            if not any(line.strip().endswith("（续）") for line in pages[i + 1].splitlines()[:6]):
                continue
            above = [m for line in pages[i].splitlines() if (m := _CODED.match(line))]
            below = [m for line in pages[i + 1].splitlines() if (m := _CODED.match(line))]
            if not above or not below:
                continue
            continued += 1
            last = "".join(g for g in above[-1].groups() if g)
            first = "".join(g for g in below[0].groups() if g)
            if first.startswith(last) and first != last:
                orphans.append((name, i + 1, above[-1].group(0).strip()))
    assert orphans == []
    assert continued >= 15


def test_nothing_is_printed_below_a_continued_tables_last_rule(pdfs: dict[str, Path]) -> None:
    """A merged cell of a 申报表 crossing a page break was drawn under the table, in the
    margin, and left its continued rows without their 一级/二级 labels."""
    from tests import snapshot
    from tests.overflow import _text_lines

    below = []
    for name in ("forms", "stress-ten-figures", "stress-whole-yuan"):
        texts = _pages(pdfs[name])
        pages = snapshot.read(pdfs[name]).pages
        for i, page in enumerate(pages[:-1]):
            head = texts[i + 1].strip().splitlines()[:2]
            if not any("续" in line for line in head):
                continue
            rules = [r["top"] for r in page.lines if abs(r["top"] - r["bottom"]) < 1]
            rules += [r["top"] for r in page.rects if r["height"] < 1]
            if not rules:
                continue
            last = max(rules)
            words = ["".join(c["text"] for c in line) for line in _text_lines(
                [c for c in page.chars if last + 1 < c["top"] < page.height - 60])]
            if words:
                below.append((name, i + 1, words))
    assert below == []


def test_a_continued_form_repeats_its_indicator_header(pdfs: dict[str, Path],
                                                       shelved: dict[str, Built],
                                                       books: dict[str, Publication]) -> None:
    forms = {s.title for s in books["stress-ten-figures"].walk() if s.id.startswith("form-")}
    pages = _pages(pdfs["stress-ten-figures"])
    continued = [p for p in pages if p.splitlines()
                 and p.splitlines()[0].removesuffix("（续）") in forms
                 and p.splitlines()[0].endswith("（续）")]
    assert len(continued) == _continued_forms(shelved["stress-ten-figures"])
    for page in continued:
        assert "一级指标" in page and "三级指标" in page
