"""Benchmark the Word edition of the 000 example against LibreOffice.

Prints, in one run: the .docx build time; LibreOffice's .docx → PDF conversion time (what users
do today to get a PDF from Word); our own PDF build time; and our PDF time divided by
LibreOffice's. Targets on the 2-core machine: .docx ≤ 1 s; our PDF ≤ 0.5 × LibreOffice.

    python3 benchmarks/word.py [RUNS]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import timed  # noqa: E402  (benchmarks/, beside this script)

from generator.pipeline import validate  # noqa: E402
from generator.publication.derive import derive  # noqa: E402
from generator.writers import docx, pdf  # noqa: E402

EXAMPLE = ROOT / "data" / "songjiang-yibao-2025.yaml"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed: see the README set-up")
    result = validate(str(EXAMPLE))
    assert result.book is not None
    publication = derive(result.book)
    best_docx, med_docx, _ = timed(lambda: docx.write(publication), runs)
    best_pdf, med_pdf, _ = timed(lambda: pdf.write(publication), runs)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "book.docx"
        source.write_bytes(docx.write(publication))
        profile = f"-env:UserInstallation=file://{tmp}/profile"

        def convert() -> None:
            subprocess.run([soffice, "--headless", profile, "--convert-to", "pdf", "--outdir",
                            tmp, str(source)], check=True, capture_output=True)

        best_lo, med_lo, _ = timed(convert, runs)
    print(f"example                 {EXAMPLE.name}, runs {runs} (+1 warm-up)")
    print(f"docx build s            best {best_docx:.3f}  median {med_docx:.3f}   target <= 1.0")
    print(f"libreoffice docx->pdf s best {best_lo:.3f}  median {med_lo:.3f}")
    print(f"our pdf build s         best {best_pdf:.3f}  median {med_pdf:.3f}")
    print(f"our pdf / libreoffice   {med_pdf / med_lo:.2f} (medians)   target <= 0.5")


if __name__ == "__main__":
    main()
