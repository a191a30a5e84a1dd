"""Books of shapes the examples do not have (tests/data/shapes/), read as a reader reads them:
a 区级 事业单位 with 事业收入, 其他收入 and 政府性基金 but no 三公, 机关运行经费, 政府采购 or 绩效目标;
a department rolled up from 12 units with 20 projects and 40-character names; a ten-figure book
smaller than last year. Every sentence asserted here is the printed text."""

from __future__ import annotations

import shutil
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from generator.display import runs_text
from generator.findings import Severity
from generator.pipeline import Validated, validate
from generator.publication.compare import compare
from generator.publication.derive import derive
from generator.publication.model import Paragraph, Publication, Section
from generator.publication.wording import Change, wan_places
from generator.source.schema import Book
from tests.helpers import TESTDATA, body_grid
from tests.test_shapes import texts

SHAPES = TESTDATA / "shapes"
PUTUO = SHAPES / "putuo-wenhuaguan-2025.yaml"
MINHANG = SHAPES / "minhang-caizheng-2025.yaml"
PUDONG = SHAPES / "pudong-yibao-2025.yaml"


@cache
def checked(path: str) -> Validated:
    return validate(path)


def book_of(path: str) -> Book:
    result = checked(path)
    assert result.book is not None
    return result.book


def published(path: str, **changes: Any) -> Publication:
    """The book derived (identities checked), with ``changes`` made to its data first."""
    book = book_of(path)
    return derive(book.model_copy(update=changes) if changes else book)


def section(pub: Publication, sid: str) -> Section:
    return next(s for s in pub.walk() if s.id == sid)


def notes(pub: Publication, table_id: str) -> list[str]:
    return [runs_text(p.runs) for p in pub.tables[table_id].notes]


def other_texts(pub: Publication) -> list[str]:
    return [runs_text(b.runs) for b in section(pub, "other").blocks
            if isinstance(b, Paragraph) and b.role == "body"]


# ---- 1. 区级 事业单位: 事业收入, 其他收入, 政府性基金; no 三公 and nothing else to report --------

def test_unit_book_findings_are_only_the_codes_named_by_the_data() -> None:
    """The shipped 2025 function catalog lacks 款 20701 and 20707 (文化和旅游, 国家电影事业发展专项资金)
    and two of the 项: the data names them (科目名称, 名称), so they are warnings to check; and the
    book lists no project for its 项目支出."""
    findings = checked(str(PUTUO)).findings
    assert [(f.code, f.severity) for f in findings if f.code != "code.unknown"] == [
        ("sum.projects", Severity.WARNING)]
    named = [f for f in findings if f.code == "code.unknown"]
    assert {f.severity for f in named} == {Severity.WARNING}
    assert [f.message.split("不在")[0] for f in named] == [
        "款 20701「文化和旅游」、项 2070109「群众文化」", "项 2070199「其他文化和旅游支出」",
        "款 20707「国家电影事业发展专项资金」、项 2070701「资助国产影片放映」",
        "项 2070799「其他国家电影事业发展专项资金支出」"]


def test_project_spending_without_projects_is_warned_at_its_lines() -> None:
    (finding,) = [f for f in checked(str(PUTUO)).findings if f.code == "sum.projects"]
    assert finding.severity == Severity.WARNING
    assert finding.render().splitlines() == [
        f"{PUTUO}:56:57: 警告 [sum.projects] 七、项目经费情况说明：项目支出 2,585,000.00元，"
        "但没有列出任何项目，「项目经费情况说明」将没有内容：可能是项目尚未录入。"
        "请在「项目」下列出各项目（名称、金额、项目概述等）",
        *(f"    相关位置 {PUTUO}:{at}" for at in ("57:37", "58:20", "59:42", "63:21", "67:21"))]


def test_unit_book_says_none_in_the_official_wording() -> None:
    pub = published(str(PUTUO))
    assert other_texts(pub) == [
        "上海市普陀区文化馆2025年度无“三公”经费财政拨款预算。",
        "上海市普陀区文化馆2025年度无机关运行经费预算。",
        "2025年度本单位无政府采购预算。",
        "2025年度，本单位无编报绩效目标的项目。",
        "截至2024年12月31日，上海市普陀区文化馆共有车辆0辆，其中：部级领导干部用车0辆、"
        "主要领导干部用车0辆、机要通信用车0辆、应急保障用车0辆、执法执勤用车0辆、"
        "特种专业技术用车0辆、离退休干部用车0辆、其他用车0辆；单价100万元（含）以上设备"
        "（不含车辆）0台（套）。",
        "2025年单位预算安排购置车辆0辆，其中：部级领导干部用车0辆、主要领导干部用车0辆、"
        "机要通信用车0辆、应急保障用车0辆、执法执勤用车0辆、特种专业技术用车0辆、"
        "离退休干部用车0辆、其他用车0辆；单位预算安排购置单价100万元（含）以上设备"
        "（不含车辆）0台（套）。",
    ]


