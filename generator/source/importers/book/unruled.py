"""Tables a PDF lays out without rulings, read from where their words stand.

A producer that draws no cell borders (LibreOffice Writer/Web laying out an HTML table, a page
set with tabs) leaves pdfplumber's table finder nothing to find. Its rows are still there in the
geometry: cells are words set apart by more than a space, and a row is a band of lines. A cell
too narrow for its text wraps it onto lines of its own above and below the row's figures
(``国家电影事业发展专`` / ``207 07 300,000.00 …`` / ``项资金``: figures centred on the cell's
middle), so the lines of one row stand closer together than the rows do (the cells' padding).

Here a page's text lines become such bands: a line joins the band above when it starts within
half a line of the band's foot, is set in the same size, and brings no second figure or code
into a column that has one (two rows set tight stay apart). Within a band, words whose spans
overlap are one cell, read top to bottom. A band of one cell is a paragraph (a title, a heading
word, a note); any other is a row whose cells carry their positions in points, as layout text's
cells carry character positions, so the columns are found from the header words the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.source.importers.book.pages import Block, Cell, is_amount, starts_item

_CELL_GAP = 0.35  # ems between two words of different cells (a space is ~0.25 em)
_ROW_GAP = 1.2  # ems between cells that make a line a table's line
_SPREAD = 0.8  # ems between two Chinese characters of one justified cell at most
_HAN = re.compile(r"[\u4e00-\u9fff、，（）“”]")
_FIGURE = re.compile(r"^\d{1,3}(?:,\d{3})*\.\d{2}$|^\d{1,3}(?:,\d{3})+$")


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    spacing: float = 0.0  # the gap between its characters (a justified cell's spread)


@dataclass
class _Band:
    size: float
    top: float
    bottom: float
    words: list[_Word] = field(default_factory=list)


def _size(line: dict[str, Any]) -> float:
    chars = line.get("chars") or []
    return round(float(chars[0]["size"]), 1) if chars else 10.5


def _words(line: dict[str, Any]) -> list[_Word]:
    """The line's words: runs of characters closer than a cell gap. A figure set close after a
    name (a narrow cell's text justified up to its neighbour) is a word of its own where a gap
    wider than letter spacing parts it from the name."""
    chars = sorted((c for c in line.get("chars") or [] if c["text"].strip()), key=lambda c: c["x0"])
    em = _size(line)
    out: list[_Word] = []
    soft: dict[int, tuple[int, float]] = {}  # word index: where a figure may start after a name
    for char in chars:
        # a narrow cell's Chinese justified to its width spreads its characters wider apart
        # than a space, never as far as the next column; evenly (a word set close does not
        # take a neighbour's label into it)
        gap = char["x0"] - out[-1].x1 if out else 0.0
        spread = bool(out) and bool(_HAN.match(char["text"])) and bool(
            _HAN.match(out[-1].text[-1])) and (len(out[-1].text) == 1 or abs(
                gap - out[-1].spacing) < 0.1 * em)
        if out and gap <= (_SPREAD if spread else _CELL_GAP) * em:
            last = out[-1]
            if len(last.text) == 1:
                last.spacing = gap
            if gap > 0.2 * em and char["text"].isdigit() and re.search(r"[\u4e00-\u9fff]$", last.text):
                soft[len(out) - 1] = (len(last.text), char["x0"])
            elif gap > 0.15 * em and re.match(r"\w", char["text"]) and re.search(
                    r"[A-Za-z0-9]$", last.text):
                last.text += " "
            last.text += char["text"]
            last.x1 = max(last.x1, char["x1"])
        else:
            out.append(_Word(char["text"], char["x0"], char["x1"], char["top"], char["bottom"]))
    for index in sorted(soft, reverse=True):
        word, (at, x) = out[index], soft[index]
        if _FIGURE.match(word.text[at:]):
            out[index:index + 1] = [_Word(word.text[:at], word.x0, x, word.top, word.bottom),
                                    _Word(word.text[at:], x, word.x1, word.top, word.bottom)]
    return out


def _tabular(words: list[_Word], em: float) -> bool:
    return any(b.x0 - a.x1 >= _ROW_GAP * em for a, b in zip(words, words[1:], strict=False))


def _overlap(a: _Word, b: _Word) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1


def _keyed(word: _Word) -> bool:
    """A figure or a code: a column holds one per row."""
    return bool(_FIGURE.match(word.text) or re.fullmatch(r"\d{2,3}", word.text))


def _joins(band: _Band, words: list[_Word], size: float, top: float) -> bool:
    if abs(size - band.size) > 0.5 or top - band.bottom > 0.5 * size:
        return False
    for word in words:
        for other in band.words:
            if not _overlap(word, other):
                continue
            if _keyed(word) and _keyed(other):
                return False
            if starts_item(word.text) or re.match(r"^[一二三四五六七八九十]+、", word.text):
                return False  # a numbered name starts a row of its own
    return True


def _header_word(line: dict[str, Any], size: float, width: float) -> bool:
    from generator.source.importers.book.structure import caption, is_heading, squeeze

    text = squeeze(str(line["text"]))
    return (abs(_size(line) - size) <= 0.5 and float(line["x1"]) - float(line["x0"]) < 0.4 * width
            and not is_heading(text) and not caption(text) and not re.search(r"[。；：:]", text))


def _spans(word: _Word, words: list[_Word]) -> bool:
    """Whether ``word`` heads several columns: it stands over two words of one other line (基本支出
    over 人员经费 and 公用经费)."""
    lines: dict[int, int] = {}
    for other in words:
        if other is not word and round(other.top) != round(word.top) and _overlap(word, other):
            lines[round(other.top)] = lines.get(round(other.top), 0) + 1
    return any(count >= 2 for count in lines.values())


def _cells(band: _Band) -> list[Cell]:
    """The band's words grouped into cells by overlapping spans, each read top to bottom."""
    spanning = [w for w in band.words if _spans(w, band.words)]
    groups: list[list[_Word]] = []
    for word in sorted((w for w in band.words if w not in spanning), key=lambda w: w.x0):
        hits = [g for g in groups if any(_overlap(word, w) for w in g)]
        merged = [word]
        for g in hits:
            merged += g
            groups.remove(g)
        groups.append(merged)
    groups += [[word] for word in spanning]
    cells = []
    for group in groups:
        group.sort(key=lambda w: (round(w.top), w.x0))
        cells.append(Cell("".join(w.text for w in group), min(w.x0 for w in group),
                          max(w.x1 for w in group)))
    return sorted(cells, key=lambda c: c.x)


def items(page: int, lines: list[dict[str, Any]]) -> list[tuple[float, Block | dict[str, Any]]] | None:
    """The page's lines with its unruled table read as bands (rows and lone cells as blocks), or
    ``None`` when the page has no such table: a line whose cells stand apart, and two lines
    holding a printed figure as a word of its own (a sentence's figures run into its words) or
    one such line whose cells stand apart (表9's one row)."""
    split = [(line, _words(line)) for line in lines]
    tabular = [i for i, (line, words) in enumerate(split) if _tabular(words, _size(line))]
    figured = [i for i, (_, words) in enumerate(split) if any(_FIGURE.match(w.text) for w in words)]
    if not tabular or not (len(figured) >= 2 or set(figured) & set(tabular)):
        return None
    first, last = min(tabular[0], figured[0]), max(tabular[-1], figured[-1])
    # the table goes on past its last figures in rows of names only (blank categories), up to
    # running text: a line as wide as most of the page
    width = max(float(line["x1"]) for line in lines) - min(float(line["x0"]) for line in lines)
    while last + 1 < len(split) and float(split[last + 1][0]["x1"]) - float(
            split[last + 1][0]["x0"]) < 0.4 * width:
        last += 1
    # and starts before its first line of cells apart, in header words of the same size (a
    # label wrapped in its cell, words set closer than a column gap), up to a title or caption
    size = _size(split[first][0])
    while first > 0 and _header_word(split[first - 1][0], size, width):
        first -= 1
    out: list[tuple[float, Block | dict[str, Any]]] = [
        (float(line["top"]), line) for line, _ in split[:first] + split[last + 1:]]
    bands: list[_Band] = []
    for line, words in split[first:last + 1]:
        size, top, bottom = _size(line), float(line["top"]), float(line["bottom"])
        if bands and _joins(bands[-1], words, size, top):
            band = bands[-1]
            band.bottom = max(band.bottom, bottom)
        else:
            band = _Band(size, top, bottom)
            bands.append(band)
        band.words += words
    for band in bands:
        cells = _cells(band)
        text = " ".join(c.text for c in cells)
        if len(cells) == 1 and not is_amount(cells[0].text):
            out.append((band.top, Block(page, 0, cells[0].text, header_cells=cells)))
        else:
            out.append((band.top, Block(page, 0, text, cells, False, drawn=True)))
    out.sort(key=lambda item: item[0])
    return out


def _parts(block: Block) -> list[Cell]:
    return block.cells or block.header_cells


def carry(pages: list[list[tuple[float, Block | dict[str, Any]]]]) -> None:
    """A row the page break cut (LibreOffice breaks a row between the lines of its cells) made
    whole: on a page that begins by repeating the header of the page before, the first band
    after it that holds only short pieces of text in the columns of the last row overleaf, none
    of them numbered or coded, is the rest of that row's cells."""
    for before, after in zip(pages, pages[1:], strict=False):
        rows = [item for _, item in before if isinstance(item, Block) and _parts(item)]
        if not rows:
            continue
        seen = {block.text for block in rows}
        blocks = [item if isinstance(item, Block) else None for _, item in after]
        at = 0
        while at < len(blocks) and (block := blocks[at]) is not None and block.text in seen:
            at += 1
        piece = blocks[at] if 0 < at < len(blocks) else None
        if piece is None:
            continue
        last = rows[-1]
        cells, into = _parts(piece), list(_parts(last))
        if not cells or any(is_amount(c.text) or len(c.text) > 8 or starts_item(c.text)
                            or re.match(r"^(?:[一二三四五六七八九十]+、|\d{2,3}$)", c.text)
                            for c in cells):
            continue
        spans = [next((k for k, c in enumerate(into) if c.x < cell.right and cell.x < c.right
                       and not is_amount(c.text)), None) for cell in cells]
        if any(k is None for k in spans):
            continue
        for cell, k in zip(cells, spans, strict=True):
            into[k] = Cell(into[k].text + cell.text, into[k].x, max(into[k].right, cell.right))  # type: ignore[index]
        text = " ".join(c.text for c in into)
        if last.cells:
            last.cells, last.text = into, text
        else:
            last.header_cells, last.text = into, text
        del after[at]
