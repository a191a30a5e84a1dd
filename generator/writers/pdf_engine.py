"""Where the PDF writer's WeasyPrint work runs: here (:class:`Local`) or in a forked process
(:class:`Forked`) that imports WeasyPrint while this process validates and derives the book.

Both lay a book out from its HTML chunk by chunk (:mod:`generator.writers.chunks`), as
:mod:`generator.writers.pdf` asks, keep the laid-out chunks under a key until the book is
written as one PDF, and return plain data (page numbers, PDF bytes), so either can serve it.
The forked process is a plain copy of this one made by ``fork`` before the heavy imports: it
runs no other code, reads its requests from a pipe, and ends when the pipe closes.
"""

from __future__ import annotations

import copy
import dataclasses
import multiprocessing
import signal
import sys
import traceback
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, NoReturn, Protocol

from generator import collector
from generator.writers import print_tree
from generator.writers.chunks import Chunk, split
from generator.writers.pages import Laid, index, plan

# PDF variants a bureau may ask for (``build --pdf-variant``), as WeasyPrint names them.
VARIANTS = ("pdf/a-3b", "pdf/a-2b", "pdf/ua-1")


class Engine(Protocol):
    """Lays books out chunk by chunk (:mod:`generator.writers.chunks`) and writes them; the
    laid-out chunks are kept by key between the steps."""

    def open(self, key: int, markup: str) -> list[list[str]]: ...
    def lay(self, key: int, index: int, first: int, setting: Setting) -> Laid | None: ...
    def restore(self, key: int, index: int) -> None: ...
    def settle(self) -> None: ...
    def write(self, key: int, variant: str | None) -> bytes | None: ...
    def forget(self, key: int) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class Setting:
    """How a chunk is set: the sections whose tables are set closer (``tight``), the sections
    whose 申报表 hold their last groups together (``held``) and, for the 目录, the page of each
    anchor (``None``: not known yet; a placeholder of three digits stands in)."""

    tight: frozenset[str] = frozenset()
    held: frozenset[str] = frozenset()
    toc: dict[str, int] | None = None
    # Sections kept whole on one page (book.css section.whole): a text section whose last
    # lines would stand alone on a page.
    whole: frozenset[str] = frozenset()


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"budgetgen does not fetch resources while rendering: {url}")


def _page_references_once() -> None:
    """Make pydyf's ``PDF.page_references`` build its tuple once per page count.

    WeasyPrint's tagging (``pdf_tags``) reads that property once for every tagged box, and
    pydyf builds the tuple of all the pages' references each time: time grows with pages ×
    boxes, about a tenth of writing a 99-page book. The references only change when a page is
    added (pydyf appends to ``Kids``), so the tuple is kept with the length of ``Kids`` it
    was made for. The PDF's bytes are the same (tests/test_pdf_engine.py)."""
    import pydyf  # type: ignore[import-untyped]

    original = pydyf.PDF.__dict__.get("page_references")
    build = original.fget if isinstance(original, property) else None
    if build is None or getattr(build, "kept", False):
        return  # already done, or a pydyf whose property is not the one this replaces

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        kept = pdf.__dict__.get("_budgetgen_page_references")
        if kept is None or kept[0] != len(kids):
            kept = (len(kids), build(pdf))
            pdf.__dict__["_budgetgen_page_references"] = kept
        references: tuple[bytes, ...] = kept[1]
        return references

    page_references.kept = True  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


# zlib level of the PDF's streams (page contents, font subsets, object streams). pydyf asks
# for 9, which took twice the time of 6 for 1 % smaller books (the 000 and 001 examples:
# 0.27 s against 0.13 s for 1.37 MB of streams, about 3 % of a book's time, against 1 %
# of its size); 6 is zlib's own default.
STREAM_LEVEL = 6


class _Zlib:
    """zlib as pydyf sees it: streams asked at level 9 are compressed at :data:`STREAM_LEVEL`.
    Only the encoding of the streams changes: decompressed, every stream (so every page) is
    the same as before, byte for byte."""

    def __getattr__(self, name: str) -> Any:
        import zlib

        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1, *args: Any, **kwargs: Any) -> Any:
        import zlib

        return zlib.compressobj(STREAM_LEVEL if level == 9 else level, *args, **kwargs)


