"""Benchmark the HTML and PDF editions of the 000 example (seed 000, 松江区医疗保障局 2025).

Prints seconds for validation+derivation, HTML and PDF (best and median of N runs in one
process, after one warm-up), pages and PDF bytes, beside the targets: HTML ≤ 0.3 s,
PDF ≤ 2.5 s, PDF ≤ 1 MB. Machines are shared and noisy: compare figures within one run.

    python3 benchmarks/render.py [RUNS]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import timed  # noqa: E402  (benchmarks/, beside this script)

from generator.pipeline import validate  # noqa: E402
from generator.publication.derive import derive  # noqa: E402
from generator.writers import html, pdf  # noqa: E402

EXAMPLE = ROOT / "data" / "songjiang-yibao-2025.yaml"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5

    def model() -> object:
        result = validate(str(EXAMPLE))
        assert result.book is not None
        return derive(result.book)

    t_model, m_model, publication = timed(model, runs)
    t_html, m_html, page = timed(lambda: html.write(publication), runs)  # type: ignore[arg-type]
    t_pdf, m_pdf, data = timed(lambda: pdf.write(publication), runs)  # type: ignore[arg-type]
    assert isinstance(data, bytes) and isinstance(page, bytes)
    import weasyprint

    pages = len(weasyprint.HTML(string=html.render(publication)).render().pages)  # type: ignore[arg-type]
    print(f"example            {EXAMPLE.name}")
    print(f"runs               {runs} (+1 warm-up)")
    print(f"validate+derive s  best {t_model:.3f}  median {m_model:.3f}")
    print(f"html s             best {t_html:.3f}  median {m_html:.3f}   target <= 0.3")
    print(f"pdf s              best {t_pdf:.3f}  median {m_pdf:.3f}   target <= 2.5")
    print(f"html bytes         {len(page):,}")
    print(f"pdf bytes          {len(data):,}   target <= 1,000,000")
    print(f"pdf pages          {pages}")


if __name__ == "__main__":
    main()
