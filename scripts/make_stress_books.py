"""Write the stress books (tests/stress.py) into a folder, to build and check them by hand:

    python3 scripts/make_stress_books.py /tmp/stress
    python3 -m generator build /tmp/stress/*.yaml --format pdf,html --out /tmp/stress/out
    python3 scripts/check_overflow.py /tmp/stress/out/*.pdf

Four books: ten-figure totals over 64 lines and 20 projects with their 申报表, the same in whole
yuan (4 projects), 13-digit figures (the most the data allows), and a small book.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.stress import STANDARD, stress_book  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for name, options in STANDARD.items():
        print(stress_book(out / f"{name}.yaml", **options))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
