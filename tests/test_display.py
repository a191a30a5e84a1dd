"""Every printed figure is its exact value rounded once, ROUND_HALF_UP."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from generator.display import amount_cell, number
from generator.publication.model import Unit
from tests.helpers import body_grid, publication


def test_half_up_rounding() -> None:
    assert number(Decimal("0.5"), Unit.YUAN, 0) == "1"
    assert number(Decimal("2.5"), Unit.YUAN, 0) == "3"  # not banker's rounding
    assert number(Decimal("9146350"), Unit.WAN, 2) == "914.64"
    assert number(Decimal("194164261"), Unit.WAN, 2) == "19,416.43"
    assert number(Decimal("-0.001"), Unit.YUAN, 2) == "0.00"


def test_blank_cells() -> None:
    assert amount_cell(Decimal(0), Unit.YUAN, 2, blank_zero=True) == ""
    assert amount_cell(Decimal(0), Unit.YUAN, 2, blank_zero=False) == "0.00"
    assert amount_cell(None, Unit.YUAN, 2, blank_zero=False) == ""


def test_totals_are_rounded_from_exact_values_not_summed_after_rounding(tmp_path: Path) -> None:
    # A book printing whole yuan from data kept to the fen: 0.50 + 0.50 + 0.50 prints as
    # 1 + 1 + 1 but the total 1.50 prints as 2 — as real published books show.
    from generator.pipeline import validate
    from generator.publication.derive import derive
    from tests.helpers import TESTDATA

    text = (TESTDATA / "valid-minimal.yaml").read_text(encoding="utf-8")
    text += "选项:\n  金额小数位: 0\n"
    text = text.replace('  - {科目: "2080505", 人员经费: 365207.36}',
                        '  - {科目: "2080505", 人员经费: 365207.50}\n'
                        '  - {科目: "2080506", 人员经费: 0.50}')
    path = tmp_path / "rounding.yaml"
    path.write_text(text, encoding="utf-8")
    result = validate(str(path))
    assert result.book is not None
    table = derive(result.book, check=False).tables["表2"]
    grid = {row[0] + row[1] + row[2]: row[4] for row in body_grid(table)}
    assert grid["2080505"] == "365,208"
    assert grid["2080506"] == "1"
    assert grid["20805"] == "365,208"  # 365,208.00 exactly: not 365,208 + 1


def test_table9_in_wan() -> None:
    table = publication("001").tables["表9"]
    assert table.unit is Unit.WAN and table.decimals == 2
