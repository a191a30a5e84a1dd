"""Parts a book of each kind must have."""

from __future__ import annotations

from collections.abc import Iterator

from generator.checks.base import CheckContext, error
from generator.findings import Finding

BOOK_PARTS = (
    ("functions", "主要职能", "一、主要职能"),
    ("organisation", "机构设置", "二、机构设置"),
    ("explanation", "预算编制说明", "四、预算编制说明"),
    ("prior", "上年预算", "四、预算编制说明（与上年比较）"),
    ("assets", "国有资产", "六、其他相关情况说明 · 国有资产占有使用情况"),
)


def check(ctx: CheckContext) -> Iterator[Finding]:
    book = ctx.book
    top = ctx.at()
    if book.kind == "绩效目标申报表":
        if not any(p.form for p in book.projects):
            yield error("book.missing-part",
                        "绩效目标申报表文件至少要有一个带「绩效目标申报表」的项目", [top],
                        "财政项目支出绩效目标申报表")
        return
    for field, key, place in BOOK_PARTS:
        if getattr(book, field) is None:
            yield error("book.missing-part", f"{book.kind}必须填写「{key}」", [top], place)
    if not book.lines:
        yield error("book.missing-part", f"{book.kind}必须填写「支出明细」（项级功能分类科目）",
                    [top], "五、预算表")
    basic = ctx.derived.ledger.total(("general",), ("personnel", "public", "basic"))
    if basic and not book.economic:
        yield error("book.missing-part",
                    "有一般公共预算基本支出，必须填写「基本支出经济分类」（表8）", [top],
                    "表8 一般公共预算基本支出部门预算经济分类预算表")
