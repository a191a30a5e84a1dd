"""A blank workbook in the layout ``budgetgen import`` reads: a starter for those who would
rather fill in Excel than YAML (``budgetgen init --format xlsx``).

It has every sheet of an export: the nine tables with their headers (derived from no lines, so
they show only headers and totals and are compared with nothing until filled), an empty
支出明细, and a 数据 sheet listing the paths a book needs with their values left blank. Blank
values are not read, so an unfilled starter fails validation instead of being published.
"""

from __future__ import annotations

import dataclasses
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
                                "单位": {"名称": "（单位名称）"}})
    publication = derive(book, check=False)
    values: tuple[tuple[str, Scalar], ...] = (
        ("预算年度", year), ("级次", level), ("类型", kind), *_COMMON,
              *(_DEPARTMENT if shape == "部门" else ()), *_REST)
    lines = publication.record.lines if publication.record else None
    blank = dataclasses.replace(publication, sections=tuple(_empty(s) for s in
                                                            publication.sections),
                                record=Record(lines=lines, values=values),
                                edition_date=date(year - 1, 1, 1))
    return xlsx.write(blank)


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
