"""The nine tables read back: rows by code (表2/3/5/6/7 function codes of 3/5/7 digits, 表8
economic codes of 3/5 digits), the summary tables 表1/表4 by category, and 表9.

Amounts are put in their column by the header's labels: exactly when the cells carry grid
columns (a ruled PDF table, tab-separated text), by position otherwise (layout text)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from generator.source.importers.book import wrapped
from generator.source.importers.book.pages import NAME_WORD, Block, Cell, is_amount, joined_numbers
from generator.source.importers.book.structure import squeeze
from generator.source.importers.book.wrapped_names import names_apart, unwrap_names

# Column labels of each table (canonical label, then other wordings seen in books).
LABELS: dict[str, tuple[tuple[str, ...], ...]] = {
    "coded2": (("合计",), ("财政拨款收入", "财政拨款"), ("事业收入",), ("事业单位经营收入",),
               ("其他收入",)),
    "coded3": (("合计",), ("基本支出",), ("项目支出",)),
    "coded8": (("合计",), ("人员经费",), ("公用经费",)),
    "表1": (("合计", "预算数"), ("人员经费",), ("公用经费",), ("基本支出",), ("项目支出",)),
    "表4": (("合计", "预算数"), ("一般公共预算",), ("政府性基金预算",), ("国有资本经营预算",)),
    "表9": (("合计",), ("因公出国(境)费", "因公出国（境）费"), ("公务接待费",), ("小计",),
            ("购置费",), ("运行费",), ("机关运行经费预算数", "机关运行经费", "机关运行")),
}
KIND = {"表2": "coded2", "表3": "coded3", "表5": "coded3", "表6": "coded3", "表7": "coded3",
        "表8": "coded8"}


def money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@dataclass
class Row:
    """A printed row: its code (or label), name, amounts by column label, and page."""

    key: str
    name: str
    amounts: dict[str, Decimal]
    page: int
    line: int
    blank: dict[str, bool] = field(default_factory=dict)
    loose: list[Decimal] | None = None  # figures not yet in a column (text without positions)
    # the text that stands first overleaf, under the repeated header, when this row ends a page:
    # the rest of its name where the row broke across the page (assemble decides, by the catalog)
    overleaf: str = ""


@dataclass
class Table:
    """A table as printed: rows in order, the paragraphs under it, its compiler line."""

    id: str
    rows: list[Row] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    compiler: str = ""
    unit: str = "元"
    labels: list[str] = field(default_factory=list)
    page: int = 0
    decimals: set[int] = field(default_factory=set)
    header_at: tuple[int, int] = (0, 0)  # page and line of the header's first row
    numbered: int = 0  # the highest category number printed (表1/表4: 二十二 when all are listed)

    def row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)


def _norm(text: str) -> str:
    return squeeze(text).replace("（", "(").replace("）", ")")


# An amount header naming its unit: "合计（元）", "预算数(万元)".
_UNIT_SUFFIX = re.compile(r"\((万?元)\)$")


def _header_unit(blocks: list[Block]) -> str:
    """The unit the header's labels name ("合计（万元）"), or "" when none does."""
    units = {m[1] for b in blocks for c in b.cells if (m := _UNIT_SUFFIX.search(_norm(c.text)))}
    return units.pop() if len(units) == 1 else ""


def _rank(text: str, aliases: tuple[str, ...]) -> int | None:
    """Which of a column's wordings ``text`` is (its rank), or None."""
    text = _UNIT_SUFFIX.sub("", re.sub(r"^\d{4}年", "", _norm(text)))
    return next((i for i, n in enumerate(_norm(a) for a in aliases) if text == n
                 or (len(n) >= 4 and text.endswith(n))
                 or (len(text) >= 4 and n.startswith(text))), None)


