"""Benchmark the Excel edition: write time and size, the import back, and openpyxl vs XlsxWriter.

Prints, for the 000 example and for a generated big book (20 projects' worth of lines: 400 项
lines): our writer's time (openpyxl), the bytes written, the time to read the workbook back
(``budgetgen import``), and, when XlsxWriter is importable, the time XlsxWriter takes to
write the same cells, merges and formats (the library choice was measured with this).

    python3 benchmarks/xlsx.py [RUNS]
    PYTHONPATH=/path/to/xlsxwriter python3 benchmarks/xlsx.py   # to compare with XlsxWriter
"""

from __future__ import annotations

import dataclasses
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import timed  # noqa: E402  (benchmarks/, beside this script)

from generator.pipeline import publish, validate  # noqa: E402
from generator.publication.model import Publication, Table  # noqa: E402
from generator.source.importers import xlsx as importer  # noqa: E402
from generator.writers import xlsx  # noqa: E402

EXAMPLE = ROOT / "data" / "songjiang-yibao-2025.yaml"


def big_book(pub: Publication, copies: int) -> Publication:
    """``pub`` with every table's body repeated ``copies`` times (a book of many lines)."""
    def grow(table: Table) -> Table:
        return dataclasses.replace(table, rows=table.rows * copies)

    def section(s: object) -> object:
        assert dataclasses.is_dataclass(s) and not isinstance(s, type)
        blocks = tuple(grow(b) if isinstance(b, Table) else b for b in s.blocks)  # type: ignore[attr-defined]
        children = tuple(section(c) for c in s.children)  # type: ignore[attr-defined]
        return dataclasses.replace(s, blocks=blocks, children=children)

    return dataclasses.replace(pub, sections=tuple(section(s) for s in pub.sections))  # type: ignore[misc]


def with_xlsxwriter(pub: Publication) -> bytes:
    """The same sheets, cells, merges and number formats written with XlsxWriter."""
    import xlsxwriter  # type: ignore[import-not-found]

    from generator.display import scaled

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter",
                            "text_wrap": True})
    text = book.add_format({"border": 1, "valign": "vcenter", "text_wrap": True})
    formats: dict[str, object] = {}
    for _, table in xlsx.tables_in_order(pub):
        sheet = book.add_worksheet(table.id)
        fmt = xlsx.number_format(table.decimals, table.blank_zero)
        money = formats.setdefault(fmt, book.add_format({"num_format": fmt, "border": 1}))
        sheet.merge_range(0, 0, 0, table.column_count - 1, table.caption, bold)
        row = 2
        rows = [*table.header, *(r.cells for r in table.rows)]
        for positions in xlsx.grid(rows, table.column_count):
            for col, cell in positions:
                value = (float(scaled(cell.amount, table.unit))
                         if cell.is_amount and cell.amount is not None else cell.text or None)
                style = money if cell.is_amount else (bold if cell.header else text)
                if cell.rowspan > 1 or cell.colspan > 1:
                    sheet.merge_range(row, col, row + cell.rowspan - 1, col + cell.colspan - 1,
                                      value, style)
                else:
                    sheet.write(row, col, value, style)
            row += 1
        sheet.freeze_panes(2 + len(table.header), 0)
        sheet.repeat_rows(2, 1 + len(table.header))
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
    book.close()
    return out.getvalue()


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    result = validate(str(EXAMPLE))
    pub = publish(result)
    big = big_book(pub, 20)
    try:
        import xlsxwriter  # noqa: F401
        have_xlsxwriter = True
    except ImportError:
        have_xlsxwriter = False
    with tempfile.TemporaryDirectory() as tmp:
        for label, book in (("000 book", pub), ("000 × 20 rows", big)):
            data = xlsx.write(book)
            best, median, _ = timed(lambda b=book: xlsx.write(b), runs)  # type: ignore[misc]
            cells = sum(len(r.cells) for _, t in xlsx.tables_in_order(book) for r in t.rows)
            print(f"{label}: {cells} body cells; openpyxl write {best * 1000:.0f} ms "
                  f"(median {median * 1000:.0f} ms), {len(data) / 1024:.1f} KiB")
            if have_xlsxwriter:
                best, median, _ = timed(lambda b=book: with_xlsxwriter(b), runs)  # type: ignore[misc]
                print(f"{label}: XlsxWriter write {best * 1000:.0f} ms "
                      f"(median {median * 1000:.0f} ms), "
                      f"{len(with_xlsxwriter(book)) / 1024:.1f} KiB")
        path = Path(tmp) / "book.xlsx"
        path.write_bytes(xlsx.write(pub))
        best, median, _ = timed(lambda: importer.read(path), runs)
        print(f"000 book: import back {best * 1000:.0f} ms (median {median * 1000:.0f} ms)")
    if not have_xlsxwriter:
        print("XlsxWriter not importable: comparison skipped")


if __name__ == "__main__":
    main()
