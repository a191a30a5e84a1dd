"""Render the page images of the guide (docs/images/*.png) from the example book.

Builds data/songjiang-yibao-2025.yaml as PDF, and the corrected edition the 更正版 page of the
guide makes from it (its ``# 文件：`` block applied to a copy), in a temporary folder; then
renders the cover, 表1 and the 更正说明 with ``pdftoppm -png -r 50`` (poppler-utils). Pages are
found by their words, not their numbers, so a book that grows a page still gives the right ones.
The validation report of a fresh starter file (``init --year 2025``) is photographed with the
Debian ``chromium`` in headless mode, 800 × 700 px.

    python3 scripts/make_guide_images.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.guide_blocks import EDIT_FILE, blocks, merge  # noqa: E402

IMAGES = ROOT / "docs" / "images"
BOOK = "songjiang-yibao-2025.yaml"
# image name → (which PDF, the page's title (None: the cover), crop height in pixels or 0)
WANTED: dict[str, tuple[str, str | None, int]] = {
    "cover.png": ("first", None, 0),
    "table1.png": ("first", "财务收支预算总表", 0),
    "correction-note.png": ("corrected", "更正说明", 250),
}


def _build(folder: Path, name: str) -> Path:
    subprocess.run([sys.executable, "-m", "generator", "build", name, "--format", "pdf"],
                   cwd=folder, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return folder / "output" / name.replace(".yaml", ".pdf")


def _page(pdf: Path, words: str | None) -> int:
    """The first page one of whose first two lines ends with ``words`` (the 目录 aside);
    ``None``: the cover."""
    number = 1
    while words is not None:
        done = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{pdf.name}：找不到标题为「{words}」的页")
        lines = ["".join(line.split()) for line in done.stdout.splitlines() if line.strip()][:2]
        if lines and lines[0] != "目录" and any(line.endswith(words) for line in lines):
            return number
        number += 1
    return number


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(ROOT / "data" / BOOK, folder / BOOK)
        corrected = None
        for block in blocks(ROOT / "docs" / "corrections.md"):
            edit = EDIT_FILE.match(block.first_line)
            if block.lang == "yaml" and edit:
                corrected = edit.group(1)
                text = (folder / BOOK).read_text(encoding="utf-8")
                (folder / corrected).write_text(merge(text, block.text), encoding="utf-8")
        assert corrected, "docs/corrections.md 中没有「# 文件：」示例"
        pdfs = {"first": _build(folder, BOOK), "corrected": _build(folder, corrected)}
        for image, (which, words, height) in WANTED.items():
            page = _page(pdfs[which], words)
            crop = ["-x", "0", "-y", "0", "-W", "413", "-H", str(height)] if height else []
            stem = folder / image.removesuffix(".png")
            subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page),
                            "-singlefile", *crop, str(pdfs[which]), str(stem)], check=True)
            shutil.copy(stem.with_suffix(".png"), IMAGES / image)
            print(f"{image}: {which} 第{page}页")
        _report(folder)
    return 0


def _report(folder: Path) -> None:
    """report.png: the top of the HTML validation report of an unfilled starter file."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["init", "我的预算.yaml", "--year", "2025"],
                 ["validate", "--format", "html", "-o", "校验报告.html", "我的预算.yaml"]):
        subprocess.run([sys.executable, "-m", "generator", *args], cwd=folder, env=env)
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=800,700", f"--screenshot={IMAGES / 'report.png'}",
                    (folder / "校验报告.html").as_uri()], check=True, capture_output=True)
    print("report.png: 我的预算.yaml 的校验报告")


if __name__ == "__main__":
    sys.exit(main())
