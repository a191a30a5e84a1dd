"""A small overflow check for tests of the Word edition: in a PDF (LibreOffice's PDF of our
.docx), does any word of text cross a vertical table rule, or sit closer to one than the
cell padding allows?

A figure too wide for its column runs over the rule into the next cell (two bold totals read
as one: "5,596,578.284,103,168.08"): the page's characters then join into one word (as
pdfplumber's ``extract_words`` joins them) whose box a rule cuts. The pages are read once
through tests/snapshot.py, which the PDF checks share.
Only rules whose vertical extent covers the word's middle count (a rule of another row does
not). The branch that owns the PDF edition has a fuller checker (glyph boxes against every
rule, with table and cell); this one answers the question the Word tests ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


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
    from tests import snapshot

    found: list[Crossing] = []
    for page in snapshot.read(path).pages:
        edges = _edges(page)
        upright = [e for e in edges if abs(e["x0"] - e["x1"]) < 0.01 and e["bottom"] - e["top"] > 2]
        flat = [e for e in edges if abs(e["top"] - e["bottom"]) < 0.01 and e["x1"] - e["x0"] > 2]
        if not upright:
            continue
        for word in _words(page.chars):
            found += _check(page.number, word, upright, True, min_gap)
            found += _check(page.number, word, flat, False, min_gap_vertical)
    return found


def _edges(page: Any) -> list[dict[str, float]]:
    """The page's rules as pdfplumber's ``edges``: its lines, and each side of its rectangles."""
    out = [{k: line[k] for k in ("x0", "x1", "top", "bottom")} for line in page.lines]
    for r in page.rects:
        out += [{"x0": r["x0"], "x1": r["x1"], "top": r["top"], "bottom": r["top"]},
                {"x0": r["x0"], "x1": r["x1"], "top": r["bottom"], "bottom": r["bottom"]},
                {"x0": r["x0"], "x1": r["x0"], "top": r["top"], "bottom": r["bottom"]},
                {"x0": r["x1"], "x1": r["x1"], "top": r["top"], "bottom": r["bottom"]}]
    return out


def _words(chars: list[dict[str, Any]], x_tolerance: float = 1.0, y_tolerance: float = 3.0
           ) -> list[dict[str, Any]]:
    """Upright characters joined into words as pdfplumber's ``extract_words`` joins them: one
    line (tops within ``y_tolerance``), left to right, broken at blanks and at gaps wider than
    ``x_tolerance``."""
    words: list[dict[str, Any]] = []
    lines: list[list[dict[str, Any]]] = []
    for char in sorted((c for c in chars if c.get("upright", True)), key=lambda c: c["top"]):
        if lines and abs(char["top"] - lines[-1][0]["top"]) <= y_tolerance:
            lines[-1].append(char)
        else:
            lines.append([char])
    for line in lines:
        current: list[dict[str, Any]] = []
        for char in sorted(line, key=lambda c: c["x0"]):
            if char["text"].isspace():
                current = _flush(current, words)
                continue
            if current and char["x0"] > current[-1]["x1"] + x_tolerance:
                current = _flush(current, words)
            current.append(char)
        _flush(current, words)
    return words


def _flush(chars: list[dict[str, Any]], words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if chars:
        words.append({"text": "".join(c["text"] for c in chars),
                      "x0": min(c["x0"] for c in chars), "x1": max(c["x1"] for c in chars),
                      "top": min(c["top"] for c in chars), "bottom": max(c["bottom"] for c in chars)})
    return []