def _stream_level_once() -> None:
    """Make pydyf compress its streams at :data:`STREAM_LEVEL` (see :class:`_Zlib`)."""
    import zlib

    import pydyf

    if getattr(pydyf, "zlib", None) is zlib:  # (not when already done, or in another pydyf)
        pydyf.zlib = _Zlib()


def _font_files_once() -> None:
    """Make WeasyPrint read each font file once per process, not once per PDF.

    For every face a PDF embeds, WeasyPrint copies the whole font file into a bytes object
    before subsetting it (``Font.__init__``): the book's three faces are collections of 20 to
    27 MB (Noto CJK), 73 MB copied into fresh memory for every book. The copy is now kept,
    by the memory of the file as HarfBuzz maps it (which stays mapped while a reference to it
    is kept here, so its address names no other data), and the same bytes serve every PDF.
    Only the copy made in ``Font.__init__`` is kept; the subsets are not."""
    try:  # WeasyPrint's internals as of 70: where they differ, every PDF copies as before
        from weasyprint.pdf import fonts as pdf_fonts
        from weasyprint.text.ffi import ffi, harfbuzz

        original_init = pdf_fonts.Font.__init__
        read = pdf_fonts.get_hb_object_data
        harfbuzz.hb_face_reference_blob, harfbuzz.hb_blob_get_data  # noqa: B018
    except (ImportError, AttributeError):
        return
    if getattr(original_init, "kept", False):
        return
    files: dict[tuple[int, int], tuple[Any, bytes]] = {}

    def kept_file(hb_face: Any, ot_color: Any = None, glyph: Any = None) -> Any:
        if ot_color is not None:
            return read(hb_face, ot_color, glyph)
        blob = harfbuzz.hb_face_reference_blob(hb_face)
        length = ffi.new("unsigned int *")
        data = harfbuzz.hb_blob_get_data(blob, length)
        key = (int(ffi.cast("uintptr_t", data)), int(length[0]))
        if data == ffi.NULL or key in files:
            harfbuzz.hb_blob_destroy(blob)  # (a kept file holds its own reference)
            return files[key][1] if key in files else None
        if len(files) >= 16:  # not the few faces of a book: keep no more
            for old, _ in files.values():
                harfbuzz.hb_blob_destroy(old)
            files.clear()
        files[key] = (blob, ffi.unpack(data, key[1]))
        return files[key][1]

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        pdf_fonts.get_hb_object_data = kept_file
        try:
            original_init(self, *args, **kwargs)
        finally:
            pdf_fonts.get_hb_object_data = read

    __init__.kept = True  # type: ignore[attr-defined]
    pdf_fonts.Font.__init__ = __init__


def _srgb_profile() -> Any:
    from importlib.resources import files

    from weasyprint.css import ColorProfile

    with (files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as icc:
        return ColorProfile(icc, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))


# book.css classes the layout sets (the template never prints them): a table set closer, a
# 申报表 holding its last groups; and the 目录 entries' page numbers, printed by book.css.
TIGHT, HELD, INDICATORS, PAGE = "tight", "held", "form-indicators", "data-page"
WHOLE = "whole"
PLACEHOLDER = "999"


@dataclass
class _Book:
    """A book being laid out: its chunks, the unit index of the whole (pages.index), its style
    sheets and each chunk's laid-out document."""

    html: Any  # WeasyPrint's HTML settings for the book; each chunk sets its own tree (lay)
    chunks: list[Chunk]
    units: dict[Any, Any]
    continued: dict[Any, str]
    sheets: list[Any]
    documents: list[Any]
    # The chunk and document its last layout replaced (restore: a trial that did not help).
    undo: tuple[int, Any] | None = None


