"""Classification codes: level, names (from the catalog or the data), misfiling, duplicates.

The catalog is a help, not a gate: a well-formed code is accepted when its name is known, from
the year's catalog or from the data (a line's 名称 names its own code, 科目名称 names 类 and 款).
A code named only by the data is a warning (check it); a code named nowhere is an error.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from generator.catalogs import Catalog, normalise_name
from generator.checks.base import CheckContext, error, notice, warning
from generator.findings import Finding, Location, Severity

LEVEL_NAMES = {3: "类", 5: "款", 7: "项"}
IMPORT_HINT = "budgetgen catalog import"


def check(ctx: CheckContext) -> Iterator[Finding]:
    yield from _year_notice(ctx)
    function = ctx.derived.catalogs.function
    economic = ctx.derived.catalogs.economic
    yield from _code_names(ctx, function, economic)
    named: set[str] = set()  # 类/款 reported once, on the first line under them
    line_findings = list(
        _lines(ctx, "支出明细", [(ln.code, ln.name) for ln in ctx.book.lines], function, 7, named))
    yield from line_findings
    yield from _lines(ctx, "基本支出经济分类", [(ln.code, ln.name) for ln in ctx.book.economic],
                      economic, 5, named)
    if not any(f.severity is Severity.ERROR for f in line_findings):
        yield from _uses(ctx)  # the breakdown list is only meaningful with valid codes
    for i, project in enumerate(ctx.book.projects):
        if project.code is not None and ctx.line_index(project.code) is None:
            yield error("project.line", f"项目「{project.name}」的科目 {project.code} "
                        "不在支出明细中", [ctx.at("项目", i, "科目")], f"项目 · {project.name}")


def _year_notice(ctx: CheckContext) -> Iterator[Finding]:
    """One notice when the book's year has no catalog and an earlier one names its codes."""
    book = ctx.book
    if not (book.lines or book.economic or any(p.code for p in book.projects)):
        return
    used = ctx.derived.catalogs.fallbacks()
    if not used:
        return
    labels = "、".join(c.label for c in used)
    yield notice("catalog.year",
                 f"没有{book.year}年的科目表：按{labels}校验和命名科目。如已收到{book.year}年政府收支"
                 f"分类科目，请用 {IMPORT_HINT} 文件 --year {book.year} 导入",
                 [ctx.at("预算年度")], "科目表")


def _code_names(ctx: CheckContext, function: Catalog, economic: Catalog) -> Iterator[Finding]:
    """科目名称 names 类 and 款 (function 2xx, economic 3xx); a 项 is named on its line."""
    for code, name in ctx.book.code_names.items():
        where = [ctx.doc.locate_key(("科目名称", code))]
        if len(code) not in (3, 5):
            yield error("code.level", f"科目名称中的 {code}（{len(code)}位）不是类（3位）或款（5位）"
                        "编码：项的名称写在支出明细这一行的「名称」中", where, f"科目名称 · {code}")
            continue
        catalog = economic if code.startswith(("3", "5")) else function
        official = catalog.name(code)
        if official is not None and normalise_name(official) != normalise_name(name):
            yield warning("code.name", f"科目 {code} 的名称在{catalog.label}中为「{official}」，"
                          f"科目名称中写的是「{name}」：表中按数据印出，如为笔误请删去这一项",
                          [ctx.at("科目名称", code)], f"科目名称 · {code}")


def _lines(ctx: CheckContext, key: str, entries: list[tuple[str, str | None]],
           catalog: Catalog, digits: int, named: set[str]) -> Iterator[Finding]:
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
        if official is None and name is not None:
            misfiled = _misfiled(code, name, catalog)
            if misfiled:
                yield error("code.misfiled", misfiled, [where], place)
                continue
        if official is not None and name is not None \
                and normalise_name(name) != normalise_name(official):
            yield warning("code.name", f"科目 {code} 的名称在{catalog.label}中为"
                          f"「{official}」，数据中写的是「{name}」：表中按数据印出，"
                          "如为笔误请删去「名称」", [ctx.at(key, i, "名称")], place)
        yield from _names(ctx, code, name, catalog, named, where, place)


