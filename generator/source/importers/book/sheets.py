"""A workbook's sheets as the blocks the book recognizer reads (see :mod:`pages`).

Budget systems export the nine tables in the official layout: one sheet per table or several
tables in one sheet, title, 编制单位 and 单位 rows on top, headers several rows deep and merged,
codes split into 类/款/项 columns (a 款 row prints only its two digits, a 项 row only its own
two) or joined in one column (``2101101``, ``210 11 01``, or code and name in one cell),
amounts stored as numbers or as text with thousands commas, blank for zero.

The grid makes all of this exact, so the extractor does what a text route must guess:

* every row becomes a block with cells in their grid columns (``exact``); a row with one text
  cell is a paragraph (a title, ``单位：元``, a note);
* the header rows above a table's first figure are flattened into one row of labels, each
  column labelled by the lowest header cell covering it (merged cells fill their span), as a
  one-row header of tab-separated text would give;
* split code columns are joined into full codes, carrying the 类 and 款 down the rows; a
  joined code is split from a name sharing its cell;
* numbers are written as the sheet shows them (thousands commas, the cell's decimals).

Nothing here knows which table a row belongs to: that is the recognizer's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.source.importers.book.pages import Block, Cell, is_amount

# A code and maybe a name in one cell: "2101101", "210 11 01", "2101101 行政单位医疗",
# "[21011]行政事业单位医疗".
_JOINED = re.compile(r"^\[?(\d{3})(?:\s?(\d{2}))?(?:\s?(\d{2}))?\]?(?![\d,.])\s*(.*)$")
_TEXT_NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")
_LEAD = re.compile(r"^(?:编制(?:单位|部门)|(?:金额)?单位)[:：]")
_SPLIT_LABELS = ("类", "款", "项")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Sheet:
    """A sheet as text: its name, its non-blank cells by (row, column), 1-based, and the
    merged ranges (min_row, min_col, max_row, max_col) clipped to its content."""

    name: str
    cells: dict[tuple[int, int], str]
    merges: tuple[tuple[int, int, int, int], ...]
    places: dict[int, set[int]] = field(default_factory=dict)  # decimals shown, by row
    negatives: dict[tuple[int, int], str] = field(default_factory=dict)  # not read, by cell


def shown_places(number_format: str) -> int | None:
    """How many decimals a number format shows (``None`` for General: as the value has)."""
    section = number_format.split(";")[0]
    if section.strip().lower() in ("general", ""):
        return None
    match = re.search(r"\.([0#]+)", section)
    return len(match[1]) if match else 0


def number_text(value: int | float | Decimal, number_format: str) -> str:
    """A numeric cell as the sheet shows it: two decimals when the format asks for them or the
    value has cents (binary floating point noise removed), commas unless a whole number is
    shown without them."""
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    near = amount.quantize(_CENT)
    if abs(amount - near) < Decimal("0.000001"):
        amount = near
    places = 2 if ("0.0" in number_format or amount != amount.to_integral_value()) else 0
    if not places and "," not in number_format:  # a code typed as a number (2101101) stays one
        return f"{amount:.0f}"
    if places:  # rounded as Excel shows it (half away from zero)
        amount = amount.quantize(_CENT, ROUND_HALF_UP)
    return f"{amount:,.{places}f}"


def fine_text(text: str) -> tuple[str, int]:
    """A figure typed as text with more than two decimals ("36.5204", 万元 to the yuan) rounded
    to two as a book prints it, and how many it had (0 when it had two or fewer)."""
    match = re.fullmatch(r"(-?[\d,]+)\.(\d{3,})", text)
    if not match or not _TEXT_NUMBER.match(text):
        return text, 0
    amount = Decimal(text.replace(",", "")).quantize(_CENT, ROUND_HALF_UP)
    return (f"{amount:,.2f}" if "," in text else f"{amount:.2f}"), len(match[2])


_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n|_x000[dD]_)[ \t]*")
_WIDE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef（）、：；，。]")


def _unbroken(text: str) -> str:
    """A cell's text on one line: a line break typed inside a cell (Alt+Enter, "项目\n支出",
    a wrapped name) joins Chinese without a space and other words with one."""
    if "\n" not in text and "\r" not in text and "_x000" not in text:
        return text
    parts = _BREAK.split(text)
    out = parts[0]
    for part in parts[1:]:
        if not part or not out or _WIDE.match(out[-1]) or _WIDE.match(part[0]):
            out += part
        else:
            out += " " + part
    return out


_NEGATIVE = re.compile(r"^(?:[-－−]\s*(\d[\d,，.]*)|[(（]\s*(\d[\d,，.]*)\s*[)）])$")


def negative_text(value: Any) -> str | None:
    """A negative figure as ``-1,234.00`` (stored as a number, or written ``-1,234.00``,
    ``－1,234.00`` or ``(1,234.00)``), else ``None``. A budget table's amounts are not negative:
    such a figure is reported at its cell and not read."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return number_text(value, "#,##0.00") if value < 0 else None
    if not isinstance(value, str):
        return None
    match = _NEGATIVE.match(value.replace("\u3000", " ").strip())
    if not match:
        return None
    plain = (match[1] or match[2]).replace("，", ",")
    if not _TEXT_NUMBER.match(plain) or not Decimal(plain.replace(",", "")):
        return None  # "-0.00" is a zero
    return "-" + plain


