"""How figures are shown: the one formatter every writer (and every test) uses.

Every printed figure is its exact value rounded once, ROUND_HALF_UP, at display time.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from generator.publication.model import Fact, Inline, Text, Unit

_TEN_THOUSAND = Decimal(10000)


def scaled(value: Decimal, unit: Unit) -> Decimal:
    """``value`` (元 for money) in the unit it is shown in."""
    return value / _TEN_THOUSAND if unit is Unit.WAN else value


def rounded(value: Decimal, unit: Unit, decimals: int) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return scaled(value, unit).quantize(quantum, rounding=ROUND_HALF_UP)


def number(value: Decimal, unit: Unit, decimals: int, grouping: bool = True) -> str:
    """``5596578.28`` → ``5,596,578.28`` (元, 2) or ``559.66`` (万元, 2)."""
    shown = rounded(value, unit, decimals)
    if shown == 0:
        shown = abs(shown)  # never print -0.00
    return f"{shown:,.{decimals}f}" if grouping else f"{shown:.{decimals}f}"


def fact_text(fact: Fact) -> str:
    if fact.unit is Unit.COUNT:
        return f"{fact.value:,.0f}"
    return number(fact.value, fact.unit, fact.decimals)


def runs_text(runs: tuple[Inline, ...]) -> str:
    """A paragraph's runs as printed: text as is, figures formatted."""
    return "".join(r.text if isinstance(r, Text) else fact_text(r) for r in runs)


def amount_cell(value: Decimal | None, unit: Unit, decimals: int, blank_zero: bool) -> str:
    """A table amount: blank for ``None`` and, where the book does so, for zero."""
    if value is None or (blank_zero and value == 0):
        return ""
    return number(value, unit, decimals)
