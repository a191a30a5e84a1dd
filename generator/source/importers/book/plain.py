"""Text without column positions: plain ``pdftotext``/``-raw``, pdfplumber's ``extract_text()``,
a copy from a PDF viewer with single spaces between cells.

Each line is told apart by the shape of its tokens, never by spacing: a table row is codes, a
name and amounts (a label may also follow its figures: ``1,234 1,000 234合计``); anything else is
running text. Rows keep their cells in reading order with ``placed`` off, so the tables' reader
puts amounts in columns by the book's arithmetic (see ``arith``), not by position. Lines of
running text are joined into paragraphs where a sentence goes on; a heading, a table title and a
numbered item start a paragraph of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from generator.source.importers.book.pages import (
    AMOUNT,
    NAME_WORD,
    PAGE_NUMBER_RE,
    Block,
    Cell,
    clean,
    repair_joined,
    starts_item,
    unletterspace,
    unspace,
)

_AMOUNT_TOKEN = re.compile(rf"^-?(?:{AMOUNT})$")
_CODE_TOKEN = re.compile(r"^\d{2,3}$|^\d{5}$|^\d{7}$")
_TAIL_LABEL = re.compile(r"^(-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2})(合计|总计|小计)$")
# a token that belongs to a sentence, not to a table row
_SENTENCE = re.compile(r"[，。；！？]|[：:]$|^[元%]|万元|^\d+(?:\.\d+)?%$")
_CATEGORY = re.compile(r"^(?:[一二三四五六七八九十]+、|\d{1,2}、)\S+$")
_ENDS = "。：；！？:;"
# a rebuilt row's code (or 合计) and its first figure, the row's 合计
_ROW_TOTAL = re.compile(r"^(\d{3}(?:\d{2}){0,2}|合计) (?:[^\d\s-]\S* )?(-?[\d,]+(?:\.\d+)?)(?: |$)")


# a figure with a label glued after it ("1,100,000.00五、科学技术支出": two cells of neighbouring
# columns run together by pdfplumber's text); a total's label after it is read below
_GLUED_LABEL = re.compile(r"^(-?(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{2}))"
                          r"(?!合计$|总计$|小计$)([\u4e00-\u9fff].*)$")


# and a name with a figure glued after it ("六、文化旅游7,246,295.20": a narrow cell's text
# justified up to its neighbour); a figure of a sentence is followed by its unit, not ended by
_GLUED_FIGURE = re.compile(r"^(.*[\u4e00-\u9fff])(-?\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\d+\.\d{2})$")


def _unglue(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        match = _GLUED_LABEL.match(token) or _GLUED_FIGURE.match(token)
        out += [match[1], match[2]] if match else [token]
    return out


def row_cells(tokens: list[str]) -> list[Cell] | None:
    """The cells of a line that reads as a table row, or None."""
    tokens = _unglue(tokens)
    if not tokens or any(_SENTENCE.search(t) for t in tokens):
        return None
    if len(tokens) > 1 and _TAIL_LABEL.match(tokens[-1]):  # "234合计": the label after figures
        match = _TAIL_LABEL.match(tokens[-1])
        assert match
        tokens = [match[2], *tokens[:-1], match[1]]
    elif len(tokens) > 1 and tokens[-1] in ("合计", "总计") and all(
            _AMOUNT_TOKEN.match(t) for t in tokens[:-1]):
        tokens = [tokens[-1], *tokens[:-1]]
    amounts = sum(1 for t in tokens if _AMOUNT_TOKEN.match(t))
    codes = 0
    while codes < min(3, len(tokens)) and _CODE_TOKEN.match(tokens[codes]):
        codes += 1
    # a code of 3/5/7 digits, or the two digits of a split 款/项 column before a name
    coded = bool(codes) and (len(tokens[0]) in (3, 5, 7) or len(tokens) > codes)
    labels = [t for t in tokens if not _AMOUNT_TOKEN.match(t)]
    if amounts == 0:
        # "210 卫生健康支出", "二、政府性基金 二、国防支出": rows whose figures are all blank
        blank_row = (coded and len(tokens) == codes + 1) or (
            len(tokens) >= 2 and all(_CATEGORY.match(t) for t in tokens))
        if not blank_row:
            return None
    elif not coded:
        # amounts with at most a few labels between them (表1/表4 put two labels on a line)
        if len(labels) > 3 or any(len(t) > 30 for t in labels):
            return None
        if labels and not _AMOUNT_TOKEN.match(tokens[-1]) and not _CATEGORY.match(tokens[-1]):
            return None
    cells = [Cell(t, i, i) for i, t in enumerate(tokens)]
    return repair_joined(cells, True)


_CODED_NAME = re.compile(rf"^(\s*\d{{3}}(?:\s+\d{{2}}){{0,2}}\s+)({NAME_WORD}(?:\s{NAME_WORD})+)(?=\s|$)")


def coded_name(line: str) -> str:
    """A coded row whose name the copy spread into words ("208 05 05 机关 事业 单位 基本 养老":
    pdf.js puts a space where a justified line widened the gap between characters): the name
    one word again. A subject's name has no space in it."""
    match = _CODED_NAME.match(line)
    if not match:
        return line
    return match[1] + re.sub(r"\s", "", match[2]) + line[match.end():]


