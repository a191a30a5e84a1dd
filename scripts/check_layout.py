"""How cramped the names of the tables are, measured in one or more PDFs:

    python3 scripts/check_layout.py output/songjiang-yibao-2025.pdf [more.pdf …] [-v]

Prints per PDF, for the budget tables and the 申报表 forms apart, how many name cells (text, not
figures or headers) of up to 12 characters wrap at all, how many of 13–32 characters take
three lines or more, and how many longer ones take three and four lines or more; ``-v`` lists
the short and middle ones. Exits 1 if a name of up to 12 characters wraps. The measuring is
``tests/wraps.py``; it works on any PDF with ruled tables (WeasyPrint's or LibreOffice's).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.wraps import text_cells  # noqa: E402


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    paths = [a for a in argv if a != "-v"]
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    print(f"{'PDF':34} {'kind':6} {'≤12 wrapped':>11} {'13–32 ≥3 lines':>14} "
          f"{'>32 ≥3 lines':>12} {'>32 ≥4 lines':>12}")
    short_total = 0
    for path in paths:
        cells = [c for c in text_cells(path) if not c.header]
        for kind in ("tables", "forms"):
            chosen = [c for c in cells if ("申报表" in c.label) == (kind == "forms")]
            short = [c for c in chosen if len(c.text) <= 12 and c.lines >= 2]
            middle = [c for c in chosen if 12 < len(c.text) <= 32 and c.lines >= 3]
            long3 = sum(1 for c in chosen if len(c.text) > 32 and c.lines >= 3)
            long4 = sum(1 for c in chosen if len(c.text) > 32 and c.lines >= 4)
            short_total += len(short)
            print(f"{Path(path).name:34} {kind:6} {len(short):11} {len(middle):14} "
                  f"{long3:12} {long4:12}")
            if verbose:
                for cell in short + middle:
                    print(f"    {cell}")
    return 1 if short_total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
