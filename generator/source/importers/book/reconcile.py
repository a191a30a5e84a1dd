"""What the book says twice, compared: the data read back is derived again and every printed
table figure and every stated figure of the narrative is compared with what the tables
support. Each difference is a finding located at the page of the printed value."""

from __future__ import annotations

import re
from decimal import Decimal

from generator.display import runs_text
from generator.findings import Finding, Location, Severity
from generator.publication.model import ItemList, Paragraph, Publication
from generator.publication.model import Table as PubTable
from generator.source.importers.book.narrative import glossary
from generator.source.importers.book.pages import Block
from generator.source.importers.book.tables import Table

ZERO = Decimal(0)


def _where(name: str, page: int, line: int) -> Location:
    return Location(name, line, 1 if line else 0, page=page)


def _derived_rows(table: PubTable) -> dict[str, dict[str, Decimal | None]]:
    """Derived amounts by row key (code, category name, 合计/支出总计) and column label."""
    out: dict[str, dict[str, Decimal | None]] = {}
    for row in table.rows:
        for cell in row.cells:
            if not cell.is_amount or not cell.fact:
                continue
            parts = cell.fact.split("/")
            key, column = parts[1], parts[-1]
            if table.id in ("表1", "表4") and key.startswith("收入"):
                continue
            out.setdefault(key, {})[column] = cell.amount
    return out


# 表9 columns as the fact ids name them → as the header labels name them
_T9 = {"合计": "合计", "因公出国境费": "因公出国(境)费", "公务接待费": "公务接待费", "小计": "小计",
       "购置费": "购置费", "运行费": "运行费", "机关运行经费": "机关运行经费预算数"}


def _expected(table_id: str, key: str, derived: dict[str, dict[str, Decimal | None]]
              ) -> dict[str, Decimal | None] | None:
    """The derived figures of one printed row, by the printed table's column labels."""
    if table_id == "表9":
        merged = {**derived.get("三公", {}), **derived.get("机关运行经费", {})}
        return {_T9.get(k, k): v for k, v in merged.items()}
    return derived.get(key)


def tables(name: str, printed: dict[str, Table], pub: Publication,
           names: dict[str, str]) -> list[Finding]:
    """Each printed table figure that differs from the figure the tables support."""
    findings: list[Finding] = []
    category_codes = {n: c for c, n in names.items() if len(c) == 3}
    for table_id, table in sorted(printed.items()):
        derived_table = pub.tables.get(table_id)
        if derived_table is None:
            continue
        derived = _derived_rows(derived_table)
        for row in table.rows:
            key = category_codes.get(row.key, row.key) if table_id in ("表1", "表4") else row.key
            want = _expected(table_id, key, derived)
            for column, value in (want or {}).items():
                if column not in table.labels:
                    continue
                shown = row.amounts.get(column)
                expected = value or ZERO
                if table_id == "表9":
                    expected = (expected / Decimal(10000)).quantize(Decimal("0.01"), "ROUND_HALF_UP")
                if shown is None and expected:
                    what = f"留空，按其他表应为 {expected:,}"
                elif shown is not None and shown != expected:
                    what = f"印为 {shown:,}，其他表支持的数为 {expected:,}（差 {shown - expected:,}）"
                else:
                    continue
                caption = derived_table.caption.split(" ", 1)[-1]
                findings.append(Finding(
                    "import.table-mismatch", Severity.WARNING, f"{what}；已按其他表取数",
                    (_where(name, row.page, row.line),),
                    f"{table_id} {caption} · {row.name or row.key} · {column}"))
    return findings


_FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)(万元)(?!以上|（含）)")


def _figures(text: str, zeros: bool = False) -> list[str]:
    """The 万元 figures of a sentence, sorted; without zeros unless asked (a zero figure a
    book leaves out, e.g. 工程预算0万元, is not a contradiction)."""
    out = []
    for match in _FIGURE.finditer(text):
        value = Decimal(match[1].replace(",", ""))
        if value or zeros:
            out.append(f"{format(value.normalize(), 'f')}{match[2]}")
    return sorted(out)


def _minus(a: list[str], b: list[str]) -> list[str]:
    rest = list(b)
    out = []
    for item in a:
        if item in rest:
            rest.remove(item)
        else:
            out.append(item)
    return out


def _paragraphs(pub: Publication, section_ids: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for section in pub.walk():
        if section.id not in section_ids:
            continue
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(runs_text(block.runs))
            elif isinstance(block, ItemList):
                out += [runs_text(item.runs) for item in block.items]
            elif isinstance(block, PubTable):
                out += [runs_text(note.runs) for note in block.notes]
    return out


def texts(name: str, blocks: list[Block], pub: Publication, section_ids: tuple[str, ...],
          place: str) -> list[Finding]:
    """Printed paragraphs whose figures (万元, %, counts, 年度) differ from the paragraph the
    tables support: matched by their opening words."""
    derived = _paragraphs(pub, section_ids)
    findings = []
    for block in blocks:
        if block.is_row:
            continue
        mine = _figures(block.text)
        head = re.sub(r"[\d,.]+", "", block.text)[:8]
        match = next((d for d in derived if re.sub(r"[\d,.]+", "", d)[:8] == head), None)
        if match is None:
            continue
        theirs = _figures(match)
        if mine != theirs and (mine or theirs):
            printed_only = _minus(_figures(block.text, True), _figures(match, True))
            derived_only = _minus(_figures(match, True), _figures(block.text, True))
            findings.append(Finding(
                "import.text-mismatch", Severity.WARNING,
                f"文字所述数字与表格不一致：印为{'、'.join(printed_only) or '（无）'}，"
                f"按表格应为{'、'.join(derived_only) or '（无）'}；重建时文字由表格数据生成",
                (_where(name, block.page, block.line),), place))
    return findings


def glossary_level(name: str, blocks: list[Block], level: str) -> list[Finding]:
    """名词解释 worded for the other level (市级 in a 区级 book, or the reverse)."""
    other = "市级" if level == "区级" else "区级"
    findings = []
    for term, definition, block in glossary(blocks):
        if other in definition and level not in definition:
            findings.append(Finding(
                "import.glossary-level", Severity.WARNING,
                f"“{term}”的解释按{other}口径表述（“{other}预算主管部门”“{other}财政”），本书为{level}；"
                f"重建时按{level}标准表述",
                (_where(name, block.page, block.line),), f"名词解释 · {term}"))
    return findings


def blank_totals(name: str, printed: dict[str, Table]) -> list[Finding]:
    """收入总计/支出总计 printed blank."""
    findings = []
    for table_id in ("表1", "表4"):
        table = printed.get(table_id)
        row = table.row("支出总计") if table else None
        if table is None or row is None:
            continue
        if any(k.startswith("收入空:收入总计") for k in row.amounts) or not any(
                not k.startswith("收入") for k in row.amounts):
            findings.append(Finding(
                "import.blank-total", Severity.WARNING,
                "收入总计、支出总计留空；重建时按明细计算", (_where(name, row.page, row.line),),
                f"{table_id} 总计行"))
    return findings


def note_years(name: str, printed: dict[str, Table], year: int) -> list[Finding]:
    findings = []
    for table_id, table in sorted(printed.items()):
        for block in table.notes:
            for match in re.finditer(r"(\d{4})年度", block.text):
                if int(match[1]) != year:
                    findings.append(Finding(
                        "import.text-mismatch", Severity.WARNING,
                        f"表注写“{match[1]}年度”，本书为{year}年预算；重建时注由模板按本书年度生成",
                        (_where(name, block.page, block.line),), f"{table_id} 注"))
    return findings
