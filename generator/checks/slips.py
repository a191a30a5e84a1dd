"""Slips a careful reader of the book would catch: 公务用车 money without a car, a unit's name
a character or two off, a quote mark turned the wrong way or left open.

Each is a warning at the value, naming what looks wrong and what to check; a real exception
(a 运行费 for hired cars, say) is recorded under 「已核实」.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.checks.base import CheckContext, warning, yuan
from generator.checks.text import NOT_TEXT, strings
from generator.findings import Finding
from generator.publication.narrative import units
from generator.source.validate import display_path

OTHER = "六、其他相关情况说明"
# Texts where a project names units.
UNIT_TEXTS = ("项目概述", "立项依据", "实施方案", "年度预算安排", "绩效目标")
# Distinct stretches compared with the known names in one text, at most: a real text has a few.
MAX_WINDOWS = 500
# Pairs of quote marks (and the title marks, which pair alike): (opening, closing, name).
QUOTES = (("“", "”", "双引号"), ("‘", "’", "单引号"), ("《", "》", "书名号"))


def check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.book.kind == "绩效目标申报表":
        yield from _quotes(ctx)
        return
    yield from _vehicles(ctx)
    yield from _near_names(ctx)
    yield from _quotes(ctx)


def _vehicles(ctx: CheckContext) -> Iterator[Finding]:
    """公务用车运行费 with no vehicle, 购置费 with none planned."""
    book = ctx.book
    if book.three_public is None or book.assets is None:
        return
    assets = book.assets
    for amount, key, count, where, what in (
            (book.three_public.vehicle_running, "公务用车运行费", sum(assets.vehicles.counts()),
             "车辆", f"截至{assets.as_of:%Y年%-m月%-d日}的车辆为0辆"),
            (book.three_public.vehicle_purchase, "公务用车购置费",
             sum(assets.planned_vehicles.counts()), "计划购置车辆", "本年计划购置车辆为0辆")):
        if amount and not count:
            yield warning("plausible.vehicles",
                          f"“三公”经费{key}为 {yuan(amount)}，但国有资产中{what}：请核对{key}或"
                          f"车辆数（如确有此项支出，例如租用车辆，可在「已核实」中说明）",
                          [ctx.at("三公经费", key), ctx.at("国有资产", where)],
                          f"表9 “三公”经费和机关运行经费预算表 · {key}")


def _near_names(ctx: CheckContext) -> Iterator[Finding]:
    """A project text naming a unit one or two characters off the book's unit or a listed
    unit (事务管理中心 for 事业管理中心)."""
    known = known_names(ctx)
    if not known:
        return
    for i, project in enumerate(ctx.book.projects):
        for key in UNIT_TEXTS:
            for path, text in strings(ctx.raw(("项目", i, key)), ("项目", i, key)):
                hit = near_miss(text, known)
                if hit is not None:
                    written, meant, distance = hit
                    yield warning("plausible.unit-typo",
                                  f"项目「{project.name}」的{key}中写的“{written}”与单位名称"
                                  f"“{meant}”只差{distance}个字：是否写错？请核对单位名称",
                                  [ctx.at(*path)], f"七、项目经费情况说明 · {project.name} · {key}")
                    break


def known_names(ctx: CheckContext) -> dict[str, str]:
    """Each way a text may write a known unit (whole, without 上海市 or the region) → its name."""
    body = ctx.book.body
    names = {body.name, body.table_name or "", *(u.name for u in units(ctx.derived).listed)}
    out: dict[str, str] = {}
    for name in sorted(n for n in names if n):
        core = re.sub(r"[（(]本级[）)]$", "", name)
        for form in (core, core.removeprefix("上海市"), core.removeprefix(ctx.book.region)):
            if len(form) >= 5:  # a short form (XX局) is too common to compare by characters
                out.setdefault(form, core)
    return out


def near_miss(text: str, known: dict[str, str]) -> tuple[str, str, int] | None:
    """(what the text writes, the unit it nearly names, characters off) for the first stretch of
    ``text`` within one character (two for a name of 8 or more) of exactly one known unit: same
    first and last two characters, not overlapping a name written correctly. A stretch as near to
    two units (街镇财政管理所 beside 七宝镇… and 浦江镇财政管理所) is a family name, not a slip."""
    exact = [range(m.start(), m.end()) for form in known for m in re.finditer(re.escape(form), text)]
    near: dict[str, dict[str, int]] = {}  # window → the units it is near, with how near
    for form, name in known.items():
        # only the stretches ending where the name's last two characters stand
        ends = [m.end() for m in re.finditer(re.escape(form[-2:]), text)]
        for end in ends:
            for size in range(len(form) - _limit(form), len(form) + _limit(form) + 1):
                start = end - size
                window = text[max(start, 0):end]
                if (start < 0 or window[0] != form[0] or window in known
                        or any(start < r.stop and r.start < end for r in exact)):
                    continue
                if window not in near:
                    if len(near) >= MAX_WINDOWS:  # a text built of near names: bounded work
                        return None
                    near[window] = {n: d for f, n in known.items()
                                    if 0 < (d := _distance(window, f)) <= _limit(f)}
                if set(near[window]) == {name}:
                    return window, name, near[window][name]
    return None


def _limit(form: str) -> int:
    return 1 if len(form) < 8 else 2


def _distance(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions) between two short names."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


def _quotes(ctx: CheckContext) -> Iterator[Finding]:
    """A closing quote with no opening one before it (对”国家…), an opening one never closed,
    or two opening ones in a row: one finding per text, at the first."""
    for path, text in strings(ctx.doc.data, ()):
        if (path and path[-1] in NOT_TEXT) or path[:1] == ("已核实",):
            continue
        problem = quote_problem(text)
        if problem is not None:
            yield warning("text.quote", problem, [ctx.doc.locate(path)], display_path(path))


def quote_problem(text: str) -> str | None:
    """What is wrong with the quote marks of ``text``, in words, or ``None``."""
    for opening, closing, name in QUOTES:
        open_at = -1
        for i, char in enumerate(text):
            if char == closing and open_at < 0:
                return (f"右{name}「{closing}」前面没有对应的左{name}（{_around(text, i)}）："
                        f"是否写反或漏了左{name}「{opening}」？")
            if char == opening and open_at >= 0:
                return (f"左{name}「{opening}」后面又是一个左{name}（{_around(text, i)}）："
                        f"其中一个是否应为右{name}「{closing}」？")
            if char == opening:
                open_at = i
            elif char == closing:
                open_at = -1
        if open_at >= 0:
            return (f"左{name}「{opening}」没有对应的右{name}（{_around(text, open_at)}）："
                    f"请补上右{name}「{closing}」")
    return None


def _around(text: str, index: int) -> str:
    """「…a few characters either side of ``index``…」, with … where the text goes on."""
    start, end = max(0, index - 6), min(len(text), index + 7)
    return "「" + ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "") + "」"
