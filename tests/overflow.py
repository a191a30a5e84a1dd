"""Overflow checker: does any glyph of a table cell cross one of the table's rules in a PDF?

Generic on purpose: it knows nothing of budgetgen. It reads the ruled lines (stroked lines,
stroked rectangles, thin filled rectangles) and the glyph boxes of every page with pdfplumber and
reports every glyph whose box a horizontal or vertical rule cuts through. A figure that does not
fit its column runs into the neighbouring cell (or out of the table): its glyphs then straddle
the rule between the two cells, which is what a reader sees. It runs on WeasyPrint's PDF and on
LibreOffice's PDF of the Word edition alike.

The glyph box is pdfminer's: the advance width by the font size (ascent to descent), a little
larger than the ink, so a glyph reported here may still look clear by a hair; one that is not
reported cannot cross a rule.

API: :func:`overflows` (path → list of :class:`Overflow`); :func:`ruled_tables` (path → every
table on every page with its rules, to count the rows a page holds); :func:`analyse` (both, and
the lowest text line of each page, in one reading). ``python3
scripts/check_overflow.py PDF…`` prints the overflows and exits 1 when there is any.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: A rule must cut into the glyph box by more than this (pt) to count: rounding noise only.
TOLERANCE = 0.05
#: Filled rectangles thinner than this (pt) are rules; thicker ones are shading.
THIN = 2.0


@dataclass(frozen=True)
class Segment:
    """An axis-parallel rule: ``x0 == x1`` (vertical) or ``top == bottom`` (horizontal)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def vertical(self) -> bool:
        return self.x0 == self.x1


@dataclass(frozen=True)
class Overflow:
    """One line of cell text that crosses a rule of its table.

    ``page`` is 1-based; ``table`` the table's number on the page (1-based, top to bottom) and
    ``label`` the first text line above it (its title, or the running 「表N（续）」); ``row``
    and ``column`` the grid cell (1-based, counting every rule of the table) where the text
    line starts; ``crossed`` which rule it crosses; ``by`` how deep
    (pt) the rule cuts into the glyph it crosses (the smaller side of the glyph box).
    """

    page: int
    table: int
    label: str
    row: int
    column: int
    text: str
    crossed: str
    by: float

    def __str__(self) -> str:
        return (f"page {self.page}, table {self.table} ({self.label}), cell r{self.row}c{self.column}:"
                f" 「{self.text}」 crosses {self.crossed} by {self.by:.2f} pt")


@dataclass(frozen=True)
class RuledTable:
    """A ruled table as printed on one page: where its rules are (pt from the page top/left)."""

    page: int
    index: int
    label: str
    rows: tuple[float, ...]  # y of every horizontal rule, top to bottom
    columns: tuple[float, ...]  # x of every vertical rule, left to right


@dataclass(frozen=True)
class FootLine:
    """The lowest line of text on a page above its bottom margin (to spot a stranded heading)."""

    page: int
    text: str
    font: str
    size: float


@dataclass(frozen=True)
class Report:
    """Everything measured in one reading of a PDF."""

    overflows: list[Overflow]
    tables: list[RuledTable]
    feet: list[FootLine]


def analyse(pdf_path: str | Path, margin: float = 50.0) -> Report:
    """Read ``pdf_path`` once: its overflows, its ruled tables page by page, and the lowest line
    of text of each page above the bottom ``margin`` (pt; where the page number sits)."""
    from tests import snapshot

    found: list[Overflow] = []
    tables: list[RuledTable] = []
    feet: list[FootLine] = []
    for page in snapshot.read(pdf_path).pages:
        number, chars, segments = page.number, page.chars, _segments(page)
        found += page_overflows(number, chars, segments)
        for index, table in enumerate(_tables(segments), start=1):
            tables.append(RuledTable(
                number, index, _label(chars, _bbox(table)),
                tuple(_edges(s.top for s in table if not s.vertical)),
                tuple(_edges(s.x0 for s in table if s.vertical))))
        body = [c for c in chars if c["bottom"] < page.height - margin and c["text"].strip()]
        if body:
            low = max(_baseline(c) for c in body)
            line = sorted((c for c in body if abs(_baseline(c) - low) < 1),
                          key=lambda c: c["x0"])
            feet.append(FootLine(number, "".join(c["text"] for c in line),
                                 line[0]["fontname"], float(line[0]["size"])))
    return Report(found, tables, feet)