def _words(cell: Cell, kind: str, exact: bool) -> list[Cell]:
    """A layout cell of several header labels one space apart ("合计 因公出国（境）费 公务接待费":
    columns set too tight for the text to keep them apart) as one cell per label, each at its
    place in the line."""
    words = [(m.group(), m.start()) for m in re.finditer(r"\S+", cell.text)]
    if exact or len(words) < 2 or sum(any(_rank(w, a) is not None for a in LABELS[kind])
                                      for w, _ in words) < 2:
        return [cell]
    return [Cell(w, cell.x + at, cell.x + at + len(w)) for w, at in words]


def _header_labels(blocks: list[Block], kind: str, after: float | None = None
                   ) -> list[tuple[str, float, float]]:
    """(label, x, right) of each amount column found in the header rows (only columns right of
    ``after`` when given: the spending side of 表1/表4)."""
    found: dict[str, tuple[int, float, float]] = {}
    for block in blocks:
        for cell in (c for whole in block.cells for c in _words(whole, kind, block.exact)):
            if after is not None and cell.x <= after:
                continue
            for aliases in LABELS[kind]:
                rank = _rank(cell.text, aliases)
                if rank is None:
                    continue
                if aliases[0] in found and found[aliases[0]][0] <= rank:
                    break
                found[aliases[0]] = (rank, cell.x, cell.right)
                break
    if "人员经费" in found:  # 基本支出 heads the 人员经费/公用经费 pair, not a column of its own
        found.pop("基本支出", None)
    return sorted(((label, x, right) for label, (_, x, right) in found.items()),
                  key=lambda item: item[1])


def _assign(amounts: list[Cell], labels: list[tuple[str, float, float]],
            exact: bool, drawn: bool = False) -> dict[str, Decimal]:
    """Each amount to a column label: by grid column, or by nearest centre keeping order."""
    out: dict[str, Decimal] = {}
    if not labels:
        return out
    if exact:
        for cell in amounts:
            label = min(labels, key=lambda lab: (abs(lab[1] - cell.x), -lab[1]))
            if label[0] not in out:
                out[label[0]] = money(cell.text)
        return out
    centres = [(lab[1] + lab[2]) / 2 for lab in labels]
    n, k = len(labels), len(amounts)
    if k > n:
        amounts = amounts[-n:]
        k = n
    # order-preserving assignment minimising the distance of right edges to label centres
    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(k + 1)]
    choice: dict[tuple[int, int], int] = {}
    for j in range(n + 1):
        cost[0][j] = 0.0
    for i in range(1, k + 1):
        cell = amounts[i - 1]
        centre = (cell.x + cell.right) / 2
        for j in range(i, n + 1):
            best, arg = inf, -1
            # a drawn page keeps a cell's true edges: a figure set flush left in its cell starts
            # where the column's label starts when the label fills the cell
            gap = min(abs(centres[j - 1] - centre), abs(labels[j - 1][1] - cell.x)) if drawn \
                else abs(centres[j - 1] - centre)
            for m in range(i - 1, j):
                c = cost[i - 1][m] + gap if m <= j - 1 else inf
                if c < best:
                    best, arg = c, m
            cost[i][j], choice[(i, j)] = best, arg
    j = min(range(k, n + 1), key=lambda jj: cost[k][jj])
    for i in range(k, 0, -1):
        out[labels[j - 1][0]] = money(amounts[i - 1].text)
        j = choice[(i, j)]
    return out


def _plain_labels(blocks: list[Block], kind: str) -> list[tuple[str, float, float]]:
    """The columns of a header whose words lost their places: the table's labels, in the
    template's order, that the header's words name."""
    words = "".join(_norm(b.text) for b in blocks)
    found = [aliases[0] for aliases in LABELS[kind]  # a label may wrap: its first words
             if any(_norm(a)[:5] in words for a in aliases)]
    if not found:  # the header is lost: every column of the template
        found = [aliases[0] for aliases in LABELS[kind]]
    elif kind.startswith("coded") and "合计" not in found:
        # (every coded table's first column; a spreadsheet's merged 合计 cell can be printed
        # among other tables' words, or be lost)
        found.insert(0, "合计")
    return [(label, i, i) for i, label in enumerate(found)]