def cell_text(value: Any, number_format: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return number_text(value, number_format)
    text = _unbroken(str(value).replace("\u3000", " ")).strip()
    if text in ("-", "--", "—", "－", "——"):  # a dash for zero: blank, as a blank cell is
        return ""
    plain = text.replace(" ", "").replace("，", ",")
    return plain if _TEXT_NUMBER.match(plain) else text


def _hidden(ws: Any) -> tuple[set[int], set[int]]:
    """The rows and columns hidden in the sheet (by hand or in a collapsed outline group), which
    a printed book does not show: an export's internal IDs, a stale draft row. A hidden column
    headed 编码/代码 is kept: where the codes are hidden, they are still the rows' codes."""
    rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
    columns: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min and dim.max and dim.max - dim.min < 16384:
            columns.update(range(dim.min, dim.max + 1))
    if columns:
        coded = {c for (_, c), cell in ws._cells.items()  # noqa: SLF001
                 if c in columns and isinstance(cell.value, str)
                 and re.search("编码|代码", cell.value)}
        columns -= coded
    return rows, columns


def read_sheet(ws: Any) -> Sheet:
    """The text of an openpyxl worksheet. Only stored cells are visited (a sheet claiming
    1,048,576 rows costs nothing), and merges are clipped to the cells that hold text."""
    cells: dict[tuple[int, int], str] = {}
    places: dict[int, set[int]] = {}
    negatives: dict[tuple[int, int], str] = {}
    hidden_rows, hidden_columns = _hidden(ws)
    # ws._cells holds the stored cells only; iter_rows would walk the whole claimed rectangle
    for (row, column), cell in ws._cells.items():  # noqa: SLF001
        if row in hidden_rows or column in hidden_columns:
            continue
        if (negative := negative_text(cell.value)) is not None:
            negatives[(row, column)] = negative
            continue
        text = cell_text(cell.value, cell.number_format or "General")
        if isinstance(cell.value, str):
            text, fine = fine_text(text)
            if fine:
                places.setdefault(row, set()).add(fine)
        if text:
            cells[(row, column)] = text
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                shown = shown_places(cell.number_format or "General")
                if shown is None:  # General: as the value has (a book with no cents anywhere
                    shown = 0 if "." not in text else 2  # is read as printed in whole yuan)
                places.setdefault(row, set()).add(shown)
    if not cells:
        return Sheet(ws.title, {}, (), negatives=negatives)
    last_row = max(r for r, _ in cells)
    last_column = max(c for _, c in cells)
    merges = []
    for merged in ws.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        if (top, left) in cells:
            merges.append((top, left, min(merged.max_row, last_row),
                           min(merged.max_col, last_column)))
    return Sheet(ws.title, cells, tuple(merges), places, negatives)


def _code_shaped(text: str) -> bool:
    return bool(re.fullmatch(r"\d{3}(?:\s?\d{2}){0,2}(?:\s*\D.*)?", text)) and not is_amount(text)


def _data_like(row: dict[int, str], left: int) -> bool:
    """A row of figures: an amount, or in the table's first column (``left``) a code, a lone
    合计/总计 or a numbered category (a 合计 among other labels, or right of the first column,
    is a header's column label)."""
    texts = [row[c] for c in sorted(row)]
    if any(is_amount(t) for t in texts):
        return True
    first = re.sub(r"\s", "", texts[0])
    total = first in ("合计", "总计") and len(texts) == 1
    return min(row) <= left and (_code_shaped(texts[0]) or total
                                 or bool(re.match(r"^[一二三四五六七八九十]+、", first)))


def _column_numbers(texts: list[str]) -> bool:
    """A row numbering the columns under a header (1, 2, 3 …), with or without 栏次."""
    numbers = [t for t in texts if t != "栏次"]
    return len(numbers) >= 3 and numbers == [str(n) for n in range(1, len(numbers) + 1)]


class _Extractor:
    """Walks one sheet's rows, keeping the header being collected and the codes carried."""

    def __init__(self, sheet: Sheet, page: int) -> None:
        self.sheet = sheet
        self.page = page
        self.blocks: list[Block] = []
        self.header: list[int] = []  # rows of the header being collected
        self.header_left = 0  # the header's first column
        self.in_body = False
        self.split: list[int] = []  # the 类/款/项 columns of the current table
        self.joined: int | None = None  # the column of joined codes
        self.carried: list[str] = []  # the 类, 款 last seen
        self.rows: dict[int, dict[int, str]] = {}
        for (r, c), text in sheet.cells.items():
            self.rows.setdefault(r, {})[c] = text
        self.last_column = max((c for _, c in sheet.cells), default=0)
        self.filled: dict[tuple[int, int], str] = {}
        for top, left, bottom, right in sheet.merges:
            for r in range(top, bottom + 1):
                for c in range(left, right + 1):
                    self.filled[(r, c)] = sheet.cells[(top, left)]

    def run(self) -> list[Block]:
        for r in sorted(self.rows):
            self.row(r, self.rows[r])
        self.flush_header(None)
        return self.blocks

    def row(self, r: int, row: dict[int, str]) -> None:
        texts = [row[c] for c in sorted(row)]
        if re.sub(r"\s", "", texts[0]) == "栏次" or (not self.in_body and _column_numbers(texts)):
            return
        lead = bool(_LEAD.match(re.sub(r"\s", "", texts[0])))
        one = len(row) == 1 and not is_amount(texts[0])
        lone_figure = _code_shaped(texts[0]) or re.sub(r"\s", "", texts[0]) in ("合计", "总计")
        if lead or (one and not self.header and not (self.in_body and lone_figure)):
            self.flush_header(None)
            self.in_body = False
            if one:
                self.blocks.append(Block(self.page, r, texts[0]))
            else:
                cells = [Cell(row[c], c - 1, c - 1) for c in sorted(row)]
                self.blocks.append(Block(self.page, r, " ".join(texts), cells, True))
            return
        left = self.header_left if self.header else min(row)
        if not self.in_body and not _data_like(row, left):
            self.header_left = min(left, min(row))
            self.header.append(r)
            return
        if not self.in_body:
            self.flush_header(r)
        self.in_body = True
        self.blocks.append(self.data_row(r, row))

    def flush_header(self, first_data: int | None) -> None:
        """The collected header rows as one row of labels (the lowest label of each column)
        when figures follow; as they are otherwise."""
        if not self.header:
            return
        rows, self.header = self.header, []
        if first_data is None:
            for r in rows:
                cells = [Cell(t, c - 1, c - 1) for c, t in sorted(self.rows[r].items())]
                self.blocks.append(Block(self.page, r, " ".join(c.text for c in cells), cells,
                                         True))
            return
        labels: dict[int, str] = {}
        for r in rows:
            for c in range(1, self.last_column + 1):
                text = self.sheet.cells.get((r, c)) or self.filled.get((r, c))
                if text:
                    labels[c] = text
        self.split = [c for c in sorted(labels) if re.sub(r"\s", "", labels[c]) in _SPLIT_LABELS]
        coded = [c for c in sorted(labels) if re.search("编码|代码", labels[c])]
        if not self.split and len(coded) > 1:  # "科目编码" merged over unlabelled 类/款/项
            self.split = coded[:3]
        self.joined = coded[0] if coded and not self.split else None
        self.carried = []
        cells = [Cell(labels[c], c - 1, c - 1) for c in sorted(labels)]
        self.blocks.append(Block(self.page, rows[0], " ".join(c.text for c in cells), cells, True))

    def data_row(self, r: int, row: dict[int, str]) -> Block:
        cells: list[Cell] = []
        rest = dict(row)
        if self.split and any(c in rest for c in self.split):
            code = self._join([re.sub(r"\s", "", rest.pop(c, "")) for c in self.split])
            cells.append(Cell(code, self.split[0] - 1, self.split[0] - 1))
        else:
            column = self.joined if self.joined in rest else min(rest)
            match = _JOINED.match(rest[column])
            if match and (column == self.joined or not is_amount(rest[column])):
                del rest[column]
                cells.append(Cell("".join(g for g in match.groups()[:3] if g),
                                  column - 1, column - 1))
                texts_after = [c for c in rest if c > column and not is_amount(rest[c])]
                if match[4].strip() and not texts_after:  # the name shares the code's cell
                    cells.append(Cell(match[4].strip(), column - 0.5, column - 0.5))
        cells += [Cell(rest[c], c - 1, c - 1) for c in sorted(rest)]
        cells.sort(key=lambda cell: cell.x)
        return Block(self.page, r, " ".join(c.text for c in cells), cells, True)

    def _join(self, parts: list[str]) -> str:
        """A full code from the 类/款/项 cells of one row, carrying the 类 and 款 down."""
        parts = [p.zfill(2) if len(p) == 1 and p.isdigit() else p for p in parts]
        parts += [""] * (3 - len(parts))
        cls, kuan, item = parts[:3]
        if cls and (len(cls) > 3 or not cls.isdigit()):
            return cls  # a full code, or 合计, in the 类 column
        if cls:
            self.carried = [cls, kuan] if kuan else [cls]
        elif kuan and self.carried:
            self.carried = [self.carried[0], kuan]
        elif item and len(self.carried) == 2:
            return "".join(self.carried) + item
        else:
            return "".join(parts)
        return "".join(self.carried) + item


def sheet_blocks(sheet: Sheet, page: int) -> list[Block]:
    """The blocks of one sheet; ``page`` numbers the sheet (1-based) for findings."""
    return _Extractor(sheet, page).run() if sheet.cells else []


@dataclass
class Workbook:
    """A workbook's blocks (a sheet is a page, a row a line), its sheet names by page (page 1
    = index 0) and the decimals its number formats show, by (page, row)."""

    blocks: list[Block]
    names: list[str]
    places: dict[tuple[int, int], set[int]]
    negatives: dict[tuple[int, int, int], str] = field(default_factory=dict)  # (page, row, col)


def workbook_blocks(wb: Any) -> Workbook:
    """Every sheet's blocks in workbook order."""
    out = Workbook([], [], {})
    for page, ws in enumerate(wb.worksheets, start=1):
        sheet = read_sheet(ws)
        out.names.append(ws.title)
        out.blocks += sheet_blocks(sheet, page)
        out.places.update({(page, row): shown for row, shown in sheet.places.items()})
        out.negatives.update({(page, r, c): t for (r, c), t in sheet.negatives.items()})
    return out