def test_unit_book_table_notes() -> None:
    pub = published(str(PUTUO))
    assert notes(pub, "表6") == []   # it has 政府性基金 lines
    assert notes(pub, "表7") == [
        "注：上海市普陀区文化馆2025年度没有国有资本经营预算拨款收入，也没有使用国有资本经营预算"
        "拨款安排的支出，故本表无数据。"]
    assert notes(pub, "表9") == [
        "注：上海市普陀区文化馆2025年度没有“三公”经费和机关运行经费预算，故本表无数据。"]
    assert body_grid(pub.tables["表6"])[-1] == ["合计", "", "", "", "300,000.00", "",
                                                 "300,000.00"]


def test_unit_book_income_sentences() -> None:
    pub = published(str(PUTUO))
    lines = [runs_text(b.runs) for b in section(pub, "explanation").blocks
             if isinstance(b, Paragraph)]
    assert lines[0] == (
        "2025年，上海市普陀区文化馆收入预算900.56万元，其中：财政拨款收入836.41万元，"
        "比2024年预算增加21.41万元，增长2.63%；事业收入60.65万元；事业单位经营收入0.00万元；"
        "其他收入3.50万元。")
    assert lines[1] == (
        "支出预算900.56万元，其中：财政拨款支出预算836.41万元，比2024年预算增加21.41万元，"
        "增长2.63%。财政拨款支出预算中，一般公共预算拨款支出预算806.41万元，比2024年预算"
        "增加21.41万元，增长2.73%；政府性基金拨款支出预算30.00万元，与2024年预算持平；"
        "国有资本经营预算拨款支出预算0.00万元，与2024年预算持平。")
    assert "“资助国产影片放映”科目24.00万元，主要用于公益电影放映补贴。" in texts(pub)
    # 表1 note: every source, 事业收入 and 其他收入 included (876.00 → 900.56)
    assert notes(pub, "表1")[0].startswith(
        "2025年本单位收入预算900.56万元，比2024年预算增加24.56万元，增长2.80%，"
        "主要原因是文化配送和非遗保护项目增加；")


def test_a_lead_ending_in_a_colon_is_not_introduced_twice() -> None:
    blocks = section(published(str(PUTUO)), "functions").blocks
    assert [runs_text(b.runs) for b in blocks if isinstance(b, Paragraph)] == [
        "上海市普陀区文化馆是区文化和旅游局所属公益一类事业单位，主要职能是："]


def test_unit_book_with_project_spending_but_no_project_leaves_the_part_out() -> None:
    # 项目支出 but no project explained: the part and its 目录 entry are left out, as the
    # official template leaves out what does not apply (「不涉及的不列」), never printed empty.
    pub = published(str(PUTUO))
    assert "projects" not in [s.id for s in pub.walk()]
    assert [title for _, _, title in pub.toc() if "项目经费情况说明" in title] == []
    assert "projects" not in [sid for _, sid, _ in pub.toc()]


def test_a_book_without_project_spending_says_so() -> None:
    book = book_of(str(PUDONG))
    basic = [line for line in book.lines if not line.project]
    pub = published(str(PUDONG), lines=basic, projects=[], performance=None)
    assert [runs_text(b.runs) for b in section(pub, "projects").blocks
            if isinstance(b, Paragraph)] == ["浦东新区医疗保障局（本级）2025年度无项目支出预算。"]
    assert "2025年度，本单位无编报绩效目标的项目。" in other_texts(pub)


# ---- 2. a department of 12 units, 20 projects, 40-character names -------------------------------

