"""What was read of a book: each part of the official template (封面, the narrative sections,
表1–表9, each project, the 申报表) marked 已读, 部分 or 缺, with where it starts."""

from __future__ import annotations

import unicodedata
from typing import Any

from generator.source.importers.book.pages import Block
from generator.source.importers.book.structure import TABLE_TITLES, Parts
from generator.source.importers.book.tables import Table

READ, PARTLY, MISSING = "已读", "部分", "缺"

SECTIONS = (("functions", "主要职能"), ("organisation", "机构设置"), ("glossary", "名词解释"),
            ("explanation", "预算编制说明"))
AFTER_TABLES = (("other", "其他相关情况说明"),)


def where(block: Block | None) -> str:
    if block is None:
        return ""
    return f"第{block.page}页" if block.page else f"第{block.line}行"


def parts_read(parts: Parts, printed: dict[str, Table], data: dict[str, Any]
               ) -> list[tuple[str, str, str]]:
    """(part, status, where) for every part of the template, in book order."""
    out: list[tuple[str, str, str]] = []
    cover = READ if data.get("预算年度") and parts.cover and data.get("地区") else (
        PARTLY if parts.cover else MISSING)
    out.append(("封面", cover, where(parts.cover[0]) if parts.cover else ""))
    for key, name in SECTIONS:
        out.append(_section(parts, key, name))
    for table_id, name in sorted(TABLE_TITLES, key=lambda item: int(item[0][1:])):
        table = printed.get(table_id)
        title = parts.titles.get(table_id)
        if table is None:
            status = MISSING
        elif table.rows or table.notes:
            status = READ if table.labels or not table.rows else PARTLY
        else:
            status = PARTLY
        out.append((f"{table_id} {name}", status, where(title)))
    for key, name in AFTER_TABLES:
        out.append(_section(parts, key, name))
    for project in data.get("项目", []) or []:
        named = str(project.get("名称", "")) if isinstance(project, dict) else ""
        complete = isinstance(project, dict) and project.get("项目概述")
        out.append((f"项目 {named}", READ if complete else PARTLY, ""))
    forms = parts.sections.get("forms")
    if forms:
        out.append(("财政项目支出绩效目标申报表", READ, where(parts.titles.get("forms"))))
    return out


def _section(parts: Parts, key: str, name: str) -> tuple[str, str, str]:
    blocks = parts.sections.get(key)
    if blocks is None:
        return (name, MISSING, "")
    return (name, READ if any(b.text.strip() for b in blocks) else PARTLY,
            where(parts.titles.get(key)))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render(rows: list[tuple[str, str, str]]) -> str:
    """The parts as a plain table for the terminal (Chinese characters are two columns wide)."""
    width = max((_width(name) for name, _, _ in rows), default=0)
    return "\n".join(f"  {name}{' ' * (width - _width(name))}  {status}  {at}".rstrip()
                     for name, status, at in rows)
