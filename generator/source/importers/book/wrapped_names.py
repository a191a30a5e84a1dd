"""Names of coded rows (表2, 表3, 表5–表8) that wrapped inside their cell.

A narrow name column wraps a long 科目 name onto several lines. A text route (``pdftotext
-layout`` or ``-raw``, pdfplumber's text, a viewer's copy, tab text) then prints the row's code
and figures on one line and the name's lines around it, where the cell's vertical alignment puts
them: after the code line (top, Word's default), around it (centred: LibreOffice Calc, Writer;
with an even count of lines the code line stands between them and carries none), or before it
(bottom, a spreadsheet's default). A row that breaks across a page goes on under the repeated
header. (A PDF read directly keeps each name whole in its cell; plain ``pdftotext``, a line a
cell in another order, is the scattered reader's.)

The lines between two code lines are shared out by what every wrapped cell looks like, not by one
producer's spacing: each line of a name but its last fills the column, so a line clearly shorter
ends a name; a name never holds a wider gap between its lines than between rows (a blank line in
layout text); a row whose code line carries no piece of its name has pieces both before and after
it. Where these leave a choice, the alignment the table shows elsewhere decides, then the row
before (at the top of a page: the row the page broke).

A spreadsheet's PDF can also print a page's codes and figures first and its wrapped name cells
after them (``names_apart``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from generator.source.importers.book.pages import Block, Cell, is_amount
from generator.source.importers.book.structure import squeeze

_PIECE = re.compile(r"[\u4e00-\u9fff（）()、\d]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CODED = re.compile(r"\d{2,3}(?:\s|$)|\d{5}(?!\d)|\d{7}(?!\d)")  # a row's codes, its name after them
# a header's words (a header cell wrapped, or a page's repeated header), never a name's piece
_NOT_A_NAME = re.compile(r"^表\d|[（(]续[）)]|续表|科目(?:编码|名称)|(?:功能|经济)分类|合计|预算数"
                         r"|收入预算|支出预算|^(?:类款项|项目|编码|名称)$"
                         r"|^(?:财政拨款(?:收入)?|事业收入|(?:事业单位)?经营收入|其他收入|(?:基本|项目)支出"
                         r"|人员经费|公用经费|小计)+$")


@dataclass
class _Piece:
    text: str
    x: float
    right: float
    page: int
    line: int  # the text's line (0 in a PDF: no blank lines to tell by)
    block: int  # the index of the block it stands in
    placed: bool = True  # x and right are its place on the line
    part: int = 0  # the piece of the table it stands in: a new one on each page or header

    @property
    def width(self) -> float:
        """How much of the line it fills, in Chinese characters (a digit or letter is half)."""
        return sum(1 if _CJK.match(c) or c in "（）、" else 0.5 for c in self.text)


@dataclass
class _Row:
    block: int
    slot: int  # where the name's cell stands (or would) among the row's cells
    page: int
    line: int
    own: _Piece | None  # the piece on the code line
    above: list[_Piece] = field(default_factory=list)
    below: list[_Piece] = field(default_factory=list)
    part: int = 0

    def pieces(self) -> list[_Piece]:
        return [*self.above, *([self.own] if self.own else []), *self.below]


def unwrap_names(blocks: list[Block], slot: Callable[[Block], int | None]) -> list[Block]:
    """``blocks`` with each coded row's name made whole from the lines its cell wrapped onto.
    ``slot`` gives a coded row's name position among its cells (None for any other block)."""
    rows = _coded_rows(blocks, slot)
    if not rows or not any(r.line for r in rows):
        return blocks  # (a PDF's table keeps each name whole in its cell)
    if all(blocks[r.block].exact or not blocks[r.block].placed for r in rows) and _spaced(blocks):
        return blocks  # (plain pdftotext: a line a cell, in an order that is not the page's)
    events = _events(blocks, rows, slot)
    pieces = [e for e in events if isinstance(e, _Piece)]
    if not pieces:
        return blocks
    # the column's width: its widest line of a wrapped name (a row's own cell may hold a whole
    # name the text ran together)
    full = max(p.width for p in pieces)
    # (a row's own piece is one line only where the text keeps its places)
    short = {id(p) for p in [*pieces, *(r.own for r in rows if r.own and r.own.placed)]
             if p.width <= full - 1.5}
    # the lines something stands on: a gap between two lines is blank only where nothing does
    taken = {(b.page, b.line + k) for b in blocks if b.line for k in range(max(1, len(b.lines)))}
    blank = taken if any(p.line for p in pieces) else set()
    mode = ""
    for _ in range(2):  # once to see how the table aligns its names, once with that in mind
        for r in rows:
            r.above, r.below = [], []
        _share(events, short, blank, mode)
        mode = _alignment(rows)
    return _rebuilt(blocks, rows)


