"""`budgetgen import FILE.xlsx`: every example comes back as the same book; edits, mistakes and
a filled-in blank workbook come back with findings located at sheet!cell."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from generator.pipeline import publish, validate
from generator.source.emit import dump_yaml
from generator.source.importers import Imported
from generator.source.importers.xlsx import blank_workbook, read
from generator.writers import xlsx
from tests.helpers import DATA, ROOT, TESTDATA

EXAMPLES = sorted(DATA.glob("*.yaml")) + [DATA / "yangpu-rollup" / "department.yaml"]


def _export(source: Path, target: Path) -> Path:
    target.write_bytes(xlsx.write(publish(validate(str(source)))))
    return target


def _reimport(imported: Imported, target: Path) -> Path:
    target.write_text(dump_yaml(imported.data), encoding="utf-8")
    return target


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_round_trip_gives_the_same_book(source: Path, tmp_path: Path) -> None:
    original = validate(str(source))
    imported = read(_export(source, tmp_path / "book.xlsx"))
    assert [f.render() for f in imported.findings] == []
    again = validate(str(_reimport(imported, tmp_path / "book.yaml")))
    assert [(f.code, f.message) for f in again.findings] == [
        (f.code, f.message) for f in original.findings]
    assert publish(again) == publish(original)


def test_round_trip_of_a_book_whose_tables_carry_no_data_notes(tmp_path: Path) -> None:
    # a self-financed unit: 表8 prints 「注：…故本表无数据。」 under its headers, not a line
    source = TESTDATA / "shapes" / "putuo-zishou-2025.yaml"
    imported = read(_export(source, tmp_path / "book.xlsx"))
    assert [f.render() for f in imported.findings] == []
    again = validate(str(_reimport(imported, tmp_path / "book.yaml")))
    assert publish(again) == publish(validate(str(source)))


def test_round_trip_of_a_shiji_book_with_unsplit_basic_spending(tmp_path: Path) -> None:
    """市级, whole yuan, ten-figure totals, 基本支出 not split by line: every table and text come
    back (the record differs only in kinds a line does not use: blank rather than 0)."""
    source = TESTDATA / "shiji" / "exact.yaml"
    original = validate(str(source))
    imported = read(_export(source, tmp_path / "book.xlsx"))
    assert [f.render() for f in imported.findings] == []
    again = validate(str(_reimport(imported, tmp_path / "book.yaml")))
    assert [f.render() for f in again.findings] == [f.render() for f in original.findings] == []
    before, after = publish(original), publish(again)
    assert (after.title, after.sections, after.tables) == (before.title, before.sections, before.tables)


def test_round_trip_of_the_000_book_gives_the_same_data(tmp_path: Path) -> None:
    source = DATA / "songjiang-yibao-2025.yaml"
    imported = read(_export(source, tmp_path / "b.xlsx"))
    again = validate(str(_reimport(imported, tmp_path / "b.yaml")))
    assert again.book == validate(str(source)).book


def _edit(path: Path, sheet: str, cell: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def test_a_line_edited_in_the_detail_sheet_reaches_the_data(tmp_path: Path) -> None:
    path = _export(DATA / "songjiang-yibao-2025.yaml", tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["支出明细"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "2101499")
    ws.cell(row, 5).value = 160000
    wb.save(path)
    imported = read(path)
    line = next(x for x in imported.data["支出明细"] if x["科目"] == "2101499")
    assert line == {"科目": "2101499", "项目支出": 160000}
    # the derived tables were not edited: each of their figures that moved is reported
    assert imported.findings
    first = imported.findings[0]
    assert first.code == "xlsx.mismatch"
    assert first.render() == (
        f"{path}!表1!B7: 警告 [xlsx.mismatch] 表1：工作簿中为 5,596,578.28，"
        "按支出明细、表8、表9和申报表推导应为 5,601,678.28（元）；数据文件按推导值写出")


def test_a_derived_figure_edited_alone_is_reported_at_its_cell(tmp_path: Path) -> None:
    path = _export(DATA / "songjiang-yibao-2025.yaml", tmp_path / "b.xlsx")
    _edit(path, "表5", "E6", 1)
    imported = read(path)
    assert [f.render() for f in imported.findings] == [
        f"{path}!表5!E6: 警告 [xlsx.mismatch] 表5：工作簿中为 1，"
        "按支出明细、表8、表9和申报表推导应为 597,811.04（元）；数据文件按推导值写出"]
    assert imported.findings[0].as_dict()["locations"] == [
        {"file": str(path), "line": 6, "column": 5, "sheet": "表5"}]


def test_unreadable_cells_are_located(tmp_path: Path) -> None:
    path = _export(DATA / "songjiang-yibao-2025.yaml", tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["支出明细"]["C6"] = "三十万"
    wb["支出明细"]["A7"] = "21O1101"
    data = wb["数据"]
    data.append(["单位.表内名", "某某"])
    data.append(["主要职能", "一句话"])
    data.append(["项目[1]..名称", "x"])
    wb.save(path)
    rows = data.max_row
    messages = [f.render() for f in read(path).findings if f.code != "xlsx.mismatch"]
    assert messages == [
        f"{path}!数据!A{rows - 2}: 错误 [xlsx.path] 数据：「单位」下没有「表内名」这一项，是否应为「表内名称」？",
        f"{path}!数据!A{rows - 1}: 错误 [xlsx.path] 数据：「主要职能」是一组内容，请分项填写"
        "（如「主要职能.…」或「主要职能[1]」）",
        f"{path}!数据!A{rows}: 错误 [xlsx.path] 数据：「项目[1]..名称」不是数据项的写法"
        "（应如 主要职能.条目[1]、项目[2].名称）",
        f"{path}!支出明细!C6: 错误 [xlsx.value] 支出明细：无法识别的金额「三十万」，填写的是「三十万」",
        f"{path}!支出明细!A7: 错误 [xlsx.value] 支出明细：科目编码应为7位数字，填写的是「21O1101」",
    ]


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    imported = read(path)
    assert imported.data == {}
    assert [f.code for f in imported.findings] == ["xlsx.unreadable"]
    assert imported.findings[0].render().startswith(
        f"{path}:1:1: 错误 [xlsx.unreadable] 无法作为 Excel 工作簿（.xlsx）读取")


def test_blank_workbook_filled_in_by_hand_gives_a_valid_book(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(blank_workbook("单位", "区级", 2025))
    assert blank_workbook("单位", "区级", 2025) == path.read_bytes()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [f"表{i}" for i in range(1, 10)] + ["支出明细", "数据"]
    fill = {"地区": "上海市松江区", "单位.名称": "上海市松江区某某局", "单位.编码": "157001",
            "主要职能.导语": "主要职能如下。", "主要职能.条目[1]": "负责本区某某工作。",
            "主要职能.条目[2]": "承办区政府交办的其他事项。", "机构设置.说明": "本局设2个内设机构。",
            "预算编制说明.变动原因": "人员调整", "上年预算.一般公共预算": 100000,
            "绩效目标.项目数": 0, "绩效目标.金额": 0, "国有资产.截至日期": "2024-12-31"}
    data = wb["数据"]
    for row in range(2, data.max_row + 1):
        key = data.cell(row, 1).value
        if key in fill:
            data.cell(row, 2).value = fill[key]
    lines = wb["支出明细"]
    lines.append(["2010101", None, 80000, 20000, None])
    economic = wb["表8"]
    assert economic["A6"].value == "合计"
    for merged in [str(r) for r in economic.merged_cells.ranges if r.min_row >= 6]:
        economic.unmerge_cells(merged)  # the officer types two lines above the 合计 row
    for row, values in ((6, ["301", "01", None, None, 80000, None]),
                        (7, [302, 1, None, None, None, 20000]), (8, ["合计"])):
        for column, value in enumerate(values, start=1):
            economic.cell(row, column).value = value
    wb["表9"]["G6"] = 2
    wb.save(path)
    imported = read(path)
    assert [f.render() for f in imported.findings] == []
    assert imported.data["支出明细"] == [{"科目": "2010101", "人员经费": 80000, "公用经费": 20000}]
    assert imported.data["基本支出经济分类"] == [{"科目": "30101", "人员经费": 80000},
                                            {"科目": "30201", "公用经费": 20000}]
    assert imported.data["机关运行经费"] == 20000
    result = validate(str(_reimport(imported, tmp_path / "book.yaml")))
    assert [f.render() for f in result.findings if f.severity.value == "error"] == []
    pub = publish(result)
    assert pub.tables["表1"].rows[-1].cells[1].amount == 100000


def test_blank_workbook_is_read_as_nothing_stated(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(blank_workbook("部门", "市级", 2026))
    imported = read(path)
    assert imported.findings == []
    assert imported.data == {"预算年度": 2026, "级次": "市级", "类型": "部门预算",
                             "选项": {"总表支出类别": "全部", "总表支出分列": True,
                                    "金额小数位": 2, "支出说明层级": "项"}}
    rows = {r[0] for r in openpyxl.load_workbook(io.BytesIO(path.read_bytes()))["数据"]
            .iter_rows(values_only=True)}
    assert "机构设置.单位列表[1]" in rows
    hints = {r[0]: r[2] for r in openpyxl.load_workbook(path)["数据"].iter_rows(values_only=True)}
    assert hints["项目[1].实施周期.开始"] == "如 2025-01-01"
    assert hints["上年预算.一般公共预算"] == "金额（元；也可写 10.21万）"


def test_import_command_writes_the_data_file(tmp_path: Path) -> None:
    path = _export(DATA / "songjiang-yibao-forms-2026.yaml", tmp_path / "forms.xlsx")
    target = tmp_path / "forms.yaml"
    done = subprocess.run([sys.executable, "-m", "generator", "import", str(path), "-o",
                           str(target)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"已写出 {target}（共 0 个错误，0 个警告）"
    again = validate(str(target))
    assert again.ok
    assert publish(again) == publish(validate(str(DATA / "songjiang-yibao-forms-2026.yaml")))


def test_numbered_lines_of_a_form_come_back_as_a_list(tmp_path: Path) -> None:
    source = DATA / "songjiang-yibao-forms-2026.yaml"
    imported = read(_export(source, tmp_path / "forms.xlsx"))
    original = validate(str(source)).book
    assert original is not None and original.projects[5].form is not None
    goal = imported.data["项目"][5]["绩效目标申报表"]["年度总体目标"]
    listed = [part for part in goal if isinstance(part, dict)]
    assert listed and listed[0]["编号"] == "（1）" and len(listed[0]["列表"]) == 4
    again = validate(str(_reimport(imported, tmp_path / "forms.yaml"))).book
    assert again is not None and again.projects[5].form is not None
    assert again.projects[5].form.annual_goal == original.projects[5].form.annual_goal
    # what the form shows by default (the project's name, dates, amount) is not repeated
    form = imported.data["项目"][0]["绩效目标申报表"]
    assert list(form) == ["项目性质", "项目类别", "项目资金", "年度总体目标", "绩效指标"]
    assert "当年财政拨款" not in form["项目资金"]


def _stress_book(tmp_path: Path) -> Path:
    """A book beyond the examples: a ten-figure line, several funding sources on one line (one
    entered at zero), an unknown code with a 40-character name, 20 projects with forms, texts
    with lists and paragraphs, 万-typed amounts, no 机关运行经费."""
    name = "某某专项资金管理与绩效评价及信息化建设和运行维护支出其他事项补充" + "说明"
    assert len(name) >= 30
    projects = []
    for i in range(1, 21):
        projects.append(f"""  - 名称: 项目{i:02d}
    金额: {1000 * i}
    科目: "2101502"
    项目概述:
      - 第一段。
      - 列表: [甲, 乙, 丙]
        编号: "（一）"
    实施周期: {{开始: "2025-01-01", 结束: "2025-12-31"}}
    年度预算安排: {{说明: 按进度安排。, 明细: [{{名称: 甲, 金额: "0.{i:02d}万"}}]}}
    绩效目标申报表:
      项目性质: 其他经常性项目
      项目类别: 其他运转类
      主管部门: 另一个主管部门
      计划开始日期: "2025-02-01"
      项目资金: {{财政资金: {1000 * i}, 上年结转资金: 0}}
      项目总目标: "第一行\\n\\n（1）甲\\n\\n（2）乙"
      年度总体目标: [完成。, 做好。]
      绩效指标:
        产出指标:
          数量指标: [{{名称: 次数, 指标值: "=4.00(次)"}}, {{名称: 人数, 指标值: ">=10人"}}]
        满意度指标:
          服务对象满意度指标: [{{名称: 满意度, 指标值: "≥90%"}}]
