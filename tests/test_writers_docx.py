"""The Word edition: same texts and cells as the HTML, real Word structure, opened by a real
office suite (LibreOffice) that finds every figure in it."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree

from generator.display import amount_cell, fact_text
from generator.publication.model import Publication
from generator.writers import docx, html
from generator.writers.layout import layout
from tests.helpers import EXAMPLES, publication
from tests.orientation import docx_tables, model_tables
from tests.parity import W, continuations, docx_texts, html_texts
from tests.shelf import Shelf


def _xml(data: bytes, part: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(part))


def _style_ids(data: bytes) -> dict[str, str]:
    styles = _xml(data, "word/styles.xml")
    return {s.find(f"{W}name").get(f"{W}val"): s.get(f"{W}styleId")
            for s in styles.iter(f"{W}style")}


@pytest.mark.parametrize("key", ["000", "001", "004"])
def test_docx_has_the_same_texts_and_cells_as_html(key: str, shelf: Shelf) -> None:
    html_paragraphs, html_cells = html_texts(html.render(publication(key)))
    docx_paragraphs, docx_cells = docx_texts(shelf.book(EXAMPLES[key]).docx.read_bytes())
    assert docx_paragraphs == html_paragraphs
    assert docx_cells == html_cells
    assert len(html_cells) > 400


class _Headers(HTMLParser):
    """(text, rowspan, colspan) of every th in each thead, by table."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[tuple[str, int, int]]] = []
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "thead":
            self.in_head = True
            self.tables.append([])
        elif tag == "th" and self.in_head:
            self.cell, self.span = [], (int(a.get("rowspan") or 1), int(a.get("colspan") or 1))

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self.in_head = False
        elif tag == "th" and self.cell is not None:
            self.tables[-1].append(("".join(self.cell), *self.span))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _docx_headers(data: bytes) -> list[list[tuple[str, int, int]]]:
    out = []
    document = _xml(data, "word/document.xml")
    pieces = continuations(document.find(f"{W}body"))
    for tbl in document.iter(f"{W}tbl"):
        if tbl in pieces:  # a table continued on a new page repeats its header
            continue
        rows = [tr for tr in tbl.findall(f"{W}tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None]
        if not rows:
            continue
        grid: list[list[tuple[etree._Element, int]]] = []
        for tr in rows:
            col, cells = 0, []
            for tc in tr.findall(f"{W}tc"):
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                width = int(span.get(f"{W}val")) if span is not None else 1
                cells.append((tc, col))
                col += width
            grid.append(cells)
        found = []
        for r, cells in enumerate(grid):
            for tc, col in cells:
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                if merge is not None and merge.get(f"{W}val") != "restart":
                    continue
                rowspan = 1
                if merge is not None:
                    for below in grid[r + 1:]:
                        same = [t for t, c in below if c == col]
                        m = same[0].find(f"{W}tcPr/{W}vMerge") if same else None
                        if m is None or m.get(f"{W}val") == "restart":
                            break
                        rowspan += 1
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                colspan = int(span.get(f"{W}val")) if span is not None else 1
                found.append(("".join(t.text or "" for t in tc.iter(f"{W}t")), rowspan, colspan))
        out.append(found)
    return out


@pytest.mark.parametrize("key", ["000", "001"])
def test_merged_header_cells_match_the_html_cell_for_cell(key: str, shelf: Shelf) -> None:
    parser = _Headers()
    parser.feed(html.render(publication(key)))
    headers = _docx_headers(shelf.book(EXAMPLES[key]).docx.read_bytes())
    assert headers == parser.tables
    assert len(headers) == 9
    assert ("本年支出", 1, 5) in headers[0] or ("本年支出", 1, 2) in headers[0]


def test_word_structure(tmp_path: Path, shelf: Shelf) -> None:
    pub: Publication = publication("000")
    data = shelf.book(EXAMPLES["000"]).docx.read_bytes()  # build's .docx of the same file
    ids = _style_ids(data)
    body = _xml(data, "word/document.xml").find(f"{W}body")
    styles_used = [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in body.findall(f"{W}p")
                   if p.find(f"{W}pPr/{W}pStyle") is not None]
    # Headings use heading styles, so the navigation pane shows the outline.
    assert styles_used.count(ids["heading 1"]) == 7
    assert styles_used.count(ids["表名"]) == 9  # the tables; 表名 is based on Heading 2
    # The 目录 is a TOC field whose result already lists the entries.
    instructions = "".join(t.text for t in body.iter(f"{W}instrText"))
    assert 'TOC \\o "1-2"' in instructions
    assert styles_used.count(ids["toc 1"]) + styles_used.count(ids["toc 2"]) == len(pub.toc())
    # Header rows are marked to repeat; a table continued on a new page (a piece of its own,
    # cut where the PDF's page ends) repeats them as the PDF does.
    pieces = continuations(body)
    assert sum(len(t.findall(f".//{W}tblHeader")) for t in body.findall(f"{W}tbl")
               if t not in pieces) == sum(len(t.header) for t in pub.tables.values())
    # A table sits in a landscape section exactly where the layout turns it (the wide 表2
    # among them; every page of a continued table: each piece opens a section).
    turned = [t.id for _, t in model_tables(pub) if layout(t).landscape]
    assert "表2" in turned
    landscape = [s for s in body.iter(f"{W}sectPr")
                 if s.find(f"{W}pgSz").get(f"{W}orient") == "landscape"]
    assert len(landscape) >= len(turned)
    word_tmp = tmp_path / "000.docx"
    word_tmp.write_bytes(data)
    assert [t.id for (_, t), printed in zip(model_tables(pub), docx_tables(word_tmp), strict=True)
            if printed.landscape] == turned
    # Spacing comes from styles: the only empty paragraphs are section breaks.
    empty = [p for p in body.findall(f"{W}p") if not "".join(t.text or "" for t in p.iter(f"{W}t"))]
    assert all(p.find(f"{W}pPr/{W}sectPr") is not None for p in empty)
    # Amounts use the right-aligned style.
    amount_style = ids["表格数字"]
    cells = [p for p in body.iter(f"{W}p")
             if p.find(f"{W}pPr/{W}pStyle") is not None
             and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == amount_style]
    assert any("".join(t.text or "" for t in p.iter(f"{W}t")) == "5,596,578.28" for p in cells)
    styles = _xml(data, "word/styles.xml")
    amount = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == amount_style)
    assert amount.find(f"{W}pPr/{W}jc").get(f"{W}val") == "right"


def test_subheadings_print_as_the_pdfs_and_stay_out_of_the_toc() -> None:
    """The numbered subheadings of 其他相关情况说明 (一、…“三公”经费预算情况说明 … 五、国有资产
    占有使用情况) are the PDF's h4, printed like a project's 一、项目概述: left, in the small
    heading size, not centred in Heading 2's size, and below the 目录's levels (TOC \\o "1-2"), so
    Word's updated 目录 lists what the PDF's lists (issue 16: seen in a book of 5 units)."""
    data = docx.write(publication("000"))
    ids = _style_ids(data)
    body = _xml(data, "word/document.xml").find(f"{W}body")

    def style_of(text: str) -> str:
        for p in body.iter(f"{W}p"):
            if "".join(t.text or "" for t in p.iter(f"{W}t")) == text:
                return p.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
        raise AssertionError(text)
    subheadings = ["一、2025年“三公”经费预算情况说明", "二、机关运行经费预算", "三、政府采购预算情况",
                   "四、绩效目标设置情况", "五、国有资产占有使用情况"]
    assert {style_of(t) for t in subheadings} == {style_of("一、项目概述")} == {ids["heading 3"]}
    styles = _xml(data, "word/styles.xml")
    h3 = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == ids["heading 3"])
    assert h3.find(f"{W}pPr/{W}jc").get(f"{W}val") == "left"
    assert int(h3.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val")) >= 2


def test_every_form_title_is_printed_at_one_size_as_in_the_pdf() -> None:
    """The forms part's heading, printed once as its first form's title, is set like every
    other form's title (13 pt, the PDF's h2.form-title and h3.form-title), not in Heading 1's
    16 pt: in LibreOffice the first 申报表 of a book was 16 pt and the next ones 13 pt (issue
    16). It stays at the 目录's first level (outline level 0), as the part it heads."""
    data = docx.write(publication("001"))
    ids = _style_ids(data)
    body = _xml(data, "word/document.xml").find(f"{W}body")
    styles = {s.get(f"{W}styleId"): s for s in _xml(data, "word/styles.xml").iter(f"{W}style")}

    def resolved(style_id: str, path: str) -> str | None:
        while style_id:
            style = styles[style_id]
            found = style.find(path)
            if found is not None:
                return found.get(f"{W}val")
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else ""
        return None
    titles = [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in body.iter(f"{W}p")
              if "".join(t.text or "" for t in p.iter(f"{W}t")) == "财政项目支出绩效目标申报表"
              and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") not in (ids["toc 1"], ids["toc 2"])]
    assert len(titles) == 5  # yangpu's five forms
    assert {resolved(t, f"{W}rPr/{W}sz") for t in titles} == {"26"}
    assert {resolved(t, f"{W}pPr/{W}jc") for t in titles} == {"center"}
    assert resolved(titles[0], f"{W}pPr/{W}outlineLvl") == "0"


def test_a_reference_without_the_forms_heading_style_still_writes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A bureau's reference.docx restyled before 申报表部分标题 existed has no such style: the
    forms part's heading falls back to Heading 1 instead of failing the build."""
    with zipfile.ZipFile(io.BytesIO(docx._reference_bytes())) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    styles = etree.fromstring(parts["word/styles.xml"])
    [style] = [s for s in styles.iter(f"{W}style")
               if s.find(f"{W}name").get(f"{W}val") == docx.FORMS_HEADING]
    styles.remove(style)
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
    old = io.BytesIO()
    with zipfile.ZipFile(old, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    monkeypatch.setattr(docx, "_reference_bytes", lambda: old.getvalue())
    data = docx.write(publication("001"))
    ids = _style_ids(data)
    assert docx.FORMS_HEADING not in ids
    body = _xml(data, "word/document.xml").find(f"{W}body")
    first = next(p for p in body.iter(f"{W}p")
                 if "".join(t.text or "" for t in p.iter(f"{W}t")) == "财政项目支出绩效目标申报表")
    assert first.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == ids["heading 1"]


def test_list_items_are_ragged_right_as_in_the_pdf() -> None:
    """List items (the 更正说明's entries, 财政拨款支出主要内容, a project's numbered lists) are
    set ragged right in the PDF (book.css ``ol.items li``); justified in Word, a line whose
    figure moved whole to the next line had its characters spread across the page in
    LibreOffice ("（7） 表 2 收 入 预 算 总 表 …", issue 16)."""
    data = docx.write(publication("000"))
    ids = _style_ids(data)
    styles = _xml(data, "word/styles.xml")
    item = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == ids["列表项"])
    assert item.find(f"{W}pPr/{W}jc").get(f"{W}val") == "left"
    css = (Path(__file__).resolve().parent.parent / "templates/html/book.css").read_text()
    assert "ol.items li { text-indent: 2em; margin: 0 0 0.35em; text-align: left; }" in css


def test_fonts_and_footer_come_from_the_reference() -> None:
    data = docx.write(publication("000"))
    styles = _xml(data, "word/styles.xml")
    east_asia = {s.find(f"{W}name").get(f"{W}val"): s.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")
                 for s in styles.iter(f"{W}style") if s.find(f"{W}rPr/{W}rFonts") is not None}
    assert east_asia["Normal"] == "宋体"
    assert east_asia["heading 1"] == east_asia["heading 2"] == "黑体"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        footers = [archive.read(n).decode() for n in archive.namelist() if "footer" in n]
    assert any(" PAGE " in footer for footer in footers)


def test_the_cover_is_plain_as_in_the_pdf() -> None:
    """Title in 黑体 22 pt bold, subtitle in 宋体 15 pt, centred: no rule under the title, no
    italics, no letter spacing, no list level (python-docx's defaults the PDF cover has not)."""
    data = docx.write(publication("000"))
    body = _xml(data, "word/document.xml").find(f"{W}body")
    ids = _style_ids(data)
    cover = [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in body.findall(f"{W}p")[:2]]
    assert cover == [ids["Title"], ids["Subtitle"]]
    styles = {s.get(f"{W}styleId"): s for s in _xml(data, "word/styles.xml").iter(f"{W}style")}
    for style_id, face, half_points, bold in (("Title", "黑体", "44", True),
                                              ("Subtitle", "宋体", "30", False),
                                              ("TitleChar", "黑体", "44", True),
                                              ("SubtitleChar", "宋体", "30", False)):
        style = styles[style_id]
        assert style.find(f"{W}pPr/{W}pBdr") is None, style_id
        assert style.find(f"{W}pPr/{W}numPr") is None, style_id
        rpr = style.find(f"{W}rPr")
        assert [rpr.find(f"{W}{tag}") for tag in ("i", "iCs", "spacing", "kern")] == [None] * 4
        assert rpr.find(f"{W}rFonts").get(f"{W}eastAsia") == face
        assert rpr.find(f"{W}sz").get(f"{W}val") == rpr.find(f"{W}szCs").get(f"{W}val") == half_points
        b = rpr.find(f"{W}b")
        assert (b is not None and b.get(f"{W}val") in (None, "1", "true")) == bold, style_id
        assert rpr.find(f"{W}color").get(f"{W}val") == "000000"
    assert styles["Title"].find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    # no page number on the cover: its section's first page has its own (absent, so empty)
    # footer; every later section numbers all its pages
    sections = list(body.iter(f"{W}sectPr"))
    assert len(sections) > 1
    assert [s.find(f"{W}titlePg") is not None for s in sections] == [True] + [False] * (
        len(sections) - 1)
    assert all(ref.get(f"{W}type") == "default"
               for s in sections for ref in s.findall(f"{W}footerReference"))


def test_the_font_table_declares_song_and_hei_as_word_does() -> None:
    fonts = {f.get(f"{W}name"): f for f in
             _xml(docx.write(publication("000")), "word/fontTable.xml").iter(f"{W}font")}
    for name, alt, family in (("宋体", "SimSun", "roman"), ("黑体", "SimHei", "swiss")):
        font = fonts[name]
        assert font.find(f"{W}altName").get(f"{W}val") == alt
        assert font.find(f"{W}charset").get(f"{W}val") == "86"  # GB2312
        assert font.find(f"{W}family").get(f"{W}val") == family


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("LibreOffice (libreoffice-writer-nogui) is not installed on CI")
    return found


def test_libreoffice_opens_the_docx_and_finds_every_figure(shelf: Shelf) -> None:
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice not installed (the README set-up installs it)")
    # build's .docx of each example, converted by LibreOffice on the run's shelf (one call,
    # shared with the Word page checks)
    built = {key: shelf.book(EXAMPLES[key]) for key in ("000", "001")}
    shelf.word_pdfs(built.values(), soffice)
    for key, book in built.items():
        pdf = book.word_pdf
        assert pdf.exists()
        text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        flat = re.sub(r"\s+", "", text)
        pub = publication(key)
        missing = [fid for fid, fact in pub.facts().items() if fact_text(fact) not in flat]
        for table in pub.tables.values():
            for row in table.rows:
                for cell in row.cells:
                    shown = amount_cell(cell.amount, table.unit, table.decimals, table.blank_zero)
                    if cell.is_amount and shown and shown not in flat:
                        missing.append(cell.fact or "")
        assert missing == []
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout
        assert "CJK" in fonts  # Chinese is set in a CJK face, not a Latin fallback
