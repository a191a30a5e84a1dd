"""Our PDF against what users do today: LibreOffice converting our .docx, whole processes.

Times, in one run, ``budgetgen build --format pdf`` of the 000 example (a fresh Python process:
imports, validation, derivation, layout, PDF) and ``soffice --headless --convert-to pdf`` of our
.docx of the same book (a fresh LibreOffice process), interleaved, after one warm-up of each
(bytecode caches, LibreOffice's profile). Prints the medians and their ratios. Target: the
build within 1.1× of WeasyPrint alone (below). The machine is shared and noisy: compare figures
within one run.

A third process, timed in the same loop, is the floor of any WeasyPrint build: WeasyPrint alone
(import, layout, tagged PDF) on the finished print HTML of the book, with no reading,
validation or derivation. ``floor / libreoffice`` is the best ratio a WeasyPrint PDF can reach
on this machine, whatever budgetgen does around it.

    python3 benchmarks/pdf_vs_libreoffice.py [RUNS] [--root CHECKOUT]

``--root`` times another checkout of budgetgen (e.g. an older commit unpacked with
``git archive``) against the same LibreOffice conversion.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "data/songjiang-yibao-2025.yaml"
# The HTML the PDF writer lays out (the print HTML of the book), written once before timing.
PRINT_HTML = """
import sys
from generator.pipeline import publish, validate
from generator.writers import html
page = html.render(publish(validate(sys.argv[1])), print_edition=True)
open(sys.argv[2], "w", encoding="utf-8").write(page)
"""
# WeasyPrint alone on that HTML: the same call, options and fetch policy as
# generator/writers/pdf_engine.py (tagged PDF, no resource fetched), nothing else.
FLOOR = """
import gc, sys, weasyprint
gc.disable()  # as the writer does during layout and writing
def refuse(url, *args, **kwargs):
    raise ValueError(url)
html = open(sys.argv[1], encoding="utf-8").read()
weasyprint.HTML(string=html, url_fetcher=refuse, base_url=None).write_pdf(sys.argv[2], pdf_tags=True)
"""


def timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd)
    return time.perf_counter() - start


def _all(times: list[float]) -> str:
    return " ".join(f"{t:.2f}" for t in times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="?", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    root = args.root.resolve()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed: see the README set-up")
    env = {**os.environ, "PYTHONPATH": str(root)}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        # The .docx LibreOffice converts is always this checkout's Word edition.
        subprocess.run([sys.executable, "-m", "generator", "build", EXAMPLE, "--format", "docx",
                        "--out", str(out)], check=True, capture_output=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
        subprocess.run([sys.executable, "-c", PRINT_HTML, EXAMPLE, str(out / "print.html")],
                       check=True, capture_output=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
        docx = out / "songjiang-yibao-2025.docx"
        floor = [sys.executable, "-c", FLOOR, str(out / "print.html"),
                 str(out / "floor.pdf")]
        ours = [sys.executable, "-m", "generator", "build", EXAMPLE, "--format", "pdf",
                "--out", str(out / "ours")]
        theirs = [soffice, "--headless", f"-env:UserInstallation=file://{out}/lo",
                  "--convert-to", "pdf", "--outdir", str(out / "lo"), str(docx)]
        timed(ours, env, root)  # warm-up
        timed(theirs, env, root)
        timed(floor, env, root)
        ours_s, theirs_s, floor_s = [], [], []
        for _ in range(args.runs):
            ours_s.append(timed(ours, env, root))
            theirs_s.append(timed(theirs, env, root))
            floor_s.append(timed(floor, env, root))
        pdf = out / "ours" / "songjiang-yibao-2025.pdf"
        size = pdf.stat().st_size
    ours_m, theirs_m = statistics.median(ours_s), statistics.median(theirs_s)
    floor_m = statistics.median(floor_s)
    print(f"example                     {EXAMPLE}, runs {args.runs} (+1 warm-up), interleaved")
    print(f"checkout                    {root}")
    print(f"budgetgen build --format pdf s   median {ours_m:.2f}  all {_all(ours_s)}")
    print(f"libreoffice docx->pdf s          median {theirs_m:.2f}  all {_all(theirs_s)}")
    print(f"weasyprint alone html->pdf s     median {floor_m:.2f}  all {_all(floor_s)}")
    print(f"pdf bytes                   {size:,}")
    print(f"ratio ours / libreoffice    {ours_m / theirs_m:.2f}   (no longer the target: issue 16)")
    print(f"ratio ours / weasyprint     {ours_m / floor_m:.2f}   target <= 1.1 (issue 16 (b))")
    print(f"ratio floor / libreoffice   {floor_m / theirs_m:.2f}   "
          "(WeasyPrint alone: the best any WeasyPrint build can do)")


if __name__ == "__main__":
    main()
