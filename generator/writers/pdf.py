"""PDF writer: the HTML edition laid out by WeasyPrint (A4, CJK fonts embedded as subsets).

It fetches nothing: the HTML is self-contained and the URL fetcher refuses every request, so
rendering never touches the network or reads files other than the installed fonts.

The PDF is tagged (structure tree for screen readers, ``/Lang`` from ``<html lang="zh-CN">``,
title from ``<title>``, bookmarks from the headings). ``variant`` asks WeasyPrint for PDF/A
(archives) or PDF/UA (accessibility) conformance metadata on top of that.

The book is laid out once per publication: :func:`page_numbers` (the Word edition's 目录) and
:func:`write` share the laid-out document, whichever runs first.

Layout and writing are done by an *engine*: in this process, or, after :func:`prestart`, in a
process forked before the command's heavy imports (see :mod:`generator.writers.pdf_engine`).
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable
from contextlib import suppress

from generator.errors import LayoutError
from generator.publication.model import Publication, Table
from generator.writers.pages import Laid
from generator.writers.pdf_engine import VARIANTS, Engine, Forked, Local, Setting, fork_available

__all__ = ["VARIANTS", "finish", "laid_out", "page_numbers", "prestart", "write", "writer"]

# The engine laying out this process's books; :func:`prestart` may replace it by a forked one.
_engine: Engine = Local()
# The laid-out books (目录 page numbers, page plan), by the id of a live publication (entries
# are dropped, and the engine told, when the publication is garbage collected).
_pages: dict[int, Laid] = {}


def prestart() -> None:
    """Start importing WeasyPrint now, in a forked process, while this one validates and
    derives the book (the import alone takes about 0.8 s); that process then lays out and
    writes this run's PDFs. Only where ``fork`` exists (Linux); elsewhere nothing changes.
    Should that process fail, the books are laid out here, as without it."""
    global _engine
    if isinstance(_engine, Local) and fork_available():
        with suppress(OSError):  # no process to spare (a process limit, say): lay out here
            _engine = Forked()


def finish() -> None:
    """End a forked engine (its unwritten documents are dropped); later books are laid out here."""
    global _engine
    _engine.close()
    _engine = Local()


class _Restart(Exception):
    """The forked engine was lost during a layout: the book is laid out again, here."""


def _call(operation: str, *args: object) -> object:
    """``operation`` done by the engine. A forked engine that failed is replaced by a local one:
    a write is then asked of it (it has no book: the caller lays the book out again), a layout
    step starts the book's layout again (:class:`_Restart`)."""
    global _engine
    try:
        return getattr(_engine, operation)(*args)
    except Forked.Lost:
        _engine = Local()
        if operation in ("open", "lay", "restore"):
            raise _Restart from None
        if operation == "settle":  # nothing to settle in a new engine
            return None
        return getattr(_engine, operation)(*args)


def _forget(key: int) -> None:
    _pages.pop(key, None)
    _engine.forget(key)


def _layout(publication: Publication, writing: bool = False) -> Laid:
    """Lay the book out (pages, anchors), not yet painted: chunk by chunk
    (:mod:`generator.writers.chunks`), each numbered on from the one before, the 目录 last.
    ``writing``: the book is written next, so the engine keeps the cyclic collector paused
    until then (it is resumed here otherwise: a book laid out for its page numbers alone may
    stay alive a long time)."""
    key = id(publication)
    if key not in _pages:
        weakref.finalize(publication, _forget, key)
    try:
        try:
            laid = _lay_book(publication, key)
        except _Restart:
            laid = _lay_book(publication, key)
    except BaseException:
        _call("settle")  # nothing of this book will be written
        raise
    if not writing:
        _call("settle")
    _pages[key] = laid
    return laid


def _lay_book(publication: Publication, key: int) -> Laid:
    from generator.writers import html  # the HTML templates load with the first PDF

    chunks = _call("open", key, html.render(publication, print_edition=True))
    assert isinstance(chunks, list)
    tables = _tables(publication)
    front = _must(publication, chunks[0], _lay(key, 0, 1, Setting()))
    while True:  # the 目录's page count, known from a first layout with placeholder numbers
        parts = [front]
        for index in range(1, len(chunks)):
            parts.append(_lay_chunk(publication, key, chunks, index,
                                    1 + sum(p.count for p in parts), tables))
        toc = _must(publication, chunks[0], _lay(key, 0, 1, Setting(toc=_anchors(parts))))
        if toc.count == front.count:
            break
        front = toc  # real numbers took another page (or one less): number the rest again
    return _joined([toc, *parts[1:]], tables)


