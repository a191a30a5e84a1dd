"""A workbook of the nine tables as a budget system exports them, read into a data file.

The sheets become blocks (:mod:`book.sheets`), and from there the published-book reader takes
over: the recognizer finds the tables by their titles and header words, the assembler makes
the data file, and the book derived from it is compared with every printed figure. What a
workbook of tables lacks (no cover) comes from the tables themselves: the year from their
titles, the unit from the 编制单位 line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.findings import Finding, Location, Severity
from generator.source.importers import Imported, printed_totals
from generator.source.importers.book import assemble, sheets, structure, tables
from generator.source.schema import Book


def not_a_book(path: Path, what: str) -> Imported:
    """One sentence, and no data."""
    return Imported({}, [Finding(
        "import.not-a-book", Severity.ERROR,
        f"{what}中没有找到预算表（按表名识别，如“收入预算总表”“支出预算总表”），不是部门预算或"
        "单位预算；未写出数据文件", (Location(str(path), 1, 1),))])


@dataclass
class Source:
    """One file cut into the parts of a book. For a workbook, ``sheets`` names each page (a
    sheet) and ``places`` holds the decimals its number formats show, by (page, row)."""

    path: Path
    parts: structure.Parts
    sheets: list[str] = field(default_factory=list)
    places: dict[tuple[int, int], set[int]] = field(default_factory=dict)
    unreadable: dict[tuple[int, int], Finding] = field(default_factory=dict)  # by (page, row)
    negatives: dict[tuple[int, int, int], str] = field(default_factory=dict)  # (page, row, col)


def workbook_source(path: Path, wb: Any, opened: list[Finding] | None = None) -> Source:
    """The workbook's parts; ``opened`` are the findings of opening it (a formula cell without
    a calculated value is kept by its page and row)."""
    book = sheets.workbook_blocks(wb)
    unreadable = {(book.names.index(loc.sheet) + 1, loc.line): f for f in opened or ()
                  if f.code == "xlsx.formula" for loc in f.locations[:1] if loc.sheet in book.names}
    return Source(path, structure.split(book.blocks), book.names, book.places, unreadable,
                  book.negatives)


def read(path: Path, wb: Any, opened: list[Finding] | None = None) -> Imported:
    """The book in the open workbook ``wb`` (read from ``path``); ``opened`` as for
    :func:`workbook_source`."""
    source = workbook_source(path, wb, opened)
    if not source.parts.tables:
        return not_a_book(path, "工作簿")
    return assemble_book(source, None)


def several_units(source: Source) -> Finding | None:
    """A department's export holding several units' tables (部门汇总 and each 单位, or two
    units) is refused: one data file is one unit's book, and figures of two units read as one
    would be a book of neither. The units are told apart by their tables' 编制单位 lines."""
    first: dict[str, tuple[tuple[int, int], Location]] = {}
    for blocks in source.parts.tables.values():
        for block in blocks:
            if not re.match(tables.COMPILER, structure.squeeze(block.text)):
                continue
            texts = [structure.squeeze(c.text) for c in block.cells] or [
                structure.squeeze(block.text)]
            name = "".join(t for t in texts if not re.match(tables.UNIT, t))
            name = re.sub(r"(?<!编制)(?:金额)?单位[:：]万?元", "", re.sub(tables.COMPILER, "", name))
            if not name:
                continue
            column = int(block.cells[0].x) + 1 if block.cells else 1
            sheet = source.sheets[block.page - 1] if 0 < block.page <= len(source.sheets) else ""
            here = Location(str(source.path), block.line, column, sheet)
            if name not in first or (block.page, block.line) < first[name][0]:
                first[name] = ((block.page, block.line), here)
    if len(first) < 2:
        return None
    units = "；".join(f"「{name}」（{loc}）" for name, (_, loc) in first.items())
    return Finding(
        "import.several-units", Severity.ERROR,
        f"工作簿中有{len(first)}个单位的预算表（按各表的编制单位）：{units}。一个数据文件只写一个"
        "单位的预算，几个单位的数字合在一起不是任何一本预算：请把每个单位（部门汇总也算一个）的"
        "九张表分别存为一个工作簿，逐个导入；未写出数据文件",
        tuple(loc for _, loc in first.values()))


