"""Codes the shipped catalog lacks: named by the data, by an imported catalog, or one error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.catalogs import ENV_VAR, SHIPPED, for_year, search_path
from generator.cli import main
from generator.findings import Severity
from generator.pipeline import Validated, publish, validate
from tests.helpers import TESTDATA, body_grid

NEW_UNIT = TESTDATA / "codes" / "new-unit-2025.yaml"
# The layout of the official 政府收支分类科目 (科目编码 | 科目名称 | 说明), a title line above.
OFFICIAL_CSV = """2026年政府收支分类科目,,
科目编码,科目名称,说明
101,税收收入,
10101,增值税,
201,一般公共服务支出,
20103,政府办公厅（室）及相关机构事务,
2010303,机关服务,反映为行政单位提供的服务性支出
208,社会保障和就业支出,
20808,抚恤,
2080801,死亡抚恤,
213,农林水支出,
21301,农业农村,
2130101,行政运行,
301,工资福利支出,
30101,基本工资,
302,商品和服务支出,
30201,办公费,
30217,公务接待费,
303,对个人和家庭的补助,
30304,抚恤金,
"""


def _codes(result: Validated) -> list[tuple[str, Severity]]:
    return [(f.code, f.severity) for f in result.findings]


def _book(tmp_path: Path, old: str = "", new: str = "", name: str = "book.yaml") -> Path:
    text = NEW_UNIT.read_text(encoding="utf-8")
    if old:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_real_codes_named_by_the_data_build_without_error() -> None:
    result = validate(str(NEW_UNIT))
    assert result.ok
    # Each code missing from the shipped list is a warning on its line, nothing more.
    assert [(f.code, f.severity, f.locations[0].line) for f in result.findings] == [
        ("code.unknown", Severity.WARNING, 30),
        ("code.unknown", Severity.WARNING, 31),
        ("code.unknown", Severity.WARNING, 32),
    ]
    assert result.findings[1].message == (
        "款 20808「抚恤」、项 2080801「死亡抚恤」不在2025年功能分类科目表中（随附的科目表只收录常用"
        "科目）：按数据中的名称印出。请核对编码；如有本年度正式科目表，可用 budgetgen catalog import "
        "导入，导入后不再提示")
    rows = [row[:4] for row in body_grid(publish(result).tables["表3"])]
    # The codes printed are the data's and their 类/款, with the data's and the catalog's names.
    assert rows == [
        ["201", "", "", "一般公共服务支出"],
        ["201", "03", "", "政府办公厅（室）及相关机构事务"],
        ["201", "03", "03", "机关服务"],
        ["208", "", "", "社会保障和就业支出"],
        ["208", "08", "", "抚恤"],
        ["208", "08", "01", "死亡抚恤"],
        ["213", "", "", "农林水支出"],
        ["213", "01", "", "农业农村"],
        ["213", "01", "01", "行政运行"],
        ["合计", "", "", ""],
    ]


def test_a_code_named_nowhere_is_one_error_naming_what_is_missing(tmp_path: Path) -> None:
    path = _book(tmp_path, '  "20808": 抚恤\n', "")
    text = path.read_text(encoding="utf-8").replace("名称: 死亡抚恤, ", "")
    # A second line under the same unnamed 款 does not repeat the 款.
    text = text.replace('  - {科目: "2130101"',
                        '  - {科目: "2080802", 名称: 伤残抚恤, 人员经费: 0}\n  - {科目: "2130101"')
    path.write_text(text, encoding="utf-8")
    result = validate(str(path))
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert len(errors) == 1
    assert errors[0].code == "code.unknown"
    assert (errors[0].locations[0].line, errors[0].locations[0].column) == (30, 10)
    assert errors[0].message == (
        "缺少款 20808 的名称、项 2080801 的名称：2025年功能分类科目表中没有这些科目，数据中也没有写。"
        "请在这一行写上「名称」，并在「科目名称」中写上款 20808 的名称（如 科目名称: "
        '{"20808": 名称}）；或用 budgetgen catalog import 导入含有它们的科目表。'
        "相近的编码：2080501 行政单位离退休、2080101 行政运行")
    assert errors[0].place == "支出明细 · 2080801"


def test_a_missing_category_name_alone(tmp_path: Path) -> None:
    result = validate(str(_book(tmp_path, '  "21301": 农业农村\n', "")))
    assert [(f.code, f.message) for f in result.findings if f.severity is Severity.ERROR] == [
        ("code.unknown",
         "缺少款 21301 的名称：2025年功能分类科目表中没有这个科目，数据中也没有写。请在「科目名称」中"
         '写上款 21301 的名称（如 科目名称: {"21301": 名称}）；或用 budgetgen catalog import '
         "导入含有它的科目表")]


def test_economic_class_named_by_the_data(tmp_path: Path) -> None:
    path = _book(tmp_path, '  - {科目: "30304", 人员经费: 50000.00}',
                 '  - {科目: "50101", 名称: 工资奖金津补贴, 人员经费: 50000.00}')
    assert [f.message for f in validate(str(path)).findings
            if f.severity is Severity.ERROR][0].startswith(
        "缺少类 501 的名称：2025年经济分类科目表中没有这个科目，数据中也没有写。")
    named = _book(tmp_path, '  "21301": 农业农村\n', '  "21301": 农业农村\n  "501": 机关工资福利支出\n',
                  "named.yaml")
    named.write_text(named.read_text(encoding="utf-8").replace(
        '  - {科目: "30304", 人员经费: 50000.00}',
        '  - {科目: "50101", 名称: 工资奖金津补贴, 人员经费: 50000.00}'), encoding="utf-8")
    result = validate(str(named))
    assert result.ok
    table8 = body_grid(publish(result).tables["表8"])
    assert ["501", "", "机关工资福利支出"] in [row[:3] for row in table8]


def test_misfiled_only_for_names_that_do_not_recur() -> None:
    catalog = for_year(2025).function
    # Generic names, and names the catalog itself files under two 款 (信息化建设: 20106, 21015).
    for name in ("机关服务", "行政运行", "一般行政管理事务", "事业运行", "其他人大事务支出",
                 "信息化建设"):
        assert catalog.recurring(name), name
    for name in ("行政单位医疗", "住房公积金", "医疗保障经办事务"):
        assert not catalog.recurring(name), name
    assert for_year(2025).economic.recurring("其他对个人和家庭的补助")


@pytest.mark.parametrize(("code", "name", "misfiled"), [
    ("2080899", "信息化建设", False),       # recurs: 2010607, 2101504
    ("2080803", "机关服务", False),          # generic
    ("2089902", "住房公积金", True),         # only 2210201
    ("2130102", "医疗保障经办事务", True),   # only 2101506
])
def test_misfiled_check(tmp_path: Path, code: str, name: str, misfiled: bool) -> None:
    path = _book(tmp_path, '  - {科目: "2080801", 名称: 死亡抚恤, 人员经费: 50000.00}',
                 f'  - {{科目: "{code}", 名称: {name}, 人员经费: 50000.00}}')
    result = validate(str(path))
    found = [f for f in result.findings if f.code == "code.misfiled"]
    assert bool(found) is misfiled
    if misfiled:
        assert found[0].message.startswith(f"科目 {code}「{name}」不在2025年功能分类科目表中，")


def test_year_without_catalog_gets_one_notice(tmp_path: Path) -> None:
    path = _book(tmp_path, "预算年度: 2025", "预算年度: 2026")
    text = path.read_text(encoding="utf-8").replace("2025-", "2026-").replace('"2024-12-31"',
                                                                              '"2025-12-31"')
    path.write_text(text, encoding="utf-8")
    result = validate(str(path))
    notices = [f for f in result.findings if f.severity is Severity.NOTICE]
    assert len(notices) == 1
    assert notices[0].code == "catalog.year"
    assert notices[0].message == (
        "没有2026年的科目表：按2025年功能分类科目表、2025年经济分类科目表校验和命名科目。"
        "如已收到2026年政府收支分类科目，请用 budgetgen catalog import 文件 --year 2026 导入")
    assert notices[0].locations[0].line == 3  # 预算年度
    assert notices[0].render().split(": ", 1)[1].startswith("提示 [catalog.year]")
    assert result.ok
    # The code findings say which year's catalog they used.
    assert all("2025年功能分类科目表" in f.message for f in result.findings if f.code == "code.unknown")


def test_import_official_csv_feeds_validation(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    workbook = tmp_path / "政府收支分类科目.csv"
    workbook.write_text(OFFICIAL_CSV, encoding="gb18030")  # as Excel saves it in China
    project = tmp_path / "bureau"
    (project / "books").mkdir(parents=True)
    monkeypatch.chdir(project)
    assert main(["catalog", "import", str(workbook), "--year", "2026"]) == 0
    out = capsys.readouterr()
    assert "已写出 catalogs/function-2026.csv：2026年功能分类，类 3 个、款 3 个、项 3 个" in out.out
    assert "已写出 catalogs/economic-2026.csv：2026年经济分类，类 3 个、款 4 个" in out.out
    assert "1 个编码的上级类或款" not in out.err
    assert (project / "catalogs" / "function-2026.csv").read_text(encoding="utf-8").splitlines()[:3] \
        == ["code,name", "201,一般公共服务支出", "20103,政府办公厅（室）及相关机构事务"]
    # A 2026 book below that folder: the codes only the imported catalog has, without warning,
    # and no notice about the year (the 科目名称 map is not needed any more).
    book = _book(project / "books", "预算年度: 2025", "预算年度: 2026")
    text = book.read_text(encoding="utf-8").replace("2025-", "2026-").replace('"2024-12-31"',
                                                                              '"2025-12-31"')
    book.write_text(text.replace('  "20808": 抚恤\n  "21301": 农业农村\n', "").replace(
        "科目名称:\n", ""), encoding="utf-8")
    result = validate(str(book))
    assert result.findings == []
    assert result.catalogs is not None and result.catalogs.function.year == 2026
    assert [row[3] for row in body_grid(publish(result).tables["表3"])][:3] == [
        "一般公共服务支出", "政府办公厅（室）及相关机构事务", "机关服务"]
    # The same book elsewhere finds the catalog through --catalogs, else gets the notice.
    elsewhere = tmp_path / "elsewhere.yaml"
    shutil.copy(book, elsewhere)
    assert validate(str(elsewhere), str(project / "catalogs")).findings == []
    assert "catalog.year" in [f.code for f in validate(str(elsewhere)).findings]


def test_import_xlsx_with_split_code_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    monkeypatch.delenv(ENV_VAR, raising=False)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "支出功能分类科目"
    sheet.append(["科目编码", None, None, "科目名称", "说明"])
    sheet.append(["类", "款", "项", None, None])
    sheet.append([201, None, None, "一般公共服务支出", None])
    sheet.append([None, "03", None, "政府办公厅（室）及相关机构事务", None])
    sheet.append([None, None, "03", "  机关服务", "反映…"])
    sheet.append([208, None, None, "社会保障和就业支出", None])
    sheet.append([None, 8, None, "抚恤", None])  # a number: Excel shows 8 for 08
    sheet.append([None, None, 1, "死亡抚恤", None])
    income = workbook.create_sheet("一般公共预算收入科目")
    income.append(["科目编码", "科目名称"])
    income.append(["101", "税收收入"])
    economic = workbook.create_sheet("部门预算支出经济分类科目")
    economic.append([None, "部门预算支出经济分类科目"])
    economic.append(["30304", "抚恤金"])  # no header: found by content
    economic.append(["303", "对个人和家庭的补助"])
    source = tmp_path / "2025科目.xlsx"
    workbook.save(source)
    into = tmp_path / "mine"
    assert main(["catalog", "import", str(source), "--year", "2025", "--into", str(into)]) == 0
    out = capsys.readouterr()
    assert "类 2 个、款 2 个、项 2 个" in out.out
    assert "工作表「一般公共预算收入科目」是收入分类，未导入" in out.err
    assert (into / "function-2025.csv").read_text(encoding="utf-8") == (
        "code,name\n201,一般公共服务支出\n20103,政府办公厅（室）及相关机构事务\n2010303,机关服务\n"
        "208,社会保障和就业支出\n20808,抚恤\n2080801,死亡抚恤\n")
    assert (into / "economic-2025.csv").read_text(encoding="utf-8") == (
        "code,name\n303,对个人和家庭的补助\n30304,抚恤金\n")
    # Through the environment variable: 2010303 and 2080801 (and 20808) need no 名称 now;
    # 2130101 and its 款 are still named by the data only.
    monkeypatch.setenv(ENV_VAR, str(into))
    result = validate(str(_book(tmp_path, '  "20808": 抚恤\n', "")))
    assert [(f.code, f.locations[0].line) for f in result.findings] == [("code.unknown", 31)]
    assert result.findings[0].message.startswith("款 21301「农业农村」、项 2130101「行政运行」不在"
                                                 "2025年功能分类科目表中：按数据中的名称印出")


def test_import_refuses_what_it_cannot_read(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("甲,乙\n一,二\n", encoding="utf-8")
    assert main(["catalog", "import", str(empty), "--year", "2025", "--into",
                 str(tmp_path / "c")]) == 2
    assert "没有读到科目" in capsys.readouterr().err
    assert main(["catalog", "import", str(tmp_path / "none.xlsx"), "--year", "2025"]) == 2
    wrong = tmp_path / "list.txt"
    wrong.write_text("x", encoding="utf-8")
    assert main(["catalog", "import", str(wrong), "--year", "2025"]) == 2
    assert "只能导入 .xlsx 或 .csv" in capsys.readouterr().err


def test_search_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    option, env, near = tmp_path / "opt", tmp_path / "env", tmp_path / "a" / "catalogs"
    for folder in (option, env, near):
        folder.mkdir(parents=True)
    (tmp_path / "a" / "b").mkdir()
    monkeypatch.setenv(ENV_VAR, str(env))
    assert search_path(tmp_path / "a" / "b" / "x.yaml", option) == (
        option.resolve(), env.resolve(), near.resolve(), SHIPPED)
    monkeypatch.delenv(ENV_VAR)
    assert search_path(tmp_path / "x.yaml") == (SHIPPED,)


def test_a_bureau_list_wins_over_the_shipped_names(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / "function-2025.csv").write_text(
        "code,name\n210,卫生健康支出（新）\n", encoding="utf-8")
    from generator.catalogs import for_book

    found = for_book(2025, tmp_path / "x.yaml")
    assert found.function.name("210") == "卫生健康支出（新）"
    assert found.function.name("2101501") == "行政运行"  # the shipped list still counts
    assert ("210", "卫生健康支出（新）") in found.categories
    assert not found.function.partial
    broken = tmp_path / "catalogs" / "economic-2025.csv"
    broken.write_text("编码,名称\n", encoding="utf-8")
    from generator.errors import InputError

    with pytest.raises(InputError, match="科目表第一行应为 code,name"):
        for_book(2025, tmp_path / "x.yaml")


def test_code_names_entries_are_checked(tmp_path: Path) -> None:
    path = _book(tmp_path, '  "21301": 农业农村\n',
                 '  "21301": 农业农村\n  "208": 社会保障支出\n  "2130101": 行政运行\n')
    result = validate(str(path))
    found = [(f.code, f.severity, f.locations[0].line, f.message) for f in result.findings
             if f.place.startswith("科目名称")]
    assert found == [
        ("code.name", Severity.WARNING, 29,
         "科目 208 的名称在2025年功能分类科目表中为「社会保障和就业支出」，科目名称中写的是「社会保障支出」："
         "表中按数据印出，如为笔误请删去这一项"),
        ("code.level", Severity.ERROR, 30,
         "科目名称中的 2130101（7位）不是类（3位）或款（5位）编码：项的名称写在支出明细这一行的「名称」中"),
    ]
    assert ["208", "", "", "社会保障支出"] in [row[:4] for row in
                                              body_grid(publish(result).tables["表3"])]


def test_a_bureau_list_lacking_a_category(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "function-2025.csv").write_text("code,name\n2130101,行政运行\n2080801,死亡抚恤\n"
                                            "2010303,机关服务\n", encoding="utf-8")
    book = _book(tmp_path)
    assert main(["validate", str(book), "--catalogs", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'nowhere'}: 找不到科目表目录（--catalogs）\n"
    assert main(["validate", str(book), "--catalogs", str(mine)]) == 0
    out = capsys.readouterr().out
    # The 项 are in the bureau's list; their 款 are named only by 科目名称.
    assert out.splitlines()[:2] == [
        f"{book}:31:10: 警告 [code.parent] 支出明细 · 2080801：款 20808「抚恤」不在2025年功能分类"
        "科目表中：按数据中的名称印出。请核对编码；如有本年度正式科目表，可用 budgetgen catalog import "
        "导入，导入后不再提示",
        f"{book}:32:10: 警告 [code.parent] 支出明细 · 2130101：款 21301「农业农村」不在2025年功能分类"
        "科目表中：按数据中的名称印出。请核对编码；如有本年度正式科目表，可用 budgetgen catalog import "
        "导入，导入后不再提示",
    ]
    assert out.splitlines()[2] == f"{book}：共 0 个错误，2 个警告"


def test_a_department_of_units_gets_one_year_notice(tmp_path: Path) -> None:
    from tests.helpers import DATA

    folder = tmp_path / "dept"
    shutil.copytree(DATA / "yangpu-rollup", folder)
    for path in folder.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("预算年度: 2024", "预算年度: 2027"),
                        encoding="utf-8")
    result = validate(str(folder / "department.yaml"))
    assert [f.message[:30] for f in result.findings if f.code == "catalog.year"] == [
        "没有2027年的科目表：按2025年功能分类科目表、2025年经济分类科目表校验和命名科目"[:30]]
