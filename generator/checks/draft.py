"""草稿: a next-year draft names the file it was started from; every figure still as it was
there is a notice until the officer changes it or confirms it (「已确认」)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.checks.base import CheckContext, notice
from generator.errors import InputError
from generator.findings import Finding
from generator.source.loader import Number, PathKey, SourceDoc, load
from generator.source.validate import display_path

PLACE = "草稿"
# Moved on by next-year itself, or the draft's own block: never "carried over".
_OWN = ("预算年度", "上年预算", "草稿", "版本")
_AMOUNT_TEXT = re.compile(r"^\s*[+-]?[0-9][0-9,]*(\.[0-9]+)?\s*(万元|万|元)\s*$")


def dotted(path: PathKey) -> str:
    """``("支出明细", 1, "人员经费")`` → ``支出明细[2].人员经费``: how 「已确认」 names a place."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _normal(entry: str) -> str:
    """An entry of 「已确认」 as written (``支出明细[2] › 人员经费`` too) in dotted form."""
    return re.sub(r"\s*(›|>|/)\s*", ".", entry.strip()).replace(" ", "")


# What names an entry of a list, whatever its place: a line by its 科目, a project by its 名称.
# Matching entries by these (not by position) keeps a line inserted above from making every
# later figure look changed, or a moved one look carried.
IDENTITY = ("科目", "编码", "名称", "项目名称", "指标")


def figures(data: Any, path: PathKey = (), same: tuple[Any, ...] = ()
            ) -> Iterator[tuple[PathKey, tuple[Any, ...], str]]:
    """Every figure of a data file (a number, or an amount typed as text): its path, its
    identity (the path with each list entry named by its :data:`IDENTITY` field where the list
    has one that is unique, else by position) and its text."""
    if isinstance(data, dict):
        for key, value in data.items():
            if path or key not in _OWN:
                yield from figures(value, (*path, key), (*same, key))
    elif isinstance(data, list):
        names = _names(data)
        for i, value in enumerate(data):
            yield from figures(value, (*path, i), (*same, names[i] if names else i))
    elif isinstance(data, Number) or (isinstance(data, str) and _AMOUNT_TEXT.match(data)):
        yield path, same, str(data).strip()


def _names(entries: list[Any]) -> list[tuple[str, str]] | None:
    """Each entry's identity, by the first :data:`IDENTITY` field every entry has, uniquely."""
    if not entries or not all(isinstance(e, dict) for e in entries):
        return None
    for field in IDENTITY:
        values = [str(e.get(field, "")).strip() for e in entries]
        if all(values) and len(set(values)) == len(values):
            return [(field, v) for v in values]
    return None


def check(ctx: CheckContext) -> Iterator[Finding]:
    draft = ctx.book.draft
    if draft is None:
        return
    source = Path(ctx.doc.path).parent / draft.source
    try:
        before, now = load(source), load(ctx.doc.path)
    except InputError as exc:
        yield notice("draft.source", f"无法读取初稿所依据的上年数据文件 {source}（{exc.message}），"
                     "因此无法列出沿用的数字：请改正「来自」，或在各数字都已核对后删去「草稿」",
                     [ctx.at("草稿", "来自")], PLACE)
        return
    yield from carried(ctx.book.year, before, now, [_normal(c) for c in draft.confirmed])


def carried(year: int, before: SourceDoc, now: SourceDoc, confirmed: list[str]) -> Iterator[Finding]:
    old = {same: value for _, same, value in figures(before.data)}
    count = 0
    for path, same, value in figures(now.data):
        name = dotted(path)
        if old.get(same) != value or any(name == c or name.startswith((f"{c}.", f"{c}[")) for c in confirmed):
            continue
        count += 1
        yield notice("draft.carried", f"沿用{year - 1}年的数字 {value}：请改为{year}年的数字；"
                     f"核对后确实不变的，在 草稿 › 已确认 中列入「{name}」",
                     [now.locate(path)], display_path(path))
    if count == 0:
        yield notice("draft.done",
                     "初稿中沿用上年的数字都已更新或确认：删去「草稿」后，生成的文本不再带“草稿”字样",
                     [now.locate(("草稿",))], PLACE)
