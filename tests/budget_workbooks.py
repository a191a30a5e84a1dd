"""Workbooks shaped as budget systems export the nine tables, made from a derived book's figures
(not by our own Excel writer): the official template's titles and merged multi-row headers,
a 编制单位/单位 line, codes split into 类/款/项 columns as the template prints them (a 款 row
shows only its two digits) or joined, amounts as numbers or as text with commas, in 元 or 万元,
blank for zero; one sheet per table or every table in one sheet."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from generator.publication.model import Publication, Table

TABLES = ("表1", "表2", "表3", "表4", "表5", "表6", "表7", "表8", "表9")
CENT = Decimal("0.01")
WAN = Decimal(10000)


@dataclass(frozen=True)
class Layout:
    """How one budget system writes the tables."""

    name: str
    one_sheet: bool = False  # every table in one sheet, one under the other
    codes: str = "split"  # split | joined (2101101) | spaced (210 11 01) | named (code and name)
    numbers: str = "number"  # number | text ("1,234.56")
    unit: str = "元"  # 元 | 万元 (表9 is 万元 either way)
    zeros: str = "blank"  # blank | 0
    total_first: bool = False  # the 合计 row above the lines, as many systems print it
    column_numbers: bool = False  # a 栏次 row (1, 2, 3 …) under the header
    number_format: str = ""  # the amounts' format ("": #,##0.00, or #,##0 in whole yuan)


LAYOUTS = (
    Layout("每表一页·分列编码·数值"),
    Layout("全部一页·七位编码·文本数字", one_sheet=True, codes="joined", numbers="text"),
    Layout("每表一页·空格编码·零值0·栏次", codes="spaced", zeros="0", column_numbers=True),
    Layout("全部一页·编码含名称·合计在上", one_sheet=True, codes="named", numbers="text",
           total_first=True),
    Layout("每表一页·分列编码·万元", unit="万元"),
    Layout("每表一页·数值编码·常规格式", codes="joined", number_format="General"),
)

Box = tuple[int, int, int, int, str]  # top, left, bottom, right (0-based, inclusive), text


def _place(rows: list[list[tuple[str, int, int]]]) -> list[Box]:
    """Cells with spans placed on a grid (a cell takes the next free column of its row)."""
    taken: set[tuple[int, int]] = set()
    boxes: list[Box] = []
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in taken:
                c += 1
            boxes.append((r, c, r + rowspan - 1, c + colspan - 1, text))
            taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
            c += colspan
    return boxes


def _code_columns(table: Table) -> list[int]:
    """The columns headed 类/款/项 in the table's header."""
    boxes = _place([[(c.text, c.rowspan, c.colspan) for c in row] for row in table.header])
    return sorted(b[1] for b in boxes if b[4] in ("类", "款", "项") and b[1] == b[3])


def _joined_header(boxes: list[Box], drop: list[int]) -> list[Box]:
    """The header with the 类/款/项 columns merged into one 编码 column."""
    out = []
    keep = drop[0]
    gone = set(drop[1:])
    for top, left, bottom, right, text in boxes:
        if text in ("类", "款", "项") and left == right:
            continue
        if left in gone and right in gone:
            continue
        shift_left = sum(1 for g in gone if g < left)
        shift_right = sum(1 for g in gone if g <= right)
        if left == keep and "编码" in text:
            bottom += 1  # the 编码 cell now reaches down over the removed 类/款/项 row
        out.append((top, left - shift_left, bottom, right - shift_right, text))
    return out


def _amount(value: Decimal | None, table: Table, layout: Layout) -> object:
    if value is None:
        value = Decimal(0)
    places = table.decimals
    if table.id == "表9" or layout.unit == "万元":
        value, places = (value / WAN).quantize(CENT, "ROUND_HALF_UP"), 2
    if not value:
        return None if layout.zeros == "blank" else 0
    if layout.numbers == "text":
        return f"{value:,.{places}f}"
    return float(value)


