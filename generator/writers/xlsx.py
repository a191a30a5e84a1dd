"""Excel writer: every table of the publication as a sheet a finance officer can use and print.

One sheet per table, named as the book numbers it (表1 … 表9, 申报表N for the form of project N),
then 支出明细 and 数据, the data values no printed table carries (``Publication.record``), so
that ``budgetgen import`` reads the workbook back into the same data file.

Each table sheet has the table's title rows, its header grid with the book's merged cells, then
its rows and notes. Amounts are numbers holding the exact value (in 万元 for 表9, as printed)
with the book's number format (``#,##0.00``, or ``#,##0`` in a whole-yuan book); a figure the
book prints blank for zero holds 0 under a format that shows zero blank, a figure the book does
not state is an empty cell. Header rows are frozen and repeated on every printed page; pages
are A4, landscape where the book prints the table landscape, fitted to the page width.

Cells are in the book's faces (宋体 for text and figures, 黑体 for titles and headers, the
names the Word edition uses) at the sizes the PDF prints them: a table's text at its laid-out
size, its title at 13 pt. The 数据 sheet holds keys for ``budgetgen import``, not for readers:
it is hidden (Excel's 取消隐藏 shows it).

The same book gives the same bytes: workbook dates and zip entries carry the edition date.

Written with openpyxl, not XlsxWriter, although XlsxWriter writes the same cells several times
faster (``benchmarks/xlsx.py``): the importer needs openpyxl to read, and it checks a workbook
against :func:`workbook` of the derived book, so one library keeps one layout; a write takes
well under a second, small beside the PDF.
"""

from __future__ import annotations

import errno
import io
import math
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from copy import copy
from datetime import date, datetime, time
from typing import Any

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from generator.display import number, runs_text, scaled
from generator.publication.model import Cell, Publication, Row, Section, Table
from generator.writers.layout import layout
from generator.writers.marks import UNVALIDATED, marks

DATA_SHEET = "数据"
DATA_HEADER = ("项目", "内容")
MARK = UNVALIDATED[1]
CHARS_PER_MM = 0.52  # Excel column width units (a '0' of the default font) per millimetre
FALLBACK_DATE = date(1980, 1, 1)
SHORT = 16  # texts up to this many half-width characters are never wrapped

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
SONG, HEI = "宋体", "黑体"  # the faces the Word edition names (templates/reference.docx)
DEFAULT_FONT = Font(name=SONG, size=11)  # the workbook's Normal style: cells a reader adds
TITLE_SIZE = 13.0  # a table's title, as the PDF prints it (h3, the Word 表名 style)
CAPTION_SIZE = 9.5  # 编制单位 and 单位 above a table
NOTE_SIZE = 10.0
TEXT_SIZE = 11.0  # body text: a form's project name and year
MARK_SIZE = 14.0
LINES_SIZE = 9.0  # 支出明细, which no page prints: the size of a table the PDF need not shrink
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
_NOTE = Alignment(horizontal="left", vertical="top", wrap_text=True)


def number_format(decimals: int, blank_zero: bool) -> str:
    """The book's format for an amount: grouped, its decimals, zero blank where it prints so."""
    base = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"{base};-{base};" if blank_zero else base


def grid(rows: list[tuple[Cell, ...]], columns: int) -> Iterator[list[tuple[int, Cell]]]:
    """Each row's cells with their 0-based starting column, skipping grid positions covered by
    a cell merged down from a row above."""
    covered: dict[int, int] = {}  # column → rows still covered below
    for cells in rows:
        out: list[tuple[int, Cell]] = []
        pending = iter(cells)
        col = 0
        blocked = {c for c, left in covered.items() if left > 0}
        while col < columns:
            if col in blocked:
                col += 1
                continue
            cell = next(pending, None)
            if cell is None:
                break
            out.append((col, cell))
            if cell.rowspan > 1:
                for c in range(col, col + cell.colspan):
                    covered[c] = cell.rowspan
            col += cell.colspan
        covered = {c: left - 1 for c, left in covered.items() if left > 1}
        yield out


