"""What every part of the derivation needs: the book, its catalogs, its ledger and its names."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.catalogs import Catalogs, for_year
from generator.publication.ledger import (
    BASIC,
    KINDS,
    SOURCES,
    ZERO,
    Amounts,
    Ledger,
    LedgerLine,
    parse_quantity,
    quantity_name,
)
from generator.source.schema import Book, Line, ThreePublic
from generator.source.uses import use_text


def line_amounts(line: Line) -> Amounts:
    """A line's amounts by (source, kind); the short form means 一般公共预算 only."""
    values: dict[tuple[str, str], Decimal] = {}
    if line.sources is None:
        for kind in KINDS:
            amount = getattr(line, kind)
            if amount is not None:
                values[("general", kind)] = amount
        return Amounts(values, frozenset({"general"}))
    entered: set[str] = set()
    for source in SOURCES:
        by_kind = getattr(line.sources, source)
        if by_kind is None:
            continue
        entered.add(source)
        for kind in KINDS:
            values[(source, kind)] = getattr(by_kind, kind)
    return Amounts(values, frozenset(entered))


@dataclass(frozen=True)
class ThreePublicFigures:
    """"三公"经费 with its 公用车 subtotal and total: table 9 and the narrative both read it."""

    abroad: Decimal
    reception: Decimal
    vehicle_purchase: Decimal
    vehicle_running: Decimal
    reception_use: str | None = None

    @property
    def vehicles(self) -> Decimal:
        return self.vehicle_purchase + self.vehicle_running

    @property
    def total(self) -> Decimal:
        return self.abroad + self.reception + self.vehicles


def three_public(tp: ThreePublic | None) -> ThreePublicFigures:
    if tp is None:
        return ThreePublicFigures(ZERO, ZERO, ZERO, ZERO)
    return ThreePublicFigures(tp.abroad, tp.reception, tp.vehicle_purchase, tp.vehicle_running,
                              use_text(tp.reception_use))


@dataclass(frozen=True)
class Context:
    book: Book
    catalogs: Catalogs
    ledger: Ledger

    @property
    def year(self) -> int:
        return self.book.year

    @property
    def who(self) -> str:
        """单位 or 部门: how the book calls its publisher (本单位, 编制单位, 单位预算表)."""
        return "部门" if self.book.kind == "部门预算" else "单位"

    @property
    def table_who(self) -> str:
        return "部门" if self.book.kind == "部门预算" else "预算单位"

    @property
    def table_name(self) -> str:
        return self.book.body.table_name or self.book.body.name

    @property
    def short_name(self) -> str:
        return self.book.body.short_name or self.table_name

    @property
    def decimals(self) -> int:
        return self.book.options.decimals

    @property
    def unsplit(self) -> bool:
        """Whether lines give 基本支出 without its 人员经费/公用经费 split (市级 layout): tables
        then show 基本支出 per line, and the split only by economic code (表8)."""
        return any(kind == "basic" and value != 0
                   for line in self.ledger.lines
                   for (_, kind), value in line.amounts.values.items())

    def printed(self, row: str, sources: tuple[str, ...], kinds: tuple[str, ...]
                ) -> Decimal | None:
        """The printed figure the book states (「印刷合计」) for ``row`` (合计, a 类/款 code or a
        表8 类 code) and the column summing ``sources`` × ``kinds``, if stated."""
        stated = self.book.printed
        if not stated:
            return None
        name = quantity_name(sources, kinds)
        economic = len(row) == 3 and row.startswith("3")  # a 表8 类 row: 一般公共预算基本支出
        for key in (row, "总计") if row == "合计" else (row,):
            for column, amount in stated.get(key, {}).items():
                parsed = parse_quantity(column)
                if parsed is None:
                    continue
                if economic:
                    parsed = (("general",) if parsed[0] == SOURCES else parsed[0],
                              BASIC if parsed[1] == KINDS else parsed[1])
                if quantity_name(*parsed) == name:
                    return amount
        return None

    def figure(self, row: str, sources: tuple[str, ...] = SOURCES,
               kinds: tuple[str, ...] = KINDS) -> Decimal:
        """A sum of the lines as the book prints it: the stated printed figure when the book was
        entered from its printed rows, else the exact sum of the lines under ``row``."""
        stated = self.printed(row, sources, kinds)
        if stated is not None:
            return stated
        if row == "合计":
            return self.ledger.total(sources, kinds)
        return self.ledger.rollup(row).total(sources, kinds)

    @property
    def narrative_decimals(self) -> int:
        return self.book.options.narrative_decimals

    def words(self) -> dict[str, Any]:
        """The context every wording template receives."""
        return {
            "year": self.year,
            "prior_year": self.year - 1,
            "region": self.book.region,
            "level": self.book.level,
            "kind": self.book.kind,
            "who": self.who,
            "table_who": self.table_who,
            "name": self.book.body.name,
            "table_name": self.table_name,
            "short_name": self.short_name,
            "code": self.book.body.code or "",
            "wan_decimals": self.book.options.narrative_decimals,
            "growth_rate": self.book.options.growth_rate,
        }

    def function_name(self, code: str) -> str:
        """A function code's name: its line's, the book's 科目名称, the catalog's."""
        for line in self.ledger.lines:
            if line.code == code:
                return line.name
        return self.book.code_names.get(code) or self.catalogs.function.name(code) or code

    def economic_name(self, code: str) -> str:
        """An economic 类's name: the book's 科目名称, else the catalog's."""
        return self.book.code_names.get(code) or self.catalogs.economic.name(code) or code


def build_context(book: Book, catalogs: Catalogs | None = None) -> Context:
    """The derivation's context; ``catalogs`` default to the shipped ones of the book's year."""
    catalogs = catalogs or for_year(book.year)
    lines = sorted(
        (
            LedgerLine(
                line.code,
                line.name or catalogs.function.name(line.code) or line.code,
                line_amounts(line),
            )
            for line in book.lines
        ),
        key=lambda item: item.code,
    )
    return Context(book, catalogs, Ledger(tuple(lines)))
