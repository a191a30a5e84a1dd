"""Plausibility: figures and texts that are valid but probably not what the bureau meant.

Each is a warning naming the likely cause and the fix: 万元 typed where 元 belongs, counts above
what is listed, empty texts, amounts in a sentence that disagree with the figure it describes,
another unit's name in a project text, a 上年预算 part whose absence silently drops a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from generator.checks.base import CheckContext, warning, yuan
from generator.checks.slips import known_names, near_miss
from generator.display import number
from generator.findings import Finding
from generator.publication.context import three_public
from generator.publication.model import Unit
from generator.publication.narrative import units
from generator.source.loader import PathKey
from generator.source.schema import BudgetPlan

TEN_THOUSAND = Decimal(10000)
# A figure this many times its 上年 counterpart (either way) was likely typed in the other unit.
RATIO = Decimal(1000)
# Below this many 元, a 政府采购, 机关运行经费 or project amount reads like a figure in 万元.
SMALL = Decimal(1000)
OTHER = "六、其他相关情况说明"
EXPLANATION = "四、预算编制说明（与上年比较）"

# 上年预算 key → (current figure's sources, its name in the book).
PRIOR_SOURCES = {"一般公共预算": "general", "政府性基金": "fund", "国有资本经营预算": "soe",
                 "事业收入": "business", "事业单位经营收入": "operating", "其他收入": "other"}
NON_FISCAL = ("事业收入", "事业单位经营收入", "其他收入")
TABLE1 = "财务收支预算总表"
THREE_PUBLIC_KEYS = {"因公出国境费": "abroad", "公务接待费": "reception",
                     "公务用车购置费": "vehicle_purchase", "公务用车运行费": "vehicle_running"}


def check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.book.kind == "绩效目标申报表":
        return
    yield from _prior_scale(ctx)
    yield from _prior_missing(ctx)
    yield from _small_amounts(ctx)
    yield from _counts(ctx)
    yield from _empty_texts(ctx)
    for i in range(len(ctx.book.projects)):
        yield from _budget_sentence(ctx, i)
        yield from _unit_names(ctx, i)


def _wan(value: Decimal) -> str:
    return f"{number(value, Unit.WAN, 2)}万元"


def _prior_pairs(ctx: CheckContext) -> Iterator[tuple[PathKey, str, Decimal, Decimal]]:
    """(path of the 上年 figure, its name, 上年, 本年) for every figure the book compares."""
    prior = ctx.book.prior
    if prior is None:
        return
    for key, field in PRIOR_SOURCES.items():
        yield (("上年预算", key), key, getattr(prior, field), ctx.derived.figure("合计", (field,)))
    if prior.three_public is not None:
        now = three_public(ctx.book.three_public)
        for key, field in THREE_PUBLIC_KEYS.items():
            yield (("上年预算", "三公经费", key), f"“三公”经费{key}",
                   getattr(prior.three_public, field), getattr(now, field))
    if prior.running_cost is not None and ctx.book.running_cost is not None:
        yield (("上年预算", "机关运行经费"), "机关运行经费", prior.running_cost,
               ctx.book.running_cost)


def _prior_scale(ctx: CheckContext) -> Iterator[Finding]:
    """A 上年 figure about 10,000 times off its 本年 counterpart: typed in 万元 (or 元)."""
    for path, name, before, now in _prior_pairs(ctx):
        if before == 0 or now == 0 or not ctx.doc.has(path):
            continue
        if now / before >= RATIO:
            cause = (f"上年预算{name}写的是 {yuan(before)}，本年为 {yuan(now)}，约为上年的 "
                     f"{now / before:,.0f} 倍，书中将写成大幅增长：上年数是否按万元填写？"
                     f"如是，请写成 \"{before}万\"")
        elif before / now >= RATIO:
            cause = (f"上年预算{name}写的是 {yuan(before)}，本年只有 {yuan(now)}，约为上年的 "
                     f"1/{before / now:,.0f}：本年或上年的金额是否把万元当作元（或反之）填写？")
        else:
            continue
        yield warning("plausible.wan-yuan", cause, [ctx.at(*path)], EXPLANATION)


def _small_amounts(ctx: CheckContext) -> Iterator[Finding]:
    """An amount of a few 元 where the book deals in 万元: 「货物: 50」 meant as 50万."""
    total = ctx.derived.figure("合计")
    book = ctx.book
    candidates: list[tuple[PathKey, str, Decimal | None]] = []
    if book.procurement is not None:
        p = book.procurement
        candidates += [(("政府采购", "货物"), "政府采购货物预算", p.goods),
                       (("政府采购", "工程"), "政府采购工程预算", p.works),
                       (("政府采购", "服务"), "政府采购服务预算", p.services),
                       (("政府采购", "面向中小企业预留"), "面向中小企业预留", p.sme_reserved),
                       (("政府采购", "其中小微企业"), "预留小微企业", p.small_micro)]
    candidates.append((("机关运行经费",), "机关运行经费", book.running_cost))
    candidates += [(("项目", i, "金额"), f"项目「{p.name}」金额", p.amount)
                   for i, p in enumerate(book.projects)]
    if book.performance is not None:
        candidates.append((("绩效目标", "金额"), "绩效目标涉及金额", book.performance.amount))
    for path, name, amount in candidates:
        if (amount is None or amount == 0 or amount >= SMALL or ctx.stated_in_wan(path)
                or amount * TEN_THOUSAND > total):
            continue
        yield warning("plausible.wan-yuan",
                      f"{name}写的是 {yuan(amount)}，书中将印成 {_wan(amount)}：金额以元为单位，"
                      f"如指 {amount}万元，请写成 \"{amount}万\"", [ctx.at(*path)],
                      OTHER if path[0] != "项目" else "七、项目经费情况说明")


def _prior_missing(ctx: CheckContext) -> Iterator[Finding]:
    """A 上年预算 part the book has no value for: its comparison sentence would be dropped
    (三公, 机关运行经费) or would compare with zero (a source's figure). A department rolled up
    from 「合并单位」 is not checked as a whole: each unit's own 上年预算 was checked, and the
    department's stands at the first unit's place."""
    prior, book = ctx.book.prior, ctx.book
    if prior is None or book.units:
        return
    where = [ctx.at("上年预算")]
    year = book.year - 1
    if prior.three_public is None and three_public(book.three_public).total != 0:
        yield warning("plausible.prior-missing",
                      f"上年预算中没有「三公经费」：“三公”经费说明将不写与{year}年预算的比较。"
                      f"请在上年预算中填写三公经费（上年为0的项目写0）", where,
                      f"{OTHER} · “三公”经费预算情况说明")
    for key, field in PRIOR_SOURCES.items():
        now = ctx.derived.figure("合计", (field,))
        if ctx.doc.has(("上年预算", key)) or now == 0:
            continue
        if key in NON_FISCAL:  # compared only in the 表1 note, as part of the total
            yield warning("plausible.prior-missing",
                          f"上年预算中没有「{key}」：本年{key} {yuan(now)} 将在表1说明中全部算作"
                          f"比{year}年预算增加的部分。请填写{year}年{key}预算数（没有则写0）",
                          where, f"表1 {TABLE1} · 说明")
            continue
        yield warning("plausible.prior-missing",
                      f"上年预算中没有「{key}」：预算编制说明将把本年{key}与0比较"
                      f"（写成全部为新增）。请填写{year}年{key}预算数（没有则写0）",
                      where, EXPLANATION)


def _counts(ctx: CheckContext) -> Iterator[Finding]:
    """绩效目标 项目数 above the projects listed, when the listed projects with 绩效目标 already
    carry the whole 绩效目标 amount (so no project is missing from the data: the count is wrong);
    or above the 申报表 of a book that prints them (each such project has its form)."""
    perf = ctx.book.performance
    projects = ctx.book.projects
    if perf is None or not projects:
        return
    where, place = [ctx.at("绩效目标", "项目数")], f"{OTHER} · 绩效目标设置情况"
    amounts = [p.amount for p in projects if p.form is not None or p.goals]
    if perf.projects > len(projects) and amounts and all(a is not None for a in amounts) \
            and sum((a or Decimal(0) for a in amounts), start=Decimal(0)) == perf.amount:
        yield warning("plausible.count",
                      f"绩效目标项目数写的是 {perf.projects} 个，但数据中只列出 {len(projects)} 个项目，"
                      f"且这些项目的金额之和已等于绩效目标涉及金额 {yuan(perf.amount)}：请核对项目数",
                      where, place)
        return
    forms = [i for i, p in enumerate(projects) if p.form is not None]
    if forms and perf.projects > len(forms):
        yield warning("plausible.count",
                      f"绩效目标项目数写的是 {perf.projects} 个，但只有 {len(forms)} 张绩效目标申报表："
                      "编报绩效目标的项目各有一张申报表，请核对项目数，或补上缺少的申报表",
                      [*where, *(ctx.at("项目", i, "绩效目标申报表") for i in forms)], place)


# Text parts of a project whose empty value leaves an empty part in the book.
PROJECT_TEXTS = ("项目概述", "立项依据", "实施方案", "年度预算安排", "绩效目标", "实施主体")


def _empty_texts(ctx: CheckContext) -> Iterator[Finding]:
    for i, project in enumerate(ctx.book.projects):
        for key in PROJECT_TEXTS:
            if not ctx.doc.has(("项目", i, key)):
                continue
            raw = ctx.raw(("项目", i, key))
            if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
                yield warning("text.empty",
                              f"项目「{project.name}」的「{key}」为空，书中这一部分将没有内容："
                              f"请填写{key}，或删去这一项", [ctx.at("项目", i, key)],
                              f"七、项目经费情况说明 · {project.name} · {key}")


AMOUNT = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*(万元|元)")


def _budget_sentence(ctx: CheckContext, index: int) -> Iterator[Finding]:
    """Amounts written in a 年度预算安排 sentence must agree with the project's amount."""
    project = ctx.book.projects[index]
    plan = project.budget
    path: PathKey = ("项目", index, "年度预算安排")
    text = plan if isinstance(plan, str) else None
    if isinstance(plan, BudgetPlan):
        text, path = plan.text, (*path, "说明")
    if not text or project.amount is None:
        return
    amounts: list[tuple[str, Decimal, Decimal]] = []
    for match in AMOUNT.finditer(text):
        number = Decimal(match[1].replace(",", ""))
        scale = TEN_THOUSAND if match[2] == "万元" else Decimal(1)
        exponent = number.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        half = Decimal("0.5").scaleb(-decimals) * scale
        amounts.append((match[0], number * scale, half))
    if not amounts or any(abs(value - project.amount) <= half for _, value, half in amounts):
        return
    written, value, _ = max(amounts, key=lambda a: a[1])
    yield warning("plausible.text-amount",
                  f"项目「{project.name}」年度预算安排中写的“{written}”与项目金额 "
                  f"{yuan(project.amount)}（{_wan(project.amount)}）不一致：请核对文字中的金额",
                  [ctx.at(*path)], f"七、项目经费情况说明 · {project.name} · 年度预算安排")


# A specific district's unit: 上海市 + X区 + the book's own kind of unit (e.g. 医疗保障局).
DISTRICT = ("(?:上海市)?(?:黄浦|徐汇|长宁|静安|普陀|虹口|杨浦|闵行|宝山|嘉定|浦东新|金山|松江|青浦|"
            "奉贤|崇明)区")
# A 实施主体 that is a unit's name (not a description such as 本单位各科室).
UNIT_SUFFIX = re.compile(r"(局|委员会|中心|所|院|办公室|队|站|馆|处|科|学校|大学|医院)(（本级）)?$")
UNIT_TEXTS = ("实施主体", "项目概述", "实施方案", "年度预算安排", "绩效目标")


def _unit_names(ctx: CheckContext, index: int) -> Iterator[Finding]:
    """A project text naming a unit of the same kind as this book's that is neither the book's
    unit nor one of its units (a text copied from another district's book)."""
    project = ctx.book.projects[index]
    allowed = _own_names(ctx)
    core = _core(ctx.book.body.name, ctx.book.region)
    if len(core) < 2:
        return
    implementer = project.implementer
    if (isinstance(implementer, str) and UNIT_SUFFIX.search(implementer.strip())
            and _normal(implementer.strip()) not in allowed
            and not any(_normal(implementer.strip()).endswith(name) for name in allowed)):
        near = near_miss(implementer.strip(), known_names(ctx))
        typo = f"，与“{near[1]}”只差{near[2]}个字，是否写错？" if near else "："
        yield warning("plausible.unit-name",
                      f"项目「{project.name}」的实施主体“{implementer.strip()}”不是本"
                      f"{ctx.derived.who}（{ctx.book.body.name}）或机构设置中列出的所属单位{typo}"
                      "请核对实施主体，或在机构设置的单位列表中列出该单位",
                      [ctx.at("项目", index, "实施主体")],
                      f"七、项目经费情况说明 · {project.name} · 实施主体")
        return
    pattern = re.compile(f"{DISTRICT}{re.escape(core)}")
    for key in UNIT_TEXTS:
        for path, text in _texts(ctx.raw(("项目", index, key)), ("项目", index, key)):
            for match in pattern.finditer(text):
                name = match[0]
                if _normal(name) in allowed:
                    continue
                yield warning("plausible.unit-name",
                              f"项目「{project.name}」的{key}中提到“{name}”，它不是本{ctx.derived.who}"
                              f"（{ctx.book.body.name}）或其所属单位：是否从其他单位的材料复制而来？"
                              "请改为本单位名称", [ctx.at(*path)],
                              f"七、项目经费情况说明 · {project.name} · {key}")
                return


def _own_names(ctx: CheckContext) -> set[str]:
    body = ctx.book.body
    names = {body.name, body.table_name or "", body.short_name or "", ctx.derived.short_name}
    names |= {u.name for u in units(ctx.derived).listed}
    region = ctx.book.region
    names |= {n.removeprefix(region) for n in names} | {
        n.removeprefix("上海市") for n in names}
    return {_normal(n) for n in names if n}


def _core(name: str, region: str) -> str:
    """The kind of unit: 上海市松江区医疗保障局 → 医疗保障局."""
    return re.sub(DISTRICT, "", name.removeprefix(region), count=1)


def _normal(name: str) -> str:
    for suffix in ("（本级）", "(本级)", "本级", "本部"):
        name = name.removesuffix(suffix)
    return name


def _texts(node: object, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _texts(item, (*path, i))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, (*path, key))
