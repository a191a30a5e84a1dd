"""The import corpus: every example and shapes book, printed by several producers, read back by every
route; prints what came back.

Producers: our PDF writer (WeasyPrint), LibreOffice from our .docx, from our HTML edition
(Writer/Web: its tables laid out without rulings) and from our workbook (Calc: one sheet a table,
printed as the sheet sets its pages; tables only, so the texts are not there). Variants: the whole
book; its tables alone (no cover: year and unit come from the table titles and 编制单位); the official
template's split code columns (a 款 row prints only its two digits, a 项 row its two), made from the
copy text. Routes: the PDF itself (pdfplumber), ``pdftotext -layout``, plain ``pdftotext``,
``pdftotext -raw``, pdfplumber's ``extract_text()``, tab-separated copy text, and what a PDF viewer
copies when an officer selects all: Chrome/Edge's viewer (PDFium's text of each page,
``FPDFText_GetText`` with the spaces and line breaks it inserts; ``pdfium``) and Firefox's and most
web viewers' (pdf.js: each page's ``getTextContent()`` items in content-stream order, a line break
after an item with ``hasEOL``, pages one line break apart, as its ``getAllText()``; ``pdfjs``). The
pdf.js route runs where node and pdf.js are at hand: ``benchmarks/pdfjs_copy.mjs`` with pdfjs-dist
found through ``--pdfjs DIR`` or ``PDFJS_DIST`` (its package folder: ``npm install pdfjs-dist`` in a
folder outside the project). The seeds are read as they are.

For each source × route: printed rows of 表1–表9 that the rebuilt book prints again exactly, the total
rows among them, the passages of text, and seconds per page; then the medians.

    python3 benchmarks/import_corpus.py [--cache DIR] [--only NAME] [--routes R,R] [--no-libreoffice]
                                        [--pdfjs DIR]

The corpus is built into ``--cache`` (default: a folder in the system's temp directory) and kept
there; nothing is written into the project.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402
from generator.pipeline import publish, validate  # noqa: E402
from generator.publication.compare import _passages, _sections  # noqa: E402
from generator.publication.model import Publication, Table  # noqa: E402
from generator.source.emit import dump_yaml  # noqa: E402
from generator.source.importers import published  # noqa: E402

BOOKS = sorted((ROOT / "data").glob("*.yaml")) + sorted((ROOT / "tests/data/shapes").glob("*.yaml")) \
    + sorted((ROOT / "tests/data/unseen").glob("*.yaml"))
SEEDS = ROOT / "tests" / "data" / "seeds"
ROUTES = ("pdf", "layout", "plain", "raw", "plumber", "tabbed", "pdfium", "pdfjs")
PDFJS_SCRIPT = ROOT / "benchmarks" / "pdfjs_copy.mjs"
TOTAL_LABELS = {"合计", "总计", "收入总计", "支出总计"}


@dataclass
class Score:
    rows: int = 0
    printed_rows: int = 0
    totals: int = 0
    printed_totals: int = 0
    texts: int = 0
    printed_texts: int = 0
    seconds: float = 0.0
    pages: int = 1
    valid: bool = True

    @property
    def row_share(self) -> float:
        return self.rows / self.printed_rows if self.printed_rows else 1.0

    @property
    def per_page(self) -> float:
        return self.seconds / max(self.pages, 1)


def _grid(table: Table) -> list[tuple[str, ...]]:
    from tests.helpers import body_grid
    return [tuple(row) for row in body_grid(table)]


def _is_total(row: tuple[str, ...]) -> bool:
    return any(cell.strip() in TOTAL_LABELS for cell in row)


def score(old: Publication, new: Publication | None) -> Score:
    """Rows, total rows and passages of ``old`` that ``new`` prints again exactly."""
    out = Score(valid=new is not None)
    for table_id, table in old.tables.items():
        if not table_id.startswith("表"):
            continue
        rows = _grid(table)
        mine = Counter(_grid(new.tables[table_id])) if new and table_id in new.tables else Counter()
        for row in rows:
            out.printed_rows += 1
            found = mine[row] > 0
            if found:
                mine[row] -= 1
            out.rows += found
            if _is_total(row) or table_id == "表9":
                out.printed_totals += 1
                out.totals += found
    theirs = {s.id: _passages(s) for s in _sections(new)} if new else {}
    for section in _sections(old):
        for passage in _passages(section):
            out.printed_texts += 1
            out.texts += passage in theirs.get(section.id, [])
    return out


def rebuilt(source: Path, work: Path) -> tuple[Publication | None, float]:
    """The book read back from ``source`` and built again, and the seconds reading took."""
    start = time.perf_counter()
    imported = published.read(source)
    seconds = time.perf_counter() - start
    data = work / (source.stem + ".yaml")
    data.write_text(dump_yaml(imported.data), encoding="utf-8")
    again = validate(str(data))
    return (publish(again) if again.book is not None else None), seconds


# ---- the corpus ---------------------------------------------------------------------------------

def _pdftotext(pdf: Path, target: Path, *flags: str) -> Path:
    subprocess.run(["pdftotext", *flags, str(pdf), str(target)], check=True)
    return target


def _plumber_text(pdf: Path, target: Path) -> Path:
    import pdfplumber
    with pdfplumber.open(str(pdf)) as doc:
        target.write_text("\f".join(p.extract_text() or "" for p in doc.pages), encoding="utf-8")
    return target


def pdfium_copy(pdf: Path) -> str:
    """What Chrome's (and Edge's) PDF viewer copies when all is selected: PDFium's text of each
    page (``FPDFText_GetText``: the spaces and line breaks PDFium puts between the characters it
    reads), its CR LF line ends made LF, the pages one line break apart (Chrome's
    ``PDFiumEngine::GetSelectedText``)."""
    import pypdfium2 as pdfium

    texts = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for page in doc:
            text_page = page.get_textpage()
            texts.append(text_page.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            text_page.close()
            page.close()
    finally:
        doc.close()
    return "\n".join(texts)


def _pdfium_text(pdf: Path, target: Path) -> Path:
    target.write_text(pdfium_copy(pdf), encoding="utf-8")
    return target


def pdfjs_command() -> list[str] | None:
    """The command printing pdf.js's copy of a PDF, or None where node or pdf.js is missing."""
    node = shutil.which("node")
    if node is None or not PDFJS_SCRIPT.exists():
        return None
    dist = os.environ.get("PDFJS_DIST")
    if dist and not (Path(dist) / "legacy" / "build" / "pdf.mjs").exists():
        return None
    if not dist:
        return None
    return ["nice", node, str(PDFJS_SCRIPT)]


