"""A published book as a sequence of blocks: paragraphs of running text and table rows.

Three sources give the same blocks:

* a PDF, its characters and rulings read with PDFium (``pdfium.py``; pdfplumber's own reading
  where pypdfium2 is missing), its tables found by pdfplumber: ruled tables become rows of cells
  (a cell's ``x`` is its grid column), the rest becomes lines joined into paragraphs by
  indentation and line length;
* text with tab-separated cells (the seeds' form, or a copy from a PDF viewer): one line is one
  paragraph or one row (``x`` = column index);
* ``pdftotext -layout`` text: cells are runs separated by two or more spaces (``x`` = character
  position), paragraphs are separated by blank lines, pages by form feeds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{1,2}|\d+"
_AMOUNT_RE = re.compile(rf"^(?:{AMOUNT})$")
_JOINED_RE = re.compile(r"\d{1,3}(?:,\d{3})*\.\d{2}")
_FIGURE_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{2}")  # a printed figure (not a code)
PAGE_NUMBER_RE = re.compile(r"^[—\-–\s]*(?:第\s*)?\d{1,4}(?:\s*页)?[—\-–\s]*$")


@dataclass(frozen=True)
class Cell:
    """One cell of a table row: its text and its horizontal place (column index for ruled or
    tab-separated tables, left character position for layout text; ``right`` is its end)."""

    text: str
    x: float
    right: float


@dataclass
class Block:
    """A paragraph (``cells`` empty) or a table row, with the page (1-based) and, for text
    files, the line it starts on."""

    page: int
    line: int
    text: str
    cells: list[Cell] = field(default_factory=list)
    exact: bool = False  # cells carry grid column indices (not character positions)
    open: bool = False  # a paragraph whose last line runs to the margin (may go on overleaf)
    continues: bool = False  # a paragraph whose first line is not indented (may go on from before)
    header_cells: list[Cell] = field(default_factory=list)  # a lone layout line, placed
    lines: list[Cell] = field(default_factory=list)  # a layout paragraph's lines, placed
    placed: bool = True  # cells carry positions; off for text without them (see ``plain``)
    fields: int = 0  # tab-separated text: how many fields the line had (blank ones included)
    doubt: str = ""  # why the row's figures may belong to another row (text without positions)
    drawn: bool = False  # cells carry their edges on the page in points (an unruled PDF table)
    overleaf: str = ""  # a coded row's name goes on overleaf with this (a row the page broke)

    @property
    def is_row(self) -> bool:
        return bool(self.cells)


def is_amount(text: str) -> bool:
    return bool(_AMOUNT_RE.match(text.strip()))


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[\d,.]+", text))


def repair_joined(cells: list[Cell], exact: bool) -> list[Cell]:
    """Amounts that overflowed their cell ("5,596,578.2" | "84,103,168.08") put back: a run of
    numeric cells in neighbouring columns whose text, joined, is a whole number of amounts with
    two decimals, but not cell by cell."""
    out: list[Cell] = []
    i = 0
    while i < len(cells):
        j = i + 1
        while (j < len(cells) and _numeric(cells[j].text) and _numeric(cells[j - 1].text)
               and (not exact or cells[j].x - cells[j - 1].x == 1)):
            j += 1
        run = cells[i:j]
        joined = "".join(c.text for c in run)
        parts = _JOINED_RE.findall(joined)
        whole = all(_JOINED_RE.fullmatch(c.text) for c in run)
        if (_numeric(run[0].text) and re.search(r"[,.]", run[0].text) and not whole and parts
                and "".join(parts) == joined):
            if len(parts) <= len(run):
                out += [Cell(p, c.x, c.right) for p, c in zip(parts, run, strict=False)]
            else:  # layout text: no space left between two amounts
                width = (run[-1].right - run[0].x) / len(parts)
                out += [Cell(p, run[0].x + k * width, run[0].x + (k + 1) * width)
                        for k, p in enumerate(parts)]
            i = j
            continue
        out.append(cells[i])
        i += 1
    return out


# ---- text files --------------------------------------------------------------------------------

_CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》]"
_WIDE = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}


def widen(text: str) -> str:
    """Half-width punctuation next to Chinese text as the book's full-width marks."""
    return re.sub(rf"(?<={_CJK})[,;:()!?]|[,;:()!?](?={_CJK})",
                  lambda m: _WIDE[m.group()], text)


