"""Report every table cell whose text crosses a rule of its table, in one or more PDFs.

    python3 scripts/check_overflow.py output/songjiang-yibao-2025.pdf [more.pdf …]

Prints one line per overflow (page, table, cell, text, the rule crossed, by how many pt) and
exits 1 if there is any. Works on any PDF with ruled tables: budgetgen's (WeasyPrint) and
LibreOffice's PDF of the Word edition. The checker itself is ``tests/overflow.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.overflow import overflows  # noqa: E402


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    total = 0
    for path in paths:
        found = overflows(path)
        total += len(found)
        print(f"{path}: {len(found)} overflow(s)")
        for item in found:
            print(f"  {item}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
