"""A blank workbook in the layout ``budgetgen import`` reads: a starter for those who would
rather fill in Excel than YAML (``budgetgen init --format xlsx``).

It has every sheet of an export: the nine tables with their headers (derived from no lines, so
they show only headers and totals and are compared with nothing until filled), an empty
支出明细, and a 数据 sheet listing the paths a book needs with their values left blank. Blank
values are not read, so an unfilled starter fails validation instead of being published.
"""

from __future__ import annotations

import dataclasses
import io
import re
from copy import copy
from datetime import date

from generator.publication.derive import derive
from generator.publication.model import Record, Scalar, Section, Table
from generator.source.schema import Book
from generator.writers import xlsx

# (path, value) rows of the 数据 sheet; "" is left for the officer to fill.
_COMMON: tuple[tuple[str, Scalar], ...] = (
    ("地区", ""),
    ("单位.名称", ""),
    ("单位.编码", ""),
    ("单位.表内名称", ""),
    ("单位.简称", ""),
    ("选项.总表支出类别", "全部"),
    ("选项.总表支出分列", True),
    ("选项.金额小数位", 2),
    ("选项.支出说明层级", "项"),
    ("主要职能.导语", ""),
    ("主要职能.条目[1]", ""),
    ("主要职能.条目[2]", ""),
    ("机构设置.说明", ""),
)
_DEPARTMENT: tuple[tuple[str, Scalar], ...] = (
    ("机构设置.单位列表[1]", ""),
    ("机构设置.单位列表[2]", ""),
)
_REST: tuple[tuple[str, Scalar], ...] = (
    ("预算编制说明.变动原因", ""),
    ("上年预算.一般公共预算", ""),
    ("上年预算.政府性基金", ""),
    ("上年预算.国有资本经营预算", ""),
    ("上年预算.三公经费.因公出国境费", ""),
    ("上年预算.三公经费.公务接待费", ""),
    ("上年预算.三公经费.公务用车购置费", ""),
    ("上年预算.三公经费.公务用车运行费", ""),
    ("上年预算.机关运行经费", ""),
    ("三公经费.公务接待费用途", ""),
    ("政府采购.货物", ""),
    ("政府采购.工程", ""),
    ("政府采购.服务", ""),
    ("绩效目标.项目数", ""),
    ("绩效目标.金额", ""),
    ("国有资产.截至日期", ""),
    ("国有资产.车辆.执法执勤用车", ""),
    ("国有资产.车辆.其他用车", ""),
    ("国有资产.大型设备", ""),
    ("项目[1].名称", ""),
    ("项目[1].金额", ""),
    ("项目[1].科目", ""),
    ("项目[1].实施主体", ""),
    ("项目[1].项目概述", ""),
    ("项目[1].立项依据", ""),
    ("项目[1].实施方案", ""),
    ("项目[1].实施周期.开始", ""),
    ("项目[1].实施周期.结束", ""),
    ("项目[1].年度预算安排", ""),
    ("项目[1].绩效目标", ""),
)


def blank_workbook(shape: str = "单位", level: str = "区级", year: int | None = None) -> bytes:
    """A blank workbook for a 单位预算 (``shape`` 单位) or 部门预算 (部门) of ``level``
    (区级/市级) for budget ``year`` (default: next year)."""
    year = year if year is not None else date.today().year + 1
    kind = "部门预算" if shape == "部门" else "单位预算"
    book = Book.model_validate({"预算年度": year, "地区": "上海市", "级次": level, "类型": kind,
                                "单位": {"名称": "（单位名称）"},
                                "选项": {"表注": False}})  # no "故本表无数据" under a blank
    publication = derive(book, check=False)
    values: tuple[tuple[str, Scalar], ...] = (
        ("预算年度", year), ("级次", level), ("类型", kind), *_COMMON,
              *(_DEPARTMENT if shape == "部门" else ()), *_REST)
    lines = publication.record.lines if publication.record else None
    blank = dataclasses.replace(publication, sections=tuple(_empty(s) for s in
                                                            publication.sections),
                                record=Record(lines=lines, values=values),
                                edition_date=date(year - 1, 1, 1))
    wb = xlsx.workbook(blank)
    data = wb[xlsx.DATA_SHEET]
    data.column_dimensions["C"].width = 60
    data.cell(1, 3, "说明（导入时不读此列）")
    data.cell(1, 3)._style = copy(data.cell(1, 1)._style)
    for row in range(2, data.max_row + 1):
        path = re.sub(r"\[\d+\]", "[n]", str(data.cell(row, 1).value))
        data.cell(row, 3, HINTS.get(path) or HINTS.get(path.rsplit(".", 1)[-1], ""))
    out = io.BytesIO()
    wb.save(out)
    return xlsx.reproducible(out.getvalue(), date(year - 1, 1, 1))


