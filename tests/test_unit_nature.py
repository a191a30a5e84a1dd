"""单位.性质: a 事业单位 outside the 机关运行经费 scope is checked and worded as one; a department's
单位列表 性质 decides how its 机关运行经费 is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import publish, validate
from tests.helpers import DATA, TESTDATA, section_text

UNIT = DATA / "songjiang-yibao-2025.yaml"  # a 行政单位, 机关运行经费 = 公用经费 = 222,216.20
DEPARTMENT = TESTDATA / "shiji" / "exact.yaml"  # 单位列表: 行政, 2 参公, 1 事业单位
RUNNING = "机关运行经费: 222216.20\n"
BODY = "  简称: 松江区医疗保障局（本级）\n"
PLACE = "表9 “三公”经费和机关运行经费预算表 · 机关运行经费"


def _edited(tmp_path: Path, source: Path, *edits: tuple[str, str]) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "book.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _running(path: Path) -> list[tuple[str, tuple[tuple[int, int], ...], str]]:
    return [(f.message, tuple((loc.line, loc.column) for loc in f.locations), f.place)
            for f in validate(str(path)).findings if f.code == "cross.running-cost"]


def test_without_a_nature_the_warning_says_how_to_state_it(tmp_path: Path) -> None:
    path = _edited(tmp_path, UNIT, (RUNNING, "机关运行经费: 0\n"))
    assert _running(path) == [(
        "机关运行经费通常等于一般公共预算公用经费：按公用经费应为 222,216.20元，实为 0.00元，"
        "相差 222,216.20元（事业单位不在机关运行经费范围内：如是，请在单位下写明 性质: 事业单位）",
        ((135, 9),), PLACE)]


def test_a_public_institution_without_running_cost_is_quiet(tmp_path: Path) -> None:
    path = _edited(tmp_path, UNIT, (RUNNING, "机关运行经费: 0\n"),
                   (BODY, BODY + "  性质: 事业单位\n"))
    assert validate(str(path)).findings == []


def test_a_public_institution_stating_running_cost_is_warned(tmp_path: Path) -> None:
    path = _edited(tmp_path, UNIT, (BODY, BODY + "  性质: 事业单位\n"))
    assert _running(path) == [(
        "本单位性质为事业单位（非参公），不在机关运行经费的范围内（只含行政单位和参公事业单位），"
        "机关运行经费通常为0，填写的是 222,216.20元：请核对性质或金额",
        ((136, 9), (35, 7)), PLACE)]


@pytest.mark.parametrize("nature", ["行政单位", "参公事业单位"])
def test_an_office_is_checked_without_the_hint(tmp_path: Path, nature: str) -> None:
    path = _edited(tmp_path, UNIT, (RUNNING, "机关运行经费: 200000\n"),
                   (BODY, BODY + f"  性质: {nature}\n"))
    assert _running(path) == [(
        "机关运行经费通常等于一般公共预算公用经费：按公用经费应为 222,216.20元，实为 200,000.00元，"
        "相差 22,216.20元", ((136, 9),), PLACE)]


def test_a_wrong_nature_is_a_schema_finding(tmp_path: Path) -> None:
    path = _edited(tmp_path, UNIT, (BODY, BODY + "  性质: 企业\n"))
    [finding] = validate(str(path)).findings
    assert (finding.code, finding.locations[0].line) == ("schema.choice", 35)


def test_a_department_with_a_public_institution_may_state_less(tmp_path: Path) -> None:
    less = _edited(tmp_path, DEPARTMENT, ("机关运行经费: 44459014.41\n", "机关运行经费: 40000000\n"))
    assert validate(str(less)).findings == []
    more = _edited(tmp_path, DEPARTMENT, ("机关运行经费: 44459014.41\n", "机关运行经费: 45000000\n"))
    assert _running(more) == [(
        "机关运行经费 45,000,000.00元 多于一般公共预算公用经费 44,459,014.41元，相差 540,985.59元："
        "机关运行经费是行政单位和参公事业单位公用经费的一部分，请核对", ((164, 9), (29, 5)), PLACE)]


def test_a_department_of_offices_only_is_checked_for_equality(tmp_path: Path) -> None:
    path = _edited(tmp_path, DEPARTMENT, ("性质: 事业单位}", "性质: 参公事业单位}"),
                   ("机关运行经费: 44459014.41\n", "机关运行经费: 40000000\n"))
    assert [message for message, _, _ in _running(path)] == [
        "机关运行经费通常等于一般公共预算公用经费：按公用经费应为 44,459,014.41元，实为 "
        "40,000,000.00元，相差 4,459,014.41元"]


def _running_sentence(path: Path) -> str:
    text = section_text(publish(validate(str(path))), "other")
    [sentence] = [t for t in text if "机关运行经费预算" in t and t != "二、机关运行经费预算"]
    return sentence


def test_the_book_says_a_public_institution_has_no_running_cost(tmp_path: Path) -> None:
    path = _edited(tmp_path, UNIT, (RUNNING, "机关运行经费: 0\n"),
                   (BODY, BODY + "  性质: 事业单位\n"))
    assert _running_sentence(path) == "松江区医疗保障局（本级）为事业单位，2025年度无机关运行经费预算。"
    office = _edited(tmp_path, UNIT, (RUNNING, "机关运行经费: 0\n"))
    assert _running_sentence(office) == "松江区医疗保障局（本级）2025年度无机关运行经费预算。"


def test_a_rolled_up_department_counts_its_units_by_their_own_nature(tmp_path: Path) -> None:
    for name in ("department.yaml", "bureau.yaml", "center.yaml"):
        (tmp_path / name).write_text((DATA / "yangpu-rollup" / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    department = tmp_path / "department.yaml"
    assert _running_sentence(department) == \
        "2024年上海市杨浦区医疗保障局财政拨款的机关运行经费预算为491.82万元。"
    for name, nature in (("bureau.yaml", "行政单位"), ("center.yaml", "参公事业单位")):
        path = tmp_path / name
        text = path.read_text(encoding="utf-8")
        line = text.splitlines(keepends=True)[9]
        assert line.startswith("  名称: ")
        path.write_text(text.replace(line, line + f"  性质: {nature}\n", 1), encoding="utf-8")
    assert _running_sentence(department) == (
        "2024年上海市杨浦区医疗保障局（部门）下属1家机关和1家参公事业单位财政拨款的机关运行经费预算为491.82万元。")