def names_apart(blocks: list[Block], slot: Callable[[Block], int | None]) -> list[Block]:
    """``blocks`` with the names of a run of coded rows printed apart from them put back: a
    spreadsheet drawn to PDF can lay down a page's codes and figures first and the text of its
    wrapped name cells after them, so a text route prints rows without names, then the names
    one after another. Only where the names counted there are exactly the rows without one."""
    header = _header(blocks, slot)[0]
    out: list[Block | None] = list(blocks)
    i = 0
    while i < len(blocks):
        run = []
        while i < len(blocks) and blocks[i].is_row and _nameless(blocks[i], slot):
            run.append(i)
            i += 1
        if len(run) < 2:
            i += 1 if not run else 0
            continue
        names = []
        k = i
        while k < len(blocks) and not (blocks[k].is_row and slot(blocks[k]) is not None):
            if _name_like(blocks[k], header):
                names.append(k)
            k += 1
        if len(names) != len(run):
            continue
        for r, n in zip(run, names, strict=True):
            block, at = blocks[r], slot(blocks[r]) or 0
            cell = Cell(squeeze(blocks[n].text), block.cells[at - 1].right + 1 if at else 0,
                        block.cells[at - 1].right + 1 if at else 0)
            cells = [*block.cells[:at], cell, *block.cells[at:]]
            out[r] = replace(block, cells=cells, text=" ".join(c.text for c in cells))
            out[n] = None
    return [b for b in out if b is not None]


def _header(blocks: list[Block], slot: Callable[[Block], int | None],
            column: tuple[float, float] | None = None) -> tuple[set[str], int]:
    """The texts of the table's header: the lines before its first coded row, but for the
    pieces of that row's name just above it (in the name's column, where the text keeps its
    places); and where those pieces begin."""
    first = next((i for i, b in enumerate(blocks) if b.is_row and slot(b) is not None), 0)
    while first and _pieces(blocks[first - 1], first - 1, column):
        first -= 1
    return {squeeze(t) for b in blocks[:first] for t in b.text.split("\n")}, first


def _nameless(block: Block, slot: Callable[[Block], int | None]) -> bool:
    at = slot(block)
    return (at is not None and any(is_amount(c.text) for c in block.cells[at:])
            and all(is_amount(c.text) for c in block.cells[at:]))


def _name_like(block: Block, header: set[str]) -> bool:
    return not block.is_row and _named(block.text) and squeeze(block.text) not in header


def _named(line: str) -> bool:
    """Whether a line of text can be a piece of a 科目's name: Chinese (and brackets, digits),
    no header word, no row's codes."""
    text = squeeze(line)
    return (bool(_PIECE.fullmatch(text)) and bool(_CJK.search(text))
            and not _NOT_A_NAME.search(text) and not _CODED.match(line.strip()))


def _spaced(blocks: list[Block]) -> bool:
    """Whether most lines of the table stand a blank line apart (plain ``pdftotext``)."""
    gaps = [b.line - a.line for a, b in zip(blocks, blocks[1:], strict=False)
            if a.page == b.page and a.line and b.line]
    return sum(1 for g in gaps if g > 1) > len(gaps) / 2


def _coded_rows(blocks: list[Block], slot: Callable[[Block], int | None]) -> list[_Row]:
    """The coded rows (their figures on the code line, or blank), and the piece of name beside
    them."""
    rows: list[_Row] = []
    for i, block in enumerate(blocks):
        at = slot(block) if block.is_row else None
        if at is None:
            continue
        cells = block.cells
        if any(not is_amount(c.text) for c in cells[at + 1:]):
            continue  # a name in pieces on its line: not this shape
        own = None
        text = squeeze(cells[at].text) if at < len(cells) else ""
        if text and not is_amount(text) and _PIECE.fullmatch(text):
            own = _Piece(text, cells[at].x, cells[at].right, block.page, block.line, i,
                         not block.exact)
        rows.append(_Row(i, at, block.page, block.line, own))
    return rows


