"""「已核实」: a checked warning stays quiet, is listed as 已核实 with its reason, and an
acknowledgement that excuses an error, names no place or matches nothing is itself a finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.findings import Severity
from generator.pipeline import validate
from tests.helpers import TESTDATA

# A 事业单位 book with five warnings: code.unknown on lines 53, 59, 60 and 64, sum.projects on 56.
BOOK = TESTDATA / "shapes" / "putuo-wenhuaguan-2025.yaml"
LINES = len(BOOK.read_text(encoding="utf-8").splitlines())


def _with(tmp_path: Path, tail: str, name: str = "book.yaml") -> Path:
    path = tmp_path / name
    path.write_text(BOOK.read_text(encoding="utf-8") + "\n" + tail, encoding="utf-8")
    return path


def _brief(path: Path) -> list[tuple[str, str, int, str]]:
    return [(f.code, f.severity.value, f.locations[0].line, f.reason)
            for f in validate(str(path)).findings]


def test_a_warning_acknowledged_at_its_code_is_listed_as_reviewed(tmp_path: Path) -> None:
    path = _with(tmp_path, "已核实:\n"
                           "  - 代码: code.unknown\n"
                           "    位置: \"2070109\"\n"
                           "    理由: 已对照区财政局下发的2025年科目表，有此科目\n")
    entry = LINES + 3
    assert _brief(path) == [
        ("code.unknown", "reviewed", 53, "已对照区财政局下发的2025年科目表，有此科目"),
        ("sum.projects", "warning", 56, ""),
        ("code.unknown", "warning", 59, ""),
        ("code.unknown", "warning", 60, ""),
        ("code.unknown", "warning", 64, ""),
    ]
    reviewed = validate(str(path)).findings[0]
    # the acknowledgement is the last related position
    assert (reviewed.locations[-1].line, reviewed.locations[-1].column) == (entry, 5)
    assert reviewed.render().splitlines()[0].endswith("（理由：已对照区财政局下发的2025年科目表，有此科目）")
    assert reviewed.render().splitlines()[0].startswith(f"{path}:53:9: 已核实 [code.unknown] ")


def test_without_a_place_every_finding_of_the_code_is_reviewed(tmp_path: Path) -> None:
    path = _with(tmp_path, "已核实:\n  - {代码: code.unknown, 理由: 科目表已核对}\n"
                           "  - {代码: sum.projects, 位置: 支出明细, 理由: 项目另行公开}\n")
    assert [(code, severity) for code, severity, _, _ in _brief(path)] == [
        ("code.unknown", "reviewed"), ("sum.projects", "reviewed"), ("code.unknown", "reviewed"),
        ("code.unknown", "reviewed"), ("code.unknown", "reviewed")]


def test_a_project_name_and_a_field_path_are_places(tmp_path: Path) -> None:
    exact = (TESTDATA / "shiji" / "exact.yaml").read_text(encoding="utf-8")
    old = "  货物: 3560000\n"
    assert exact.count(old) == 1
    path = tmp_path / "book.yaml"
    path.write_text(exact.replace(old, "  货物: 50\n") + "\n已核实:\n"
                    "  - {代码: plausible.wan-yuan, 位置: 政府采购.货物, 理由: 确为50元}\n",
                    encoding="utf-8")
    assert [(f.code, f.severity) for f in validate(str(path)).findings] == [
        ("plausible.wan-yuan", Severity.REVIEWED)]


def test_an_error_cannot_be_acknowledged(tmp_path: Path) -> None:
    text = BOOK.read_text(encoding="utf-8").replace("群众文艺创作。", "群众文艺创作XX。")
    path = tmp_path / "book.yaml"
    path.write_text(text + "\n已核实:\n  - {代码: text.placeholder, 理由: 以后再填}\n",
                    encoding="utf-8")
    result = validate(str(path))
    assert not result.ok
    [placeholder] = [f for f in result.findings if f.code == "text.placeholder"]
    assert placeholder.severity is Severity.ERROR and placeholder.reason == ""
    [refused] = [f for f in result.findings if f.code == "review.error"]
    assert refused.severity is Severity.WARNING
    assert refused.message == ("「text.placeholder」是错误，错误不能标为已核实：请改正数据，"
                               "并删去这一条已核实")
    assert [(loc.line, loc.column) for loc in refused.locations] == [(LINES + 3, 10), (23, 7)]


def test_an_acknowledgement_that_matches_nothing_is_a_notice(tmp_path: Path) -> None:
    path = _with(tmp_path, "已核实:\n"
                           "  - {代码: cross.running-cost, 位置: 机关运行经费, 理由: 事业单位}\n"
                           "  - {代码: code.unknown, 位置: 不存在的项目, 理由: 无}\n")
    findings = validate(str(path)).findings
    stale = [(f.code, f.severity, f.locations[0].line, f.locations[0].column, f.message)
             for f in findings if f.code.startswith("review.")]
    assert stale == [
        ("review.unmatched", Severity.NOTICE, LINES + 3, 5,
         "已核实的「cross.running-cost」在「机关运行经费」没有对应的问题：数据已改正或问题已不存在时，"
         "请删去这一条"),
        ("review.place", Severity.WARNING, LINES + 4, 28,
         "已核实的位置「不存在的项目」既不是数据中的科目编码、项目名称，也不是数据中的字段"
         "（如 机关运行经费、三公经费.公务接待费、项目[2].金额）：请改正位置"),
    ]


def test_the_reason_may_cite_any_year(tmp_path: Path) -> None:
    path = _with(tmp_path, "已核实:\n  - {代码: sum.projects, 理由: 2019年起项目另行公开}\n")
    assert not [f for f in validate(str(path)).findings if f.code == "text.year"]


def test_the_outputs_list_reviewed_findings_with_their_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with(tmp_path, "已核实:\n  - {代码: sum.projects, 理由: 项目另行公开}\n")
    assert main(["validate", str(path)]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[-1] == f"{path}：共 0 个错误，4 个警告，1 个已核实"
    assert "已核实 [sum.projects] 七、项目经费情况说明：" in text and "（理由：项目另行公开）" in text

    assert main(["validate", str(path), "--format", "json"]) == 0
    [reviewed] = [f for f in json.loads(capsys.readouterr().out) if f["severity"] == "reviewed"]
    assert (reviewed["code"], reviewed["reason"]) == ("sum.projects", "项目另行公开")

    report = tmp_path / "report.html"
    assert main(["validate", str(path), "--format", "html", "-o", str(report)]) == 0
    page = report.read_text(encoding="utf-8")
    assert "<td>0</td><td>4</td><td>1</td>" in page
    assert '<tr class="reviewed"><td class="sev">已核实</td>' in page
    assert '<span class="reason">已核实：项目另行公开</span>' in page
    assert "七、项目经费情况说明（0 个错误，0 个警告，1 个已核实）" in page


def test_batch_lists_the_reviewed_findings(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "books"
    root.mkdir()
    path = _with(root, "已核实:\n  - {代码: sum.projects, 理由: 项目另行公开}\n", "a.yaml")
    out = tmp_path / "out"
    assert main(["batch", str(root), "--out", str(out), "--jobs", "1", "--format", "html"]) == 0
    printed = capsys.readouterr().out
    line = f"  已核实 {path}：[sum.projects] 七、项目经费情况说明：项目另行公开"
    assert line in printed.splitlines()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "已核实 1 项：[sum.projects] 七、项目经费情况说明：项目另行公开" in index
    # a skipped book keeps its list
    assert main(["batch", str(root), "--out", str(out), "--jobs", "1", "--format", "html"]) == 0
    assert line in capsys.readouterr().out.splitlines()
