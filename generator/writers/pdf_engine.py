"""Where the PDF writer's WeasyPrint work runs: here (:class:`Local`) or in a forked process
(:class:`Forked`) that imports WeasyPrint while this process validates and derives the book.

Both lay a book out from its HTML, keep the laid-out document under a key until it is written,
and return plain data (page numbers, PDF bytes), so either can serve :mod:`generator.writers.pdf`.
The forked process is a plain copy of this one made by ``fork`` before the heavy imports: it
runs no other code, reads its requests from a pipe, and ends when the pipe closes.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import signal
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
from typing import Any, NoReturn, Protocol

from generator.writers.pages import Laid, plan

# PDF variants a bureau may ask for (``build --pdf-variant``), as WeasyPrint names them.
VARIANTS = ("pdf/a-3b", "pdf/a-2b", "pdf/ua-1")


class Engine(Protocol):
    """Lays books out and writes them; documents are kept by key between the two steps."""

    def layout(self, key: int, markup: str) -> Laid: ...
    def write(self, key: int, variant: str | None) -> bytes | None: ...
    def forget(self, key: int) -> None: ...
    def close(self) -> None: ...


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"budgetgen does not fetch resources while rendering: {url}")


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Layout creates millions of short-lived objects and few cycles; the cyclic collector
    spent ~10% of a build scanning them. Collect once afterwards instead."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _srgb_profile() -> Any:
    from importlib.resources import files

    from weasyprint.css import ColorProfile

    with (files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as icc:
        return ColorProfile(icc, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))


class Local:
    """WeasyPrint in this process."""

    def __init__(self) -> None:
        self._documents: dict[int, Any] = {}

    def layout(self, key: int, markup: str) -> Laid:
        """Lay ``markup`` out and keep the document under ``key``; the first page of each
        anchor and where each page begins (:mod:`generator.writers.pages`)."""
        import weasyprint  # imported here: the other formats do not need it

        with _no_gc_pauses():
            document = weasyprint.HTML(string=markup, url_fetcher=_refuse, base_url=None).render()
        self._documents[key] = document
        pages: dict[str, int] = {}
        for number, page in enumerate(document.pages, start=1):
            for anchor in page.anchors:  # a section running over pages is anchored on each
                pages.setdefault(anchor, number)
        laid = plan(document.pages)
        return dataclasses.replace(laid, anchors=pages)

    def write(self, key: int, variant: str | None) -> bytes | None:
        """The PDF of the document kept under ``key`` (then dropped); ``None`` if none is kept."""
        document = self._documents.pop(key, None)
        if document is None:
            return None
        options: dict[str, Any] = {"pdf_tags": True}
        if variant is not None:
            options["pdf_variant"] = variant
            if variant.startswith("pdf/a"):
                # The sRGB output intent PDF/A needs, given as a profile read and closed here:
                # WeasyPrint 70 opens its own copy and never closes it (a ResourceWarning).
                options["output_intent"] = False
                document.color_profiles.setdefault("srgb", _srgb_profile())
        with _no_gc_pauses():
            data: bytes = document.write_pdf(**options)
        return data

    def forget(self, key: int) -> None:
        self._documents.pop(key, None)

    def close(self) -> None:
        self._documents.clear()


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

    def layout(self, key: int, markup: str) -> Laid:
        laid: Laid = self._ask("layout", key, markup)
        return laid

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
