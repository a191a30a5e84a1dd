"""How each table is set on the printed page: font size, orientation and column widths, from its
content. One decision for every edition: the PDF (through the HTML) and the Word edition
(:mod:`docx_layout`, in twips) read the same :class:`TableLayout`, so both set a table at the
same size, on the same orientation, with the same column shares.

Every figure must fit its column on one line, at the table's font size, with the cell padding;
header words must not be split (科目/编码 may break, 科目编/码 may not). Names are not squeezed
either: a name of up to :data:`NAME_EM` characters keeps to one line (科目名称, and the labels of
a 申报表 such as 年度资金申请总额), a longer one to two lines up to :data:`LONG_NAME_EM` ems
per line (longer still wraps to more). A column gets at least what its content needs so;
names keep to one line if the page allows, and what is left is shared out as the model's
``column_widths`` suggest (the official proportions).

A table is set at 9 pt upright if it fits there (names on one line, or at least figures and
names as above, or else with every name wrapped to at most two lines: :data:`TWO_LINES`), else
at 9 pt landscape: a book keeps one type size where the page allows, a table turns before its
type shrinks, and it turns only when its columns do not fit the upright page (turned, a table
of twenty-odd rows runs onto a second page that the upright page holds it on); wrapped, the
names that can keep one line do (:func:`_most_names_whole`). Failing both, the largest size,
from 9 pt down to :data:`COMFORT_FLOOR`, that keeps its names on one line; failing that, the
largest size down to :data:`FLOOR` at which its figures and names fit as above, upright then
landscape. Only then are names squeezed (down to :data:`TEXT_MIN_EM` ems) on the landscape
page, and past the floor the size keeps stepping down: a smaller figure is better than one that
runs into its neighbour. A table the model marks ``wide`` is landscape from the start.

Widths are measured with the advance widths of the book's fonts (:mod:`glyph_widths`, the widest
of the four faces, so bold totals are covered), never by guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from math import prod

from generator.display import amount_cell
from generator.publication.model import Cell, Table
from generator.writers.glyph_widths import ASCII

MM = 72 / 25.4
#: Text width of an A4 page with the book's margins (18 mm left and right; see book.css).
PORTRAIT = (210 - 36) * MM
LANDSCAPE = (297 - 36) * MM
SIZE = 9.0
FLOOR = 7.5
#: A table may be set smaller, down to this size, to keep every name on one line.
COMFORT_FLOOR = 8.0
STEP = 0.5
LAST_RESORT = 5.0
#: Cell padding (3pt each side, book.css), the rule (0.6pt, half on each side) and a margin for
#: rounding in the layout engine.
PAD = 2 * 3.0 + 0.6 + 1.0
#: The same without the rounding margin: what a cell's text really has less than the cell.
INNER_PAD = 2 * 3.0 + 0.6
#: A text column may wrap, but not to less than this many ems (a name one character wide is
#: not readable); less if its text is shorter. Only when names cannot have their width.
TEXT_MIN_EM = 6.0
#: A name (or form label) of up to this many characters is never wrapped.
NAME_EM = 12.0
#: A longer name may wrap to two lines of up to this many ems; longer still, to more lines.
#: Forms (申报表) wrap their long texts at :data:`NAME_EM`: their columns keep the official shape.
LONG_NAME_EM = 16.0
#: How far a name may be squeezed (:func:`_name_min`): to :data:`TEXT_MIN_EM` ems, to two
#: lines, or not below its one-line width (up to :data:`NAME_EM` ems; longer: two lines).
SQUEEZED, TWO_LINES, KEEP = 0, 1, 2
INDENT_EM = {1: 1.2, 2: 2.4}  # extra left padding of 款/项 names (book.css td.indent-N)

#: Words of the table headers, for line breaks between words only. Unknown text is never broken.
HEADER_WORDS = (
    "功能分类", "经济分类", "部门", "科目", "编码", "名称", "项目", "合计", "小计", "收入",
    "支出", "预算", "预算数", "本年", "财政拨款", "事业单位", "事业", "经营", "其他", "一般",
    "公共", "一般公共", "政府性", "政府性基金", "基金", "国有资本", "基本支出", "项目支出",
    "人员经费", "公用经费", "经费", "机关运行", "“三公”", "公务接待费", "公务用车", "购置",
    "运行费", "购置费", "因公", "出国（境）费", "出国(境)费", "一级", "二级", "三级", "指标", "指标值",
    "年度", "(/项目)", "绩效", "目标", "总目标", "总体", "主管部门", "实施单位", "性质",
    "类别", "计划", "开始", "完成", "日期", "资金",
    # 申报表 labels (项目资金总额, 年度资金申请总额, 其中：当年财政拨款, 上年结转资金)
    "其中：", "申请", "总额", "当年", "上年", "结转",
)
_VOCABULARY = sorted(HEADER_WORDS, key=len, reverse=True)
_YEAR = re.compile(r"\d+年")


def text_width(text: str, size: float) -> float:
    """Width (pt) of ``text`` on one line at ``size`` pt."""
    return sum(ASCII.get(ch, 1000) for ch in text) * size / 1000


def header_words(text: str) -> list[str]:
    """``功能分类科目编码`` → ``["功能分类", "科目", "编码"]``: the pieces between which a header
    line may break. Known words are matched longest first; a line breaks only between two known
    words (or a year such as ``2025年``), never next to text it does not know."""
    pieces: list[tuple[str, bool]] = []
    i = 0
    while i < len(text):
        year = _YEAR.match(text, i)
        word = year.group() if year else next((w for w in _VOCABULARY if text.startswith(w, i)),
                                              None)
        pieces.append((word, True) if word else (text[i], False))
        i += len(word) if word else 1
    words: list[str] = []
    known_before = False
    for piece, known in pieces:
        if words and not (known and known_before):
            words[-1] += piece
        else:
            words.append(piece)
        known_before = known
    return words


@dataclass(frozen=True)
class TableLayout:
    """A table as set: ``size`` (pt), ``landscape``, ``widths`` (pt, summing to the text width
    of the page) and the share of each column in percent."""

    size: float
    landscape: bool
    widths: tuple[float, ...]

    @property
    def percents(self) -> tuple[float, ...]:
        total = sum(self.widths)
        return tuple(100 * w / total for w in self.widths)

    @property
    def width(self) -> float:
        return sum(self.widths)


def _name_min(table: Table, full: float, size: float, names: int) -> float:
    """The width a name of one-line width ``full`` may not be squeezed below: with ``names``
    :data:`KEEP`, all of it up to :data:`NAME_EM` ems, half of it (two lines, a character's
    slack) up to :data:`LONG_NAME_EM` ems in a table with a header (:data:`NAME_EM` in a
    form); with :data:`TWO_LINES`, half of it whatever its length, and not below
    :data:`TEXT_MIN_EM` ems; with :data:`SQUEEZED`, :data:`TEXT_MIN_EM` ems."""
    if names == SQUEEZED:
        return min(full, TEXT_MIN_EM * size)
    if names == TWO_LINES:
        return min(full, max(TEXT_MIN_EM * size, full / 2 + size))
    cap = LONG_NAME_EM if table.header else NAME_EM
    return min(full, max(NAME_EM * size, min(full / 2 + size, cap * size)))


def _cell_min(table: Table, cell: Cell, size: float, comfortable: bool = False,
              names: int = SQUEEZED) -> float:
    """The narrowest this cell may be at ``size`` without a glyph crossing its rules; with
    ``names``, without squeezing a name (:func:`_name_min`); with ``comfortable``, the width
    its text needs to stay on one line."""
    indent = INDENT_EM.get(cell.indent, 0.0) * size
    if cell.is_amount:
        shown = amount_cell(cell.amount, table.unit, table.decimals, table.blank_zero)
        return text_width(shown, size) + PAD + indent
    lines = cell.text.split("\n")
    if cell.header:
        widest = max(text_width(w, size) for line in lines for w in header_words(line) or [""])
        return widest + PAD + indent
    full = max(text_width(line, size) for line in lines)
    if comfortable:
        return full + PAD + indent
    runs = [r for line in lines for r in re.findall(r"[\x21-\x7e]+", line)]
    # A run of ASCII (a figure with its unit, ISO9001:2015) keeps one line up to NAME_EM ems;
    # a longer one (a web address) wraps (book.css td: overflow-wrap: anywhere), or a form
    # citing an address turned landscape around a column as wide as the address.
    unbreakable = min(max((text_width(r, size) for r in runs), default=0.0), NAME_EM * size)
    least = _name_min(table, full, size, names)
    return max(least, unbreakable) + PAD + indent


def placed_cells(table: Table) -> list[list[tuple[int, Cell]]]:
    """Every row (header and body) as (first column, cell) pairs, merged cells placed."""
    taken: set[tuple[int, int]] = set()
    out: list[list[tuple[int, Cell]]] = []
    rows = [*table.header, *(row.cells for row in table.rows)]
    for r, cells in enumerate(rows):
        placed: list[tuple[int, Cell]] = []
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            placed.append((c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
        out.append(placed)
    return out


def minimum_widths(table: Table, size: float, comfortable: bool = False,
                   names: int = SQUEEZED) -> list[float]:
    """Per column, the least width (pt) its content needs at ``size`` (``names``: how far a
    name may be squeezed, see :func:`_name_min`; ``comfortable``: every name on one line)."""
    n = table.column_count
    need = [0.0] * n
    spans: list[tuple[int, int, float]] = []
    for row in placed_cells(table):
        for c, cell in row:
            width = _cell_min(table, cell, size, comfortable, names)
            if cell.colspan == 1:
                need[c] = max(need[c], width)
            else:
                spans.append((c, min(c + cell.colspan, n), width))
    for start, end, width in sorted(spans, key=lambda s: s[1] - s[0]):
        short = width - sum(need[start:end])
        if short > 0:
            for c in range(start, end):
                need[c] += short / (end - start)
    return need


def _fill(need: list[float], prefer: tuple[int, ...], total: float) -> list[float]:
    """Widths summing to ``total``: proportional to ``prefer`` where that gives a column at
    least its ``need``, exactly ``need`` elsewhere."""
    fixed: set[int] = set()
    while True:
        free = [c for c in range(len(need)) if c not in fixed]
        room = total - sum(need[c] for c in fixed)
        weight = sum(prefer[c] for c in free)
        scale = room / weight if weight else 0.0
        short = [c for c in free if prefer[c] * scale < need[c]]
        if not short:
            return [need[c] if c in fixed else prefer[c] * scale for c in range(len(need))]
        fixed.update(short)


def _widths(table: Table, size: float, need: list[float], page: float,
            names: int = KEEP) -> list[float]:
    """Column widths filling ``page``: names on one line if they can be, else each name column
    given the same share of the room it would need for that. With names wrapped to two lines
    (:data:`TWO_LINES`), the room goes first where it keeps the most names on one line
    (:func:`_most_names_whole`)."""
    wish = minimum_widths(table, size, comfortable=True)
    if sum(wish) <= page:
        return _fill(wish, table.column_widths, page)
    if names == TWO_LINES:
        need = _most_names_whole(table, size, need, wish, page)
    room = page - sum(need)
    want = sum(wish) - sum(need)
    return [n + room * (w - n) / want for n, w in zip(need, wish, strict=True)]


def _most_names_whole(table: Table, size: float, need: list[float], wish: list[float],
                      page: float) -> list[float]:
    """``need`` widened, within ``page``, to keep as many names as possible on one line: each
    name column is tried at every width that puts one more of its names on one line (a few
    columns, a few dozen names: every combination is tried; the first best one is kept)."""
    fits: dict[int, list[float]] = {}
    for row in placed_cells(table)[len(table.header):]:
        for c, cell in row:
            if cell.colspan == 1 and not (cell.is_amount or cell.header) and wish[c] > need[c]:
                fits.setdefault(c, []).append(_cell_min(table, cell, size, comfortable=True))
    columns = sorted(fits)
    choices = [sorted({need[c], *(w for w in fits[c] if need[c] < w <= wish[c])})
               for c in columns]
    if not columns or prod(len(ch) for ch in choices) > 20_000:
        return need
    room = page - sum(need)
    best: tuple[int, tuple[float, ...]] = (-1, ())
    for widths in product(*choices):
        extra = sum(w - need[c] for c, w in zip(columns, widths, strict=True))
        if extra <= room + 1e-9:
            whole = sum(1 for c, w in zip(columns, widths, strict=True)
                        for f in fits[c] if f <= w + 1e-9)
            if whole > best[0]:
                best = (whole, widths)
    out = list(need)
    for c, w in zip(columns, best[1], strict=True):
        out[c] = w
    return out


def _sizes(start: float, stop: float) -> list[float]:
    out = []
    size = start
    while size >= stop - 1e-9:
        out.append(round(size, 2))
        size -= STEP
    return out


@lru_cache(maxsize=256)  # a batch worker builds many books: bounded
def _cached(table: Table) -> TableLayout:
    # Each orientation in turn (upright first unless the table is wide): the largest size that
    # keeps every name on one line, down to COMFORT_FLOOR; else the largest, down to FLOOR, at
    # which figures fit and names keep their width. Then, landscape only, names squeezed, and
    # past the floor smaller sizes still.
    # One type size per book where the page allows: a table turns landscape at the book's
    # size before its type shrinks (upright, then landscape, at SIZE; only then smaller).
    # Upright, names may wrap to two lines before the table turns.
    attempts: list[tuple[bool, bool, int, list[float]]] = []  # landscape, comfortable, names
    orientations = [True] if table.wide else [False, True]
    for landscape in orientations:
        attempts.append((landscape, True, KEEP, [SIZE]))
        attempts.append((landscape, False, KEEP, [SIZE]))
        if not landscape:
            attempts.append((landscape, False, TWO_LINES, [SIZE]))
    for landscape in orientations:
        attempts.append((landscape, True, KEEP, _sizes(SIZE, COMFORT_FLOOR)))
        attempts.append((landscape, False, KEEP, _sizes(SIZE, FLOOR)))
    attempts.append((True, False, SQUEEZED, _sizes(SIZE, LAST_RESORT)))
    for landscape, comfortable, names, sizes in attempts:
        page = LANDSCAPE if landscape else PORTRAIT
        for size in sizes:
            if sum(minimum_widths(table, size, comfortable, names)) <= page:
                need = minimum_widths(table, size, names=names)
                return TableLayout(size, landscape,
                                   tuple(_widths(table, size, need, page, names)))
    need = minimum_widths(table, LAST_RESORT)  # wider than any page: let it be wider
    return TableLayout(LAST_RESORT, True, tuple(need))


def layout(table: Table) -> TableLayout:
    """How ``table`` is set on the page (see the module docstring)."""
    return _cached(table)