def _text_width(text: str) -> float:
    """Width in column-width units (the width of a '0'): a CJK character is about 1.8."""
    return sum(1.8 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def _height(text: str, width_chars: float) -> float:
    """Points a wrapped text needs in a cell ``width_chars`` wide."""
    lines = 0
    for part in text.split("\n"):
        lines += max(1, math.ceil(_text_width(part) / max(1.0, width_chars)))
    return 15.0 * lines + 3


def _widths(table: Table) -> list[float]:
    """Column widths: the book's proportions, widened so that no figure shows as ``###`` and
    no code or short label wraps."""
    widths = [w * CHARS_PER_MM for w in table.column_widths]
    rows = [*table.header, *(row.cells for row in table.rows)]
    for positions in grid(rows, len(widths)):
        for col, cell in positions:
            if cell.colspan > 1:
                continue
            if cell.is_amount and cell.amount is not None:
                shown = number(cell.amount, table.unit, table.decimals)
                widths[col] = max(widths[col], len(shown) + 3)
            elif 0 < _text_width(cell.text) <= SHORT:
                widths[col] = max(widths[col], _text_width(cell.text) + 2 + 2 * cell.indent)
    return widths


# kind → (face, bold, colour); the size goes with each use.
_FONTS = {"plain": (SONG, False, None), "bold": (SONG, True, None), "head": (HEI, True, None),
          "title": (HEI, True, None), "red": (HEI, True, "C00000")}
_ALIGN = {"center": _CENTER, "left": _LEFT, "right": _RIGHT, "note": _NOTE}


class _Styles:
    """Cell styles registered once per workbook and copied onto cells. openpyxl hashes a style
    object on every assignment; styling cell by cell that way was most of the write time."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, float, str, int, bool, str], Any] = {}

    def apply(self, target: Any, font: str = "plain", align: str = "left", indent: int = 0,
              border: bool = False, fmt: str = "General", size: float = TEXT_SIZE) -> None:
        key = (font, size, align, indent, border, fmt)
        style = self.cache.get(key)
        if style is not None:
            target._style = copy(style)
            return
        face, bold, color = _FONTS[font]
        target.font = Font(name=face, size=size, bold=bold, color=color)
        target.alignment = (Alignment(horizontal="left", vertical="center", wrap_text=True,
                                      indent=indent) if indent else _ALIGN[align])
        if border:
            target.border = _BORDER
        target.number_format = fmt
        self.cache[key] = copy(target._style)


def _merge(ws: Worksheet, row: int, column: int, last_row: int, last_column: int) -> None:
    """Merge a range, giving the covered cells the first cell's style (its borders). Done here
    rather than by ``merge_cells``, whose restyling of the range's edges is slow."""
    ws.merged_cells.add(MergedCellRange(ws, CellRange(min_col=column, min_row=row,
                                                      max_col=last_column,
                                                      max_row=last_row).coord))
    style = ws.cell(row, column)._style
    for r in range(row, last_row + 1):
        for c in range(column, last_column + 1):
            if (r, c) != (row, column):
                covered = MergedCell(ws, r, c)
                covered._style = copy(style)
                ws._cells[r, c] = covered


class _Sheet:
    """Writes one table onto one worksheet."""

    def __init__(self, ws: Worksheet, table: Table, above: list[str], marks: tuple[str, ...],
                 styles: _Styles, size: float | None = None) -> None:
        self.ws = ws
        self.table = table
        self.widths = _widths(table)
        self.row = 1
        self.marks = marks  # the sentences of writers.marks, above the table
        self.above = above
        self.styles = styles
        self.amount_format = number_format(table.decimals, table.blank_zero)
        self.size = layout(table).size if size is None else size  # as the PDF prints it

    def span(self, text: str, font: str, align: str, first: int = 0,
             last: int | None = None, size: float = TEXT_SIZE) -> None:
        last = len(self.widths) - 1 if last is None else last
        cell = self.ws.cell(self.row, first + 1)
        put(cell, text)
        self.styles.apply(cell, font, align, size=size)
        if last > first:
            _merge(self.ws, self.row, first + 1, self.row, last + 1)
        need = _height(text, sum(self.widths[first:last + 1]) - 1)
        if need > 18:
            self.ws.row_dimensions[self.row].height = need

    def write(self) -> None:
        table = self.table
        columns = len(self.widths)
        for i, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = round(width, 1)
        for sentence in self.marks:
            self.span(sentence, "red", "center", size=MARK_SIZE)
            self.row += 1
        for i, line in enumerate(self.above):
            self.span(line, "title" if i == 0 else "plain", "center",
                      size=TITLE_SIZE if i == 0 else TEXT_SIZE)
            self.row += 1
        if table.header:
            self.span(table.compiler, "plain", "left", 0, columns - 2, size=CAPTION_SIZE)
            unit = self.ws.cell(self.row, columns, f"单位：{table.unit.value}")
            self.styles.apply(unit, "plain", "right", size=CAPTION_SIZE)
            self.row += 1
        first_header = self.row
        self.cells(list(table.header), header=True)
        last_header = self.row - 1
        body = [row.cells for row in table.rows]
        self.cells(body, header=False, rows=list(table.rows))
        for note in table.notes:
            self.span(runs_text(note.runs), "plain", "note", size=NOTE_SIZE)
            self.row += 1
        self.page(first_header, last_header)

    def cells(self, grid_rows: list[tuple[Cell, ...]], header: bool,
              rows: list[Row] | None = None) -> None:
        """The header grid or the body: values, merges, borders and row heights."""
        for i, positions in enumerate(grid(grid_rows, len(self.widths))):
            row = rows[i] if rows is not None else None
            bold = row is not None and (row.kind == "total" or row.level == 1)
            font = "head" if header else "bold" if bold else "plain"
            need = 0.0
            for col, cell in positions:
                target = self.ws.cell(self.row, col + 1)
                if cell.is_amount:
                    if cell.amount is not None:
                        target.value = scaled(cell.amount, self.table.unit)
                    self.styles.apply(target, font, "right", border=True,
                                      fmt=self.amount_format, size=self.size)
                else:
                    put(target, cell.text)
                    centered = header or cell.header
                    self.styles.apply(target, "head" if cell.header else font,
                                      "center" if centered else "left",
                                      0 if centered else cell.indent, border=True, size=self.size)
                    if cell.rowspan == 1:
                        width = sum(self.widths[col:col + cell.colspan]) - 1 - 2 * cell.indent
                        need = max(need, _height(cell.text, width))
                if cell.rowspan > 1 or cell.colspan > 1:
                    _merge(self.ws, self.row, col + 1, self.row + cell.rowspan - 1,
                           col + cell.colspan)
            if need > 18:
                self.ws.row_dimensions[self.row].height = need
            self.row += 1

    def page(self, first_header: int, last_header: int) -> None:
        ws = self.ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        # Turned where the book prints the table turned: a ``wide`` table, or one whose columns
        # do not fit the upright page (the layout's decision, as the PDF and Word read it).
        ws.page_setup.orientation = "landscape" if layout(self.table).landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        if last_header >= first_header:
            ws.print_title_rows = f"{first_header}:{last_header}"
        ws.freeze_panes = ws.cell(last_header + 1, 1).coordinate


def put(target: XlCell, value: object) -> None:
    """A value into a cell; text stays text even when it begins with ``=`` (``=4.00(次)``)."""
    if value is None or value == "":
        return
    target.value = value
    if isinstance(value, str):
        target.data_type = "s"


def tables_in_order(publication: Publication) -> list[tuple[Section, Table]]:
    """Every table with the section that holds it, in reading order."""
    return [(section, block) for section in publication.walk() for block in section.blocks
            if isinstance(block, Table)]


def _data_sheet(ws: Worksheet, values: tuple[tuple[str, object], ...], styles: _Styles) -> None:
    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 100
    for col, title in enumerate(DATA_HEADER, start=1):
        styles.apply(ws.cell(1, col, title), "head", "center", border=True)
    for r, (path, value) in enumerate(values, start=2):
        put(ws.cell(r, 1), path)
        target = ws.cell(r, 2)
        put(target, value.isoformat() if isinstance(value, date) else value)
        styles.apply(target, "plain", "note")
        if isinstance(value, str):
            need = _height(value, 98)
            if need > 18:
                ws.row_dimensions[r].height = need
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.sheet_state = "hidden"  # keys for `budgetgen import`, not for readers


def _default_font(wb: Workbook) -> None:
    """The Normal style (every unstyled cell, and what a reader types) in 宋体 11: the same
    digit width as Calibri 11, so column widths keep their meaning."""
    wb._fonts = type(wb._fonts)([DEFAULT_FONT])
    wb._named_styles["Normal"].font = DEFAULT_FONT


def workbook(publication: Publication) -> Workbook:
    """The publication as an openpyxl workbook (not yet saved)."""
    wb = Workbook()
    wb.remove(wb.active)
    _default_font(wb)
    styles = _Styles()
    for section, table in tables_in_order(publication):
        # The title the book prints above the table (with its year), as in the PDF and Word.
        above = [section.title] if table.header else [table.title, section.title, table.compiler]
        _Sheet(wb.create_sheet(table.id), table, above, tuple(s for _, s in marks(publication)),
               styles).write()
    record = publication.record
    if record is not None:
        if record.lines is not None:
            lines = record.lines
            _Sheet(wb.create_sheet(lines.id), lines, [lines.caption], (), styles,
                   LINES_SIZE).write()
        _data_sheet(wb.create_sheet(DATA_SHEET), record.values, styles)
    stamp = datetime.combine(publication.edition_date or FALLBACK_DATE, time(0))
    wb.properties.title = publication.title
    wb.properties.creator = wb.properties.lastModifiedBy = "budgetgen"
    wb.properties.created = wb.properties.modified = stamp
    return wb


def write(publication: Publication) -> bytes:
    """The workbook's bytes; the same for the same publication."""
    out = io.BytesIO()
    try:
        workbook(publication).save(out)
    except etree.SerialisationError as exc:  # openpyxl writes each sheet to a temporary file
        code = getattr(errno, str(exc).removeprefix("IO_"), errno.EIO)  # IO_ENOSPC, IO_EFBIG
        raise OSError(code, os.strerror(code)) from None
    return reproducible(out.getvalue(), publication.edition_date or FALLBACK_DATE)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def reproducible(data: bytes, when: date) -> bytes:
    """Zip entries stamped with ``when`` and the workbook's modified date set to it (openpyxl
    stamps the time of saving)."""
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    iso = f"{when.isoformat()}T00:00:00Z".encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + iso + rb"\g<2>", content)
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()
