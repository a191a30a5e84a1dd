"""Cross-checks between parts of the book that state related figures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from generator.checks.base import CheckContext, error, mismatch, warning, yuan
from generator.findings import Finding, Location
from generator.publication.ledger import ZERO
from generator.publication.narrative import unit_natures
from generator.source.schema import RUNNING_COST_NATURES, Form

# 三公 item → (schema field, data key, economic code that carries it in 基本支出).
THREE_PUBLIC_ECON = (
    ("abroad", "因公出国境费", "30212"),
    ("reception", "公务接待费", "30217"),
    ("vehicle_running", "公务用车运行费", "30231"),
    ("vehicle_purchase", "公务用车购置费", "31013"),
)


def check(ctx: CheckContext) -> Iterator[Finding]:
    yield from _three_public(ctx)
    yield from _running_cost(ctx)
    for i, project in enumerate(ctx.book.projects):
        yield from _period(ctx, i)
        if project.form is not None:
            yield from _form_vs_project(ctx, i, project.form)
    yield from _assets_date(ctx)


def _three_public(ctx: CheckContext) -> Iterator[Finding]:
    """A 三公 amount covers at least the 基本支出 economic line of the same kind; more is
    possible (project spending can carry 三公), less is not."""
    book = ctx.book
    if book.kind == "绩效目标申报表":
        return
    econ = {e.code: (i, e) for i, e in enumerate(book.economic)}
    for field, key, code in THREE_PUBLIC_ECON:
        stated = getattr(book.three_public, field) if book.three_public else ZERO
        index, line = econ.get(code, (None, None))
        basic = (line.personnel + line.public) if line else ZERO
        if stated == basic:
            continue
        where = [ctx.at("三公经费", key) if book.three_public and ctx.doc.has(("三公经费", key))
                 else ctx.at("三公经费") if book.three_public else ctx.at()]
        if index is not None:
            where.append(ctx.at("基本支出经济分类", index))
        place = f"表9 “三公”经费和机关运行经费预算表 · {key}"
        if stated < basic:
            yield error("cross.three-public",
                        f"“三公”经费{key}少于经济分类 {code} 的基本支出："
                        f"按经济分类{mismatch(basic, stated)}", where, place)
        else:
            yield warning("cross.three-public",
                          f"“三公”经费{key} {yuan(stated)} 多于经济分类 {code} 的基本支出 "
                          f"{yuan(basic)}：如差额 {yuan(stated - basic)} 在项目支出中安排可忽略",
                          where, place)


def _running_cost(ctx: CheckContext) -> Iterator[Finding]:
    """机关运行经费 against the 一般公共预算 公用经费 of the same book, within the natures it
    covers (行政单位, 参公事业单位): a 事业单位 outside them has none; a department whose
    单位列表 names such a unit has 公用经费 beyond it, so only more than 公用经费 is suspect.
    A department rolled up from 「合并单位」 is not checked as a whole: each unit was already
    checked on its own, with its own 性质."""
    book = ctx.book
    if book.running_cost is None or book.units:
        return
    place = "表9 “三公”经费和机关运行经费预算表 · 机关运行经费"
    where = [ctx.at("机关运行经费")]
    natures = unit_natures(book)
    covered = [n for n in natures or () if n in RUNNING_COST_NATURES]
    if natures is not None and not covered:
        if book.running_cost:
            whose = "本单位性质为事业单位" if book.kind == "单位预算" else "单位列表中各单位均为事业单位"
            yield warning("cross.running-cost",
                          f"{whose}（非参公），不在机关运行经费的范围内（只含行政单位和参公事业单位），"
                          f"机关运行经费通常为0，填写的是 {yuan(book.running_cost)}：请核对性质或金额",
                          [*where, _nature_at(ctx)], place)
        return
    public = ctx.derived.ledger.total(("general",), ("public",))
    if ctx.derived.unsplit:  # the lines give no 公用经费: 表8 carries it
        public = sum((e.public for e in book.economic), start=ZERO)
    stated = ctx.derived.printed("合计", ("general",), ("public",))
    if stated is not None:
        public = stated
    if natures is not None and len(covered) < len(natures):
        if book.running_cost > public:
            yield warning("cross.running-cost",
                          f"机关运行经费 {yuan(book.running_cost)} 多于一般公共预算公用经费 "
                          f"{yuan(public)}，相差 {yuan(book.running_cost - public)}：机关运行经费是"
                          "行政单位和参公事业单位公用经费的一部分，请核对",
                          [*where, _nature_at(ctx)], place)
        return
    if book.running_cost != public:
        hint = ("" if natures is not None else
                "（事业单位不在机关运行经费范围内：如是，请在单位下写明 性质: 事业单位）"
                if book.kind == "单位预算" else
                "（下属事业单位不在机关运行经费范围内：请在单位列表中写明各单位的性质）")
        yield warning("cross.running-cost",
                      f"机关运行经费通常等于一般公共预算公用经费：按公用经费"
                      f"{mismatch(public, book.running_cost)}{hint}", where, place)


def _nature_at(ctx: CheckContext) -> Location:
    if ctx.book.kind != "部门预算":
        return ctx.at("单位", "性质")
    return ctx.at("机构设置", "单位列表")


def _period(ctx: CheckContext, index: int) -> Iterator[Finding]:
    project = ctx.book.projects[index]
    if project.period is None:
        return
    start, end = project.period.start, project.period.end
    place = f"七、项目经费情况说明 · {project.name} · 实施周期"
    if end < start:
        yield error("project.period", f"实施周期结束日期 {end} 早于开始日期 {start}",
                    [ctx.at("项目", index, "实施周期", "结束")], place)
    elif end < date(ctx.book.year, 1, 1) or start > date(ctx.book.year, 12, 31):
        yield error("project.period",
                    f"实施周期 {start} 至 {end} 不包含预算年度 {ctx.book.year} 年：请核对年份",
                    [ctx.at("项目", index, "实施周期")], place)


def _form_vs_project(ctx: CheckContext, index: int, form: Form) -> Iterator[Finding]:
    project = ctx.book.projects[index]
    base = ("项目", index, "绩效目标申报表")
    place = f"绩效目标申报表 · {project.name}"
    if form.name is not None and form.name != project.name:
        yield warning("form.project", f"申报表的项目名称「{form.name}」与项目名称"
                      f"「{project.name}」不一致", [ctx.doc.locate((*base, "项目名称")),
                                                ctx.at("项目", index, "名称")], place)
    implementer = project.implementer
    if (form.implementer is not None and isinstance(implementer, str)
            and "\n" not in implementer.strip() and form.implementer != implementer):
        yield warning("form.project", f"申报表的实施单位「{form.implementer}」与项目实施主体"
                      f"「{project.implementer}」不一致",
                      [ctx.doc.locate((*base, "实施单位")), ctx.at("项目", index, "实施主体")],
                      place)
    for key, value in (("计划开始日期", form.start), ("计划完成日期", form.end)):
        if value is not None and project.period is not None and not (
                project.period.start <= value <= project.period.end):
            yield warning("form.project",
                          f"{key} {value} 不在项目实施周期 {project.period.start} 至 "
                          f"{project.period.end} 内", [ctx.doc.locate((*base, key))], place)
    if form.start and form.end and form.end < form.start:
        yield error("form.dates", f"计划完成日期 {form.end} 早于计划开始日期 {form.start}",
                    [ctx.doc.locate((*base, "计划完成日期"))], place)


def _assets_date(ctx: CheckContext) -> Iterator[Finding]:
    assets = ctx.book.assets
    if assets is None:
        return
    if assets.as_of.year not in (ctx.book.year - 1, ctx.book.year):
        yield warning("cross.assets-date",
                      f"国有资产截至日期 {assets.as_of} 不在 {ctx.book.year - 1} 年或 "
                      f"{ctx.book.year} 年：通常为上年末（{ctx.book.year - 1}-12-31）",
                      [ctx.at("国有资产", "截至日期")], "六、其他相关情况说明 · 国有资产占有使用情况")
