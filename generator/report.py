"""``validate --format html``: one self-contained page of findings people can send.

Findings are grouped by the part of the book they concern (in book order), errors before
warnings in each part, each with its file:line:column and its place in the book. The part is
read from the finding's place, which every check words in the book's terms ("表8 …",
"六、其他相关情况说明 · …") or as a data path ("项目[2] › 项目概述").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.findings import Finding, Severity, sort_findings

# The parts of the book, in book order; findings on the file's heading keys go first.
SECTIONS = ("基本信息", "更正说明", "一、主要职能", "二、机构设置", "三、名词解释", "四、预算编制说明",
            "五、预算表", "六、其他相关情况说明", "七、项目经费情况说明", "财政项目支出绩效目标申报表",
            "其他")
_NUMBERED = {s[0]: s for s in SECTIONS if s[1:2] == "、"}
# A finding placed by its data path: the top-level key tells the part.
_BY_KEY = {
    "预算年度": "基本信息", "地区": "基本信息", "级次": "基本信息", "类型": "基本信息",
    "单位": "基本信息", "选项": "基本信息", "合并单位": "基本信息", "（文件顶层）": "基本信息",
    "版本": "更正说明", "更正说明": "更正说明", "主要职能": "一、主要职能", "机构设置": "二、机构设置",
    "名词解释": "三、名词解释", "预算编制说明": "四、预算编制说明", "上年预算": "四、预算编制说明",
    "支出明细": "五、预算表", "基本支出经济分类": "五、预算表", "三公经费": "五、预算表",
    "机关运行经费": "六、其他相关情况说明", "政府采购": "六、其他相关情况说明",
    "绩效目标": "六、其他相关情况说明", "国有资产": "六、其他相关情况说明",
    "项目": "七、项目经费情况说明", "已核实": "其他",
}
_FORMS = "财政项目支出绩效目标申报表"


def book_section(place: str) -> str:
    """The part of the book a finding's ``place`` lies in (one of :data:`SECTIONS`)."""
    if place[:2] in {f"{n}、" for n in _NUMBERED}:
        return _NUMBERED[place[0]]
    if re.match(r"^表\d", place):
        return "五、预算表"
    if place.startswith(("绩效目标申报表", _FORMS)):
        return _FORMS
    head = re.sub(r"\[\d+\]$", "", re.split(r" › | · ", place, maxsplit=1)[0])
    if head == "项目" and "绩效目标申报表" in place:
        return _FORMS
    return _BY_KEY.get(head, "其他")


@dataclass
class FileReport:
    """One data file's findings for the page (or why it could not be read)."""

    name: str
    title: str = ""
    findings: list[Finding] = field(default_factory=list)
    unreadable: str = ""

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def reviewed(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.REVIEWED)

    def parts(self) -> list[tuple[str, list[Finding]]]:
        """(part, findings) in book order, errors first within a part, then by position."""
        grouped: dict[str, list[Finding]] = {}
        for finding in sort_findings(self.findings):
            grouped.setdefault(book_section(finding.place), []).append(finding)
        order = list(Severity)  # errors, warnings, notices, then 已核实
        return [(name, sorted(grouped[name], key=lambda f: order.index(f.severity)))
                for name in SECTIONS if name in grouped]


def as_html(reports: list[FileReport]) -> str:
    """The page: a summary of every file, then each file's findings by part of the book."""
    from generator.writers.html import environment

    return environment().get_template("report.html.j2").render(reports=reports)
