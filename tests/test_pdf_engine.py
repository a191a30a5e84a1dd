"""The PDF writer's engines: a book laid out in a forked process (``build`` starts it before its
heavy imports) is the same PDF, byte for byte, as one laid out here; a forked process that dies
or fails leaves the work to this process, and the book is still written."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import publish, validate
from generator.publication.model import Publication
from generator.writers import pdf
from generator.writers.pages import Laid
from generator.writers.pdf_engine import Forked, Local, Setting, fork_available
from tests.helpers import TESTDATA, publication

# The engines' mechanics, not the book's pages, are tested: the smallest valid book will do.
MINIMAL = TESTDATA / "valid-minimal.yaml"


def minimal() -> Publication:
    return publish(validate(str(MINIMAL)))

pytestmark = [pytest.mark.pdf,
              pytest.mark.skipif(not fork_available(), reason="the forked engine is Linux-only")]


@pytest.fixture(scope="module")
def local_pdf() -> bytes:
    """The minimal book written in this process (no forked engine)."""
    assert isinstance(pdf._engine, Local)
    return pdf.write(minimal())


@pytest.fixture
def forked() -> Iterator[Forked]:
    pdf.prestart()
    engine = pdf._engine
    assert isinstance(engine, Forked)
    try:
        yield engine
    finally:
        pdf.finish()
    assert isinstance(pdf._engine, Local)


def test_a_forked_layout_is_the_same_pdf(local_pdf: bytes, forked: Forked) -> None:
    pub = minimal()
    pages = pdf.page_numbers(pub)  # laid out in the forked process...
    assert pages["functions"] == 3
    assert pdf.write(pub) == local_pdf  # ...and written there: the same bytes
    assert pdf._engine is forked  # nothing failed over


def test_a_dead_forked_process_leaves_the_book_to_this_one(local_pdf: bytes, forked: Forked) -> None:
    forked._process.kill()
    forked._process.join()
    assert pdf.write(minimal()) == local_pdf
    assert isinstance(pdf._engine, Local)


def test_a_failure_in_the_forked_process_is_redone_here(local_pdf: bytes,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = Local.lay

    def fails_in_the_child(self: Local, key: int, index: int, first: int,
                           setting: Setting) -> Laid:
        if os.getpid() != parent and index == 2:  # a chunk after others were laid out there
            raise RuntimeError("layout failed in the forked process")
        return real(self, key, index, first, setting)

    monkeypatch.setattr(Local, "lay", fails_in_the_child)
    pdf.prestart()  # forked after the patch: the child has it
    try:
        assert pdf.write(minimal()) == local_pdf
        assert isinstance(pdf._engine, Local)  # the failed engine was replaced
    finally:
        pdf.finish()


def test_build_command_forks_and_ends_its_engine(tmp_path: Path, local_pdf: bytes,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Forked] = []
    real = Forked.__init__

    def remembered(self: Forked) -> None:
        real(self)
        started.append(self)

    monkeypatch.setattr(Forked, "__init__", remembered)
    code = main(["build", str(MINIMAL), "--format", "pdf,docx", "--out", str(tmp_path)])
    assert code == 0
    assert len(started) == 1 and not started[0]._process.is_alive()  # ended with the command
    assert isinstance(pdf._engine, Local)
    assert (tmp_path / "valid-minimal.pdf").read_bytes() == local_pdf
    assert (tmp_path / "valid-minimal.docx").stat().st_size > 0


def test_no_process_to_fork_means_layout_here(local_pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: Forked) -> None:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(Forked, "__init__", refused)
    pdf.prestart()
    assert isinstance(pdf._engine, Local)
    assert pdf.write(minimal()) == local_pdf


def test_a_chunk_weasyprint_cannot_lay_out_names_its_part(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """WeasyPrint gives up on a chunk (an assertion inside its page maker, seen on a 申报表 cell
    of 30,000 characters): the build names the part in Chinese, exits 2 and writes nothing."""
    real = Local.lay

    def gives_up(self: Local, key: int, index: int, first: int, setting: Setting) -> Laid | None:
        if "functions" in self._books[key].chunks[index].sections:
            return None
        return real(self, key, index, first, setting)

    monkeypatch.setattr(Local, "lay", gives_up)
    monkeypatch.setattr(pdf, "prestart", lambda: None)  # laid out in this process, patched
    code = main(["build", str(MINIMAL), "--format", "html,pdf", "--out", str(tmp_path)])
    assert code == 2
    title = next(s.title for s in minimal().walk() if s.id == "functions")
    assert f"无法排版「{title}」" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_setting_weasyprint_cannot_lay_out_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 申报表 held together (or a table set closer) that WeasyPrint cannot lay out (a group
    taller than a page held with the next) keeps the layout it had: the book is still written."""
    from generator.writers.pdf import _lay_chunk

    laid = Laid({}, {}, 2, stubs=[(5, "form-1", 0.1)])
    calls: list[Setting] = []

    def lay(key: int, index: int, first: int, setting: Setting) -> Laid | None:
        calls.append(setting)
        return None if setting.held else dataclasses.replace(laid, tight=setting.tight)

    monkeypatch.setattr(pdf, "_lay", lay)
    pub = publication("004")  # forms only
    tables = {"form-1": next(t for t in pub.tables.values() if not t.header)}
    chunks = [[], ["x"], ["form-1"], ["y"]]
    kept = _lay_chunk(pub, 0, chunks, 2, 4, tables)
    assert kept.tight == {"form-1"} and not kept.held and kept.count == 2
    # set closer and held in one trial first; that failing, set closer alone (and the same
    # held trial is not asked twice)
    assert calls == [Setting(), Setting(frozenset({"form-1"}), frozenset({"form-1"})),
                     Setting(frozenset({"form-1"}))]