def assemble_book(tables_from: Source, texts_from: Source | None) -> Imported:
    """The data file from the tables of one source and the texts (cover, sections, projects,
    forms) of another (or of the same, when ``texts_from`` is ``None``)."""
    from generator.source.importers import published

    parts = tables_from.parts
    if tables_from.sheets and (several := several_units(tables_from)) is not None:
        return Imported({}, [several])
    if texts_from is not None:
        text = texts_from.parts
        parts = structure.Parts(
            cover=text.cover or parts.cover,
            sections={**parts.sections, **text.sections},
            tables={**text.tables, **parts.tables},
            titles={**text.titles, **parts.titles})
    printed = tables.read_tables(parts.tables)
    unread = unread_columns(str(tables_from.path), printed) + unreadable_lines(
        printed, tables_from.unreadable)
    if unread:  # figures that would be lost or misplaced: nothing is written
        return Imported({}, [_located(f, tables_from, None) for f in unread])
    in_wan = printed_totals.to_yuan(printed, parts)
    for table_id, table in printed.items():
        # numbers stored exact under a whole-yuan format: the book prints whole yuan
        shown = set().union(*(tables_from.places.get((r.page, r.line), set())
                              for r in table.rows if table_id in tables_from.parts.tables))
        if shown and table_id != "表9":
            table.decimals = shown
    data = assemble.build(parts, printed)
    covered = "预算年度" in data
    data = with_header(data, parts, printed)
    if not covered and "预算年度" in data and "支出明细" in data:  # names by the year's catalog
        data["支出明细"] = assemble.lines(printed, data["预算年度"])
    names = assemble.code_names(printed, data.get("预算年度"))
    if names and "科目名称" not in data:
        data = _in_book_order({**data, "科目名称": names})
    added = printed_totals.stated(data, printed, in_wan)
    if added:
        data = _in_book_order({**data, **added})
    main = texts_from or tables_from
    findings = published.check(str(main.path), data, parts, printed)
    if "预算年度" not in data:  # one finding saying where the year was looked for
        findings = [f for f in findings if not (f.code == "schema.missing" and "预算年度" in f.message)]
        findings.insert(0, Finding(
            "import.no-year", Severity.ERROR,
            f"没有找到预算年度：已在{YEAR_PLACES}中查找；"
            "请在数据文件中填写「预算年度」（如“预算年度: 2025”）",
            (Location(str(main.path), 1, 1),)))
    findings = negative_figures(tables_from) + fine_figures(tables_from) + findings
    return Imported(data, [_located(f, tables_from, texts_from) for f in findings])


def negative_figures(source: Source) -> list[Finding]:
    """A warning at each negative figure, which was not read (a budget table's amounts are not
    negative: a refund or an offset is a smaller figure, not a minus)."""
    return [Finding(
        "import.negative", Severity.WARNING,
        f"负数 {text}：预算表的金额不为负数，这个数未读取（按空白读，其他表有这一数时按其他表"
        "取数）；请核对是否录错，或在编制说明中说明冲减",
        (Location(str(source.path), row, column, source.sheets[page - 1]),))
        for (page, row, column), text in sorted(source.negatives.items())]


def fine_figures(source: Source) -> list[Finding]:
    """A warning at the first row whose figures show more than two decimals (万元 to four
    places, exact to the yuan): they are read to two, as a book prints them."""
    fine = sorted((key, max(shown)) for key, shown in source.places.items() if max(shown) > 2)
    if not fine:
        return []
    (page, row), places = fine[0]
    return [Finding(
        "import.fine-figures", Severity.WARNING,
        f"金额显示{places}位小数（共{len(fine)}行）：按两位小数读取（末{places - 2}位四舍五入，"
        "如万元表只精确到百元）；要精确到元，请以元为单位导出，或把单元格格式设为两位小数后"
        "核对合计", (Location(str(source.path), row, 1, source.sheets[page - 1]),))]


def unread_columns(name: str, printed: dict[str, tables.Table]) -> list[Finding]:
    """An error for each table with rows but no amount column recognised in its header."""
    findings = []
    for table_id, table in sorted(printed.items()):
        if not table.rows or table.labels:
            continue
        kind = tables.KIND.get(table_id, table_id)
        wanted = "”“".join(aliases[0] for aliases in tables.LABELS[kind])
        page, line = table.header_at if table.header_at != (0, 0) else (table.page, 0)
        findings.append(Finding(
            "import.columns", Severity.ERROR,
            f"表头中没有认出金额列（应为“{wanted}”等，可带“（元）”“（万元）”），本表 "
            f"{len(table.rows)} 行的数字无法放入对应的列；请按模板的表头文字修改后再导入；"
            "未写出数据文件", (Location(name, line, 1 if line else 0, page=page),),
            f"{table_id} {dict(structure.TABLE_TITLES).get(table_id, '')}".strip()))
    return findings