def test_department_rolls_up_twelve_units() -> None:
    result = checked(str(MINHANG))
    assert result.ok
    # 机关运行经费 (stated by the 行政/参公 units only) is checked per unit, not as a department;
    # two 事业单位 state this year's 事业收入 without last year's
    assert [(str(f.locations[0]), f.code) for f in result.findings] == [
        (f"{SHAPES}/minhang/u11-kuaiji.yaml:24:3", "plausible.prior-missing"),
        (f"{SHAPES}/minhang/u12-peixun.yaml:24:3", "plausible.prior-missing")]
    assert result.findings[1].message == (
        "上年预算中没有「事业收入」：本年事业收入 70,122.24元 将在表1说明中全部算作比2024年预算"
        "增加的部分。请填写2024年事业收入预算数（没有则写0）")
    pub = published(str(MINHANG))
    units = sorted((SHAPES / "minhang").glob("*.yaml"))
    assert len(units) == 12
    unit_totals = [published(str(u)).tables["表3"].rows[-1] for u in units]
    total = pub.tables["表3"].rows[-1]
    for column in range(1, 4):
        assert total.cells[column].amount == sum(
            (row.cells[column].amount or Decimal(0) for row in unit_totals), start=Decimal(0))
    assert body_grid(pub.tables["表3"])[-1] == [
        "合计", "", "", "", "150,430,205.30", "99,130,568.85", "51,299,636.45"]


