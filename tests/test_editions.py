"""Corrected editions, ``budgetgen diff`` and reproducible output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build import build
from generator.cli import main
from generator.pipeline import publish, validate
from generator.publication.compare import compare
from tests.helpers import EXAMPLES, section_text

CHANGED = ('{科目: "2101502", 项目支出: 896494.00}', '{科目: "2101502", 项目支出: 906494.00}')
EDITION = ('预算年度: 2025\n', '预算年度: 2025\n版本:\n  版次: 2\n  日期: "2025-03-10"\n'
           '  更正原因: [一般行政管理事务项目支出少列1万元]\n  上一版: v1.yaml\n')


@pytest.fixture
def editions(tmp_path: Path) -> tuple[Path, Path]:
    """The 000 example as first edition and a correction of one figure (2101502 +10,000)."""
    text = EXAMPLES["000"].read_text(encoding="utf-8")
    v1, v2 = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    v1.write_text(text, encoding="utf-8")
    assert text.count(CHANGED[0]) == 1
    v2.write_text(text.replace(*CHANGED).replace(*EDITION), encoding="utf-8")
    return v1, v2


# Every table cell the one corrected line reaches: the line, its 款 and 类, the totals.
EXPECTED_CELLS = {
    "表1/收入/财政拨款收入", "表1/收入/一般公共预算", "表1/210/合计", "表1/210/项目支出",
    "表1/收入总计", "表1/支出总计/合计", "表1/支出总计/项目支出",
    *(f"表{t}/{code}/{col}" for t, cols in (("2", ("合计", "财政拨款收入")),
                                            ("3", ("合计", "项目支出")),
                                            ("5", ("合计", "项目支出")))
      for code in ("210", "21015", "2101502", "合计") for col in cols),
    "表4/收入/一般公共预算", "表4/210/合计", "表4/210/一般公共预算", "表4/收入总计",
    "表4/支出总计/合计", "表4/支出总计/一般公共预算",
}


def test_comparison_lists_exactly_the_cells_the_change_reaches(editions: tuple[Path, Path]) -> None:
    v1, v2 = (publish(validate(str(p))) for p in editions)
    comparison = compare(v1, v2)
    cells = {f.fact for f in comparison.figures if f.in_table}
    assert cells == EXPECTED_CELLS
    assert all(f.delta == 10000 for f in comparison.figures if f.in_table)
    # Sentences quoting the totals change too (收入/支出, the breakdown item, the 表1 note).
    assert [t.section for t in comparison.texts] == ["四、单位预算编制说明"] * 3 + ["1. 2025年预算单位财务收支预算总表"]
    assert not (comparison.rows_added or comparison.rows_removed or comparison.projects_added)


def test_corrected_edition_has_title_mark_and_corrections(editions: tuple[Path, Path]) -> None:
    pub = publish(validate(str(editions[1])))
    assert pub.title == "上海市松江区2025年区级单位预算（更正版）"
    assert pub.edition_line == "2025年3月10日更正"
    assert pub.sections[0].id == "corrections" and pub.toc()[0][2] == "更正说明"
    text = section_text(pub, "corrections")
    assert text[0] == ("本版为2025年3月10日发布的更正版，更正原因：一般行政管理事务项目支出少列1万元。"
                       "与上一版本相比，更正内容如下：")
    assert "（12）表2 收入预算总表 · 2101502 一般行政管理事务 · 合计：由896,494.00更正为906,494.00。" in text
    figures = [t for t in text if "更正为" in t and t.startswith("（") and "“" not in t]
    assert len(figures) == len(EXPECTED_CELLS) == 37
    assert ("（3）四、单位预算编制说明：“6.“一般行政管理事务”科目89.65万元，主要用于开展医保业务项目支出。”"
            "更正为“6.“一般行政管理事务”科目90.65万元，主要用于开展医保业务项目支出。”") in text


def test_reasons_written_as_sentences_are_joined_without_doubled_stops(
        editions: tuple[Path, Path]) -> None:
    """Each 更正原因 is "一句" and officers end a sentence with 。: the 更正说明 printed
    "更正原因：A。；B。。" (issue 16). The stops are the joining sentence's."""
    v2 = editions[1]
    text = v2.read_text(encoding="utf-8").replace(
        "  更正原因: [一般行政管理事务项目支出少列1万元]\n",
        "  更正原因:\n    - 一般行政管理事务项目支出少列1万元。\n    - 更正项目绩效目标文字；\n")
    v2.write_text(text, encoding="utf-8")
    first = section_text(publish(validate(str(v2))), "corrections")[0]
    assert first == ("本版为2025年3月10日发布的更正版，更正原因：一般行政管理事务项目支出少列1万元；"
                     "更正项目绩效目标文字。与上一版本相比，更正内容如下：")


def test_cells_a_layout_option_adds_at_zero_are_no_corrections(tmp_path: Path) -> None:
    """A second edition that turns 表1's 总表支出分列 on gains the 人员经费/公用经费/项目支出
    columns: the cells with figures are listed (由（无）更正为…), not the 61 empty ones
    ("表1 … · 201 · 人员经费：由（无）更正为0.00", five pages of them in a department's
    更正说明, issue 16); nor do cells dropped at zero count the other way."""
    text = EXAMPLES["000"].read_text(encoding="utf-8")
    off = text.replace("  总表支出分列: true\n", "  总表支出分列: false\n")
    assert off != text
    v1, v2 = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    v1.write_text(off, encoding="utf-8")
    v2.write_text(text, encoding="utf-8")
    old, new = publish(validate(str(v1))), publish(validate(str(v2)))
    added = compare(old, new).figures
    assert sorted(f.fact for f in added) == sorted(
        ["表1/208/人员经费", "表1/210/人员经费", "表1/210/公用经费", "表1/210/项目支出",
         "表1/221/人员经费", "表1/支出总计/人员经费", "表1/支出总计/公用经费",
         "表1/支出总计/项目支出"])
    assert all(f.old is None and f.new for f in added)
    assert {f.fact for f in compare(new, old).figures} == {f.fact for f in added}


