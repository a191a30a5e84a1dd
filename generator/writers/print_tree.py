"""The print HTML parsed into the tree WeasyPrint lays out, about ten times faster than
WeasyPrint's own parser.

WeasyPrint parses HTML with tinyhtml5, an HTML5 parser in pure Python: a quarter of a second
for a 22-page book, every time a book is printed. The print HTML is our own template's output,
well formed, so libxml2's parser (lxml, in C) reads it into the same elements, attributes and
text; this module copies that into the ``xml.etree`` tree tinyhtml5 would have made, down to
where the HTML5 rules put the whitespace around ``<head>`` and ``<body>``.
``tests/test_print_tree.py`` checks the two trees are equal, node for node, for every example,
shape and stress book.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any


def parse(markup: str) -> ET.Element:
    """The ``<html>`` element of ``markup`` (a whole document), as tinyhtml5 parses it with
    ``namespace_html_elements=False``."""
    import lxml.html

    document = lxml.html.document_fromstring(markup)
    root = _copy(document)
    # The HTML5 tree builder drops whitespace before <head> and moves whitespace after </body>
    # (and after </html>, which libxml2 drops) into the body, at its end.
    root.text = None
    body = root.find("body")
    if body is not None:
        stripped = markup.rstrip()
        after = markup[len(stripped):] if stripped[-7:].lower() == "</html>" else ""
        if body.tail is not None or after:
            _append_text(body, (body.tail or "") + after)
        body.tail = None
    return root


# Elements that never have content in HTML. libxml2 does not know all of them (``<wbr>``), and
# may put what follows inside; the HTML5 parser puts it after.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})


def _copy(source: Any) -> ET.Element:
    element = ET.Element(source.tag, dict(source.attrib))
    element.text = source.text
    for child in source:
        element.extend(_nodes(child))
    return element


def _nodes(source: Any) -> list[ET.Element]:
    """``source`` (with its tail) as the nodes the HTML5 parser makes of it."""
    if not isinstance(source.tag, str):  # a comment stays a comment; WeasyPrint skips them
        comment: ET.Element = ET.Comment(source.text)  # type: ignore[assignment]
        comment.tail = source.tail
        return [comment]
    if source.tag not in VOID:
        element = _copy(source)
        element.tail = source.tail
        return [element]
    void = ET.Element(source.tag, dict(source.attrib))
    void.tail = source.text
    out = [void]
    for child in source:
        out.extend(_nodes(child))
    if source.tail is not None:
        out[-1].tail = (out[-1].tail or "") + source.tail
    return out


def _append_text(element: ET.Element, text: str) -> None:
    """``text`` at the end of ``element``'s content."""
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text