class Local:
    """WeasyPrint in this process."""

    def __init__(self) -> None:
        self._books: dict[int, _Book] = {}
        self._fonts: Any = None
        self._sheets: dict[str, Any] = {}  # parsed style sheets by their text
        self._paused = False

    # The cyclic collector is paused from ``open`` until the book is laid out (``settle``) or,
    # when it is written straight after, until it is written; then one pass frees what the
    # layout left (generator.collector).
    def _pause(self) -> None:
        if collector.pause():
            self._paused = True

    def settle(self) -> None:
        """The book is laid out (or its layout failed): the cyclic collector resumes."""
        for book in self._books.values():
            book.undo = None  # nothing more is tried: the replaced layouts can go
        if self._paused:
            self._paused = False
            collector.resume()

    def _sheet(self, text: str) -> Any:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        if self._fonts is None:
            self._fonts = FontConfiguration()
        if text not in self._sheets:
            self._sheets[text] = weasyprint.CSS(string=text, url_fetcher=_refuse, base_url=None,
                                                font_config=self._fonts)
        return self._sheets[text]

    def open(self, key: int, markup: str) -> list[list[str]]:
        """Parse the book's print HTML and cut it into chunks; returns the ids of the sections
        beginning in each."""
        import weasyprint  # imported here: the other formats do not need it

        self._pause()
        # WeasyPrint's settings for the book; each chunk gets its tree, parsed here by lxml
        # into the tree WeasyPrint's own parser makes, ten times faster (print_tree).
        html = weasyprint.HTML(string="<html></html>", url_fetcher=_refuse, base_url=None)
        root = print_tree.parse(markup)
        styles = []  # parsed once, shared by every chunk (and book) that has them
        head = root.find("head")
        if head is not None:
            styles = [element for element in head if element.tag == "style"]
            for element in styles:
                head.remove(element)
        units, continued = index(root)
        pieces = split(root)
        self._books[key] = _Book(html, pieces, units, continued,
                                 [self._sheet(element.text or "") for element in styles],
                                 [None] * len(pieces))
        return [list(piece.sections) for piece in pieces]

    def lay(self, key: int, index: int, first: int, setting: Setting) -> Laid | None:
        """Lay chunk ``index`` out, its first page numbered ``first``, and keep it: the first
        page of each anchor and where each page begins (:mod:`generator.writers.pages`).
        ``None`` if WeasyPrint cannot lay it out so; the chunk's last layout is then kept."""
        import cssselect2

        book = self._books[key]
        book.undo = None
        chunk = book.chunks[index]
        mark(chunk, setting)
        html = copy.copy(book.html)  # the book's HTML settings, with this chunk's tree
        html.wrapper_element = cssselect2.ElementWrapper.from_html_root(chunk.root,
                                                                      content_language=None)
        html.etree_element = html.wrapper_element.etree_element
        sheets = list(book.sheets)
        if first > 1:
            sheets.append(self._sheet(f"@page :first {{ counter-reset: page {first}; }}"))
        try:
            document = html.render(stylesheets=sheets, font_config=self._fonts)
        except MemoryError:
            raise
        except Exception:  # WeasyPrint gave up (a group taller than a page held with the next)
            return None
        book.undo = (index, book.documents[index])
        book.documents[index] = document
        anchors: dict[str, int] = {}
        for number, page in enumerate(document.pages, start=first):
            for anchor in page.anchors:  # a section running over pages is anchored on each
                anchors.setdefault(anchor, number)
        laid = plan(document.pages, book.units, book.continued, first)
        return dataclasses.replace(laid, anchors=anchors)

    def restore(self, key: int, index: int) -> None:
        """Keep chunk ``index`` as laid out before its last layout (a trial that did not help),
        so it need not be laid out again."""
        book = self._books[key]
        if book.undo is not None and book.undo[0] == index:
            book.documents[index] = book.undo[1]
        book.undo = None

    def write(self, key: int, variant: str | None) -> bytes | None:
        """The PDF of the book kept under ``key`` (then dropped); ``None`` if none is kept."""
        book = self._books.get(key)
        if book is None or any(document is None for document in book.documents):
            return None
        document = book.documents[0].copy([page for document in book.documents
                                           for page in document.pages])
        options: dict[str, Any] = {"pdf_tags": True}
        if variant is not None:
            options["pdf_variant"] = variant
            if variant.startswith("pdf/a"):
                # The sRGB output intent PDF/A needs, given as a profile read and closed here:
                # WeasyPrint 70 opens its own copy and never closes it (a ResourceWarning).
                options["output_intent"] = False
                document.color_profiles.setdefault("srgb", _srgb_profile())
        self._pause()
        _page_references_once()
        _stream_level_once()
        _font_files_once()
        try:
            data: bytes = document.write_pdf(**options)
        finally:
            del document
            self.forget(key)
            self.settle()
        return data

    def forget(self, key: int) -> None:
        self._books.pop(key, None)

    def close(self) -> None:
        self._books.clear()
        self.settle()


