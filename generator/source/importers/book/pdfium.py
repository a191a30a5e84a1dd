"""A PDF's characters and rulings read with PDFium (pypdfium2), in pdfplumber's object shapes.

pdfplumber parses a PDF with pdfminer, in pure Python: about nine tenths of the time an import
of a PDF took. PDFium reads the same content streams in C. This module turns what PDFium reads
into the dicts pdfplumber's table finder and text-line grouping consume (``char``, ``line``,
``rect``, ``curve`` with ``x0``/``x1``/``top``/``bottom`` measured from the page's top left), so
that the recogniser sees the same cells whichever library read the file:

* a character's box runs from its origin to the end of its advance, and from one descent below
  its baseline up one em, as pdfminer draws it (``_place_chars`` says which descent);
* only printed characters count: the spaces and line breaks PDFium infers are left out, except
  a printed space it reports as inferred (between two Chinese characters, see ``_glyphs``);
* a path is classified as pdfminer classifies it (a single segment is a line, a closed
  axis-aligned four-segment path a rectangle, anything else a curve through its points).

On the corpus (benchmarks/import_corpus.py) the recogniser gets the same blocks from either
reader, about three times faster from this one. ``open_pages`` returns ``None`` where PDFium
cannot stand in for pdfplumber (pypdfium2 not installed, a file it cannot open, a rotated
page); the caller then reads the file with pdfplumber.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pdfplumber.container import Container
from pdfplumber.table import Table, TableFinder, TableSettings
from pdfplumber.utils.text import chars_to_textmap

Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _multiply(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


class PdfiumPage(Container):
    """One page's objects (``char``, ``line``, ``rect``, ``curve``) with pdfplumber's keys and
    coordinates: enough of a pdfplumber page for its ``TableFinder`` (which takes the edges
    ``Container`` derives from the objects) and ``Table.extract``."""

    def __init__(self, objects: dict[str, list[Obj]], width: float, height: float) -> None:
        self.width, self.height = width, height
        self.bbox = (0.0, 0.0, width, height)
        self._page_objects = objects

    @property
    def objects(self) -> dict[str, list[Obj]]:
        return self._page_objects

    def find_tables(self) -> list[Table]:
        """pdfplumber's ``Page.find_tables()`` with its default settings; each table reads its
        cells from the characters inside it only (``Table.extract`` looks at every character
        of its page for every row)."""
        page: Any = self  # pdfplumber's table code asks only for a page's edges and chars
        tables = []
        for table in TableFinder(page, TableSettings.resolve(None)).tables:
            x0, top, x1, bottom = table.bbox
            inside = [c for c in self.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                      and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
            own: Any = PdfiumPage({"char": inside}, self.width, self.height)
            tables.append(Table(own, table.cells))
        return tables

    def text_lines(self, keep: Callable[[Obj], bool]) -> list[Obj]:
        """pdfplumber's ``Page.filter(keep).extract_text_lines(strip=True)``."""
        chars = [char for char in self.chars if keep(char)]
        if not chars:
            return []
        textmap = chars_to_textmap(chars, layout_bbox=self.bbox, layout_width=self.width,
                                         layout_height=self.height)
        return list(textmap.extract_text_lines(strip=True, return_chars=True))


def open_pages(path: Path, measured: bool = False, descent: float | None = None
               ) -> list[PdfiumPage] | None:
    """The pages of the PDF at ``path`` read with PDFium, or ``None`` where it cannot stand in
    for pdfplumber. ``measured``: the pages as pdfminer measures them, for checking where
    glyphs stand: each character's box from its own font's descent (or from ``descent``, a
    share of the em, where the caller knows the one every font of the file declares), and no
    space inferred between Chinese words (the import's reading, by default, places every
    character by the book's commonest descent and keeps the spaces a word processor prints
    between words)."""
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError:
        return None
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    try:
        descents: dict[int | None, float] = {}
        pages: list[tuple[PdfiumPage, list[Glyph]]] = []
        for i in range(len(doc)):
            page = doc[i]
            if page.get_rotation() % 360:
                return None  # pdfminer turns a rotated page's coordinates; leave those to it
            pages.append(_page(raw, page, descents, measured))
            page.close()
    finally:
        doc.close()
    _place_chars(pages, measured, descent)
    return [page for page, _ in pages]


def _page(raw: Any, page: Any, descents: dict[int | None, float], measured: bool = False
          ) -> tuple[PdfiumPage, list[Glyph]]:
    left, bottom, right, top = page.get_mediabox()
    width, height = right - left, top - bottom

    def place(x: float, y: float) -> tuple[float, float]:
        return x - left, top - y

    textpage = page.get_textpage()
    glyphs = _glyphs(raw, textpage.raw, place, descents, inferred_spaces=not measured)
    textpage.close()
    objects: dict[str, list[Obj]] = {"char": [], "line": [], "rect": [], "curve": []}
    _paths(raw, page.raw, None, _IDENTITY, place, objects)
    for kind in ("line", "rect", "curve"):
        for obj in objects[kind]:  # pdfplumber keeps the bottom-up coordinates as well
            obj["y0"], obj["y1"] = height - obj["bottom"], height - obj["top"]
    return PdfiumPage(objects, width, height), glyphs


