"""The page snapshot (tests/snapshot.py) reads our PDFs, and LibreOffice's of our Word edition,
with PDFium: what it gives the print checks must be what pdfplumber gives, glyph for glyph and
rule for rule."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests import snapshot
from tests.helpers import EXAMPLES
from tests.shelf import Shelf
from tests.test_writers_docx import _soffice

pytestmark = pytest.mark.pdf


@pytest.fixture(scope="module", params=["weasyprint", "libreoffice"])
def forms(shelf: Shelf, request: pytest.FixtureRequest) -> Path:
    """The 申报表 example (tables, forms, a 目录 with links) as our PDF writer prints it, and
    as LibreOffice prints its Word edition (fonts that all declare a descent of 0)."""
    book = shelf.books([EXAMPLES["004"]])["songjiang-yibao-forms-2026"]
    if request.param == "weasyprint":
        return book.pdf
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    shelf.word_pdfs([book], soffice)
    assert snapshot._declared_descent(str(book.word_pdf)) == 0.0
    return book.word_pdf


def _boxes(objects: list[dict[str, Any]], keys: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return sorted(tuple(round(o[k], 2) for k in keys) + (o.get("stroke"), o.get("fill"))
                  for o in objects)


def _same_boxes(ours: list[tuple[Any, ...]], theirs: list[tuple[Any, ...]]) -> bool:
    """The same boxes in the same order, their coordinates at most 0.011 pt apart (PDFium
    computes in single precision) and their colours equal."""
    return len(ours) == len(theirs) and all(
        all(abs(x - y) <= 0.011 if isinstance(x, float) else x == y for x, y in zip(a, b, strict=True))
        for a, b in zip(ours, theirs, strict=True))


def test_pdfium_reads_our_pdf_as_pdfplumber_does(forms: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    plumber = snapshot._parse_plumber(str(forms))
    with monkeypatch.context() as patch:  # read by PDFium, or the test compares nothing
        patch.setattr(snapshot, "_parse_plumber", None)
        fast = snapshot._parse(str(forms))
    assert fast.destinations == plumber.destinations
    assert len(fast.destinations) == (8 if "word" not in forms.parts else 0)
    assert len(fast.pages) == len(plumber.pages) == 10
    compared = 0
    for ours, theirs in zip(fast.pages, plumber.pages, strict=True):
        assert abs(ours.width - theirs.width) < 0.001 and abs(ours.height - theirs.height) < 0.001
        keys = ("x0", "x1", "top", "bottom")  # (PDFium's single precision: 0.01 pt apart at most)
        assert _same_boxes(_boxes(ours.lines, keys), _boxes(theirs.lines, keys))
        assert _same_boxes(_boxes(ours.rects, keys), _boxes(theirs.rects, keys))
        # The same text (pdfminer keeps a two-character glyph such as "——" as one character)
        assert Counter("".join(c["text"] for c in ours.chars)) == \
            Counter("".join(c["text"] for c in theirs.chars))

        def placed(chars: list[dict[str, Any]]) -> dict[tuple[Any, ...], dict[str, Any]]:
            return {(c["text"], round(c["x0"], 1), round(c["top"], 1)): c for c in chars}

        mine, other = placed(ours.chars), placed(theirs.chars)
        for key in mine.keys() & other.keys():
            a, b = mine[key], other[key]
            assert abs(a["bottom"] - b["bottom"]) < 0.01 and abs(a["size"] - b["size"]) < 0.01
            assert abs(a["matrix"][5] - b["matrix"][5]) < 0.01  # the baseline
            assert a["fontname"].split("+")[-1] == b["fontname"].split("+")[-1]
            # A figure's box ends where pdfminer's does; a CJK glyph's may end at its ink
            limit = 0.01 if re.fullmatch(r"[\d,.\-]", a["text"]) else 1.0
            assert b["x1"] - 0.01 <= a["x1"] <= b["x1"] + limit, key
            compared += 1
    assert compared > 3000


def test_other_producers_are_read_by_pdfplumber(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF not made by WeasyPrint whose fonts' declared descents cannot be read from the file
    (here: it has no fonts) is read by pdfplumber, whatever else PDFium could read."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.new_page(200, 100)
    path = tmp_path / "other.pdf"
    doc.save(str(path))
    doc.close()
    assert not snapshot._producer(str(path)).startswith("WeasyPrint")
    read: list[str] = []
    plumber = snapshot._parse_plumber

    def recorded(name: str) -> snapshot.Snapshot:
        read.append(name)
        return plumber(name)

    monkeypatch.setattr(snapshot, "_parse_plumber", recorded)
    snapped = snapshot._parse(str(path))
    assert read == [str(path)] and len(snapped.pages) == 1 and snapped.pages[0].width == 200
