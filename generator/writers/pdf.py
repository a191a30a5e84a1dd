"""PDF writer: the HTML edition laid out by WeasyPrint (A4, CJK fonts embedded as subsets).

It fetches nothing: the HTML is self-contained and the URL fetcher refuses every request, so
rendering never touches the network or reads files other than the installed fonts.

The PDF is tagged (structure tree for screen readers, ``/Lang`` from ``<html lang="zh-CN">``,
title from ``<title>``, bookmarks from the headings). ``variant`` asks WeasyPrint for PDF/A
(archives) or PDF/UA (accessibility) conformance metadata on top of that.

The book is laid out once per publication: :func:`page_numbers` (the Word edition's 目录) and
:func:`write` share the laid-out document, whichever runs first.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from generator.publication.model import Publication
from generator.writers import html

# PDF variants a bureau may ask for (``build --pdf-variant``), as WeasyPrint names them.
VARIANTS = ("pdf/a-3b", "pdf/a-2b", "pdf/ua-1")

# Laid-out documents not yet written, and the 目录 page numbers of laid-out books, by the
# id of a live publication (entries are dropped when the publication is garbage collected).
_documents: dict[int, Any] = {}
_pages: dict[int, dict[str, int]] = {}


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


def _forget(key: int) -> None:
    _documents.pop(key, None)
    _pages.pop(key, None)


def _layout(publication: Publication) -> Any:
    """The WeasyPrint document of the book, laid out (pages, anchors), not yet painted."""
    import weasyprint  # imported here: the other formats do not need it

    with _no_gc_pauses():
        document = weasyprint.HTML(string=html.render(publication, print_edition=True),
                                   url_fetcher=_refuse,
                                   base_url=None).render()
    key = id(publication)
    if key not in _pages:
        weakref.finalize(publication, _forget, key)
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:  # a section running over pages is anchored on each
            pages.setdefault(anchor, number)
    _pages[key] = pages
    return document


def page_numbers(publication: Publication) -> dict[str, int]:
    """Printed page number of every anchor (section id) of the PDF edition.

    Taken from the PDF when it was already laid out in this process; otherwise the book is
    laid out now and the document kept for :func:`write`, so a build lays it out once."""
    key = id(publication)
    if key not in _pages:
        _documents[key] = _layout(publication)
    return _pages[key]


def write(publication: Publication, variant: str | None = None) -> bytes:
    """The book as PDF bytes: tagged, with ``variant`` (one of :data:`VARIANTS`) if asked."""
    document = _documents.pop(id(publication), None)
    if document is None:
        document = _layout(publication)
    options: dict[str, Any] = {"pdf_tags": True}
    if variant is not None:
        if variant not in VARIANTS:
            raise ValueError(f"unknown PDF variant: {variant}")
        options["pdf_variant"] = variant
        if variant.startswith("pdf/a"):
            # The sRGB output intent PDF/A needs, given as a profile read and closed here:
            # WeasyPrint 70 opens its own copy and never closes it (a ResourceWarning).
            options["output_intent"] = False
            document.color_profiles.setdefault("srgb", _srgb_profile())
    with _no_gc_pauses():
        data: bytes = document.write_pdf(**options)
    return data


def _srgb_profile() -> Any:
    from importlib.resources import files

    from weasyprint.css import ColorProfile

    with (files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as icc:
        return ColorProfile(icc, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))


def writer(variant: str | None) -> Callable[[Publication], bytes]:
    """A PDF writer with a fixed variant, for :data:`generator.writers.WRITERS`' signature."""
    def write_variant(publication: Publication) -> bytes:
        return write(publication, variant)
    return write_variant
