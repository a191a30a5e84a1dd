"""``budgetgen next-year``: the following year's data file, started from this year's.

The draft is this year's file as the officer wrote it (comments, key order, flow or block
style, quoting: :mod:`generator.source.roundtrip`), changed only where the year moves: the
year, 上年预算 (this year's totals by funding source, 三公 and 机关运行经费, read from the
derived book itself so they equal what this year's book printed), project periods of the old
year moved on, the edition block gone (a new year is a first edition), a department's unit
files renamed. It is marked ``草稿: {来自: <this year's file>}``: every figure still as it was
is a notice until it is changed or confirmed, and the book prints marked 草稿 until the block
is deleted (:mod:`generator.checks.draft`). Every text that mentions the old year (or an
earlier one) and every date that has passed gets a finding on the draft, so the officer knows
what to rewrite.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.checks.text import CITATION, HISTORICAL, NOT_TEXT
from generator.errors import InputError
from generator.findings import Finding, Severity, sort_findings
from generator.pipeline import Validated
from generator.publication.context import build_context
from generator.publication.derive import derive
from generator.publication.ledger import BASIC, FISCAL
from generator.publication.model import Publication
from generator.source import roundtrip
from generator.source.loader import PathKey, SourceDoc, loads
from generator.source.schema import Book
from generator.source.validate import display_path

# A year in running text: 2024年, 2024年度, 2024年6月30日, 2024-06-30, 2024.6.30.
YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?=\s*年|[-/.]\d{1,2}[-/.]\d)")
PRIOR_KEY = "上年预算"
DRAFT_KEY = "草稿"
# 上年预算 by funding source, from the figures 预算编制说明 prints (fact ids of the narrative).
PRIOR_SOURCES = (
    ("一般公共预算", "说明/支出/一般公共预算"),
    ("政府性基金", "说明/支出/政府性基金"),
    ("国有资本经营预算", "说明/支出/国有资本经营预算"),
    ("事业收入", "说明/收入/事业收入"),
    ("事业单位经营收入", "说明/收入/事业单位经营收入"),
    ("其他收入", "说明/收入/其他收入"),
)
PRIOR_THREE_PUBLIC = ("因公出国境费", "公务接待费", "公务用车购置费", "公务用车运行费")


@dataclass(frozen=True)
class Draft:
    """The next year's data file as text, and what the officer must look at in it."""

    text: str
    findings: list[Finding]
    crlf: bool = False  # this year's file ends its lines with CR LF (Windows): so does the draft
    bom: bool = False  # and starts with a byte order mark

    def encoded(self) -> bytes:
        """The draft as the file is written: UTF-8, with this year's line ends and mark."""
        text = self.text.replace("\n", "\r\n") if self.crlf else self.text
        return ("\ufeff" if self.bom else "").encode("utf-8") + text.encode("utf-8")


def target_name(source: Path, year: int) -> Path:
    """Where the draft goes by default: the year in the name moved on, else ``-<year+1>`` added;
    in the source's format (YAML or JSON). A corrected edition's ``-vN`` is left off: the draft
    is a first edition (its 版本 block is not carried over)."""
    stem = re.sub(r"-v\d+$", "", source.stem)
    old, new = str(year), str(year + 1)
    if old in stem:
        head, _, tail = stem.rpartition(old)
        stem = head + new + tail
    else:
        stem = f"{stem}-{new}"
    suffix = ".json" if source.suffix.lower() == ".json" else ".yaml"
    return source.with_name(stem + suffix)


