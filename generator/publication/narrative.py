"""The narrative parts of the book: the figures they quote, worded by the templates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from generator.publication import text, wording
from generator.publication.context import Context, three_public
from generator.publication.ledger import BASIC, FISCAL, ZERO
from generator.publication.model import Block
from generator.publication.wording import CN_DIGITS, Change, cn_number
from generator.source.schema import (
    RUNNING_COST_NATURES,
    VEHICLE_KINDS,
    Book,
    BudgetPlan,
    Performance,
    Procurement,
    Project,
)
from generator.source.uses import use_text


def changes(ctx: Context) -> SimpleNamespace:
    """Every current-vs-prior comparison of 预算编制说明 and the 表1 note."""
    prior = ctx.book.prior
    assert prior is not None

    def before(*names: str) -> Decimal:
        return sum((getattr(prior, n) for n in names), start=ZERO)

    return SimpleNamespace(
        total=Change(ctx.figure("合计"), before("general", "fund", "soe", "business",
                                                "operating", "other")),
        fiscal=Change(ctx.figure("合计", FISCAL), before("general", "fund", "soe")),
        general=Change(ctx.figure("合计", ("general",)), before("general")),
        fund=Change(ctx.figure("合计", ("fund",)), before("fund")),
        soe=Change(ctx.figure("合计", ("soe",)), before("soe")),
    )


def kind_changes(ctx: Context) -> dict[str, Change]:
    """财政拨款支出 by kind against the 上年预算 that gives it: 基本支出 (or 人员经费 + 公用经费),
    项目支出, 人员经费, 公用经费 (the last two only where the lines split them); keyed by the
    book's word for the kind, in the order the book states them."""
    prior = ctx.book.prior
    if prior is None:
        return {}
    before = {"基本支出": prior.prior_basic(), "项目支出": prior.project,
              "人员经费": prior.personnel, "公用经费": prior.public}
    kinds = {"基本支出": BASIC, "项目支出": ("project",), "人员经费": ("personnel",),
             "公用经费": ("public",)}
    out = {}
    for word, value in before.items():
        if value is None or (ctx.unsplit and word in ("人员经费", "公用经费")):
            continue  # lines giving 基本支出 alone split it only for 一般公共预算 (表8)
        out[word] = Change(ctx.figure("合计", FISCAL, kinds[word]), value)
    return out


def functions(ctx: Context) -> tuple[Block, ...]:
    f = ctx.book.functions
    if f is None:
        return ()
    return wording.render("functions.j2", lead=f.lead, items=f.items, **ctx.words())


MAIN_SUFFIXES = ("", "本部", "本级", "（本级）", "机关")


def units(ctx: Context) -> SimpleNamespace:
    """The units 机构设置 lists, with their counts: 下属 units (all but the 本部), and by 性质."""
    o = ctx.book.organisation
    listed = [SimpleNamespace(name=u, nature=None) if isinstance(u, str)
              else SimpleNamespace(name=u.name, nature=u.nature)
              for u in (o.units if o else [])]
    main = [u for u in listed if u.name in {ctx.book.body.name + s for s in MAIN_SUFFIXES}]
    natures = bool(listed) and all(u.nature for u in listed)
    return SimpleNamespace(
        listed=listed, main=bool(main), sub=len(listed) - len(main), natures=natures,
        admin=sum(1 for u in listed if u.nature == "行政单位"),
        institutions=sum(1 for u in listed if u.nature in ("参公事业单位", "事业单位")),
        offices=sum(1 for u in listed if u.nature == "行政单位"),
        civil=sum(1 for u in listed if u.nature == "参公事业单位"),
    )


def unit_natures(book: Book) -> list[str] | None:
    """The 性质 of the units a book covers: a unit's own (单位.性质), or every unit's in a
    department's 单位列表; ``None`` when not all are stated."""
    if book.kind != "部门预算":
        return [book.body.nature] if book.body.nature else None
    listed = book.organisation.units if book.organisation else []
    natures: list[str] = [u.nature for u in listed if not isinstance(u, str) and u.nature]
    return natures if listed and len(natures) == len(listed) else None


