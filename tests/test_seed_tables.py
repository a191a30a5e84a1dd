"""The derived tables of the 000 and 001 examples reproduce the seeds' tables row by row.

Where the seed itself is wrong, the exception is named here with its reason and the derived
value asserted instead.
"""

from __future__ import annotations

import pytest

from tests.helpers import SEEDS, body_grid, publication, seed_rows, tidy

SEED = {"000": "000-songjiang-2025.txt", "001": "001-yangpu-2024.txt"}


def derived_rows(book: str, table_id: str) -> list[list[str]]:
    table = publication(book).tables[table_id]
    return [tidy(row) for row in body_grid(table)]


def seed(book: str, table_id: str) -> list[list[str]]:
    table = publication(book).tables[table_id]
    return seed_rows(SEED[book], table.title, len(table.header))


@pytest.mark.parametrize("table_id", ["表2", "表3", "表6", "表7", "表8"])
@pytest.mark.parametrize("book", ["000", "001"])
def test_coded_tables_match_seed(book: str, table_id: str) -> None:
    expected = seed(book, table_id)
    assert expected[-1][0] == "合计"
    assert derived_rows(book, table_id) == expected


def test_001_table5_matches_seed() -> None:
    assert derived_rows("001", "表5") == seed("001", "表5")


def test_000_table5_matches_seed_except_missing_name_column() -> None:
    # Exception: the 000 seed printed 表5 without its 功能分类科目名称 column (the template and
    # the 001 seed have it). Compare codes and amounts; names are asserted separately.
    ours = derived_rows("000", "表5")
    assert [row[:3] + row[4:] for row in ours] == [
        tidy(row) for row in seed("000", "表5")
    ]
    assert ours[0][3] == "社会保障和就业支出" and ours[-2][3] == "购房补贴"


def test_001_table1_matches_seed() -> None:
    assert derived_rows("001", "表1") == seed("001", "表1")


def test_000_table1_matches_seed_except_misfiled_health_insurance() -> None:
    # Exception: the 000 seed filed 行政单位医疗 (190,754.60, code 2101101) under 社会保障和就业支出
    # in 表1 (788,565.64 / 4,041,507.12); its 表2 and 表3 file it under 卫生健康支出.
    ours = derived_rows("000", "表1")
    theirs = seed("000", "表1")
    assert len(ours) == len(theirs) == 23
    wrong = {6, 7}
    for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        if i not in wrong:
            assert a == b, i
    assert ours[6][2:] == ["七、社会保障和就业支出", "597,811.04", "597,811.04"]
    assert theirs[6][2:] == ["七、社会保障和就业支出", "788,565.64", "788,565.64"]
    assert ours[7][2:] == ["八、卫生健康支出", "4,232,261.72", "2,738,851.52", "222,216.20",
                           "1,271,194.00"]
    assert theirs[7][3] == "4,041,507.12"


def test_000_table4_matches_seed() -> None:
    assert derived_rows("000", "表4") == seed("000", "表4")


def test_001_table4_matches_seed_except_blank_totals() -> None:
    # Exception: the 001 seed left 收入总计 and 支出总计 of 表4 blank.
    ours, theirs = derived_rows("001", "表4"), seed("001", "表4")
    assert ours[:-1] == theirs[:-1]
    assert theirs[-1] == ["收入总计", "", "支出总计"]
    assert ours[-1] == ["收入总计", "194,164,261", "支出总计", "194,164,261", "194,164,261"]


def test_table9_matches_seed() -> None:
    assert derived_rows("001", "表9") == seed("001", "表9") == [
        ["0.90", "", "0.90", "", "", "", "491.82"]]
    # Exception: the 000 seed printed "0.3" where every other 万元 figure has two decimals.
    assert derived_rows("000", "表9") == [["0.30", "", "0.30", "", "", "", "22.22"]]
    assert seed("000", "表9") == [["0.3", "", "0.3", "", "", "", "22.22"]]


@pytest.mark.parametrize("book", ["000", "001"])
def test_every_table_has_the_seed_title(book: str) -> None:
    seed_text = (SEEDS / SEED[book]).read_text(encoding="utf-8")
    for table_id in ("表1", "表2", "表3", "表4", "表5", "表6", "表7", "表8", "表9"):
        assert publication(book).tables[table_id].title in seed_text
