"""Page-break rules shared by the PDF and Word editions: a 类/款 row stays with its first child,
the last rows with the 合计; a 申报表 keeps its merged blocks and 一级指标 groups whole and repeats
its indicator header; Word turns pages only where the orientation changes and prints the
forms' title once, with both goals set as wide as in the PDF."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache

from lxml import etree

from generator.pipeline import publish, validate
from generator.publication.model import Cell, Publication, Row, Table
from generator.writers import html, pdf
from generator.writers.keep import keeps_with_previous
from generator.writers.layout import layout
from tests.helpers import EXAMPLES, publication
from tests.parity import W
from tests.shelf import Shelf
from tests.stress import stress_file


@cache  # one publication per book: its layout is then made once for the module's tests
def _stress(name: str) -> Publication:
    result = validate(str(stress_file(name)))
    assert result.ok
    return publish(result)


def _row(level: int, name: str = "") -> Row:
    return Row((Cell(text=name),), level=level)


def test_a_parent_row_keeps_with_its_first_child_and_the_total_with_three_rows() -> None:
    levels = [1, 2, 3, 3, 3, 1, 2, 3, 2, 3, 3, 3, 3, 1, 3, 3, 3, 3, 3, 0]
    rows = [_row(level) for level in levels]
    keep = [i for i in range(len(rows)) if keeps_with_previous(rows, i)]
    # rows 1, 2 (head), 6 (款 under 类 5), 7 (项 under 款 6), 9 (项 under 款 8), 14 (项 under
    # 类 13), and 17..19, so the last three rows and the 合计 (16..19) share a page
    assert keep == [1, 2, 6, 7, 9, 14, 17, 18, 19]
    assert not keeps_with_previous(rows, 0)
    assert not keeps_with_previous(rows, len(rows))


def _body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")


def _text(node: etree._Element) -> str:
    return "".join(t.text or "" for t in node.iter(f"{W}t"))


def _keeps_next(tr: etree._Element) -> bool:
    paragraphs = tr.findall(f"{W}tc/{W}p")
    marks = [p.find(f"{W}pPr/{W}keepNext") is not None for p in paragraphs]
    assert len(set(marks)) == 1  # every paragraph of a row, or none
    return marks[0]


def test_word_rows_keep_with_the_next_row_where_the_pdf_does(shelf: Shelf) -> None:
    table = publication("001").tables["表2"]
    written = shelf.book(EXAMPLES["001"]).docx.read_bytes()  # the run's shelf: build's .docx
    tbl = next(t for t in _body(written).iter(f"{W}tbl")
               if "住房保障支出" in _text(t) and "收入预算" not in _text(t)
               and len(t.findall(f"{W}tr")) == len(table.header) + len(table.rows))
    trs = tbl.findall(f"{W}tr")
    heads = len(table.header)
    assert all(_keeps_next(tr) for tr in trs[:heads])  # the header stays with the first row
    body = trs[heads:]
    expected = [keeps_with_previous(table.rows, i + 1) for i in range(len(table.rows))]
    assert [_keeps_next(tr) for tr in body] == expected
    housing = next(i for i, tr in enumerate(body) if "住房保障支出" in _text(tr))
    assert table.rows[housing].level == 1 and _keeps_next(body[housing])
    assert [_keeps_next(tr) for tr in body[-4:]] == [True, True, True, False]  # … and 合计
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in trs)


def _sections(data: bytes) -> list[list[etree._Element]]:
    """The body's content between section breaks."""
    out: list[list[etree._Element]] = [[]]
    for child in _body(data):
        if child.tag == f"{W}sectPr":
            continue
        if child.find(f"{W}pPr/{W}sectPr") is not None:
            out[-1].append(child)
            out.append([])
        else:
            out[-1].append(child)
    return out


