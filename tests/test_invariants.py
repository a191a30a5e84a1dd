"""The identities of the derived tables hold for every example, and a broken one is caught."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from generator.publication.invariants import figures, violations
from tests.helpers import publication


@pytest.mark.parametrize("book", ["000", "001"])
def test_examples_satisfy_every_identity(book: str) -> None:
    pub = publication(book)
    assert violations(pub) == []
    t = {key: figures(table) for key, table in pub.tables.items()}
    # 表8 人员经费/公用经费 = 表1's, for books whose 基本支出 is all 一般公共预算.
    if "表1/支出总计/人员经费" in t["表1"]:
        assert t["表8"]["表8/合计/人员经费"] == t["表1"]["表1/支出总计/人员经费"]
        assert t["表8"]["表8/合计/公用经费"] == t["表1"]["表1/支出总计/公用经费"]
    assert t["表3"]["表3/合计/基本支出"] == t["表8"]["表8/合计/合计"]


def test_a_broken_identity_is_reported() -> None:
    pub = publication("000")
    table = pub.tables["表4"]
    rows = list(table.rows)
    last = rows[-1]
    cells = list(last.cells)
    cells[1] = dataclasses.replace(cells[1], amount=Decimal("1.00"))
    rows[-1] = dataclasses.replace(last, cells=tuple(cells))
    broken = dataclasses.replace(pub, tables={**pub.tables,
                                              "表4": dataclasses.replace(table, rows=tuple(rows))})
    assert violations(broken)[0].startswith("表4 收入总计 = 支出总计：1.00 ≠ 5596578.28")
