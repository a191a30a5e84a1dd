"""Reading a PDF with PDFium (generator/source/importers/book/pdfium.py): the recogniser gets
the same blocks as from pdfplumber, which stays the reader where pypdfium2 is missing or a page
is rotated."""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from operator import itemgetter
from pathlib import Path

import pdfplumber
import pytest

from generator.source.importers.book import pages, pdfium
from tests.helpers import EXAMPLES
from tests.shelf import Shelf


def plumber_blocks(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[pages.Block]:
    """The blocks pdfplumber reads: pypdfium2 made unimportable, as where it is not installed."""
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "pypdfium2", None)
        assert pdfium.open_pages(path) is None
        return pages.from_pdf(path)


@pytest.fixture(scope="module")
def yangpu(shelf: Shelf) -> Path:
    """The yangpu example as our PDF writer prints it (28 pages: narrative, the nine tables,
    project texts and 申报表)."""
    return shelf.books([EXAMPLES["001"]])["yangpu-yibao-2024"].pdf


@pytest.fixture(scope="module")
def yangpu_word(shelf: Shelf) -> Path:
    """The same book's .docx as LibreOffice prints it: other fonts (each with its own descent,
    all declared 0), its spaces between Chinese words reported by PDFium as inferred."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    built = shelf.books([EXAMPLES["001"]])
    shelf.word_pdfs(built.values(), soffice)
    return built["yangpu-yibao-2024"].word_pdf


@pytest.mark.pdf
def test_pdfium_gives_the_blocks_pdfplumber_gives(yangpu: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    mine = pages.from_pdf(yangpu)
    assert mine == plumber_blocks(yangpu, monkeypatch)
    rows = [b for b in mine if b.is_row]
    assert len(rows) > 100
    assert any(b.text.startswith("合计 194,164,261") for b in rows)


@pytest.mark.pdf
def test_pdfium_gives_the_blocks_pdfplumber_gives_for_libreoffice(
        yangpu_word: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = pages.from_pdf(yangpu_word)
    assert mine == plumber_blocks(yangpu_word, monkeypatch)
    # a printed space between Chinese words that PDFium reports as its own is kept
    assert any("《国家医保局 国家发展改革委 工业和信息化部" in b.text for b in mine)


@pytest.mark.pdf
def test_characters_and_table_cells_are_where_pdfminer_puts_them(yangpu: Path) -> None:
    read = pdfium.open_pages(yangpu)
    assert read is not None
    with pdfplumber.open(str(yangpu)) as pdf:
        assert len(read) == len(pdf.pages) == 28
        for number in (1, 7, 15):  # the cover, 表1 (ruled), 表9 (三公, in 万元)
            mine, theirs = read[number - 1], pdf.pages[number - 1]
            assert Counter(c["text"] for c in mine.chars) == Counter(
                c["text"] for c in theirs.chars)
            # boxes as pdfminer draws them, to within a twentieth of a point (its Chinese fonts
            # descend 0.286 or 0.288 of an em; PDFium's reading takes the book's main font's)
            key = itemgetter("text", "top", "x0")
            pairs = list(zip(sorted(mine.chars, key=key), sorted(theirs.chars, key=key),
                             strict=True))
            assert all(a["text"] == b["text"] and abs(a["x0"] - b["x0"]) < 0.05
                       and abs(a["top"] - b["top"]) < 0.05
                       and abs(a["bottom"] - b["bottom"]) < 0.05 for a, b in pairs)
            assert {round(c["size"], 1) for c in mine.chars} == {
                round(c["size"], 1) for c in theirs.chars}
            cells = [[tuple(round(v, 1) for v in cell) for cell in t.cells]
                     for t in mine.find_tables()]
            assert cells == [[tuple(round(v, 1) for v in cell) for cell in t.cells]
                             for t in theirs.find_tables()]
            assert [t.extract() for t in mine.find_tables()] == [
                t.extract() for t in theirs.find_tables()]
        assert read[6].find_tables()[0].extract()[0][:2] == ["本年收入", None]


def test_a_rotated_page_is_left_to_pdfplumber(tmp_path: Path) -> None:
    import pypdfium2

    doc = pypdfium2.PdfDocument.new()
    doc.new_page(595, 842)
    doc.new_page(842, 595).set_rotation(90)
    path = tmp_path / "rotated.pdf"
    doc.save(str(path))
    doc.close()
    assert pdfium.open_pages(path) is None
    assert pages.from_pdf(path) == []  # read by pdfplumber: no text either way


def test_a_file_pdfium_cannot_open_is_left_to_pdfplumber(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\nnot a PDF at all\n")
    assert pdfium.open_pages(path) is None
