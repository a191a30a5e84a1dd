"""Free text from the data (a string, or paragraphs and lists) turned into blocks."""

from __future__ import annotations

from generator.publication.model import Block, ItemList, ListItem, Paragraph, Text
from generator.publication.wording import cn_number
from generator.source.types import ListBlock

RawText = str | list[str | ListBlock]


def label(numbering: str, n: int) -> str:
    """The printed number of item ``n`` (1-based) in a list numbered like ``numbering``."""
    match numbering:
        case "1、":
            return f"{n}、"
        case "1.":
            return f"{n}."
        case "（1）":
            return f"（{n}）"
        case "（一）":
            return f"（{cn_number(n)}）"
        case "一、":
            return f"{cn_number(n)}、"
        case "a.":
            return f"{chr(ord('a') + n - 1)}."
    return ""


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a string: split on blank lines, inner line breaks joined."""
    chunks = [chunk.strip() for chunk in text.replace("\r\n", "\n").split("\n\n")]
    return ["".join(line.strip() for line in chunk.splitlines()) for chunk in chunks if chunk]


def blocks(value: RawText | None) -> tuple[Block, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(Paragraph((Text(p),)) for p in paragraphs(value))
    out: list[Block] = []
    for part in value:
        if isinstance(part, ListBlock):
            items = tuple(
                ListItem(label(part.numbering, i), (Text(item.strip()),))
                for i, item in enumerate(part.items, start=1)
            )
            out.append(ItemList(items))
        else:
            out.extend(Paragraph((Text(p),)) for p in paragraphs(part))
    return tuple(out)


def lines(value: RawText | None) -> str:
    """The text as newline-separated paragraphs (list items with their labels), for table cells."""
    out: list[str] = []
    for block in blocks(value):
        if isinstance(block, Paragraph):
            out.append(block.plain)
        elif isinstance(block, ItemList):
            out.extend(item.label + "".join(r.text for r in item.runs if isinstance(r, Text))
                       for item in block.items)
    return "\n".join(out)