# a character: its text, x0, x1, top, bottom, whether upright, its matrix; where upright, its
# baseline, its em and its font's descent (a share of the em), else None, 0, 0; its font's name
Glyph = tuple[str, float, float, float, float, bool, Matrix, float | None, float, float, str]
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SKIP = {"\r", "\n", "\x00", "\ufffe", "\uffff"}


def _glyphs(raw: Any, textpage: Any, place: Any, descents: dict[int | None, float],
            inferred_spaces: bool = True) -> list[Glyph]:
    """The page's characters; an upright one is placed on its baseline, for ``_place_chars``
    to give it its box."""
    count = raw.FPDFText_CountChars(textpage)
    text = _text(raw, textpage, count)
    out: list[Glyph] = []
    box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    ox, oy, descent = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    box_ref, origin_refs = ctypes.byref(box), (ctypes.byref(ox), ctypes.byref(oy))
    runs: dict[int | None, tuple[Matrix, bool, float, float, str]] = {}  # by text object
    names: dict[int | None, str] = {}  # by font
    spaced = False  # PDFium put a space of its own after the last character
    for i in range(count):
        char = text[i] if text is not None else chr(raw.FPDFText_GetUnicode(textpage, i))
        if char <= " " and raw.FPDFText_IsGenerated(textpage, i) == 1:
            # a space or line break PDFium inferred, which pdfminer does not have; but where
            # a printed space ends a run of text (LibreOffice's between Chinese words),
            # PDFium reports it as inferred too
            spaced = char == " "
            continue
        if char in _SKIP or "\ud800" <= char <= "\udfff":
            continue
        if not raw.FPDFText_GetLooseCharBox(textpage, i, box_ref):
            continue
        if (spaced and inferred_spaces and out and _IDEOGRAPH.match(out[-1][0]) and _IDEOGRAPH.match(char)
                and 0 < place(box.left, 0)[0] - out[-1][2] < out[-1][4] - out[-1][3]):
            # within a line, between two Chinese characters, it infers a space only where one
            # is printed: Chinese puts no gap between words, a justified line only a hair's
            # breadth (and a gap wider than a character parts words anyway)
            out.append((" ", out[-1][2], *out[-1][2:]))  # (its font's: the run before)
        spaced = False
        obj = raw.FPDFText_GetTextObject(textpage, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value
        if key not in runs:  # one matrix, font and size for every character of a text object
            raw.FPDFText_GetMatrix(textpage, i, ctypes.byref(matrix))
            m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            plain = m[1] == 0 and m[2] == 0 and m[0] > 0 and m[3] > 0
            font = raw.FPDFTextObj_GetFont(obj)
            font_key = ctypes.cast(font, ctypes.c_void_p).value
            if font_key not in names:
                names[font_key] = _font_name(raw, font)
            if plain and font_key not in descents:
                raw.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), ctypes.byref(descent))
                descents[font_key] = round(descent.value) / 1000
            runs[key] = (m, m[0] * m[3] > 0 and m[1] * m[2] <= 0,
                         m[3] * raw.FPDFText_GetFontSize(textpage, i) if plain else 0.0,
                         descents[font_key] if plain else 0.0, names[font_key])
        m, upright, em, font_descent, name = runs[key]
        x0, top = place(box.left, box.top)
        x1, bottom = place(box.right, box.bottom)
        if em:
            raw.FPDFText_GetCharOrigin(textpage, i, *origin_refs)
            x0, baseline = place(ox.value, oy.value)
            # the glyph's own matrix, moved to its origin, as pdfminer gives it
            at = (m[0], m[1], m[2], m[3], ox.value, oy.value)
            out.append((char, x0, x1, top, bottom, upright, at, baseline, em, font_descent, name))
        else:
            out.append((char, x0, x1, top, bottom, upright, m, None, 0.0, 0.0, name))
    return out


def names_fonts() -> bool:
    """Whether this PDFium tells a font's name (older builds lack the call: names are then "")."""
    try:
        import pypdfium2.raw as raw
    except ImportError:
        return False
    return hasattr(raw, "FPDFFont_GetBaseFontName")


def _font_name(raw: Any, font: Any) -> str:
    """The font's PostScript name as the PDF declares it (``ABCDEF+NotoSansCJKsc-Regular``:
    pdfplumber's ``fontname``), or "" where PDFium cannot tell it."""
    get = getattr(raw, "FPDFFont_GetBaseFontName", None)
    if get is None:
        return ""
    size = get(font, None, 0)
    if size <= 0:
        return ""
    buffer = ctypes.create_string_buffer(size)
    get(font, buffer, size)
    return buffer.value.decode("latin-1")


