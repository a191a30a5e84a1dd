"""``budgetgen init``: the starter loads, only its placeholders fail, filled in it builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from generator.build import build
from generator.cli import main
from generator.pipeline import publish, validate
from generator.source.json_schema import book_schema
from generator.source.starter import starter
from tests.helpers import ROOT

SHAPES = [(shape, level) for shape in ("单位", "部门") for level in ("区级", "市级")]
BOOK_ORDER = ["预算年度", "地区", "级次", "类型", "单位", "选项", "主要职能", "机构设置",
              "预算编制说明", "上年预算", "支出明细", "基本支出经济分类", "三公经费", "机关运行经费",
              "政府采购", "绩效目标", "国有资产", "项目"]


def write(tmp_path: Path, text: str, name: str = "starter.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def fill(text: str) -> str:
    """What the bureau does: write real words where the placeholders are."""
    return text.replace("待填写：", "").replace("XX", "松江")


@pytest.mark.parametrize(("shape", "level"), SHAPES)
def test_starter_fails_only_on_its_placeholders(tmp_path: Path, shape: str, level: str) -> None:
    result = validate(str(write(tmp_path, starter(shape, level, 2026))))
    assert result.book is not None  # the schema passes: every other check runs
    # besides the placeholders, only the notice that no 2026 catalog ships (the 2025 one is used)
    notices = [f for f in result.findings if f.severity == "notice"]
    assert [f.code for f in notices] == ["catalog.year"]
    findings = [f for f in result.findings if f.severity != "notice"]
    assert {f.code for f in findings} == {"text.placeholder"}
    assert all(f.severity == "error" for f in findings)
    places = {f.place for f in findings}
    assert {"单位 › 名称", "主要职能 › 导语", "预算编制说明 › 变动原因", "项目[1] › 名称",
            "项目[1] › 绩效目标申报表 › 年度总体目标"} <= places
    assert ("地区" in places) == (level == "区级")  # 市级: 地区 is 上海市 itself
    assert ("机构设置 › 单位列表[1]" in places) == (shape == "部门")
    first = next(f for f in result.findings if f.place == "主要职能 › 导语")
    assert first.message == "文字中留有占位符「待填写」：请填写实际内容"


@pytest.mark.parametrize(("shape", "level"), SHAPES)
def test_starter_lists_every_part_in_book_order(shape: str, level: str) -> None:
    data = yaml.safe_load(starter(shape, level, 2026))
    assert list(data) == BOOK_ORDER
    assert data["类型"] == {"单位": "单位预算", "部门": "部门预算"}[shape]
    assert data["级次"] == level
    assert data["国有资产"]["截至日期"] == "2025-12-31"
    assert data["项目"][0]["实施周期"] == {"开始": "2026-01-01", "结束": "2026-12-31"}
    assert list(Draft202012Validator(book_schema()).iter_errors(data)) == []


@pytest.mark.parametrize(("shape", "level"), SHAPES)
def test_filled_starter_is_a_valid_book_that_builds(tmp_path: Path, shape: str, level: str) -> None:
    path = write(tmp_path, fill(starter(shape, level, 2026)))
    result = validate(str(path))
    assert [f.render() for f in result.findings if f.severity != "notice"] == []
    publication = publish(result)
    region = "上海市松江区" if level == "区级" else "上海市"
    assert publication.title == f"{region}2026年{level}{shape}预算"
    written = build(publication, "filled", ["html", "docx"], tmp_path / "out")
    assert [p.name for p in written] == ["filled.html", "filled.docx"]
    assert "主要职能" in written[0].read_text(encoding="utf-8")


def test_a_unit_starter_names_its_supervisor_and_nature(tmp_path: Path) -> None:
    data = yaml.safe_load(starter("单位", "区级", 2026))
    assert data["单位"]["主管部门"] == "上海市XX区XX局"  # a placeholder: 申报表 need the real one
    assert data["单位"]["性质"] == "行政单位"
    result = validate(str(write(tmp_path, starter("单位", "区级", 2026))))
    assert "单位 › 主管部门" in {f.place for f in result.findings if f.code == "text.placeholder"}
    assert "性质" not in yaml.safe_load(starter("部门", "区级", 2026))["单位"]


def test_the_guide_shows_the_starter() -> None:
    page = (ROOT / "docs" / "data-fields.md").read_text(encoding="utf-8")
    block = re.search(r"```text\n(# yaml-language-server.*?)```\n", page, re.S)
    assert block is not None
    year = int(re.search(r"^预算年度: (\d+)$", block.group(1), re.M).group(1))  # type: ignore[union-attr]
    assert block.group(1) == starter("单位", "区级", year)


def test_init_command_writes_the_file_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "新单位.yaml"
    assert main(["init", str(target), "--shape", "部门", "--level", "市级", "--year", "2027"]) == 0
    text = target.read_text(encoding="utf-8")
    assert text == starter("部门", "市级", 2027)
    assert "已写出" in capsys.readouterr().err
    assert main(["init", str(target)]) == 2
    assert capsys.readouterr().err.strip() == f"用法错误：{target} 已存在；要覆盖请加 --force"
    assert main(["init", str(target), "--force", "--year", "2027"]) == 0
    assert target.read_text(encoding="utf-8") == starter("单位", "区级", 2027)


def test_init_command_prints_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--year", "2030"]) == 0
    assert capsys.readouterr().out == starter("单位", "区级", 2030)
    assert main(["init", "--year", "1990"]) == 2
    assert main(["init", "x.json"]) == 2
    assert "用法错误：初稿写成 YAML，文件名应以 .yaml 结尾：x.json" in capsys.readouterr().err


def test_init_writes_a_blank_workbook_that_imports_as_an_unfilled_book(tmp_path: Path) -> None:
    target = tmp_path / "新 单位.xlsx"
    assert main(["init", str(target), "--format", "xlsx", "--year", "2026", "--shape", "部门"]) == 0
    sheets = load_workbook(target).sheetnames
    assert sheets == [f"表{i}" for i in range(1, 10)] + ["支出明细", "数据"]
    # the title the book prints, with its year (no unit named yet in a blank workbook)
    assert load_workbook(target)["表1"]["A1"].value == "2026年部门财务收支预算总表"
    assert main(["init", str(target), "--format", "xlsx"]) == 2  # there already: not overwritten
    assert main(["init", "--format", "xlsx"]) == 2  # a workbook goes to a file
    assert main(["import", str(target), "-o", str(tmp_path / "back.yaml")]) == 0
    back = validate(str(tmp_path / "back.yaml"))
    assert back.book is None or not back.ok  # nothing filled in: not a publishable book


def test_import_never_overwrites_a_data_file_unasked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook, data = tmp_path / "book.xlsx", tmp_path / "book.yaml"
    assert main(["init", str(workbook), "--format", "xlsx", "--year", "2026"]) == 0
    data.write_text("预算年度: 2026\n", encoding="utf-8")
    assert main(["import", str(workbook), "-o", str(data)]) == 2
    assert capsys.readouterr().err.strip().endswith(f"{data} 已存在；要覆盖请加 --force")
    assert data.read_text(encoding="utf-8") == "预算年度: 2026\n"
    assert main(["import", str(workbook), "-o", str(data), "--force"]) == 0
    assert data.read_text(encoding="utf-8") != "预算年度: 2026\n"