def _edited_minhang(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    """A copy of the 12-unit department with ``edits`` (unit file → old, new) made."""
    shutil.copytree(SHAPES / "minhang", tmp_path / "minhang")
    shutil.copy(MINHANG, tmp_path / MINHANG.name)
    for name, (old, new) in edits.items():
        unit = tmp_path / "minhang" / name
        text = unit.read_text(encoding="utf-8")
        assert text.count(old) == 1
        unit.write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path / MINHANG.name


def test_running_cost_of_a_rolled_up_department_is_checked_per_unit(tmp_path: Path) -> None:
    department = _edited_minhang(tmp_path, {"u02-pingshen.yaml": (
        "机关运行经费: 1121985.38\n", "机关运行经费: 1121985.39\n")})
    unit = tmp_path / "minhang" / "u02-pingshen.yaml"
    found = validate(str(department)).findings
    assert [f.render() for f in found if f.code == "cross.running-cost"] == [
        f"{unit}:56:9: 警告 [cross.running-cost] 表9 “三公”经费和机关运行经费预算表 · 机关运行经费："
        "机关运行经费通常等于一般公共预算公用经费：按公用经费应为 1,121,985.38元，实为 "
        "1,121,985.39元，相差 0.01元"
        "（事业单位不在机关运行经费范围内：如是，请在单位下写明 性质: 事业单位）"]


def test_rolled_up_reception_use_joins_the_units_texts(tmp_path: Path) -> None:
    use = "三公经费: {{公务接待费用途: {}, 公务接待费: {}"
    department = _edited_minhang(tmp_path, {
        "u01-benbu.yaml": ("三公经费: {公务接待费: 5000.00",
                           use.format("安排业务会议等支出", "5000.00")),
        "u02-pingshen.yaml": ("三公经费: {公务接待费: 12000.00",
                              use.format("接待上级检查调研所需伙食费等支出。", "12000.00")),
        "u04-caigou.yaml": ("三公经费: {公务接待费: 12000.00",
                            use.format("安排业务会议等支出", "12000.00"))})
    result = validate(str(department))
    assert [f.code for f in result.findings] == ["plausible.prior-missing"] * 2
    assert result.book is not None
    assert [t for t in other_texts(derive(result.book)) if t.startswith("（三）")] == [
        "（三）公务接待费7.00万元，比2024年预算减少1.20万元，下降14.63%，"
        "主要用于安排业务会议等支出；接待上级检查调研所需伙食费等支出。"]


def test_department_counts_its_units() -> None:
    blocks = section(published(str(MINHANG)), "organisation").blocks
    lead = runs_text(blocks[0].runs)  # type: ignore[union-attr]
    assert lead == (
        "上海市闵行区财政局部门预算是包括上海市闵行区财政局本部以及下属11家预算单位的综合收支"
        "计划。本部门中，行政单位1家，事业单位11家，具体包括：")
    items = blocks[1].items  # type: ignore[union-attr]
    assert len(items) == 12
    assert runs_text(items[1].runs) == (
        "上海市闵行区财政局所属区级预算绩效评价和财政投资项目评审服务中心（财政信息中心）")


def test_department_other_sentences() -> None:
    lines = other_texts(published(str(MINHANG)))
    assert lines[0] == ("2025年“三公”经费预算数为15.60万元，比2024年预算减少1.20万元，"
                        "下降7.14%。其中：")
    assert lines[4] == (
        "2025年上海市闵行区财政局（部门）下属1家机关和9家参公事业单位财政拨款的机关运行经费"
        "预算为848.91万元，比2024年预算减少42.45万元，下降4.76%。")
    assert lines[6] == "2025年度，本部门编报绩效目标的项目共20个，涉及项目预算资金5,129.96万元。"


def test_department_explains_twenty_projects_with_their_units() -> None:
    pub = published(str(MINHANG))
    projects = section(pub, "projects").children
    assert len(projects) == 20
    assert projects[0].title == (
        "1、项目名称：闵行区政府采购电子交易平台及财政预算管理一体化系统运维保障和安全等级"
        "保护测评项目")
    implementer = projects[4].children[2].blocks[0]
    assert runs_text(implementer.runs) == (  # type: ignore[union-attr]
        "上海市闵行区财政局所属区级预算绩效评价和财政投资项目评审服务中心（财政信息中心）")
    budget = [runs_text(b.runs) if isinstance(b, Paragraph) else
              [runs_text(i.runs) for i in b.items]  # type: ignore[union-attr]
              for b in projects[0].children[5].blocks]
    assert budget == ["根据工作量测算，共计1,234.57万元，其中：",
                      ["服务费740.74万元；", "其他费用493.83万元。"]]


# ---- 3. ten figures, smaller than last year -----------------------------------------------------

def test_decreases_are_worded_as_decreases() -> None:
    pub = published(str(PUDONG))
    everything = "".join(texts(pub))
    assert "增长-" not in everything and "增加-" not in everything and "-" not in everything
    lines = texts(pub)
    explanation = [runs_text(b.runs) for b in section(pub, "explanation").blocks
                   if isinstance(b, Paragraph)]
    assert explanation[1] == (
        "支出预算296,536.61万元，其中：财政拨款支出预算296,536.61万元，比2024年预算减少"
        "36,208.39万元，下降10.88%。财政拨款支出预算中，一般公共预算拨款支出预算296,536.61万元，"
        "比2024年预算减少34,708.39万元，下降10.48%；政府性基金拨款支出预算0.00万元，比2024年"
        "预算减少1,500.00万元，下降100.00%；国有资本经营预算拨款支出预算0.00万元，"
        "与2024年预算持平。")
    assert explanation[2] == (
        "财政拨款收入支出减少的主要原因是城乡居民医保区级补助标准调整后区级配套资金减少，"
        "一次性信息化项目完成。")
    assert notes(pub, "表1")[0].startswith(
        "2025年本单位收入预算296,536.61万元，比2024年预算减少36,408.39万元，下降10.94%，")
    assert ("（二）公务用车购置及运行费9.80万元，比2024年预算减少30.20万元，下降75.50%。"
            "其中：公务用车购置费0.00万元，比2024年预算减少28.00万元，下降100.00%；"
            "公务用车运行费9.80万元，比2024年预算减少2.20万元，下降18.33%。") in lines
    assert body_grid(pub.tables["表1"])[-1][:2] == ["收入总计", "2,965,366,143.33"]


def test_three_public_falling_to_zero_says_by_how_much() -> None:
    book = book_of(str(PUDONG))
    zero = book.three_public.model_copy(update={  # type: ignore[union-attr]
        "reception": Decimal(0), "vehicle_running": Decimal(0)})
    lines = other_texts(published(str(PUDONG), three_public=zero))
    assert lines[0] == ("2025年“三公”经费预算数为0.00万元，比2024年预算减少50.50万元，"
                        "下降100.00%。其中：")


def test_nothing_this_year_and_last_is_the_none_sentence() -> None:
    book = book_of(str(PUDONG))
    assert book.prior is not None and book.procurement is not None
    zero_tp = book.three_public.model_copy(update={  # type: ignore[union-attr]
        "reception": Decimal(0), "vehicle_running": Decimal(0)})
    prior = book.prior.model_copy(update={
        "three_public": zero_tp, "running_cost": None})
    pub = published(
        str(PUDONG), three_public=zero_tp, prior=prior, running_cost=Decimal(0),
        procurement=book.procurement.model_copy(update={
            "goods": Decimal(0), "services": Decimal(0), "sme_reserved": Decimal(0),
            "small_micro": Decimal(0)}),
        performance=book.performance.model_copy(update={  # type: ignore[union-attr]
            "projects": 0, "amount": Decimal(0)}))
    assert other_texts(pub)[:4] == [
        "浦东新区医疗保障局（本级）2025年度无“三公”经费财政拨款预算。",
        "浦东新区医疗保障局（本级）2025年度无机关运行经费预算。",
        "2025年度本单位无政府采购预算。",
        "2025年度，本单位无编报绩效目标的项目。",
    ]
    assert notes(pub, "表9") == [
        "注：上海市浦东新区医疗保障局（本级）2025年度没有“三公”经费和机关运行经费预算，"
        "故本表无数据。"]


def test_running_cost_falling_to_nothing_says_by_how_much() -> None:
    lines = other_texts(published(str(PUDONG), running_cost=None))
    assert lines[4] == ("2025年浦东新区医疗保障局（本级）财政拨款的机关运行经费预算为0.00万元，"
                        "比2024年预算减少260.00万元，下降100.00%。")


def test_changes_below_the_printed_precision() -> None:
    """A change of 30元 on three billion: "增加0.003万元" without a 0.00% rate; of 0.30元: 持平."""
    book = book_of(str(PUDONG))
    assert book.prior is not None
    general = sum((line.personnel or 0) + (line.public or 0) + (line.project or 0)
                  for line in book.lines)
    for prior_general, expected in [
        (general - 30, "一般公共预算拨款支出预算296,536.61万元，比2024年预算增加0.003万元；"),
        (general - Decimal("0.3"), "一般公共预算拨款支出预算296,536.61万元，与2024年预算持平；"),
    ]:
        prior = book.prior.model_copy(update={"general": prior_general, "fund": Decimal(0),
                                              "business": Decimal(0)})
        explanation = [runs_text(b.runs) for b in section(
            published(str(PUDONG), prior=prior), "explanation").blocks
            if isinstance(b, Paragraph)]
        assert expected in explanation[1]
    flat = book.prior.model_copy(update={"general": general - Decimal("0.3"),
                                         "fund": Decimal(0), "business": Decimal(0)})
    explanation = [runs_text(b.runs) for b in section(
        published(str(PUDONG), prior=flat), "explanation").blocks if isinstance(b, Paragraph)]
    assert explanation[2].startswith("财政拨款收入支出与2024年预算持平，")


def test_whole_wan_house_style_never_prints_a_nonzero_figure_as_zero() -> None:
    book = book_of(str(PUDONG))
    options = book.options.model_copy(update={"narrative_decimals": 0})
    tp = book.three_public.model_copy(update={  # type: ignore[union-attr]
        "reception": Decimal(3000)})
    lines = other_texts(published(str(PUDONG), options=options, three_public=tp))
    assert lines[3] == "（三）公务接待费0.3万元，比2024年预算减少4万元，下降93.33%。"
    assert lines[0] == "2025年“三公”经费预算数为10万元，比2024年预算减少40万元，下降80.00%。其中："


def test_wan_places() -> None:
    assert [wan_places(Decimal(v), d) for v, d in [
        ("3000", 0), ("30", 2), ("0.3", 2), ("0", 0), ("19416000", 0), ("12345", 1)]] == [
        1, 3, 2, 0, 0, 1]
    assert Change(Decimal("100.30"), Decimal(100)).direction_at(2) == "flat"
    assert Change(Decimal(100), Decimal("130")).direction_at(0) == "down"
    assert not Change(Decimal("3000000030"), Decimal(3000000000)).pct_shown


def test_a_change_below_the_printed_precision_is_no_correction() -> None:
    """1元 more last year moves the exact 增减额 and 增减率 but not a printed figure: a corrected
    edition or ``diff`` has nothing to list. 10,000元 less on one line is listed, once per
    printed figure it reaches, and not the rates that print the same."""
    book = book_of(str(PUDONG))
    assert book.prior is not None
    before = published(str(PUDONG))
    prior = book.prior.model_copy(update={"general": book.prior.general + 1})
    assert compare(before, published(str(PUDONG), prior=prior)).empty
    lines = [line.model_copy(update={"project": line.project - 10000})
             if line.code == "2101502" and line.project else line for line in book.lines]
    changed = compare(before, published(str(PUDONG), lines=lines))
    facts = [f.fact for f in changed.figures]
    assert "说明/支出/一般公共预算/增减额" in facts
    assert not any(f.endswith("增减率") for f in facts)
    assert len(facts) == 50


def test_department_wording_never_counts_zero_units() -> None:
    """A department of its 本部 alone, or without 参公事业单位, says no "0家"."""
    book = book_of(str(MINHANG))
    assert book.organisation is not None
    units = book.organisation.units
    alone = book.organisation.model_copy(update={"units": units[:1]})
    pub = published(str(MINHANG), organisation=alone)
    lead = section(pub, "organisation").blocks[0]
    assert runs_text(lead.runs) == (  # type: ignore[union-attr]
        "上海市闵行区财政局部门预算是包括上海市闵行区财政局本部的综合收支计划。"
        "本部门中，行政单位1家，事业单位0家，具体包括：")
    assert other_texts(pub)[4].startswith(
        "2025年上海市闵行区财政局（部门）下属1家机关财政拨款的机关运行经费预算为848.91万元")
    civil_only = book.organisation.model_copy(update={"units": units[1:3]})
    lines = other_texts(published(str(MINHANG), organisation=civil_only))
    assert lines[4].startswith(
        "2025年上海市闵行区财政局（部门）下属2家参公事业单位财政拨款的机关运行经费预算为")
    institutions = book.organisation.model_copy(update={"units": units[-2:]})
    lines = other_texts(published(str(MINHANG), organisation=institutions))
    assert lines[4].startswith("2025年上海市闵行区财政局财政拨款的机关运行经费预算为")


def test_self_financed_unit_notes_every_empty_table() -> None:
    path = str(SHAPES / "putuo-zishou-2025.yaml")
    # this year's 其他收入 has no 上年 figure; its 项目支出 (事业收入, 其他收入) lists no project
    assert [f.render() for f in checked(path).findings] == [
        f"{path}:16:3: 警告 [plausible.prior-missing] 表1 财务收支预算总表 · 说明：上年预算中没有"
        "「其他收入」：本年其他收入 50,000.00元 将在表1说明中全部算作比2024年预算增加的部分。"
        "请填写2024年其他收入预算数（没有则写0）",
        f"{path}:20:54: 警告 [sum.projects] 七、项目经费情况说明：项目支出 150,000.00元，"
        "但没有列出任何项目，「项目经费情况说明」将没有内容：可能是项目尚未录入。"
        f"请在「项目」下列出各项目（名称、金额、项目概述等）\n    相关位置 {path}:21:20"]
    pub = published(path)
    name = "上海市普陀区医疗保障技术服务中心2025年度"
    assert {t: notes(pub, t) for t in ("表1", "表2", "表3")} == {
        "表1": ["2025年本单位收入预算115.00万元，比2024年预算增加15.00万元，增长15.00%，"
                "主要原因是服务收入增加；支出预算115.00万元，比2024年预算增加15.00万元，"
                "增长15.00%，主要原因是服务收入增加。"], "表2": [], "表3": []}
    assert notes(pub, "表4") == [
        f"注：{name}没有财政拨款收入，也没有使用财政拨款安排的支出，故本表无数据。"]
    assert notes(pub, "表5") == [
        f"注：{name}没有一般公共预算拨款收入，也没有使用一般公共预算拨款安排的支出，"
        "故本表无数据。"]
    assert notes(pub, "表8") == [f"注：{name}没有一般公共预算基本支出，故本表无数据。"]
    explanation = [runs_text(b.runs) for b in section(pub, "explanation").blocks
                   if isinstance(b, Paragraph)]
    assert explanation == [
        "2025年，上海市普陀区医疗保障技术服务中心收入预算115.00万元，其中：财政拨款收入"
        "0.00万元，与2024年预算持平；事业收入110.00万元；事业单位经营收入0.00万元；"
        "其他收入5.00万元。",
        "支出预算115.00万元，其中：财政拨款支出预算0.00万元，与2024年预算持平。财政拨款支出"
        "预算中，一般公共预算拨款支出预算0.00万元，与2024年预算持平；政府性基金拨款支出预算"
        "0.00万元，与2024年预算持平；国有资本经营预算拨款支出预算0.00万元，与2024年预算持平。",
    ]


def test_a_flat_total_gives_no_reason_in_the_table_note() -> None:
    book = book_of(str(PUDONG))
    assert book.prior is not None
    general = sum((line.personnel or 0) + (line.public or 0) + (line.project or 0)
                  for line in book.lines)
    prior = book.prior.model_copy(update={"general": general, "fund": Decimal(0),
                                          "business": Decimal(0)})
    assert notes(published(str(PUDONG), prior=prior), "表1") == [
        "2025年本单位收入预算296,536.61万元，与2024年预算持平；支出预算296,536.61万元，"
        "与2024年预算持平。"]