# a space that typesetting (Word, WPS, LibreOffice, justified lines) puts between Chinese and
# digits or Latin letters: "2025 年", "科目 284.25 万元"
_GAP_RE = re.compile(rf"(?<={_CJK}) +(?=[0-9A-Za-z【（《“])|(?<=[0-9A-Za-z%）】》”]) +(?={_CJK})")
_DIGIT_GAP_RE = re.compile(rf"(?<={_CJK}) +(?=[0-9])|(?<=[0-9%]) +(?={_CJK})")


_SPACED_RE = re.compile(r"(?<!\S)[\u4e00-\u9fff、，（）](?: [\u4e00-\u9fff、，（）]){2,}(?!\S)")


def unletterspace(text: str) -> str:
    """Chinese characters one space apart, three or more (a narrow cell's text justified to its
    width: "六 、 文 化 旅 游"), set close again."""
    def close(match: re.Match[str]) -> str:  # two cells' runs stay apart at a category number
        return re.sub(r"(?<![一二三四五六七八九十])(?<=\S)(?=[一二三四五六七八九十]{1,3}、)", " ",
                      match.group().replace(" ", ""))
    return _SPACED_RE.sub(close, text)


def unspace(text: str, letters: bool = True) -> str:
    """Text without the spaces typesetting puts between Chinese and digits (and, with
    ``letters``, Latin letters: a PDF's justified lines; a text file may mean its "A and B")."""
    return (_GAP_RE if letters else _DIGIT_GAP_RE).sub("", text)


# a word of a subject's name: Chinese and its brackets, no figure, no sentence's punctuation
NAME_WORD = r"[\u4e00-\u9fff（）()、]+"

# "科技创新服务专项第 1 款", "2025 年": the space a word processor sets between Chinese and
# digits, inside a name. A number standing so, between Chinese and a counter or a date's unit
# (款, 项, 期, 年, 月 …), is part of the name, never one of the row's figures.
# (项 as a counter, not the 项 of 项目: "人员经费 800 项目支出" is a figure between two labels)
_SPACED_NUMBER = re.compile(r"(?<=[\u4e00-\u9fff])( ?)(\d{1,4})( ?)(?=[年月日个期批号款类次届级度]|项(?!目))")


def joined_numbers(line: str, keep_columns: bool = False) -> str:
    """``line`` with each number set apart inside a name (see ``_SPACED_NUMBER``: a space on
    either side or both) joined to it. ``keep_columns`` (text laid out by position): the spaces
    taken out are put back where the name's cell ends, so every column after it stays where
    it was."""
    at = 0
    while (match := _SPACED_NUMBER.search(line, at)) is not None:
        at = match.start() + len(match[2])
        removed = len(match[1]) + len(match[3])
        if not removed:
            continue
        end = line.find("  ", match.end()) if keep_columns else -1  # the cell's end: a gap
        end = len(line) if end < 0 else end
        line = (line[:match.start()] + match[2] + line[match.end():end]
                + " " * (removed if keep_columns else 0) + line[end:])
    return line


