"""The fenced code blocks of the guide's Markdown pages, and the edits they describe.

Used by tests/test_guide.py (which runs them) and scripts/make_guide_images.py (which renders
the corrected edition the guide makes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

EDIT_FILE = re.compile(r"^#\s*文件：(\S+)\s*$")


@dataclass(frozen=True)
class Block:
    page: str
    line: int  # of the opening fence, 1-based
    lang: str
    text: str

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0]

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page, in order."""
    found: list[Block] = []
    lang, start, body = None, 0, []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            if lang is None:
                lang, start, body = line[3:].strip(), number, []
            else:
                found.append(Block(page.name, start, lang, "\n".join(body) + "\n"))
                lang = None
        elif lang is not None:
            body.append(line)
    assert lang is None, f"{page.name}:{start}: 代码块没有结束"
    return found


def _top_key(line: str) -> str | None:
    """The key of a top-level mapping line (``地区: …`` or, mistyped, ``地区：…``)."""
    if not line.strip() or line[0] in " \t#-":
        return None
    return re.split(r"[:：]", line, maxsplit=1)[0].strip().strip('"')


def merge(base: str, fragment: str) -> str:
    """``base`` with every top-level part ``fragment`` gives replaced by the fragment's text."""
    keys = {k for k in map(_top_key, fragment.splitlines()) if k}
    kept, skipping = [], False
    for line in base.splitlines():
        key = _top_key(line)
        if key is not None:
            skipping = key in keys
        if not skipping:
            kept.append(line)
    return "\n".join(kept) + "\n" + fragment