def _lay(key: int, index: int, first: int, setting: Setting) -> Laid | None:
    """Chunk ``index`` laid out as ``setting`` says; ``None`` if WeasyPrint could not lay it
    out so (the engine then keeps the chunk's last layout)."""
    laid = _call("lay", key, index, first, setting)
    if laid is None:
        return None
    assert isinstance(laid, Laid)
    return dataclasses.replace(laid, tight=setting.tight, held=setting.held, whole=setting.whole)


def _must(publication: Publication, sections: list[str], laid: Laid | None) -> Laid:
    """``laid``, or the error naming the part that cannot be laid out."""
    if laid is not None:
        return laid
    titles = {s.id: s.title for s in publication.walk()}
    named = next((titles[sid] for sid in sections if sid in titles), "目录")
    raise LayoutError(named)


def _lay_chunk(publication: Publication, key: int, chunks: list[list[str]], index: int,
               first: int, tables: dict[str, Table]) -> Laid:
    """Chunk ``index`` laid out from page ``first``, without a stub page where it can be helped.

    A table leaving a stub page (a few rows, its 合计 or its note alone) is set closer, and the
    chunk laid out again once: the rows then fit on the page before, or the stub stays. A table
    whose last few rows fill more than a stub (a tail: its header repeated, a landscape page) is
    set closer only where that saves the page and adds no stub. A 申报表 leaving one (its
    last 一级指标 group torn from a full page) is set closer and held in one trial: its last
    groups go to that page together, unless that costs a page or cannot be done (a group
    taller than a page); then it is set closer alone. The book's last page may end short, as
    a part's does."""
    laid = _must(publication, chunks[index], _lay(key, index, first, Setting()))
    last = index == len(chunks) - 1
    tight = frozenset(sid for _, sid, _ in laid.stubs if sid in tables)
    # A 申报表 leaving a stub is set closer and holds its last groups in one trial: set closer
    # alone, a form whose groups do not break inside seldom takes its stub back.
    both = Setting(tight, _holdable(laid, tables, first, last))
    if both.held:
        trial = _lay(key, index, first, both)
        if trial is not None and trial.count <= laid.count:
            return trial
        if trial is not None:
            _call("restore", key, index)
    if tight:
        laid = _lay(key, index, first, Setting(tight)) or laid
    # A table whose last few rows take a page of their own (more than a stub's share: its
    # header repeated, or a landscape page) is set closer where that saves the page.
    tails = frozenset(sid for _, sid in laid.tails if sid in tables) - laid.tight
    if tails:
        before = laid
        laid = _kept(key, index, _lay(key, index, first, Setting(laid.tight | tails)), laid,
                     lambda closer: closer.count < before.count
                     and len(closer.stubs) <= len(before.stubs))
    held = _holdable(laid, tables, first, last)
    if held and Setting(laid.tight, held) != both:  # (that one did not fit)
        again = _lay(key, index, first, Setting(laid.tight, held))
        if again is None:
            return laid
        before = laid  # holding that costs a page leaves the layout before it
        laid = _kept(key, index, again, laid, lambda holding: holding.count <= before.count)
    return _whole_text(key, index, first, last, tables, laid)


def _whole_text(key: int, index: int, first: int, last: bool, tables: dict[str, Table],
                laid: Laid) -> Laid:
    """The chunk with each text section (a project's 七、绩效目标) whose last lines stand alone
    on a page, begun on the page before, kept whole (book.css section.whole): the page then
    begins at its heading, in the Word edition too (it breaks where the PDF's pages begin).
    Kept if that costs no page and leaves fewer stubs (a section too tall to move, or one
    leaving the page before it nearly empty, does not); else the layout before it is restored.
    The book's last page may end short."""
    whole = frozenset(sid for page, sid in _stubs(laid, first, last)
                      if sid not in tables and laid.anchors.get(sid) == page - 1)
    if not whole:
        return laid
    trial = _lay(key, index, first, Setting(laid.tight, laid.held, whole=laid.whole | whole))
    return _kept(key, index, trial, laid,
                 lambda moved: moved.count <= laid.count and len(moved.stubs) < len(laid.stubs))


