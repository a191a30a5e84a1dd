"""Money, codes and dates are read exactly as written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic_core import PydanticCustomError

from generator.source.loader import Number
from generator.source.types import parse_code, parse_date, parse_money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (Number("5596578.28"), Decimal("5596578.28")),
        ("5,596,578.28", Decimal("5596578.28")),
        ("70.90万", Decimal("709000.0000")),
        ("10.21万元", Decimal("102100.0000")),
        (Number("0.1"), Decimal("0.1")),
        ("300元", Decimal("300")),
    ],
)
def test_money_from_literal_text(text: str, expected: Decimal) -> None:
    value = parse_money(text)
    assert value == expected and isinstance(value, Decimal)


def test_money_never_goes_through_float() -> None:
    # 0.1 + 0.2 is exactly 0.3 when read from the text.
    assert parse_money(Number("0.1")) + parse_money(Number("0.2")) == Decimal("0.3")
    with pytest.raises(PydanticCustomError):
        parse_money(0.1)


@pytest.mark.parametrize(("text", "kind"), [("1.234", "money_precision"), ("-5", "money_negative"),
                                            ("五百", "money_parse"), (True, "money_type")])
def test_bad_money(text: object, kind: str) -> None:
    with pytest.raises(PydanticCustomError) as info:
        parse_money(text)
    assert info.value.type == kind


def test_codes_must_be_quoted_text() -> None:
    assert parse_code("0701") == "0701"
    with pytest.raises(PydanticCustomError) as info:
        parse_code(Number("0701"))
    assert info.value.type == "code_unquoted"
    with pytest.raises(PydanticCustomError):
        parse_code("21015a")


@pytest.mark.parametrize("text", ["2025-01-01", "2025/1/1", "2025.1.1", "2025年1月1日"])
def test_dates(text: str) -> None:
    assert parse_date(text) == date(2025, 1, 1)


def test_impossible_date() -> None:
    with pytest.raises(PydanticCustomError, match="不存在"):
        parse_date("2025-02-30")


@pytest.mark.parametrize(("text", "expected"), [
    ("1,234", Decimal("1234")), ("12,345,678.90", Decimal("12345678.90")), ("+5", Decimal("5")),
])
def test_thousands_commas_read_where_the_book_prints_them(text: str, expected: Decimal) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize("text", ["1,23", "12,34.5", "1,2345", "1,,234"])
def test_commas_out_of_place_are_refused(text: str) -> None:
    with pytest.raises(PydanticCustomError) as info:
        parse_money(text)
    assert info.value.type == "money_parse"
    assert "逗号不是千位分隔" in str(info.value)


@pytest.mark.parametrize("text", [Number("-0"), "-0.00", "-0万"])
def test_minus_zero_is_zero_without_its_sign(text: object) -> None:
    value = parse_money(text)
    assert value == 0 and not value.is_signed()