def _events(blocks: list[Block], rows: list[_Row], slot: Callable[[Block], int | None]
            ) -> list[_Row | _Piece | None]:
    """The table's coded rows and the pieces of name between them, in order; None for a row no
    name goes past (a 合计, a coded row whose name is in pieces on its line)."""
    placed = [r for r in rows if not blocks[r.block].exact]
    left = [r.own.x for r in placed if r.own]
    figures = [c.x for r in placed for c in blocks[r.block].cells[r.slot:] if is_amount(c.text)]
    codes = [blocks[r.block].cells[r.slot - 1].right for r in placed if r.slot]
    # where a name's line may stand, when the rows' cells keep their places
    column = (max(codes, default=min(left) - 1), min(figures)) if left and figures else None
    # (the header is printed again on each page: its lines are no name's pieces)
    header, start = _header(blocks, slot, column)
    events: list[_Row | _Piece | None] = []
    rows_at = {r.block: r for r in rows}
    part, page, heading = 0, blocks[0].page, False
    for i, block in enumerate(blocks):
        # a new page, or the header printed again (a page break the text does not mark)
        repeated = i > rows[0].block and squeeze(block.text) in header
        if block.page != page or (repeated and not heading):
            part += 1
        page, heading = block.page, repeated
        if i in rows_at:
            rows_at[i].part = part
            events.append(rows_at[i])
        elif block.is_row and slot(block) is not None:
            events.append(None)
        elif i >= start:
            found = [p for p in _pieces(block, i, column) if p.text not in header]
            if not found and any(is_amount(c.text) for c in block.cells):
                events.append(None)
            for piece in found:
                piece.part = part
            events.extend(found)
    return events


def _pieces(block: Block, index: int, column: tuple[float, float] | None) -> list[_Piece]:
    """The block's lines as pieces of a name, or none when any of them is not one. Where the
    rows and the line keep their places, a piece stands in the name's column."""
    placed = column is not None and not block.exact and bool(
        block.lines or block.header_cells or block.cells)
    if block.cells:  # a piece ending in a number ("其他支出第 11") taken for a row
        lines = [Cell(block.text, block.cells[0].x, block.cells[-1].right)]
    elif placed:
        lines = block.lines if len(block.lines) > 1 else block.header_cells
    else:
        lines = [Cell(t, 0, 0) for t in block.text.split("\n")]
    out = []
    for k, cell in enumerate(lines):
        if not _named(cell.text):
            return []
        if placed and column and not column[0] - 1 <= cell.x < column[1]:
            return []
        out.append(_Piece(squeeze(cell.text), cell.x, cell.right, block.page,
                          block.line + k if block.line else 0, index, placed))
    return out


def _share(events: list[_Row | _Piece | None], short: set[int], blank: set[tuple[int, int]],
           mode: str) -> None:
    """Give every piece to the row before or after it (see the module's note): over each run of
    rows between rows of figures, the sharing that fits the rows best as a whole."""
    run: list[_Row] = []
    gaps: list[list[_Piece]] = [[]]
    for event in [*events, None]:
        if isinstance(event, _Piece):
            gaps[-1].append(event)
        elif isinstance(event, _Row):
            run.append(event)
            gaps.append([])
        else:
            if run:
                _share_run(run, gaps, short, blank, mode)
            run, gaps = [], [[]]