def ruled_tables(pdf_path: str | Path) -> list[RuledTable]:
    """Every ruled table of every page (a table running over three pages is three of them)."""
    return analyse(pdf_path).tables


def _edges(values: Iterable[float]) -> list[float]:
    """Distinct positions, those closer than half a point counted once."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > 0.5:
            out.append(value)
    return out


def overflows(pdf_path: str | Path) -> list[Overflow]:
    """Every text line of every table in ``pdf_path`` that crosses one of the table's rules."""
    return analyse(pdf_path).overflows


def page_overflows(page: int, chars: Sequence[dict[str, Any]],
                   segments: Sequence[Segment]) -> list[Overflow]:
    """Overflows on one page, from pdfplumber's char dicts and the page's rules."""
    tables = _tables(segments)
    result: list[Overflow] = []
    for index, table in enumerate(tables, start=1):
        box = _bbox(table)
        inside = [c for c in chars if _overlaps(c["x0"], c["x1"], box.x0, box.x1)
                  and _overlaps(c["top"], c["bottom"], box.top, box.bottom)]
        label = _label(chars, box)
        cols = _edges(s.x0 for s in table if s.vertical)
        rows = _edges(s.top for s in table if not s.vertical)
        for line in _text_lines(inside):
            crossing = _crossing(line, table)
            if crossing is None:
                continue
            seg, by = crossing
            first = line[0]
            mid = (first["top"] + first["bottom"]) / 2
            result.append(Overflow(
                page=page, table=index, label=label,
                row=_slot(rows, mid), column=_slot(cols, first["x0"] + TOLERANCE * 2),
                text="".join(c["text"] for c in line), crossed=_rule_name(seg, cols, rows), by=by))
    return result


