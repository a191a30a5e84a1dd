"""市级 department books: 基本支出 unsplit, units counted, whole-元 printing entered from the
printed pages with 「印刷合计」, and the narrative house-style options."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from generator.display import runs_text
from generator.findings import Severity
from generator.pipeline import Validated, publish, validate
from generator.publication.model import ItemList, Paragraph, Publication
from generator.writers import html
from tests.helpers import TESTDATA, body_grid

SHIJI = TESTDATA / "shiji"
EXACT = SHIJI / "exact.yaml"
PRINTED = SHIJI / "printed.yaml"


def texts(pub: Publication) -> list[str]:
    """Every paragraph and list item as printed."""
    out: list[str] = []
    for section in pub.walk():
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(runs_text(block.runs))
            elif isinstance(block, ItemList):
                out += [runs_text(item.runs) for item in block.items]
            else:
                out += [runs_text(note.runs) for note in block.notes]
    return out


def variant(tmp_path: Path, old: str, new: str, source: Path = EXACT) -> Validated:
    """The test book with one edit, validated."""
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return validate(str(path))


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


def test_printed_book_validates_with_notices_only() -> None:
    result = validate(str(PRINTED))
    assert result.ok
    assert {f.severity for f in result.findings} == {Severity.NOTICE}
    assert {f.code for f in result.findings} == {"printed.total"}
    first = result.findings[0]
    assert first.message == (
        "合计 · 合计：印刷合计 8,926,404,310.00元 与支出明细之和 8,926,404,309.00元 相差 1.00元，"
        "在 25 行各自四舍五入的范围内（不超过 12.50元）：按印刷合计印出")
    assert validate(str(EXACT)).findings == []


def test_printed_rows_reproduce_the_fen_book() -> None:
    """Typed from its printed pages, the book prints every row as the fen data do, totals
    included, and the same narrative."""
    exact, printed = publish(validate(str(EXACT))), publish(validate(str(PRINTED)))
    assert list(printed.tables) == list(exact.tables)
    for table_id, table in exact.tables.items():
        assert body_grid(printed.tables[table_id]) == body_grid(table), table_id
    assert texts(printed) == texts(exact)


def test_printed_totals_exceed_the_sum_of_printed_rows() -> None:
    pub = publish(validate(str(PRINTED)))
    grid = body_grid(pub.tables["表3"])
    assert grid[-1] == ["合计", "", "", "", "8,926,404,310", "204,402,910", "8,722,001,400"]
    items = [row for row, model in zip(grid, pub.tables["表3"].rows, strict=True)
             if model.level == 3]
    assert len(items) == 25
    summed = sum(int(row[4].replace(",", "")) for row in items)
    assert 8926404310 - summed in (1, 2)
    t8 = body_grid(pub.tables["表8"])
    assert t8[-1] == ["合计", "", "", "202,086,429", "157,627,415", "44,459,014"]
    assert body_grid(pub.tables["表5"])[-1][5] == "202,086,429"  # 基本支出 = 表8 合计


def test_html_carries_the_exact_value() -> None:
    page = html.render(publish(validate(str(EXACT))))
    cell = re.search(r'<td class="amount" data-fact="表3/合计/合计" data-value="([0-9.]+)"[^>]*>'
                     r"([0-9,]+)</td>", page)
    assert cell is not None
    assert Decimal(cell[1]) != Decimal(cell[2].replace(",", ""))
    assert cell[2] == "8,926,404,310"
    assert Decimal(cell[1]).quantize(Decimal(1)) == Decimal("8926404310")


def test_unsplit_basic_tables() -> None:
    pub = publish(validate(str(PRINTED)))
    t1 = pub.tables["表1"]
    header = [c.text for row in t1.header for c in row]
    assert "基本支出" in header and "人员经费" not in header
    assert body_grid(t1)[-1] == ["收入总计", "8,926,404,310", "支出总计", "8,926,404,310",
                                 "204,402,910", "8,722,001,400"]
    t8_header = [c.text for row in pub.tables["表8"].header for c in row]
    assert "人员经费" in t8_header and "公用经费" in t8_header


def test_units_and_running_cost_scope() -> None:
    lines = texts(publish(validate(str(PRINTED))))
    assert ("上海市医疗保障局部门预算是包括上海市医疗保障局本部以及下属3家预算单位的综合收支计划。"
            "本部门中，行政单位1家，事业单位3家，具体包括：") in lines
    assert ("2025年上海市医疗保障局（部门）下属1家机关和2家参公事业单位财政拨款的机关运行经费预算为"
            "4,445.90万元，比2024年预算减少134.10万元，下降2.93%。") in lines


def test_unsplit_basic_must_equal_table8(tmp_path: Path) -> None:
    result = variant(tmp_path, '{科目: "30101", 人员经费: ', '{科目: "30101", 人员经费: 1')
    found = [f for f in result.findings if f.code == "sum.economic"]
    assert len(found) == 1
    assert found[0].severity is Severity.ERROR
    assert found[0].message == (
        "经济分类（表8）基本支出合计与支出明细中一般公共预算基本支出合计不一致：按支出明细应为 "
        "202,086,429.14元，实为 212,086,429.14元，相差 10,000,000.00元")


def test_printed_total_beyond_rounding_is_an_error(tmp_path: Path) -> None:
    result = variant(tmp_path, "合计: {合计: 8926404310", "合计: {合计: 8926404330",
                     source=PRINTED)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert [f.render() for f in errors] == [
        f"{tmp_path / 'printed.yaml'}:{line_of(PRINTED, '  合计: {合计:')}:12: 错误 "
        "[printed.total] 印刷合计：合计 · 合计：印刷合计 8,926,404,330.00元 与支出明细之和 "
        "8,926,404,309.00元 相差 21.00元，超过 25 行各自四舍五入可能造成的差额 12.50元："
        "请核对印刷合计或各行金额"]


def test_printed_total_row_and_column_must_exist(tmp_path: Path) -> None:
    result = variant(tmp_path, '  "208": {合计:', '  "209": {合计:', source=PRINTED)
    assert [(f.code, f.message) for f in result.findings if f.severity is Severity.ERROR] == [
        ("printed.row", "「印刷合计」中的「209」不是本书表中的合计行：可写 合计、有金额的功能分类"
                        "类/款编码或表8经济分类类编码")]
    result = variant(tmp_path, '  "208": {合计:', '  "208": {总数:', source=PRINTED)
    assert [f.code for f in result.findings if f.severity is Severity.ERROR] == ["printed.column"]


def test_basic_given_twice_on_a_line(tmp_path: Path) -> None:
    result = variant(tmp_path, "一般公共预算: {基本支出: 3215408.",
                     "一般公共预算: {人员经费: 1, 基本支出: 3215408.")
    assert [(f.code, f.message) for f in result.findings] == [
        ("line.basic-split", "同一行不能既填「基本支出」又填「人员经费」「公用经费」：表中只印基本支出时"
                             "只填「基本支出」，分列时只填人员经费和公用经费"),
        ("sum.economic", result.findings[1].message)]


@pytest.mark.parametrize(("options", "expected", "absent"), [
    ("  说明金额小数位: 0\n", "2025年，上海市医疗保障局收入预算892,640万元", None),
    ("  说明金额小数位: 1\n", "2025年，上海市医疗保障局收入预算892,640.4万元", None),
    ("  增减率: false\n", "比2024年预算减少134.10万元。", "下降2.93%"),
])
def test_narrative_options(tmp_path: Path, options: str, expected: str,
                           absent: str | None) -> None:
    result = variant(tmp_path, "  支出说明层级: 款\n", "  支出说明层级: 款\n" + options)
    joined = "\n".join(texts(publish(result)))
    assert expected in joined
    if absent:
        assert absent not in joined


def test_table_notes_option(tmp_path: Path) -> None:
    default = publish(validate(str(EXACT)))
    assert default.tables["表1"].notes and default.tables["表6"].notes
    result = variant(tmp_path, "  支出说明层级: 款\n", "  支出说明层级: 款\n  表注: false\n")
    pub = publish(result)
    assert pub.tables["表1"].notes == () and pub.tables["表6"].notes == ()


def test_economic_gap_within_rounding_is_a_notice(tmp_path: Path) -> None:
    """Without the printed 一般公共预算基本支出 合计, 表8 rows and lines (both printed) differ by
    2 元: within rounding, a notice."""
    result = variant(tmp_path, ", 一般公共预算基本支出: 202086429, 一般公共预算公用经费",
                     ", 一般公共预算公用经费", source=PRINTED)
    assert result.ok
    found = [f for f in result.findings if f.code == "sum.economic"]
    assert [(f.severity, f.message) for f in found] == [(
        Severity.NOTICE,
        "经济分类（表8）基本支出合计 202,086,430.00元 与支出明细中一般公共预算基本支出合计 "
        "202,086,428.00元 相差 2.00元，在 44 行印刷数各自四舍五入的范围内（不超过 22.00元）："
        "可在「印刷合计」写明印刷本上的合计")]


def test_book_typed_from_print_without_printed_totals_is_told_how(tmp_path: Path) -> None:
    """The same whole-元 book typed from print with no 「印刷合计」 at all: the 2 元 gap between
    表8 and the lines is an error (the two tables would print different totals), and the
    message says the gap is within rounding and how to declare the printed totals."""
    text = PRINTED.read_text(encoding="utf-8")
    start = text.index("\n印刷合计:") + 1
    end = next(m.start() + 1 for m in re.finditer(r"\n\S", text) if m.start() + 1 > start)
    path = tmp_path / "printed.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    result = validate(str(path))
    assert [(f.code, f.severity) for f in result.findings if f.severity is Severity.ERROR] == [
        ("sum.economic", Severity.ERROR)]
    found = next(f for f in result.findings if f.code == "sum.economic")
    assert found.message.endswith(
        "相差 2.00元。相差不超过 44 行印刷数各自四舍五入的范围（22.00元）："
        "若金额是照印刷本录入的，请在「印刷合计」写明印刷本上的合计")
    # A gap beyond rounding gets no such hint (test_unsplit_basic_must_equal_table8).