def _pdfjs_text(pdf: Path, target: Path, command: list[str]) -> Path:
    if not target.exists() or target.stat().st_mtime < pdf.stat().st_mtime:
        subprocess.run([*command, str(pdf), str(target)], check=True)
    return target


def tabbed(layout: str) -> str:
    """Copy text with tab-separated cells, from layout text: runs of two or more spaces inside
    a line become one tab."""
    return "\n".join(re.sub(r"(?<=\S) {2,}(?=\S)", "\t", line.strip()) for line in layout.split("\n"))


def official_codes(text: str) -> str:
    """Tab text in the official template's split code columns: a 款 row prints only its two
    digits, a 项 row only its two (the code columns before them left blank)."""
    out, columns = [], 3
    for line in text.split("\n"):
        cells = line.split("\t")
        if [c.strip() for c in cells[:3]] in (["类", "款", "项"], ["类", "款"]):
            columns = len([c for c in cells[:3] if c.strip() in ("类", "款", "项")])
        codes = 0
        while codes < min(columns, len(cells)) and re.fullmatch(r"\d{2,3}", cells[codes]):
            codes += 1
        if codes >= 2 and re.fullmatch(r"\d{3}", cells[0]):
            own = cells[codes - 1]
            cells = [""] * (codes - 1) + [own] + [""] * (columns - codes) + cells[codes:]
        elif codes == 1 and re.fullmatch(r"\d{3}", cells[0]):
            cells = [cells[0]] + [""] * (columns - 1) + cells[1:]
        out.append("\t".join(cells))
    return "\n".join(out)


def tables_only(text: str) -> str:
    """The text from the first table title on: the tables published without cover and narrative
    (the title page and the text before the tables left out)."""
    match = re.search(r"^\s*\d{4}\s*年\s*\S*财务收支预算总表\s*$", text, re.MULTILINE)
    return text[match.start():] if match else text


def routes(pdf: Path, folder: Path) -> dict[str, Path]:
    """Every route's input for one printed book."""
    stem = pdf.stem
    layout = _pdftotext(pdf, folder / f"{stem}.layout.txt", "-layout")
    out = {"pdf": pdf, "layout": layout,
           "plain": _pdftotext(pdf, folder / f"{stem}.plain.txt"),
           "raw": _pdftotext(pdf, folder / f"{stem}.raw.txt", "-raw"),
           "plumber": _plumber_text(pdf, folder / f"{stem}.plumber.txt")}
    tab = folder / f"{stem}.tabbed.txt"
    tab.write_text(tabbed(layout.read_text(encoding="utf-8")), encoding="utf-8")
    out["tabbed"] = tab
    out["pdfium"] = _pdfium_text(pdf, folder / f"{stem}.pdfium.txt")
    command = pdfjs_command()
    if command:
        out["pdfjs"] = _pdfjs_text(pdf, folder / f"{stem}.pdfjs.txt", command)
    return out


