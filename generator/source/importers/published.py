"""A published 部门预算/单位预算 book (PDF, or its text) read back into a data file.

PDF text comes from pdfplumber's ruled-table extraction (over the characters and rulings PDFium
reads, ``book/pdfium.py``): it gives every cell in its grid column
(merged cells included), which ``pdftotext -layout`` does not (it wraps narrow cells onto
separate lines and runs neighbouring amounts together). A page whose table has no rulings is
read from where its words stand (``book/unruled.py``). Text files are read as they come: the
tab-separated text of a PDF copy, or ``pdftotext -layout`` output (columns by position).
"""

from __future__ import annotations

from pathlib import Path

from generator.findings import Finding, Location, Severity
from generator.source.emit import dump_yaml
from generator.source.importers import Imported, printed_totals
from generator.source.importers.book import assemble, pages, reconcile, report, structure, tables

SUFFIXES = (".pdf", ".txt")


def read(path: Path) -> Imported:
    """Read the book at ``path``; findings name each contradiction with its page."""
    if path.suffix.lower() == ".pdf":
        blocks = pages.from_pdf(path)
    else:
        blocks = pages.from_text(path.read_text(encoding="utf-8", errors="replace"))
    name = path.name
    if not any(b.text.strip() for b in blocks):
        return Imported({}, [Finding("import.no-text", Severity.ERROR,
                                     "文件中没有可读取的文字（扫描件需先做文字识别）",
                                     (Location(name, 0, 0, page=1),), "")])
    parts = structure.split(blocks)
    if not parts.tables and not parts.sections:
        return Imported({}, [Finding(
            "import.not-a-book", Severity.ERROR,
            "未能识别出预算公开文本的任何部分（没有“主要职能”“预算编制说明”等标题，也没有表1至表9"
            "的表名）：这个文件不像部门或单位预算；未写出数据文件",
            (Location(name, 0, 0, page=1),), "")],
            [("封面", report.MISSING, ""), ("表1–表9", report.MISSING, "")])
    printed = tables.read_tables(parts.tables)
    in_wan = printed_totals.to_yuan(printed, parts)  # a 万元 book read in 元, as a workbook is
    data = assemble.build(parts, printed)
    data.update(printed_totals.stated(data, printed, in_wan))  # totals printed from rounding
    partial = _drop_partial_forms(name, data) if printed else []
    findings = partial + _doubts(name, blocks) + check(name, data, parts, printed)
    read_parts = report.parts_read(parts, printed, data)
    if partial:
        read_parts = [(part, report.PARTLY if part.startswith("财政项目支出") else status, at)
                      for part, status, at in read_parts]
    return Imported(data, findings, read_parts)


def _doubts(name: str, blocks: list[pages.Block]) -> list[Finding]:
    """Rows of text without positions whose figures the text cannot tie to them (see
    ``book.scattered``): each a warning at the row's line."""
    return [Finding("import.row-uncertain", Severity.WARNING, block.doubt,
                    (Location(name, block.line, 1, page=block.page),), block.text.split(" ")[0])
            for block in blocks if block.doubt]


_FORM_NEEDS = ("项目性质", "项目类别", "年度总体目标", "绩效指标")


def _drop_partial_forms(name: str, data: dict[str, object]) -> list[Finding]:
    """A 申报表 read without a field the data format needs is left out of the data file (so the
    rest of the book still builds), with a finding naming what is missing."""
    findings: list[Finding] = []
    projects = data.get("项目")
    for project in projects if isinstance(projects, list) else []:
        form = project.get("绩效目标申报表") if isinstance(project, dict) else None
        if not isinstance(form, dict):
            continue
        missing = [key for key in _FORM_NEEDS if not form.get(key)]
        if missing:
            del project["绩效目标申报表"]
            findings.append(Finding(
                "import.form-partial", Severity.WARNING,
                f"项目「{project.get('名称', '')}」的绩效目标申报表未能完整读取（缺{'、'.join(missing)}）："
                "未写入数据文件，请对照原文补录", (Location(name, 0, 0),), "财政项目支出绩效目标申报表"))
    return findings


def check(name: str, data: dict[str, object], parts: structure.Parts,
          printed: dict[str, tables.Table]) -> list[Finding]:
    """Derive the book again from what was read and compare it with what was printed."""
    from generator import checks
    from generator.publication.derive import derive
    from generator.source.loader import loads
    from generator.source.validate import schema_findings

    findings: list[Finding] = []
    level = str(data.get("级次", ""))
    if level in ("市级", "区级"):
        findings += reconcile.glossary_level(name, parts.sections.get("glossary", []), level)
    findings += reconcile.blank_totals(name, printed)
    year = data.get("预算年度")
    if isinstance(year, int):
        findings += reconcile.note_years(name, printed, year)
    doc = loads(dump_yaml(data), Path(name).stem + ".yaml")  # the file `import` writes
    book, problems = schema_findings(doc)
    if book is None:
        return findings + problems
    problems += checks.run(book, doc)
    try:
        pub = derive(book, check=False)
    except Exception as error:  # noqa: BLE001 - a book we cannot derive is reported, not raised
        return findings + [Finding("import.derive", Severity.ERROR, f"读取的数据无法生成预算文本：{error}")]
    names = {r.key: r.name for t in printed.values() for r in t.rows if r.name}
    findings += reconcile.tables(name, printed, pub, names)
    findings += reconcile.texts(name, parts.sections.get("other", []), pub, ("other",),
                                "其他相关情况说明")
    findings += reconcile.texts(name, parts.sections.get("explanation", []), pub,
                                ("explanation",), "预算编制说明")
    return findings + problems