def test_two_turned_tables_in_a_row_share_one_landscape_section(shelf: Shelf) -> None:
    built = shelf.book(stress_file("stress-thirteen-digits"))  # its .docx and the PDF's plan
    data = built.docx.read_bytes()
    sections = _sections(data)
    # No section holds nothing but its own break (an empty upright page in LibreOffice).
    assert [i for i, s in enumerate(sections) if not any(_text(e) for e in s)] == []
    orientation = [sect.find(f"{W}pgSz").get(f"{W}orient") == "landscape"
                   for sect in _body(data).iter(f"{W}sectPr")]
    # Sections also end where a table continues on a new page (its running header), so
    # orientation runs are compared: the Word edition turns where the PDF's pages turn.
    runs = [i for i, turned in enumerate(orientation) if i == 0 or turned != orientation[i - 1]]
    starts = sorted(built.laid.starts.values(), key=lambda s: s.number)
    pdf_turns = [s.landscape for s in starts]
    collapsed = [t for i, t in enumerate(pdf_turns) if i == 0 or t != pdf_turns[i - 1]]
    assert [orientation[i] for i in runs] == [False] + collapsed[collapsed[0] is False:]
    # upright (cover to 表1's heading), then turned: 表1 and 表2 in one landscape run
    end = runs[2] if len(runs) > 2 else len(sections)
    turned = "".join(_text(e) for section in sections[runs[1]:end] for e in section)
    assert "财务收支预算总表" in turned and "收入预算总表" in turned


def _style(paragraph: etree._Element) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return "" if style is None else str(style.get(f"{W}val"))


def test_word_prints_the_forms_title_once_before_the_first_form(shelf: Shelf) -> None:
    for key in ("001", "004"):
        pub = publication(key)
        forms = [s for s in pub.walk() if s.id.startswith("form-")]
        written = shelf.book(EXAMPLES[key]).docx.read_bytes()
        texts = [_text(p) for p in _body(written).findall(f"{W}p")
                 if not _style(p).lower().startswith("toc")]
        titles = [i for i, t in enumerate(texts) if t == "财政项目支出绩效目标申报表"]
        # the part's heading, then one title per form after the first
        assert len(titles) == len(forms), key
        assert texts[titles[0] + 1] == forms[0].title
        page = html.render(pub)
        assert page.count(">财政项目支出绩效目标申报表</h") == len(forms)


def test_word_sets_the_two_goals_of_a_form_as_wide_as_the_pdf(shelf: Shelf) -> None:
    # the Word editions as `build` writes them (from the run's shelf: laid out once per run)
    books = {"001": EXAMPLES["001"], "004": EXAMPLES["004"]}
    shelved = shelf.books([*books.values(), stress_file("stress-ten-figures")])
    for pub, built in ((publication("001"), shelved[books["001"].stem]),
                       (publication("004"), shelved[books["004"].stem]),
                       (_stress("stress-ten-figures"), shelved["stress-ten-figures"])):
        table = pub.tables["申报表1"]
        tbl = next(t for t in _body(built.docx.read_bytes()).iter(f"{W}tbl")
                   if "项目总目标" in _text(t))
        row = next(tr for tr in tbl.findall(f"{W}tr") if "项目总目标" in _text(tr))
        cells = {_text(tc): int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w"))
                 for tc in row.findall(f"{W}tc")}
        shares = layout(table).percents
        pdf_ratio = (shares[1] + shares[2]) / sum(shares[3:6])
        assert abs(cells["项目总目标"] / cells["年度总体目标"] - pdf_ratio) < 0.01
    # where both goals are written out, neither is starved (the layout gives the labels beside
    # them their one-line width first, so the halves are near, not exactly, equal)
    assert 0.8 < cells["项目总目标"] / cells["年度总体目标"] < 1.25


