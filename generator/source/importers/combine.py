"""Several files make one book: ``budgetgen import 表格.xlsx 正文.pdf`` takes the nine tables from
the file that has them (the workbook first) and the texts (cover, 主要职能, 机构设置, 名词解释,
预算编制说明, 其他相关情况说明, projects, 申报表) from the other.

Both files are cut into the parts of a book, and the parts are put together before anything is
assembled: the 上年预算 a 预算编制说明 states as a change ("比上年增加12.3万元") is read against
the tables of the workbook, and every printed figure of both files is compared with the one
book derived from them. A finding about a table is located in the file the table came from.
"""

from __future__ import annotations

from pathlib import Path

from generator.findings import Finding, Location, Severity
from generator.source.importers import Imported
from generator.source.importers.book import pages, structure
from generator.source.importers.workbook import Source, assemble_book, not_a_book, workbook_source

SUFFIXES = (".xlsx", ".pdf", ".txt")


def _source(path: Path) -> tuple[Source | Imported, list[Finding]]:
    """The file's parts, or (our own workbook, which carries the whole book) what it reads as;
    and the findings of opening it."""
    if path.suffix.lower() == ".xlsx":
        from generator.source.importers import xlsx

        wb, findings = xlsx.open_workbook(path)
        if wb is None:
            return Imported({}, findings), findings
        if xlsx.is_own(wb):
            return xlsx.read(path), []
        return workbook_source(path, wb, findings), findings
    if path.suffix.lower() == ".pdf":
        blocks = pages.from_pdf(path)
    else:
        blocks = pages.from_text(path.read_text(encoding="utf-8", errors="replace"))
    return Source(path, structure.split(blocks)), []


def _texts(parts: structure.Parts) -> bool:
    return bool(parts.sections or any(b.text.strip() for b in parts.cover))


def combine(paths: list[Path]) -> Imported:
    """One book from ``paths`` (one file: as that file's importer reads it)."""
    read = [_source(path) for path in paths]
    opened = [f for _, findings in read for f in findings]
    sources = [s for s, _ in read if isinstance(s, Source)]
    whole = [s for s, _ in read if isinstance(s, Imported)]
    if any(not s.data for s in whole):  # refused or unreadable: nothing else is read
        return Imported({}, [f for s in whole for f in s.findings])
    if whole:  # our own workbook: it carries the whole book
        if len(paths) > 1:
            opened.append(Finding("import.ignored", Severity.WARNING,
                                  "budgetgen 导出的工作簿已含全书内容（含“数据”工作表），其余文件未读取",
                                  (Location(str(paths[0]), 1, 1),)))
        return Imported(whole[0].data, whole[0].findings + opened)
    with_tables = [s for s in sources if s.parts.tables]
    if not with_tables:
        return not_a_book(paths[0], "、".join(p.name for p in paths))
    # a workbook's tables before a text's: the grid is exact
    tables_from = min(with_tables, key=lambda s: not s.sheets)
    texts_from = next((s for s in sources if s is not tables_from and _texts(s.parts)), None)
    imported = assemble_book(tables_from, texts_from)
    for source in sources:
        if source is not tables_from and source is not texts_from:
            opened.append(Finding(
                "import.ignored", Severity.WARNING,
                "此文件中的表格和文字已从其他文件读取，未使用", (Location(str(source.path), 1, 1),)))
    return Imported(imported.data, opened + imported.findings)
