"""What the page checks read of a PDF, read once (pdfplumber) and kept.

pdfplumber parses a 100-page book in tens of seconds, and the print checks (overflow, wrapped
names, orientation, rules of continued tables) each read the same books. :func:`read` parses a
PDF once and keeps what they use (glyphs, rules, page sizes, named destinations) in memory and
in a file beside the PDF, so other modules and other xdist workers of the run reuse it.

The pages it gives have the attributes of pdfplumber's pages that the checks use: ``chars``,
``lines``, ``rects``, ``curves`` (dicts with pdfplumber's keys), ``width``, ``height``.
"""

from __future__ import annotations

import os
import pickle
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tests.shelf import locked

CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "fontname", "size", "matrix")
BOX_KEYS = ("x0", "x1", "top", "bottom", "height", "stroke", "fill")
VERSION = 3  # bump when the kept keys or the reader change


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    chars: list[dict[str, Any]] = field(repr=False)
    lines: list[dict[str, Any]] = field(repr=False)
    rects: list[dict[str, Any]] = field(repr=False)
    curves: list[dict[str, Any]] = field(repr=False)


@dataclass(frozen=True)
class Snapshot:
    pages: list[Page]
    destinations: dict[str, int]  # named destination → 0-based page index


def read(path: str | Path) -> Snapshot:
    """The snapshot of the PDF at ``path`` (parsed once per file version)."""
    stat = Path(path).stat()
    return _read(str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)


@cache
def _read(path: str, mtime: int, size: int) -> Snapshot:
    kept = Path(f"{path}.pages-{VERSION}-{mtime}-{size}.pickle")
    with locked(Path(f"{path}.pages.lock")):
        if kept.exists():
            with kept.open("rb") as handle:
                snapshot: Snapshot = pickle.load(handle)
            return snapshot
        snapshot = _parse(path)
        temporary = kept.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump(snapshot, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, kept)
    return snapshot


def _keep(objects: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{k: o[k] for k in keys if k in o} for o in objects]


def _parse(path: str) -> Snapshot:
    """Read with PDFium, about five times faster than pdfplumber, and placed as pdfminer places
    glyphs and paths: our own PDFs (WeasyPrint's) with each font's own descent, which is what
    WeasyPrint declares, and a PDF whose fonts all declare one descent (LibreOffice's declare 0)
    with that one; others with pdfplumber. (A CJK glyph's box from PDFium ends at its ink, up
    to 0.9 pt past its advance, which only makes the overflow checks stricter.
    tests/test_snapshot.py compares both readers.)"""
    from generator.source.importers.book import pdfium

    read = None
    if pdfium.names_fonts():
        if _producer(path).startswith("WeasyPrint"):
            read = pdfium.open_pages(Path(path), measured=True)
        elif (declared := _declared_descent(path)) is not None:
            read = pdfium.open_pages(Path(path), measured=True, descent=declared)
    destinations = _pdfium_destinations(path) if read is not None else None
    if read is None or destinations is None:
        return _parse_plumber(path)
    pages = [Page(number, float(page.width), float(page.height),
                  _keep(page.chars, CHAR_KEYS), _keep(page.lines, BOX_KEYS),
                  _keep(page.rects, BOX_KEYS),
                  [{"pts": [tuple(p) for p in c.get("pts") or []]} for c in page.curves])
             for number, page in enumerate(read, start=1)]
    return Snapshot(pages, destinations)


def _declared_descent(path: str) -> float | None:
    """The descent (a share of the em) that every font descriptor of the PDF declares, where
    they can be read from the file as it stands (no object streams) and all declare the same;
    else ``None``."""
    data = Path(path).read_bytes()
    if b"/ObjStm" in data:
        return None
    descriptors = len(re.findall(rb"/Type\s*/FontDescriptor\b", data))
    declared = {float(v) for v in re.findall(rb"/Descent\s+(-?[\d.]+)", data)}
    if not descriptors or len(declared) != 1 or \
            len(re.findall(rb"/Descent\b", data)) != descriptors:
        return None
    return declared.pop() / 1000


def _producer(path: str) -> str:
    """The PDF's Producer ("" where PDFium is missing or cannot read the file)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return ""
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return ""
    try:
        return str(doc.get_metadata_value("Producer"))
    finally:
        doc.close()


def _pdfium_destinations(path: str) -> dict[str, int] | None:
    """The PDF's named destinations read with PDFium (``None``: it cannot tell them)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(path)
    try:
        out: dict[str, int] = {}
        for i in range(raw.FPDF_CountNamedDests(doc.raw)):
            size = ctypes.c_long(0)
            raw.FPDF_GetNamedDest(doc.raw, i, None, ctypes.byref(size))
            buffer = ctypes.create_string_buffer(size.value)
            dest = raw.FPDF_GetNamedDest(doc.raw, i, buffer, ctypes.byref(size))
            page = raw.FPDFDest_GetDestPageIndex(doc.raw, dest) if dest else -1
            if page < 0:
                return None
            out[buffer.raw[:size.value].decode("utf-16-le").rstrip("\x00")] = page
        return out
    finally:
        doc.close()


def _parse_plumber(path: str) -> Snapshot:
    import pdfplumber  # test dependency; imported here so importing this module is cheap

    with pdfplumber.open(path) as pdf:
        pages = [Page(number, float(page.width), float(page.height),
                      _keep(page.chars, CHAR_KEYS), _keep(page.lines, BOX_KEYS),
                      _keep(page.rects, BOX_KEYS),
                      [{"pts": list(c.get("pts") or [])} for c in page.curves])
                 for number, page in enumerate(pdf.pages, start=1)]
        return Snapshot(pages, _destinations(pdf))


def _destinations(pdf: Any) -> dict[str, int]:
    """The PDF's named destinations (WeasyPrint writes one per element id)."""
    from pdfminer.pdftypes import resolve1

    catalog = pdf.doc.catalog
    if "Names" not in catalog:
        return {}
    dests = resolve1(catalog["Names"]).get("Dests")
    if dests is None:
        return {}
    names = resolve1(resolve1(dests).get("Names")) or []
    index = {page.page_obj.pageid: i for i, page in enumerate(pdf.pages)}
    out: dict[str, int] = {}
    for key, dest in zip(names[::2], names[1::2], strict=True):
        target = resolve1(dest)
        target = resolve1(target["D"]) if isinstance(target, dict) else target
        out[key.decode("utf-8")] = index[target[0].objid]
    return out