def unreadable_lines(printed: dict[str, tables.Table],
                     unreadable: dict[tuple[int, int], Finding]) -> list[Finding]:
    """An error for each line the data is made of (a 项 of 表2/3/5–7, a 款 of 表8, 表9's row)
    with a formula cell that holds no value: read as blank, it would lower every total above
    it, so nothing is written (a 合计 or 类/款 row is derived anyway, and only compared)."""
    findings = []
    for table_id, table in sorted(printed.items()):
        entered = 5 if table_id == "表8" else 7
        for row in table.rows:
            cell = unreadable.get((row.page, row.line))
            line = table_id == "表9" or (table_id in tables.KIND and row.key.isdigit()
                                         and len(row.key) == entered)
            if cell is None or not line:
                continue
            title = dict(structure.TABLE_TITLES).get(table_id, "")
            findings.append(Finding(
                "import.formula-line", Severity.ERROR,
                f"{row.key if table_id != '表9' else ''} {row.name}".strip() + "：这一行的公式单元格没有"
                "计算结果，读不出金额；若按空白读取，各级合计会被改小以迁就它，故未写出数据文件。请在 "
                "Excel 或 WPS 中打开并保存后再导入", cell.locations, f"{table_id} {title}".strip()))
    return findings


_REGION = re.compile(r"^(上海市(?:[^市区]{1,4}区)?)")


def with_header(data: dict[str, Any], parts: structure.Parts,
                printed: dict[str, tables.Table]) -> dict[str, Any]:
    """预算年度, 地区, 级次, 类型 and 单位.名称 from the table titles and 编制单位 line, where no
    cover gave them (key order kept as the data file writes it)."""
    by_table = {k: structure.squeeze(b.text) for k, b in parts.titles.items() if k in printed}
    titles = list(by_table.values())
    header: dict[str, Any] = {}
    year = book_year(titles, parts)
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


# Where a book of tables states its year, most telling first: a table's title
# ("2025年收入预算总表"), the book's title on a cover or above the tables ("2025年…部门预算",
# "上海市松江区2025年单位预算"), 表9's headers ("2025年“三公”经费预算数").
_BOOK_TITLE = re.compile(r"(20\d{2})年.{0,60}?(?:部门|单位)预算(?:（更正版）|\(更正版\))?$")
_T9_HEADER = re.compile(r"^(20\d{2})年.{0,3}(?:三公.{0,3}经费|机关运行经费)(?:预算数)?$")
YEAR_PLACES = ("表名（如“2025年收入预算总表”）、封面或表上方的书名（如“2025年…部门预算”）、"
               "表9表头（如“2025年“三公”经费预算数”）、编制日期（如“编制日期：2024年12月”）")


def book_year(titles: list[str], parts: structure.Parts) -> int | None:
    """The budget year the workbook states, or ``None`` (see ``YEAR_PLACES``)."""
    for title in titles:
        if match := re.search(r"(\d{4})年", title):
            return int(match[1])
    blocks = parts.cover + [b for kept in parts.tables.values() for b in kept]
    for block in blocks:
        texts = [block.text] if not block.cells or len(block.cells) == 1 else []
        if match := next((m for m in map(_BOOK_TITLE.search, map(structure.squeeze, texts)) if m),
                         None):
            return int(match[1])
    for block in parts.tables.get("表9", []):
        for cell in block.cells:
            if match := _T9_HEADER.match(structure.squeeze(cell.text)):
                return int(match[1])
    return structure.compiled_year(blocks)


def _in_book_order(data: dict[str, Any]) -> dict[str, Any]:
    order = [f.alias for f in Book.model_fields.values()]
    return {k: data[k] for k in sorted(data, key=lambda k: order.index(k) if k in order else 99)}


def _located(finding: Finding, tables_from: Source, texts_from: Source | None) -> Finding:
    """A finding about a table located in the file the tables came from; in a workbook at
    ``file!sheet!A7`` (a page is a sheet, numbered from 1, a line its row)."""
    table_id = finding.place.split(" ", 1)[0]
    source = tables_from if texts_from is None or table_id in tables_from.parts.tables else (
        texts_from)
    locations = []
    for loc in finding.locations:
        if loc.file == str((texts_from or tables_from).path):
            loc = replace(loc, file=str(source.path))
        if source.sheets and 0 < loc.page <= len(source.sheets) and not loc.sheet:
            loc = Location(loc.file, loc.line, 1, source.sheets[loc.page - 1])
        locations.append(loc)
    return replace(finding, locations=tuple(locations))