def organisation(ctx: Context) -> tuple[Block, ...]:
    o = ctx.book.organisation
    if o is None:
        return ()
    found = units(ctx)
    lead = ""
    if o.text is None and ctx.book.kind == "部门预算" and found.listed:
        lead = wording.phrase("organisation_lead", **vars(found), **ctx.words())
    return wording.render("organisation.j2", text=o.text, lead=lead, units=found.listed,
                          **ctx.words())


def running_scope(ctx: Context) -> str:
    """Who the 机关运行经费 sentence covers, in the wording of the book's 级次 and 类型."""
    kind = "部门预算" if ctx.book.kind == "部门预算" else "单位预算"
    return wording.phrase(f"running_cost_scope.{ctx.book.level}.{kind}", **vars(units(ctx)),
                          **ctx.words())


def running_none(ctx: Context) -> str:
    """The sentence of a book without 机关运行经费; a 事业单位 (not 参公) says what it is."""
    natures = unit_natures(ctx.book)
    outside = bool(natures) and not any(n in RUNNING_COST_NATURES for n in natures or ())
    return wording.phrase("running_cost_none", outside=outside, **ctx.words())


def glossary(ctx: Context) -> tuple[Block, ...]:
    """The standard eight terms in the book's 市级/区级 wording; a book may override or add."""
    words = ctx.words()
    terms = {
        entry["term"]: wording.environment().from_string(entry["definition"]).render(**words)
        for entry in wording.phrases()["glossary"]
    }
    for term in ctx.book.glossary:
        terms[term.term] = term.definition
    items = [SimpleNamespace(term=k, definition=v) for k, v in terms.items()]
    return wording.render("glossary.j2", terms=items, **words)


@dataclass(frozen=True)
class BreakdownRow:
    code: str
    name: str
    amount: Decimal
    use: str | None


def breakdown(ctx: Context) -> list[BreakdownRow]:
    """财政拨款支出主要内容: non-zero rows at the book's chosen level, in code order."""
    digits = {"类": 3, "款": 5, "项": 7}[ctx.book.options.breakdown_level]
    uses = ctx.book.explanation.uses if ctx.book.explanation else {}
    rows = []
    for code in sorted({line.code[:digits] for line in ctx.ledger.lines}):
        amount = ctx.figure(code, FISCAL) if len(code) < 7 else ctx.ledger.rollup(code).total(
            FISCAL)
        if amount != 0:
            rows.append(BreakdownRow(code, ctx.function_name(code), amount,
                                     use_text(uses.get(code))))
    return rows


def explanation(ctx: Context) -> tuple[Block, ...]:
    if ctx.book.prior is None:
        return ()
    income = SimpleNamespace(
        total=ctx.figure("合计"), fiscal=ctx.figure("合计", FISCAL),
        **{key: ctx.figure("合计", (key,))
           for key in ("general", "fund", "soe", "business", "operating", "other")},
    )
    reason = ctx.book.explanation.reason if ctx.book.explanation else ""
    return wording.render("explanation.j2", income=income, changes=changes(ctx), reason=reason,
                          kinds=kind_changes(ctx), breakdown=breakdown(ctx), **ctx.words())


def _procured(p: Procurement) -> bool:
    return any(v for v in (p.goods, p.works, p.services, p.sme_reserved, p.small_micro))


def performance(ctx: Context) -> Performance | SimpleNamespace | None:
    """The 绩效目标 figures as stated, or counted from the projects when not stated; ``None``
    when no 绩效目标 is set (the book then says so)."""
    stated = ctx.book.performance
    if stated is not None:
        if stated.projects == 0 and not stated.amount and not stated.overall \
                and not stated.policies:
            return None
        return stated
    projects = ctx.book.projects
    if not projects or any(p.amount is None for p in projects):
        return None
    return SimpleNamespace(projects=len(projects), overall=None, policies=None,
                           policy_amount=None,
                           amount=sum((p.amount or ZERO for p in projects), start=ZERO))