def _place(block: Block, amounts: list[Cell], header: list[Block], kind: str,
           after: float | None = None) -> tuple[dict[str, Decimal], list[Decimal] | None]:
    """The row's figures by column label; for text without positions, the figures left loose
    when fewer than the columns (``arith`` places them)."""
    if block.placed:
        labels = _header_labels(header, kind, after)
        if block.exact and len(amounts) == len(labels):  # every column printed: in order
            return {lab: money(c.text) for (lab, _, _), c in zip(labels, amounts, strict=True)}, None
        placed = _assign(amounts, labels, block.exact, block.drawn)
        return (placed if block.exact else _summed(placed, amounts, labels, kind)), None
    labels = _plain_labels(header, kind)
    values = [money(c.text) for c in amounts][-len(labels):]
    if len(values) == len(labels):
        return {label: v for (label, _, _), v in zip(labels, values, strict=True)}, None
    return {}, values


def _summed(placed: dict[str, Decimal], amounts: list[Cell],
            labels: list[tuple[str, float, float]], kind: str) -> dict[str, Decimal]:
    """Figures placed by position, checked by the row's sums (合计 = its parts, 小计 = 购置费 +
    运行费): where the places break a sum that another order of the same columns keeps, the
    nearest such order (a figure whose centre fell between two columns)."""
    from generator.source.importers.book import arith  # arith reads this module's types

    if len(amounts) < 2 or len(amounts) > len(labels):
        return placed
    slack = Decimal("0.01") if all("." in c.text for c in amounts) else Decimal(2)
    names = [label for label, _, _ in labels]
    values = [money(c.text) for c in amounts]
    keeping = [v for v in arith.candidates(values, names, kind, slack)
               if arith.keeps(v, names, kind, slack)]
    if not keeping or placed in keeping:
        return placed
    centres = {label: (x + right) / 2 for label, x, right in labels}
    where = {id(v): sum(abs(centres[label] - (c.x + c.right) / 2)
                        for (label, _), c in zip(v.items(), amounts, strict=True)) for v in keeping}
    return min(keeping, key=lambda v: where[id(v)])


def _code(cells: list[Cell], economic: bool) -> tuple[str, int]:
    """The code spelled by the leading cells ("208" "05" "01", or "2080501"), and how many
    cells it used."""
    if not cells:
        return "", 0
    first = cells[0].text.replace(" ", "")
    if re.fullmatch(r"\d{3}(?:\d{2}){0,2}", first) and not (economic and len(first) == 7):
        if len(first) > 3:
            return first, 1
        code, used = first, 1
        for cell in cells[1:3 if not economic else 2]:
            if re.fullmatch(r"\d{2}", cell.text.strip()):
                code += cell.text.strip()
                used += 1
            else:
                break
        return code, used
    parts = first.split()
    return "", 0 if not parts else 0


def _ordinal(block: Block) -> Block:
    """``block`` with a name's ordinal put back together where its number was taken for a
    cell of its own ("其他支出第 | 35", the counter 项 wrapped away): after 第, a number is never
    a figure."""
    cells = block.cells
    at = next((k for k in range(len(cells) - 1) if cells[k].text.endswith("第")
               and re.fullmatch(r"\d{1,3}", cells[k + 1].text)), None)
    if at is None:
        return block
    joined = Cell(cells[at].text + cells[at + 1].text, cells[at].x, cells[at + 1].right)
    cells = [*cells[:at], joined, *cells[at + 2:]]
    return replace(block, cells=cells, text=" ".join(c.text for c in cells))