def _positioned(text: str) -> bool:
    """Whether text keeps its columns by position (``pdftotext -layout``): many of its lines
    have runs of spaces between words."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    gapped = sum(1 for line in lines if re.search(r"\S {2,}\S", line))
    return gapped >= max(1, len(lines) // 20)


def from_text(text: str) -> list[Block]:
    """Blocks of a text file: tab-separated (one line = one block), ``pdftotext -layout``
    (columns by position), or text without positions (see ``plain``)."""
    tabbed = "\t" in text or bool(re.search(r"^#{1,6} ", text, re.MULTILINE))
    positioned = not tabbed and _positioned(text)
    # a number set apart inside a name ("专项第 1 款") joined to it, once for every kind of text
    text = "\n".join(joined_numbers(line, keep_columns=positioned) for line in text.split("\n"))
    if tabbed:
        blocks = _from_tabbed(text)
    elif positioned:
        blocks = _from_layout(text)
    else:
        from generator.source.importers.book import plain, structure  # structure needs Block
        blocks = plain.from_plain(text, structure.is_heading)
    for block in blocks:
        if "\f" not in text:  # no page breaks: a finding names the line only
            block.page = 0
        if not block.is_row:
            block.text = widen(unspace(block.text, letters=False))
    return blocks


# a list number a word processor set before the item's own ("1. 1.贯彻执行…": LibreOffice's
# numbering of an HTML list whose items carry their numbers)
LIST_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.．]\s*(?=\1\s*[.、．](?!\d))")


_TEX = {r"\geq": "≥", r"\leq": "≤", r"\%": "%", r"\times": "×"}


def _untex(text: str) -> str:
    """Formula remnants of a PDF-to-text conversion ("$\\geq 95\\%$") as plain text."""
    def plain(match: re.Match[str]) -> str:
        inner = match.group(1)
        for tex, char in _TEX.items():
            inner = inner.replace(tex, char)
        return inner.replace(" ", "")
    return re.sub(r"\s*\$([^$]{1,40})\$\s*", plain, text)


def clean(line: str) -> str:
    line = _untex(line)
    line = re.sub(r"^#{1,6}\s+", "", line.strip())
    line = re.sub(r"^[-*]\s+", "", line)
    return re.sub(r"</?p>", "", line).strip()


_CATEGORY_RE = re.compile(r"^[一二三四五六七八九十]+、\S+$")


def _wrapped(text: str) -> bool:
    """Whether the lines of running text were cut at a line width (a copy from a PDF viewer),
    not one paragraph a line: most long lines stop mid-sentence."""
    long = [line.strip() for line in text.split("\n") if "\t" not in line and len(line.strip()) >= 30]
    cut = sum(1 for line in long if line[-1:] not in "。：；！？:;）)")
    return len(long) >= 3 and cut > len(long) / 2


def _from_tabbed(text: str) -> list[Block]:
    blocks: list[Block] = []
    page = 1
    wrapped = _wrapped(text)
    for number, raw in enumerate(text.split("\n"), start=1):
        page += raw.count("\f")
        raw = raw.replace("\f", "")
        if "\t" in raw:
            cells = [Cell(unletterspace(clean(part)), i, i) for i, part in enumerate(raw.split("\t"))]
            cells = repair_joined([c for c in cells if c.text], True)
            # figures too wide for their cells, copied into one cell with a space between them;
            # codes, a name and figures run into one cell (a table laid out without room between
            # its columns)
            spread = [Cell(t, c.x, c.right) for c in cells for t in (
                c.text.split() if len(c.text.split()) > 1 and all(
                    is_amount(t) or _CATEGORY_RE.match(t) for t in c.text.split())
                and is_amount(c.text.split()[0]) else _unrun(c.text))]
            if spread:
                blocks.append(Block(page, number, " ".join(c.text for c in spread), spread, True,
                                    fields=raw.count("\t") + 1,
                                    placed=len(spread) == len(cells)))
        elif raw.strip() and not PAGE_NUMBER_RE.match(raw):
            line = clean(raw)
            coded = _coded_line(line)
            if coded is not None:  # a row whose cells the copy ran together, tabs and all
                blocks.append(Block(page, number, " ".join(c.text for c in coded), coded, True,
                                    fields=1, placed=False))
                continue
            last = blocks[-1] if blocks else None
            if wrapped and last is not None and join(last, line):
                last.text += line  # a line of a paragraph the copy broke mid-sentence
            else:
                blocks.append(Block(page, number, line))
    return blocks


def _coded_line(line: str) -> list[Cell] | None:
    """A line of copy text without a tab that reads as a coded row ("210 15 99 其他… 1,150,000.00
    1,000,000.00"): its cells, or None."""
    from generator.source.importers.book import plain

    tokens = line.split()
    if len(tokens) >= 2 and re.match(r"^(?:[一二三四五六七八九十]+、|\d、)", tokens[0]) and \
            all(_FIGURE_RE.fullmatch(t) for t in tokens[1:]):  # a 表1/表4 label, its figures
        return plain.row_cells(tokens)
    if len(tokens) >= 2 and all(_FIGURE_RE.fullmatch(t) for t in tokens):  # figures alone
        return plain.row_cells(tokens)
    if len(tokens) < 2 or not re.fullmatch(r"\d{3}(?:\d{2}){0,2}", tokens[0]):
        return None
    if not _FIGURE_RE.fullmatch(tokens[-1]):  # a row whose figures are all blank: codes, name
        codes = 1
        while codes < len(tokens) and re.fullmatch(r"\d{2}", tokens[codes]):
            codes += 1
        if len(tokens) != codes + 1 or re.search(r"[，。；：:,]", tokens[-1]) or len(tokens[-1]) > 30:
            return None
    return plain.row_cells(tokens)


def _unrun(text: str) -> list[str]:
    """A cell holding a row's leading codes ("207 01 09 群众文化") or its trailing figures ("…支出
    60,000.00") as well as a name: the codes, the name and the figures apart."""
    tokens = text.split()
    head = 0
    if tokens and re.fullmatch(r"\d{3}", tokens[0]):
        head = 1
        while head < min(len(tokens), 3) and re.fullmatch(r"\d{2}", tokens[head]):
            head += 1
    tail = len(tokens)
    while tail > head and _FIGURE_RE.fullmatch(tokens[tail - 1]):
        tail -= 1
    if (head == 0 and tail == len(tokens)) or tail <= head or (tail - head > 1 and not head):
        return [text]
    # (a name of several words: justified to its cell's width, "其 他 科 学 技 术 支 出 第")
    return [*tokens[:head], unletterspace(" ".join(tokens[head:tail])), *tokens[tail:]]


def join(last: Block, line: str) -> bool:
    """Whether ``line`` goes on the paragraph ``last``: it stopped mid-sentence, at the width of
    a line, and neither is a heading, a title nor a numbered item."""
    from generator.source.importers.book import structure  # structure needs Block
    return (not last.is_row and last.text[-1:] not in "。：；！？:;" and len(last.text) >= 30
            and not starts_item(line) and not structure.is_heading(line)
            and not structure.is_heading(last.text))


def _layout_cells(line: str) -> list[Cell]:
    """Cells of a layout line: words separated by one space stay together, except numbers
    (codes and amounts), which are cells of their own."""
    return [Cell(unletterspace(c.text), c.x, c.right) for c in _spaced_cells(line)]


def _spaced_cells(line: str) -> list[Cell]:
    cells: list[Cell] = []
    for match in re.finditer(r"\S+", line):
        text, start, end = match.group(), match.start(), match.end()
        numeric = bool(re.fullmatch(r"[\d,.]+", text))
        if (cells and start - cells[-1].right == 1 and not numeric
                and not re.fullmatch(r"[\d,.]+", cells[-1].text)):
            last = cells.pop()
            cells.append(Cell(last.text + " " + text, last.x, end))
        else:
            cells.append(Cell(text, start, end))
    return cells


def _from_layout(text: str) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []
    indents: list[int] = []
    start = (1, 1, 0)  # page, line, indent of the paragraph's first line

    def flush() -> None:
        if paragraph:
            page, line, indent = start
            joined = "".join(paragraph)
            # a lone indented line keeps its place: inside a table it is a header cell
            cells = [Cell(joined, indent, indent + len(joined))] if len(paragraph) == 1 else []
            block = Block(page, line, joined, header_cells=cells,
                          lines=[Cell(t, x, x + len(t)) for t, x in zip(paragraph, indents,
                                                                      strict=True)])
            last = blocks[-1] if blocks else None
            if (last is not None and not last.is_row and last.page == page - 1 and indent < 2
                    and last.text[-1:] not in "。：；！？:;" and not starts_item(joined)):
                last.text += joined  # a paragraph running on overleaf
            else:
                blocks.append(block)
            paragraph.clear()
            indents.clear()

    page = 1
    spaced = _double_spaced(text)
    for number, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            flush()
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        stripped = raw.strip()
        if not stripped and spaced:
            continue  # double-spaced text: a blank line is only line spacing
        if not stripped or PAGE_NUMBER_RE.match(stripped):
            flush()
            continue
        cells = _layout_cells(raw)
        gapped = bool(re.search(r"\S {2,}\S", stripped))
        if (gapped and not _spaced_sentence(stripped)) or (
                not gapped and len(cells) > 1 and _row_shaped(stripped)):
            flush()
            cells = repair_joined(cells, False)
            figures = [c for c in cells if _FIGURE_RE.fullmatch(c.text)]
            # figures one space apart: the columns were set too tight for the text to keep
            # them (a table laid out without room between its columns), so their places
            # say nothing and the book's arithmetic places them, as for text without positions
            squeezed = any(b.x - a.right == 1 for a, b in zip(figures, figures[1:], strict=False))
            blocks.append(Block(page, number, " ".join(c.text for c in cells), cells, False,
                                placed=not squeezed))
            continue
        indent = len(raw) - len(raw.lstrip())
        # a centred title printed straight above its text (no blank line between: Writer's
        # paragraph spacing) ends where a line starts at the margin
        titled = len(paragraph) == 1 and indents[0] >= 6 and indent <= 1
        # a numbered item starts a paragraph when indented, or after a line that ended (a
        # sentence's end, or a short line: a list of contents printed without blank lines)
        item = starts_item(stripped) and bool(paragraph) and (
            indent >= 2 or paragraph[-1][-1:] in "。；：！？" or len(paragraph[-1]) < 30)
        if paragraph and (titled or item or indent >= 6
                          or re.match(r"^(?:编制(?:单位|部门)|(?:金额)?单位[:：]|注[:：])", stripped)
                          or (spaced and (indent >= 2 or paragraph[-1][-1:] in "。！？："))):
            flush()
        if not paragraph:
            start = (page, number, indent)
        paragraph.append(stripped)
        indents.append(indent)
    flush()
    return blocks


def _double_spaced(text: str) -> bool:
    """Whether the text puts a blank line after every line (Word or LibreOffice line spacing as
    ``pdftotext -layout`` renders it): lines of running text that stop mid-sentence go on after
    a blank line more often than on the next line."""
    lines = text.split("\n")

    def running(line: str) -> bool:
        return bool(line.strip()) and not re.search(r"\S {2,}\S", line.strip()) and bool(
            re.search(r"[\u4e00-\u9fff]", line))

    after_blank = adjacent = 0
    for i in range(len(lines) - 2):
        if not running(lines[i]) or lines[i].rstrip()[-1:] in "。：；！？":
            continue
        if running(lines[i + 1]) and lines[i + 1][:1] != " ":
            adjacent += 1
        elif not lines[i + 1].strip() and running(lines[i + 2]) and lines[i + 2][:1] not in " \f":
            after_blank += 1
    return after_blank > 2 * adjacent and after_blank >= 3


def _row_shaped(line: str) -> bool:
    from generator.source.importers.book import plain
    return plain.row_cells(line.split()) is not None


def _spaced_sentence(line: str) -> bool:
    """A sentence whose words a justified or centred line spread apart ("2025 年  预算"): once
    the typesetting gaps are gone, it is text with sentence marks and no figures of a row."""
    joined = unspace(re.sub(r" {2,}", " ", line))
    return bool(re.search(r"[，。；]", joined)) and not re.search(r"\d{1,3},\d{3}", joined)


_ITEM_RE = re.compile(  # (a word processor's list number before the item's own: "10.10.")
    r"^(?:(\d{1,2})[.．]\s*\1[.、．](?!\d)|\d{1,2}[.、．](?!\d)|（[一二三四五六七八九十\d]+）"
    r"|[一二三四五六七八九十]+、|\(\d+\))")


def starts_item(text: str) -> bool:
    return bool(_ITEM_RE.match(text))


# ---- PDF ---------------------------------------------------------------------------------------

def from_pdf(path: Path) -> list[Block]:
    """Blocks of a PDF with a text layer: ruled tables as rows, the rest as paragraphs."""
    from generator.source.importers.book import pdfium

    pages = pdfium.open_pages(path)  # PDFium reads in C what pdfminer reads in Python
    per_page = ([_page_items(n, page.find_tables(), page.text_lines)
                 for n, page in enumerate(pages, start=1)] if pages is not None
                else _plumber_items(path))
    from generator.source.importers.book import unruled
    unruled.carry(per_page)  # rows of unruled tables that a page break cut
    # the body text size of the whole book (a page may hold more heading than body)
    weights: dict[float, int] = {}
    for items in per_page:
        for _, item in items:
            if isinstance(item, dict):
                weights[_size(item)] = weights.get(_size(item), 0) + len(str(item["text"]))
    body_em = max(weights, key=lambda size: weights[size]) if weights else 10.5
    blocks: list[Block] = []
    for number, items in enumerate(per_page, start=1):
        for block in _paragraphs(number, items, body_em):
            last = blocks[-1] if blocks else None
            if (block.continues and last is not None and last.open and not last.is_row
                    and last.page == number - 1):
                last.text += block.text
                last.open = block.open
            else:
                blocks.append(block)
    return blocks


Box = tuple[float, float, float, float]
Items = list[tuple[float, Block | dict[str, object]]]


def _plumber_items(path: Path) -> list[Items]:
    """Every page's items read with pdfplumber (pdfminer): where PDFium is not at hand."""
    import pdfplumber  # heavy: imported only when a PDF is read

    def lines(page: Any) -> Callable[[Callable[[dict[str, Any]], bool]], list[dict[str, Any]]]:
        return lambda keep: list(page.filter(keep).extract_text_lines(strip=True))

    with pdfplumber.open(str(path)) as pdf:
        return [_page_items(number, page.find_tables(), lines(page))
                for number, page in enumerate(pdf.pages, start=1)]


def _page_items(number: int, tables: list[Any],
                text_lines: Callable[[Callable[[dict[str, Any]], bool]], list[dict[str, Any]]]
                ) -> Items:
    """A page's table rows (as blocks) and its text lines outside the tables (``text_lines``:
    the lines of the characters a filter keeps), top to bottom."""
    if not tables:  # a table without rulings, read from where its words stand
        from generator.source.importers.book import unruled
        bands = unruled.items(number, text_lines(lambda _: True))
        if bands is not None:
            return bands
    items: Items = []
    for table in tables:
        for r, row in enumerate(_table_rows(table)):
            cells = [Cell(_cell_text(c), i, i) for i, c in enumerate(row)]
            cells = repair_joined([c for c in cells if c.text], True)
            if cells:
                items.append((table.bbox[1] + r * 0.01,
                              Block(number, 0, " ".join(c.text for c in cells), cells, True)))
    for line in text_lines(_outside([t.bbox for t in tables])):
        items.append((float(line["top"]), line))
    items.sort(key=lambda item: item[0])
    return items


def _inside(char: dict[str, Any], box: Box) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return bool(box[0] <= x <= box[2] and box[1] <= y <= box[3])


def _table_rows(table: Any) -> list[list[str | None]]:
    """The table's cell texts, and the text of a merged cell whose ruling a page break cut
    (a label centred in a cell running onto the next page lies outside every detected cell)."""
    rows: list[list[str | None]] = table.extract()
    spans: dict[int, tuple[float, float]] = {}
    for row in table.rows:
        for c, box in enumerate(row.cells):
            if box is not None and (c not in spans or box[2] - box[0] < spans[c][1] - spans[c][0]):
                spans[c] = (box[0], box[2])  # the narrowest cell of the column: no colspan
    boxes: list[Box] = list(table.cells)
    for r, row in enumerate(table.rows):
        tops = [box[1] for box in row.cells if box is not None]
        bottoms = [box[3] for box in row.cells if box is not None]
        if not tops:
            continue
        for c, box in enumerate(row.cells):
            if box is not None or c not in spans or rows[r][c]:
                continue
            area = (spans[c][0], min(tops), spans[c][1], max(bottoms))
            chars = [ch for ch in table.page.chars if _inside(ch, area)
                     and not any(_inside(ch, b) for b in boxes)]
            if chars:
                rows[r][c] = "".join(ch["text"] for ch in sorted(chars, key=lambda ch: (
                    round(ch["top"]), ch["x0"])))
    return rows


def _outside(boxes: list[Box]) -> Callable[[dict[str, Any]], bool]:
    """A filter keeping the page objects that lie in none of the tables' boxes."""
    def keep(obj: dict[str, Any]) -> bool:
        return not any(b[0] - 1 <= obj.get("x0", -1) and obj.get("x1", 1e9) <= b[2] + 1
                       and b[1] - 1 <= obj.get("top", -1) and obj.get("bottom", 1e9) <= b[3] + 1
                       for b in boxes)
    return keep


def _cell_text(cell: str | None) -> str:
    """A wrapped cell joined again: without a space (a space between Latin words), keeping a
    line break before a numbered item ("2、…")."""
    out = ""
    for line in (cell or "").split("\n"):
        line = line.strip()
        if out and starts_item(line):
            out += "\n"
        elif out and re.search(r"[A-Za-z]$", out) and re.match(r"[A-Za-z]", line):
            out += " "
        out += line
    return out


def _size(line: dict[str, object]) -> float:
    chars = line.get("chars") or []
    return round(float(str(chars[0]["size"])), 1) if isinstance(chars, list) and chars else 10.5


def _paragraphs(page: int, items: list[tuple[float, Block | dict[str, object]]],
                body_em: float) -> list[Block]:
    lines = [item for _, item in items if isinstance(item, dict)]
    if not lines:
        return [item for _, item in items if isinstance(item, Block)]
    left = min(float(str(line["x0"])) for line in lines)
    right = max(float(str(line["x1"])) for line in lines)
    out: list[Block] = []
    current: list[str] = []
    ended = True
    last_wide, last_em = False, 0.0
    first = next((item for _, item in items), None)
    first_of_page_indented = True
    if isinstance(first, dict):
        x0 = float(str(first["x0"]))
        first_of_page_indented = (x0 - left > 10 or starts_item(str(first["text"]))
                                  or abs(_size(first) - body_em) > 0.5)
    for _, item in items:
        if isinstance(item, Block):
            if current:
                out.append(Block(page, 0, "".join(current)))
                current = []
            out.append(item)
            ended = True
            continue
        # justified lines gain gaps that read as spaces between Chinese and digits or letters
        text = unspace(str(item["text"]))
        if PAGE_NUMBER_RE.match(text):
            continue
        x0, x1 = float(str(item["x0"])), float(str(item["x1"]))
        em = _size(item)
        centred = x0 - left > 3 * em and right - x1 > 3 * em
        starts = (ended or x0 - left > 1.2 * em or centred or starts_item(text)
                  or (last_em > 0 and abs(em - last_em) > 0.5))
        if em > body_em + 0.5 and last_wide and abs(em - last_em) < 0.1:
            starts = False  # a title too long for one line goes on, centred, on the next
        last_wide, last_em = em > body_em + 0.5 and x1 - x0 > 0.6 * (right - left), em
        if starts and current:
            out.append(Block(page, 0, "".join(current)))
            current = []
        current.append(text)
        gap = right - x1
        ended = centred or (gap > 1.5 * em
                            and (text[-1] in "。：；！？:;" or gap > 0.5 * (right - left)))
    if current:
        out.append(Block(page, 0, "".join(current),
                         open=not ended and abs(last_em - body_em) < 0.5
                         and not re.search(r"\d$", current[-1])))
    if out and not out[0].is_row and lines and not first_of_page_indented:
        out[0].continues = True
    return out
