"""Arithmetic wherever the data states a figure that can also be computed."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.checks.base import CheckContext, error, mismatch, notice, warning, yuan
from generator.findings import Finding, Location
from generator.publication.context import line_amounts
from generator.publication.forms import funds_figures
from generator.publication.ledger import BASIC, SOURCE_NAMES, SOURCES, ZERO
from generator.source.loader import PathKey
from generator.source.schema import BudgetPlan, FormFunds

SOURCE_KEYS = tuple(SOURCE_NAMES[s] for s in SOURCES)

HALF_WAN = Decimal(50)  # an amount typed in 万元 with 2 decimals is exact to ±50 元


def check(ctx: CheckContext) -> Iterator[Finding]:
    yield from _basic_split(ctx)
    yield from _economic_vs_lines(ctx)
    yield from _projects_vs_spending(ctx)
    for i, project in enumerate(ctx.book.projects):
        if isinstance(project.budget, BudgetPlan) and project.budget.items:
            yield from _budget_items(ctx, i)
        if project.form is not None:
            yield from _form_funds(ctx, i, project.form.funds)
    yield from _performance(ctx)
    yield from _procurement(ctx)


def _economic_vs_lines(ctx: CheckContext) -> Iterator[Finding]:
    """表8 (economic lines) must equal the 一般公共预算 基本支出 of the function lines: by
    人员经费 and 公用经费, or as one 基本支出 when the lines give it unsplit. Rows entered from a
    printed book (「印刷合计」) may differ by half a unit per row: a notice."""
    if not ctx.book.economic:
        return
    if ctx.book.printed is not None and ctx.derived.printed("合计", ("general",), BASIC):
        return  # both sides are checked against the stated printed total
    pairs: tuple[tuple[tuple[str, ...], str], ...] = (
        ((("basic", "personnel", "public")), "基本支出"),) if ctx.derived.unsplit else (
        (("personnel",), "人员经费"), (("public",), "公用经费"))
    for kinds, name in pairs:
        econ_rows = [(i, sum((getattr(e, k) for k in kinds if k != "basic"), start=ZERO))
                     for i, e in enumerate(ctx.book.economic)]
        econ = sum((amount for _, amount in econ_rows), start=ZERO)
        lines = ctx.derived.ledger.total(("general",), kinds)
        if econ == lines:
            continue
        keys = [name] if len(kinds) == 1 else ["人员经费", "公用经费"]
        where = [ctx.at("基本支出经济分类", i, key) for i, e in enumerate(ctx.book.economic)
                 for key in keys if ctx.doc.has(("基本支出经济分类", i, key))]
        line_rows = [i for i in range(len(ctx.book.lines)) if _line_amount(ctx, i, kinds)]
        where += [ctx.at("支出明细", i) for i in line_rows]
        place = f"表8 一般公共预算基本支出部门预算经济分类预算表 · 合计 · {name}"
        rows = sum(1 for _, a in econ_rows if a) + len(line_rows)
        if ctx.book.printed is not None and abs(econ - lines) <= ctx.half_unit * rows:
            yield notice("sum.economic",
                         f"经济分类（表8）{name}合计 {yuan(econ)} 与支出明细中一般公共预算{name}"
                         f"合计 {yuan(lines)} 相差 {yuan(abs(econ - lines))}，在 {rows} 行印刷数"
                         f"各自四舍五入的范围内（不超过 {yuan(ctx.half_unit * rows)}）："
                         f"可在「印刷合计」写明印刷本上的合计", where[:1] or
                         [ctx.at("基本支出经济分类")], place)
            continue
        hint = ""
        if abs(econ - lines) <= ctx.half_unit * rows:  # no 印刷合计: say how to enter one
            hint = (f"。相差不超过 {rows} 行印刷数各自四舍五入的范围（{yuan(ctx.half_unit * rows)}）："
                    "若金额是照印刷本录入的，请在「印刷合计」写明印刷本上的合计")
        yield error(
            "sum.economic",
            f"经济分类（表8）{name}合计与支出明细中一般公共预算{name}合计不一致："
            f"按支出明细{mismatch(lines, econ)}{hint}",
            where or [ctx.at("基本支出经济分类")], place,
        )


def _line_amount(ctx: CheckContext, index: int, kinds: tuple[str, ...]) -> Decimal:
    return line_amounts(ctx.book.lines[index]).total(("general",), kinds)


def _basic_split(ctx: CheckContext) -> Iterator[Finding]:
    """A line gives 基本支出 either split (人员经费, 公用经费) or unsplit (基本支出), not both."""
    for i, line in enumerate(ctx.book.lines):
        parts: list[tuple[PathKey, object]] = [(("支出明细", i), line)]
        if line.sources is not None:
            parts = [(("支出明细", i, "资金来源", key), getattr(line.sources, field))
                     for field, key in zip(SOURCES, SOURCE_KEYS, strict=True)]
        for path, amounts in parts:
            if amounts is None:
                continue
            given = {k for k in ("人员经费", "公用经费", "基本支出") if ctx.doc.has((*path, k))}
            if "基本支出" in given and len(given) > 1:
                yield error("line.basic-split",
                            "同一行不能既填「基本支出」又填「人员经费」「公用经费」：表中只印基本支出时"
                            "只填「基本支出」，分列时只填人员经费和公用经费",
                            [ctx.at(*path, "基本支出")], f"支出明细 · {line.code}")


def _projects_vs_spending(ctx: CheckContext) -> Iterator[Finding]:
    projects = ctx.book.projects
    if ctx.book.kind == "绩效目标申报表":
        return
    if not projects:
        yield from _no_projects(ctx)
        return
    stated = [(i, p.amount) for i, p in enumerate(projects) if p.amount is not None]
    total = sum((amount for _, amount in stated), start=ZERO)
    spending = ctx.derived.ledger.total(kinds=("project",))
    where = [ctx.at("项目", i, "金额") for i, _ in stated]
    place = "表3 支出预算总表 · 合计 · 项目支出"
    if total > spending:
        yield error("sum.projects",
                    f"各项目金额合计 {yuan(total)} 超过项目支出 {yuan(spending)}，"
                    f"多出 {yuan(total - spending)}", where, place)
    elif len(stated) == len(projects) and total < spending:
        yield warning("sum.projects",
                      f"各项目金额合计 {yuan(total)} 小于项目支出 {yuan(spending)}，"
                      f"相差 {yuan(spending - total)}：如有未列出的项目可忽略", where, place)
    by_line: dict[str, list[int]] = {}
    for i, p in enumerate(projects):
        if p.code is not None and p.amount is not None:
            by_line.setdefault(p.code, []).append(i)
    for code, members in by_line.items():
        line = ctx.line_index(code)
        if line is None:
            continue  # reported by the code checks
        available = line_amounts(ctx.book.lines[line]).total(kinds=("project",))
        used = sum((projects[i].amount or ZERO for i in members), start=ZERO)
        if used > available:
            yield error("sum.project-line",
                        f"科目 {code} 下各项目金额合计 {yuan(used)} 超过该科目项目支出 "
                        f"{yuan(available)}，多出 {yuan(used - available)}",
                        [*(ctx.at("项目", i, "金额") for i in members),
                         ctx.at("支出明细", line)],
                        f"表3 支出预算总表 · {code} · 项目支出")


def _no_projects(ctx: CheckContext) -> Iterator[Finding]:
    """项目支出 > 0 with no project listed: 项目经费情况说明 would describe nothing. A department
    rolled up from 「合并单位」 is not warned as a whole: each unit without projects already is."""
    spending = ctx.derived.ledger.total(kinds=("project",))
    if spending <= ZERO or ctx.book.units:
        return
    where = [ctx.at(*path) for path in _project_paths(ctx)]
    yield warning("sum.projects",
                  f"项目支出 {yuan(spending)}，但没有列出任何项目，「项目经费情况说明」将没有内容："
                  "可能是项目尚未录入。请在「项目」下列出各项目（名称、金额、项目概述等）",
                  where or [ctx.at("支出明细")], "七、项目经费情况说明")


def _project_paths(ctx: CheckContext) -> list[PathKey]:
    """Where the lines state a non-zero 项目支出 (under each 资金来源 when split by source)."""
    out: list[PathKey] = []
    for i, line in enumerate(ctx.book.lines):
        parts: list[tuple[PathKey, object]] = [(("支出明细", i), line)]
        if line.sources is not None:
            parts = [(("支出明细", i, "资金来源", key), getattr(line.sources, field))
                     for field, key in zip(SOURCES, SOURCE_KEYS, strict=True)]
        out += [(*path, "项目支出") for path, amounts in parts
                if getattr(amounts, "project", None) and ctx.doc.has((*path, "项目支出"))]
    return out


def _budget_items(ctx: CheckContext, index: int) -> Iterator[Finding]:
    """年度预算安排 明细 must add up to the project's amount (within the precision typed)."""
    project = ctx.book.projects[index]
    plan = project.budget
    assert isinstance(plan, BudgetPlan)
    if project.amount is None:
        return
    paths = [("项目", index, "年度预算安排", "明细", k, "金额") for k in range(len(plan.items))]
    total = sum((item.amount for item in plan.items), start=ZERO)
    tolerance = sum((HALF_WAN for p in paths if ctx.stated_in_wan(p)), start=ZERO)
    if abs(total - project.amount) > tolerance:
        yield error("sum.project-budget",
                    f"年度预算安排各项合计与项目金额不一致：按项目金额{mismatch(project.amount, total)}",
                    [ctx.at("项目", index, "金额"), *(ctx.doc.locate(p) for p in paths)],
                    f"七、项目经费情况说明 · {project.name} · 年度预算安排")


