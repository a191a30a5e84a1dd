"""Free text: placeholders left in, and years that do not belong to this book."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.checks.base import CheckContext, error, warning
from generator.findings import Finding
from generator.source.loader import Number, PathKey
from generator.source.validate import display_path

# XX not part of a Latin word: a web address (…/xxgk/…, 信息公开) or a size (XXL) is text
PLACEHOLDER = re.compile(r"(?<![A-Za-z])[XxＸｘ×]{2,}(?![A-Za-z])|待填写|请填写|待补充|此处填写|TODO")
# An ellipsis standing for text not yet written: the whole text, or "……" inside it (a warning:
# a quotation may elide words).
ELLIPSIS = re.compile(r"……|^\s*(?:…|\.{3,}|。{3,})\s*$")
# A year followed by 年 (and maybe 度), not part of a full date like 2020年6月1日.
YEAR = re.compile(r"(?<!\d)(\d{4})\s*年(度)?(?!\s*\d{1,2}\s*月)")
# Spans where years are citations, not statements about this budget: 《titles》, 〔2019〕 numbers.
CITATION = re.compile(r"《[^》]*》|〔[^〕]*〕|【[^】]*】|\[[^\]]*\]")
# Fields that tell a project's history: years there are expected to be old.
HISTORICAL = {"项目概述", "立项依据"}
NOT_TEXT = {"科目", "编码", "开始", "结束", "截至日期", "计划开始日期", "计划完成日期"}


def check(ctx: CheckContext) -> Iterator[Finding]:
    year = ctx.book.year
    for path, value in strings(ctx.doc.data, ()):
        if path and path[-1] in NOT_TEXT:
            continue
        where = [ctx.doc.locate(path)]
        place = display_path(path)
        match = PLACEHOLDER.search(value)
        elided = ELLIPSIS.search(value)
        if match:
            yield error("text.placeholder",
                        f"文字中留有占位符「{match.group(0)}」：请填写实际内容",
                        where, place)
        elif elided:
            yield warning("text.placeholder",
                          f"文字中有省略号「{elided.group(0).strip()}」，像是尚未填写的内容："
                          "请补全文字（如为引文中的省略可忽略）", where, place)
        # history, and the reasons of 「已核实」 (they may well cite other years)
        if any(part in HISTORICAL for part in path if isinstance(part, str)) or path[:1] == ("已核实",):
            continue
        cleaned = CITATION.sub(lambda m: " " * len(m.group(0)), value)
        for found in YEAR.finditer(cleaned):
            cited = int(found.group(1))
            fiscal = found.group(2) is not None
            if fiscal and cited != year:
                yield warning("text.year",
                              f"文字中的“{found.group(0)}”与本书预算年度 {year} 年不符：请核对",
                              where, place)
            elif not fiscal and cited not in (year, year - 1):
                yield warning("text.year",
                              f"文字中的“{found.group(0)}”既不是预算年度 {year} 年，也不是上年 "
                              f"{year - 1} 年：请核对", where, place)


def strings(node: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from strings(value, (*path, i))
    elif isinstance(node, str) and not isinstance(node, Number):
        yield path, node