def _body(table: Table, layout: Layout, codes: list[int]) -> list[list[tuple[object, int, int]]]:
    """Body rows as (value, rowspan, colspan), codes written as the layout writes them."""
    out = []
    for row in table.rows:
        cells: list[tuple[object, int, int]] = []
        if row.code and codes:
            split = [row.code[:3], row.code[3:5], row.code[5:7]][: len(codes)]
            name_cell = next(c for c in row.cells if not c.is_amount and c.text
                             and c.text != row.code[:3] and not c.text.isdigit())
            as_number = layout.numbers == "number"  # 款 "01" stored as the number 1
            if layout.codes == "split":
                level = len([p for p in split if p]) - 1
                cells += [((int(p) if as_number else p) if i == level else None, 1, 1)
                          for i, p in enumerate(split)]
            else:
                code = {"joined": int(row.code) if as_number else row.code,
                        "spaced": " ".join(p for p in split if p),
                        "named": f"{row.code} {name_cell.text}"}[layout.codes]
                cells.append((code, 1, 1))
            cells.append((None if layout.codes == "named" else name_cell.text, 1, 1))
            amounts = [c for c in row.cells if c.is_amount]
            cells += [(_amount(c.amount, table, layout), 1, 1) for c in amounts]
        else:
            for cell in row.cells:
                span = cell.colspan
                if codes and layout.codes != "split" and cell.colspan > len(codes):
                    span -= len(codes) - 1  # 合计 over the code columns
                value = _amount(cell.amount, table, layout) if cell.is_amount else cell.text
                cells.append((value, cell.rowspan, span))
        out.append(cells)
    return out


def _write_table(ws: Worksheet, top: int, table: Table, layout: Layout) -> int:
    """The table from row ``top`` (1-based); returns the next free row."""
    codes = _code_columns(table)
    boxes = _place([[(c.text, c.rowspan, c.colspan) for c in row] for row in table.header])
    if codes and layout.codes != "split":
        boxes = _joined_header(boxes, codes)
    width = max(b[3] for b in boxes) + 1
    unit = "万元" if table.id == "表9" or layout.unit == "万元" else "元"
    title = table.title if not layout.one_sheet else f"{table.id}  {table.title}"
    ws.cell(top, 1, title)
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=width)
    ws.cell(top + 1, 1, table.compiler)
    ws.cell(top + 1, width, f"单位：{unit}")
    head = top + 2
    for r0, c0, r1, c1, text in boxes:
        ws.cell(head + r0, c0 + 1, text)
        if (r0, c0) != (r1, c1):
            ws.merge_cells(start_row=head + r0, start_column=c0 + 1, end_row=head + r1,
                           end_column=c1 + 1)
    body = head + max(b[2] for b in boxes) + 1
    if layout.column_numbers:
        ws.cell(body, 1, "栏次")
        first = width - sum(1 for c in table.rows[0].cells if c.is_amount) if table.rows else width
        for n, column in enumerate(range(first, width), start=1):
            ws.cell(body, column + 1, n)
        body += 1
    rows = _body(table, layout, codes)
    if layout.total_first and codes:
        totals = [r for r, row in zip(rows, table.rows, strict=True) if row.kind == "total"]
        rows = totals + [r for r in rows if not any(r is t for t in totals)]
    boxes_body = _place([[("", rs, cs) for _, rs, cs in row] for row in rows])
    values = [v for row in rows for v, _, _ in row]
    number_format = layout.number_format or (
        "#,##0.00" if table.decimals or table.id == "表9" else "#,##0")
    for (r0, c0, r1, c1, _), value in zip(boxes_body, values, strict=True):
        if value is None or value == "":
            continue
        cell = ws.cell(body + r0, c0 + 1, value)
        if isinstance(value, float):
            cell.number_format = number_format
        if (r0, c0) != (r1, c1):
            ws.merge_cells(start_row=body + r0, start_column=c0 + 1, end_row=body + r1,
                           end_column=c1 + 1)
    return body + len(rows) + 2


def workbook(pub: Publication, layout: Layout) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "预算表" if layout.one_sheet else "sheet1"
    row = 1
    for n, table_id in enumerate(TABLES):
        if table_id not in pub.tables:
            continue
        if not layout.one_sheet:
            ws = ws if n == 0 else wb.create_sheet(f"sheet{n + 1}")
            row = 1
        row = _write_table(ws, row, pub.tables[table_id], layout)
    return wb


def workbook_bytes(pub: Publication, layout: Layout) -> bytes:
    out = io.BytesIO()
    workbook(pub, layout).save(out)
    return out.getvalue()


def printed_rows(pub: Publication) -> int:
    return sum(len(pub.tables[t].rows) for t in TABLES if t in pub.tables)


def text_only(pub: Publication) -> str:
    """The book's words without its tables, as a text file (a heading per line marked ``#``),
    the way bureaus publish the 正文 apart from the tables."""
    from generator.display import runs_text
    from generator.publication.model import ItemList, Paragraph

    lines = [pub.title, pub.subtitle]
    for section in pub.walk():
        if section.id.startswith("表"):
            continue
        lines.append(f"# {section.title}")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines.append(runs_text(block.runs))
            elif isinstance(block, ItemList):
                lines += [f"{item.label}{runs_text(item.runs)}" for item in block.items]
    return "\n".join(lines) + "\n"