def _form_funds(ctx: CheckContext, index: int, funds: FormFunds) -> Iterator[Finding]:
    project = ctx.book.projects[index]
    base = ("项目", index, "绩效目标申报表", "项目资金")
    place = f"绩效目标申报表 · {project.name} · 项目资金"
    figures = funds_figures(funds, project.amount)
    stated_checks = (
        ("年度资金申请总额", funds.annual_total, figures["年度资金申请总额"],
         ("当年财政拨款", "上年结转资金", "年度其他资金")),
        ("项目资金总额", funds.total, figures["项目资金总额"], ("财政资金", "其他资金")),
    )
    for name, stated, computed, parts in stated_checks:
        if stated is None or computed is None or stated == computed:
            continue
        where = [ctx.doc.locate((*base, name))]
        where += [ctx.doc.locate((*base, p)) for p in parts if ctx.doc.has((*base, p))]
        yield error("sum.form-funds",
                    f"{name}应等于{'＋'.join(parts)}：{mismatch(computed, stated)}",
                    where, f"{place} · {name}")
    # The form's total as the reader sees it stated (or computed when not stated).
    annual = funds.annual_total if funds.annual_total is not None else figures["年度资金申请总额"]
    if project.amount is not None and annual is not None and annual != project.amount:
        where = [ctx.doc.locate((*base, "年度资金申请总额"))
                 if ctx.doc.has((*base, "年度资金申请总额")) else ctx.doc.locate(base),
                 ctx.at("项目", index, "金额")]
        yield error("form.budget-line",
                    f"年度资金申请总额与项目金额不一致：按项目金额{mismatch(project.amount, annual)}",
                    where, f"{place} · 年度资金申请总额")


