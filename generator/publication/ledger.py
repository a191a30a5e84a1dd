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
BASIC = ("personnel", "public")
KIND_NAMES = {"personnel": "人员经费", "public": "公用经费", "project": "项目支出"}


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
