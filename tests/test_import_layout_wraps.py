"""`pdftotext -layout` text of a book set with content-sized columns: a spaced-out 目录
heading, the 编制单位 line as a row of cells, and 申报表 labels and values wrapped over the
lines above and below the rest of their row."""

from __future__ import annotations

from generator.source.importers.book import forms, narrative, pages, structure, tables

COVER = """上海市某某区2030年区级单位预算

  预算单位：上海市某某区某某中心
\f                     目       录

一、单位主要职能 ........................................ 3

二、单位机构设置 ........................................ 4
"""

TABLE = """              2030年预算单位政府性基金预算支出功能分类预算表

编制单位：123456   上海市某某区某某中心（本级）                 单位：万元
"""

FORM = """                       财政项目支出绩效目标申报表
                           某某社区长者服务专项经费
                                  （2030年度）

       某某社区长者服务                               项目
项目名称                       项目性质       专业业务项目      特定目标类
       专项经费                                   类别
       上海市某某区某某管
主管部门                       实施单位       上海市某某区某某中心
       理局
计划开始
     2030-01-01        计划完成日期         2030-12-31
 日期
"""

FORM_INLINE = """项目名称 长者助餐                   项目性质       专业业务项目   项目类别   一次性项目
主管部门 上海市某某区民政局             实施单位       上海市某某区某某中心
计划开始
     2030-03-01        计划完成日期         2030-11-30
 日期
"""


def test_spaced_toc_heading_ends_the_cover_and_keeps_the_name() -> None:
    parts = structure.split(pages.from_text(COVER))
    assert [b.text for b in parts.cover] == ["上海市某某区2030年区级单位预算",
                                             "预算单位：上海市某某区某某中心"]
    assert narrative.cover(parts.cover)["名称"] == "上海市某某区某某中心"


def test_compiler_line_read_as_a_row_gives_code_name_and_unit() -> None:
    parts = structure.split(pages.from_text(TABLE))
    table = tables.read_table("表6", parts.tables["表6"])
    assert table.compiler == "123456上海市某某区某某中心（本级）"
    assert table.unit == "万元"


def test_form_head_with_wrapped_labels_and_values() -> None:
    [rows] = forms.split_forms(pages.from_text(FORM))
    form = forms.read_form(rows)
    assert {k: form.get(k) for k in forms.HEAD.values()} == {
        "项目名称": "某某社区长者服务专项经费", "项目性质": "专业业务项目", "项目类别": "特定目标类",
        "主管部门": "上海市某某区某某管理局", "实施单位": "上海市某某区某某中心",
        "计划开始日期": "2030-01-01", "计划完成日期": "2030-12-31"}


def test_form_head_with_label_and_value_one_space_apart() -> None:
    [rows] = forms.split_forms(pages.from_text(FORM_INLINE))
    form = forms.read_form(rows)
    assert {k: form.get(k) for k in forms.HEAD.values()} == {
        "项目名称": "长者助餐", "项目性质": "专业业务项目", "项目类别": "一次性项目",
        "主管部门": "上海市某某区民政局", "实施单位": "上海市某某区某某中心",
        "计划开始日期": "2030-03-01", "计划完成日期": "2030-11-30"}
