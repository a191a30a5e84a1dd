"""``budgetgen next-year``: a next-year draft that validates except for what it flags."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.cli import main
from generator.findings import Finding, Severity
from generator.next_year import Draft, next_year, target_name
from generator.pipeline import Validated, validate
from generator.publication.context import build_context
from generator.publication.derive import derive
from generator.publication.narrative import changes, kind_changes
from generator.source.loader import load
from tests.helpers import DATA, EXAMPLES, TESTDATA


def make_draft(source: Path, tmp_path: Path) -> tuple[Validated, Draft, Validated]:
    """This year's book, its next-year draft, and the draft validated as written."""
    before = validate(str(source))
    assert before.ok and before.book is not None
    target = tmp_path / target_name(source, before.book.year).name
    draft = next_year(before, target)
    target.write_text(draft.text, encoding="utf-8")
    return before, draft, validate(str(target))


def flagged_only(draft: Draft, after: Validated) -> None:
    """The draft has no error, and every warning it gets is on a value next-year flagged."""
    assert after.book is not None
    assert [f.render() for f in after.findings if f.severity is Severity.ERROR] == []
    flagged = {f.locations[0] for f in draft.findings}
    # a notice is not a flag: the new year may have no catalog yet (the previous one is used),
    # and every figure carried over is one until it is changed or confirmed
    assert {f.code for f in after.findings if f.severity is Severity.NOTICE} <= {
        "catalog.year", "draft.carried"}
    assert [f.render() for f in after.findings
            if f.locations[0] not in flagged and f.severity is not Severity.NOTICE] == []


def lines(findings: list[Finding]) -> list[str]:
    return [f.render().split(": ", 1)[1] for f in findings]


@pytest.mark.parametrize("key", ["000", "001", "004"])
def test_every_example_gives_a_draft_that_validates_except_what_is_flagged(
        tmp_path: Path, key: str) -> None:
    before, draft, after = make_draft(EXAMPLES[key], tmp_path)
    assert before.book is not None and after.book is not None
    flagged_only(draft, after)
    assert after.book.year == before.book.year + 1
    assert after.book.edition is None
    assert after.book.lines == before.book.lines  # codes and amounts exactly as they were
    assert after.book.economic == before.book.economic
    assert [(p.name, p.amount, p.code) for p in after.book.projects] == [
        (p.name, p.amount, p.code) for p in before.book.projects]
    assert all(f.severity is Severity.WARNING for f in draft.findings)


def test_prior_year_is_what_this_years_book_printed(tmp_path: Path) -> None:
    before, draft, after = make_draft(EXAMPLES["000"], tmp_path)
    assert before.book is not None and after.book is not None
    printed = derive(before.book).facts()
    prior = after.book.prior
    assert prior is not None and prior.three_public is not None
    assert prior.general == printed["说明/支出/一般公共预算"].value == Decimal("5596578.28")
    assert prior.three_public.reception == printed["三公/公务接待费"].value == Decimal("3000.00")
    assert prior.running_cost == printed["机关运行经费"].value == Decimal("222216.20")
    assert (prior.fund, prior.soe, prior.business) == (0, 0, 0)
    # 财政拨款支出 by kind, so next year's book states their changes too (and checks texts)
    assert (prior.basic, prior.project, prior.personnel, prior.public) == (
        Decimal("4325384.28"), Decimal("1271194.00"), Decimal("4103168.08"), Decimal("222216.20"))
    assert prior.basic + prior.project == prior.general
    assert {word: change.direction for word, change in kind_changes(build_context(after.book)).items()
            } == dict.fromkeys(("基本支出", "项目支出", "人员经费", "公用经费"), "flat")
    # next year's book compares with this year's: unchanged lines read as 持平
    assert changes(build_context(after.book)).general.direction == "flat"
    assert ("上年预算:\n  一般公共预算: 5596578.28\n  三公经费:\n    公务接待费: 3000.00\n"
            "    因公出国境费: 0\n") in draft.text
    assert ("警告 [next-year.text] 预算编制说明 › 变动原因：变动原因说明的是2025年与2024年相比的变化："
            "请按2026年预算与2025年的比较重写") in lines(draft.findings)
    assert '  编码: "157001"\n' in draft.text and '  - {科目: "2080505", 人员经费: 365207.36}\n' in draft.text


