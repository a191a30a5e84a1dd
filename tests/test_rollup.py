"""A department built from its units' files equals the sum of the units' books."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.pipeline import publish, validate
from generator.publication.invariants import figures
from tests.helpers import DATA, publication, section_text

ROLLUP = DATA / "yangpu-rollup"
TABLES = [f"表{i}" for i in range(1, 10)]


def _book(path: Path):  # type: ignore[no-untyped-def]
    result = validate(str(path))
    assert result.ok, [f.render() for f in result.findings]
    return publish(result)


def test_department_tables_equal_the_sum_of_the_units() -> None:
    department = _book(ROLLUP / "department.yaml")
    units = [_book(ROLLUP / "bureau.yaml"), _book(ROLLUP / "center.yaml")]
    for table_id in TABLES:
        expected: dict[str, Decimal] = {}
        for unit in units:
            for fact, value in figures(unit.tables[table_id]).items():
                expected[fact] = expected.get(fact, Decimal(0)) + value
        found = figures(department.tables[table_id])
        assert {k: v for k, v in found.items() if v} == {k: v for k, v in expected.items() if v}, \
            table_id
    assert figures(department.tables["表3"])["表3/合计/合计"] == Decimal("194164261")


def test_department_equals_the_published_department_book() -> None:
    # The demonstration split adds up to the 2024 Yangpu department: every table matches.
    department = _book(ROLLUP / "department.yaml")
    for table_id in TABLES:
        assert figures(department.tables[table_id]) == figures(publication("001").tables[table_id])


def test_department_lists_units_and_gathers_projects() -> None:
    department = _book(ROLLUP / "department.yaml")
    organisation = section_text(department, "organisation")
    assert organisation[-2:] == ["1.上海市杨浦区医疗保障局本部", "2.上海市杨浦区医疗保险事务中心"]
    projects = [s.title for s in department.walk() if s.id.startswith("project-")
                and s.id.count("-") == 1]
    assert len(projects) == 5 and projects[0] == "1、项目名称：医疗保障管理事务专项"
    assert section_text(department, "project-1-3") == ["上海市杨浦区医疗保障局本部"]
    other = " ".join(section_text(department, "other"))
    assert "（三）公务接待费0.90万元，与2023年预算持平" in other
    assert "项目绩效目标5个，涉及预算资金17,628.17万元" in other
    # The department's 绩效目标 sentence is the published book's, word for word.
    published = " ".join(section_text(publication("001"), "other"))
    sentence = re.search(r"其中，编报部门整体绩效目标.*?万元。", published)
    assert sentence is not None and "整体绩效目标3个" in sentence.group()
    assert sentence.group() in other


def test_a_unit_mistake_points_into_the_unit_file(tmp_path: Path) -> None:
    copy = tmp_path / "rollup"
    shutil.copytree(ROLLUP, copy)
    bureau = copy / "bureau.yaml"
    text = bureau.read_text(encoding="utf-8")
    assert text.count('"30217", 公用经费: 9000') == 1
    bureau.write_text(text.replace('"30217", 公用经费: 9000', '"30217", 公用经费: 9500'),
                      encoding="utf-8")
    result = validate(str(copy / "department.yaml"))
    assert not result.ok
    codes = {(f.code, Path(f.locations[0].file).name) for f in result.findings}
    assert ("sum.economic", "bureau.yaml") in codes
    assert ("cross.three-public", "bureau.yaml") in codes
    assert all(Path(f.locations[0].file).name == "bureau.yaml" for f in result.findings)


def test_units_without_projects_are_warned_each_not_the_department(tmp_path: Path) -> None:
    copy = tmp_path / "rollup"
    shutil.copytree(ROLLUP, copy)
    for name in ("bureau.yaml", "center.yaml"):
        text = (copy / name).read_text(encoding="utf-8")
        (copy / name).write_text(text[:text.index("\n项目:\n") + 1], encoding="utf-8")
    found = validate(str(copy / "department.yaml")).findings
    assert [(f.code, str(f.locations[0]), f.message.split("，")[0]) for f in found] == [
        ("sum.projects", f"{copy}/bureau.yaml:48:27", "项目支出 8,075,310.00元"),
        ("sum.projects", f"{copy}/center.yaml:44:27", "项目支出 168,206,350.00元")]


def test_a_department_built_from_units_states_no_figures_itself(tmp_path: Path) -> None:
    copy = tmp_path / "rollup"
    shutil.copytree(ROLLUP, copy)
    department = copy / "department.yaml"
    department.write_text(department.read_text(encoding="utf-8") + "\n机关运行经费: 100\n",
                          encoding="utf-8")
    result = validate(str(department))
    own = [f for f in result.findings if f.code == "rollup.own-figure"]
    assert [f.message for f in own] == [
        "由「合并单位」汇总的部门不能自己填写「机关运行经费」：请在各单位的数据文件中填写"]


@pytest.mark.parametrize("name", ["bureau.yaml", "center.yaml", "department.yaml"])
def test_rollup_example_files_have_no_findings(name: str) -> None:
    assert validate(str(ROLLUP / name)).findings == []
