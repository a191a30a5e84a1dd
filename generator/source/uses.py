"""The text of a use (科目说明, 公务接待费用途), which the book prints after “主要用于”."""

from __future__ import annotations


def use_text(text: str | None) -> str | None:
    """A use (科目说明, 公务接待费用途) as printed after “主要用于”, before the full stop: a
    leading “主要用于” or “用于” and a closing stop written in the data are dropped, so neither
    is printed twice; ``None`` when nothing is left."""
    if not text:
        return None
    text = text.strip()
    for verb in ("主要用于", "用于"):
        if text.startswith(verb):
            text = text[len(verb):].lstrip("：:，, ")
            break
    return text.rstrip("。；;，,、 ") or None
