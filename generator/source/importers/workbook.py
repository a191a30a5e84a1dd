"""A workbook of the nine tables as a budget system exports them, read into a data file.

The sheets become blocks (:mod:`book.sheets`), and from there the published-book reader takes
over: the recognizer finds the tables by their titles and header words, the assembler makes
the data file, and the book derived from it is compared with every printed figure. What a
workbook of tables lacks (no cover) comes from the tables themselves: the year from their
titles, the unit from the 编制单位 line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.findings import Finding, Location, Severity
from generator.source.importers import Imported
from generator.source.importers.book import assemble, sheets, structure, tables

WAN = Decimal(10000)


def not_a_book(path: Path, what: str) -> Imported:
    """One sentence, and no data."""
    return Imported({}, [Finding(
        "import.not-a-book", Severity.ERROR,
        f"{what}中没有找到预算表（按表名识别，如“收入预算总表”“支出预算总表”），不是部门预算或"
        "单位预算；未写出数据文件", (Location(str(path), 1, 1),))])


def read(path: Path, wb: Any) -> Imported:
    """The book in the open workbook ``wb`` (read from ``path``)."""
    from generator.source.importers import published

    blocks, names = sheets.workbook_blocks(wb)
    parts = structure.split(blocks)
    if not parts.tables:
        return not_a_book(path, "工作簿")
    printed = tables.read_tables(parts.tables)
    to_yuan(printed)
    data = assemble.build(parts, printed)
    data = with_header(data, parts, printed)
    findings = published.check(str(path), data, parts, printed)
    return Imported(data, [_in_sheet(f, names) for f in findings])


def to_yuan(printed: dict[str, tables.Table]) -> None:
    """Every table in 元 except 表9, which the assembler reads in 万元 as the book prints it."""
    for table_id, table in printed.items():
        if table_id == "表9":
            factor = Decimal(1) / WAN if table.unit == "元" and _stated_unit(table) else Decimal(1)
        else:
            factor = WAN if table.unit == "万元" else Decimal(1)
        if factor == 1:
            continue
        for row in table.rows:
            row.amounts = {k: v * factor for k, v in row.amounts.items()}
        if table_id != "表9":
            table.unit = "元"


def _stated_unit(table: tables.Table) -> bool:
    """Whether 表9's unit was printed (a 表9 with no unit line is read as the book's 万元)."""
    return any(re.search(r"单位[:：]\s*元", b.text) for b in table.notes) or bool(
        re.search(r"单位[:：]元$", table.compiler))


_REGION = re.compile(r"^(上海市(?:[^市区]{1,4}区)?)")


def with_header(data: dict[str, Any], parts: structure.Parts,
                printed: dict[str, tables.Table]) -> dict[str, Any]:
    """预算年度, 地区, 级次, 类型 and 单位.名称 from the table titles and 编制单位 line, where no
    cover gave them (key order kept as the data file writes it)."""
    by_table = {k: structure.squeeze(b.text) for k, b in parts.titles.items() if k in printed}
    titles = list(by_table.values())
    header: dict[str, Any] = {}
    year = next((int(m[1]) for m in (re.search(r"(\d{4})年", t) for t in titles) if m), None)
    if year is not None:
        header["预算年度"] = year
    body = dict(data.get("单位", {}))
    if not body.get("名称") and body.get("表内名称"):
        body["名称"] = body.pop("表内名称")
    region = _REGION.match(str(body.get("名称", "")))
    if region:
        header["地区"] = region[1]
        header["级次"] = "市级" if region[1] == "上海市" else "区级"
    names = dict(structure.TABLE_TITLES)
    bare = [t.replace(names[k], "") for k, t in by_table.items() if k in names]
    header["类型"] = "部门预算" if any("部门" in t for t in bare) else "单位预算"
    out = {k: data.get(k, v) for k, v in header.items()}
    out["单位"] = {k: body[k] for k in ("名称", "编码", "表内名称", "简称") if k in body}
    out.update({k: v for k, v in data.items() if k not in out})
    return out


def _in_sheet(finding: Finding, names: list[str]) -> Finding:
    """A finding located at a page (= a sheet, numbered from 1) and line (= its row) as
    ``file!sheet!A7``."""
    locations = tuple(
        Location(loc.file, loc.line, 1, names[loc.page - 1])
        if 0 < loc.page <= len(names) and not loc.sheet else loc
        for loc in finding.locations)
    return replace(finding, locations=locations)
