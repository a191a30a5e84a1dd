"""Category names of 表1/表4 that wrapped inside their cell.

A narrow 支出 column wraps a long category (``六、文化旅游体育与传媒`` / ``支出``). Every text route
then prints the two pieces on different lines, and the row's figures on a line of their own:
between the pieces (``pdftotext -layout``, pdfplumber's text, where the figures sit on the cell's
middle line) or after them (``-raw``). The income cell on the left may wrap at the same time
(``三、事业单位`` / ``经营收入``), its pieces on the same lines.

The pieces are told by the template, not by spacing: categories are numbered in order
(一、二、… as the template lists them), so the piece that starts a category is the one numbered
next after the last whole category (or the one after that, where a category between could not
be made whole); the piece that ends it is the first short word after it that
makes the name end as every category does (支出, 预备费); the figures are the first line of
figures alone between the start and the line after the end.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from generator.source.importers.book.pages import Block, Cell, is_amount

_NUMBERED = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_WHOLE = re.compile(r"^[一二三四五六七八九十]+、(?:.+支出|预备费)$")
_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
_WINDOW = 3  # lines after the start where the end of a wrapped name may stand


def numeral(text: str) -> int:
    """The value of a Chinese numeral up to 九十九 (一, 十, 十一, 二十二), 0 if it is none."""
    if not text or any(c not in _DIGITS and c != "十" for c in text):
        return 0
    if "十" not in text:
        return _DIGITS.get(text, 0) if len(text) == 1 else 0
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return 0
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


def _tokens(block: Block) -> list[Cell]:
    if block.cells:
        return list(block.cells)
    if block.header_cells:
        return list(block.header_cells)
    return [Cell(t, i, i) for i, t in enumerate(block.text.split())]


def _with(block: Block, tokens: list[Cell]) -> Block | None:
    """``block`` holding ``tokens`` instead (None when nothing is left)."""
    if not tokens:
        return None
    text = " ".join(t.text for t in tokens)
    if block.cells:
        return replace(block, cells=tokens, text=text)
    return replace(block, header_cells=tokens if block.header_cells else [], text=text)


def _placed(block: Block | None) -> list[Cell]:
    """The block's tokens where they carry places on the line (layout text, a drawn page)."""
    if block is None or block.exact:
        return []
    return list(block.cells or block.header_cells)


def _without_repeats(blocks: list[Block]) -> list[Block]:
    """The blocks without the header printed again on each new page (the lines before the first
    figure, repeated word for word): a row the page break cut then goes on right after."""
    first = next((i for i, b in enumerate(blocks) if any(is_amount(t.text) for t in _tokens(b))),
                 len(blocks))
    header = {b.text for b in blocks[:first]}
    return blocks[:first] + [b for b in blocks[first:] if b.text not in header
                             or any(is_amount(t.text) for t in _tokens(b))]


def unwrap(blocks: list[Block]) -> list[Block]:
    """The blocks of 表1 or 表4 with each wrapped category made whole again: its name in one
    cell, its figures after it on the line where it starts; the pieces taken from other lines."""
    out: list[Block | None] = list(_without_repeats(blocks))
    last = 0  # the number of the last category seen whole
    for i in range(len(out)):
        block = out[i]
        if block is None:
            continue
        tokens = _tokens(block)
        for token in tokens:
            match = _NUMBERED.match(token.text)
            if match and _WHOLE.match(token.text):
                last = max(last, numeral(match[1]))
        starts = [k for k, t in enumerate(tokens) if (m := _NUMBERED.match(t.text))
                  and not _WHOLE.match(t.text) and last < numeral(m[1]) <= last + 2]
        if not starts:
            continue
        k = starts[-1]
        found = _end(out, i, k, tokens[k].text)
        lines = _lines(out, i, tokens[k]) if found is None else None
        if found is None and lines is None:
            continue
        if lines is not None:  # a name wrapped onto several lines of its own
            name = tokens[k].text + "".join(out[n].text for n in lines)  # type: ignore[union-attr]
            for n in lines:
                out[n] = None
            j, e = lines[-1], -1
        else:
            j, e = found  # type: ignore[misc]
            name = tokens[k].text + _tokens(out[j])[e].text  # type: ignore[arg-type]
        last = numeral(_NUMBERED.match(tokens[k].text)[1])  # type: ignore[index]
        if e < 0:
            pass
        elif j == i:
            tokens = tokens[:e] + tokens[e + 1:]
        else:
            rest = _tokens(out[j])  # type: ignore[arg-type]
            out[j] = _with(out[j], rest[:e] + rest[e + 1:])  # type: ignore[arg-type]
        figures: list[Cell] = []
        row = block
        if not any(is_amount(t.text) for t in tokens[k + 1:]):
            for f in range(i + 1, min(j + 2, len(out))):
                other = out[f]
                if other is None or not other.cells:
                    continue
                if all(is_amount(c.text) for c in other.cells):
                    figures, row = list(other.cells), other
                    out[f] = None
                    break
                # the income side may print its label and figure on the same line: with
                # positions, the figures right of the name are its own; without, the figures
                # after the label that add up (合计 = its parts), all or all but the first
                if block.placed and other.placed and not other.exact:
                    right = [c for c in other.cells if c.x >= tokens[k].x - 1]
                else:  # (only on a line between the name's two pieces)
                    right = _adding_up(other.cells) if f < j else []
                if (right and len(right) < len(other.cells)
                        and all(is_amount(c.text) for c in right)):
                    figures, row = right, other
                    out[f] = _with(other, [c for c in other.cells if c not in right])
                    break
        income, figures = _income_first(figures, tokens[k], block.placed and row.placed
                                        and not block.exact and not row.exact)
        cells = [*tokens[:k], *income, replace(tokens[k], text=name), *tokens[k + 1:], *figures]
        if not block.cells and not figures:  # a blank category stays a line of text
            out[i] = _with(block, cells)
            continue
        merged = replace(row, page=block.page, line=block.line, cells=cells,
                         text=" ".join(c.text for c in cells), header_cells=[])
        out[i] = merged
    return _incomes([b for b in out if b is not None])


