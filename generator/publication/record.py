"""The data values a workbook must carry besides the printed tables (see ``model.Record``).

The workbook's tables carry 表8's economic lines, 表9's 三公 and 机关运行经费 and the 申报表
forms; 支出明细 travels as its own grid (no printed table splits 人员经费/公用经费 by 项);
everything else (the book's identity, options, texts, prior-year figures, projects …) as
(path, value) pairs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from generator.publication.context import Context
from generator.publication.ledger import KIND_NAMES, KINDS, SOURCE_NAMES, SOURCES
from generator.publication.model import Cell, Record, Row, Scalar, Table, Unit

LINES_ID = "支出明细"
# Keys whose values the workbook carries in a grid of its own (or not at all: a department's
# 合并单位 are already summed into its figures).
CARRIED = {"支出明细", "基本支出经济分类", "机关运行经费", "合并单位"}
CARRIED_THREE_PUBLIC = {"因公出国境费", "公务接待费", "公务用车购置费", "公务用车运行费"}
FORM_KEY = "绩效目标申报表"


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text=text, rowspan=rowspan, colspan=colspan, header=True)


def lines_table(ctx: Context) -> Table:
    """支出明细 as entered: a source's three cells are filled (0 included) when the line has
    that source, blank otherwise; 名称 is the name the tables print."""
    header = (
        (_h("科目编码", rowspan=2), _h("科目名称", rowspan=2),
         *(_h(SOURCE_NAMES[s], colspan=len(KINDS)) for s in SOURCES)),
        tuple(_h(KIND_NAMES[k]) for _ in SOURCES for k in KINDS),
    )
    rows = []
    for line in ctx.ledger.lines:
        cells = [Cell(text=line.code), Cell(text=line.name)]
        for source in SOURCES:
            for kind in KINDS:
                entered = source in line.amounts.sources
                value = line.amounts.values.get((source, kind)) if entered else None
                cells.append(Cell(amount=value, fact=f"{LINES_ID}/{line.code}/{source}/{kind}",
                                  is_amount=True))
        rows.append(Row(tuple(cells), "item", 3, line.code))
    return Table(
        id=LINES_ID,
        title=LINES_ID,
        caption=f"{LINES_ID}（项级，按资金来源和支出类型）",
        compiler="",
        unit=Unit.YUAN,
        decimals=ctx.decimals,  # the book's: a whole-yuan book shows whole yuan here too
        header=header,
        rows=tuple(rows),
        column_widths=(16, 60, *(24 for _ in SOURCES for _ in KINDS)),
        blank_zero=False,
        wide=True,
    )


def flatten(value: Any, path: str = "") -> Iterator[tuple[str, Scalar]]:
    """(path, value) for every scalar under ``value``: keys joined by dots, list items as
    ``[n]`` from 1."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value, start=1):
            yield from flatten(item, f"{path}[{i}]")
    elif isinstance(value, str | Decimal | int | bool | date):
        yield path, value


def _carried(path: str) -> bool:
    head = path.split(".")[0].split("[")[0]
    if head in CARRIED:
        return True
    parts = path.split(".")
    if head == "三公经费" and len(parts) > 1 and parts[1] in CARRIED_THREE_PUBLIC:
        return True
    return head == "项目" and len(parts) > 1 and parts[1] == FORM_KEY


def build_record(ctx: Context) -> Record:
    """The record of ``ctx``'s book: 支出明细 and every value no table carries."""
    dumped = ctx.book.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    values = tuple((p, v) for p, v in flatten(dumped) if not _carried(p))
    has_lines = ctx.book.kind != "绩效目标申报表"
    return Record(lines=lines_table(ctx) if has_lines else None, values=values)


def keep_literals(record: Record | None, raw: Any) -> Record | None:
    """``record`` with each amount typed in 万 (``"70.90万"``) kept as typed: checks treat
    such an amount as exact to 100 元 only. ``raw`` is the data file as read."""
    if record is None:
        return None
    typed = {path: value for path, value in flatten(raw)
             if isinstance(value, str) and value.strip().endswith(("万", "万元"))}
    values = tuple((path, typed.get(path, value) if isinstance(value, Decimal) else value)
                   for path, value in record.values)
    return dataclasses.replace(record, values=values)
