"""Where in the HTML edition a finding points: the figure or part of the book its place names.

A finding's place is worded in the book's terms ("表2 收入预算总表 · 2101501 … · 合计") or as a
data path ("项目[2] › 项目概述"); the HTML edition gives every figure its identity
(``data-fact="表2/2101501/合计"``) and every part an ``id``. The target is the most precise of
them that exists in this book: ``fact:<identity>`` or ``#<id>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.report import book_section

_IDS = re.compile(r' id="([^"]+)"')
_FACTS = re.compile(r' data-fact="([^"]+)"')
_SEPARATORS = re.compile(r" · | › ")
# The part of the book → the id of its heading in the HTML edition.
_SECTION_IDS = {
    "一、主要职能": "functions", "二、机构设置": "organisation", "三、名词解释": "glossary",
    "四、预算编制说明": "explanation", "五、预算表": "tables", "六、其他相关情况说明": "other",
    "七、项目经费情况说明": "projects", "财政项目支出绩效目标申报表": "forms", "更正说明": "corrections",
}
# Data paths whose figures carry an identity starting with the same word.
_FACT_HEADS = {"三公经费": "三公", "机关运行经费": "机关运行经费", "政府采购": "政府采购",
               "国有资产": "国有资产", "绩效目标": "绩效目标", "上年预算": "说明"}
_TABLE_OF = {"三公经费": "9", "基本支出经济分类": "8", "支出明细": "2"}


@dataclass(frozen=True)
class BookIndex:
    """The ids and figure identities of one HTML edition."""

    ids: frozenset[str]
    facts: tuple[str, ...]

    @classmethod
    def of(cls, html: str) -> BookIndex:
        return cls(frozenset(_IDS.findall(html)), tuple(dict.fromkeys(_FACTS.findall(html))))


def target(place: str, index: BookIndex) -> str:
    """``fact:<identity>``, ``#<id>``, ``top`` (the cover) or ``""`` (no place in the book)."""
    words = [w.strip() for w in _SEPARATORS.split(place) if w.strip()]
    table = re.match(r"表(\d+)", place)
    head = re.sub(r"\[\d+\]$", "", words[0]) if words else ""
    number = table.group(1) if table else _TABLE_OF.get(head)
    if number:
        found = _in_table(number, words, index)
        if found:
            return found
    project = re.match(r"项目\[(\d+)\]", place)
    if project:
        form = "绩效目标申报表" in place
        wanted = f"form-{project.group(1)}" if form else f"project-{project.group(1)}"
        if wanted in index.ids:
            return f"#{wanted}"
    fact_head = _FACT_HEADS.get(head)
    if fact_head:
        match = next((f for f in index.facts if f.split("/")[0] == fact_head), None)
        if match:
            return f"fact:{match}"
    part = book_section(place)
    if part == "基本信息":
        return "top"  # the cover: 地区, 单位, 预算年度
    section = _SECTION_IDS.get(part)
    return f"#{section}" if section in index.ids else ""


def _in_table(number: str, words: list[str], index: BookIndex) -> str:
    """The figure of 表N a finding names by its code (and column), else the table."""
    prefix = f"表{number}/"
    in_table = [f for f in index.facts if f.startswith(prefix)]
    codes = [m.group(0) for w in words if (m := re.match(r"\d{3,7}", w))]
    for code in codes:
        rows = [f for f in in_table if f.split("/")[1:2] == [code]]
        if rows:
            column = next((f for f in rows if f.split("/")[-1] in words), rows[0])
            return f"fact:{column}"
    # no code: the figure whose last segment the place names, and most of the others
    # (表8 · 合计 · 公用经费 → 表8/合计/公用经费; 表9 · 公务接待费 → 表9/三公/公务接待费)
    named = [f for f in in_table if f.split("/")[-1] in words]
    if named:
        def fit(fact: str) -> tuple[int, int]:
            segments = fact.split("/")[1:]
            return len(set(segments) & set(words)), -sum(seg not in words for seg in segments)
        return f"fact:{max(named, key=fit)}"
    return f"#table-{number}" if f"table-{number}" in index.ids else ""