def next_year(result: Validated, target: Path) -> Draft:
    """The draft of the year after ``result``'s book (which must have passed validation)."""
    book = result.book
    assert book is not None
    old, new = book.year, book.year + 1
    source = Path(result.doc.path)
    is_json = source.suffix.lower() == ".json"
    raw = source.read_bytes()
    original = raw.decode("utf-8-sig").replace("\r\n", "\n")
    try:
        data = roundtrip.load(original, is_json)
    except Exception as exc:  # it validated, so this is a layout ruamel.yaml cannot keep
        raise InputError(str(source), f"无法按原样读取文件以生成初稿（{type(exc).__name__}）："
                         "请把这个文件报告给维护者") from None
    data["预算年度"] = roundtrip.like(data.get("预算年度"), str(new))
    data.pop("版本", None)
    data.pop(DRAFT_KEY, None)  # a draft of a draft starts from the file it was made from
    came_from = os.path.relpath(source.resolve(), target.resolve().parent)
    roundtrip.insert(data, DRAFT_KEY, {"来自": Path(came_from).as_posix()}, keys_after("预算年度"),
                     flow=True)
    notes: list[tuple[PathKey, str, str]] = []  # (path in the draft, code, message)
    if book.units:
        renamed = [target_name(Path(unit), old).as_posix() for unit in book.units]
        units = data["合并单位"]
        for i, name in enumerate(renamed):
            units[i] = roundtrip.like(units[i], name)
        notes.append((("合并单位",), "next-year.units",
                       f"合并单位也要各自生成{new}年的文件（budgetgen next-year 各单位文件），"
                       f"这里已改为默认文件名：{'、'.join(renamed)}"))
    elif book.kind != "绩效目标申报表":
        _put_prior(data, _prior(book, derive(book, check=False)))
    notes += _dates(data, old, new)
    notes += _texts(data, old, new)
    notes += _reason(data, notes, old, new)
    text = roundtrip.dump(data, original, is_json)
    return Draft(text, _located(notes, loads(text, str(target))), b"\r\n" in raw,
                 raw.startswith(b"\xef\xbb\xbf"))


def keys_after(key: str) -> list[str]:
    """The keys the schema places after ``key``: a new key goes before the first of them."""
    order = [field.alias or name for name, field in Book.model_fields.items()]
    return order[order.index(key) + 1:]


def _put_prior(data: dict[str, Any], prior: dict[str, Any]) -> None:
    """上年预算 set to ``prior``: an existing block keeps its place, style and comments."""
    values = _literals(prior)
    if isinstance(data.get(PRIOR_KEY), dict):
        tail = roundtrip.detach_tail(data[PRIOR_KEY])  # the comment of the key after the block
        _merge(data[PRIOR_KEY], values)
        roundtrip.attach_tail(data[PRIOR_KEY], tail)
    else:
        roundtrip.insert(data, PRIOR_KEY, values, keys_after(PRIOR_KEY))


def _literals(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _literals(value) for key, value in node.items()}
    return roundtrip.Literal.of(node) if isinstance(node, Decimal) else node


def _merge(old: dict[str, Any], new: dict[str, Any]) -> None:
    """``old`` made equal to ``new`` in place: kept keys keep their place and style."""
    for key in [k for k in old if k not in new]:
        del old[key]
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(old.get(key), dict):
            _merge(old[key], value)
        elif key not in old or str(old[key]) != str(value):
            old[key] = value


def _prior(book: Book, publication: Publication) -> dict[str, Any]:
    """This year's printed figures, as next year's 上年预算."""
    facts = {fact_id: fact.value for fact_id, fact in publication.facts().items()}
    prior: dict[str, Any] = {}
    for key, fact_id in PRIOR_SOURCES:
        value = facts.get(fact_id, Decimal(0))
        if value or key == "一般公共预算":
            prior[key] = value
    prior["三公经费"] = {key: facts.get(f"三公/{key}", Decimal(0)) for key in PRIOR_THREE_PUBLIC}
    if book.running_cost is not None:
        prior["机关运行经费"] = facts.get("机关运行经费", book.running_cost)
    prior.update(_prior_kinds(book, prior))
    return prior


def _prior_kinds(book: Book, prior: dict[str, Any]) -> dict[str, Decimal]:
    """This year's 财政拨款支出 by kind (基本支出, 项目支出, and 人员经费/公用经费 where the lines
    split them), so that next year's book derives their changes too. Left out where the
    printed figures do not add up to the 财政拨款 written above (a book entered from printed
    totals that round apart): the officer then fills them in, and validation checks them."""
    ctx = build_context(book)
    basic = ctx.figure("合计", FISCAL, BASIC)
    project = ctx.figure("合计", FISCAL, ("project",))
    fiscal = sum((prior.get(key, Decimal(0)) for key in ("一般公共预算", "政府性基金", "国有资本经营预算")),
                 Decimal(0))
    if basic + project != fiscal or basic + project == 0:
        return {}
    kinds = {"基本支出": basic, "项目支出": project}
    personnel = ctx.figure("合计", FISCAL, ("personnel",))
    public = ctx.figure("合计", FISCAL, ("public",))
    if not ctx.unsplit and personnel + public == basic:
        kinds |= {"人员经费": personnel, "公用经费": public}
    return kinds


