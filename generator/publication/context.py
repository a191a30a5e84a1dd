"""What every part of the derivation needs: the book, its catalogs, its ledger and its names."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.catalogs import Catalogs, for_year
from generator.publication.ledger import (
    KINDS,
    SOURCES,
    ZERO,
    Amounts,
    Ledger,
    LedgerLine,
)
from generator.source.schema import Book, Line, ThreePublic


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
                              tp.reception_use)


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