def _name_slot(cells: list[Cell], economic: bool) -> int | None:
    """Where a coded row's name stands among its cells: after its code, or after the two-digit
    code cells of the official template's split columns (None for any other row)."""
    code, used = _code(cells, economic)
    if code:
        return used
    lead = 0
    while lead < min(2, len(cells) - 1) and re.fullmatch(r"\d{2}", cells[lead].text.strip()):
        lead += 1
    return lead or None


COMPILER = r"^编制(?:单位|部门)[:：]"
UNIT = r"^(?:金额)?单位[:：]"


def _unit_whole(blocks: list[Block]) -> list[Block]:
    """The caption's "单位：万" / "元" one again (the 编制单位 line wrapped inside the unit)."""
    out: list[Block] = []
    for block in blocks:
        last = out[-1] if out else None
        if (last is not None and squeeze(block.text) == "元" and not block.is_row
                and re.search(r"单位[:：]万$", squeeze(last.text))):
            cells = [*last.cells[:-1], replace(last.cells[-1], text=last.cells[-1].text + "元")
                     ] if last.cells else []
            out[-1] = replace(last, text=last.text + "元", header_cells=[], lines=[], cells=cells)
            continue
        out.append(block)
    return out


def _read_compiler(table: Table, block: Block) -> bool:
    """The 编制单位 line: code and name (in layout text the space between them, or before a
    "单位：元" on the same line, makes it a row of cells)."""
    texts = [squeeze(c.text) for c in block.cells] or [squeeze(block.text)]
    if len(texts) == 1:  # the unit run into the same line ("编制单位：… 单位：万元")
        texts = [t for t in re.split(r"(?<=\S)(?=(?:金额)?单位[:：]\s*万?元$)", texts[0]) if t]
    units = [t for t in texts[1:] if re.match(UNIT, t)]
    if units:
        table.unit = "万元" if "万元" in units[0] else "元"
    compiler = re.sub(COMPILER, "", "".join(t for t in texts if t not in units))
    inline = re.search(r"(?<!编制)(?:金额)?单位[:：](万?元)", compiler)
    if not units and inline:  # the unit set inside the line (a caption's spans wrapped)
        table.unit = inline[1]
        compiler = compiler[:inline.start()] + compiler[inline.end():]
    table.compiler = compiler
    return bool(units or inline)


# the words of a repeated header, which text without positions gives as lines of its own
_HEADER_WORDS = re.compile(r"科目(?:编码|名称)|(?:功能|经济)分类|合计|预算数|收入预算|支出预算|类款项"
                           r"|^(?:项目|编码|名称|[类款项])$")


