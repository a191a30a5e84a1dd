"""The HTML edition: well-formed, self-contained, every figure traceable, text escaped."""

from __future__ import annotations

import dataclasses
import difflib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.display import amount_cell, fact_text
from generator.publication.model import Paragraph, Text
from generator.writers import html
from tests.helpers import publication

GOLDEN = Path(__file__).resolve().parent / "golden"
VOID = {"meta", "br", "wbr", "col", "link", "img", "hr", "input"}


class _Checker(HTMLParser):
    """Checks nesting and collects (data-fact, text) pairs, h1–h4 and table captions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.facts: list[tuple[str, str]] = []
        self.open_fact: list[tuple[str, list[str], int]] = []  # (id, text, depth)
        self.headings: list[str] = []
        self.requests: list[str] = []
        self.tags: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        found = dict(attrs)
        for key in ("src", "href"):
            value = found.get(key) or ""
            if key in found and not value.startswith("#"):
                self.requests.append(value)
        if tag in VOID:
            return
        self.stack.append(tag)
        if "data-fact" in found:
            self.open_fact.append((found["data-fact"] or "", [], len(self.stack)))
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
            return
        if self.open_fact and self.open_fact[-1][2] == len(self.stack):
            fact, text, _ = self.open_fact.pop()
            self.facts.append((fact, "".join(text)))
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for _, parts, _ in self.open_fact[-1:]:
            parts.append(data)


def _check(key: str) -> tuple[_Checker, str]:
    page = html.render(publication(key))
    checker = _Checker()
    checker.feed(page)
    checker.close()
    return checker, page


def _expected_figures(key: str) -> dict[str, str]:
    pub = publication(key)
    expected = {fid: fact_text(fact) for fid, fact in pub.facts().items()}
    for table in pub.tables.values():
        for row in table.rows:
            for cell in row.cells:
                if cell.fact:
                    expected[cell.fact] = amount_cell(cell.amount, table.unit, table.decimals,
                                                      table.blank_zero)
    return expected


@pytest.mark.parametrize("key", ["000", "001", "004"])
def test_html_is_well_formed_and_self_contained(key: str) -> None:
    checker, page = _check(key)
    assert checker.errors == [] and checker.stack == []
    assert checker.requests == []  # no src/href leaves the file
    assert "<style>" in page and "<link" not in page and "<script" not in page
    assert checker.headings.count("h1") == 1
    assert checker.tags["caption"] == len(publication(key).tables)
    assert 'scope="col"' in page or key == "004"


@pytest.mark.parametrize("key", ["000", "001", "004"])
def test_every_figure_carries_its_identity(key: str) -> None:
    checker, _ = _check(key)
    expected = _expected_figures(key)
    found = dict(checker.facts)
    assert len(checker.facts) == len(found)  # every identity is used once
    assert found == expected


def test_facts_trace_to_the_data() -> None:
    checker, _ = _check("000")
    found = dict(checker.facts)
    assert found["表2/2101501/合计"] == "2,842,513.12"
    assert found["表9/三公/公务接待费"] == "0.30"
    assert found["说明/收入/财政拨款/增减率"] == "4.25"


def test_text_from_the_data_is_escaped() -> None:
    pub = publication("000")
    hostile = Paragraph((Text('<script>alert("x")</script> & <b>粗</b>'),))
    first = pub.sections[0]
    pub = dataclasses.replace(pub, sections=(
        dataclasses.replace(first, blocks=(hostile, *first.blocks)), *pub.sections[1:]))
    page = html.render(pub)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;粗&lt;/b&gt;" in page


def test_toc_links_every_part_and_table() -> None:
    _, page = _check("000")
    for target in ("functions", "organisation", "glossary", "explanation", "tables", "other",
                   "projects", *(f"table-{i}" for i in range(1, 10))):
        assert f'<a href="#{target}">' in page and f'id="{target}"' in page


def test_golden_html(update_golden: bool) -> None:
    """The whole 000 book as HTML, against tests/golden (update with --update-golden)."""
    golden = GOLDEN / "songjiang-yibao-2025.html"
    page = html.render(publication("000"))
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(page, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if page != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), page.splitlines(True),
                                            "golden", "rendered", n=2))
        pytest.fail(f"HTML differs from {golden.name} (run pytest --update-golden if intended):"
                    f"\n{diff[:6000]}")


def test_row_labels_are_pinned_for_a_phone() -> None:
    """The name column of each label run is pinned (class ``pin``); the codes before it and the
    figures are not; 合计 across 类/款/项 and 名称 pulls its code part back past the edge."""
    from generator.writers.layout import layout
    from generator.writers.sticky import pins

    tables = publication("000").tables
    t2 = tables["表2"]
    marks = pins(t2, layout(t2))
    widths = layout(t2).widths
    assert marks[1] == [None, 0.0, None, None, None, None, None]  # 编码 | 名称 | figures
    assert marks[2] == [None, None, None]  # 类 款 项
    first = marks[len(t2.header)]
    assert first[:4] == [None, None, None, 0.0] and set(first[4:]) == {None}
    total = next(i for i, row in enumerate(t2.rows) if row.kind == "total")
    assert marks[len(t2.header) + total][0] == pytest.approx(sum(widths[:3]))
    t1 = tables["表1"]
    body = pins(t1, layout(t1))[len(t1.header)]
    assert body == [0.0, None, 0.0, None, None, None, None]  # 收入 and 支出 labels
    page = html.render(publication("000"))
    assert '<td class="pin">社会保障和就业支出</td>' in page


class _Events(HTMLParser):
    """Every start tag (with its attributes), end tag and text run, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag, {}))

    def handle_data(self, data: str) -> None:
        self.events.append(("text", data, {}))


def _events(page: str) -> list[tuple[str, str, dict[str, str | None]]]:
    parser = _Events()
    parser.feed(page)
    parser.close()
    return parser.events


@pytest.mark.parametrize("key", ["000", "004"])
def test_print_html_differs_from_the_html_edition_in_attributes_only(key: str) -> None:
    """What WeasyPrint lays out is the HTML edition, element for element and text for text,
    without the attributes only an HTML reader uses (they cost WeasyPrint's parser time)."""
    pub = publication(key)
    edition, printed = _events(html.render(pub)), _events(html.render(pub, print_edition=True))
    assert [e[:2] for e in printed] == [e[:2] for e in edition]
    dropped: set[str] = set()
    for (_, tag, ours), (_, _, theirs) in zip(printed, edition, strict=True):
        ours, theirs = dict(ours), dict(theirs)
        our_classes = set((ours.pop("class", None) or "").split())
        their_classes = set((theirs.pop("class", None) or "").split())
        assert our_classes <= their_classes, tag
        dropped.update(f"class={name}" for name in their_classes - our_classes)
        assert ours.items() <= theirs.items(), tag
        dropped.update(f"{name}={value}" if name == "scope" else name
                       for name, value in theirs.items() - ours.items())
    used = {name for _, _, attrs in edition for name in attrs}
    assert {"data-fact", "data-value", "data-table", "aria-hidden"} & used <= dropped
    assert {"data-fact", "data-value", "aria-hidden"} <= used
    assert not any(name.startswith("data-") and name != "data-level"
                   for _, _, attrs in printed for name in attrs)
    assert "scope=row" not in dropped and "class=indent-1" not in dropped
    assert dropped <= {"data-fact", "data-value", "data-table", "aria-hidden", "scope=col",
                       "scope=colgroup", "class=amount", "class=pin", "style",
                       # the phone's cards (writers.phone)
                       "data-label", "data-side", "class=sides", "class=side-1",
                       "class=heading"}