def corpus(cache: Path, only: str | None, libreoffice: bool
           ) -> list[tuple[str, Publication, dict[str, Path], int]]:
    """(source name, publication, route inputs, pages) for every book and producer."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    out = []
    for path in BOOKS:
        if only and only not in path.stem:
            continue
        result = validate(str(path))
        if result.book is None:
            continue
        pub = publish(result)
        folder = cache / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        editions = {ext: folder / f"{path.stem}.{ext}" for ext in ("pdf", "docx", "html", "xlsx")}
        if not all(edition.exists() for edition in editions.values()):
            build(pub, path.stem, list(editions), folder)
        pdf = editions["pdf"]
        producers = {"weasyprint": pdf}
        if libreoffice and soffice:
            # LibreOffice from our Word edition, from our HTML edition (Writer/Web lays out its
            # tables, unruled), and from our workbook (Calc prints each table's sheet)
            for producer, source, sub in (("libreoffice-docx", editions["docx"], "lo"),
                                          ("libreoffice-html", editions["html"], "lo-html"),
                                          ("libreoffice-xlsx", _tables_only(editions["xlsx"]),
                                           "lo-xlsx")):
                target = folder / sub / pdf.name
                if not target.exists():
                    subprocess.run(["nice", soffice, "--headless",
                                    f"-env:UserInstallation=file://{cache}/lo-profile",
                                    "--convert-to", "pdf", "--outdir", str(target.parent),
                                    str(source)], check=True, capture_output=True)
                producers[producer] = target
        for producer, printed in producers.items():
            pages = _pages(printed)
            inputs = routes(printed, printed.parent)
            out.append((f"{path.stem} · {producer}", pub, inputs, pages))
            if producer == "weasyprint":
                text = inputs["tabbed"].read_text(encoding="utf-8")
                variant = printed.parent / f"{path.stem}.official.txt"
                variant.write_text(official_codes(text), encoding="utf-8")
                bare = printed.parent / f"{path.stem}.tables-only.txt"
                bare.write_text(tables_only(inputs["raw"].read_text(encoding="utf-8")),
                                encoding="utf-8")
                out.append((f"{path.stem} · 官方分列编码", pub, {"tabbed": variant}, pages))
                out.append((f"{path.stem} · 无封面（仅表格）", pub, {"raw": bare}, pages))
    return out


def _tables_only(xlsx: Path) -> Path:
    """Our workbook with the book's tables only, one sheet each (表1 … 表9, 申报表N), as a
    budget system exports them: without the 支出明细 and 数据 sheets kept for ``import``."""
    from openpyxl import load_workbook

    target = xlsx.parent / "sheets" / xlsx.name
    if target.exists():
        return target
    workbook = load_workbook(xlsx)
    for sheet in list(workbook.worksheets):
        if not re.match(r"^(?:表\d|申报表)", sheet.title):
            workbook.remove(sheet)
    target.parent.mkdir(exist_ok=True)
    workbook.save(target)
    return target


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(match[1]) if match else 1


def measure(pub: Publication, source: Path, pages: int, work: Path) -> Score:
    new, seconds = rebuilt(source, work)
    result = score(pub, new)
    result.seconds, result.pages = seconds, pages
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "budgetgen-import-corpus")
    parser.add_argument("--only", help="only the books whose file name contains this")
    parser.add_argument("--routes", help="only these routes, comma-separated (of "
                        + ", ".join(ROUTES) + ")")
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--pdfjs", help="pdfjs-dist's package folder (else PDFJS_DIST)")
    args = parser.parse_args()
    if args.pdfjs:
        os.environ["PDFJS_DIST"] = args.pdfjs
    wanted = set(args.routes.split(",")) if args.routes else set(ROUTES)
    args.cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    by_route: dict[str, list[Score]] = {}
    print(f"| {'source':44} | {'route':8} | rows | totals | texts | s/page |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, pub, inputs, pages in corpus(args.cache, args.only, not args.no_libreoffice):
        for route, source in inputs.items():
            if route not in wanted:
                continue
            result = measure(pub, source, pages, work)
            by_route.setdefault(route, []).append(result)
            print(f"| {name:44} | {route:8} | {result.rows}/{result.printed_rows} | "
                  f"{result.totals}/{result.printed_totals} | {result.texts}/{result.printed_texts}"
                  f" | {result.per_page:.3f} |", flush=True)
    for seed in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        start = time.perf_counter()
        imported = published.read(seed)
        seconds = time.perf_counter() - start
        rows = sum(1 for line in seed.read_text(encoding="utf-8").split("\n")
                   if re.match(r"^\s*\d{3}(?:\t|\s)", line))
        lines = len(imported.data.get("支出明细", []) or [])
        print(f"| seed {seed.stem:39} | tabbed   | {lines} lines / {rows} coded rows | | | "
              f"{seconds:.2f} s |")
    print()
    print("| route | median rows | worst rows | all totals | median s/page |")
    print("| --- | ---: | ---: | --- | ---: |")
    for route, scores in by_route.items():
        shares = [s.row_share for s in scores]
        print(f"| {route} | {statistics.median(shares):.1%} | {min(shares):.1%} | "
              f"{sum(s.totals == s.printed_totals for s in scores)}/{len(scores)} | "
              f"{statistics.median(s.per_page for s in scores):.3f} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
