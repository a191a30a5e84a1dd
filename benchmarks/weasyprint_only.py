"""WeasyPrint alone on our pre-rendered HTML: the floor of ``build --format pdf``.

Renders the print HTML of the 000 example once (this checkout's templates and CSS), then, in
fresh Python processes as a build runs it, times with ``time.process_time()`` (CPU time: the
machine is shared and noisy, wall time is not comparable) the three parts of the PDF writer:
``import weasyprint``, ``render`` (parse, cascade, layout, pagination) and ``write_pdf`` (paint,
font subsetting, PDF serialisation, tags), with the writer's options (tagged, cyclic GC paused).
Prints the median and every run of each part, the pages and the PDF bytes.

    python3 benchmarks/weasyprint_only.py [RUNS] [--html FILE ...] [--keep DIR]

``--html`` times other HTML files instead (e.g. a variant of the markup or CSS), interleaved run
by run, so two variants see the same machine load; ``--keep`` writes each file's PDF there to
compare the output (``pdftoppm``, ``pdftotext``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "songjiang-yibao-2025.yaml"
PARTS = ("import", "render", "write_pdf")

# One run, in a fresh process: argv[1] the HTML file, argv[2] where to write the PDF (or "").
CHILD = """
import gc, json, sys, time
gc.disable()
t0 = time.process_time()
import weasyprint
t1 = time.process_time()
def refuse(url, *args, **kwargs):
    raise ValueError(url)
text = open(sys.argv[1], encoding="utf-8").read()
document = weasyprint.HTML(string=text, url_fetcher=refuse, base_url=None).render()
t2 = time.process_time()
data = document.write_pdf(pdf_tags=True)
t3 = time.process_time()
if sys.argv[2]:
    open(sys.argv[2], "wb").write(data)
print(json.dumps({"import": t1 - t0, "render": t2 - t1, "write_pdf": t3 - t2,
                  "pages": len(document.pages), "bytes": len(data)}))
"""


def example_html(path: Path) -> Path:
    """Write the 000 example's print HTML (what the PDF writer lays out) to ``path``."""
    sys.path.insert(0, str(ROOT))
    from generator.pipeline import validate
    from generator.publication.derive import derive
    from generator.writers import html

    result = validate(str(EXAMPLE))
    assert result.book is not None
    path.write_text(html.render(derive(result.book), print_edition=True), encoding="utf-8")
    return path


def run_once(html_file: Path, pdf_file: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(html_file), pdf_file], check=True,
                         capture_output=True, text=True)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def _all(times: list[float]) -> str:
    return " ".join(f"{t:.2f}" for t in times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="?", type=int, default=5)
    parser.add_argument("--html", type=Path, nargs="+")
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = args.html or [example_html(Path(tmp) / "songjiang-yibao-2025.html")]
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
        for html_file in files:  # warm-up: bytecode caches, the font cache on disk
            run_once(html_file, "")
        runs: dict[Path, list[dict[str, float]]] = {f: [] for f in files}
        for i in range(args.runs):
            for html_file in files:
                keep = str(args.keep / f"{html_file.stem}.pdf") if args.keep and i == 0 else ""
                runs[html_file].append(run_once(html_file, keep))
    print(f"runs {args.runs} (+1 warm-up), fresh process each, CPU seconds (process_time)")
    for html_file, results in runs.items():
        print(f"{html_file.name}: {results[0]['pages']:.0f} pages, {results[0]['bytes']:,.0f} "
              "PDF bytes")
        totals = [r["render"] + r["write_pdf"] for r in results]
        for part in PARTS:
            times = [r[part] for r in results]
            print(f"  {part:<22} median {statistics.median(times):.3f}  all {_all(times)}")
        print(f"  {'render + write_pdf':<22} median {statistics.median(totals):.3f}  "
              f"all {_all(totals)}")


if __name__ == "__main__":
    main()
