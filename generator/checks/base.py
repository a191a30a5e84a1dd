"""What every check needs: the book, where its values are in the file, and its ledger."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.catalogs import Catalogs
from generator.display import number
from generator.findings import Finding, Location, Severity
from generator.publication.context import Context, build_context
from generator.publication.model import Unit
from generator.source.loader import PathKey, SourceDoc, child, is_missing
from generator.source.schema import Book


@dataclass(frozen=True)
class CheckContext:
    book: Book
    doc: SourceDoc
    derived: Context

    @classmethod
    def of(cls, book: Book, doc: SourceDoc, catalogs: Catalogs | None = None) -> CheckContext:
        return cls(book, doc, build_context(book, catalogs))

    def at(self, *path: str | int) -> Location:
        return self.doc.locate(path)

    def raw(self, path: PathKey) -> object:
        node: object = self.doc.data
        for part in path:
            node = child(node, part)
            if is_missing(node):
                return None
        return node

    def stated_in_wan(self, path: PathKey) -> bool:
        """Whether the amount at ``path`` was typed in 万元 (so it is exact only to 100 元)."""
        raw = self.raw(path)
        return isinstance(raw, str) and raw.strip().endswith(("万", "万元"))

    @property
    def half_unit(self) -> Decimal:
        """Half the unit the rows were printed in: 0.5 元 (whole yuan), 0.005 元, or 50 元 for
        rows typed from a book printed in 万元 (选项.印刷单位)."""
        if self.book.options.print_unit == "万元":
            return Decimal(50)
        return Decimal("0.5").scaleb(-self.book.options.decimals)

    def line_index(self, code: str) -> int | None:
        for i, line in enumerate(self.book.lines):
            if line.code == code:
                return i
        return None


def error(code: str, message: str, locations: list[Location] | tuple[Location, ...],
          place: str = "") -> Finding:
    return Finding(code, Severity.ERROR, message, tuple(locations), place)


def warning(code: str, message: str, locations: list[Location] | tuple[Location, ...],
            place: str = "") -> Finding:
    return Finding(code, Severity.WARNING, message, tuple(locations), place)


def notice(code: str, message: str, locations: list[Location] | tuple[Location, ...],
           place: str = "") -> Finding:
    return Finding(code, Severity.NOTICE, message, tuple(locations), place)


def yuan(value: Decimal) -> str:
    """An amount for a message: exact, in 元, with thousands separators."""
    return f"{number(value, Unit.YUAN, 2)}元"


def mismatch(expected: Decimal, found: Decimal) -> str:
    """"应为 X，实为 Y，相差 Z" in 元."""
    return f"应为 {yuan(expected)}，实为 {yuan(found)}，相差 {yuan(abs(expected - found))}"
