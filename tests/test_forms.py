"""财政项目支出绩效目标申报表: the forms of the 001 book and the forms-only 004 document."""

from __future__ import annotations

import re

from generator.publication.forms import indicator_rows
from tests.helpers import SEEDS, body_grid, publication, validated


def _indicators(key: str) -> list[list[tuple[str, str, str, str]]]:
    book = validated(key).book
    assert book is not None
    return [indicator_rows(p.form.indicators) for p in book.projects if p.form]


def test_004_every_indicator_value_comes_from_the_seed() -> None:
    seed = (SEEDS / "004-songjiang-forms-2026.txt").read_text(encoding="utf-8")
    seed = re.sub(r"\$\\geq\s*(\d+)\\%\$", r"≥\1%", seed)
    forms = _indicators("004")
    assert [len(rows) for rows in forms] == [9, 17, 12, 18, 27, 19]
    for rows in forms:
        for _, _, name, value in rows:
            assert name in seed and value in seed, (name, value)


def test_001_forms_match_the_seed() -> None:
    seed = (SEEDS / "001-yangpu-2024.txt").read_text(encoding="utf-8")
    forms = _indicators("001")
    assert len(forms) == 5
    for rows in forms:
        for level1, level2, name, value in rows:
            assert all(part in seed for part in (level1, level2, name, value))


def test_form_grid_merges_and_funds() -> None:
    pub = publication("004")
    assert pub.title == "上海市松江区2026年财政项目支出绩效目标申报表"
    table = pub.tables["申报表1"]
    grid = body_grid(table)
    assert all(len(row) == 6 for row in grid)
    assert grid[0] == ["项目名称", "医疗补助", "项目性质", "其他经常性项目", "项目类别", "其他运转类"]
    assert grid[3] == ["项目资金\n（元）", "项目资金总额", "", "年度资金申请总额", "154,900.00", ""]
    assert grid[5][3:5] == ["上年结转资金", "0.00"]
    # 一级 and 二级 cells are merged down over their indicators.
    first = next(i for i, row in enumerate(table.rows) if row.cells[0].text == "成本指标")
    assert table.rows[first].cells[0].rowspan == 2
    assert table.rows[first].cells[1].text == "经济成本指标"
    heading = next(row for row in table.rows if row.cells[0].text == "绩效指标")
    assert heading.cells[0].rowspan == 9 + 1


def test_001_form_total_is_computed_from_parts() -> None:
    grid = body_grid(publication("001").tables["申报表1"])
    # 001 is a whole-yuan book: its forms print whole yuan, as its tables do (no ".00").
    assert grid[3][1:5] == ["项目资金总额", "8,075,310", "年度资金申请总额", "8,075,310"]
    assert grid[4][1:5] == ["其中：财政资金", "8,075,310", "其中：当年财政拨款", "8,075,310"]


def test_a_forms_only_document_comes_from_a_list_of_projects() -> None:
    # The 001 book's projects, published as a forms-only document: same forms, no tables.
    from generator.publication.derive import derive

    book = validated("001").book
    assert book is not None
    forms_only = derive(book.model_copy(update={"kind": "绩效目标申报表"}))
    assert sorted(forms_only.tables) == [f"申报表{i}" for i in range(1, 6)]
    assert [s.id for s in forms_only.sections] == ["forms"]
    assert forms_only.tables["申报表3"] == publication("001").tables["申报表3"]
