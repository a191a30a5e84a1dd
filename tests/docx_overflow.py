"""A small overflow check for tests of the Word edition: in a PDF (LibreOffice's PDF of our
.docx), does any word of text cross a vertical table rule, or sit closer to one than the
cell padding allows?

A figure too wide for its column runs over the rule into the next cell (two bold totals read
as one: "5,596,578.284,103,168.08"): pdfplumber then extracts one word whose box a rule cuts.
Only rules whose vertical extent covers the word's middle count (a rule of another row does
not). The branch that owns the PDF edition has a fuller checker (glyph boxes against every
rule, with table and cell); this one answers the question the Word tests ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber


@dataclass(frozen=True)
class Crossing:
    page: int
    text: str
    rule: str  # "x=…" for a vertical rule, "y=…" for a horizontal one
    gap: float  # distance from the rule to the nearer word edge; negative when crossing


def _check(page: int, word: dict[str, Any], rules: list[dict[str, Any]], vertical: bool,
           min_gap: float) -> list[Crossing]:
    lo, hi = ("x0", "x1") if vertical else ("top", "bottom")
    across_lo, across_hi = ("top", "bottom") if vertical else ("x0", "x1")
    middle = (word[across_lo] + word[across_hi]) / 2
    out = []
    for rule in rules:
        if not rule[across_lo] <= middle <= rule[across_hi]:
            continue
        at = rule[lo]
        if word[lo] < at < word[hi]:
            gap = -min(at - word[lo], word[hi] - at)
        else:
            gap = word[lo] - at if at <= word[lo] else at - word[hi]
        if gap < min_gap:
            out.append(Crossing(page, word["text"], f"{'x' if vertical else 'y'}={at:.1f}", gap))
    return out


def crossings(path: Path, min_gap: float = 0.0, min_gap_vertical: float = 0.0) -> list[Crossing]:
    """Words that a table rule cuts, or that come within ``min_gap`` pt of a vertical rule
    (left, right) or ``min_gap_vertical`` pt of a horizontal one (above, below)."""
    found: list[Crossing] = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            upright = [e for e in page.edges if abs(e["x0"] - e["x1"]) < 0.01
                       and e["bottom"] - e["top"] > 2]
            flat = [e for e in page.edges if abs(e["top"] - e["bottom"]) < 0.01
                    and e["x1"] - e["x0"] > 2]
            if not upright:
                continue
            for word in page.extract_words(x_tolerance=1, keep_blank_chars=False):
                found += _check(number, word, upright, True, min_gap)
                found += _check(number, word, flat, False, min_gap_vertical)
    return found
