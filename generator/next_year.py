"""``budgetgen next-year``: the following year's data file, started from this year's.

The draft keeps this year's lines, projects and words as a starting point, moves the book one
year on, and records this year's totals as 上年预算: by funding source, 三公 and 机关运行经费,
read from the derived book itself so they equal what this year's book printed. The edition
block goes (a new year is a first edition). Every text that mentions the old year (or an
earlier one) and every date that has passed gets a finding on the draft, so the officer knows
what to rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from generator.checks.text import CITATION, HISTORICAL, NOT_TEXT
from generator.findings import Finding, Severity, sort_findings
from generator.pipeline import Validated
from generator.publication.derive import derive
from generator.publication.model import Publication
from generator.source.emit import dump_yaml
from generator.source.loader import Number, PathKey, SourceDoc, load, loads
from generator.source.schema import Book
from generator.source.validate import display_path

# A year in running text: 2024年, 2024年度, 2024年6月30日, 2024-06-30, 2024.6.30.
YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?=\s*年|[-/.]\d{1,2}[-/.]\d)")
PRIOR_KEY = "上年预算"
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


def target_name(source: Path, year: int) -> Path:
    """Where the draft goes by default: the year in the name moved on, else ``-<year+1>`` added."""
    stem = source.stem
    old, new = str(year), str(year + 1)
    if old in stem:
        head, _, tail = stem.rpartition(old)
        stem = head + new + tail
    else:
        stem = f"{stem}-{new}"
    return source.with_name(stem + ".yaml")  # the draft is YAML, whatever this year's file was


def next_year(result: Validated, target: Path) -> Draft:
    """The draft of the year after ``result``'s book (which must have passed validation)."""
    book = result.book
    assert book is not None
    old, new = book.year, book.year + 1
    data = _plain(load(result.doc.path).data)
    data["预算年度"] = new
    data.pop("版本", None)
    notes: list[tuple[PathKey, str, str]] = []  # (path in the draft, code, message)
    if book.units:
        renamed = [target_name(Path(unit), old).as_posix() for unit in book.units]
        data["合并单位"] = renamed
        notes.append((("合并单位",), "next-year.units",
                       f"合并单位也要各自生成{new}年的文件（budgetgen next-year 各单位文件），"
                       f"这里已改为默认文件名：{'、'.join(renamed)}"))
    elif book.kind != "绩效目标申报表":
        data = _with_prior(data, _prior(book, derive(book, check=False)))
    notes += _dates(data, old, new)
    notes += _texts(data, old, new)
    notes += _reason(data, notes, old, new)
    if book.units:
        carried = f"支出明细、上年预算等由合并单位汇总：请同样生成各合并单位的{new}年文件。"
    elif book.kind == "绩效目标申报表":
        carried = f"项目和申报表沿用{old}年的，请逐项更新。"
    else:
        carried = f"上年预算为本书{old}年印出的数字；支出明细、项目等沿用{old}年的，请逐项更新。"
    header = (f"{new}年数据初稿：由 budgetgen next-year 从 {Path(result.doc.path).name} 生成。\n"
              f"{carried}\n提到旧年份的文字和已过去的日期在生成时已列出，请改写后再校验。")
    text = dump_yaml(data, header)
    return Draft(text, _located(notes, loads(text, str(target))))


def _plain(node: Any) -> Any:
    """Loaded values as the emitter writes them: a number typed bare becomes its exact Decimal."""
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(value) for value in node]
    if isinstance(node, Number):  # written back as typed; "0701" or "1e3" stay text, quoted
        try:
            number = Decimal(str(node))
        except InvalidOperation:
            return str(node)
        return number if format(number, "f") == str(node) else str(node)
    return node


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
    return prior


def _with_prior(data: dict[str, Any], prior: dict[str, Any]) -> dict[str, Any]:
    """``data`` with 上年预算 replaced, or inserted where the schema places it."""
    if PRIOR_KEY in data:
        return {key: (prior if key == PRIOR_KEY else value) for key, value in data.items()}
    order = [field.alias for field in Book.model_fields.values()]
    after = order[order.index(PRIOR_KEY) + 1:]
    out: dict[str, Any] = {}
    for key, value in data.items():
        if PRIOR_KEY not in out and key in after:
            out[PRIOR_KEY] = prior
        out[key] = value
    out.setdefault(PRIOR_KEY, prior)
    return out


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
        holder[start_key], holder[end_key] = str(_next(start)), str(_next(end))
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
            if key not in NOT_TEXT and key != "合并单位":
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

