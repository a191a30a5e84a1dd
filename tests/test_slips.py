"""Slips a reader catches: 公务用车 money without a car, more 绩效目标 than 申报表, a unit's name a
character or two off, a quote mark reversed or left open. Each is one located warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.checks.slips import near_miss, quote_problem
from generator.pipeline import validate
from tests.helpers import DATA, TESTDATA

BOOK = TESTDATA / "shiji" / "exact.yaml"  # clean: no finding at all
YANGPU = DATA / "yangpu-yibao-2024.yaml"  # clean, 5 projects, 5 申报表, 绩效目标 项目数 5


def _edited(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "book.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _found(path: Path) -> list[tuple[str, str, list[tuple[int, int]], str, str]]:
    return [(f.code, f.severity.value, [(loc.line, loc.column) for loc in f.locations], f.place,
             f.message) for f in validate(str(path)).findings]


def test_vehicle_running_cost_without_a_vehicle(tmp_path: Path) -> None:
    path = _edited(tmp_path, BOOK, "  车辆: {执法执勤用车: 6, 其他用车: 2}\n", "  车辆: {}\n")
    assert _found(path) == [(
        "plausible.vehicles", "warning", [(169, 12), (185, 7)],
        "表9 “三公”经费和机关运行经费预算表 · 公务用车运行费",
        "“三公”经费公务用车运行费为 312,000.00元，但国有资产中截至2024年12月31日的车辆为0辆："
        "请核对公务用车运行费或车辆数（如确有此项支出，例如租用车辆，可在「已核实」中说明）")]


def test_vehicle_purchase_without_a_planned_vehicle(tmp_path: Path) -> None:
    path = _edited(tmp_path, BOOK, "  公务用车运行费: 312000\n",
                   "  公务用车运行费: 312000\n  公务用车购置费: 0\n")
    assert _found(path) == []  # nothing bought, nothing planned
    path = _edited(tmp_path, BOOK, "  因公出国境费: 150000\n",
                   "  因公出国境费: 150000\n  公务用车购置费: 180000\n")
    [(code, _, where, _, message)] = [f for f in _found(path) if f[0] == "plausible.vehicles"]
    assert where[0] == (168, 12)
    assert message.startswith("“三公”经费公务用车购置费为 180,000.00元，但国有资产中本年计划购置车辆为0辆：")


def test_more_performance_targets_than_forms(tmp_path: Path) -> None:
    text = YANGPU.read_text(encoding="utf-8").splitlines(keepends=True)
    assert text[415] == "    绩效目标申报表:\n"  # the fifth project's form, to the end of the file
    path = tmp_path / "book.yaml"
    path.write_text("".join(text[:415]), encoding="utf-8")
    [(code, severity, where, place, message)] = _found(path)
    assert (code, severity, place) == ("plausible.count", "warning", "六、其他相关情况说明 · 绩效目标设置情况")
    assert message == ("绩效目标项目数写的是 5 个，但只有 4 张绩效目标申报表：编报绩效目标的项目各有一张申报表，"
                       "请核对项目数，或补上缺少的申报表")
    assert where[0] == (134, 8) and len(where) == 5  # 项目数, then each form


def test_a_unit_named_one_character_off(tmp_path: Path) -> None:
    path = _edited(tmp_path, BOOK, "    项目概述: 承担本市医疗保险登记",
                   "    项目概述: 由上海市医疗保险事务管理中心承担本市医疗保险登记")
    assert _found(path) == [(
        "plausible.unit-typo", "warning", [(204, 11)],
        "七、项目经费情况说明 · 医疗保障经办服务 · 项目概述",
        "项目「医疗保障经办服务」的项目概述中写的“上海市医疗保险事务管理中心”与单位名称"
        "“上海市医疗保险事业管理中心”只差1个字：是否写错？请核对单位名称")]


def test_an_implementer_one_character_off_says_which_unit_it_nearly_names(tmp_path: Path) -> None:
    path = _edited(tmp_path, BOOK, "    实施主体: 上海市医疗保险事业管理中心\n",
                   "    实施主体: 上海市医疗保险事务管理中心\n")
    [(code, _, where, _, message)] = _found(path)
    assert (code, where) == ("plausible.unit-name", [(203, 11)])
    assert message == ("项目「医疗保障经办服务」的实施主体“上海市医疗保险事务管理中心”不是本部门（上海市医疗保障局）"
                       "或机构设置中列出的所属单位，与“上海市医疗保险事业管理中心”只差1个字，是否写错？"
                       "请核对实施主体，或在机构设置的单位列表中列出该单位")


KNOWN = {"上海市医疗保险事业管理中心": "上海市医疗保险事业管理中心",
         "医疗保险事业管理中心": "上海市医疗保险事业管理中心",
         "上海市闵行区七宝镇财政管理所": "上海市闵行区七宝镇财政管理所",
         "上海市闵行区浦江镇财政管理所": "上海市闵行区浦江镇财政管理所"}


@pytest.mark.parametrize(("text", "hit"), [
    ("委托医疗保险事务管理中心办理", ("医疗保险事务管理中心", "上海市医疗保险事业管理中心", 1)),
    ("委托医疗保险事管理中心办理", ("医疗保险事管理中心", "上海市医疗保险事业管理中心", 1)),
    ("由上海市医疗保险事业管理中心办理", None),  # written right
    ("上海市医疗保险事业管理中心和医疗保险事业管理中心", None),
    ("指导上海市闵行区街镇财政管理所", None),  # as near to two units: a family name
    ("由上海市闵行区七宝镇财务管理所", ("上海市闵行区七宝镇财务管理所", "上海市闵行区七宝镇财政管理所", 1)),
    ("由上海市闵行区七宝镇财政管理处", None),  # not the same last two characters
    ("上海市医疗救助管理中心", None),  # three characters off
])
def test_near_miss(text: str, hit: tuple[str, str, int] | None) -> None:
    assert near_miss(text, KNOWN) == hit


def test_a_reversed_quote_mark(tmp_path: Path) -> None:
    path = _edited(tmp_path, BOOK, "    项目概述: 开展医疗保障政策研究、评估和宣传。",
                   "    项目概述: 开展对”国家医保政策“的研究、评估和宣传。")
    assert _found(path) == [(
        "text.quote", "warning", [(211, 11)], "项目[3] › 项目概述",
        "右双引号「”」前面没有对应的左双引号（「开展对”国家医保政策…」）：是否写反或漏了左双引号「“」？")]


@pytest.mark.parametrize(("text", "problem"), [
    ("落实“智慧医保”要求", None),
    ("落实‘智慧医保’和“放管服”要求", None),
    ("落实“智慧医保要求。", "左双引号「“」没有对应的右双引号（「落实“智慧医保要求…」）：请补上右双引号「”」"),
    ("落实“智慧医保“要求", "左双引号「“」后面又是一个左双引号（「…实“智慧医保“要求」）：其中一个是否应为右双引号「”」？"),
    ("落实‘智慧医保要求", "左单引号「‘」没有对应的右单引号（「落实‘智慧医保要求」）：请补上右单引号「’」"),
    ("根据《上海市医疗保障条例》和《办法》", None),
    ("根据《上海市医疗保障条例和", "左书名号「《」没有对应的右书名号（「根据《上海市医疗保…」）：请补上右书名号「》」"),
])
def test_quote_problems(text: str, problem: str | None) -> None:
    assert quote_problem(text) == problem
