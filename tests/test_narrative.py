"""Every figure quoted in 预算编制说明 and 其他相关情况说明 is derived, worded by the templates."""

from __future__ import annotations

from decimal import Decimal

from generator.publication.derive import derive
from generator.publication.wording import Change, cn_number
from tests.helpers import publication, section_text, validated


def test_000_explanation_figures_and_wording() -> None:
    text = section_text(publication("000"), "explanation")
    assert text[0] == (
        "2025年，松江区医疗保障局（本级）收入预算559.66万元，其中：财政拨款收入559.66万元，"
        "比2024年预算增加22.79万元，增长4.25%；事业收入0.00万元；事业单位经营收入0.00万元；"
        "其他收入0.00万元。")
    assert "政府性基金拨款支出预算0.00万元，与2024年预算持平" in text[1]
    assert text[2] == "财政拨款收入支出增加的主要原因是增加东西部交流项目。"
    items = text[4:]
    # The seed's breakdown list, figure by figure (万元, two decimals).
    assert [item.split("科目")[1].split("万元")[0] for item in items] == [
        "36.52", "23.26", "19.08", "15.49", "284.25", "89.65", "14.76", "34.89", "41.76"]
    assert items[0] == "1.“机关事业单位基本养老保险缴费支出”科目36.52万元，主要用于单位缴纳职工基本养老金。"


def test_001_explanation_prints_exact_figures_not_whole_wan() -> None:
    # The 001 seed rounded to whole 万元 (19,416万元, 178万元); every figure is now its exact
    # value rounded once to two decimals.
    text = section_text(publication("001"), "explanation")
    assert text[0].startswith("2024年，上海市杨浦区医疗保障局收入预算19,416.43万元，其中：财政拨款收入"
                              "19,416.43万元，比2023年预算减少3,107.41万元，下降13.80%")
    assert text[2] == "财政拨款收入支出减少的主要原因是2024年项目经费减少。"
    assert [t.split("科目")[1].split("万元")[0] for t in text[4:]] == ["177.89", "18,962.62",
                                                                       "275.92"]


def test_000_three_public_narrative_agrees_with_table() -> None:
    # The 000 seed said "三公经费预算数为0万元 … 公务接待费0万元" beside a table showing 0.3万元.
    text = section_text(publication("000"), "other")
    assert "2025年“三公”经费预算数为0.30万元，与2024年预算持平。其中：" in text
    assert "（三）公务接待费0.30万元，与2024年预算持平。" in text
    assert "2025年松江区医疗保障局（本级）财政拨款的机关运行经费预算为22.22万元。" in text
    assert ("2025年度本单位政府采购预算9.82万元，其中：政府采购货物预算1.00万元、"
            "政府采购工程预算0.00万元、政府采购服务预算8.82万元。") in text
    assert "2025年度，本单位编报绩效目标的项目共10个，涉及项目预算资金127.12万元。" in text


def test_001_other_sections() -> None:
    text = section_text(publication("001"), "other")
    assert "（三）公务接待费0.90万元，与2023年预算持平，主要用于安排业务会议、相关政策研讨等开展业务所需住宿费、会场费、交通费、伙食费等支出。" in text
    assert any("面向中小企业预留政府采购项目预算金额657.61万元，其中，预留给小型和微型企业的政府采购项目预算为0.00万元" in t for t in text)
    assert any("项目绩效目标5个，涉及预算资金17,628.17万元" in t for t in text)
    assert any(t.startswith("截至2023年8月31日，上海市杨浦区医疗保障局共有车辆0辆") for t in text)


def test_empty_table_notes_name_the_book_year() -> None:
    # The 000 seed's note said 2024 in a 2025 book and dropped a verb.
    note = publication("000").tables["表7"].notes[0]
    assert note.plain == ("注：上海市松江区医疗保障局（本级）2025年度没有国有资本经营预算拨款收入，"
                          "也没有使用国有资本经营预算拨款安排的支出，故本表无数据。")
    assert publication("001").tables["表6"].notes[0].plain.startswith("注：上海市杨浦区医疗保障局2024年度")
    assert publication("000").tables["表5"].notes == ()


def test_glossary_follows_the_level() -> None:
    # 001 is a 区级 book; its seed used 市级 wording.
    text = section_text(publication("001"), "glossary")
    assert len(text) == 8
    assert text[0].startswith("（一）财政拨款收入：是区级预算主管部门")
    assert "市级" not in "".join(text)