_FIGURE_THEN_LABEL = re.compile(rf"^(.*?(?<![\d,.])-?(?:{AMOUNT}))\s+"
                                rf"((?:[一二三四五六七八九十]+|\d{{1,2}})\s?、\s?[^\d\s][^\d]*)$")


def _figure_then_label(line: str) -> tuple[str, ...]:
    """A line of a 表1/表4 whose cells wrapped: up to a figure, then the first words of the next
    column's label with no figure after them ("入 35,000.00 七、社会保障"), as two lines, the
    figure's and the label's (a label's figures follow it, never stand before it)."""
    match = _FIGURE_THEN_LABEL.match(line)
    if not match or not re.search(r"[,.]\d+$", match[1]) or re.search(r"[，。；：:]", line):
        return (line,)
    return (match[1], match[2])


def from_plain(text: str, heading: Callable[[str], bool]) -> list[Block]:
    """Blocks of text without positions. ``heading(text)`` tells a title or heading line (it
    never runs on into the next line, nor does the line before run on into it)."""
    blocks: list[Block] = []
    page = 1
    open_paragraph: Block | None = None
    # a page break may fall inside a line (pages joined by form feeds without a line break)
    lines = [(number, k, piece) for number, raw in enumerate(text.split("\n"), start=1)
             for k, piece in enumerate(raw.split("\f"))]
    from generator.source.importers.book.structure import caption, section_of, table_of
    # a caption run together ("表5 …预算表编制单位：… 单位：元"): its title and 编制单位 lines
    # and narrow cells' text justified letter by letter ("一 、 财 政 拨") set close
    lines = [(number, k if i == 0 else 0, coded_name(piece)) for number, k, raw in lines
             for i, piece in enumerate(caption(raw) or _figure_then_label(unletterspace(raw)))]
    doubts: dict[int, str] = {}  # rows whose figures may be another row's, by line
    lines = rejoin_labels(rejoin_rows(regroup(titles_first(lines), doubts)))
    # the width of a full line of running text: in a table, a line ending short of it ended its
    # paragraph (the pieces of a table's wrapped cells, one after another, are no paragraph)
    lengths = sorted(len(raw.strip()) for _, _, raw in lines if re.search(r"[\u4e00-\u9fff]", raw))
    full = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    last_line = 0
    # inside one of 表1–表9 printed a row a line (not cell by cell: those were rebuilt above),
    # its lines of text are pieces of cells, no paragraph; not in a form
    in_table = False
    lined = _lined_tables(lines)
    for index, (number, breaks, raw) in enumerate(lines):
        page += 1 if breaks else 0
        stripped = raw.strip()
        if stripped and (table_of(clean(stripped)) or section_of(clean(stripped))):
            in_table = index in lined
        if not stripped or PAGE_NUMBER_RE.match(stripped) or re.fullmatch(r"[.…·\s]+", stripped):
            continue
        cells = row_cells(clean(stripped).split())
        if cells is not None and len(cells) > 1:
            blocks.append(Block(page, number, " ".join(c.text for c in cells), cells, True,
                                placed=False, doubt=doubts.get(number, "")))
            open_paragraph = None
            continue
        line = unspace(clean(stripped), letters=False)
        words = [Cell(t, i, i) for i, t in enumerate(line.split())]
        if (open_paragraph is not None and not heading(line) and not starts_item(line)
                and not heading(open_paragraph.text)
                and open_paragraph.text[-1:] not in _ENDS
                and not _titles(open_paragraph.text, line)
                and (not in_table or last_line >= 0.6 * full)):
            latin = re.search(r"[A-Za-z]$", open_paragraph.text) and re.match(r"[A-Za-z]", line)
            open_paragraph.text += (" " if latin else "") + line
            open_paragraph.header_cells = []
            last_line = len(stripped)
            continue
        last_line = len(stripped)
        block = Block(page, number, line, header_cells=words, placed=False)
        blocks.append(block)
        open_paragraph = block
    return blocks



