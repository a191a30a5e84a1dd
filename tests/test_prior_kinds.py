"""上年预算 by kind of expenditure: the book words the changes of 基本支出, 项目支出, 人员经费
and 公用经费 itself, the parts must add up, and a free text contradicting a change is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import publish, validate
from tests.helpers import DATA, section_text

BOOK = DATA / "songjiang-yibao-2025.yaml"  # 财政拨款 5,596,552.67: 基本 4,325,383.67, 项目 1,271,169
PRIOR = "  一般公共预算: 5368658.28\n"  # line 68
REASON = "变动原因: 增加东西部交流项目"  # line 55, its value at column 9
PLACE = "四、预算编制说明（与上年比较）"


def _book(tmp_path: Path, kinds: str, reason: str = "增加东西部交流项目") -> Path:
    text = BOOK.read_text(encoding="utf-8")
    assert text.count(PRIOR) == 1 and text.count(REASON) == 1
    path = tmp_path / "book.yaml"
    path.write_text(text.replace(PRIOR, PRIOR + kinds).replace(REASON, f"变动原因: {reason}"),
                    encoding="utf-8")
    return path


def _kinds_paragraph(path: Path) -> list[str]:
    return [t for t in section_text(publish(validate(str(path))), "explanation")
            if t.startswith("按支出类型分")]


def test_the_book_states_the_changes_by_kind(tmp_path: Path) -> None:
    path = _book(tmp_path, "  人员经费: 2500000\n  公用经费: 500000\n  项目支出: 2368658.28\n")
    assert validate(str(path)).findings == []
    assert _kinds_paragraph(path) == [
        "按支出类型分，财政拨款基本支出432.54万元，比2024年预算增加132.54万元，增长44.18%；"
        "项目支出127.12万元，比2024年预算减少109.75万元，下降46.33%。"
        "基本支出中，人员经费410.32万元，比2024年预算增加160.32万元，增长64.13%；"
        "公用经费22.22万元，比2024年预算减少27.78万元，下降55.56%。"]


def test_only_the_kinds_given_are_compared(tmp_path: Path) -> None:
    assert _kinds_paragraph(_book(tmp_path, "  项目支出: 2368658.28\n")) == [
        "按支出类型分，财政拨款项目支出127.12万元，比2024年预算减少109.75万元，下降46.33%。"]
    assert _kinds_paragraph(_book(tmp_path, "")) == []


def test_basic_and_project_must_make_the_prior_fiscal_total(tmp_path: Path) -> None:
    path = _book(tmp_path, "  基本支出: 3000000\n  项目支出: 2000000\n")
    [finding] = validate(str(path)).findings
    assert (finding.code, finding.severity.value, finding.place) == ("sum.prior-kinds", "error", PLACE)
    assert finding.message == (
        "上年预算的基本支出＋项目支出应等于上年财政拨款（一般公共预算＋政府性基金＋国有资本经营预算）："
        "按财政拨款应为 5,368,658.28元，实为 5,000,000.00元，相差 368,658.28元")
    assert [(loc.line, loc.column) for loc in finding.locations] == [(69, 9), (70, 9), (68, 11)]


def test_basic_must_be_personnel_and_public(tmp_path: Path) -> None:
    path = _book(tmp_path, "  基本支出: 3000000\n  人员经费: 2000000\n  公用经费: 500000\n")
    [finding] = validate(str(path)).findings
    assert finding.code == "sum.prior-kinds"
    assert finding.message == ("上年预算的基本支出应等于人员经费＋公用经费：应为 2,500,000.00元，"
                               "实为 3,000,000.00元，相差 500,000.00元（本书据此写出与上年的比较）")
    assert [(loc.line, loc.column) for loc in finding.locations] == [(69, 9), (70, 9), (71, 9)]


KINDS = "  基本支出: 3000000\n  项目支出: 2368658.28\n"


@pytest.mark.parametrize("sentence", [
    "基本支出432.54万元，比上年增加132.54万元，项目支出比2024年预算减少109.75万元",
    "项目支出较上年减少109.7万元",  # stated to one place: 109.7486 rounds to 109.7
    "人员经费比上年减少1万元",  # not given in 上年预算: nothing to compare
    "基本支出比上年有所增加，项目支出较2024年预算减少",  # directions only, both right
    "基本支出432.54万元，与上年持平的是人员",  # after a comma: another subject
    "项目支出比上年下降46.3%",  # a rate: its direction is compared
    "财政拨款收支比上年增加（减少）的主要原因",  # both ways offered: the starter's placeholder
])
def test_a_text_agreeing_with_the_derived_change_is_quiet(tmp_path: Path, sentence: str) -> None:
    assert validate(str(_book(tmp_path, KINDS, sentence))).findings == []


@pytest.mark.parametrize(("sentence", "stated", "actual"), [
    # the direction is wrong (a corrected copy whose 基本支出 rose)
    ("基本支出比上年减少132.54万元", "基本支出比上年减少132.54万元",
     "财政拨款基本支出比2024年预算增加132.54万元（本年 432.54万元，上年 300.00万元）"),
    # the amount is wrong; another kind between does not confuse the two
    ("基本支出增加，项目支出比2024年预算减少4913.69万元", "项目支出比2024年预算减少4913.69万元",
     "财政拨款项目支出比2024年预算减少109.75万元（本年 127.12万元，上年 236.87万元）"),
    # a direction without an amount, contradicted
    ("基本支出比上年有所减少，主要原因是人员减少", "基本支出比上年有所减少",
     "财政拨款基本支出比2024年预算增加132.54万元（本年 432.54万元，上年 300.00万元）"),
    ("项目支出与上年持平", "项目支出与上年持平",
     "财政拨款项目支出比2024年预算减少109.75万元（本年 127.12万元，上年 236.87万元）"),
])
def test_a_text_contradicting_a_derived_change_is_a_located_warning(
        tmp_path: Path, sentence: str, stated: str, actual: str) -> None:
    [finding] = validate(str(_book(tmp_path, KINDS, sentence))).findings
    assert (finding.code, finding.severity.value, finding.place) == ("text.change", "warning", PLACE)
    assert finding.message == f"文字中写的“{stated}”与书中推导的不符：{actual}：请改正文字"
    assert (finding.locations[0].line, finding.locations[0].column) == (55, 9)


@pytest.mark.parametrize(("sentence", "finding"), [
    ("财政拨款比上年增加22.79万元，主要是增加东西部交流项目", None),
    ("一般公共预算拨款支出预算559.66万元，比2024年预算增加22.79万元", None),
    ("财政拨款比上年减少22.79万元", "文字中写的“财政拨款比上年减少22.79万元”与书中推导的不符："
     "财政拨款比2024年预算增加22.79万元（本年 559.66万元，上年 536.87万元）：请改正文字"),
])
def test_a_text_stating_a_source_change_is_checked_without_kinds(
        tmp_path: Path, sentence: str, finding: str | None) -> None:
    found = [f.message for f in validate(str(_book(tmp_path, "", sentence))).findings]
    assert found == ([finding] if finding else [])