""")
    text = (ROOT / "tests" / "data" / "valid-minimal.yaml").read_text(encoding="utf-8")
    text = text.replace('''  - {科目: "2101501", 人员经费: 2548096.92, 公用经费: 222216.20, 项目支出: 72200.00}''',
                        f'''  - {{科目: "2101501", 人员经费: 1234567890.12, 公用经费: 222216.20, 项目支出: 72200.00}}
  - 科目: "2101502"
    资金来源:
      一般公共预算: {{项目支出: 210000}}
      政府性基金: {{项目支出: 0}}
      事业收入: {{人员经费: 5.5, 项目支出: 12}}
      其他收入: {{公用经费: 7}}
  - {{科目: "2109999", 名称: {name}, 项目支出: 3}}''')
    text = text.replace("机关运行经费: 222216.20\n", "")
    text = text.replace("项目:\n", "项目:\n" + "".join(projects)).replace(
        "    绩效目标: 为当地经济困难的白内障患者提供公益性手术和治疗。", "")
    path = tmp_path / "stress.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_round_trip_beyond_the_examples(tmp_path: Path) -> None:
    source = _stress_book(tmp_path)
    original = validate(str(source))
    assert original.book is not None and len(original.book.projects) == 21
    path = _export(source, tmp_path / "stress.xlsx")
    wb = openpyxl.load_workbook(path)
    assert [n for n in wb.sheetnames if n.startswith("申报表")] == [f"申报表{i}" for i in range(1, 21)]
    lines = wb["支出明细"]
    values = [lines.cell(r, 3).value for r in range(1, lines.max_row + 1)]
    assert 1234567890.12 in values
    imported = read(path)
    assert [f.render() for f in imported.findings] == []
    again = validate(str(_reimport(imported, tmp_path / "again.yaml")))
    assert publish(again) == publish(original)
    assert again.book is not None
    assert again.book.lines == sorted(original.book.lines, key=lambda line: line.code)
    assert again.book.running_cost is None


def test_a_moved_column_is_refused_not_read_shifted(tmp_path: Path) -> None:
    path = _export(DATA / "songjiang-yibao-2025.yaml", tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["支出明细"].insert_cols(3)
    wb.save(path)
    imported = read(path)
    assert imported.findings[0].render() == (
        f"{path}!支出明细!C3: 错误 [xlsx.sheet] 支出明细：此处表头应为「一般公共预算」，实为「」；"
        "各列须与导出的工作簿相同，未读取此表")
    assert "支出明细" not in imported.data