def _titles(paragraph: str, line: str) -> bool:
    """A list of documents a line each ("《…》" / "《…》": a project's 立项依据), no paragraph."""
    return bool(re.fullmatch(r"《[^《》]+》", paragraph) and re.match(r"《[^《》]+》", line))


def _lined_tables(lines: list[tuple[int, int, str]]) -> set[int]:
    """The indices of the table titles whose tables print their rows a line each: three lines of
    two figures or more before the next title or section (表9's one), where a table printed cell
    by cell has hardly any."""
    from generator.source.importers.book.structure import section_of, table_of

    out: set[int] = set()
    title, rows, single = -1, 0, False
    for index, (_, _, raw) in enumerate([*lines, (0, 0, "表1 财务收支预算总表")]):
        text = clean(raw.strip()) if raw.strip() else ""
        if text and (table_of(text) or section_of(text)):
            if title >= 0 and rows >= (1 if single else 3):  # (表9 has one row)
                out.add(title)
            title, rows = (index, 0) if table_of(text) else (-1, 0)
            single = table_of(text) == "表9"
        elif len(_FIGURES.findall(raw)) >= 2:
            rows += 1
    return out


_FIGURES = re.compile(r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{2})(?![\d,.])")


def rejoin_rows(lines: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Coded rows whose name wrapped in its cell, printed as lines of their own (``-raw`` of a
    table laid out by LibreOffice from HTML): the codes alone, the name's lines, the figures
    alone; one line again. Codes and a name alone (a blank row) make one line too."""
    def text_at(j: int) -> str:  # ("第 11" / "项": an ordinal whose counter wrapped, no figure)
        return re.sub(r"(?<=第) (?=\d{1,3}$)", "", lines[j][2].strip())

    def name_line(j: int) -> bool:
        text = text_at(j)
        return (len(text.split()) == 1 and not _AMOUNT_TOKEN.match(text) and not lines[j][1]
                and not _CODE_TOKEN.match(text) and not _SENTENCE.search(text)
                and len(text) <= 30)

    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines):
        number, breaks, text = lines[i]
        tokens = text_at(i).split()
        if _named_codes(tokens):
            joined = _name_goes_on(lines, i, name_line)
            if joined is not None:
                j, rest = joined
                out.append((number, breaks, " ".join([*tokens[:-1], tokens[-1] + rest[0], *rest[1:]])))
                i = j
                continue
        if not (tokens and re.fullmatch(r"\d{3}", tokens[0]) and len(tokens) <= 3
                and all(_CODE_TOKEN.match(t) for t in tokens)):
            out.append(lines[i])
            i += 1
            continue
        j, name = i + 1, ""
        while j < len(lines) and len(name) < 60 and (not text_at(j) or name_line(j)):
            name += text_at(j)
            j += 1
        if not name:
            out.append(lines[i])
            i += 1
            continue
        figures = text_at(j).split() if j < len(lines) and not lines[j][1] else []
        if (len(figures) > 1 and re.fullmatch(NAME_WORD, figures[0]) and len(name + figures[0]) <= 60
                and not re.search(r"合计|总计", figures[0])
                and all(_AMOUNT_TOKEN.match(f) for f in figures[1:])):
            # the name's last line and the row's figures on one line (LibreOffice's PDF of a
            # Word table: the codes, then the name wrapped in its cell, the figures beside its
            # last line): "206 01 01" / "面向长三角…开" / "放共享…支出 7,372,985.00 …"
            name += figures.pop(0)
        whole = bool(figures) and all(_AMOUNT_TOKEN.match(f) for f in figures)
        out.append((number, breaks, " ".join([*tokens, name, *(figures if whole else [])])))
        i = j + 1 if whole else j
    return out


def _named_codes(tokens: list[str]) -> bool:
    """Codes and one word of a name, no figure: a row, or the first line of a row whose name
    wrapped in its cell."""
    codes = 0
    while codes < min(3, len(tokens)) and _CODE_TOKEN.match(tokens[codes]):
        codes += 1
    return (codes >= 1 and len(tokens) == codes + 1 and bool(re.fullmatch(r"\d{3}", tokens[0]))
            and bool(re.fullmatch(NAME_WORD + r"(?:(?<=第)\d{1,3})?", tokens[-1])))


def _name_goes_on(lines: list[tuple[int, int, str]], i: int, name_line: Callable[[int], bool]
                  ) -> tuple[int, list[str]] | None:
    """Where a coded row's name wrapped in its cell and the copy gave each line of the cell a
    line of its own, the rest of the row after line ``i`` (the codes and the name's first
    words): the name's further words and the row's figures, one line on ("210 12 财政对基本医疗
    保险" / "基金的补助 2,731,265,432.10 2,731,265,432.10"), or word by word and the figures
    alone ("208 05 行政事业单位养老支" / "出" / "3,656,296.29 3,656,296.29"). The name goes on
    only where figures follow (amounts with their commas or decimals, not the next row's codes),
    not onto a 合计 or a category label. Returns the index after the row and [the rest of the
    name, *figures], or None."""
    j, name = i + 1, ""
    while j < len(lines) and len(name) < 30 and name_line(j) and \
            re.fullmatch(NAME_WORD, lines[j][2].strip()):
        name += lines[j][2].strip()
        j += 1
    if j >= len(lines) or lines[j][1]:
        return None
    tokens = lines[j][2].split()
    figures = [t for t in tokens if _AMOUNT_TOKEN.match(t) and re.search(r"[,.]", t)]  # no codes
    if len(tokens) >= 2 and figures == tokens[1:] and \
            re.fullmatch(NAME_WORD, tokens[0]) and \
            tokens[0] not in ("合计", "总计", "小计") and not _CATEGORY.match(tokens[0]):
        return j + 1, [name + tokens[0], *tokens[1:]]
    if name and tokens and figures == tokens:
        return j + 1, [name, *tokens]
    return None


_STUB = re.compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})、\S+$")
_LABEL_END = re.compile(r"^[一二三四五六七八九十]+、.+(?:支出|预备费)$|(?:收入|资金|预算|基金)$")


def rejoin_labels(lines: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A category or income label of 表1/表4 that wrapped in its cell, its row's figures
    printed between its two lines (one block of poppler's text: ``八、卫生健康支`` /
    ``1,150,000.00 800,000.00 …`` / ``出``): one line again, the label then the figures."""
    def text(k: int) -> str:
        return lines[k][2].strip()

    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines):
        if i + 2 < len(lines) and not lines[i + 1][1] and not lines[i + 2][1]:
            head, figures, tail = text(i), text(i + 1).split(), text(i + 2)
            if _cut_label(head, tail, figures):
                out.append((lines[i][0], lines[i][1], " ".join([head + tail, *figures])))
                i += 3
                continue
        if i + 1 < len(lines) and not lines[i + 1][1]:
            # or the label's last characters on the line of its figures ("四、其他收" / "入
            # 35,000.00"): the label whole, then the figures
            head, (tail, *figures) = text(i), text(i + 1).split() or [""]
            if _cut_label(head, tail, figures):
                out.append((lines[i][0], lines[i][1], " ".join([head + tail, *figures])))
                i += 2
                continue
        out.append(lines[i])
        i += 1
    return out


def _cut_label(head: str, tail: str, figures: list[str]) -> bool:
    """Whether ``head`` + ``tail`` is one 表1 label cut by a narrow cell (``四、其他收`` +
    ``入``), ``figures`` its amounts (real ones: with commas or decimals)."""
    return bool(_STUB.match(head) and not _LABEL_END.search(head) and figures
                and all(_AMOUNT_TOKEN.match(f) and re.search(r"[,.]", f) for f in figures)
                and re.fullmatch(r"[\u4e00-\u9fff（）]{1,8}", tail)
                and _LABEL_END.search(head + tail))


def titles_first(lines: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Pages whose one table title was printed after all of the page's rows (a spreadsheet's
    title row merged across the sheet, which LibreOffice Calc draws after the cells, so text in
    drawing order puts it last) with the title moved to the page's top: the rows are its."""
    from generator.source.importers.book.structure import table_of

    starts = [0, *(i for i, (_, breaks, _) in enumerate(lines) if breaks and i > 0)]
    out: list[tuple[int, int, str]] = []
    for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
        page = lines[a:b]
        # (a continuation title "表N …（续）" last on a page is a running header printed as
        # text, for the table that starts overleaf)
        titled = [k for k, (_, _, text) in enumerate(page)
                  if text.strip() and table_of(clean(text))
                  and not re.search(r"[（(]续[）)]$", re.sub(r"\s", "", text))]
        figures = [k for k, (_, _, text) in enumerate(page)  # rows: figures as cells
                   if any(_FIGURES.fullmatch(word) for word in text.split())]
        if len(titled) != 1 or not figures or max(figures) > titled[0]:
            out += page
            continue
        k = titled[0]
        number, _, text = page[k]
        first_number, breaks, first_text = page[0]
        out += [(number, breaks, text), (first_number, 0, first_text),
                *(line for j, line in enumerate(page) if j not in (0, k))]
    return out


def regroup(lines: list[tuple[int, int, str]], doubts: dict[int, str] | None = None
            ) -> list[tuple[int, int, str]]:
    """The tables that plain ``pdftotext`` printed cell by cell, one line per row again (see
    ``scattered``); every other line as it was. The coded tables go first: their 类 rows give
    表1 and 表4 the totals of their categories."""
    from generator.source.importers.book import scattered, scattered_summary
    from generator.source.importers.book.structure import section_of, table_of
    from generator.source.importers.book.tables import KIND, LABELS

    ahead = _running_ahead(lines)
    units = frozenset(m[1] for _, _, text in lines
                      if (m := re.match(r"^\s*编制(?:单位|部门)[:：]\s*\d*\s+(\S+)\s*$", text)))
    regions: list[tuple[int, int, str]] = []  # first line, end, table
    i = 0
    while i < len(lines):
        text = lines[i][2]
        table_id = table_of(clean(text)) if text.strip() else None
        if table_id is None:
            i += 1
            continue
        j = i + 1
        while j < len(lines):
            piece = clean(lines[j][2])
            other = table_of(piece) if piece and j not in ahead else None
            if other and other != table_id or (piece and not other and section_of(piece)):
                break
            j += 1
        regions.append((i, j, table_id))
        i = j
    done: dict[int, list[tuple[int, int, str]]] = {}
    totals: dict[str, dict[str, Decimal]] = {}  # each coded table's 类 totals by name
    lines_total: dict[str, Decimal] = {}  # each 项's 合计 as the first coded table gave it
    same: dict[str, Decimal] = {}  # every row's 合计 in the first of 表2/表3 rebuilt

    def one(start: int, end: int, table_id: str) -> bool:
        """Rebuild one table; False when its lines stay as they were."""
        region = [line for k, line in enumerate(lines[start + 1:end], start=start + 1)
                  if table_of(clean(line[2])) != table_id and k not in ahead]
        # (the next table's running title printed ahead of it goes after this one's rows)
        moved = [lines[k] for k in range(start + 1, end) if k in ahead]
        kind = KIND.get(table_id, table_id)
        if kind in ("表1", "表4"):
            if not scattered_summary.summary_scattered(region):
                return True
        elif not scattered.scattered(region, 1 if kind == "表9" else 3) or (
                kind != "表9" and _in_order(region)):
            return True
        if kind == "表9":
            done[start] = [*scattered_summary.one_row(lines[start], region), *moved]
            return True
        words = "".join(t for _, _, t in region)
        width = sum(1 for aliases in LABELS[kind][1:] if any(a in words for a in aliases))
        if kind in ("表1", "表4"):  # a 表1 may print 合计 alone
            width -= 1 if "人员经费" in words and "基本支出" in words else 0
            done[start] = [*scattered_summary.summary(lines[start], region, width,
                                                      _category_totals(totals, table_id)),
                           *moved]
            return True
        catalog = _catalog(lines, kind == "coded8")
        rows = scattered.rebuild(lines[start], region, max(1, width), kind == "coded8",
                                 catalog, lines_total if kind != "coded8" else None,
                                 same if table_id in ("表2", "表3") else None, table_id, doubts,
                                 units)
        if rows == [lines[start], *region]:
            return False
        done[start] = [*rows, *moved]
        for _, _, row in rows if table_id in ("表2", "表3") and not same else []:
            total = _ROW_TOTAL.match(row)
            if total:
                same.setdefault(total[1], Decimal(total[2].replace(",", "")))
        for _, _, row in rows:
            line_match = re.match(r"^(\d{7}) \S+ (\S+)", row)
            if line_match and kind != "coded8":  # 表2, 表3 and 表5 list the same lines
                lines_total.setdefault(line_match[1], Decimal(line_match[2].replace(",", "")))
            match = re.match(r"^(\d{3}) (\S+) (\S+)", row)
            if match and kind != "coded8":
                totals.setdefault(table_id, {}).setdefault(
                    catalog.get(match[1]) or match[2], Decimal(match[3].replace(",", "")))
        return True

    # the coded tables in printed order; 表2 (several sources) once more after 表3 where its
    # figures did not fall into rows by order and sums: 表3 then gives every row's 合计
    again = [r for r in regions if r[2] not in ("表1", "表4") and not one(*r)]
    for region in again:
        if region[2] == "表2" and same:
            one(*region)
    for region in regions:
        if region[2] in ("表1", "表4"):
            one(*region)
    out: list[tuple[int, int, str]] = []
    ends = {start: end for start, end, _ in regions}
    i = 0
    while i < len(lines):
        if i in done:
            out += done[i]
            i = ends[i]
        else:
            out.append(lines[i])
            i += 1
    return out


def _in_order(region: list[tuple[int, int, str]]) -> bool:
    """Whether a coded table's rows come in order, each wrapped in lines of its own (codes,
    name pieces, figures: Writer/Web's cells as ``-raw`` or a copy prints them): once those
    are one line again, no line of figures alone is left."""
    joined = [text.split() for _, _, text in rejoin_rows(region)]
    coded = sum(1 for tokens in joined if tokens and re.fullmatch(r"\d{3}(?:\d{2}){0,2}", tokens[0])
                and any(_AMOUNT_TOKEN.match(t) and re.search(r"[,.]", t) for t in tokens))
    alone = sum(1 for tokens in joined if tokens and all(
        _AMOUNT_TOKEN.match(t) and re.search(r"[,.]", t) for t in tokens))
    return coded >= 3 and not alone


def _running_ahead(lines: list[tuple[int, int, str]]) -> set[int]:
    """The continuation titles ("表6 …（续）") that the table's own first title follows within
    a page: a running header the producer drew ahead of the table (Writer/Web repeats a table's
    caption row), among the last rows of the table before. They begin nothing."""
    from generator.source.importers.book.structure import table_of

    def continued(text: str) -> bool:
        return bool(re.search(r"[（(]续[）)]$", re.sub(r"\s", "", text)))

    out: set[int] = set()
    for k, (_, _, text) in enumerate(lines):
        table_id = table_of(clean(text)) if text.strip() and continued(text) else None
        if table_id is None:
            continue
        for _, _, later in lines[k + 1:k + 40]:
            other = table_of(clean(later)) if later.strip() else None
            if other is not None:
                if other == table_id and not continued(later):
                    out.add(k)
                break
    return out


def _category_totals(totals: dict[str, dict[str, Decimal]], table_id: str) -> dict[str, Decimal]:
    """The totals 表1 (all funds: 表3, else 表2) or 表4 (财政拨款: 表5 + 表6 + 表7) gives each
    category, by the name of its 类."""
    if table_id == "表1":
        return totals.get("表3") or totals.get("表2") or {}
    out: dict[str, Decimal] = {}
    for source in ("表5", "表6", "表7"):
        for name, value in totals.get(source, {}).items():
            out[name] = out.get(name, Decimal(0)) + value
    return out or totals.get("表3", {})


def _catalog(lines: list[tuple[int, int, str]], economic: bool) -> dict[str, str]:
    """The names of the codes for the book's year (the first year a table title names)."""
    from generator.catalogs import for_year
    from generator.source.importers.book.structure import table_of

    for _, _, text in lines:
        match = re.match(r"^\D{0,6}(\d{4})\s*年", text.strip())
        if match and table_of(clean(text)):
            catalogs = for_year(int(match[1]))
            return dict((catalogs.economic if economic else catalogs.function).names)
    return {}