MONEY = "金额（元；也可写 10.21万）"
# What to write in each row of the blank 数据 sheet (by path, [n] for any item number, or by
# the last key).
HINTS = {
    "预算年度": "预算年度，如 2025",
    "地区": "如 上海市松江区",
    "级次": "区级 或 市级（名词解释随之不同）",
    "类型": "单位预算 或 部门预算",
    "单位.名称": "单位全称",
    "单位.编码": "单位编码，如 157001",
    "单位.表内名称": "表中“编制单位”所印名称（可空：同名称）",
    "单位.简称": "文字中所用名称（可空：同表内名称）",
    "选项.总表支出类别": "全部（列出全部类）或 非零（只列有数的类）",
    "选项.总表支出分列": "TRUE：表1分列人员经费、公用经费、项目支出",
    "选项.金额小数位": "2（元到分）或 0（整元）",
    "选项.支出说明层级": "类、款 或 项：财政拨款支出主要内容列到哪一级",
    "主要职能.导语": "主要职能的引言",
    "主要职能.条目[n]": "一条职能；更多职能写 主要职能.条目[3]、条目[4] …",
    "机构设置.说明": "内设机构、下属单位的说明",
    "机构设置.单位列表[n]": "纳入部门预算的单位，一行一个",
    "预算编制说明.变动原因": "收支比上年增减的主要原因",
    "三公经费.公务接待费用途": "公务接待费的用途（可空）",
    "绩效目标.项目数": "编报绩效目标的项目个数",
    "国有资产.截至日期": "车辆和设备数的截至日期，如 2024-12-31",
    "国有资产.大型设备": "单价100万元（含）以上设备台数",
    "项目[n].名称": "项目名称；更多项目写 项目[2].名称 …",
    "项目[n].科目": "7位功能分类科目编码，须在支出明细中",
    "项目[n].实施主体": "实施单位",
    "项目[n].实施周期.开始": "如 2025-01-01",
    "项目[n].实施周期.结束": "如 2025-12-31",
    "项目[n].年度预算安排": "年度预算安排的说明",
    "一般公共预算": MONEY, "政府性基金": MONEY, "国有资本经营预算": MONEY, "因公出国境费": MONEY,
    "公务接待费": MONEY, "公务用车购置费": MONEY, "公务用车运行费": MONEY, "机关运行经费": MONEY,
    "货物": MONEY, "工程": MONEY, "服务": MONEY, "金额": MONEY,
    "执法执勤用车": "车辆数", "其他用车": "车辆数",
    "项目概述": "文字；分段用空行", "立项依据": "文字；分段用空行", "实施方案": "文字；分段用空行",
    "绩效目标": "文字",
}


def _empty(section: Section) -> Section:
    """``section`` with every table figure blank (nothing is stated yet)."""
    blocks = tuple(
        dataclasses.replace(block, rows=tuple(
            dataclasses.replace(row, cells=tuple(
                dataclasses.replace(cell, amount=None) for cell in row.cells))
            for row in block.rows))
        if isinstance(block, Table) else block
        for block in section.blocks)
    return dataclasses.replace(section, blocks=blocks,
                               children=tuple(_empty(child) for child in section.children))
