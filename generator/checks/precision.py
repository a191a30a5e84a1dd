"""Printed totals (「印刷合计」) of a book entered from its printed rows.

A book printed in whole 元 rounds every figure once from data kept to the fen, so a printed
total can differ from the sum of its printed rows by up to half a unit per row. A stated total
within that gap is a notice (the book prints it as stated); a larger gap is an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.checks.base import CheckContext, error, notice, yuan
from generator.findings import Finding, Location
from generator.publication.ledger import BASIC, KINDS, SOURCES, ZERO, parse_quantity
from generator.source.schema import EconLine

PLACE = "印刷合计"
ECONOMIC_KINDS = {("personnel",): "personnel", ("public",): "public", BASIC: None}


def check(ctx: CheckContext) -> Iterator[Finding]:
    stated = ctx.book.printed
    if not stated:
        return
    for row, columns in stated.items():
        economic_row = len(row) == 3 and row.startswith("3")
        is_total = row in ("合计", "总计")
        lines = [ln for ln in ctx.derived.ledger.lines if is_total or ln.code.startswith(row)]
        econ = [e for e in ctx.book.economic if is_total or e.code.startswith(row)]
        if not (is_total or (economic_row and econ) or (not economic_row and row.isdigit()
                                                         and len(row) in (3, 5) and lines)):
            yield error("printed.row",
                        f"「印刷合计」中的「{row}」不是本书表中的合计行：可写 合计、有金额的功能分类"
                        "类/款编码或表8经济分类类编码", [ctx.doc.locate_key(("印刷合计", row))],
                        PLACE)
            continue
        for column, amount in columns.items():
            where = ctx.at("印刷合计", row, column)
            parsed = parse_quantity(column)
            if parsed is None:
                yield error("printed.column",
                            f"「印刷合计」{row} 中的栏名「{column}」无法识别：可写 合计、基本支出、"
                            "人员经费、公用经费、项目支出，或资金来源（财政拨款、一般公共预算、"
                            "政府性基金、国有资本经营预算、事业收入、事业单位经营收入、其他收入）"
                            "加上这些支出类型，如「一般公共预算基本支出」",
                            [where], PLACE)
                continue
            sources, kinds = parsed
            if economic_row:
                sources = ("general",) if sources == tuple(SOURCES) else sources
                kinds = BASIC if kinds == tuple(KINDS) else kinds
            sides: list[tuple[str, Decimal, int]] = []
            if not economic_row and not (ctx.derived.unsplit and kinds in (("personnel",),
                                                                          ("public",))):
                parts = [ln.amounts.total(sources, kinds) for ln in lines]
                sides.append(("支出明细", sum(parts, start=ZERO), sum(1 for p in parts if p)))
            if (economic_row or is_total) and sources == ("general",) and kinds in ECONOMIC_KINDS:
                parts = [_econ_amount(e, kinds) for e in econ]
                sides.append(("表8各行", sum(parts, start=ZERO), sum(1 for p in parts if p)))
            for side, total, rows in sides:
                yield from _gap(ctx, row, column, amount, side, total, rows, where)


def _econ_amount(line: EconLine, kinds: tuple[str, ...]) -> Decimal:
    field = ECONOMIC_KINDS[kinds]
    return line.personnel + line.public if field is None else Decimal(getattr(line, field))


def _gap(ctx: CheckContext, row: str, column: str, stated: Decimal, side: str, total: Decimal,
         rows: int, where: Location) -> Iterator[Finding]:
    gap = abs(stated - total)
    if gap == 0:
        return
    allowed = ctx.half_unit * rows
    head = f"{row} · {column}：印刷合计 {yuan(stated)} 与{side}之和 {yuan(total)} 相差 {yuan(gap)}"
    if gap <= allowed:
        yield notice("printed.total",
                     f"{head}，在 {rows} 行各自四舍五入的范围内（不超过 {yuan(allowed)}）："
                     "按印刷合计印出", [where], PLACE)
    else:
        yield error("printed.total",
                    f"{head}，超过 {rows} 行各自四舍五入可能造成的差额 {yuan(allowed)}："
                    "请核对印刷合计或各行金额", [where], PLACE)
