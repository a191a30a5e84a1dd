"""Read the HTML and the .docx editions as sequences of paragraph texts and of table cell texts,
the way a reader meets them, so the two editions can be compared."""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARAGRAPHS = {"h1", "h2", "h3", "h4", "p", "li"}
CAPTION_LINES = {"compiler", "unit"}
HIDDEN = {"continued", "caption-name", "side"}  # side: a 申报表's blank cell under 绩效指标


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.cells: list[str] = []
        self.buffer: list[str] | None = None
        self.kind = ""
        self.depth = 0  # element depth of the open buffer
        self.stack: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "wbr", "meta", "col"):
            if tag == "br" and self.buffer is not None:
                self.buffer.append("\n")
            return
        self.stack.append(tag)
        classes = set((dict(attrs).get("class") or "").split())
        if classes & HIDDEN:
            self.hidden = len(self.stack)
            return
        if self.buffer is not None or self.hidden:
            return
        if tag in ("td", "th"):
            self._open("cell")
        elif tag in PARAGRAPHS and "table" not in self.stack or classes & CAPTION_LINES:
            self._open("paragraph")

    def _open(self, kind: str) -> None:
        self.buffer, self.kind, self.depth = [], kind, len(self.stack)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "wbr", "meta", "col"):
            return
        if self.hidden == len(self.stack):
            self.hidden = 0
        if self.buffer is not None and self.depth == len(self.stack):
            text = "".join(self.buffer).strip("\n")
            (self.cells if self.kind == "cell" else self.paragraphs).append(text)
            self.buffer = None
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.buffer is not None and not self.hidden:
            self.buffer.append(data.strip("\n") if "\n" in data and not data.strip() else data)


def html_texts(page: str) -> tuple[list[str], list[str]]:
    reader = _Reader()
    reader.feed(page)
    return [p for p in reader.paragraphs if p], reader.cells


def _before_tab(paragraph: etree._Element) -> str:
    """A paragraph's text up to its first tab: a 目录 line's page number (after the leader
    tab) is the PDF's, which the HTML shows through CSS, not as text."""
    text = []
    for node in paragraph.iter(f"{W}t", f"{W}tab"):
        if node.tag == f"{W}tab":
            break
        text.append(node.text or "")
    return "".join(text)


def _run_on(paragraph: etree._Element) -> bool:
    """The rest of a paragraph the PDF runs over a page: the Word writer opens a page with it,
    without the first-line indent (and no other paragraph has both)."""
    brk = paragraph.find(f"{W}pPr/{W}pageBreakBefore")
    ind = paragraph.find(f"{W}pPr/{W}ind")
    return brk is not None and brk.get(f"{W}val") == "1" and ind is not None and \
        ind.get(f"{W}firstLineChars") == "0" and ind.get(f"{W}left") is None


def _cell_text(tc: etree._Element) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iter(f"{W}p"))


def continuations(body: etree._Element) -> set[etree._Element]:
    """The tables of ``body`` that continue the table before them on a new page (the Word
    writer cuts a table where the PDF's page ends: nothing but a section break between)."""
    found = set()
    previous = None
    for child in body:
        if child.tag == f"{W}p" and not _before_tab(child) and \
                child.find(f"{W}pPr/{W}sectPr") is not None:
            continue
        if child.tag == f"{W}tbl" and previous is not None and previous.tag == f"{W}tbl":
            found.add(child)
        previous = child
    return found


def docx_texts(data: bytes) -> tuple[list[str], list[str]]:
    """Paragraph and cell texts of a .docx as a reader meets them: a paragraph cut at a page
    break read whole; a table cut at a page break read once (the header rows repeated on its
    later pieces, and a merged cell's words repeated at the top of a piece, are left out)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    body = root.find(f"{W}body")
    paragraphs: list[str] = []
    cells: list[str] = []
    previous: etree._Element | None = None  # the last paragraph or table met
    piece_cells: set[str] = set()  # texts of the cells of the table read so far
    for child in body:
        if child.tag == f"{W}p":
            text = _before_tab(child)
            if text and _run_on(child) and paragraphs:
                paragraphs[-1] += text
            elif text:
                paragraphs.append(text)
            if text or child.find(f"{W}pPr/{W}sectPr") is None:
                previous = child
        elif child.tag == f"{W}tbl":
            continued = previous is not None and previous.tag == f"{W}tbl"
            if not continued:
                piece_cells = set()
            first_body = True
            for tr in child.iter(f"{W}tr"):
                header = tr.find(f"{W}trPr/{W}tblHeader") is not None
                if continued and header:
                    continue
                for tc in tr.iter(f"{W}tc"):
                    merge = tc.find(f"{W}tcPr/{W}vMerge")
                    if merge is not None and merge.get(f"{W}val") != "restart":
                        continue  # the continuation of a cell merged down
                    text = _cell_text(tc)
                    if continued and first_body and merge is not None and text in piece_cells:
                        continue  # a merged cell begun again on the next page
                    piece_cells.add(text)
                    cells.append(text)
                first_body = first_body and header
            previous = child
    return paragraphs, cells
