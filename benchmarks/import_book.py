"""Benchmark ``budgetgen import`` of a published book: which PDF text extraction, and how fast.

Builds the three examples as PDF, then reads each back two ways: with pdfplumber (what the
importer uses for a .pdf) and from ``pdftotext -layout`` text (what it reads from a .txt). For
each it prints the reading time and the accuracy: the share of printed table cells (表1–表9
and the 申报表 grids) and of printed passages that the rebuilt book reproduces exactly.

    python3 benchmarks/import_book.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402
from generator.pipeline import publish, validate  # noqa: E402
from generator.publication.compare import _passages, _sections  # noqa: E402
from generator.publication.model import Publication  # noqa: E402
from generator.source.emit import dump_yaml  # noqa: E402
from generator.source.importers import published  # noqa: E402
from tests.helpers import body_grid  # noqa: E402

EXAMPLES = ["songjiang-yibao-2025", "yangpu-yibao-2024", "songjiang-yibao-forms-2026"]


def accuracy(old: Publication, new: Publication) -> tuple[int, int, int, int]:
    """(cells equal, cells, passages equal, passages)."""
    cells = same = 0
    for table_id, table in old.tables.items():
        mine = body_grid(new.tables[table_id]) if table_id in new.tables else []
        for r, row in enumerate(body_grid(table)):
            for c, value in enumerate(row):
                cells += 1
                same += r < len(mine) and c < len(mine[r]) and mine[r][c] == value
    theirs = {s.id: _passages(s) for s in _sections(new)}
    passages = texts_same = 0
    for section in _sections(old):
        for passage in _passages(section):
            passages += 1
            texts_same += passage in theirs.get(section.id, [])
    return same, cells, texts_same, passages


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        print(f"{'book':28} {'reader':22} {'seconds':>8} {'table cells':>16} {'passages':>12}")
        for name in EXAMPLES:
            original = validate(str(ROOT / "data" / f"{name}.yaml"))
            book = publish(original)
            pdf = build(book, name, ["pdf"], out)[0]
            text = out / f"{name}.txt"
            start = time.perf_counter()
            subprocess.run(["pdftotext", "-layout", str(pdf), str(text)], check=True)
            layout_extract = time.perf_counter() - start
            for reader, source, extra in (("pdfplumber (.pdf)", pdf, 0.0),
                                          ("pdftotext -layout (.txt)", text, layout_extract)):
                start = time.perf_counter()
                imported = published.read(source)
                seconds = time.perf_counter() - start + extra
                data = out / f"{name}-{source.suffix[1:]}.yaml"
                data.write_text(dump_yaml(imported.data), encoding="utf-8")
                again = validate(str(data))
                if again.book is None:
                    print(f"{name:28} {reader:22} {seconds:8.2f}   (data not valid)")
                    continue
                same, cells, texts, passages = accuracy(book, publish(again))
                print(f"{name:28} {reader:22} {seconds:8.2f} {same:7}/{cells:<7} "
                      f"{texts:5}/{passages:<5}")


if __name__ == "__main__":
    main()