def read_table(table_id: str, blocks: list[Block]) -> Table:
    """Parse the blocks under one table title."""
    table = Table(table_id, page=blocks[0].page if blocks else 0)
    kind = KIND.get(table_id, table_id)
    blocks = _unit_whole(blocks)
    if kind in ("表1", "表4"):
        table.numbered = max((wrapped.numeral(m[1]) for b in blocks
                              for word in [c.text for c in b.cells] or b.text.split()
                              if (m := re.match(r"^([一二三四五六七八九十]+)\s*、", word))),
                             default=0)
        blocks = wrapped.unwrap(blocks)
    elif table_id != "表9":
        def slot(block: Block) -> int | None:
            return _name_slot(block.cells, table_id == "表8")
        blocks = unwrap_names(names_apart([_ordinal(b) for b in blocks], slot), slot)
    header: list[Block] = []
    started = False
    unit_stated = False
    # copied text whose blank cells vanished: rows of several widths (header included) have
    # lost their columns, and their figures are placed by arithmetic
    widths = {b.fields for b in blocks if b.fields
              and not re.match(f"{COMPILER}|{UNIT}", squeeze(b.text))}
    if len(widths) > 1:
        blocks = [replace(b, placed=False) if b.fields else b for b in blocks]
    # a header none of whose words kept a place (its cells run together, copied without tabs):
    # the rows' figures are placed as in text without positions, by the header's words
    if not any(_header_labels([b], kind) for b in blocks if b.is_row):
        blocks = [replace(b, placed=False) if b.is_row else b for b in blocks]
    # layout text in which some row's figures stand one space apart: the table's columns were
    # set too tight for the text to keep them, in every row (see ``pages._from_layout``)
    if any(b.is_row and not b.placed and not b.exact and not b.fields for b in blocks):
        blocks = [replace(b, placed=False) if b.is_row and not b.exact else b for b in blocks]
    blocks = _aligned(blocks)
    codes = _Codes()
    early: list[tuple[int, Block]] = []  # rows of figures printed before their header
    seen_header: list[Block] = []  # every header line, wherever it was printed
    first_header: list[Block] = []
    compiled = False  # the block before is the 编制单位 line
    for block in blocks:
        if re.match(COMPILER, squeeze(block.text)):
            unit_stated = _read_compiler(table, block) or unit_stated
            compiled = True
            continue
        wrapped_on, compiled = compiled, False  # (the 编制单位 line's name wrapped onto this one)
        if not block.is_row:
            text = squeeze(block.text)
            last = table.rows[-1] if table.rows else None
            if (last is not None and last.name and len(last.key) in (3, 5, 7)
                    and block.page == last.page + 1 and len(text) <= 40 and re.fullmatch(NAME_WORD, text)
                    and not _HEADER_WORDS.search(text)
                    and text not in "".join(squeeze(b.text) for b in header)  # a header's piece
                    and not any(r.page == block.page for r in table.rows)):
                # perhaps the rest of the last row's name, overleaf: a row that broke across
                # the page (a word processor's table lets a row break; the repeated header
                # stands between the two pieces of its name cell); or the first line of the
                # next row's wrapped name
                last.overleaf = last.overleaf or text
            category = _CATEGORY.match(_norm(text)) if table_id in ("表1", "表4") else None
            if category:  # a category alone on its line: a row whose figures are all blank
                table.rows.append(Row(category[1], _norm(text), {}, block.page, block.line))
                started = True
                continue
            stated = re.search(r"(?<!编制)(?:金额)?单位[:：](万?元)$", text)
            if re.match(UNIT, text) or (stated and (len(text) <= 20 or wrapped_on)):  # (or after a
                # wrapped name)
                table.unit = "万元" if "万元" in text else "元"
                unit_stated = True
            elif not started and block.header_cells:
                header.append(Block(block.page, block.line, block.text, block.header_cells))
            elif block.header_cells:
                seen_header.append(Block(block.page, block.line, block.text, block.header_cells))
            else:
                table.notes += [block] if started or not header else []
                if not started:  # a header line of its own: its words name columns
                    header.append(Block(block.page, block.line, block.text))
            continue
        # figures without places are put by the header's words: the table's first header is
        # whole, where a page's repeated one may have lost lines to the rows before it
        words = header if block.placed else [*first_header, *header]
        if table_id in ("表1", "表4"):
            row = _summary_row(block, words, kind)
        elif table_id == "表9":
            row = _table9_row(block, words)
        else:
            row = _coded_row(block, words, kind, table_id == "表8", codes)
        if row is None:
            seen_header.append(block)
            if started and _header_labels([block], kind):
                header, started = [], False  # the header repeated on a new page
            if not started:
                header.append(block)
            continue
        row.overleaf = block.overleaf or row.overleaf
        if block.placed and not _header_labels(header, kind):
            early.append((len(table.rows), block))
        if not started and not first_header:
            first_header = list(header)
        started = True
        table.rows.append(row)
        for cell in block.cells:
            if is_amount(cell.text) and ("," in cell.text or "." in cell.text):
                table.decimals.add(len(cell.text.split(".")[1]) if "." in cell.text else 0)
    if early and _header_labels(seen_header, kind):  # the header came after: place them now
        for index, block in early:
            again = _table9_row(block, seen_header) if table_id == "表9" else None
            if again is not None:
                table.rows[index] = again
        header = header or seen_header
    unplaced = any(not b.placed for b in blocks)
    # without positions, header words printed after the rows (a spreadsheet's merged header
    # cells, drawn last) still name the table's columns
    late = [b for b in table.notes if len(squeeze(b.text)) <= 40 and not re.search("[，。；]", b.text)]
    table.labels = [label for label, _, _ in (_plain_labels([*header, *seen_header, *late], kind)
                                              if unplaced else _header_labels(header, kind))]
    if header:
        table.header_at = (header[0].page, header[0].line)
    if not unit_stated and _header_unit(header):
        table.unit = _header_unit(header)
    return table


