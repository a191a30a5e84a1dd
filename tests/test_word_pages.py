"""The Word edition paginates as the PDF does, and neither has a stub page.

Every example, shape, unseen (tests/data/unseen) and stress book is built as PDF and Word; LibreOffice (which never updates
the 目录 field, like WPS) converts every .docx in one call. Each 目录 entry of the Word edition
must be the page its heading is printed on, the page counts must agree, and no page of either
edition may hold a stub (tests/pages.py: under a quarter used, beginning nothing)."""

from __future__ import annotations

import pytest

from tests.helpers import DATA, TESTDATA
from tests.pages import Book, book_of, page_texts
from tests.shelf import Shelf
from tests.stress import STANDARD, stress_file
from tests.test_writers_docx import _soffice

BOOKS = sorted(DATA.glob("*.yaml")) + [DATA / "yangpu-rollup" / "department.yaml"] + \
    sorted((TESTDATA / "shapes").glob("*.yaml")) + sorted((TESTDATA / "unseen").glob("*.yaml"))


@pytest.fixture(scope="module")
def books(shelf: Shelf) -> dict[str, Book]:
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice not installed (the README set-up installs it)")
    paths = BOOKS + [stress_file(name) for name in STANDARD]
    built = shelf.books(paths)
    shelf.word_pdfs(built.values(), soffice)
    return {name: book_of(b) for name, b in built.items()}


def test_every_book_is_checked(books: dict[str, Book]) -> None:
    assert len(books) == len(BOOKS) + len(STANDARD) >= 12


def test_word_toc_entries_are_the_pages_of_their_headings(books: dict[str, Book]) -> None:
    reports = {name: book.checked for name, book in books.items()}
    wrong = {name: [str(w) for w in r["wrong"]] for name, r in reports.items() if r["wrong"]}
    assert wrong == {}
    counts = {name: (r["pdf_pages"], r["word_pages"]) for name, r in reports.items()}
    assert {name: c for name, c in counts.items() if c[0] != c[1]} == {}


def test_no_stub_pages_in_pdf_or_word(books: dict[str, Book]) -> None:
    """No stub page in the examples, shapes and stress books, in either edition (the stress
    books' 申报表, 20 forms whose last 一级指标 group spilled, are held: keep.HELD_GROUPS)."""
    found = {}
    for name, book in books.items():
        r = book.checked
        stubs = [f"PDF {s}" for s in r["pdf_stubs"]] + [f"Word {s}" for s in r["word_stubs"]]
        if stubs:
            found[name] = stubs
    assert found == {}


def test_a_continued_table_repeats_its_header_under_the_running_line(
        books: dict[str, Book]) -> None:
    """A table the PDF continues on a new page is continued in Word on the same page, under
    the same running line (表N（续）) and its header row repeated."""
    checked = 0
    for book in books.values():
        pdf, word = page_texts(book.pdf), page_texts(book.word_pdf)
        for number, (ours, theirs) in enumerate(zip(pdf, word, strict=True), start=1):
            head = "".join(ours.lstrip().split("\n", 1)[0].split())
            if head.endswith("（续）") and head.startswith("表"):
                # (LibreOffice's text spaces "表 2" where the PDF's reads "表2")
                top = ["".join(line.split()) for line in theirs.strip().splitlines()[:3]]
                assert head in top, (book.name, number)
                assert "合计" in theirs or "项目" in theirs
                checked += 1
    assert checked >= 3


def test_songjiang_table_1_stays_on_one_upright_page(books: dict[str, Book]) -> None:
    """表1 (财务收支预算总表, 23 rows) fits one upright page at 9 pt: it is not turned and
    continued on a second page (5 rows, 总计 and its note, 40% of a landscape page), in the
    PDF or in Word; the book has 23 pages in both."""
    book = books["songjiang-yibao-2025"]
    for pdf in (book.pdf, book.word_pdf):
        flat = ["".join(t.split()) for t in page_texts(pdf)]
        assert len(flat) == 23, pdf
        assert not any("财务收支预算总表（续）" in page for page in flat), pdf
        on = [i for i, page in enumerate(flat) if "财务收支预算总表" in page and "编制单位" in page]
        assert len(on) == 1 and "收入总计" in flat[on[0]] and "二十二、其他支出" in flat[on[0]]


def test_a_continued_form_repeats_its_caption_and_header_in_word(books: dict[str, Book]) -> None:
    """A 申报表 the PDF continues on a new page (「项目名（续）」 above its indicator header) is
    continued in Word on the same page, under the same caption, with the header repeated."""
    checked = 0
    for book in books.values():
        pdf, word = page_texts(book.pdf), page_texts(book.word_pdf)
        for number, (ours, theirs) in enumerate(zip(pdf, word, strict=True), start=1):
            head = "".join(ours.lstrip().split("\n", 1)[0].split())
            if not head.endswith("（续）") or head.startswith("表") or "一级指标" not in ours:
                continue
            top = ["".join(line.split()) for line in theirs.strip().splitlines()[:3]]
            assert head in top, (book.name, number, top)
            flat = "".join(theirs.split())
            assert "一级指标" in flat and "三级指标" in flat, (book.name, number)
            checked += 1
    assert checked >= 5