def test_findings_name_old_years_and_passed_dates(tmp_path: Path) -> None:
    _, draft, _ = make_draft(EXAMPLES["001"], tmp_path)
    found = lines(draft.findings)
    assert ("警告 [next-year.text] 预算编制说明 › 变动原因：沿用的文字提到 2024年（本书现为2025年）："
            "请按2025年改写，或确认仍然适用") in found
    assert ("警告 [next-year.date] 项目[1] › 实施周期：开始 2024-01-01、结束 2024-12-31 已顺延一年为 "
            "2025-01-01、2025-12-31：请核对项目2025年是否继续") in found
    assert ("警告 [next-year.date] 国有资产 › 截至日期：国有资产截至日期仍为 2023-08-31："
            "请按 2024-12-31 更新车辆、设备数和日期") in found
    assert ("警告 [next-year.text] 项目[5] › 绩效目标申报表 › 项目总目标：沿用的文字提到 2023年"
            "（本书现为2025年）：请按2025年改写，或确认仍然适用") in found
    codes = [f.code for f in draft.findings]
    assert codes.count("next-year.text") == 4 and codes.count("next-year.date") == 11


def test_texts_old_years_history_and_citations(tmp_path: Path) -> None:
    text = (TESTDATA / "valid-minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("变动原因: 增加东西部交流项目", "变动原因: 与2024年相比增加东西部交流项目")
    text = text.replace("    年度预算安排: 根据项目推进合理安排项目资金。\n",
                        "    年度预算安排: 根据项目推进合理安排项目资金。\n"
                        "    项目概述: 2019年起实施，2025年扩大范围。\n"
                        "    立项依据: 《2025年对口支援工作要点》\n"
                        "    实施方案: 2025.6.30前完成招标；2026年全面实施。\n")
    text += '版本: {版次: 1, 日期: "2025-01-20"}\n'
    source = tmp_path / "minimal.yaml"
    source.write_text(text, encoding="utf-8")
    _, draft, after = make_draft(source, tmp_path)
    assert lines(draft.findings) == [
        "警告 [next-year.text] 预算编制说明 › 变动原因：沿用的文字提到 2024年（本书现为2026年）：请按2026年改写，或确认仍然适用",
        "警告 [next-year.date] 国有资产 › 截至日期：国有资产截至日期仍为 2024-12-31：请按 2025-12-31 更新车辆、设备数和日期",
        "警告 [next-year.date] 项目[1] › 实施周期：开始 2025-01-01、结束 2025-12-31 已顺延一年为 2026-01-01、2026-12-31：请核对项目2026年是否继续",
        "警告 [next-year.text] 项目[1] › 项目概述：沿用的文字提到 2025年（本书现为2026年）：请按2026年改写，或确认仍然适用",
        "警告 [next-year.text] 项目[1] › 实施方案：沿用的文字提到 2025年（本书现为2026年）：请按2026年改写，或确认仍然适用",
    ]
    assert "版本" not in draft.text
    flagged_only(draft, after)


def test_a_finished_multi_year_project_is_flagged_not_moved(tmp_path: Path) -> None:
    text = (TESTDATA / "valid-minimal.yaml").read_text(encoding="utf-8").replace(
        '实施周期: {开始: "2025-01-01", 结束: "2025-12-31"}',
        '实施周期: {开始: "2023-01-01", 结束: "2025-12-31"}')
    source = tmp_path / "multi.yaml"
    source.write_text(text, encoding="utf-8")
    _, draft, after = make_draft(source, tmp_path)
    assert ("警告 [next-year.date] 项目[1] › 实施周期：结束 2025-12-31 早于2026年：项目若继续请改写日期，"
            "已结束的请删去") in lines(draft.findings)
    found = [f for f in after.findings if f.severity is not Severity.NOTICE]
    assert [f.code for f in found] == ["cross.assets-date", "project.period"]
    assert {f.locations[0] for f in found} <= {f.locations[0] for f in draft.findings}


def test_a_department_and_its_units_move_on_together(tmp_path: Path) -> None:
    folder = tmp_path / "dept"
    shutil.copytree(DATA / "yangpu-rollup", folder)
    for name in ("bureau.yaml", "center.yaml", "department.yaml"):
        assert main(["next-year", str(folder / name)]) == 0
    before = validate(str(folder / "department.yaml"))
    after = validate(str(folder / "department-2025.yaml"))
    assert after.book is not None and before.book is not None
    assert [f.render() for f in after.findings if f.severity is Severity.ERROR] == []
    assert load(folder / "department-2025.yaml").data["合并单位"] == ["bureau-2025.yaml",
                                                                    "center-2025.yaml"]
    assert "上年预算" not in load(folder / "department-2025.yaml").data  # the units carry it
    prior = after.book.prior
    assert prior is not None
    assert prior.general == derive(before.book).facts()["说明/支出/一般公共预算"].value


def test_target_name() -> None:
    assert target_name(Path("data/songjiang-yibao-2025.yaml"), 2025) == Path("data/songjiang-yibao-2026.yaml")
    assert target_name(Path("a/bureau.yaml"), 2024) == Path("a/bureau-2025.yaml")
    assert target_name(Path("2024/x-2024.json"), 2024) == Path("2024/x-2025.json")
    # next year's draft of a corrected edition is a first edition: no -v2 in its name
    assert target_name(Path("2024/x-2024-v2.json"), 2024) == Path("2024/x-2025.json")


def test_command_refuses_a_book_with_errors_and_an_existing_target(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = TESTDATA / "invalid" / "economic-mismatch.yaml"
    assert main(["next-year", str(bad), "-o", str(tmp_path / "x.yaml")]) == 1
    assert "请先改正本年数据的错误，再生成下一年度初稿" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()
    out = tmp_path / "next.yaml"
    assert main(["next-year", str(EXAMPLES["000"]), "-o", str(out)]) == 0
    assert f"已写出 {out}（2026年初稿，标有“草稿”）：8 处需要改写或核对；" in capsys.readouterr().out
    assert main(["next-year", str(EXAMPLES["000"]), "-o", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"用法错误：{out} 已存在；要覆盖请加 --force"
    assert main(["next-year", str(EXAMPLES["000"]), "-o", str(tmp_path / "x.json")]) == 2
    assert capsys.readouterr().err.strip() == (
        f"用法错误：初稿与本年文件同为 YAML，文件名应以 .yaml 结尾：{tmp_path / 'x.json'}")


def test_ten_figure_amounts_stay_exact(tmp_path: Path) -> None:
    text = (TESTDATA / "valid-minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("人员经费: 2548096.92, 公用经费: 222216.20", "人员经费: 1234567890.12, 公用经费: 222216.20")
    text = text.replace('{科目: "30102", 人员经费: 2548096.92}', '{科目: "30102", 人员经费: 1234567890.12}')
    source = tmp_path / "big-2025.yaml"
    source.write_text(text, encoding="utf-8")
    _, draft, after = make_draft(source, tmp_path)
    flagged_only(draft, after)
    assert after.book is not None and after.book.prior is not None
    assert after.book.prior.general == Decimal("1234567890.12") + Decimal("365207.36") + Decimal(
        "190754.60") + Decimal("222216.20") + Decimal("72200.00")
    assert "  一般公共预算: 1235418268.28\n" in draft.text
    assert '  - {科目: "30102", 人员经费: 1234567890.12}\n' in draft.text


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines only in ``before`` and only in ``after`` (a line diff)."""
    import difflib

    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    gone = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    came = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return gone, came


def test_the_draft_differs_only_where_the_year_moves(tmp_path: Path) -> None:
    """Comments, order, flow entries and quotes stay as the officer wrote them."""
    source = tmp_path / "songjiang-yibao-2025.yaml"
    shutil.copy(EXAMPLES["000"], source)
    original = source.read_text(encoding="utf-8")
    _, draft, after = make_draft(source, tmp_path)
    gone, came = _changed_lines(original, draft.text)
    assert gone == ["预算年度: 2025", "  一般公共预算: 5368658.28"] + [
        '    实施周期: {开始: "2025-01-01", 结束: "2025-12-31"}'] * 6
    assert came == ["预算年度: 2026", "草稿: {来自: songjiang-yibao-2025.yaml}", "  一般公共预算: 5596578.28",
                    "    因公出国境费: 0", "    公务用车购置费: 0", "    公务用车运行费: 0",
                    "  机关运行经费: 222216.20", "  基本支出: 4325384.28", "  项目支出: 1271194.00",
                    "  人员经费: 4103168.08", "  公用经费: 222216.20"] + [
        '    实施周期: {开始: "2026-01-01", 结束: "2026-12-31"}'] * 6
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert comments and [line for line in draft.text.splitlines()
                         if line.lstrip().startswith("#")] == comments
    assert after.book is not None and after.book.draft is not None


def test_a_department_book_keeps_its_layout_too(tmp_path: Path) -> None:
    source = tmp_path / "yangpu-yibao-2024.yaml"
    shutil.copy(EXAMPLES["001"], source)
    original = source.read_text(encoding="utf-8")
    _, draft, after = make_draft(source, tmp_path)
    gone, came = _changed_lines(original, draft.text)
    assert "预算年度: 2024" in gone and "预算年度: 2025" in came
    assert [line for line in gone if not line.lstrip().startswith(("实施周期", "计划")) ] == [
        "预算年度: 2024", "  一般公共预算: 225238361"]
    assert [line for line in came if not line.lstrip().startswith(("实施周期", "计划"))] == [
        "预算年度: 2025", "草稿: {来自: yangpu-yibao-2024.yaml}", "  一般公共预算: 194164261",
        "    因公出国境费: 0", "    公务用车购置费: 0", "    公务用车运行费: 0", "  机关运行经费: 4918225",
        "  基本支出: 17882601", "  项目支出: 176281660", "  人员经费: 12964376", "  公用经费: 4918225"]
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in draft.text.splitlines() if line.lstrip().startswith("#")] == comments
    assert after.book is not None and after.book.prior is not None


def test_json_stays_json_with_its_order_and_numbers(tmp_path: Path) -> None:
    import json

    data = load(TESTDATA / "valid-minimal.yaml").data
    source = tmp_path / "minimal-2025.json"
    source.write_text(json.dumps(data, ensure_ascii=False, indent=2)
                      .replace('"365207.36"', "365207.36").replace('"2025",', "2025,"), encoding="utf-8")
    before, draft, after = make_draft(source, tmp_path)
    assert after.book is not None and after.book.year == 2026
    parsed = json.loads(draft.text)
    assert list(parsed)[:3] == ["预算年度", "草稿", "地区"] and parsed["预算年度"] == 2026
    assert parsed["草稿"] == {"来自": "minimal-2025.json"}
    assert '"人员经费": 365207.36' in draft.text  # a number stays a number, as typed
    assert [f.render() for f in after.findings if f.severity is Severity.ERROR] == []


def test_carried_figures_are_notices_until_changed_or_confirmed(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "minimal-2025.yaml"
    shutil.copy(TESTDATA / "valid-minimal.yaml", source)
    _, draft, after = make_draft(source, tmp_path)
    target = tmp_path / "minimal-2026.yaml"
    carried = [f for f in after.findings if f.code == "draft.carried"]
    places = [f.place for f in carried]
    assert "支出明细[1] › 人员经费" in places and "三公经费 › 公务接待费" in places
    assert not any(p.startswith(("上年预算", "预算年度", "草稿")) for p in places)
    first = next(f for f in carried if f.place == "支出明细[1] › 人员经费")
    assert first.render().split(": ", 1)[1] == (
        "提示 [draft.carried] 支出明细[1] › 人员经费：沿用2025年的数字 365207.36：请改为2026年的数字；"
        "核对后确实不变的，在 草稿 › 已确认 中列入「支出明细[1].人员经费」")
    # a project's amount changed (in its line too), a block confirmed: none of them is listed
    text = target.read_text(encoding="utf-8").replace("项目支出: 72200.00}", "项目支出: 80000.00}").replace(
        "金额: 72200.00", "金额: 80000.00").replace(
        "草稿: {来自: minimal-2025.yaml}", "草稿: {来自: minimal-2025.yaml, 已确认: [三公经费, 机关运行经费]}")
    target.write_text(text, encoding="utf-8")
    places = [f.place for f in validate(str(target)).findings if f.code == "draft.carried"]
    confirmed = [f for f in carried if f.place.startswith(("三公经费", "机关运行经费"))]
    assert len(confirmed) == 2 and len(places) == len(carried) - 2 - len(confirmed)
    assert not {"支出明细[3] › 项目支出", "项目[1] › 金额", "三公经费 › 公务接待费"} & set(places)
    # the draft builds marked 草稿, as --force marks its book
    assert main(["build", str(target), "--format", "html,xlsx", "--out", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out" / "minimal-2026.html").read_text(encoding="utf-8")
    assert '<p class="unvalidated" role="alert">草稿：本文本由下一年度数据初稿生成' in page
    assert 'content: "草稿 · 不得公开"' in page
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "out" / "minimal-2026.xlsx")["表1"]
    assert str(sheet["A1"].value).startswith("草稿：本文本由下一年度数据初稿生成")
    assert "这是下一年度初稿，文本标有“草稿”" in capsys.readouterr().err
    # deleting the block makes it a finished book
    target.write_text(text.replace("草稿: {来自: minimal-2025.yaml, 已确认: [三公经费, 机关运行经费]}\n", ""),
                      encoding="utf-8")
    assert not any(f.code.startswith("draft.") for f in validate(str(target)).findings)
    assert main(["build", str(target), "--format", "html", "--out", str(tmp_path / "out")]) == 0
    assert "草稿" not in (tmp_path / "out" / "minimal-2026.html").read_text(encoding="utf-8")


def test_windows_line_ends_and_byte_order_mark_stay(tmp_path: Path) -> None:
    source = tmp_path / "minimal-2025.yaml"
    text = (TESTDATA / "valid-minimal.yaml").read_text(encoding="utf-8")
    source.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert main(["next-year", str(source)]) == 0
    written = (tmp_path / "minimal-2026.yaml").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and written.count(b"\r\n") == written.count(b"\n")
    gone, came = _changed_lines(text, written.decode("utf-8-sig").replace("\r\n", "\n"))
    assert gone[0] == "预算年度: 2025" and came[:2] == ["预算年度: 2026", "草稿: {来自: minimal-2025.yaml}"]


def test_carried_figures_follow_their_line_when_lines_move(tmp_path: Path) -> None:
    """A line inserted above, or lines reordered, leave each figure matched with its own line
    (by its 科目), not with whatever line now holds its place."""
    source = tmp_path / "minimal-2025.yaml"
    shutil.copy(TESTDATA / "valid-minimal.yaml", source)
    _, _, after = make_draft(source, tmp_path)
    target = tmp_path / "minimal-2026.yaml"
    before = {f.render().split(": ", 1)[1].split("：")[1] for f in after.findings
              if f.code == "draft.carried" and f.place.startswith("支出明细")}
    text = target.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.startswith('  - {科目: "2')]
    assert len(lines) == 3
    # the lines in reverse order, the last one's 项目支出 changed, and a new line on top
    moved = text.replace("\n".join(lines), "\n".join(
        ['  - {科目: "2080501", 人员经费: 1000.00}', lines[2].replace("72200.00", "80000.00"),
         lines[1], lines[0]]))
    moved = moved.replace("金额: 72200.00", "金额: 80000.00")
    target.write_text(moved, encoding="utf-8")
    again = validate(str(target))
    carried = [f for f in again.findings if f.code == "draft.carried" and f.place.startswith("支出明细")]
    # the same figures (by value) are still listed, at their new places; the changed one is not
    assert {f.render().split(": ", 1)[1].split("：")[1] for f in carried} == before - {
        "沿用2025年的数字 72200.00"}
    assert sorted(f.place for f in carried) == [
        "支出明细[2] › 人员经费", "支出明细[2] › 公用经费", "支出明细[3] › 人员经费",
        "支出明细[4] › 人员经费"]
