"""What a bureau publishing many books in a day feels (issue 16, targets (a) and (c)).

In one run:

* (a) ``batch`` of N generated unit books (HTML, PDF and Word) with 2 workers, against
  LibreOffice converting the same N .docx files to PDF in one ``soffice`` call: books per minute
  of each and their ratio. Target: ours at least 0.65× LibreOffice's rate.
* (c) the peak memory of a batch worker (target at most 450 MB), and of ``build --format
  html,pdf,docx`` of one 2,000-line book in a fresh process (target at most 600 MB).

    python3 benchmarks/throughput.py [N] [ROUNDS]      # default 30 books, 3 rounds

The machine is shared and noisy: each round runs the two sides back to back on the same books
and gives one ratio; the median of the rounds' ratios is the figure.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.batch import FORMATS, generate, timed_run  # noqa: E402
from tests.stress import stress_book  # noqa: E402


def books_per_minute(count: int, seconds: float) -> float:
    return 60 * count / seconds


def timed_pair(books: Path, work: Path, soffice: str, count: int) -> tuple[float, float, float]:
    """One round: ``batch`` of the books with 2 workers, then one ``soffice`` call converting
    the .docx it wrote. Returns both wall times and the batch workers' peak memory (MB)."""
    out, lo = work / "out", work / "lo"
    ours, outcomes = timed_run(books, out, 2)
    failed = [o for o in outcomes if o.status != "built"]
    assert not failed, failed[0]
    worker_mb = max(o.peak_kb for o in outcomes) / 1024
    docx = sorted(out.glob("*.docx"))
    assert len(docx) == count, len(docx)
    start = time.perf_counter()
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{work}/profile",
                    "--convert-to", "pdf", "--outdir", str(lo), *map(str, docx)],
                   capture_output=True, check=True, timeout=3600)
    theirs = time.perf_counter() - start
    assert len(list(lo.glob("*.pdf"))) == count
    return ours, theirs, worker_mb


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) is not installed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        books = Path(tmp) / "books"
        books.mkdir()
        generate(books, count)
        # First, before any other child: the largest child (and its engine) sets ru_maxrss.
        big = stress_book(Path(tmp) / "big.yaml", lines=2000, projects=20)
        subprocess.run([sys.executable, "-m", "generator", "build", str(big), "--format",
                        ",".join(FORMATS), "--out", str(Path(tmp) / "big")],
                       capture_output=True, check=True, cwd=ROOT, timeout=3600)
        big_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        # Rounds of the pair, back to back: the machine's speed drifts between rounds, so each
        # round's ratio is taken on its own and the median ratio is the figure.
        ratios, worker_mb = [], 0.0
        print(f"books {count} ({', '.join(FORMATS)}), {rounds} rounds of batch --jobs 2 then "
              "one soffice call")
        for number in range(1, rounds + 1):
            work = Path(tmp) / f"round{number}"
            ours, theirs, peak = timed_pair(books, work, soffice, count)
            ours_rate, theirs_rate = books_per_minute(count, ours), books_per_minute(count, theirs)
            ratios.append(ours_rate / theirs_rate)
            worker_mb = max(worker_mb, peak)
            print(f"round {number}: ours {ours:.1f} s {ours_rate:.1f} books/min, soffice "
                  f"{theirs:.1f} s {theirs_rate:.1f} books/min, ratio {ratios[-1]:.2f}")
            shutil.rmtree(work)
    print(f"(a) ratio ours / libreoffice  median {statistics.median(ratios):.2f} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f})   target >= 0.65")
    print(f"(c) peak per batch worker MB  {worker_mb:.0f}   target <= 450")
    print(f"(c) 2,000-line book peak MB   {big_mb:.0f}   target <= 600")
    return 0


if __name__ == "__main__":
    sys.exit(main())
