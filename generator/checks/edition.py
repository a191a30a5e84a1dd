"""Editions: a correction must name the edition it corrects, of the same book, and correct
something in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.checks.base import CheckContext, error, warning
from generator.errors import InputError
from generator.findings import Finding

PLACE = "更正说明"


def previous_path(ctx_path: str, previous: str) -> Path:
    """``上一版`` is written relative to the file that names it."""
    return Path(ctx_path).parent / previous


def check(ctx: CheckContext) -> Iterator[Finding]:
    from generator.source.loader import load
    from generator.source.validate import schema_findings

    edition = ctx.book.edition
    if edition is None:
        return
    if edition.number > 1 and edition.previous is None:
        yield error("edition.previous",
                    f"第{edition.number}版是更正版，须在「上一版」写明被更正版本的数据文件",
                    [ctx.at("版本", "版次")], PLACE)
        return
    if edition.previous is None:
        return
    where = [ctx.at("版本", "上一版")]
    path = previous_path(ctx.doc.path, edition.previous)
    try:
        previous_doc = load(path)
        book, findings = schema_findings(previous_doc)
    except InputError as exc:
        yield error("edition.previous", f"无法读取上一版数据文件 {path}：{exc.message}", where, PLACE)
        return
    if book is None:
        yield error("edition.previous", f"上一版数据文件 {path} 不符合格式要求（{len(findings)} 处），"
                    "请先用 budgetgen validate 检查", where, PLACE)
        return
    if (book.year, book.kind, book.body.name) != (ctx.book.year, ctx.book.kind, ctx.book.body.name):
        yield error("edition.previous", f"上一版是{book.body.name}{book.year}年{book.kind}，"
                    f"与本书（{ctx.book.body.name}{ctx.book.year}年{ctx.book.kind}）不是同一本书", where,
                    PLACE)
    before = book.edition.number if book.edition else 1
    if before >= edition.number:
        yield error("edition.number", f"版次应大于上一版的版次 {before}，填写的是 {edition.number}",
                    [ctx.at("版本", "版次")], PLACE)
    if book.edition and book.edition.date > edition.date:
        yield error("edition.date", f"更正日期 {edition.date} 早于上一版日期 {book.edition.date}",
                    [ctx.at("版本", "日期")], PLACE)
    if _content(previous_doc.data) == _content(ctx.doc.data):
        yield warning("edition.unchanged", f"本版除「版本」外与上一版 {edition.previous} 完全相同："
                      "更正版应改正上一版中的数字或文字，请确认改的是这个文件", where, PLACE)


def _content(data: object) -> object:
    """A data file's book without its 版本 block (what a correction must change)."""
    return {k: v for k, v in data.items() if k != "版本"} if isinstance(data, dict) else data