def mark(chunk: Chunk, setting: Setting) -> None:
    """Mark the chunk's tables, text and 目录 as ``setting`` says (book.css styles the marks)."""
    for sid, section in chunk.sections.items():
        classes = (section.get("class") or "").split()
        if WHOLE in classes or sid in setting.whole:
            classes = [c for c in classes if c != WHOLE] + [WHOLE] * (sid in setting.whole)
            section.set("class", " ".join(classes))
        for box in section:
            if box.tag != "div":
                continue
            for table in box.iter("table"):
                classes = [c for c in (table.get("class") or "").split() if c not in (TIGHT, HELD)]
                if sid in setting.tight:
                    classes.append(TIGHT)
                if sid in setting.held and INDICATORS in classes:
                    classes.append(HELD)
                table.set("class", " ".join(classes))
    for nav in chunk.root.iter("nav"):
        if "toc" not in (nav.get("class") or "").split():
            continue
        for link in nav.iter("a"):
            page = None if setting.toc is None else setting.toc.get(link.get("href", "")[1:])
            link.set(PAGE, PLACEHOLDER if page is None else str(page))


def fork_available() -> bool:
    """Whether :class:`Forked` can be used: Linux, where ``fork`` is safe and cheap."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class Forked:
    """A :class:`Local` engine in a process forked now, importing WeasyPrint at once."""

    class Lost(Exception):
        """The forked process ended or failed: the caller lays the book out here instead."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._connection, far_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(far_end, self._connection),
                                        name="budgetgen-pdf", daemon=True)
        self._process.start()
        far_end.close()

    def _ask(self, *request: object) -> Any:
        try:
            self._connection.send(request)
            status, result = self._connection.recv()
        except (EOFError, OSError, ValueError) as exc:
            self.close()
            raise self.Lost(str(exc)) from exc
        if status != "done":  # the failure repeats in this process, with its usual traceback
            self.close()
            raise self.Lost(result)
        return result

    def open(self, key: int, markup: str) -> list[list[str]]:
        chunks: list[list[str]] = self._ask("open", key, markup)
        return chunks

    def lay(self, key: int, index: int, first: int, setting: Setting) -> Laid | None:
        laid: Laid | None = self._ask("lay", key, index, first, setting)
        return laid

    def restore(self, key: int, index: int) -> None:
        self._ask("restore", key, index)

    def settle(self) -> None:
        self._ask("settle")

    def write(self, key: int, variant: str | None) -> bytes | None:
        data: bytes | None = self._ask("write", key, variant)
        return data

    def forget(self, key: int) -> None:
        with suppress(OSError, ValueError):
            self._connection.send(("forget", key))

    def close(self) -> None:
        """End the process (it stops when the pipe closes) and wait for it."""
        self._connection.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _serve(connection: Connection, parent_end: Connection) -> None:
    """The forked process: import WeasyPrint, then answer requests until the pipe closes."""
    parent_end.close()  # inherited copy: without closing it the pipe would never report EOF
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    with suppress(Exception):  # a failure here repeats, and is reported, at the first layout
        import weasyprint  # noqa: F401  the point of this process: import while the parent works
    engine = Local()
    while True:
        try:
            operation, *args = connection.recv()
        except (EOFError, OSError):
            return
        if operation == "forget":
            engine.forget(*args)
            continue
        try:
            reply = ("done", getattr(engine, operation)(*args))
        except BaseException:  # reported to the parent, which redoes the work in its own process
            reply = ("failed", traceback.format_exc())
        try:
            connection.send(reply)
        except (OSError, ValueError):
            return