def other(ctx: Context) -> tuple[Block, ...]:
    book = ctx.book
    tp = three_public(book.three_public)
    tp_prior = None
    prior = book.prior
    if prior is not None and prior.three_public is not None:
        before = three_public(prior.three_public)
        tp_prior = SimpleNamespace(**{
            key: Change(getattr(tp, key), getattr(before, key))
            for key in ("total", "abroad", "reception", "vehicles", "vehicle_purchase",
                        "vehicle_running")
        })
    # A part that is nothing this year and was nothing last year takes the "无…" sentence of
    # the official template, never "0.00万元"; one that fell to nothing says by how much.
    running = None
    prior_running = prior.running_cost if prior else None
    if book.running_cost or prior_running:
        running = Change(book.running_cost or ZERO, prior_running or ZERO)
    procurement = None
    if book.procurement is not None and _procured(book.procurement):
        p = book.procurement
        procurement = SimpleNamespace(
            goods=p.goods, works=p.works, services=p.services,
            total=p.goods + p.works + p.services,
            sme_reserved=p.sme_reserved, small_micro=p.small_micro,
        )
    assets = None
    if book.assets is not None:
        a = book.assets
        assets = SimpleNamespace(
            as_of=a.as_of,
            vehicles=list(zip(VEHICLE_KINDS, a.vehicles.counts(), strict=True)),
            vehicle_total=sum(a.vehicles.counts()),
            equipment=a.equipment,
            planned=list(zip(VEHICLE_KINDS, a.planned_vehicles.counts(), strict=True)),
            planned_total=sum(a.planned_vehicles.counts()),
            planned_equipment=a.planned_equipment,
        )
    return wording.render(
        "other.j2", tp=tp, tp_prior=tp_prior, running_cost=running,
        running_cost_has_prior=bool(prior and prior.running_cost is not None),
        procurement=procurement, performance=performance(ctx), assets=assets,
        running_scope=running_scope(ctx), running_none=running_none(ctx), **ctx.words(),
    )


def project_parts(ctx: Context, index: int, project: Project) -> list[tuple[str, tuple[Block, ...]]]:
    """The seven parts of one project's 项目经费情况说明, as (heading, blocks)."""
    names: dict[str, str] = wording.phrases()["project_parts"]
    implementer: Any = project.implementer or ctx.short_name
    period: tuple[Block, ...] = ()
    if project.period is not None:
        span = (f"{project.period.start.year}年{project.period.start.month}月"
                f"{project.period.start.day}日至{project.period.end.year}年"
                f"{project.period.end.month}月{project.period.end.day}日")
        period = text.blocks(span)
    return [
        (names["overview"], text.blocks(project.overview)),
        (names["basis"], text.blocks(project.basis)),
        (names["implementer"], text.blocks(implementer)),
        (names["plan"], text.blocks(project.plan)),
        (names["period"], period),
        (names["budget"], project_budget(ctx, index, project)),
        (names["goals"], text.blocks(project.goals)),
    ]


def renumbered(heading: str, n: int) -> str:
    """A part heading 「六、年度预算安排」 numbered ``n`` instead: 「三、年度预算安排」 (a heading
    without 「、」 is kept as worded)."""
    number, sep, name = heading.partition("、")
    numeral = bool(number) and not number.strip(CN_DIGITS + "十")
    return f"{cn_number(n)}、{name}" if sep and numeral else heading


def project_budget(ctx: Context, index: int, project: Project) -> tuple[Block, ...]:
    plan = project.budget
    if isinstance(plan, BudgetPlan):
        if plan.items:
            total = sum((item.amount for item in plan.items), start=ZERO)
        else:
            total = project.amount or ZERO
        lead = plan.text
        if lead and plan.items and lead.rstrip().endswith(("：", ":")):
            # "安排如下：" leads into "共计X万元，其中：": one colon to a sentence
            lead = lead.rstrip()[:-1] + "，"
        return wording.render("project_budget.j2", id=f"项目{index}/年度预算", text=lead,
                              items=plan.items, total=project.amount or total, **ctx.words())
    return text.blocks(plan)


def no_projects(ctx: Context) -> tuple[Block, ...]:
    """The sentence of an empty 项目经费情况说明: a book without any 项目支出 says so."""
    if any(has_explanation(p) for p in ctx.book.projects) or ctx.figure("合计",
                                                                        kinds=("project",)):
        return ()
    return wording.render("no_projects.j2", **ctx.words())


def has_explanation(project: Project) -> bool:
    """A project appears in 项目经费情况说明 when any of its seven parts is given."""
    return any(
        getattr(project, field) is not None
        for field in ("overview", "basis", "plan", "period", "budget", "goals")
    )