@pytest.mark.parametrize("held_pages", [2, 3])
def test_a_form_leaving_a_stub_is_set_closer_and_held_in_one_trial(
        held_pages: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 申报表 whose last group stands alone on a page is laid out once more, set closer and
    held together: kept if that costs no page. Costing one (3 pages), the layout before it is
    restored and the form is set closer alone, as a ruled table is."""
    from generator.writers.pdf import _lay_chunk

    stub = Laid({}, {}, 2, stubs=[(5, "form-1", 0.1)])
    calls: list[object] = []

    def lay(key: int, index: int, first: int, setting: Setting) -> Laid | None:
        calls.append(setting)
        count = held_pages if setting.held else 2
        return dataclasses.replace(stub, count=count, tight=setting.tight, held=setting.held)

    monkeypatch.setattr(pdf, "_lay", lay)
    monkeypatch.setattr(pdf, "_call", lambda operation, *args: calls.append(operation))
    pub = publication("004")
    tables = {"form-1": next(t for t in pub.tables.values() if not t.header)}
    kept = _lay_chunk(pub, 0, [[], ["x"], ["form-1"], ["y"]], 2, 4, tables)
    form = frozenset({"form-1"})
    if held_pages == 2:
        assert (kept.tight, kept.held, kept.count) == (form, form, 2)
        assert calls == [Setting(), Setting(form, form)]
    else:
        assert (kept.tight, kept.held, kept.count) == (form, frozenset(), 2)
        assert calls == [Setting(), Setting(form, form), "restore", Setting(form)]


@pytest.mark.parametrize("trial_pages", [12, 13])
def test_a_text_section_leaving_a_stub_goes_to_that_page_whole(
        trial_pages: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text section begun on one page whose last lines stand alone on the next (a project's
    七、绩效目标, two lines on the last page of its part: unseen books 3) is laid out once
    more kept whole, so that page begins at its heading: kept if that costs no page, else the
    layout before it is restored. A section begun two pages before is too tall to move."""
    from generator.writers.pdf import _lay_chunk

    stubs = [(27, "project-12-7", 0.06), (20, "project-6-1", 0.1)]
    anchors = {"project-12-7": 26, "project-6-1": 18}
    calls: list[object] = []

    def lay(key: int, index: int, first: int, setting: Setting) -> Laid | None:
        calls.append(setting)
        moved = setting.whole == {"project-12-7"}
        return Laid(anchors, {}, trial_pages if moved else 12,
                    stubs=stubs[1:] if moved else stubs, whole=setting.whole)

    monkeypatch.setattr(pdf, "_lay", lay)
    monkeypatch.setattr(pdf, "_call", lambda operation, *args: calls.append(operation))
    pub = publication("000")
    chunks = [[], ["projects", "project-6-1", "project-12-7"], ["forms"]]
    kept = _lay_chunk(pub, 0, chunks, 1, 16, {})
    moved = Setting(whole=frozenset({"project-12-7"}))
    if trial_pages == 12:
        assert (kept.whole, kept.count, len(kept.stubs)) == ({"project-12-7"}, 12, 1)
        assert calls == [Setting(), moved]
    else:
        assert (kept.whole, kept.count, len(kept.stubs)) == (frozenset(), 12, 2)
        assert calls == [Setting(), moved, "restore"]


def test_a_section_kept_whole_is_marked_for_book_css() -> None:
    """pdf_engine.mark sets (and clears) a kept-whole section's class; book.css keeps it on
    one page."""
    from lxml import etree

    from generator.resources import TEMPLATES
    from generator.writers.chunks import Chunk
    from generator.writers.pdf_engine import mark

    root = etree.fromstring('<html><body><section id="a" class="level-3"><h4>x</h4>'
                            '<p class="body">y</p></section></body></html>')
    chunk = Chunk(root, {"a": root.find(".//section")})
    mark(chunk, Setting(whole=frozenset({"a"})))
    assert chunk.sections["a"].get("class") == "level-3 whole"
    mark(chunk, Setting())
    assert chunk.sections["a"].get("class") == "level-3"
    css = (Path(TEMPLATES) / "html" / "book.css").read_text(encoding="utf-8")
    assert "section.whole { break-inside: avoid; }" in css


def test_the_collector_is_paused_while_a_book_is_laid_out_and_runs_after_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The cyclic collector is paused while a book is laid out and, when it is written at
    once, until it is written (one pass frees it then). A book laid out for its page numbers
    alone (the Word edition's), or whose layout fails, leaves it running."""
    import gc

    from generator import collector

    states: list[bool] = []
    real = Local.lay

    def lay(self: Local, key: int, index: int, first: int, setting: Setting) -> Laid | None:
        states.append(gc.isenabled())
        return real(self, key, index, first, setting)

    monkeypatch.setattr(Local, "lay", lay)
    assert gc.isenabled()
    kept = minimal()
    pdf.page_numbers(kept)  # laid out for its page numbers, and kept alive
    assert states and not any(states) and gc.isenabled()
    states.clear()
    writes: list[bool] = []
    real_write = Local.write

    def write(self: Local, key: int, variant: str | None) -> bytes | None:
        writes.append(gc.isenabled())
        return real_write(self, key, variant)

    monkeypatch.setattr(Local, "write", write)
    assert pdf.write(minimal()).startswith(b"%PDF")  # laid out and written at once
    assert states and not any(states) and writes == [False] and gc.isenabled()

    monkeypatch.setattr(Local, "lay", lambda *args: None)  # WeasyPrint gives up on every chunk
    with pytest.raises(Exception, match="无法排版"):
        pdf.page_numbers(minimal())
    assert gc.isenabled()

    with collector.paused():  # a batch worker pauses it for the whole book: the engine leaves
        assert not gc.isenabled()  # it paused, and the block's end runs it
        with collector.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_page_references_kept_per_page_count_give_the_same_pdf(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """pydyf's page references, built once per page count instead of once per tagged box,
    give the same bytes; the kept tuple follows a page added later."""
    import pydyf

    from generator.writers import pdf_engine

    pdf_engine._page_references_once()
    kept = pydyf.PDF.__dict__["page_references"]
    assert kept.fget.kept
    asked: list[int] = []
    with monkeypatch.context() as patch:  # the kept references, counting the questions
        patch.setattr(pydyf.PDF, "page_references",
                      property(lambda self: (asked.append(1), kept.fget(self))[1]))
        patch.setattr(pdf_engine, "_page_references_once", lambda: None)
        ours = pdf.write(publication("004"))
    with monkeypatch.context() as patch:
        patch.setattr(pydyf.PDF, "page_references", property(
            lambda self: tuple(f"{n} 0 R".encode("ascii") for n in self.pages["Kids"][::3])))
        patch.setattr(pdf_engine, "_page_references_once", lambda: None)
        theirs = pdf.write(publication("004"))
    assert ours == theirs and len(asked) > 100  # (the tags ask once a tagged box)
    document = pydyf.PDF()
    for number in (7, 9):
        document.pages["Kids"].extend([number, 0, "R"])
        assert document.page_references == tuple(
            f"{n} 0 R".encode() for n in document.pages["Kids"][::3])
    assert document.page_references == (b"7 0 R", b"9 0 R")


def test_streams_are_compressed_at_level_6_and_decompress_the_same() -> None:
    """pydyf's level-9 streams are made at zlib's default level: the same bytes once
    decompressed, in half the time."""
    import zlib

    from generator.writers.pdf_engine import STREAM_LEVEL, _Zlib

    data = ("表1 财务收支预算总表 1,234,567.89 " * 2000).encode()
    shim = _Zlib()
    made = shim.compressobj(9)
    packed = made.compress(data) + made.flush()
    six = zlib.compressobj(STREAM_LEVEL)
    assert STREAM_LEVEL == 6 and packed == six.compress(data) + six.flush()
    assert zlib.decompress(packed) == data and shim.decompress is zlib.decompress


def test_font_files_are_copied_once_per_process_and_the_pdf_is_the_same(
        local_pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint's copy of each font file is made once per process (the three Noto CJK files
    are 20-27 MB each): a second book written here reuses it, and the PDF is the one
    WeasyPrint makes copying each file for each book."""
    import inspect

    from weasyprint.pdf import fonts as pdf_fonts

    kept = pdf_fonts.Font.__init__
    assert getattr(kept, "kept", False)  # after the first PDF written here
    read = pdf_fonts.get_hb_object_data
    assert pdf.write(minimal()) == local_pdf
    assert pdf_fonts.get_hb_object_data is read  # swapped only inside Font.__init__
    from generator.writers import pdf_engine

    monkeypatch.setattr(pdf_engine, "_font_files_once", lambda: None)
    monkeypatch.setattr(pdf_fonts.Font, "__init__", inspect.getclosurevars(kept).nonlocals["original_init"])
    assert pdf.write(minimal()) == local_pdf  # WeasyPrint's own copies: the same bytes
    assert pdf_fonts.Font.__init__ is not kept


def test_batch_workers_are_forked_where_the_pdf_engine_forks() -> None:
    from generator.batch import _context

    assert _context().get_start_method() == ("fork" if fork_available() else "spawn")
