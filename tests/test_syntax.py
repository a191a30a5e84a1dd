"""Syntax mistakes of YAML and JSON files: one Chinese, located finding each, with the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import validate
from generator.source.loader import SourceFindings, loads

HEAD = "预算年度: 2025\n"


def _only(text: str, name: str = "t.yaml") -> tuple[str, str, int, int]:
    with pytest.raises(SourceFindings) as info:
        loads(text, name)
    [finding] = info.value.findings
    location = finding.locations[0]
    return finding.code, finding.message, location.line, location.column


@pytest.mark.parametrize(("text", "expected"), [
    # A tab in the indentation.
    ("单位:\n\t名称: 上海\n",
     ("syntax.tab", "这一行用制表符（Tab）缩进：YAML 只能用空格缩进，请把 Tab 换成空格"
      "（与上一层对齐，通常每层两个空格）", 2, 1)),
    # An unclosed quote, whether the file ends there or goes on.
    ("单位:\n  名称: \"上海\n",
     ("syntax.quote", "引号「\"」没有闭合：请在这段文字的末尾补上「\"」（文字本身含有「\"」时，请改用另一种引号括起来）",
      2, 7)),
    ("单位:\n  名称: \"上海\n  编码: \"1\"\n预算年度: 2025\n",
     ("syntax.quote", "引号「\"」没有闭合：请在这段文字的末尾补上「\"」（文字本身含有「\"」时，请改用另一种引号括起来）",
      2, 7)),
    # Unclosed brackets.
    ("条目: [一, 二\n预算年度: 2025\n",
     ("syntax.bracket", "方括号「[」没有闭合：请在这一组的末尾补上「]」", 1, 5)),
    ("三公经费: {公务接待费: 3000\n预算年度: 2025\n",
     ("syntax.bracket", "花括号「{」没有闭合：请在这一组的末尾补上「}」", 1, 7)),
    # A missing colon, and a missing space after it.
    ("单位:\n  名称 上海\n  编码: \"1\"\n",
     ("syntax.colon", "这一行缺少冒号：请写成「名称: 上海」", 2, 5)),
    ("预算年度 2025\n地区: 上海市松江区\n",
     ("syntax.colon", "这一行缺少冒号：请写成「预算年度: 2025」", 1, 5)),
    ("单位:\n  名称:上海\n  编码: \"1\"\n",
     ("syntax.colon-space", "冒号后缺少空格：请写成「名称: 上海」（冒号后加一个空格，否则整行被当作一段文字）", 2, 5)),
    ("项目:\n  - 名称: 医疗补助\n    金额 154900\n    科目: \"2101499\"\n",
     ("syntax.colon", "这一行缺少冒号：请写成「金额: 154900」", 3, 7)),
    # A text with ": " in it, after list items that rightly have no colon.
    ("主要职能:\n  条目:\n    - 负责医疗保障工作\n    - 办公时间: 上午: 9点\n",
     ("syntax.colon", "这里不能再出现「: 」：一行只能写一个「名称: 值」；若文字本身含有「: 」，请给整段文字加引号", 4, 15)),
    ("三公经费: [\n", ("syntax.bracket", "方括号「[」没有闭合：请在这一组的末尾补上「]」", 1, 7)),
    ("单位:\n  名称: \"上海市\"松江区\n", ("syntax.quote", "引号后面还有文字：整段文字都要放在引号里（或去掉引号）", 2, 12)),
    ("单位: 松江区\n  名称: 上海\n",
     ("syntax.indent", "这一行比上一行缩进多，但上一行已经写了值，下面不能再有下级项目：请把这一行与上一行对齐", 2, 3)),
    ("条目:\n  - 一\n  名称: 二\n",
     ("syntax.indent", "这里应为列表的一项（以「- 」开头）：同一层不能既有列表项又有「名称: 值」，请检查缩进", 3, 3)),
    # Full-width punctuation.
    ("单位:\n  名称：上海\n  编码: \"1\"\n",
     ("syntax.full-width", "冒号「：」是全角字符：YAML 只认半角冒号，请写成「名称: 上海」（半角冒号后加一个空格）", 2, 5)),
    ("支出明细:\n  - {科目: \"2101501\"，人员经费: 100}\n",
     ("syntax.full-width", "「，」是全角字符：YAML/JSON 的标点要用半角，请改为「,」", 2, 19)),
    # Bounded work: aliases, nesting, explicit tags, several documents.
    ("a: &a [1, 1, 1]\nb: [*a, *a]\n",
     ("syntax.alias", "不支持别名「*a」：数据文件中的每一项请直接写出，不要用锚点和别名（& 和 *）引用别处的内容",
      2, 5)),
    ("项目: !!python/object/apply:os.system [\"true\"]\n",
     ("syntax.tag", "不支持标记「!!python/object/apply:os.system」：数据文件只能写文字、数字和列表，请删去这个标记",
      1, 5)),
    ("预算年度: 2025\n---\n预算年度: 2026\n",
     ("syntax.documents", "一个文件只能有一本预算的数据：这里的「---」开始了第二份文档，请删去它或把第二份存为另一个文件",
      2, 1)),
])
def test_yaml_mistakes(text: str, expected: tuple[str, str, int, int]) -> None:
    assert _only(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ('{"预算年度": 2025,\n "人员经费": 150,000.00}',
     ("syntax.thousands-comma", "金额 150,000.00 被逗号拆开了：JSON 里逗号用来分隔各项，请去掉千位分隔符写成 150000.00",
      2, 10)),
    ('{"预算年度"：2025}',
     ("syntax.full-width", "「：」是全角字符：YAML/JSON 的标点要用半角，请改为「:」", 1, 8)),
    ('{"预算年度": 2025,\n "地区": "上海}',
     ("syntax.quote", "引号「\"」没有闭合：请在这段文字的末尾补上「\"」", 2, 8)),
    ('{"预算年度": 2025\n "地区": "上海"}',
     ("syntax.comma", "缺少逗号「,」：两项之间要用半角逗号分隔，或括号没有闭合", 2, 2)),
    ('{"预算年度" 2025}',
     ("syntax.colon", "缺少冒号「:」：请写成 \"名称\": 值", 1, 9)),
    ('{"条目": [1, 2',
     ("syntax.comma", "缺少逗号「,」：两项之间要用半角逗号分隔，或括号没有闭合", 1, 13)),
    ('{"预算年度": 2025,}',
     ("syntax.quote", "名称要用半角双引号括起来（\"名称\"），最后一项后面也不能有逗号", 1, 15)),
])
def test_json_mistakes(text: str, expected: tuple[str, str, int, int]) -> None:
    assert _only(text, "t.json") == expected


def test_thousands_comma_in_braces_is_read_whole_and_reported() -> None:
    doc = loads("支出明细:\n  - {科目: \"2101501\", 人员经费: 150,000.00, 公用经费: 1,234,567}\n", "t.yaml")
    assert doc.data == {"支出明细": [{"科目": "2101501", "人员经费": "150000.00", "公用经费": "1234567"}]}
    assert [(f.code, f.message, f.locations[0].line, f.locations[0].column) for f in doc.findings] == [
        ("syntax.thousands-comma", "金额 150,000.00 被逗号拆开了：花括号「{…}」里逗号用来分隔各项，"
         "请去掉千位分隔符写成 150000.00，或加引号写成 \"150,000.00\"", 2, 27),
        ("syntax.thousands-comma", "金额 1,234,567 被逗号拆开了：花括号「{…}」里逗号用来分隔各项，"
         "请去掉千位分隔符写成 1234567，或加引号写成 \"1,234,567\"", 2, 45),
    ]
    assert doc.duplicate_keys == [] and ("支出明细", 0, "000.00") not in doc.key_pos


def test_full_width_digits_are_read_and_reported() -> None:
    doc = loads("机关运行经费: １５００００.５０\n", "t.yaml")
    assert doc.data == {"机关运行经费": "150000.50"}
    [finding] = doc.findings
    assert (finding.code, finding.message, str(finding.locations[0])) == (
        "syntax.full-width", "「１５００００.５０」用了全角数字或符号：请改用半角，写成 150000.50", "t.yaml:1:9")


def test_bare_number_code_in_json(tmp_path: Path) -> None:
    data = tmp_path / "book.json"
    data.write_text('{"预算年度": 2025, "单位": {"名称": "某局", "编码": 157001}}', encoding="utf-8")
    codes = {f.code: f.message for f in validate(str(data)).findings}
    assert codes["code.unquoted"] == ("编码 157001 写成了数字：请加引号写成 \"157001\"。编码必须是文字"
                                      "（写成数字时开头的 0 会丢失）")


def test_control_characters_and_encodings(tmp_path: Path) -> None:
    assert _only("a: 1\x00\n") == (
        "syntax.control", "文件中有不可见的控制字符（U+0000）：请删去它；若整个文件都是乱码，它可能不是数据文件或已损坏", 1, 5)
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("预算年度: 2025\n地区: 上海市\n".encode("gbk"))
    from generator.errors import InputError
    from generator.source.loader import load

    with pytest.raises(InputError) as info:
        load(gbk)
    assert info.value.message == "文件不是 UTF-8 编码（看起来是 GBK/GB18030，第 1 行起）：请在编辑器中以 UTF-8 编码另存后再试"
