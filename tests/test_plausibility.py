"""Each typical slip gets exactly one located warning, worded with its likely cause and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import validate
from tests.helpers import TESTDATA

BOOK = TESTDATA / "shiji" / "exact.yaml"

# (edit: old → new, code, message). The book is otherwise clean (no finding at all).
SLIPS = {
    "prior-in-wan": (
        "  一般公共预算: 8650412000\n", "  一般公共预算: 865041.2\n", "plausible.wan-yuan",
        "上年预算一般公共预算写的是 865,041.20元，本年为 8,919,407,829.14元，约为上年的 10,311 倍，"
        "书中将写成大幅增长：上年数是否按万元填写？如是，请写成 \"865041.2万\""),
    "procurement-in-wan": (
        "  货物: 3560000\n", "  货物: 50\n", "plausible.wan-yuan",
        "政府采购货物预算写的是 50.00元，书中将印成 0.01万元：金额以元为单位，如指 50万元，"
        "请写成 \"50万\""),
    "count-above-listed": (
        "  项目数: 3\n", "  项目数: 5\n", "plausible.count",
        "绩效目标项目数写的是 5 个，但数据中只列出 4 个项目，且这些项目的金额之和已等于绩效目标涉及金额 "
        "139,175,400.00元：请核对项目数"),
    "empty-goal": (
        "    绩效目标: 完成政策研究课题12项。\n", "    绩效目标: \"\"\n", "text.empty",
        "项目「医疗保障政策研究与宣传」的「绩效目标」为空，书中这一部分将没有内容：请填写绩效目标，"
        "或删去这一项"),
    "ellipsis": (
        "    项目概述: 开展医疗保障政策研究、评估和宣传。\n", "    项目概述: ……\n", "text.placeholder",
        "文字中有省略号「……」，像是尚未填写的内容：请补全文字（如为引文中的省略可忽略）"),
    "budget-sentence": (
        "2025年安排735.00万元。", "2025年安排753.00万元。", "plausible.text-amount",
        "项目「医疗保障政策研究与宣传」年度预算安排中写的“753.00万元”与项目金额 7,350,000.00元"
        "（735.00万元）不一致：请核对文字中的金额"),
    "other-unit": (
        "承担本市医疗保险登记", "承担上海市杨浦区医疗保障局医疗保险登记", "plausible.unit-name",
        "项目「医疗保障经办服务」的项目概述中提到“上海市杨浦区医疗保障局”，它不是本部门"
        "（上海市医疗保障局）或其所属单位：是否从其他单位的材料复制而来？请改为本单位名称"),
    "implementer": (
        "    实施主体: 上海市医疗保险事业管理中心\n", "    实施主体: 上海市卫生健康委员会\n",
        "plausible.unit-name",
        "项目「医疗保障经办服务」的实施主体“上海市卫生健康委员会”不是本部门（上海市医疗保障局）或机构设置中"
        "列出的所属单位：请核对实施主体，或在机构设置的单位列表中列出该单位"),
    "other-year": (
        "2025年医保信息平台全年可用率", "2023年医保信息平台全年可用率", "text.year",
        "文字中的“2023年”既不是预算年度 2025 年，也不是上年 2024 年：请核对"),
    "prior-business-missing": (
        "  事业收入: 5600000\n", "", "plausible.prior-missing",
        "上年预算中没有「事业收入」：本年事业收入 5,796,480.77元 将在表1说明中全部算作比2024年预算"
        "增加的部分。请填写2024年事业收入预算数（没有则写0）"),
    "prior-other-missing": (
        "  其他收入: 1000000\n", "", "plausible.prior-missing",
        "上年预算中没有「其他收入」：本年其他收入 1,200,000.00元 将在表1说明中全部算作比2024年预算"
        "增加的部分。请填写2024年其他收入预算数（没有则写0）"),
    "prior-three-public-missing": (
        "  三公经费: {因公出国境费: 150000, 公务接待费: 90000, 公务用车运行费: 330000}\n", "",
        "plausible.prior-missing",
        "上年预算中没有「三公经费」：“三公”经费说明将不写与2024年预算的比较。请在上年预算中填写三公经费"
        "（上年为0的项目写0）"),
}


def test_the_book_is_clean() -> None:
    assert validate(str(BOOK)).findings == []


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_slip_gets_one_located_warning(tmp_path: Path, name: str) -> None:
    old, new, code, message = SLIPS[name]
    text = BOOK.read_text(encoding="utf-8")
    assert text.count(old) == 1
    start = text.index(old)
    path = tmp_path / "book.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    findings = validate(str(path)).findings
    assert [(f.code, f.severity.value, f.message) for f in findings] == [
        (code, "warning", message)]
    location = findings[0].locations[0]
    assert location.file == str(path)
    # the warning points at the edited value (or, for a missing part, its parent block)
    edited_line = text[:start].count("\n") + 1
    if new:
        assert location.line == edited_line
    else:
        assert location.line == text[:text.index("上年预算:")].count("\n") + 2


def test_xs_inside_a_latin_word_are_no_placeholder(tmp_path: Path) -> None:
    """A web address of a 信息公开 page (…/xxgk/…) or a size (XXL码) is real text: the
    validator refused a book that cited one (issue 16). XX standing alone or among Chinese
    (上海市XX区, XX项目, ××) is still a placeholder."""
    text = BOOK.read_text(encoding="utf-8")
    old = "    项目概述: 开展医疗保障政策研究、评估和宣传。\n"
    assert text.count(old) == 1
    path = tmp_path / "book.yaml"
    real = ("    项目概述: 开展医疗保障政策研究、评估和宣传，政策文件见 "
            "https://ybj.sh.gov.cn/xxgk/20240315/a1b2.html ，宣传品含XXL码文化衫。\n")
    path.write_text(text.replace(old, real), encoding="utf-8")
    assert validate(str(path)).findings == []
    for left in ("开展XX政策研究。", "开展 xx 政策研究。", "XX", "开展××政策研究。", "开展XXX。",
                 "20XX年开展政策研究。", "开展政策研究XX次。"):
        path.write_text(text.replace(old, f"    项目概述: {left}\n"), encoding="utf-8")
        assert [f.code for f in validate(str(path)).findings] == ["text.placeholder"], left
