"""Benchmark ``budgetgen batch`` on generated books.

Generates N varied unit books (alternately like the 000 and the 001 example, each with its own
name and figures), then, in one run: builds them with 1 worker and with 2 workers (HTML, PDF
and Word), rebuilds with nothing changed, and prints wall times, books per minute, the speed-up
of 2 workers over 1, and the peak memory of a worker. Targets on the 2-core machine: speed-up
≥ 1.7×; unchanged rebuild of 200 books < 2 s; peak memory per worker < 400 MB.

    python3 benchmarks/batch.py [N]        # default 200 books (about ten minutes)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import batch  # noqa: E402

FORMATS = ["html", "pdf", "docx"]
BASES = [
    (ROOT / "data" / "songjiang-yibao-2025.yaml", '{科目: "2101502", 项目支出: 896494.00}',
     '{{科目: "2101502", 项目支出: {:.2f}}}', 896494),
    (ROOT / "data" / "yangpu-yibao-2024.yaml", '科目: "2101599"\n    项目支出: 8012500',
     '科目: "2101599"\n    项目支出: {}', 8012500),
]


def generate(directory: Path, count: int) -> None:
    texts = [(path.read_text(encoding="utf-8"), old, new, base) for path, old, new, base in BASES]
    for i in range(count):
        text, old, new, base = texts[i % 2]
        assert text.count(old) == 1 and text.count("单位:\n  名称: ") == 1
        varied = text.replace(old, new.format(base + 100 * i)).replace(
            "单位:\n  名称: ", f"单位:\n  名称: 示例{i:03d}号", 1)
        (directory / f"book-{i:03d}.yaml").write_text(varied, encoding="utf-8")


def quiet(*_: object) -> None:
    pass


def timed_run(books: Path, out: Path, jobs: int) -> tuple[float, list[batch.Outcome]]:
    start = time.perf_counter()
    outcomes = batch.run(books, out, FORMATS, jobs, progress=quiet)
    return time.perf_counter() - start, outcomes


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        books = Path(tmp) / "books"
        books.mkdir()
        generate(books, count)
        results = {}
        for jobs in (1, 2):
            out = Path(tmp) / f"out{jobs}"
            seconds, outcomes = timed_run(books, out, jobs)
            failed = [o for o in outcomes if o.status != "built"]
            assert not failed, failed[0]
            results[jobs] = (seconds, max(o.peak_kb for o in outcomes))
        rebuild, outcomes = timed_run(books, Path(tmp) / "out2", 2)
        assert all(o.status == "skipped" for o in outcomes)
        shutil.rmtree(books)
    one, two = results[1][0], results[2][0]
    print(f"books                     {count} ({', '.join(FORMATS)})")
    print(f"jobs 1  wall s            {one:.1f}   books/min {60 * count / one:.1f}")
    print(f"jobs 2  wall s            {two:.1f}   books/min {60 * count / two:.1f}")
    print(f"speed-up 2 over 1         {one / two:.2f}x   target >= 1.7")
    print(f"unchanged rebuild s       {rebuild:.2f}   target < 2 (for 200 books)")
    print(f"peak memory per worker MB {results[1][1] / 1024:.0f} (jobs 1), "
          f"{results[2][1] / 1024:.0f} (jobs 2)   target < 400")


if __name__ == "__main__":
    main()