def _incomes(blocks: list[Block]) -> list[Block]:
    """Income labels wrapped in their narrow cell (``一、财政拨`` / ``款收入``, ``四、其他收`` /
    ``入``) made whole, where cells keep their places (layout text): the pieces below at the
    label's place, until the label ends as the template's income labels do."""
    out: list[Block | None] = list(blocks)
    for i, block in enumerate(blocks):
        tokens = _placed(block) or (list(block.cells) if block.exact else [])
        if out[i] is None:
            continue
        if not tokens or not _INCOME_STUB.match(tokens[0].text) or _INCOME_WHOLE.search(
                tokens[0].text) or _WHOLE.match(tokens[0].text):
            continue
        start, text, taken = tokens[0], tokens[0].text, []
        figure: int | None = None  # a line holding the label's figure alone
        for j in range(i + 1, min(i + 1 + _WINDOW, len(out))):
            other = out[j]
            if other is None:
                continue
            # (copied cells: the same field of a row, or a line of text alone)
            near = _placed(other) if not block.exact else list(other.cells) if other.exact \
                else [Cell(other.text, start.x, start.x)] if not other.is_row else []
            at = [k for k, t in enumerate(near) if abs(t.x - start.x) <= (0 if block.exact else 3)]
            if not at:
                continue
            piece = near[at[0]].text
            if is_amount(piece):
                if len(_tokens(other)) == 1:
                    figure = j
                continue  # the label's figure, on the line between its pieces
            if len(piece) > 6 or _NUMBERED.match(piece) or _INCOME_STUB.match(piece):
                break
            taken.append((j, at[0]))
            text += piece
            if _INCOME_WHOLE.search(text):
                break
        if not taken or not _INCOME_WHOLE.search(text):
            continue
        for j, k in taken:
            other = out[j]
            if other is not None and not other.cells and not other.header_cells:
                out[j] = None  # a line of text that was the piece
                continue
            rest = _tokens(other)  # type: ignore[arg-type]
            out[j] = _with(other, rest[:k] + rest[k + 1:])  # type: ignore[arg-type]
        after = taken[-1][0] + 1
        if figure is None and after < len(out) and out[after] is not None and len(
                _tokens(out[after])) == 1 and is_amount(_tokens(out[after])[0].text):  # type: ignore[arg-type]
            figure = after  # (or right after its last piece)
        if not block.cells and figure is not None and not out[figure].cells:  # type: ignore[union-attr]
            # a label and its figure on lines of their own (text without places): one row
            value = _tokens(out[figure])[0].text  # type: ignore[arg-type]
            out[figure] = None
            out[i] = Block(block.page, block.line, f"{text} {value}",
                           [Cell(text, 0, 0), Cell(value, 1, 1)], True, placed=False)
            continue
        out[i] = _with(block, [replace(start, text=text), *tokens[1:]])
    return [b for b in out if b is not None]