def test_a_form_is_cut_into_merged_blocks_and_indicator_groups() -> None:
    from generator.writers.keep import form_keeps_next, form_parts, row_groups

    table = publication("004").tables["申报表1"]
    top, indicators = form_parts(table)
    assert top.head is None and not top.side
    assert [len(g) for g in top.groups] == [1, 1, 1, 4, 2]  # 项目资金 4 rows, 绩效目标 2
    assert indicators.head is not None and indicators.side
    assert [(c.text, c.rowspan, c.colspan) for c in indicators.head] == [
        ("绩效指标", 1, 1), ("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 2),
        ("年度(/项目)指标值", 1, 1)]
    # 一级 groups 成本 (2 rows), 产出 (5) and 效益 (2): the last joined to the one before, so
    # the form's last page holds three rows or more
    assert [g[0].cells[0].text for g in indicators.groups] == ["成本指标", "产出指标"]
    assert [len(g) for g in indicators.groups] == [2, 7]
    assert sum(len(g) for part in (top, indicators) for g in part.groups) == len(table.rows) - 1
    # Word keeps each block's rows but its last with the next row, and the indicator header
    flags = form_keeps_next(table)
    assert len(flags) == len(table.rows)
    assert flags == [False] * 3 + [True] * 3 + [False, True, False, True, True, False] + \
        [True] * 6 + [False]
    # a run of rows without merged cells is cut row by row
    assert [len(g) for g in row_groups([_row(0), _row(0)])] == [1, 1]


def test_the_html_form_repeats_its_indicator_header_in_a_header_group() -> None:
    page = html.render(publication("004"))
    forms = re.findall(r'<table class="grid form form-indicators".*?</table>', page, re.S)
    assert len(forms) == 6
    for form in forms:
        assert form.count('<tbody class="head">') == 1
        head = form.split('<tbody class="head">')[1].split("</tbody>")[0]
        assert re.sub("<[^>]+>", "", head) == "绩效指标一级指标二级指标三级指标年度(/项目)指标值"
        assert "rowspan" not in head
        groups = form.count('<tbody class="group">')
        assert form.count('class="side"') == groups >= 1



def _sections_of(pub: Publication) -> dict[str, str]:
    """Each section's table id, by section id."""
    return {s.id: b.id for s in pub.walk() for b in s.blocks if isinstance(b, Table)}


def test_a_form_whose_last_group_would_stand_alone_is_held() -> None:
    """stress-thirteen-digits' three 申报表 each left their last 一级指标 group (3 rows, 10% of a
    page) on a page of its own, set closer or not. The layout holds the first two: their last
    three groups go to that page together (book.css table.form.held; Word keeps the same rows
    with the next), and they leave no stub. The third ends the book, whose last page may be
    short, as a part's may: it is not held (holding one costs a page where it does not help)."""
    from generator.writers.keep import HELD_GROUPS, form_keeps_next, form_parts

    pub = _stress("stress-thirteen-digits")
    laid = pdf.laid_out(pub)
    forms = {t.id for t in pub.tables.values() if not t.header}
    assert forms == {"申报表1", "申报表2", "申报表3"} and laid.held == {"申报表1", "申报表2"}
    assert [(page, sid) for page, sid, _ in laid.stubs if sid.startswith("form-")] == [
        (laid.count, "form-3")]
    # The layout marks the held forms' indicator tables (and sets every table of theirs closer).
    import weasyprint

    from generator.writers.chunks import split
    from generator.writers.pdf_engine import Setting, mark

    chunks = split(weasyprint.HTML(string=html.render(pub, print_edition=True)).etree_element)
    held_sections = frozenset(s for s, t in _sections_of(pub).items() if t in laid.held)
    assert held_sections == {"form-1", "form-2"}
    marked = []
    for chunk in chunks:
        mark(chunk, Setting(tight=held_sections, held=held_sections))
        marked += [(sid, table.get("class")) for sid, section in chunk.sections.items()
                   for box in section if box.tag == "div"  # the section's own tables
                   for table in box.iter("table") if "tight" in table.get("class", "")]
    assert sorted(marked) == [("form-1", "grid form form-indicators tight held"),
                              ("form-1", "grid form tight"),
                              ("form-2", "grid form form-indicators tight held"),
                              ("form-2", "grid form tight")]
    table = pub.tables["申报表1"]
    plain, held = form_keeps_next(table), form_keeps_next(table, held=True)
    groups = form_parts(table)[-1].groups
    ends = [len(plain) - sum(len(g) for g in groups[i + 1:]) - 1 for i in range(len(groups))]
    assert [i for i, (a, b) in enumerate(zip(plain, held, strict=True)) if a != b] == \
        ends[-HELD_GROUPS:-1]


def test_a_form_goal_longer_than_a_page_runs_on_from_the_page_it_starts() -> None:
    """A 年度总体目标 of thirty long items (taller than a page): its merged block, kept whole,
    left the form's head alone on a half-empty page and the block's header row alone on the
    next (a stub), its text starting on a third page (unseen books 2). A block that cannot be
    kept on a page is let run on where it starts, its header row with its first lines; only a
    row that tall itself is cut inside: an 一级指标 group of 45 indicators breaks between rows."""
    from generator.publication.derive import derive
    from generator.writers.keep import form_keeps_next, form_parts, form_tall_rows
    from tests.helpers import validated

    book = validated("004").book
    assert book is not None
    item = ("推进社区综合服务设施标准化建设，完成辖区内各居民区综合服务站点的功能布局优化、"
            "设备更新和日常运维管理，提升居民办事便利度和满意度，确保服务质量达标")
    project = book.projects[1]
    assert project.form is not None
    long_goal = ["本年度主要目标如下：", {"列表": [f"{item}（第{i + 1}项）。" for i in range(30)],
                                         "编号": "（1）"}]
    many = [{"名称": f"第{i + 1}项：完成社区综合服务设施日常巡查维护及台账记录",
             "指标值": f"≥{i + 1}次"} for i in range(45)]
    form = project.form.model_validate({
        **project.form.model_dump(by_alias=True), "年度总体目标": long_goal,
        "绩效指标": {"产出指标": {"数量指标": many}, "效益指标": {"社会效益指标": [
            {"名称": "居民满意度", "指标值": "提升"}, {"名称": "服务便利度", "指标值": "提升"},
            {"名称": "投诉率", "指标值": "下降"}]}}})
    projects = [book.projects[0], project.model_copy(update={"form": form})]
    pub = derive(book.model_copy(update={"projects": projects}))
    table = pub.tables["申报表2"]
    top, indicators = form_parts(table)
    goal = next(i for i, g in enumerate(top.groups) if any("本年度主要目标" in c.text
                                                            for r in g for c in r.cells))
    assert top.loose == tuple(i == goal for i in range(len(top.groups)))
    assert top.tall[goal] == (False, True)  # the header row whole, the text row cut
    assert indicators.loose == (True, False) and not any(any(t) for t in indicators.tall)
    assert sum(form_tall_rows(table)) == 1
    page = html.render(pub, print_edition=True)
    assert page.count('<tbody class="group loose">') == 2 and page.count('<tr class="tall">') == 1
    # Word: the block's header row still keeps with its text row
    flags = form_keeps_next(table)
    first = sum(len(g) for g in top.groups[:goal])
    assert flags[first] is True
    laid = pdf.laid_out(pub)
    assert [s for s in laid.stubs if s[1] == "form-2" and s[0] < laid.count] == []
    # the goal starts on the page of the form's head; every later page of the form begins
    # with a whole row (the Word edition breaks there), none inside the goal's text
    starts = sorted(v.number for k, v in laid.starts.items() if k[1] == "form-2")
    assert starts[0] == laid.anchors["form-2"]
    first_page = laid.anchors["form-2"]
    assert starts == [first_page, first_page + 2, first_page + 3] == [4, 6, 7]
    assert laid.count == 7  # kept whole, the goal and the group took 9 pages, two of them stubs