def _share_run(rows: list[_Row], gaps: list[list[_Piece]], short: set[int],
               blank: set[tuple[int, int]], mode: str) -> None:
    """``gaps[i]`` stands before ``rows[i]``; the first goes to the first row, the last to the
    last row, and each between is cut in two by dynamic programming over the cuts."""
    def above(i: int, cut: int) -> list[_Piece]:
        return gaps[i] if i == 0 else gaps[i][cut:]

    def below(i: int, cut: int) -> list[_Piece]:
        return gaps[i + 1] if i == len(rows) - 1 else gaps[i + 1][:cut]

    # best[cut]: the least cost of the rows before row i, row i's gap being cut at ``cut``
    best = {0: (0.0, [0])}
    for i in range(len(rows)):
        nexts = range(len(gaps[i + 1]) + 1) if i < len(rows) - 1 else range(1)
        step: dict[int, tuple[float, list[int]]] = {}
        for cut, (cost, path) in best.items():
            for after in nexts:
                total = cost + _fit(rows[i], above(i, cut), below(i, after), short, blank, mode)
                if i:  # where nothing else tells, lines end the row before them (a cell's
                    # default alignment is its top); above all at the top of a page (a word
                    # processor lets a row break across the page)
                    total += sum(0.2 if p.part > rows[i - 1].part else 0.01 for p in above(i, cut))
                if after not in step or total < step[after][0]:
                    step[after] = (total, [*path, after])
        best = step
    cuts = min(best.values(), key=lambda v: v[0])[1]
    for i, row in enumerate(rows):
        row.above, row.below = above(i, cuts[i]), below(i, cuts[i + 1])


def _fit(row: _Row, above: list[_Piece], below: list[_Piece], short: set[int],
         blank: set[tuple[int, int]], mode: str) -> float:
    """How badly ``above`` and ``below`` fit as the lines of ``row``'s name before and after its
    code line."""
    pieces = [*above, *([row.own] if row.own else []), *below]
    if not pieces:
        return 5.0  # (a name is never empty)
    cost = 0.0
    # a line clearly shorter than the column ends a name
    cost += 3 * sum(1 for p in pieces[:-1] if id(p) in short)
    if short and id(pieces[-1]) not in short:
        cost += 1  # (a name may fill its last line exactly)
    # a code line without its name's piece stands amid the name
    if not row.own and (not above or not below):
        cost += 5 if above or not below else 50
    # a blank line parts rows, never the lines of one cell
    lines = [*((p.page, p.line) for p in above), (row.page, row.line), *((p.page, p.line) for p in below)]
    if blank:  # (``blank``: the lines where something stands)
        cost += 2 * sum(1 for (p1, l1), (p2, l2) in zip(lines, lines[1:], strict=False)
                        if p1 == p2 and l2 - l1 > 1
                        and not any((p1, n) in blank for n in range(l1 + 1, l2)))
    parts = {p.part for p in [*above, *below]} | {row.part}
    if mode and len(parts) == 1:  # (a row broken across a page aside)
        cost += 0.4 * {"top": len(above), "bottom": len(below),
                       "centre": abs(len(above) - len(below))}[mode]
    return cost


def _alignment(rows: list[_Row]) -> str:
    """How the table aligns its wrapped names: by the rows whose name has several lines."""
    seen: Counter[str] = Counter()
    for r in rows:
        if len(r.pieces()) < 2:
            continue
        if r.above and r.below:
            seen["centre"] += 1
        elif r.below:
            seen["top"] += 1
        elif r.above:
            seen["bottom"] += 1
    return seen.most_common(1)[0][0] if seen else ""


def _rebuilt(blocks: list[Block], rows: list[_Row]) -> list[Block]:
    used: set[int] = set()
    out = list(blocks)
    for r in rows:
        pieces = r.pieces()
        if not r.above and not (r.below and r.own):
            continue  # (a code line without its name's piece stands amid the name, never above it)
        used.update(p.block for p in pieces if p is not r.own)
        block = blocks[r.block]
        # the lines overleaf are left for the book's catalog to judge (a name read whole on its
        # page is not made longer by the next row's first line)
        here = [p for p in pieces if p.part <= r.part] or pieces
        overleaf = "".join(p.text for p in pieces if p not in here)
        name = Cell("".join(p.text for p in here), min(p.x for p in here),
                    max(p.right for p in here))
        cells = [*block.cells[:r.slot], name, *block.cells[r.slot + (1 if r.own else 0):]]
        out[r.block] = replace(block, cells=cells, text=" ".join(c.text for c in cells),
                               overleaf=overleaf)
    return [b for i, b in enumerate(out) if i not in used]
