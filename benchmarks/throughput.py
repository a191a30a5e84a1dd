"""What a bureau publishing many books in a day feels (issue 16, targets (a) and (c)).

In one run:

* (a) ``batch`` of N generated unit books (HTML, PDF and Word) with 2 workers, against
  LibreOffice converting the same N .docx files to PDF in one ``soffice`` call: books per minute
  of each and their ratio. Target: ours at least 0.65× LibreOffice's rate.
* (c) the peak memory of a batch worker (target at most 450 MB), and of ``build --format
  html,pdf,docx`` of one 2,000-line book in a fresh process (target at most 600 MB).

    python3 benchmarks/throughput.py [N]      # default 30 books

The machine is shared and noisy: the ratio is measured within one run, the two sides back to
back on the same books.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.batch import generate, quiet  # noqa: E402
from generator import batch  # noqa: E402
from tests.stress import stress_book  # noqa: E402

FORMATS = ["html", "pdf", "docx"]


def books_per_minute(count: int, seconds: float) -> float:
    return 60 * count / seconds


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) is not installed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        books, out, lo = Path(tmp) / "books", Path(tmp) / "out", Path(tmp) / "lo"
        books.mkdir()
        generate(books, count)
        # First, before any other child: the largest child (and its engine) sets ru_maxrss.
        big = stress_book(Path(tmp) / "big.yaml", lines=2000, projects=20)
        subprocess.run([sys.executable, "-m", "generator", "build", str(big), "--format",
                        ",".join(FORMATS), "--out", str(Path(tmp) / "big")],
                       capture_output=True, check=True, cwd=ROOT, timeout=3600)
        big_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        start = time.perf_counter()
        outcomes = batch.run(books, out, FORMATS, 2, progress=quiet)
        ours = time.perf_counter() - start
        failed = [o for o in outcomes if o.status != "built"]
        assert not failed, failed[0]
        worker_mb = max(o.peak_kb for o in outcomes) / 1024
        docx = sorted(out.glob("*.docx"))
        assert len(docx) == count, len(docx)
        start = time.perf_counter()
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", "pdf", "--outdir", str(lo), *map(str, docx)],
                       capture_output=True, check=True, timeout=3600)
        theirs = time.perf_counter() - start
        assert len(list(lo.glob("*.pdf"))) == count
    ours_rate, theirs_rate = books_per_minute(count, ours), books_per_minute(count, theirs)
    print(f"books                         {count} ({', '.join(FORMATS)})")
    print(f"batch --jobs 2                {ours:.1f} s   {ours_rate:.1f} books/min")
    print(f"soffice docx->pdf, one call   {theirs:.1f} s   {theirs_rate:.1f} books/min")
    print(f"(a) ratio ours / libreoffice  {ours_rate / theirs_rate:.2f}   target >= 0.65")
    print(f"(c) peak per batch worker MB  {worker_mb:.0f}   target <= 450")
    print(f"(c) 2,000-line book peak MB   {big_mb:.0f}   target <= 600")
    return 0


if __name__ == "__main__":
    sys.exit(main())
