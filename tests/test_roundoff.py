"""尾差: a table whose printed totals do not add up from its printed parts gets the note.

The oracle here reads the tables as a reader does: the printed strings, related by their 科目
codes (a 类 sums its 款, a 款 its 项, 合计 the 类), the 合计 column of a row by the other columns
of that row, and the income and 三公 lines by their names; not through :mod:`roundoff`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.display import runs_text
from generator.pipeline import publish, validate
from generator.publication.model import Publication, Table
from generator.writers import xlsx
from tests.helpers import DATA, EXAMPLES, TESTDATA, shown
from tests.shelf import Shelf
from tests.stress import STANDARD, stress_book

EXACT = TESTDATA / "shiji" / "exact.yaml"
PRINTED = TESTDATA / "shiji" / "printed.yaml"
NOTE = "注：本表数据因四舍五入，合计数与各分项之和可能存在尾差。"
# Lines summed by name: (table, total) → parts; and 表9's 三公.
NAMED = {
    "表1/收入总计": ("表1/收入/财政拨款收入", "表1/收入/事业收入", "表1/收入/事业单位经营收入",
                 "表1/收入/其他收入"),
    "表1/收入/财政拨款收入": ("表1/收入/一般公共预算", "表1/收入/政府性基金",
                       "表1/收入/国有资本经营预算"),
    "表4/收入总计": ("表4/收入/一般公共预算", "表4/收入/政府性基金", "表4/收入/国有资本经营预算"),
    "表9/三公/合计": ("表9/三公/因公出国境费", "表9/三公/公务接待费", "表9/三公/公务用车/小计"),
    "表9/三公/公务用车/小计": ("表9/三公/公务用车/购置费", "表9/三公/公务用车/运行费"),
}


def printed(table: Table) -> dict[str, Decimal]:
    """Every figure as printed (a blank is zero), by fact id."""
    return {cell.fact: Decimal(shown(table, cell).replace(",", "") or "0")
            for row in table.rows for cell in row.cells if cell.is_amount and cell.fact}


def reader_gaps(table: Table) -> list[tuple[str, Decimal, Decimal]]:
    """(fact, printed, sum of its printed parts) wherever the two differ."""
    figures = printed(table)
    keyed: dict[str, dict[str, str]] = {}
    for fact in figures:
        key, _, label = fact.rpartition("/")
        keyed.setdefault(key, {})[label] = fact
    sums: list[tuple[str, list[str]]] = [(k, list(v)) for k, v in NAMED.items()]
    codes = {row for key in keyed if (row := key.partition("/")[2]).isdigit()}
    for key, by_label in keyed.items():
        table_id, _, row = key.partition("/")
        if row.isdigit() or row in ("合计", "支出总计"):
            below = ([c for c in codes if len(c) == 3] if not row.isdigit() else
                     [c for c in codes if c.startswith(row) and len(c) == len(row) + 2])
            for label, fact in by_label.items():
                parts = [f"{table_id}/{c}/{label}" for c in below]
                if parts and all(p in figures for p in parts):
                    sums.append((fact, parts))
        if "合计" in by_label and len(by_label) > 1 and table_id != "表9":  # 表9: NAMED
            sums.append((by_label["合计"], [f for lb, f in by_label.items() if lb != "合计"]))
    out = []
    for fact, parts in sums:
        if fact in figures and all(p in figures for p in parts):
            added = sum((figures[p] for p in parts), start=Decimal(0))
            if added != figures[fact]:
                out.append((fact, figures[fact], added))
    return out


def noted(pub: Publication) -> list[str]:
    return [tid for tid, t in pub.tables.items() if any(runs_text(n.runs) == NOTE
                                                        for n in t.notes)]


@pytest.fixture(scope="module")
def exact() -> Publication:
    return publish(validate(str(EXACT)))


def test_the_briefed_figures_do_not_add_up_as_printed(exact: Publication) -> None:
    t2, t5 = printed(exact.tables["表2"]), printed(exact.tables["表5"])
    items = [f for f in t2 if f.startswith("表2/20805") and len(f.split("/")[1]) == 7
             and f.endswith("/合计")]
    assert len(items) == 5
    assert (t2["表2/20805/合计"], sum(t2[i] for i in items)) == (21807797, 21807796)
    categories = {fact.split("/")[1] for fact in t5}
    added = sum(t5[f"表5/{c}/合计"] for c in categories if c.isdigit() and len(c) == 3)
    assert (t5["表5/合计/合计"], added) == (8919407829, 8919407830)


@pytest.mark.parametrize("path", [EXACT, PRINTED, *EXAMPLES.values(),
                                  DATA / "yangpu-rollup" / "department.yaml",
                                  TESTDATA / "shapes" / "minhang-caizheng-2025.yaml"],
                         ids=lambda p: p.stem)
def test_note_exactly_where_a_reader_finds_a_gap(path: Path) -> None:
    pub = publish(validate(str(path)))
    expected = sorted(tid for tid, t in pub.tables.items() if reader_gaps(t))
    assert noted(pub) == expected
    for table in pub.tables.values():  # once, after the other notes
        texts = [runs_text(n.runs) for n in table.notes]
        assert texts.count(NOTE) == (table.id in expected)
        assert NOTE not in texts[:-1]


def test_whole_yuan_book_gets_the_note_examples_do_not(exact: Publication) -> None:
    gaps = {tid: reader_gaps(t) for tid, t in exact.tables.items()}
    assert noted(exact) == [tid for tid, found in gaps.items() if found]
    assert {fact for found in gaps.values() for fact, _, _ in found} >= {
        "表2/20805/合计", "表5/合计/合计"}
    # every gap is the 1 元 a reader finds, not a data error
    assert {abs(p - a) for found in gaps.values() for _, p, a in found} == {1}
    assert noted(publish(validate(str(PRINTED)))) == noted(exact)  # same printed pages
    for key in EXAMPLES:
        assert noted(publish(validate(str(EXAMPLES[key])))) == []


def test_book_printed_at_its_data_precision_gets_none(tmp_path: Path) -> None:
    """The stress book entered in whole 元 and printed in whole 元: every total adds up."""
    path = stress_book(tmp_path / "whole.yaml", **STANDARD["stress-whole-yuan"])
    pub = publish(validate(str(path)))
    assert noted(pub) == [] == [tid for tid, t in pub.tables.items() if reader_gaps(t)]


def _variant(tmp_path: Path, old: str, new: str) -> Publication:
    text = EXACT.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "exact.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = validate(str(path))
    assert result.ok
    return publish(result)


def test_three_public_in_wan(tmp_path: Path) -> None:
    """15.005 and 8.505 万元 print 15.01 and 8.51 beside 31.20 under a 合计 of 54.71."""
    pub = _variant(tmp_path, "  因公出国境费: 150000\n  公务接待费: 85000\n",
                   "  因公出国境费: 150050\n  公务接待费: 85050\n")
    table = pub.tables["表9"]
    assert reader_gaps(table) == [("表9/三公/合计", Decimal("54.71"), Decimal("54.72"))]
    assert [runs_text(n.runs) for n in table.notes] == [NOTE]


def test_note_follows_the_other_notes(tmp_path: Path) -> None:
    """30 fen more of 项目支出 under 210: 表1's 卫生健康支出 prints 合计 ≠ 基本 + 项目."""
    pub = _variant(tmp_path, "{项目支出: 12480300.00}", "{项目支出: 12480300.30}")
    table = pub.tables["表1"]
    assert [f for f, _, _ in reader_gaps(table)] == ["表1/210/合计", "表1/支出总计/合计"]
    texts = [runs_text(n.runs) for n in table.notes]
    assert len(texts) == 2 and texts[0].startswith("2025年本部门收入预算") and texts[1] == NOTE


def test_table_notes_option_leaves_it_out(tmp_path: Path) -> None:
    pub = _variant(tmp_path, "  支出说明层级: 款\n", "  支出说明层级: 款\n  表注: false\n")
    assert noted(pub) == []
    assert any(reader_gaps(t) for t in pub.tables.values())


def test_word_and_excel_print_the_note(exact: Publication, shelf: Shelf) -> None:
    import io

    import openpyxl
    from docx import Document

    document = Document(io.BytesIO(shelf.book(EXACT).docx.read_bytes()))  # build's .docx
    notes = [p for p in document.paragraphs if p.text == NOTE]
    assert len(notes) == len(noted(exact)) and {p.style.name for p in notes} == {"表注"}
    book = openpyxl.load_workbook(io.BytesIO(xlsx.write(exact)))
    sheets = sorted(ws.title for ws in book for row in ws.iter_rows(values_only=True)
                    if NOTE in row)
    assert sheets == sorted(noted(exact))
