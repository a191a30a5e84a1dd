"""Catalogs: by year, with names for every code of the examples."""

from __future__ import annotations

from generator.catalogs import for_year, normalise_name
from tests.helpers import validated


def test_year_fallback_and_names() -> None:
    assert for_year(2025).function.year == 2025
    assert for_year(2026).function.year == 2025  # latest earlier year shipped
    assert for_year(2025).function.name("2080505") == "机关事业单位基本养老保险缴费支出"
    assert for_year(2024).economic.name("30213") == "维修（护）费"
    assert [name for _, name in for_year(2025).categories][-3:] == ["预备费", "债务付息支出", "其他支出"]
    assert len(for_year(2025).categories) == 22


def test_every_example_code_is_in_the_catalog() -> None:
    for key in ("000", "001"):
        book = validated(key).book
        assert book is not None
        catalogs = for_year(book.year)
        for line in book.lines:
            for code in (line.code[:3], line.code[:5], line.code):
                assert catalogs.function.name(code), code
        for econ in book.economic:
            assert catalogs.economic.name(econ.code), econ.code


def test_names_compare_across_bracket_widths() -> None:
    assert normalise_name("维修(护)费") == normalise_name("维修（护）费")
