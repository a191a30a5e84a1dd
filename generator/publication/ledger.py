"""Normalised amounts of a book: every 项 line by funding source and kind, and 类/款 roll-ups.

This is the single place where entered amounts are added up; tables and narrative read from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from generator.source.schema import KINDS, SOURCES, ZERO

__all__ = ["KINDS", "SOURCES", "ZERO", "Amounts", "Ledger", "LedgerLine"]

FISCAL = ("general", "fund", "soe")
SOURCE_NAMES = {
    "general": "一般公共预算",
    "fund": "政府性基金",
    "soe": "国有资本经营预算",
    "business": "事业收入",
    "operating": "事业单位经营收入",
    "other": "其他收入",
}
# 基本支出 is 人员经费 + 公用经费, or given unsplit ("basic") where the book prints no split.
BASIC = ("personnel", "public", "basic")
KIND_NAMES = {"personnel": "人员经费", "public": "公用经费", "project": "项目支出",
              "basic": "基本支出"}

# A printed figure is a sum over sources and kinds; it is named as the books name their columns:
# a source (or 财政拨款) followed by a kind, either part optional ("合计" when both are absent),
# e.g. 合计, 基本支出, 财政拨款, 一般公共预算基本支出, 一般公共预算人员经费.
SOURCE_GROUPS: dict[str, tuple[str, ...]] = {
    "财政拨款": FISCAL, **{name: (key,) for key, name in SOURCE_NAMES.items()}}
SOURCE_ALIASES = {"财政拨款收入": "财政拨款", "政府性基金预算": "政府性基金"}
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "基本支出": BASIC, "人员经费": ("personnel",), "公用经费": ("public",),
    "项目支出": ("project",)}
Quantity = tuple[tuple[str, ...], tuple[str, ...]]


def parse_quantity(name: str) -> Quantity | None:
    """``一般公共预算基本支出`` → (sources, kinds); ``None`` for a name that is not a column."""
    text = name.strip()
    if text in ("合计", "总计", "收入总计", "支出总计"):
        return tuple(SOURCES), tuple(KINDS)
    for alias, canonical in SOURCE_ALIASES.items():
        if text.startswith(alias):
            text = canonical + text[len(alias):]
    sources: tuple[str, ...] = tuple(SOURCES)
    for group, members in sorted(SOURCE_GROUPS.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(group):
            sources, text = members, text[len(group):]
            break
    kinds: tuple[str, ...] = tuple(KINDS)
    if text and text not in ("合计", "小计"):
        if text not in KIND_GROUPS:
            return None
        kinds = KIND_GROUPS[text]
    if name.strip() not in ("合计",) and sources == tuple(SOURCES) and kinds == tuple(KINDS):
        return None
    return sources, kinds


def quantity_name(sources: Iterable[str], kinds: Iterable[str]) -> str:
    """The canonical name of a (sources, kinds) figure, inverse of :func:`parse_quantity`."""
    sources, kinds = tuple(sources), tuple(kinds)
    source = next((g for g, m in SOURCE_GROUPS.items() if m == sources), "")
    kind = next((g for g, m in KIND_GROUPS.items() if m == kinds), "")
    return (source + kind) or "合计"


@dataclass(frozen=True)
class Amounts:
    """Amounts by (source, kind). ``sources`` lists the sources the line was entered with,
    even at zero, so a line shows in the tables of those sources."""

    values: dict[tuple[str, str], Decimal]
    sources: frozenset[str]

    def total(self, sources: Iterable[str] = SOURCES, kinds: Iterable[str] = KINDS) -> Decimal:
        kinds = tuple(kinds)
        return sum(
            (self.values.get((s, k), ZERO) for s in sources for k in kinds), start=ZERO
        )

    def __add__(self, other: Amounts) -> Amounts:
        keys = set(self.values) | set(other.values)
        return Amounts(
            {key: self.values.get(key, ZERO) + other.values.get(key, ZERO) for key in keys},
            self.sources | other.sources,
        )


EMPTY = Amounts({}, frozenset())


@dataclass(frozen=True)
class LedgerLine:
    code: str
    name: str
    amounts: Amounts


@dataclass(frozen=True)
class Ledger:
    """All 项 lines, ordered by code, and their roll-ups to 款 and 类."""

    lines: tuple[LedgerLine, ...]

    def rollup(self, prefix: str) -> Amounts:
        total = EMPTY
        for line in self.lines:
            if line.code.startswith(prefix):
                total = total + line.amounts
        return total

    def total(self, sources: Iterable[str] = SOURCES, kinds: Iterable[str] = KINDS) -> Decimal:
        sources, kinds = tuple(sources), tuple(kinds)
        return sum((line.amounts.total(sources, kinds) for line in self.lines), start=ZERO)

    def categories(self) -> list[str]:
        """类 codes that have lines, in code order."""
        return sorted({line.code[:3] for line in self.lines})
