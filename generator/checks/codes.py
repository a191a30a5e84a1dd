"""Classification codes: level, catalog membership and names, parents, duplicates."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from generator.catalogs import Catalog, normalise_name
from generator.checks.base import CheckContext, error, warning
from generator.findings import Finding, Severity

LEVEL_NAMES = {3: "类", 5: "款", 7: "项"}


def check(ctx: CheckContext) -> Iterator[Finding]:
    function = ctx.derived.catalogs.function
    economic = ctx.derived.catalogs.economic
    line_findings = list(
        _lines(ctx, "支出明细", [(ln.code, ln.name) for ln in ctx.book.lines], function, 7))
    yield from line_findings
    yield from _lines(ctx, "基本支出经济分类", [(ln.code, ln.name) for ln in ctx.book.economic],
                      economic, 5)
    if not any(f.severity is Severity.ERROR for f in line_findings):
        yield from _uses(ctx)  # the breakdown list is only meaningful with valid codes
    for i, project in enumerate(ctx.book.projects):
        if project.code is not None and ctx.line_index(project.code) is None:
            yield error("project.line", f"项目「{project.name}」的科目 {project.code} "
                        "不在支出明细中", [ctx.at("项目", i, "科目")], f"项目 · {project.name}")


def _lines(ctx: CheckContext, key: str, entries: list[tuple[str, str | None]],
           catalog: Catalog, digits: int) -> Iterator[Finding]:
    kind = "功能分类" if key == "支出明细" else "经济分类"
    first: dict[str, int] = {}
    for i, (code, name) in enumerate(entries):
        where = ctx.at(key, i, "科目")
        place = f"{key} · {code}"
        if len(code) != digits:
            level = LEVEL_NAMES.get(len(code))
            derived = f"{level}级合计由工具计算，" if level and len(code) < digits else ""
            yield error("code.level",
                        f"{kind}科目应填写{LEVEL_NAMES[digits]}级（{digits}位）编码，"
                        f"填写的是 {code}（{len(code)}位）：{derived}请只填写"
                        f"{LEVEL_NAMES[digits]}级科目", [where], place)
            continue
        if code in first:
            yield error("code.duplicate", f"科目 {code} 重复填写：同一科目只能填写一行，"
                        "请合并金额", [where, ctx.at(key, first[code], "科目")], place)
            continue
        first[code] = i
        official = catalog.name(code)
        if official is None:
            named = [c for c in catalog.codes_named(name or "") if len(c) == len(code)]
            if named:
                yield error("code.misfiled",
                            f"科目 {code}「{name}」不在{catalog.year}年{kind}目录中；目录中"
                            f"「{name}」的编码是 {'、'.join(named)}：请核对编码，"
                            "否则这笔金额会计入错误的类、款", [where], place)
                continue
            if name is None:
                yield error("code.unknown", _unknown(code, kind, catalog), [where], place)
        elif name is not None and normalise_name(name) != normalise_name(official):
            yield warning("code.name", f"科目 {code} 的名称在{catalog.year}年目录中为"
                          f"「{official}」，数据中写的是「{name}」：表中按数据印出，"
                          "如为笔误请删去「名称」", [ctx.at(key, i, "名称")], place)
        for parent in (code[:3], code[:5])[: 1 if digits == 5 else 2]:
            if catalog.name(parent) is None:
                level = LEVEL_NAMES[len(parent)]
                yield error("code.parent", f"科目 {code} 的上级{level}级科目 {parent} "
                            f"不在{catalog.year}年{kind}目录中：请核对编码", [where], place)


def _unknown(code: str, kind: str, catalog: Catalog) -> str:
    near = difflib.get_close_matches(code, [c for c in catalog.names if len(c) == len(code)],
                                     n=2, cutoff=0.7)
    hint = "；相近的编码：" + "、".join(f"{c} {catalog.names[c]}" for c in near) if near else ""
    return (f"科目 {code} 不在{catalog.year}年{kind}目录中：请核对编码，"
            f"或在这一行写上「名称」{hint}")


def _uses(ctx: CheckContext) -> Iterator[Finding]:
    """科目说明 keys must be rows of the breakdown list; every listed row needs its phrase."""
    from generator.publication.narrative import breakdown

    explanation = ctx.book.explanation
    if explanation is None:
        return
    level = ctx.book.options.breakdown_level
    rows = {row.code: row for row in breakdown(ctx.derived)}
    for code in explanation.uses:
        if code not in rows:
            yield error("explanation.unknown-code",
                        f"科目说明中的 {code} 不是“财政拨款支出主要内容”中的{level}级科目"
                        f"（可写：{'、'.join(rows) or '无'}）",
                        [ctx.doc.locate_key(("预算编制说明", "科目说明", code))],
                        "四、预算编制说明 · 财政拨款支出主要内容")
    for code, row in rows.items():
        if code not in explanation.uses:
            yield warning("explanation.missing-use",
                          f"“{row.name}”科目（{code}）没有写“主要用于”的说明",
                          [ctx.at("预算编制说明", "科目说明")],
                          "四、预算编制说明 · 财政拨款支出主要内容")
