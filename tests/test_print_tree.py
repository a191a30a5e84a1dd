"""The print HTML parsed by lxml (writers/print_tree.py) is the tree WeasyPrint's own parser
makes, node for node: same tags, attributes, text and tails, so the PDF cannot differ."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tinyhtml5

from generator.pipeline import publish, validate
from generator.writers import html
from generator.writers.print_tree import parse
from tests.helpers import DATA, TESTDATA
from tests.stress import stress_file

BOOKS = [*sorted(DATA.glob("*.yaml")), *sorted((TESTDATA / "shapes").glob("*.yaml"))]


def _nodes(element: Any) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for node in element.iter():
        out.append((node.tag, sorted(node.attrib.items()), node.text, node.tail))
    return out


def _same_as_weasyprint(markup: str) -> None:
    ours = _nodes(parse(markup))
    theirs = _nodes(tinyhtml5.parse(markup, namespace_html_elements=False))
    assert len(ours) == len(theirs)
    for mine, reference in zip(ours, theirs, strict=True):
        assert mine == reference


def _print_markup(path: Path) -> str:
    result = validate(str(path))
    assert result.book is not None, path
    return html.render(publish(result), print_edition=True)


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.stem)
def test_every_book_parses_to_weasyprints_tree(path: Path) -> None:
    _same_as_weasyprint(_print_markup(path))


@pytest.mark.parametrize("name", ["stress-whole-yuan", "stress-thirteen-digits"])
def test_stress_books_parse_to_weasyprints_tree(name: str) -> None:
    _same_as_weasyprint(_print_markup(stress_file(name)))


def test_comments_entities_void_elements_and_whitespace() -> None:
    markup = ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<title>甲&amp;乙</title>\n</head>\n<body>\n<!-- 注 -->尾\n<p>一<br>二<wbr>三 &lt;b&gt;"
              " &#34;引&#39; 　全角</p>\n<table>\n<colgroup><col style=\"width:50%\"><col></colgroup>\n"
              "<tbody>\n<tr><td>1</td><td class=\"amount\">2,000.00</td></tr>\n</tbody>\n</table>\n"
              "<p>末<!-- x -->段</p>\n</body>\n</html>\n")
    _same_as_weasyprint(markup)
    root = parse(markup)
    assert root.find("head/title").text == "甲&乙"
    assert "".join(root.find("body/p").itertext()) == "一二三 <b> \"引' 　全角"
