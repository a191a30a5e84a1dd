"""尾差: whether a table's printed totals add up from its printed parts.

Every printed figure is its exact value rounded once (:mod:`generator.display`), so a book
printed coarser than its data (whole 元, 万元 with two decimals) can print a 合计 one unit away
from the sum of the printed rows under it. Real books then say so under the table. A table
declares which of its figures sum which (:class:`Sum`, by fact id); :func:`gaps` lists those that
do not add up as printed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.display import rounded
from generator.publication.model import Row, Table

ZERO = Decimal(0)


@dataclass(frozen=True)
class Sum:
    """A printed figure (``total``, a fact id such as ``表2/20805/合计``) that sums ``parts``."""

    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    """A sum as printed: the printed total and the sum of its printed parts, which differ."""

    sum: Sum
    printed: Decimal
    added: Decimal


def gaps(table: Table, sums: Iterable[Sum]) -> list[Gap]:
    """The ``sums`` whose printed total differs from the sum of its printed parts, at the
    table's display precision (a blank cell counts as zero). A sum naming a figure the table
    does not print is skipped."""
    shown: dict[str, Decimal] = {}
    for row in table.rows:
        for cell in row.cells:
            if cell.is_amount and cell.fact is not None:
                value = ZERO if cell.amount is None else cell.amount
                shown[cell.fact] = rounded(value, table.unit, table.decimals)
    out = []
    for item in sums:
        if item.total not in shown or any(part not in shown for part in item.parts):
            continue
        added = sum((shown[part] for part in item.parts), start=ZERO)
        if added != shown[item.total]:
            out.append(Gap(item, shown[item.total], added))
    return out


def _columns(row: Row) -> tuple[str, dict[str, str]]:
    """A row's key and its figures by column label: ``表2/20805/合计`` → (``表2/20805``,
    {``合计``: ``表2/20805/合计``, …})."""
    key, by_label = "", {}
    for cell in row.cells:
        if cell.is_amount and cell.fact is not None:
            key, _, label = cell.fact.rpartition("/")
            by_label[label] = cell.fact
    return key, by_label


def tree_sums(rows: Sequence[Row]) -> list[Sum]:
    """Column by column, each coded row (类, 款) sums the rows one level below it up to the
    next row of its level or above, and the 合计 row sums the 类 rows."""
    out: list[Sum] = []
    for i, row in enumerate(rows):
        if row.kind == "total":
            children = [r for r in rows if r.kind != "total" and r.level == 1]
        elif row.level > 0:
            children = []
            for below in rows[i + 1:]:
                if below.kind == "total" or below.level <= row.level:
                    break
                if below.level == row.level + 1:
                    children.append(below)
        else:
            continue
        if not children:
            continue
        _, totals = _columns(row)
        parts = [_columns(child)[1] for child in children]
        for label, fact in totals.items():
            if all(label in p for p in parts):
                out.append(Sum(fact, tuple(p[label] for p in parts)))
    return out


def across_sums(rows: Sequence[Row], total: str, parts: Sequence[str]) -> list[Sum]:
    """In each row, the figure in column ``total`` sums those in columns ``parts`` (e.g.
    合计 = 基本支出 + 项目支出); figures are grouped by their row key, so a row of 表1 holding
    income and spending is two rows here."""
    out: list[Sum] = []
    for row in rows:
        groups: dict[str, dict[str, str]] = {}
        for cell in row.cells:
            if cell.is_amount and cell.fact is not None:
                key, _, label = cell.fact.rpartition("/")
                groups.setdefault(key, {})[label] = cell.fact
        for by_label in groups.values():
            if total in by_label and all(p in by_label for p in parts):
                out.append(Sum(by_label[total], tuple(by_label[p] for p in parts)))
    return out
