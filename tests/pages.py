"""Page checks over printed books, for the PDF and for LibreOffice's PDF of the Word edition.

- :func:`wrong_toc_entries`: each 目录 entry of a .docx against the page its heading is printed
  on in that .docx's PDF (LibreOffice never updates the TOC field: what it prints is what we wrote).
- :func:`stub_pages`: pages less than a quarter used that begin nothing (no section starts on
  them): the leftovers of a table or a text torn from the page before. The cover, the 目录, a
  short page that begins a part or table, and a part's last page (a part may end short) are
  not stubs.

Both read text with poppler (``pdftotext -bbox-layout``, once a file), so they judge any PDF,
whoever made it.

    python3 scripts/check_pages.py FILE.yaml…   # builds PDF and Word, converts, reports
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from generator.publication.model import Publication, Section

if TYPE_CHECKING:
    from tests.shelf import Built

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 72 / 25.4
TOP, BOTTOM = 22 * MM, 20 * MM  # the book's margins (book.css, reference.docx)
STUB = 0.25  # a page used below this share of its text height holds a stub
LEADER = re.compile(r"\.{6,}|…{3,}")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_texts(pdf: Path) -> list[str]:
    """The text of each page as ``pdftotext`` gives it, line by line (read once per version of
    the file: the Word pagination checks read each book's two PDFs several times)."""
    return [page.text for page in _pages(pdf)]


@dataclass(frozen=True)
class _Page:
    width: float
    height: float
    text: str
    words: tuple[tuple[float, float], ...]  # (yMin, yMax) of each word


def _pages(pdf: Path) -> tuple[_Page, ...]:
    stat = Path(pdf).stat()
    return _read_pages(str(Path(pdf).resolve()), stat.st_mtime_ns, stat.st_size)


@cache
def _read_pages(pdf: str, mtime: int, size: int) -> tuple[_Page, ...]:
    """One ``pdftotext -bbox-layout`` call: each page's lines of words, and where each word is
    (its lines are those of ``pdftotext``'s plain text, word for word)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        lines, words = [], []
        for line in re.finditer(r"<line[^>]*>(.*?)</line>", page[3], re.S):
            found = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                               r'yMax="([\d.]+)">(.*?)</word>', line[1], re.S)
            lines.append(" ".join(unescape(text) for _, _, text in found))
            words += [(float(top), float(bottom)) for top, bottom, _ in found]
        pages.append(_Page(float(page[1]), float(page[2]), "\n".join(lines) + "\n",
                           tuple(words)))
    return tuple(pages)


def docx_toc(data: bytes) -> list[tuple[str, int]]:
    """The 目录 entries of a .docx as written: (title, page number)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    out = []
    for p in body.findall(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or not (style.get(f"{W}val") or "").startswith("toc"):
            continue
        texts: list[list[str]] = [[]]
        for node in p.iter(f"{W}t", f"{W}tab"):
            if node.tag == f"{W}tab":
                texts.append([])
            else:
                texts[-1].append(node.text or "")
        parts = ["".join(t) for t in texts]
        if len(parts) == 2 and parts[1].isdigit():
            out.append((parts[0], int(parts[1])))
    return out


def _heading_key(title: str) -> str:
    """A 目录 title as its heading prints it: the table entries' ``N. `` number is the TOC's."""
    return _flat(re.sub(r"^\d+\.\s*", "", title))


def _first_body_page(texts: list[str]) -> int:
    """Index of the first page after the cover and the 目录 (pages with dot leaders)."""
    last_toc = max((i for i, t in enumerate(texts) if LEADER.search(t)), default=1)
    return last_toc + 1


@dataclass(frozen=True)
class WrongEntry:
    title: str
    listed: int
    printed: int | None  # the page the heading is on (None: not found)

    def __str__(self) -> str:
        where = f"第{self.printed}页" if self.printed else "未找到"
        return f"{self.title}：目录写第{self.listed}页，标题在{where}"


def wrong_toc_entries(toc: list[tuple[str, int]], texts: list[str],
                      headings: dict[str, str] | None = None) -> list[WrongEntry]:
    """Entries whose heading is not on the page listed: each heading is looked for from the
    previous entry's page on (titles repeat: 项目概述 in every project). ``headings``: the
    words a heading prints, by its 目录 title, where they differ (一、单位主要职能 heads a page
    as 上海市松江区医疗保障局主要职能)."""
    flat = [_flat(t) for t in texts]
    wrong = []
    start = _first_body_page(texts)
    for title, listed in toc:
        key = _heading_key((headings or {}).get(title, title))
        found = next((i for i in range(start, len(flat)) if key in flat[i]), None)
        if found is None or found + 1 != listed:
            wrong.append(WrongEntry(title, listed, None if found is None else found + 1))
        if found is not None:
            start = found
    return wrong


def printed_headings(pub: Publication) -> dict[str, str]:
    """The heading each 目录 entry points to, as printed, by the entry's title."""
    by_id: dict[str, str] = {}

    def walk(sections: tuple[Section, ...]) -> None:
        for s in sections:
            by_id[s.id] = s.title
            walk(s.children)
    walk(pub.sections)
    return {title: by_id.get(sid, title) for _, sid, title in pub.toc()}


def section_titles(pub: Publication) -> list[tuple[str, int]]:
    """Every section's title and level in book order (each begins something on its page)."""
    def walk(sections: tuple[Section, ...]) -> Iterator[tuple[str, int]]:
        for s in sections:
            yield s.title, s.level
            yield from walk(s.children)
    return list(walk(pub.sections))


@dataclass(frozen=True)
class Stub:
    page: int
    used: float  # share of the text height used

    def __str__(self) -> str:
        return f"第{self.page}页只用了版心高度的{self.used:.0%}"


def stub_pages(pdf: Path, titles: list[tuple[str, int]]) -> list[Stub]:
    """Pages of ``pdf`` whose text fills less than :data:`STUB` of the text height and on
    which no section (``titles``: title and level, in book order) begins; the cover, the 目录
    and the last page of a part (the page before a level-1 section, or the book's last) aside."""
    texts = page_texts(pdf)
    flat = [_flat(t) for t in texts]
    first = _first_body_page(texts)
    starts: set[int] = set()
    part_ends = {len(texts) - 1}
    at = first
    for title, level in titles:
        key = _flat(title)
        found = next((i for i in range(at, len(flat)) if key in flat[i]), None)
        if found is not None:
            starts.add(found)
            if level == 1:
                part_ends.add(found - 1)
            at = found
    stubs = []
    for i, page in enumerate(_pages(pdf)):
        if i < first or i in starts or i in part_ends:
            continue
        body = [bottom for top, bottom in page.words
                if top > TOP * 0.9 and bottom < page.height - BOTTOM]
        used = (max(body, default=TOP) - TOP) / (page.height - TOP - BOTTOM)
        if used < STUB:
            stubs.append(Stub(i + 1, used))
    return stubs


@dataclass
class Book:
    """One book built as PDF and Word, and the Word edition converted by LibreOffice."""

    name: str
    pdf: Path
    docx: Path
    word_pdf: Path
    titles: list[tuple[str, int]]
    headings: dict[str, str]

    @cached_property
    def checked(self) -> dict[str, object]:
        """:meth:`report`, made once for the tests that read it."""
        return self.report()

    def report(self) -> dict[str, object]:
        """Page counts, wrong 目录 entries of the Word edition, stub pages of both."""
        word_texts = page_texts(self.word_pdf)
        return {
            "pdf_pages": len(page_texts(self.pdf)),
            "word_pages": len(word_texts),
            "wrong": wrong_toc_entries(docx_toc(self.docx.read_bytes()), word_texts,
                                       self.headings),
            "pdf_stubs": stub_pages(self.pdf, self.titles),
            "word_stubs": stub_pages(self.word_pdf, self.titles),
        }


def book_of(built: Built) -> Book:
    """The :class:`Book` of a book on the test shelf (tests/shelf.py)."""
    from generator.pipeline import publish, validate

    pub = publish(validate(str(built.source)))
    return Book(built.name, built.pdf, built.docx, built.word_pdf, section_titles(pub),
                printed_headings(pub))


def build_books(paths: list[Path], out: Path, soffice: str) -> list[Book]:
    """Build each data file's PDF and Word editions on a shelf in ``out`` (tests/shelf.py, one
    folder per book) and convert every .docx to PDF in one LibreOffice call."""
    from tests.shelf import Shelf

    shelf = Shelf(out)
    built = shelf.books(paths)
    shelf.word_pdfs(built.values(), soffice)
    return [book_of(b) for b in built.values()]