def test_diff_command_text_and_json(editions: tuple[Path, Path],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    v1, v2 = map(str, editions)
    assert main(["diff", v1, v2, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    table_cells = [f for f in data["figures"] if f["in"] == "table"]
    assert {f["fact"] for f in table_cells} == EXPECTED_CELLS
    first = next(f for f in data["figures"] if f["fact"] == "表3/2101502/项目支出")
    assert first == {"fact": "表3/2101502/项目支出",
                     "place": "表3 支出预算总表 · 2101502 一般行政管理事务 · 项目支出",
                     "old": "896494.00", "new": "906494.00", "difference": "10000.00", "unit": "元",
                     "in": "table"}
    assert data["texts"][2]["changes"] == [{"op": "replace", "old": "89.65", "new": "90.65"}]
    assert main(["diff", v1, v2]) == 0
    out = capsys.readouterr().out
    assert "  表3 支出预算总表 · 2101502 一般行政管理事务 · 项目支出：896,494.00 → 906,494.00（+10,000.00）" in out
    assert "“一般行政管理事务”科目[-89.65-]万元" in out
    assert main(["diff", v1, v1]) == 0
    assert capsys.readouterr().out.strip() == "两个版本相同：没有数据或文字变化。"
    assert main(["diff", v1, v2, "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "<del>89.65</del>" in page and "<ins>90.65</ins>" in page


@pytest.mark.pdf
def test_building_twice_gives_identical_bytes(editions: tuple[Path, Path], tmp_path: Path) -> None:
    v2 = publish(validate(str(editions[1])))
    first = build(v2, "book", ["html", "pdf", "docx"], tmp_path / "a")
    again = publish(validate(str(editions[1])))
    second = build(again, "book", ["html", "pdf", "docx"], tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert b"2025-03-10" in first[0].read_bytes()  # metadata dates come from the edition


def test_model_of_a_corrected_edition_as_json(editions: tuple[Path, Path], tmp_path: Path) -> None:
    (path,) = build(publish(validate(str(editions[1]))), "v2", ["json"], tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["edition_date"], data["edition_line"]) == ("2025-03-10", "2025年3月10日更正")
    assert data["sections"][0]["id"] == "corrections"


def test_correction_without_previous_edition(tmp_path: Path) -> None:
    text = EXAMPLES["000"].read_text(encoding="utf-8").replace(
        "预算年度: 2025\n", '预算年度: 2025\n版本: {版次: 2, 日期: "2025-03-10"}\n')
    path = tmp_path / "v2.yaml"
    path.write_text(text, encoding="utf-8")
    result = validate(str(path))
    assert [(f.code, f.message, f.locations[0].line) for f in result.findings] == [
        ("edition.previous", "第2版是更正版，须在「上一版」写明被更正版本的数据文件", 27)]


def test_a_correction_that_changes_nothing_is_a_warning(editions: tuple[Path, Path]) -> None:
    """A 更正版 whose book is its 上一版's (the officer edited another file, or not yet) is
    told so at its 上一版 line; one that corrects a figure is not."""
    v1, v2 = editions
    assert "edition.unchanged" not in {f.code for f in validate(str(v2)).findings}
    v2.write_text(v1.read_text(encoding="utf-8").replace(*EDITION), encoding="utf-8")
    found = [f for f in validate(str(v2)).findings if f.code == "edition.unchanged"]
    assert [(f.severity.value, f.locations[0].line, f.message) for f in found] == [
        ("warning", 31, "本版除「版本」外与上一版 v1.yaml 完全相同：更正版应改正上一版中的数字或文字，"
                        "请确认改的是这个文件")]


def test_outside_the_correction_the_book_changes_only_where_the_data_does(
        editions: tuple[Path, Path]) -> None:
    import dataclasses

    from generator.writers import html
    from tests.parity import html_texts

    v1 = publish(validate(str(editions[0])))
    v2 = publish(validate(str(editions[1])))
    # Leave out what only a corrected edition has: the title mark, the date, the 更正说明.
    v2 = dataclasses.replace(v2, title=v1.title, edition_line="", edition_date=None,
                             sections=v2.sections[1:])
    old_paragraphs, old_cells = html_texts(html.render(v1))
    new_paragraphs, new_cells = html_texts(html.render(v2))
    assert len(old_paragraphs) == len(new_paragraphs) and len(old_cells) == len(new_cells)
    changed = [(a, b) for a, b in zip(old_paragraphs + old_cells, new_paragraphs + new_cells,
                                      strict=True) if a != b]
    values = {"906,494.00", "5,606,578.28", "4,242,261.72", "3,896,607.12", "1,281,194.00",
              "1,126,294.00", "560.66", "23.79", "4.43", "90.65"}
    # The 37 table cells and 4 sentences differ, each carrying a figure the correction changed.
    assert len(changed) == 37 + 4
    assert all(any(v in b for v in values) for _, b in changed)