def _adding_up(cells: list[Cell]) -> list[Cell]:
    """After a label, the figures of a category: a total and its parts (2 figures or more),
    the first figure left to the label when only the rest add up."""
    if not cells or is_amount(cells[0].text) or _NUMBERED.match(cells[0].text) and _WHOLE.match(
            cells[0].text):  # (another category's line)
        return []
    figures = cells[1:]
    if len(figures) < 2 or not all(is_amount(c.text) for c in figures):
        return []
    values = [Decimal(c.text.replace(",", "")) for c in figures]
    if values[0] == sum(values[1:]):
        return figures
    if len(values) >= 3 and values[1] == sum(values[2:]):
        return figures[1:]
    return []


def _income_first(figures: list[Cell], name: Cell, placed: bool
                  ) -> tuple[list[Cell], list[Cell]]:
    """The income side's figure among a wrapped category's figures (the income label wrapped
    too, its figure on the same middle line): left of the name where positions are kept, else
    the first figure when it is not the sum of the rest but the second is (合计 = its parts)."""
    if placed:
        return [c for c in figures if c.x < name.x], [c for c in figures if c.x >= name.x]
    values = [Decimal(c.text.replace(",", "")) for c in figures]
    if len(values) >= 3 and values[0] != sum(values[1:]) and values[1] == sum(values[2:]):
        return figures[:1], figures[1:]
    return [], figures


def _lines(blocks: list[Block | None], i: int, start: Cell) -> list[int] | None:
    """The lines of their own below block ``i`` that end the name begun by ``start`` (layout
    text: a narrow cell wrapped it onto two lines or more, each at the start's place; lines
    elsewhere, the other side's pieces, are passed over)."""
    pieces: list[int] = []
    text = start.text
    placed = _placed(blocks[i])
    for j in range(i + 1, min(i + 1 + 2 * _WINDOW, len(blocks))):
        block = blocks[j]
        if placed:
            tokens = _placed(block)
            if len(tokens) != 1 or abs(tokens[0].x - start.x) > 3:
                continue
        else:  # a copy without places: lines of text alone, the income side's passed over
            tokens = [] if block is None or block.is_row else [Cell(block.text, 0, 0)]
            if len(tokens) != 1 or _INCOME_WHOLE.search(tokens[0].text):
                continue
        piece = tokens[0].text
        if len(piece) > 8 or is_amount(piece) or _NUMBERED.match(piece):
            return None
        pieces.append(j)
        text += piece
        if _WHOLE.match(text):
            return pieces
    return None


def _end(blocks: list[Block | None], i: int, k: int, start: str) -> tuple[int, int] | None:
    """The block and token that end the name begun by token ``k`` of block ``i``."""
    for j in range(i, min(i + 1 + _WINDOW, len(blocks))):
        block = blocks[j]
        if block is None:
            continue
        for e, token in enumerate(_tokens(block)):
            if j == i and e <= k:
                continue
            text = token.text
            other = _NUMBERED.match(text)
            if other and not _WHOLE.match(text) and other[1] == _NUMBERED.match(start)[1]:  # type: ignore[index]
                return None  # a later piece with the same number starts the name
            if (len(text) <= 8 and not is_amount(text) and not _NUMBERED.match(text)
                    and _WHOLE.match(start + text)):
                return j, e
    return None


_INCOME_STUB = re.compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})、\S+$")
_INCOME_WHOLE = re.compile(r"(?:收入|资金|预算|基金)$")


def rejoin(words: list[str]) -> tuple[dict[int, str], set[int]]:
    """Wrapped names among the words of a table printed cell by cell (plain ``pdftotext``, which
    prints a cell's lines together): the whole name for the word that starts each (by its
    index), and the indices of the words right after them that ended them. A category starts
    with the number after the last whole one and ends in 支出 or 预备费; an income label
    (一、财政拨款 / 收入, 1、一般公共预 / 算资金) ends as the template's income labels do
    (收入, 资金, 预算, 基金)."""
    names: dict[int, str] = {}
    spent: set[int] = set()
    last = 0
    for i, word in enumerate(words):
        if i in spent:
            continue
        match = _NUMBERED.match(word)
        if match and _WHOLE.match(word):
            last = max(last, numeral(match[1]))
            continue
        category = bool(match) and numeral(match[1]) == last + 1  # type: ignore[index]
        income = _INCOME_STUB.match(word) is not None and not _INCOME_WHOLE.search(word)
        if not category and not income:
            continue
        for j in range(i + 1, min(i + 2, len(words))):  # a cell's lines are one block
            tail = words[j]
            if (j in spent or len(tail) > 6 or is_amount(tail) or _NUMBERED.match(tail)
                    or _INCOME_STUB.match(tail)):
                continue
            whole = word + tail
            if category and _WHOLE.match(whole):
                last += 1
            elif not (income and _INCOME_WHOLE.search(whole)):
                continue
            names[i] = whole
            spent.add(j)
            break
    return names, spent
