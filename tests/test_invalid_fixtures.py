"""Each file under tests/data/invalid/ carries one mistake (most of them real mistakes of the
seeds, expressed as data) and must produce exactly its finding: code, message and position."""

from __future__ import annotations

import pytest

from generator.findings import Severity
from generator.pipeline import validate
from tests.helpers import TESTDATA

INVALID = TESTDATA / "invalid"

CASES = {
    # seed 000, 表1: 行政单位医疗 filed under 社会保障和就业支出.
    "000-misfiled-medical.yaml": (
        "code.misfiled", Severity.ERROR, (28, 10), (),
        "科目 2081101「行政单位医疗」不在2025年功能分类科目表中，该表中「行政单位医疗」的编码是 "
        "2101101：请核对编码，否则这笔金额会计入错误的类、款"),
    # seed 000: "三公经费预算数为0万元" beside 30217 公务接待费 3,000.00.
    "000-three-public-zero.yaml": (
        "cross.three-public", Severity.ERROR, (36, 10), ((34, 5),),
        "“三公”经费公务接待费少于经济分类 30217 的基本支出：按经济分类应为 3,000.00元，"
        "实为 0.00元，相差 3,000.00元"),
    # seed 000: "2024年度无国有资本经营预算拨款收入" in a 2025 book.
    "000-wrong-year.yaml": (
        "text.year", Severity.WARNING, (45, 13), (),
        "文字中的“2024年度”与本书预算年度 2025 年不符：请核对"),
    # seed 001: totals typed (and left blank) by hand.
    "001-typed-total.yaml": (
        "schema.derived-figure", Severity.ERROR, (29, 72), (),
        "「合计」由工具根据明细计算，不需要也不能填写：请删去这一项"),
    "001-category-row.yaml": (
        "code.level", Severity.ERROR, (26, 10), (),
        "功能分类科目应填写项级（7位）编码，填写的是 208（3位）：类级合计由工具计算，请只填写项级科目"),
    "unquoted-code.yaml": (
        "code.unquoted", Severity.ERROR, (8, 7), (),
        "编码 157001 没有加引号：请写成 \"157001\"。不加引号时它被当作数字读取（例如 0701 会变成 449），"
        "编码必须是文字"),
    "placeholder.yaml": (
        "text.placeholder", Severity.ERROR, (14, 7), (),
        "文字中留有占位符「XX」：请填写实际内容"),
    "economic-mismatch.yaml": (
        "sum.economic", Severity.ERROR, (33, 25), ((34, 25), (28, 5)),
        "经济分类（表8）公用经费合计与支出明细中一般公共预算公用经费合计不一致：按支出明细应为 "
        "222,216.20元，实为 222,261.20元，相差 45.00元"),
    "form-funds.yaml": (
        "sum.form-funds", Severity.ERROR, (51, 19), ((52, 17),),
        "年度资金申请总额应等于当年财政拨款＋上年结转资金＋年度其他资金：应为 72,000.00元，"
        "实为 72,200.00元，相差 200.00元"),
}


def test_every_fixture_has_a_case() -> None:
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted([*CASES, "unknown-key.yaml"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_finding(name: str) -> None:
    code, severity, (line, column), others, message = CASES[name]
    result = validate(str(INVALID / name))
    assert [f.code for f in result.findings] == [code]
    finding = result.findings[0]
    assert finding.severity is severity
    assert finding.message == message
    assert (finding.locations[0].line, finding.locations[0].column) == (line, column)
    assert tuple((loc.line, loc.column) for loc in finding.locations[1:]) == others
    assert all(loc.file.endswith(name) for loc in finding.locations)


def test_unknown_key_suggests_the_right_one_and_reports_the_missing_field() -> None:
    result = validate(str(INVALID / "unknown-key.yaml"))
    assert [(f.code, f.message, f.locations[0].line) for f in result.findings] == [
        ("schema.missing", "缺少必填项「变动原因」", 16),
        ("schema.unknown-key", "未知的项目「变动原由」，是否想写「变动原因」？此处可填写：变动原因、科目说明",
         16),
    ]
    assert result.findings[1].place == "预算编制说明 › 变动原由"


def test_minimal_book_is_valid() -> None:
    result = validate(str(TESTDATA / "valid-minimal.yaml"))
    assert result.ok and result.findings == []


@pytest.mark.parametrize("example", ["songjiang-yibao-2025.yaml", "yangpu-yibao-2024.yaml",
                                     "songjiang-yibao-forms-2026.yaml"])
def test_examples_have_no_findings(example: str) -> None:
    from tests.helpers import DATA

    result = validate(str(DATA / example))
    assert result.ok
    assert [f.render() for f in result.findings] == []
