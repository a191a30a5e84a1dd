"""The PDF is laid out in chunks cut at the book's forced page breaks (writers/chunks.py): the
cut loses nothing, keeps each anchor once, and the chunks print what the whole book laid out
at once prints, page for page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.publication.model import Table
from generator.writers import html
from generator.writers.chunks import Chunk, split
from generator.writers.pdf_engine import Setting, mark
from tests.helpers import EXAMPLES, publication
from tests.shelf import Shelf

MARKUP = """<!DOCTYPE html><html lang="zh-CN"><head><title>书</title></head><body>
<header class="title-block"><h1>封面</h1></header>
<nav class="toc"><ol><li><a href="#a">甲</a></li></ol></nav>
<main>
<section id="a" class="level-1"><p class="continued"></p><h2>甲</h2><p>甲文</p></section>
<section id="b" class="level-1"><p class="continued"></p><h2>乙</h2>
<section id="b1" class="level-2 table-page"><p>表一</p><table></table></section>
<section id="b2" class="level-2 table-page"><p>表二</p><table></table></section>
<section id="b3" class="level-2"><p>表二之后</p></section>
</section>
<section id="c" class="level-1 table-page"><p class="continued"></p><h2>丙</h2><p>丙文</p>
<section id="c1" class="level-2 table-page"><p>表三</p><table></table></section>
</section>
<section id="d" class="level-1"><h2>丁</h2></section><section id="e" class="level-1"><h2>戊</h2></section>
</main></body></html>"""


def _parse(markup: str) -> object:
    import weasyprint

    return weasyprint.HTML(string=markup).etree_element


def _text(chunk: Chunk) -> str:
    body = chunk.root.find("body")
    return "".join(body.itertext()).replace("\n", "") if body is not None else ""


def test_the_book_is_cut_at_its_forced_page_breaks() -> None:
    chunks = split(_parse(MARKUP))
    # The cover and 目录; each part; each table but the first of a part led by its heading (b1
    # follows 乙's h2 on its page); the section after a table flows on with it (b3); parts in a
    # row without a table (丁, 戊) are one chunk.
    assert [_text(c) for c in chunks] == ["封面甲", "甲甲文", "乙表一", "表二表二之后", "丙丙文", "表三",
                                          "丁戊"]
    assert [sorted(c.sections) for c in chunks] == [[], ["a"], ["b", "b1"], ["b2", "b3"], ["c"],
                                                     ["c1"], ["d", "e"]]
    # A part cut across chunks is in each, its id only where it begins; an empty <main> shell
    # (it would open a blank page after the 目录) is left out of the first chunk.
    assert [[s.get("id") for s in c.root.iter("section")] for c in chunks][3] == [None, "b2", "b3"]
    assert chunks[0].root.find("body").find("main") is None
    assert all(c.root.get("lang") == "zh-CN" and c.root.find("head/title").text == "书"
               for c in chunks)


def test_a_document_without_parts_is_one_chunk() -> None:
    chunks = split(_parse("<html><head></head><body><header>封面</header></body></html>"))
    assert [_text(c) for c in chunks] == ["封面"]


def test_marks_are_set_and_taken_back() -> None:
    chunks = split(_parse(MARKUP.replace(
        '<p>表一</p><table></table>', '<div class="table-box"><table class="grid"></table></div>')))
    table = next(chunks[2].root.iter("table"))
    mark(chunks[2], Setting(tight=frozenset({"b1"})))
    assert table.get("class") == "grid tight"
    mark(chunks[2], Setting())
    assert table.get("class") == "grid"
    mark(chunks[0], Setting(toc={"a": 7}))
    assert next(chunks[0].root.iter("a")).get("data-page") == "7"


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")


@pytest.mark.pdf
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_chunks_print_what_the_whole_book_prints(shelf: Shelf, tmp_path: Path) -> None:
    """The 001 example, whose 申报表 and 表2 are set closer (表2's last four rows and 合计 come
    back from a page of their own), laid out whole by WeasyPrint with the same marks (the
    tables set closer, the 目录's numbers): the same pages, line for line."""
    import weasyprint

    built = shelf.books([EXAMPLES["001"]])[EXAMPLES["001"].stem]
    laid = built.laid
    pub = publication("001")
    assert laid.tight == {"申报表1", "表2"}
    root = _parse(html.render(pub, print_edition=True))
    sections = {s.get("id"): s for s in root.iter("section") if s.get("id")}
    tight = frozenset(s.id for s in pub.walk() for b in s.blocks
                      if isinstance(b, Table) and b.id in laid.tight)
    assert tight == {"form-1", next(s.id for s in pub.walk() for b in s.blocks
                                    if isinstance(b, Table) and b.id == "表2")}
    mark(Chunk(root, sections), Setting(tight=tight, toc=laid.anchors))
    whole = weasyprint.HTML(string=_serialise(root)).render()
    whole.write_pdf(tmp_path / "whole.pdf")
    assert len(whole.pages) == laid.count == 28
    assert _pages(tmp_path / "whole.pdf") == _pages(built.pdf)


def _serialise(root: object) -> str:
    import xml.etree.ElementTree as ET

    return "<!DOCTYPE html>" + ET.tostring(root, encoding="unicode", method="html")


def test_a_tail_is_the_last_few_rows_of_one_table_and_its_notes() -> None:
    from generator.writers.pages import TAIL_ROWS, _tail

    last = {("table-2", 0): 30, ("table-3", 0): 12}
    rows = [("r", "table-2", 0, i) for i in range(25, 31)]
    assert len(rows) == TAIL_ROWS and _tail(rows, last)
    assert _tail([*rows[1:], ("p", "table-2", 4)], last)  # its note after it
    assert not _tail([("r", "table-2", 0, 24), *rows], last)  # seven rows: a page of a table
    assert not _tail(rows[:-1], last)  # the table goes on to another page
    assert not _tail([*rows[2:], ("p", "table-3", 0)], last)  # the next section begins here
    assert not _tail([("p", "table-2", 3), *rows[2:]], last)  # the page begins with text
    assert not _tail([("r", "table-3", 0, 12), *rows[3:]], last)  # two tables' rows


def test_a_trial_layout_that_is_undone_leaves_the_one_before() -> None:
    """A trial (a table set closer, a form held) that does not help is undone: the engine keeps
    the chunk's layout from before it, rather than laying the chunk out a third time."""
    from generator.writers.pdf_engine import Local

    engine = Local()
    try:
        chunks = engine.open(1, html.render(publication("004"), print_edition=True))
        kept = engine._books[1].documents
        assert engine.lay(1, 2, 3, Setting()) is not None
        before = kept[2]
        assert engine.lay(1, 2, 3, Setting(tight=frozenset(chunks[2]))) is not None
        assert kept[2] is not before
        engine.restore(1, 2)
        assert kept[2] is before
        engine.restore(1, 2)  # one step back only: nothing more to undo
        assert kept[2] is before
        engine.settle()
        assert engine._books[1].undo is None
    finally:
        engine.close()
