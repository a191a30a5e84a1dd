"""上年预算 by kind of expenditure: its parts agree with its totals, and a free text stating a
change of 财政拨款, 一般公共预算, 政府性基金, or (where 上年预算 gives them) 基本支出, 项目支出,
人员经费 or 公用经费 agrees with the change the book derives.

The book words these changes itself (``narrative.kind_changes``, once, in the templates); a
sentence the bureau typed into 变动原因 or another text is the only place they can go wrong,
as in a corrected edition whose 基本支出 rose while the old sentence still said 减少.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from generator.checks.base import CheckContext, error, mismatch, warning
from generator.checks.text import HISTORICAL, NOT_TEXT, strings
from generator.display import number
from generator.findings import Finding
from generator.publication.model import Unit
from generator.publication.narrative import changes, kind_changes
from generator.publication.wording import Change

KIND = r"基本支出|项目支出|人员经费|公用经费|财政拨款|一般公共预算|政府性基金"
# Figures named by their source: the book compares them whenever it has a 上年预算.
SOURCES = {"财政拨款": "fiscal", "一般公共预算": "general", "政府性基金": "fund"}
# "基本支出432.54万元，比上年减少607.6万元", "项目支出较2024年预算增加12万元": the kind, then
# (without another kind between) a comparison with the year before, its direction and, where
# stated, its amount. Without an amount ("项目支出比上年有所减少", "与上年持平") only the
# direction is compared, and only where nothing but words stand between the kind and the
# comparison: after a comma the sentence may have turned to another subject.
CHANGE = re.compile(
    rf"({KIND})((?:(?!{KIND})[^。；;！？\n]){{0,40}}?)(?:比|较|与)(?:上年|上一年|去年|\d{{4}}年)"
    r"(?:度)?(?:预算)?(?:数)?(?:相比)?(?:有所|略有|大幅|明显)?(增加|减少|增长|下降|上升|减|持平)了?"
    r"(?:\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|元))?")
UP = ("增加", "增长", "上升")
OTHER_WAY = re.compile(r"\s*[（(/或、]\s*(?:增加|减少|增长|下降|上升|持平)")
FLAT = "持平"
TEN_THOUSAND = Decimal(10000)
PLACE = "四、预算编制说明（与上年比较）"


def check(ctx: CheckContext) -> Iterator[Finding]:
    prior = ctx.book.prior
    if prior is None or ctx.book.kind == "绩效目标申报表":
        return
    yield from _parts(ctx)
    derived = changes(ctx.derived)
    stated = {**{word: getattr(derived, key) for word, key in SOURCES.items()},
              **kind_changes(ctx.derived)}
    for path, value in strings(ctx.doc.data, ()):
        if (path and path[-1] in NOT_TEXT) or path[:1] in (("已核实",), ("上年预算",)) \
                or any(part in HISTORICAL for part in path if isinstance(part, str)):
            continue
        for found in CHANGE.finditer(value):
            if found.group(4) is None and OTHER_WAY.match(value, found.end()):
                continue  # both ways offered ("增加（减少）"): a placeholder, stating nothing
            change = stated.get(found.group(1))
            if change is not None:
                yield from _stated(ctx, path, found, change)


def _parts(ctx: CheckContext) -> Iterator[Finding]:
    """基本支出 = 人员经费 + 公用经费, and 基本支出 + 项目支出 = the 财政拨款 of 上年预算."""
    prior = ctx.book.prior
    assert prior is not None
    at = ctx.at
    if prior.basic is not None and prior.personnel is not None and prior.public is not None:
        parts = prior.personnel + prior.public
        if parts != prior.basic:
            yield error("sum.prior-kinds",
                        f"上年预算的基本支出应等于人员经费＋公用经费：{mismatch(parts, prior.basic)}"
                        "（本书据此写出与上年的比较）",
                        [at("上年预算", "基本支出"), at("上年预算", "人员经费"),
                         at("上年预算", "公用经费")], PLACE)
            return
    basic = prior.prior_basic()
    if basic is not None and prior.project is not None:
        fiscal = prior.general + prior.fund + prior.soe
        if basic + prior.project != fiscal:
            key = "基本支出" if prior.basic is not None else "人员经费"
            yield error("sum.prior-kinds",
                        "上年预算的基本支出＋项目支出应等于上年财政拨款（一般公共预算＋政府性基金＋"
                        f"国有资本经营预算）：按财政拨款{mismatch(fiscal, basic + prior.project)}",
                        [at("上年预算", key), at("上年预算", "项目支出"),
                         at("上年预算", "一般公共预算")], PLACE)


def _stated(ctx: CheckContext, path: tuple[str | int, ...], found: re.Match[str],
            change: Change) -> Iterator[Finding]:
    kind, between, word, digits, unit = found.groups()
    direction = "up" if word in UP else "flat" if word == FLAT else "down"
    if digits is None:
        if re.search(r"[，,]", between) or direction == change.direction_at(2):
            return
    else:
        stated = Decimal(digits.replace(",", ""))
        exponent = stated.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        derived = change.diff / TEN_THOUSAND if unit == "万元" else change.diff
        shown = derived.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if shown == stated and direction == change.direction:
            return
    year = ctx.book.year - 1
    actual = ("与上年持平" if change.direction == "flat" else
              f"比{year}年预算{'增加' if change.direction == 'up' else '减少'}"
              f"{_wan(change.diff)}万元")
    figure = kind if kind in SOURCES else f"财政拨款{kind}"
    yield warning("text.change",
                  f"文字中写的“{found.group(0)}”与书中推导的不符：{figure}{actual}"
                  f"（本年 {_wan(change.current)}万元，上年 {_wan(change.prior)}万元）：请改正文字",
                  [ctx.doc.locate(path)], PLACE)


def _wan(value: Decimal) -> str:
    return number(value, Unit.WAN, 2)
