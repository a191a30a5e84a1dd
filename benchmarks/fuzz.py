"""Run N seeded fuzz cases (tests/fuzz.py) and print the table of outcomes.

Each case mutates an example book and runs ``validate``, ``build`` (html, docx, json, and pdf in
a quarter of the build cases) or ``diff`` on it in a child process, checking: no traceback,
never exit 3, exit 1 always with a located finding, no partial or stray output, < 10 s and
< 500 MB (the 10 s on CPU time; the wall time, inflated on a shared machine, is printed
beside it). A failing case is reproduced from its seed alone:

    python3 benchmarks/fuzz.py [N] [--start S] [--jobs J]   # default 10000 cases, 2 jobs
    python3 benchmarks/fuzz.py --show SEED                   # print one case's file and command
    python3 benchmarks/fuzz.py 10000 --only build+pdf        # of those seeds, the PDF builds only

``--only`` reruns one kind of case (``validate``, ``diff``, ``build``, ``build+pdf``) of the same
seeds after a change that only that kind exercises (a writer's, say).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz import Case, Result, make_case, run_case  # noqa: E402

BUILD_SHARE, DIFF_SHARE, PDF_SHARE = 0.15, 0.1, 0.25


Row = tuple[int, str, int, float, float, float, list[str], str]  # seed kind exit wall cpu MB found first


def _work(seeds: list[int]) -> list[Row]:
    import generator.cli  # noqa: F401  (imported once: each case forks from here)

    rows = []
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        for seed in seeds:
            case = make_case(seed, BUILD_SHARE, DIFF_SHARE, PDF_SHARE)
            result: Result = run_case(case, Path(tmp))
            kind = _kind(case)
            rows.append((seed, kind, result.exit, result.seconds, result.cpu, result.peak_mb,
                         result.violations, result.first_line))
    return rows


def _kind(case: Case) -> str:
    return case.command + ("+pdf" if "pdf" in case.formats else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, metavar="SEED")
    parser.add_argument("--only", choices=("validate", "diff", "build", "build+pdf"))
    args = parser.parse_args()
    if args.show is not None:
        case = make_case(args.show, BUILD_SHARE, DIFF_SHARE, PDF_SHARE)
        target = Path(f"fuzz-{args.show}{Path(case.relpath).suffix}")
        target.write_bytes(case.content)
        print(f"{target}: {case.command} {','.join(case.formats)} (from {case.base.name})")
        print("\n".join(case.mutations))
        return 0
    seeds = list(range(args.start, args.start + args.count))
    if args.only is not None:
        seeds = [seed for seed in seeds if _kind(make_case(seed, BUILD_SHARE, DIFF_SHARE,
                                                            PDF_SHARE)) == args.only]
    chunks = [seeds[i:i + 50] for i in range(0, len(seeds), 50)]
    started = time.perf_counter()
    rows = []
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        for done in pool.imap_unordered(_work, chunks):
            rows += done
            if len(rows) % 500 < 50:
                print(f"… {len(rows)}/{len(seeds)} cases, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)
    report(rows, time.perf_counter() - started)
    return 1 if any(row[6] for row in rows) else 0


def report(rows: list[Row], wall: float) -> None:
    outcomes = Counter((kind, code) for _, kind, code, *_ in rows)
    print(f"{len(rows)} cases in {wall:.0f} s")
    print(f"{'command':<14}{'exit 0':>8}{'exit 1':>8}{'exit 2':>8}{'exit 3':>8}{'other':>8}")
    for kind in sorted({k for k, _ in outcomes}):
        counts = [outcomes[(kind, c)] for c in (0, 1, 2, 3)]
        other = sum(n for (k, c), n in outcomes.items() if k == kind and c not in (0, 1, 2, 3))
        print(f"{kind:<14}" + "".join(f"{n:>8}" for n in [*counts, other]))
    for label, index in (("wall seconds", 3), ("CPU seconds", 4), ("peak MB", 5)):
        values = sorted(row[index] for row in rows)  # type: ignore[misc]
        print(f"{label}: median {statistics.median(values):.2f}, p99 {values[int(len(values) * .99)]:.2f}, "
              f"max {values[-1]:.2f}")
    print(f"wall > 10 s (shared machine): {sum(1 for row in rows if row[3] > 10)}")
    violations = Counter(v for row in rows for v in row[6])
    for name in ("traceback", "exit 3", "exit 1 without a located finding", "exit 2 without a message",
                 "partial or stray output", "wrote beside the data file", "slow", "memory"):
        print(f"{name:<36}{violations.pop(name, 0):>6}")
    for name, count in violations.items():
        print(f"{name:<36}{count:>6}")
    for seed, kind, code, secs, cpu, peak, found, first in sorted(rows):
        if found:
            print(f"  seed {seed} {kind} exit {code} {secs:.1f}s (CPU {cpu:.1f}s) {peak:.0f}MB {found}: "
                  f"{first[:160]}")


if __name__ == "__main__":
    sys.exit(main())