def _text(raw: Any, textpage: Any, count: int) -> str | None:
    """The page's characters, one a character index (``None`` where that does not hold: a
    character outside the Basic Multilingual Plane takes two)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    if raw.FPDFText_GetText(textpage, 0, count, buffer) != count + 1:
        return None
    text = bytes(buffer)[: 2 * count].decode("utf-16-le", "surrogatepass")
    return None if re.search("[\ud800-\udfff]", text) else text


def _place_chars(pages: list[tuple[PdfiumPage, list[Glyph]]], own_descents: bool = False,
                 declared: float | None = None) -> None:
    """Every character as pdfplumber's ``char``; an upright one's box from its baseline down
    by one descent and up one em, as pdfminer draws it. The descent is the one of the font
    that prints most of the book, for every character: fonts' own descents differ
    (LibreOffice's Latin and Chinese fonts by a fifth of an em), and characters of one line
    must stay on one line. (pdfminer takes each font's declared descent, which LibreOffice
    declares as 0 for all.) ``own_descents``: each font's own descent, as pdfminer takes it;
    ``declared``: this one for every font instead."""
    counts: dict[float, int] = {}
    for _, glyphs in pages:
        for glyph in glyphs:
            if glyph[7] is not None:
                counts[glyph[9]] = counts.get(glyph[9], 0) + 1
    descent = max(counts, key=lambda d: counts[d]) if counts else 0.0
    if declared is not None:
        own_descents, descent = False, declared
    for page, glyphs in pages:
        chars = page.objects["char"]
        height = page.height
        for text, x0, x1, top, bottom, upright, m, baseline, em, own, name in glyphs:
            if baseline is not None:
                bottom = baseline - (own if own_descents else descent) * em
                top = bottom - em
            chars.append({"object_type": "char", "text": text, "x0": x0, "x1": x1,
                          "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0,
                          "height": bottom - top, "y0": height - bottom, "y1": height - top,
                          "size": (bottom - top) if upright else (x1 - x0),
                          "upright": upright, "matrix": m, "fontname": name})


_PATH, _FORM = 2, 5  # FPDF_PAGEOBJ_PATH, FPDF_PAGEOBJ_FORM
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2


def _paths(raw: Any, page: Any, form: Any, outer: Matrix, place: Any,
           objects: dict[str, list[Obj]]) -> None:
    """Painted paths of the page (and of the forms it draws), as pdfminer classifies them."""
    count = raw.FPDFFormObj_CountObjects(form) if form else raw.FPDFPage_CountObjects(page)
    m = raw.FS_MATRIX()
    for i in range(count):
        obj = raw.FPDFFormObj_GetObject(form, i) if form else raw.FPDFPage_GetObject(page, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (_PATH, _FORM):
            continue
        raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
        matrix = _multiply((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        if kind == _FORM:
            _paths(raw, page, obj, matrix, place, objects)
            continue
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        if not fill.value and not stroke.value:
            continue
        painted = {"stroke": bool(stroke.value), "fill": bool(fill.value)}
        for ops, pts in _subpaths(raw, obj, matrix):
            _paint(ops, pts, place, objects, painted)


def _subpaths(raw: Any, obj: Any, matrix: Matrix) -> list[tuple[str, list[tuple[float, float]]]]:
    """The path's subpaths as pdfminer's operator strings (``m``, ``l``, ``c``, ``h``) and the
    point each operator ends on (``h``: the subpath's start), in page space."""
    out: list[tuple[str, list[tuple[float, float]]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    ops, pts = "", list[tuple[float, float]]()
    bezier = 0
    for s in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, s)
        kind = raw.FPDFPathSegment_GetType(segment)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = _apply(matrix, x.value, y.value)
        if kind == _MOVETO:
            if ops:
                out.append((ops, pts))
            ops, pts, bezier = "m", [point], 0
        elif kind == _BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # two control points, then the point the curve ends on
                ops += "c"
                pts.append(point)
        else:
            ops += "l"
            pts.append(point)
        if raw.FPDFPathSegment_GetClose(segment) and ops:
            ops += "h"
            pts.append(pts[0])
    if ops:
        out.append((ops, pts))
    return out


def _paint(shape: str, pts: list[tuple[float, float]], place: Any,
           objects: dict[str, list[Obj]], painted: dict[str, bool]) -> None:
    """One subpath as pdfminer's ``paint_path`` makes it: a line, a rectangle or a curve."""
    if not shape.startswith("m") or len(pts) < 2:
        return
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"  # a redundant "l" back to the start before a close
        pts = pts[:-2] + pts[-1:]
    placed = [place(px, py) for px, py in pts]
    xs, ys = [p[0] for p in placed], [p[1] for p in placed]
    bounds = {"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys)}
    bounds.update(doctop=bounds["top"], width=bounds["x1"] - bounds["x0"],
                  height=bounds["bottom"] - bounds["top"], **painted)
    if shape in ("mlh", "ml"):
        objects["line"].append({"object_type": "line", **bounds, "pts": placed[:2]})
        return
    if re.fullmatch(r"ml{3}[lh]", shape):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                  or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0))
        if pts[0] == pts[4] and square:
            objects["rect"].append({"object_type": "rect", **bounds})
            return
    objects["curve"].append({"object_type": "curve", **bounds, "pts": placed})