def _misfiled(code: str, name: str, catalog: Catalog) -> str | None:
    """Why ``code`` looks misfiled: its name is one the catalog files only under another code.
    Names every 款 may carry (行政运行, 其他…支出 …) prove nothing and are not checked."""
    if catalog.recurring(name):
        return None
    named = [c for c in catalog.codes_named(name) if len(c) == len(code)]
    if not named:
        return None
    return (f"科目 {code}「{name}」不在{catalog.label}中，该表中「{name}」的编码是 "
            f"{'、'.join(named)}：请核对编码，否则这笔金额会计入错误的类、款")


def _names(ctx: CheckContext, code: str, name: str | None, catalog: Catalog, named: set[str],
           where: Location, place: str) -> Iterator[Finding]:
    """Every level of ``code`` (类, 款, 项) needs a name: one error listing the missing ones, or
    one warning for those named only by the data."""
    chain = [code[:n] for n in (3, 5, 7) if n <= len(code)]
    missing: list[str] = []
    data_only: list[str] = []
    for part in chain:
        given = name if part == code else ctx.book.code_names.get(part)
        if catalog.name(part) is not None or (part != code and part in named):
            continue
        if part != code:
            named.add(part)
        if given is None:
            missing.append(part)
        else:
            data_only.append(f"{LEVEL_NAMES[len(part)]} {part}「{given}」")
    if missing:
        yield error("code.unknown", _missing(code, missing, catalog), [where], place)
    elif data_only:
        own = code not in catalog.names
        yield warning("code.unknown" if own else "code.parent",
                      f"{'、'.join(data_only)}不在{catalog.label}中{_partial(catalog)}：按数据中的"
                      f"名称印出。请核对编码；如有本年度正式科目表，可用 {IMPORT_HINT} 导入，"
                      "导入后不再提示", [where], place)


def _partial(catalog: Catalog) -> str:
    return "（随附的科目表只收录常用科目）" if catalog.partial else ""


def _missing(code: str, missing: list[str], catalog: Catalog) -> str:
    labels = "、".join(f"{LEVEL_NAMES[len(part)]} {part} 的名称" for part in missing)
    several = len(missing) > 1
    fixes = []
    if code in missing:
        fixes.append("在这一行写上「名称」")
    parents = [part for part in missing if part != code]
    if parents:
        which = "、".join(f"{LEVEL_NAMES[len(part)]} {part}" for part in parents)
        example = ", ".join(f'"{part}": 名称' for part in parents)
        fixes.append(f"在「科目名称」中写上{which} 的名称（如 科目名称: {{{example}}}）")
    near = ""
    if code in missing:
        close = difflib.get_close_matches(code, [c for c in catalog.names if len(c) == len(code)],
                                          n=2, cutoff=0.7)
        near = "。相近的编码：" + "、".join(f"{c} {catalog.names[c]}" for c in close) if close else ""
    return (f"缺少{labels}：{catalog.label}中没有{'这些' if several else '这个'}科目，数据中也没有写。"
            f"请{'，并'.join(fixes)}；或用 {IMPORT_HINT} 导入含有{'它们' if several else '它'}的"
            f"科目表{near}")


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
            # Where the phrase goes, then the lines of the 科目 (so 已核实 can name the code).
            lines = [ctx.at("支出明细", i) for i, line in enumerate(ctx.book.lines)
                     if line.code.startswith(code)]
            yield warning("explanation.missing-use",
                          f"“{row.name}”科目（{code}）没有写“主要用于”的说明",
                          [ctx.at("预算编制说明", "科目说明"), *lines],
                          "四、预算编制说明 · 财政拨款支出主要内容")