def _segments(page: Any) -> list[Segment]:
    out: list[Segment] = []
    for line in page.lines:
        out += _axis(line["x0"], line["top"], line["x1"], line["bottom"])
    for rect in page.rects:
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        if rect.get("stroke"):
            out += [Segment(x0, top, x1, top), Segment(x0, bottom, x1, bottom),
                    Segment(x0, top, x0, bottom), Segment(x1, top, x1, bottom)]
        elif rect.get("fill") and min(x1 - x0, bottom - top) <= THIN:
            if x1 - x0 <= bottom - top:
                out.append(Segment((x0 + x1) / 2, top, (x0 + x1) / 2, bottom))
            else:
                out.append(Segment(x0, (top + bottom) / 2, x1, (top + bottom) / 2))
    for curve in page.curves:  # LibreOffice draws some rules as one-segment paths
        pts = curve.get("pts") or []
        for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
            out += _axis(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
    return out


def _axis(x0: float, top: float, x1: float, bottom: float) -> list[Segment]:
    if abs(x1 - x0) < 0.01 and bottom - top > 0.5:
        return [Segment(x0, top, x0, bottom)]
    if abs(bottom - top) < 0.01 and x1 - x0 > 0.5:
        return [Segment(x0, top, x1, top)]
    return []


def _tables(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Rules grouped into tables (rules that touch, transitively), top to bottom."""
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(segments)), key=lambda i: segments[i].top)
    for a_pos, a in enumerate(order):
        sa = segments[a]
        for b in order[a_pos + 1:]:
            sb = segments[b]
            if sb.top > sa.bottom + 1:
                break
            if sb.x0 <= sa.x1 + 1 and sa.x0 <= sb.x1 + 1:
                parent[find(a)] = find(b)
    groups: dict[int, list[Segment]] = {}
    for i, seg in enumerate(segments):
        groups.setdefault(find(i), []).append(seg)
    # A table has rules both ways; a lone line (an underline, a frame's side) is not one.
    tables = [g for g in groups.values() if any(s.vertical for s in g)
              and any(not s.vertical for s in g)]
    return sorted(tables, key=lambda g: min(s.top for s in g))


def _bbox(table: Iterable[Segment]) -> Segment:
    segs = list(table)
    return Segment(min(s.x0 for s in segs), min(s.top for s in segs),
                   max(s.x1 for s in segs), max(s.bottom for s in segs))


def _overlaps(a0: float, a1: float, b0: float, b1: float) -> bool:
    return a0 < b1 and b0 < a1


def _baseline(char: dict[str, Any]) -> float:
    """The glyph's baseline (its text matrix), the same for every font on one line."""
    matrix = char.get("matrix")
    return -float(matrix[5]) if matrix else float(char["bottom"])


def _text_lines(chars: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Glyphs grouped into runs: same baseline, each starting where the previous one ends
    (within a third of the font size). Text of two neighbouring cells that touch is one run."""
    lines: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: (round(_baseline(c), 1), c["x0"])):
        if not char["text"].strip():
            continue
        last = lines[-1][-1] if lines else None
        if (last is not None and abs(_baseline(last) - _baseline(char)) < 0.5
                and char["x0"] - last["x1"] < char["size"] / 3):
            lines[-1].append(char)
        else:
            lines.append([char])
    return lines


def _crossing(line: Sequence[dict[str, Any]],
              table: Sequence[Segment]) -> tuple[Segment, float] | None:
    """The first rule of ``table`` that cuts a glyph box of ``line``, and how far past it the
    glyph reaches."""
    # Only a rule reaching into the line's box can cut one of its glyphs: the others are set
    # aside first (a table has hundreds of rules, a line a few glyphs), in the table's order.
    left, right = min(c["x0"] for c in line), max(c["x1"] for c in line)
    high, low = min(c["top"] for c in line), max(c["bottom"] for c in line)
    table = [seg for seg in table
             if ((left < seg.x0 < right and seg.top < low and high < seg.bottom) if seg.vertical
                 else (high < seg.top < low and seg.x0 < right and left < seg.x1))]
    for char in line:
        x0, x1, top, bottom = char["x0"], char["x1"], char["top"], char["bottom"]
        for seg in table:
            if seg.vertical:
                if (x0 + TOLERANCE < seg.x0 < x1 - TOLERANCE
                        and _overlaps(top + TOLERANCE, bottom - TOLERANCE, seg.top, seg.bottom)):
                    return seg, min(seg.x0 - x0, x1 - seg.x0)
            elif (top + TOLERANCE < seg.top < bottom - TOLERANCE
                  and _overlaps(x0 + TOLERANCE, x1 - TOLERANCE, seg.x0, seg.x1)):
                return seg, min(seg.top - top, bottom - seg.top)
    return None


def _rule_name(seg: Segment, cols: Sequence[float], rows: Sequence[float]) -> str:
    if seg.vertical:
        k = _slot(cols, seg.x0)
        return f"the rule between columns {k - 1} and {k}"
    k = _slot(rows, seg.top)
    return f"the rule between rows {k - 1} and {k}"


def _slot(edges: Sequence[float], value: float) -> int:
    """1-based index of the interval of ``edges`` holding ``value`` (0 = before the first)."""
    return sum(1 for edge in edges if edge <= value)


def _label(chars: Sequence[dict[str, Any]], box: Segment) -> str:
    above = [c for c in chars if c["bottom"] <= box.top + 0.5 and _overlaps(c["x0"], c["x1"],
                                                                             box.x0, box.x1)]
    if not above:
        return ""
    # The largest type above the table: its title, or the running 「表N（续）」 on a
    # continuation page; the nearest of equals. Whole lines, a space where words stand apart.
    lines: dict[float, list[dict[str, Any]]] = {}
    for char in above:
        key = next((k for k in lines if abs(k - _baseline(char)) < 0.5), _baseline(char))
        lines.setdefault(key, []).append(char)
    title = max(lines.values(), key=lambda ln: (round(max(c["size"] for c in ln), 1),
                                                 -_baseline(ln[0])))
    text = ""
    last = None
    for char in sorted(title, key=lambda c: c["x0"]):
        if last is not None and char["x0"] - last["x1"] > char["size"] / 4 and text[-1:] != " ":
            text += " "
        text += char["text"]
        last = char
    return text.strip()[:40]
