"""`budgetgen import` of a published book: our own PDFs (and their `pdftotext -layout` text)
come back as data that rebuilds the same book; the seeds' known mistakes come back as located
findings, and the rebuilt seeds agree with the hand-made examples."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from generator.build import build
from generator.findings import Finding, Location
from generator.pipeline import publish, validate
from generator.publication.compare import compare
from generator.publication.model import Publication
from generator.source.emit import dump_yaml
from generator.source.importers import Imported, importer_for, published
from generator.source.importers.book import narrative, pages, tables
from tests.helpers import EXAMPLES, SEEDS, body_grid, publication
from tests.shelf import Shelf

SEED = {"000": "000-songjiang-2025.txt", "001": "001-yangpu-2024.txt",
        "004": "004-songjiang-forms-2026.txt"}


def rebuilt(imported: Imported, tmp: Path, name: str) -> Publication:
    path = tmp / f"{name}.yaml"
    path.write_text(dump_yaml(imported.data), encoding="utf-8")
    result = validate(str(path))
    assert result.book is not None, [f.render() for f in result.findings]
    return publish(result)


def differences(old: Publication, new: Publication) -> list[str]:
    """Every printed figure and passage that differs (figures compared as printed)."""
    comparison = compare(old, new)
    out = [f"{f.place}: {f.shown(f.old)} → {f.shown(f.new)}" for f in comparison.figures
           if f.shown(f.old) != f.shown(f.new)]
    out += [f"{t.section}: {t.old} → {t.new}" for t in comparison.texts]
    out += [*comparison.rows_added, *comparison.rows_removed, *comparison.projects_added,
            *comparison.projects_removed]
    return out


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


# ---- round trip: build → PDF → import → build ---------------------------------------------------

@pytest.fixture(scope="module")
def pdfs(shelf: Shelf) -> dict[str, Path]:
    """The examples' PDFs, from the run's shelf (tests/shelf.py)."""
    built = shelf.books(EXAMPLES.values())
    return {key: built[path.stem].pdf for key, path in EXAMPLES.items()}


@pytest.mark.pdf
@pytest.mark.parametrize("key", ["000", "001", "004"])
def test_pdf_round_trip_gives_the_same_book(key: str, pdfs: dict[str, Path],
                                            tmp_path: Path) -> None:
    imported = published.read(pdfs[key])
    assert [f.render() for f in imported.findings] == []
    assert differences(publication(key), rebuilt(imported, tmp_path, key)) == []


@pytest.mark.pdf
@pytest.mark.parametrize("key", ["000", "001"])
def test_layout_text_round_trip_gives_the_same_tables(key: str, pdfs: dict[str, Path],
                                                      tmp_path: Path) -> None:
    text = tmp_path / f"{key}.txt"
    subprocess.run(["pdftotext", "-layout", str(pdfs[key]), str(text)], check=True)
    book = rebuilt(published.read(text), tmp_path, key)
    for table_id, table in publication(key).tables.items():
        if table_id.startswith("表"):  # the nine tables; 申报表 grids: see below
            assert body_grid(book.tables[table_id]) == body_grid(table), table_id
    # 001's 申报表 goals sit side by side and interleave line by line in layout text, and a
    # merged 一级/二级 label is printed mid-group: those grids need the PDF itself.
    if key == "000":
        assert differences(publication(key), book) == []


# ---- the seeds: their known mistakes, and the rest of the book ----------------------------------

@pytest.fixture(scope="module")
def seeds() -> dict[str, Imported]:
    return {key: published.read(SEEDS / name) for key, name in SEED.items()}


def test_000_seed_mistakes_are_reported_with_their_place(seeds: dict[str, Imported]) -> None:
    found = {f.render() for f in seeds["000"].findings}
    assert ("000-songjiang-2025.txt:100:1: 警告 [import.table-mismatch] "
            "表1 财务收支预算总表 · 七、社会保障和就业支出 · 合计："
            "印为 788,565.64，其他表支持的数为 597,811.04（差 190,754.60）；已按其他表取数") in found
    assert ("000-songjiang-2025.txt:345:1: 警告 [import.text-mismatch] 其他相关情况说明："
            "文字所述数字与表格不一致：印为0万元，按表格应为0.3万元；"
            "重建时文字由表格数据生成") in found
    assert ("000-songjiang-2025.txt:269:1: 警告 [import.text-mismatch] 表7 注："
            "表注写“2024年度”，本书为2025年预算；重建时注由模板按本书年度生成") in found
    assert "error" not in {f.severity.value for f in seeds["000"].findings}


def test_001_seed_mistakes_are_reported(seeds: dict[str, Imported]) -> None:
    found = seeds["001"].findings
    blank = [f for f in found if f.code == "import.blank-total"]
    assert [f.render() for f in blank] == [
        "001-yangpu-2024.txt:169:1: 警告 [import.blank-total] 表4 总计行："
        "收入总计、支出总计留空；重建时按明细计算"]
    glossary = [f for f in found if f.code == "import.glossary-level"]
    assert [f.place for f in glossary] == ["名词解释 · 财政拨款收入", "名词解释 · 基本支出预算",
                                           "名词解释 · 项目支出预算", "名词解释 · “三公”经费"]
    assert "本书为区级" in glossary[0].message
    assert "error" not in {f.severity.value for f in found}


@pytest.mark.parametrize("key", ["000", "001"])
def test_rebuilt_seed_tables_equal_the_examples(key: str, seeds: dict[str, Imported],
                                                tmp_path: Path) -> None:
    # The examples reproduce every correct printed row of the seeds (tests/test_seed_tables.py),
    # so equal tables mean the rebuilt seed reproduces them too, with its mistakes corrected.
    book = rebuilt(seeds[key], tmp_path, key)
    for table_id, table in publication(key).tables.items():
        assert body_grid(book.tables[table_id]) == body_grid(table), table_id


def test_rebuilt_001_seed_differs_from_the_example_only_in_its_typos(
        seeds: dict[str, Imported], tmp_path: Path) -> None:
    diffs = differences(publication("001"), rebuilt(seeds["001"], tmp_path, "001"))
    assert len(diffs) == 4  # the four typos the example's header lists (流程 and 协议, …)
    assert any("流程 and 协议" in d for d in diffs)
    assert any("消除安全隐，" in d for d in diffs)


def test_004_forms_come_back_as_projects(seeds: dict[str, Imported], tmp_path: Path) -> None:
    reference = validated_book("004")
    data = seeds["004"].data
    assert data["类型"] == "绩效目标申报表" and data["预算年度"] == 2026
    projects = data["项目"]
    assert [p["名称"] for p in projects] == [p.name for p in reference.projects]
    for mine, theirs in zip(projects, reference.projects, strict=True):
        assert theirs.form is not None
        assert Decimal(mine["金额"]) == theirs.amount
        form = mine["绩效目标申报表"]
        assert (form["项目性质"], form["项目类别"]) == (theirs.form.nature, theirs.form.category)
        assert form["计划开始日期"] == f"{theirs.form.start:%Y-%m-%d}"
        indicators = sorted((i["名称"], i["指标值"]) for groups in form["绩效指标"].values()
                            for group in groups.values() for i in group)
        expected = sorted((i.name, i.value) for level1 in theirs.form.indicators.model_dump(
            by_alias=True).values() for group in level1.values() for i in
            [type("I", (), {"name": x["名称"], "value": x["指标值"]}) for x in group])
        assert indicators == expected, mine["名称"]
    book = rebuilt(seeds["004"], tmp_path, "004")
    assert len([t for t in book.tables if t.startswith("申报表")]) == 6


def validated_book(key: str):  # type: ignore[no-untyped-def]
    result = validate(str(EXAMPLES[key]))
    assert result.book is not None
    return result.book


# ---- pieces ----------------------------------------------------------------------------------

def test_importer_registry_reads_pdf_and_text() -> None:
    assert importer_for(Path("book.pdf")) is published
    assert importer_for(Path("book.TXT")) is published


def test_location_with_a_page() -> None:
    assert str(Location("book.pdf", 0, 0, page=7)) == "book.pdf（第7页）"
    assert str(Location("book.txt", 12, 1, page=3)) == "book.txt:12:1（第3页）"
    assert str(Location("data.yaml", 4, 2)) == "data.yaml:4:2"


def test_overflowing_amounts_are_split_again() -> None:
    cells = [pages.Cell("支出总计", 2, 2), pages.Cell("5,596,578.2", 3, 3),
             pages.Cell("85,596,578.2", 4, 4), pages.Cell("8", 5, 5)]
    assert [c.text for c in pages.repair_joined(cells, True)] == [
        "支出总计", "5,596,578.28", "5,596,578.28"]
    # a code next to an amount is left alone
    cells = [pages.Cell("01", 2, 2), pages.Cell("2,842,513.12", 3, 3)]
    assert [c.text for c in pages.repair_joined(cells, True)] == ["01", "2,842,513.12"]


def test_layout_row_amounts_go_to_their_columns() -> None:
    # lines of `pdftotext -layout` of our 000 book (表3): labels centred, amounts right-aligned
    text = (
            "                    项目                                  支出预算\n"
            "功能分类科目编\n"
            "   码                 功能分类科目名称              合计           基本支出            项目支出\n"
            " 类    款    项\n"
            "210   14   99     其他优抚对象医疗支出               154,900.00                    154,900.00\n"
    )
    blocks = pages.from_text(text)
    table = tables.read_table("表3", blocks)
    assert table.rows[0].key == "2101499"
    assert table.rows[0].amounts == {"合计": Decimal("154900.00"), "项目支出": Decimal("154900.00")}


def test_prior_figure_from_a_stated_change() -> None:
    # 559.66万元 now, "增加22.79万元，增长4.25%": a prior figure reproducing both
    prior = narrative.change("，比2024年预算增加22.79万元，增长4.25%", Decimal("5596578.28"))
    assert prior is not None
    diff = Decimal("5596578.28") - prior
    assert (diff / 10000).quantize(Decimal("0.01")) == Decimal("22.79")
    assert (diff / prior * 100).quantize(Decimal("0.01"), "ROUND_HALF_UP") == Decimal("4.25")
    assert narrative.change("，与2024年预算持平", Decimal(3000)) == Decimal(3000)


def test_a_text_without_words_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "scan.txt"
    empty.write_text("\n\f\n", encoding="utf-8")
    imported = published.read(empty)
    assert [f.render() for f in imported.findings] == [
        "scan.txt（第1页）: 错误 [import.no-text] 文件中没有可读取的文字（扫描件需先做文字识别）"]


@pytest.mark.pdf
def test_a_book_nobody_has_seen_round_trips(tmp_path: Path) -> None:
    # ten-figure amounts, a 41-character unit name, a code missing from the catalog (with its
    # name), two funding sources on one line, 20 projects
    long = "上海市松江区医疗保障局测试用四十个字符长度的单位名称用于检验表格换行与读取是否正确"
    text = EXAMPLES["000"].read_text(encoding="utf-8")
    text = text.replace("  名称: 上海市松江区医疗保障局\n", f"  名称: {long}\n", 1)
    text = text.replace("  表内名称: 上海市松江区医疗保障局（本级）\n", f"  表内名称: {long}（本级）\n")
    text = text.replace(
        '  - {科目: "2101502", 项目支出: 896494.00}',
        '  - {科目: "2101502", 项目支出: 1234567890.12}\n  - 科目: "2101598"\n'
        "    名称: 测试用未列入目录的医疗保障管理事务支出科目名称\n    资金来源:\n"
        "      政府性基金: {项目支出: 50000}\n      事业收入: {人员经费: 7000.50, 项目支出: 3000}")
    text = text.replace("  金额: 1271194.00", "  金额: 1234942590.12")
    text = text.rstrip("\n") + "\n" + "".join(
        f"\n  - 名称: 测试项目{i:02d}号用于检验二十个项目的读取\n    项目概述: 第{i}个测试项目的概述。\n"
        f'    实施周期: {{开始: "2025-01-01", 结束: "2025-12-31"}}\n' for i in range(14))
    source = tmp_path / "stress.yaml"
    source.write_text(text, encoding="utf-8")
    original = validate(str(source))
    assert original.ok, [f.render() for f in original.findings]
    book = publish(original)
    assert len([s for s in book.walk() if s.id.startswith("project-") and s.id.count("-") == 1]) == 20
    pdf = build(book, "stress", ["pdf"], tmp_path)[0]
    imported = published.read(pdf)
    assert differences(book, rebuilt(imported, tmp_path, "stress-again")) == []
    assert imported.data["单位"]["名称"] == long
    line = next(x for x in imported.data["支出明细"] if x["科目"] == "2101598")
    assert line["名称"] == "测试用未列入目录的医疗保障管理事务支出科目名称"
    assert line["资金来源"] == {"政府性基金": {"项目支出": Decimal("50000.00")},
                            "事业收入": {"人员经费": Decimal("7000.50"), "项目支出": Decimal("3000.00")}}
    # 表1/表4 print ten-figure amounts wider than their columns: the overlapping digits cannot
    # be read, and the import says so while taking the figures from the other tables
    # besides, the data's own warnings: the code the catalog lacks (named by the data) and the
    # new sources without a 上年 figure
    assert {f.code for f in imported.findings} <= {
        "import.table-mismatch", "explanation.missing-use", "code.unknown", "plausible.prior-missing"}
    assert {f.code for f in imported.findings if f.severity == "error"} == set()


def test_import_command_writes_a_data_file_that_builds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    target = tmp_path / "yangpu.yaml"
    assert main(["import", str(SEEDS / SEED["001"]), "-o", str(target)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.strip().split("\n")
    assert lines[-1] == f"已写出 {target}（共 0 个错误，9 个警告）"
    # what was read, part by part, before it
    assert lines[0] == "001-yangpu-2024.txt 中读到的部分："
    parts = {line.split()[0]: line.split()[-2:] for line in lines[1:-1]}
    assert parts["表4"][0] == "已读" and parts["表4"][1].startswith("第")
    assert parts["主要职能"][0] == "已读" and parts["封面"][0] == "已读"
    assert "001-yangpu-2024.yaml" not in captured.err  # findings name the file written
    assert "[import.blank-total] 表4 总计行" in captured.err
    assert target.read_text(encoding="utf-8").startswith(
        "# 由 budgetgen import 从 001-yangpu-2024.txt 读取；请核对后使用。\n预算年度: 2024\n")
    assert main(["build", str(target), "--format", "html", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "yangpu.html").is_file()


@pytest.mark.pdf
def _unpunctuated(text: str) -> str:
    return text.translate({ord(mark): None for mark in "、，；"})


def test_a_book_laid_out_by_a_word_processor_round_trips(tmp_path: Path, shelf: Shelf) -> None:
    # Our Word edition turned into PDF by LibreOffice: other table rulings, justified lines
    # with stretched gaps, other fonts: the shape of a book made by hand in Word. (From the
    # run's shelf, converted in the one LibreOffice call the Word page checks make.)
    import shutil

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed (the README set-up installs it)")
    built = shelf.books([EXAMPLES["001"]])
    shelf.word_pdfs(built.values(), soffice)
    path = built[EXAMPLES["001"].stem].word_pdf
    imported = published.read(path)
    assert [f.render() for f in imported.findings] == []
    # LibreOffice's PDF export leaves out a 、，； that falls at the very end of a justified line
    # (001's 主要职能 6: "就医需求" / "减轻…"): the mark is not in the PDF, so the passage comes
    # back without it. Every figure, and every passage but for such marks, must be identical.
    found = differences(publication("001"), rebuilt(imported, tmp_path, "001"))
    assert [d for d in found if " → " not in d or _unpunctuated(d.split(" → ")[0].split(": ", 1)[1])
            != _unpunctuated(d.split(" → ")[1])] == []


def test_the_registry_names_each_importers_own_endings_and_loads_only_the_one_used() -> None:
    import subprocess
    import sys
    from importlib import import_module

    from generator.source import importers

    for name, endings in importers._MODULES.items():
        assert endings == import_module(f"generator.source.importers.{name}").SUFFIXES
    # Choosing the reader of a PDF leaves openpyxl unloaded (0.25 s of a command's start).
    code = ("import sys; from pathlib import Path; from generator.source.importers import importer_for;"
            " importer_for(Path('a.pdf')); print('openpyxl' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
