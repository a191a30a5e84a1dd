"""Build books as PDF and Word, open the Word edition in LibreOffice, and check their pages:

    python3 scripts/check_pages.py data/*.yaml tests/data/shapes/*.yaml [--out DIR]

For each book: the page count of the PDF and of LibreOffice's PDF of the .docx, every 目录
entry of the Word edition whose heading is on another page, and every stub page (less than a
quarter of the text height used, beginning nothing) in either. Exits 1 if any book has a wrong
entry, a page count that differs or a stub page. The checks are ``tests/pages.py``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.pages import build_books  # noqa: E402


def main(argv: list[str]) -> int:
    out_dir = None
    if "--out" in argv:
        i = argv.index("--out")
        out_dir = Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not argv or soffice is None:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = out_dir or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        bad = 0
        for book in build_books([Path(a) for a in argv], out.resolve(), soffice):
            r = book.report()
            wrong, pdf_stubs, word_stubs = r["wrong"], r["pdf_stubs"], r["word_stubs"]
            assert isinstance(wrong, list) and isinstance(pdf_stubs, list)
            assert isinstance(word_stubs, list)
            same = r["pdf_pages"] == r["word_pages"]
            print(f"{book.name}: PDF {r['pdf_pages']} 页, Word {r['word_pages']} 页"
                  f"{'' if same else '（页数不同）'}; 目录错 {len(wrong)} 条; "
                  f"残页 PDF {len(pdf_stubs)} / Word {len(word_stubs)}")
            for item in wrong:
                print(f"  目录：{item}")
            for item in pdf_stubs:
                print(f"  PDF 残页：{item}")
            for item in word_stubs:
                print(f"  Word 残页：{item}")
            bad += len(wrong) + len(pdf_stubs) + len(word_stubs) + (not same)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