def _aligned(blocks: list[Block]) -> list[Block]:
    """Figures with places (layout text, a drawn page) set where their column stands: a column's
    figures share an edge (right-aligned, or left-aligned), so each takes the mean centre of the
    figures sharing its edge, not its own (a short figure's centre lies off its column's)."""
    figures = [c for b in blocks if b.is_row and not b.exact and b.placed and not b.drawn
               for c in b.cells if is_amount(c.text) and ("," in c.text or "." in c.text)]
    if len(figures) < 4:
        return blocks
    tolerance = 2.0 if all(float(c.x).is_integer() for c in figures) else 3.0

    def groups(edge: str) -> list[list[Cell]]:
        out: list[list[Cell]] = []
        for cell in sorted(figures, key=lambda c: getattr(c, edge)):
            if out and getattr(cell, edge) - getattr(out[-1][-1], edge) <= tolerance:
                out[-1].append(cell)
            else:
                out.append([cell])
        return out

    by_right, by_left = groups("right"), groups("x")
    chosen = by_right if len(by_right) <= len(by_left) else by_left
    centre: dict[int, float] = {}
    for group in chosen:
        mean = sum((c.x + c.right) / 2 for c in group) / len(group)
        for cell in group:
            centre[id(cell)] = mean

    def moved(cell: Cell) -> Cell:
        if id(cell) not in centre:
            return cell
        shift = centre[id(cell)] - (cell.x + cell.right) / 2
        return Cell(cell.text, cell.x + shift, cell.right + shift)

    return [replace(b, cells=[moved(c) for c in b.cells]) if b.is_row and not b.exact
            and b.placed and not b.drawn else b for b in blocks]


class _Codes:
    """The official template's split code columns: a 款 row prints only its two digits, and so
    does a 项 row. The 类 and 款 above give the rest; where the column is lost (text without
    positions), a two-digit row is a 款 once the 项 under the last 款 add up to its 合计."""

    def __init__(self) -> None:
        self.lei, self.kuan, self.last = "", "", ""
        self.kuan_total: Decimal | None = None
        self.items = Decimal(0)

    def full(self, digits: str, column: float | None, total: Decimal | None) -> str:
        if not self.lei:
            return ""
        if column == 1 or (column is None and (
                len(self.last) == 3 or (len(self.last) == 7 and self.kuan_total is not None
                                        and total and self.items >= self.kuan_total))):
            return self.lei + digits
        return (self.kuan or self.lei + "00") + digits if column in (None, 2) else ""

    def seen(self, code: str, total: Decimal | None) -> None:
        if len(code) == 3:
            self.lei, self.kuan = code, ""
        elif len(code) == 5:
            self.lei, self.kuan, self.kuan_total, self.items = code[:3], code, total, Decimal(0)
        elif len(code) == 7:
            self.items += total or 0
        self.last = code


