"""财政项目支出绩效目标申报表: one project's form as a six-column grid with merged cells."""

from __future__ import annotations

from decimal import Decimal

from generator.publication import text, wording
from generator.publication.context import Context
from generator.publication.ledger import ZERO
from generator.publication.model import Cell, Row, Table, Unit
from generator.source.schema import Form, FormFunds, IndicatorTree, Project


def _t(value: str, rowspan: int = 1, colspan: int = 1, head: bool = False) -> Cell:
    return Cell(text=value, rowspan=rowspan, colspan=colspan, header=head)


def _m(value: Decimal | None, fact: str, colspan: int = 1) -> Cell:
    return Cell(amount=value, fact=fact, colspan=colspan, is_amount=True)


def _date(value: object) -> str:
    return f"{value:%Y-%m-%d}" if value is not None else ""


def funds_figures(funds: FormFunds, project_amount: Decimal | None) -> dict[str, Decimal | None]:
    """The 项目资金 block as printed: totals computed from their parts, never typed."""
    annual_fiscal = funds.annual_fiscal if funds.annual_fiscal is not None else project_amount
    annual_parts = (annual_fiscal, funds.carried_over, funds.annual_other)
    annual_total = (sum((p for p in annual_parts if p is not None), start=ZERO)
                    if any(p is not None for p in annual_parts) else funds.annual_total)
    left_parts = (funds.fiscal, funds.other)
    total = (sum((p for p in left_parts if p is not None), start=ZERO)
             if any(p is not None for p in left_parts) else funds.total)
    return {
        "项目资金总额": total,
        "财政资金": funds.fiscal,
        "其他资金": funds.other,
        "年度资金申请总额": annual_total,
        "当年财政拨款": annual_fiscal,
        "上年结转资金": funds.carried_over,
        "年度其他资金": funds.annual_other,
    }


def indicator_rows(tree: IndicatorTree) -> list[tuple[str, str, str, str]]:
    """(一级, 二级, 三级, 指标值) in the form's order, skipping empty groups."""
    rows = []
    for level1_field, level1 in type(tree).model_fields.items():
        group = getattr(tree, level1_field)
        for level2_field, level2 in type(group).model_fields.items():
            for indicator in getattr(group, level2_field):
                rows.append((level1.alias or "", level2.alias or "", indicator.name,
                             indicator.value))
    return rows


def form_table(ctx: Context, index: int, project: Project, form: Form) -> Table:
    fid = f"申报表{index}"
    figures = funds_figures(form.funds, project.amount)
    implementer = form.implementer or (
        project.implementer if isinstance(project.implementer, str) else ctx.table_name)
    start = form.start or (project.period.start if project.period else None)
    end = form.end or (project.period.end if project.period else None)
    rows: list[Row] = [
        Row((_t("项目名称", head=True), _t(form.name or project.name),
             _t("项目性质", head=True), _t(form.nature),
             _t("项目类别", head=True), _t(form.category))),
        Row((_t("主管部门", head=True), _t(form.supervisor or ctx.book.body.supervisor
                                          or ctx.book.body.name),
             _t("实施单位", head=True), _t(implementer, colspan=3))),
        Row((_t("计划开始日期", head=True), _t(_date(start)),
             _t("计划完成日期", head=True), _t(_date(end), colspan=3))),
        Row((_t("项目资金\n（元）", rowspan=4, head=True), _t("项目资金总额"),
             _m(figures["项目资金总额"], f"{fid}/项目资金总额"),
             _t("年度资金申请总额"), _m(figures["年度资金申请总额"], f"{fid}/年度资金申请总额",
                                        colspan=2))),
        Row((_t("其中：财政资金"), _m(figures["财政资金"], f"{fid}/财政资金"),
             _t("其中：当年财政拨款"),
             _m(figures["当年财政拨款"], f"{fid}/当年财政拨款", colspan=2))),
        Row((_t(""), _t(""), _t("上年结转资金"),
             _m(figures["上年结转资金"], f"{fid}/上年结转资金", colspan=2))),
        Row((_t("其他资金"), _m(figures["其他资金"], f"{fid}/其他资金"),
             _t("其他资金"), _m(figures["年度其他资金"], f"{fid}/年度其他资金", colspan=2))),
        Row((_t("项目绩效目标", rowspan=2, head=True), _t("项目总目标", colspan=2, head=True),
             _t("年度总体目标", colspan=3, head=True))),
        Row((_t(text.lines(form.total_goal), colspan=2),
             _t(text.lines(form.annual_goal), colspan=3))),
    ]
    indicators = indicator_rows(form.indicators)
    rows.append(Row((_t("绩效指标", rowspan=len(indicators) + 1, head=True),
                     _t("一级指标", head=True), _t("二级指标", head=True),
                     _t("三级指标", colspan=2, head=True), _t("年度(/项目)指标值", head=True))))
    for i, (level1, level2, name, value) in enumerate(indicators):
        cells: list[Cell] = []
        if i == 0 or indicators[i - 1][0] != level1:
            cells.append(_t(level1, rowspan=_run_length(indicators, i, 0)))
        if i == 0 or indicators[i - 1][:2] != (level1, level2):
            cells.append(_t(level2, rowspan=_run_length(indicators, i, 1)))
        cells += [_t(name, colspan=2), _t(value)]
        rows.append(Row(tuple(cells)))
    words = ctx.words()
    return Table(
        id=fid,
        title=wording.phrase("tables.form", **words),
        caption=f"{wording.phrase('tables.form', **words)}（{form.name or project.name}）",
        compiler=wording.phrase("tables.form_year", **words),
        unit=Unit.YUAN,
        decimals=ctx.decimals,  # a whole-yuan book prints its forms in whole yuan too
        header=(),
        rows=tuple(rows),
        column_widths=(22, 27, 31, 32, 28, 34),
        blank_zero=False,
    )


def _run_length(rows: list[tuple[str, str, str, str]], start: int, depth: int) -> int:
    """How many rows from ``start`` share the first ``depth + 1`` columns (for row spans)."""
    key = rows[start][: depth + 1]
    n = 0
    for row in rows[start:]:
        if row[: depth + 1] != key:
            break
        n += 1
    return n