def _performance(ctx: CheckContext) -> Iterator[Finding]:
    perf = ctx.book.performance
    if perf is None:
        return
    projects = ctx.book.projects
    with_goals = [i for i, p in enumerate(projects) if p.form is not None or p.goals]
    place = "六、其他相关情况说明 · 绩效目标设置情况"
    if len(with_goals) > perf.projects:
        yield error("sum.performance-count",
                    f"绩效目标项目数写的是 {perf.projects} 个，但数据中有 {len(with_goals)} 个"
                    "项目填写了绩效目标", [ctx.at("绩效目标", "项目数"),
                                          *(ctx.at("项目", i, "名称") for i in with_goals)],
                    place)
    spending = ctx.derived.ledger.total(kinds=("project",))
    if perf.amount > spending:
        yield error("sum.performance-amount",
                    f"绩效目标涉及金额 {yuan(perf.amount)} 超过项目支出 {yuan(spending)}",
                    [ctx.at("绩效目标", "金额")], place)
    amounts = [projects[i].amount for i in with_goals]
    if len(with_goals) == perf.projects and all(a is not None for a in amounts):
        total = sum((a or ZERO for a in amounts), start=ZERO)
        if total != perf.amount:
            yield error("sum.performance-amount",
                        f"绩效目标涉及金额应为各项目金额之和：{mismatch(total, perf.amount)}",
                        [ctx.at("绩效目标", "金额"),
                         *(ctx.at("项目", i, "金额") for i in with_goals)], place)


def _procurement(ctx: CheckContext) -> Iterator[Finding]:
    p = ctx.book.procurement
    if p is None:
        return
    total = p.goods + p.works + p.services
    place = "六、其他相关情况说明 · 政府采购预算情况"
    pairs: list[tuple[str, Decimal | None, str, Decimal, Location]] = [
        ("面向中小企业预留", p.sme_reserved, "政府采购预算", total, ctx.at("政府采购")),
    ]
    if p.sme_reserved is not None:
        pairs.append(("其中小微企业", p.small_micro, "面向中小企业预留", p.sme_reserved,
                      ctx.at("政府采购", "面向中小企业预留")))
    for name, part, whole_name, whole, whole_at in pairs:
        if part is not None and part > whole:
            yield error("sum.procurement",
                        f"{name} {yuan(part)} 不能超过{whole_name} {yuan(whole)}",
                        [ctx.at("政府采购", name), whole_at], place)