def _next(day: date) -> date:
    """The same day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _dates(data: dict[str, Any], old: int, new: int) -> Iterator[tuple[PathKey, str, str]]:
    """Project periods and form dates of the old year move on a year (an annual project goes
    on); periods that ended earlier, and the assets' as-of date, are flagged."""
    for i, project in enumerate(data.get("项目") or []):
        if isinstance(project, dict):
            yield from _shift(project.get("实施周期"), "开始", "结束",
                              ("项目", i, "实施周期"), old, new)
            yield from _shift(project.get("绩效目标申报表"), "计划开始日期", "计划完成日期",
                              ("项目", i, "绩效目标申报表", "计划完成日期"), old, new)
    assets = data.get("国有资产")
    if isinstance(assets, dict):
        as_of = _day(assets.get("截至日期"))
        if as_of is not None and as_of < date(old, 12, 31):
            yield (("国有资产", "截至日期"), "next-year.date",
                   f"国有资产截至日期仍为 {as_of}：请按 {old}-12-31 更新车辆、设备数和日期")


def _shift(holder: Any, start_key: str, end_key: str, path: PathKey, old: int,
           new: int) -> Iterator[tuple[PathKey, str, str]]:
    """Move a start/end pair wholly in the old year on a year; flag one that ended before."""
    if not isinstance(holder, dict):
        return
    start, end = _day(holder.get(start_key)), _day(holder.get(end_key))
    if start is None or end is None or end.year >= new:
        return
    if start.year == old and end.year == old:
        holder[start_key] = roundtrip.like(holder[start_key], str(_next(start)))
        holder[end_key] = roundtrip.like(holder[end_key], str(_next(end)))
        yield (path, "next-year.date",
               f"{start_key} {start}、{end_key} {end} 已顺延一年为 {_next(start)}、{_next(end)}："
               f"请核对项目{new}年是否继续")
    else:
        yield (path, "next-year.date",
               f"{end_key} {end} 早于{new}年：项目若继续请改写日期，已结束的请删去")


def _texts(data: Any, old: int, new: int, path: PathKey = ()) -> Iterator[tuple[PathKey, str, str]]:
    """Every text that names the old year or an earlier one. Citations 《…》〔…〕 are left
    alone, and the history told in 项目概述/立项依据 is flagged only for the old year itself."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_TEXT and key not in ("合并单位", DRAFT_KEY):
                yield from _texts(value, old, new, (*path, key))
        return
    if isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, old, new, (*path, i))
        return
    if not isinstance(data, str):
        return
    historical = any(part in HISTORICAL for part in path if isinstance(part, str))
    cleaned = CITATION.sub(lambda m: " " * len(m.group(0)), data)
    years = sorted({int(m.group(1)) for m in YEAR.finditer(cleaned)})
    stale = [y for y in years if (y == old if historical else y < new)]
    if stale:
        named = "、".join(f"{y}年" for y in stale)
        yield (path, "next-year.text",
               f"沿用的文字提到 {named}（本书现为{new}年）：请按{new}年改写，或确认仍然适用")


def _reason(data: dict[str, Any], notes: list[tuple[PathKey, str, str]], old: int,
            new: int) -> Iterator[tuple[PathKey, str, str]]:
    """变动原因 explains this year against the last: next year needs its own, years or not."""
    path: PathKey = ("预算编制说明", "变动原因")
    explanation = data.get("预算编制说明")
    if (isinstance(explanation, dict) and isinstance(explanation.get("变动原因"), str)
            and all(note[0] != path for note in notes)):
        yield (path, "next-year.text",
               f"变动原因说明的是{old}年与{old - 1}年相比的变化：请按{new}年预算与{old}年的比较重写")


def _located(notes: list[tuple[PathKey, str, str]], draft: SourceDoc) -> list[Finding]:
    return sort_findings(Finding(code, Severity.WARNING, message, (draft.locate(path),),
                                 display_path(path)) for path, code, message in notes)