def _kept(key: int, index: int, trial: Laid | None, laid: Laid, better: Callable[[Laid], bool]
          ) -> Laid:
    """``trial`` where it is ``better``; else ``laid``, the layout before it, which the engine
    takes back (``None``: WeasyPrint could not lay the trial out and kept ``laid`` itself)."""
    if trial is None:
        return laid
    if better(trial):
        return trial
    _call("restore", key, index)
    return laid


def _stubs(laid: Laid, first: int, last: bool) -> list[tuple[int, str]]:
    """The stub pages (page, section) of a chunk laid out from page ``first``, but for the
    book's last page (``last``: the chunk is the book's last), which may end short."""
    end = first + laid.count - 1
    return [(page, sid) for page, sid, _ in laid.stubs if not (last and page == end)]


def _holdable(laid: Laid, tables: dict[str, Table], first: int, last: bool) -> frozenset[str]:
    """The 申报表 of a chunk laid out from page ``first`` that leave a stub page (but on the
    book's last page)."""
    return frozenset(sid for _, sid in _stubs(laid, first, last)
                     if sid in tables and not tables[sid].header)


def _anchors(parts: list[Laid]) -> dict[str, int]:
    """Each anchor's first page over the chunks' layouts, in book order."""
    anchors: dict[str, int] = {}
    for part in parts:
        for anchor, page in part.anchors.items():
            anchors.setdefault(anchor, page)
    return anchors


def _joined(parts: list[Laid], tables: dict[str, Table]) -> Laid:
    """The chunks' layouts as the book's; ``tight`` and ``held`` as table ids."""
    return Laid(anchors=_anchors(parts),
                starts={u: s for part in parts for u, s in part.starts.items()},
                count=sum(part.count for part in parts),
                splits={u: s for part in parts for u, s in part.splits.items()},
                stubs=[stub for part in parts for stub in part.stubs],
                tails=[tail for part in parts for tail in part.tails],
                tight=frozenset(tables[sid].id for part in parts for sid in part.tight),
                held=frozenset(tables[sid].id for part in parts for sid in part.held),
                whole=frozenset(sid for part in parts for sid in part.whole))


def _tables(publication: Publication) -> dict[str, Table]:
    """Each section's table, by section id."""
    found: dict[str, Table] = {}
    todo = list(publication.sections)
    while todo:
        section = todo.pop()
        todo += section.children
        table = next((b for b in section.blocks if isinstance(b, Table)), None)
        if table is not None:
            found[section.id] = table
    return found


def page_numbers(publication: Publication) -> dict[str, int]:
    """Printed page number of every anchor (section id) of the PDF edition.

    Taken from the PDF when it was already laid out in this process; otherwise the book is
    laid out now and the document kept for :func:`write`, so a build lays it out once."""
    return laid_out(publication).anchors


def laid_out(publication: Publication) -> Laid:
    """The PDF edition's layout of the book (see :func:`page_numbers`): anchors' page numbers,
    where each page begins (the Word edition breaks its pages there) and the page count."""
    laid = _pages.get(id(publication))
    return laid if laid is not None else _layout(publication)


def write(publication: Publication, variant: str | None = None) -> bytes:
    """The book as PDF bytes: tagged, with ``variant`` (one of :data:`VARIANTS`) if asked."""
    if variant is not None and variant not in VARIANTS:
        raise ValueError(f"unknown PDF variant: {variant}")
    key = id(publication)
    if key not in _pages:
        _layout(publication, writing=True)
    data = _call("write", key, variant)
    if data is None:  # laid out earlier and already written once: lay it out again
        _layout(publication, writing=True)
        data = _call("write", key, variant)
    assert isinstance(data, bytes)
    return data


def writer(variant: str | None) -> Callable[[Publication], bytes]:
    """A PDF writer with a fixed variant, for :data:`generator.writers.WRITERS`' signature."""
    def write_variant(publication: Publication) -> bytes:
        return write(publication, variant)
    return write_variant
