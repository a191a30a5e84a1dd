"""Catalog figures: `catalog import` of an official-size list (.csv and .xlsx), and what looking
catalogs up costs a validation. Prints figures; asserts nothing.

    python3 benchmarks/catalog.py [ROWS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import catalog_import  # noqa: E402
from generator.catalogs import for_book  # noqa: E402
from generator.pipeline import validate  # noqa: E402


def _rows(count: int) -> list[tuple[str, str]]:
    """A synthetic list shaped like the official one: 类, 款 under it, 项 under each 款."""
    rows: list[tuple[str, str]] = []
    cls = 200
    while len(rows) < count:
        cls += 1
        rows.append((str(cls), f"类{cls}支出"))
        for kuan in range(1, 21):
            rows.append((f"{cls}{kuan:02d}", f"款{cls}{kuan:02d}"))
            for item in (1, 2, 3, 50, 99):
                rows.append((f"{cls}{kuan:02d}{item:02d}", f"项{cls}{kuan:02d}{item:02d}"))
    return rows[:count]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rows = _rows(count)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "list.csv"
        csv_path.write_text("科目编码,科目名称,说明\n" + "".join(f"{c},{n},\n" for c, n in rows),
                            encoding="utf-8")
        start = time.perf_counter()
        read = catalog_import.read(csv_path)
        print(f"import .csv, {count} rows: {time.perf_counter() - start:.3f} s "
              f"({len(read.function)} codes)")

        from openpyxl import Workbook  # type: ignore[import-untyped]

        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["科目编码", "科目名称", "说明"])
        for code, name in rows:
            sheet.append([int(code), name, None])
        xlsx_path = folder / "list.xlsx"
        workbook.save(xlsx_path)
        start = time.perf_counter()
        read = catalog_import.read(xlsx_path)
        print(f"import .xlsx, {count} rows: {time.perf_counter() - start:.3f} s "
              f"({len(read.function)} codes)")

        (folder / "catalogs").mkdir()
        (folder / "catalogs" / "function-2025.csv").write_bytes(
            catalog_import.write_csv(read.function))
        book = folder / "book.yaml"
        book.write_bytes((ROOT / "data" / "songjiang-yibao-2025.yaml").read_bytes())
        for label, path in (("shipped catalogs", ROOT / "data" / "songjiang-yibao-2025.yaml"),
                            (f"+ a {count}-code catalog", book)):
            start = time.perf_counter()
            for_book(2025, path)
            first = time.perf_counter() - start
            start = time.perf_counter()
            for _ in range(20):
                validate(str(path))
            each = (time.perf_counter() - start) / 20
            print(f"validate 000 with {label}: {each * 1000:.1f} ms each "
                  f"(first catalog look-up {first * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