def _coded_row(block: Block, header: list[Block], kind: str, economic: bool,
               codes: _Codes) -> Row | None:
    cells = block.cells
    code, used = _code(cells, economic)
    first_total = next((money(c.text) for c in cells[1:] if is_amount(c.text)), None)
    if (not code and cells and re.fullmatch(r"\d{2}", cells[0].text.strip())
            and len(cells) > 1 and not is_amount(cells[1].text)):
        # tab-separated text keeps the blank code cells before the digits even when it lost
        # the blank figures
        column = cells[0].x if block.exact and cells[0].x in (1, 2) else None
        code = codes.full(cells[0].text.strip(), 1 if economic else column, first_total)
        used = 1
    if code:
        codes.seen(code, first_total)
    if not code:
        first = _UNIT_SUFFIX.sub("", _norm(cells[0].text))
        if first in ("合计", "总计") and all(is_amount(c.text) for c in cells[1:]):
            amounts = [c for c in cells[1:] if is_amount(c.text)]
            placed, loose = _place(block, amounts, header, kind)
            return Row("合计", "合计", placed, block.page, block.line, loose=loose)
        return None
    rest = cells[used:]
    name = ""
    if rest and not is_amount(rest[0].text):
        name = joined_numbers(rest[0].text)  # "专项第 1 款": a word processor's space, not the name's
        rest = rest[1:]
    amounts = [c for c in rest if is_amount(c.text)]
    placed, loose = _place(block, amounts, header, kind)
    return Row(code, name, placed, block.page, block.line, loose=loose)


_CATEGORY = re.compile(r"^[一二三四五六七八九十]+、(.+支出|预备费)$")


def _summary_row(block: Block, header: list[Block], kind: str) -> Row | None:
    """A row of 表1/表4: income label and amount on the left, a 类 and its amounts on the right.
    Returned keyed by the 类 name (the income side goes in ``amounts`` under 收入:label)."""
    cells = block.cells
    texts = [_norm(c.text) for c in cells]
    right_at = next((i for i, t in enumerate(texts) if _CATEGORY.match(t) or t == "支出总计"), None)
    if right_at is None and not any(t == "收入总计" for t in texts) and not (
            cells and is_amount(cells[0].text) is False and any(is_amount(c.text) for c in cells)
            and re.match(r"^[一二三四\d]+、", texts[0])):
        return None
    amounts: dict[str, Decimal] = {}
    loose: list[Decimal] | None = None
    left = cells[: right_at] if right_at is not None else cells
    income = [c for c in left if is_amount(c.text)]
    income_label = next((_norm(c.text) for c in left if not is_amount(c.text)), "")
    if income:
        amounts[f"收入:{income_label}"] = money(income[0].text)
    elif income_label:
        amounts.setdefault(f"收入空:{income_label}", Decimal(0))
    if right_at is not None:
        right = [c for c in cells[right_at + 1:] if is_amount(c.text)]
        placed, loose = _place(block, right, header, kind, cells[right_at].x)
        amounts.update(placed)
        match = _CATEGORY.match(texts[right_at])
        key = match.group(1) if match else "支出总计"
    elif income_label == "收入总计" and len(income) >= 3:
        # the totals row whose 支出总计 label wrapped away from its figures: the figures after
        # the income's are the spending side's
        placed, loose = _place(block, income[1:], header, kind, income[0].right)
        amounts.update(placed)
        key = "支出总计"
    else:
        key = "收入:" + income_label
    name = texts[right_at] if right_at is not None else key if key == "支出总计" else income_label
    return Row(key, name, amounts, block.page, block.line, loose=loose)


def _table9_row(block: Block, header: list[Block]) -> Row | None:
    cells = block.cells
    if not cells or not all(is_amount(c.text) for c in cells):
        return None
    placed, loose = _place(block, cells, header, "表9")
    return Row("表9", "", placed, block.page, block.line, loose=loose)


def read_tables(parts: dict[str, list[Block]]) -> dict[str, Table]:
    from generator.source.importers.book import arith  # arith reads this module's types
    read = {table_id: read_table(table_id, blocks) for table_id, blocks in parts.items()}
    arith.settle_book(read, KIND)
    return read
