"""``validate --format html``: findings by part of the book, errors first, self-contained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.findings import Finding, Location, Severity
from generator.report import FileReport, as_html, book_section
from tests.helpers import EXAMPLES, TESTDATA


@pytest.mark.parametrize(("place", "section"), [
    ("表8 一般公共预算基本支出部门预算经济分类预算表 · 合计 · 公用经费", "五、预算表"),
    ("表9 “三公”经费和机关运行经费预算表 · 公务接待费", "五、预算表"),
    ("支出明细 · 2081101", "五、预算表"),
    ("支出明细[3] › 合计", "五、预算表"),
    ("四、预算编制说明 · 财政拨款支出主要内容", "四、预算编制说明"),
    ("预算编制说明 › 变动原由", "四、预算编制说明"),
    ("上年预算", "四、预算编制说明"),
    ("六、其他相关情况说明 · 国有资产占有使用情况", "六、其他相关情况说明"),
    ("政府采购 › 货物", "六、其他相关情况说明"),
    ("七、项目经费情况说明 · 医疗补助 · 实施周期", "七、项目经费情况说明"),
    ("项目[2] › 项目概述", "七、项目经费情况说明"),
    ("项目[1] › 绩效目标申报表 › 年度总体目标", "财政项目支出绩效目标申报表"),
    ("绩效目标申报表 · 医疗补助 · 项目资金", "财政项目支出绩效目标申报表"),
    ("主要职能 › 条目[2]", "一、主要职能"),
    ("机构设置 › 说明", "二、机构设置"),
    ("名词解释[1] › 解释", "三、名词解释"),
    ("单位 › 编码", "基本信息"),
    ("（文件顶层）", "基本信息"),
    ("更正说明", "更正说明"),
    ("", "其他"),
])
def test_book_section(place: str, section: str) -> None:
    assert book_section(place) == section


def finding(code: str, severity: Severity, line: int, place: str) -> Finding:
    return Finding(code, severity, f"{code} 的说明 <b>", (Location("a.yaml", line, 3),), place)


def test_page_groups_by_part_in_book_order_with_errors_first() -> None:
    report = FileReport("a.yaml", "上海市松江区2025年区级单位预算（上海市松江区医疗保障局）", [
        finding("text.year", Severity.WARNING, 12, "主要职能 › 导语"),
        finding("project.period", Severity.ERROR, 90, "七、项目经费情况说明 · 甲 · 实施周期"),
        finding("cross.assets-date", Severity.WARNING, 70, "六、其他相关情况说明 · 国有资产占有使用情况"),
        finding("text.placeholder", Severity.WARNING, 80, "项目[1] › 项目概述"),
        finding("sum.economic", Severity.ERROR, 40, "表8 一般公共预算基本支出部门预算经济分类预算表 · 合计 · 人员经费"),
        finding("code.unknown", Severity.ERROR, 30, "支出明细 · 2999999"),
    ])
    assert [(part, [f.code for f in items]) for part, items in report.parts()] == [
        ("一、主要职能", ["text.year"]),
        ("五、预算表", ["code.unknown", "sum.economic"]),
        ("六、其他相关情况说明", ["cross.assets-date"]),
        ("七、项目经费情况说明", ["project.period", "text.placeholder"]),
    ]
    page = as_html([report])
    headings = re.findall(r"<h3>(.*?)</h3>", page)
    assert headings == ["一、主要职能（0 个错误，1 个警告）", "五、预算表（2 个错误，0 个警告）",
                        "六、其他相关情况说明（0 个错误，1 个警告）", "七、项目经费情况说明（1 个错误，1 个警告）"]
    assert ('<tr class="error"><td class="sev">错误</td><td>支出明细 · 2999999</td>'
            '<td>code.unknown 的说明 &lt;b&gt;</td><td><code>a.yaml:30:3</code></td>'
            '<td><code>code.unknown</code></td></tr>') in page
    assert "共 3 个错误，3 个警告" in page


def test_page_is_self_contained() -> None:
    page = as_html([FileReport("a.yaml", "", [finding("x", Severity.ERROR, 1, "")])])
    assert not re.search(r"<link|<script|<img|src=|url\(|@import|https?://", page)


def test_validate_writes_the_html_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "报告.html"
    bad = TESTDATA / "invalid" / "economic-mismatch.yaml"
    assert main(["validate", "--format", "html", "-o", str(out), str(EXAMPLES["000"]), str(bad),
                 str(tmp_path / "missing.yaml")]) == 2
    page = out.read_text(encoding="utf-8")
    assert capsys.readouterr().out == ""
    assert f"<h2 id=\"file-2\">{bad}　上海市松江区2025年区级单位预算（上海市松江区医疗保障局）</h2>" in page
    assert f"<code>{bad}:33:25</code><br><span class=\"also\">相关位置 </span>" in page
    assert "<h3>五、预算表（1 个错误，0 个警告）</h3>" in page
    assert "没有发现问题。" in page  # the 000 example
    assert f"{tmp_path / 'missing.yaml'}: 找不到文件" in page
    assert main(["validate", "--format", "html", str(EXAMPLES["000"])]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