def test_project_budget_total_is_the_project_amount_rounded_once() -> None:
    section = section_text(publication("001"), "project-4-6")
    # 9,146,350 元 = 914.635万元 → 914.64 (the seed printed 914.63, the sum of rounded parts).
    assert section[0] == "医保事务经费统一申报，依法依规合理使用。共计914.64万元，其中："
    assert section[1:] == ["1、窗口服务及协议管理费142.75万元；", "2、医保经办保障项目577.67万元；",
                           "3、医保中心信息系统建设及运维费194.21万元。"]


def test_project_budget_lead_ending_in_a_colon_is_not_doubled() -> None:
    """A lead sentence written as an introduction (说明: 本项目年度预算安排如下：) is joined to
    the total with a comma: "如下：共计…，其中：" printed two colons in one sentence (issue 16)."""
    book = validated("001").book
    assert book is not None
    for lead in ("本项目年度预算安排如下：", "本项目年度预算安排如下:"):
        projects = list(book.projects)
        plan = projects[3].budget.model_copy(update={"text": lead})
        projects[3] = projects[3].model_copy(update={"budget": plan})
        section = section_text(derive(book.model_copy(update={"projects": projects})),
                               "project-4-6")
        assert section[0] == "本项目年度预算安排如下，共计914.64万元，其中："
        assert section[1] == "1、窗口服务及协议管理费142.75万元；"


def test_change_wording_uses_exact_values() -> None:
    up = Change(Decimal("5596578.28"), Decimal("5368658.28"))
    assert (up.direction, up.diff) == ("up", Decimal("227920.00"))
    assert round(up.pct, 4) == Decimal("4.2454")  # type: ignore[arg-type]
    assert Change(Decimal(1), Decimal(1)).direction == "flat"
    assert Change(Decimal(5), Decimal(0)).pct is None
    assert [cn_number(n) for n in (1, 10, 11, 20, 22)] == ["一", "十", "十一", "二十", "二十二"]
    # a list of up to 2,000 items (the loader's bound) numbered （一）…: no IndexError past 99
    assert [cn_number(n) for n in (100, 101, 110, 119, 999, 1000, 1010, 2000, 2019)] == [
        "一百", "一百零一", "一百一十", "一百一十九", "九百九十九", "一千", "一千零一十", "二千", "二千零一十九"]


def test_project_parts_not_given_are_left_out_and_the_rest_renumbered() -> None:
    book = validated("000").book
    assert book is not None
    partial = book.projects[0].model_copy(update={"basis": None, "plan": None, "period": None})
    pub = derive(book.model_copy(update={"projects": [partial, *book.projects[1:]]}))
    project = next(s for s in pub.walk() if s.id == "project-1")
    assert [(s.id, s.title) for s in project.children] == [
        ("project-1-1", "一、项目概述"), ("project-1-3", "二、实施主体"),
        ("project-1-6", "三、年度预算安排"), ("project-1-7", "四、绩效目标")]
    assert section_text(pub, "project-1-3") == ["松江区医疗保障局（本级）"]
    complete = next(s for s in pub.walk() if s.id == "project-2")
    assert [s.title for s in complete.children] == [
        "一、项目概述", "二、立项依据", "三、实施主体", "四、实施方案", "五、实施周期",
        "六、年度预算安排", "七、绩效目标"]


def test_uses_written_with_their_verb_are_not_doubled() -> None:
    """科目说明 and 公务接待费用途 are printed after “主要用于”; a use written as a sentence of
    its own (“用于……”, “主要用于……。”) printed “主要用于用于……” or “……。。” (unseen books 2)."""
    book = validated("001").book
    assert book is not None and book.explanation is not None and book.three_public is not None
    uses = dict(book.explanation.uses)
    uses["210"] = "用于部门日常运转。"
    uses["221"] = "主要用于住房公积金等支出；"
    tp = book.three_public.model_copy(update={"reception_use": "主要用于安排业务会议。"})
    pub = derive(book.model_copy(update={
        "explanation": book.explanation.model_copy(update={"uses": uses}),
        "three_public": tp}))
    items = section_text(pub, "explanation")[4:]
    assert items[1].endswith("科目18,962.62万元，主要用于部门日常运转。")
    assert items[2].endswith("科目275.92万元，主要用于住房公积金等支出。")
    other = section_text(pub, "other")
    assert "（三）公务接待费0.90万元，与2023年预算持平，主要用于安排业务会议。" in other
