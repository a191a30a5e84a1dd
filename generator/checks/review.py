"""「已核实」: warnings the bureau has checked and found right, recorded in the data file.

Like a linter's inline ``# noqa: CODE`` (it names the code and sits with the data it excuses)
and its baseline file (it carries a reason and goes stale when the finding disappears), an entry
names a finding's code, optionally its place, and a reason in words::

    已核实:
      - {代码: cross.running-cost, 位置: 机关运行经费, 理由: 本单位为事业单位，不在机关运行经费范围内}

``位置`` is a 科目 code (its 支出明细 or 经济分类 line), a project's 名称, or a field path
(``三公经费.公务接待费``, ``项目[2].金额``; lists counted from 1); without it the entry covers
every finding of the code in the file. A matched warning or notice becomes ``REVIEWED``: listed
as 已核实 with the reason, counted apart, never a warning again. An error is never excused (the
entry is itself a warning), and an entry that matches nothing is a notice at the entry, so a
stale acknowledgement is seen, as a linter reports an unused ``noqa``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from generator.findings import Finding, Location, Severity
from generator.source.importers.paths import check, parse
from generator.source.loader import PathKey, SourceDoc

KEY = "已核实"
PLACE = "已核实"


@dataclass(frozen=True)
class Entry:
    """One acknowledgement as written, with where it is."""

    index: int
    code: str
    place: str
    reason: str


def entries(doc: SourceDoc) -> list[Entry]:
    """The well-formed entries of 「已核实」 (the schema reports the others)."""
    raw = doc.data.get(KEY) if isinstance(doc.data, dict) else None
    if not isinstance(raw, list):
        return []
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            continue
        code, place, reason = item.get("代码"), item.get("位置", ""), item.get("理由")
        if isinstance(code, str) and isinstance(place, str) and isinstance(reason, str) \
                and code.strip() and reason.strip():
            out.append(Entry(i, code.strip(), place.strip(), reason.strip()))
    return out


def apply(doc: SourceDoc, findings: list[Finding]) -> list[Finding]:
    """``findings`` with those the file acknowledges turned into 已核实, and a finding for every
    acknowledgement that names an error, no place of the data, or no finding at all."""
    out = list(findings)
    listed = entries(doc)
    index = _paths_at(doc) if any(entry.place for entry in listed) else {}
    for entry in listed:
        at = doc.locate((KEY, entry.index))
        roots = _roots(doc, entry.place) if entry.place else None
        if roots is not None and not roots:
            out.append(Finding(
                "review.place", Severity.WARNING,
                f"已核实的位置「{entry.place}」既不是数据中的科目编码、项目名称，也不是数据中的字段"
                "（如 机关运行经费、三公经费.公务接待费、项目[2].金额）：请改正位置",
                (doc.locate((KEY, entry.index, "位置")),), PLACE))
            continue
        matched = [i for i, f in enumerate(out)
                   if f.code == entry.code and _within(f, roots, index)]
        errors = [i for i in matched if out[i].severity is Severity.ERROR]
        for i in matched:
            if out[i].severity in (Severity.WARNING, Severity.NOTICE):
                out[i] = dataclasses.replace(out[i], severity=Severity.REVIEWED,
                                             reason=entry.reason,
                                             locations=(*out[i].locations, at))
        where = f"在「{entry.place}」" if entry.place else ""
        if errors:
            out.append(Finding(
                "review.error", Severity.WARNING,
                f"「{entry.code}」{where}是错误，错误不能标为已核实：请改正数据，并删去这一条已核实",
                (doc.locate((KEY, entry.index, "代码")), *out[errors[0]].locations[:1]), PLACE))
        elif not matched:
            out.append(Finding(
                "review.unmatched", Severity.NOTICE,
                f"已核实的「{entry.code}」{where}没有对应的问题：数据已改正或问题已不存在时，"
                "请删去这一条", (at,), PLACE))
    return out


def _paths_at(doc: SourceDoc) -> dict[Location, list[PathKey]]:
    """Every value's and key's path, by its position: built once for all the entries."""
    index: dict[Location, list[PathKey]] = {}
    for positions in (doc.value_pos, doc.key_pos):
        for path, loc in positions.items():
            index.setdefault(loc, []).append(path)
    return index


def _within(finding: Finding, roots: list[PathKey] | None,
            index: dict[Location, list[PathKey]]) -> bool:
    """Whether a value ``finding`` points at lies under one of ``roots`` (any, if ``None``):
    a finding about a 科目 may point first at where its text belongs, then at its lines."""
    if roots is None:
        return True
    return any(path[:len(root)] == root for location in finding.locations
               for path in index.get(location, ()) for root in roots)


def _roots(doc: SourceDoc, place: str) -> list[PathKey]:
    """The data paths ``place`` names: a 科目's lines and entries, a project, or a field of the
    format (none: it names nothing)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    roots: list[PathKey] = []
    if place.isdigit():  # a 科目: its expenditure or economic line, its 科目说明 and 科目名称
        for key in ("支出明细", "基本支出经济分类"):
            roots += [(key, i) for i, line in enumerate(_items(data.get(key)))
                      if isinstance(line, dict) and line.get("科目") == place]
        roots += [(*parent, place) for parent in (("预算编制说明", "科目说明"), ("科目名称",))
                  if (*parent, place) in doc.value_pos]
    roots += [("项目", i) for i, project in enumerate(_items(data.get("项目")))
              if isinstance(project, dict) and project.get("名称") == place]
    segments = parse(place)
    if segments and not roots:
        path = tuple(s - 1 if isinstance(s, int) else s for s in segments)
        if path in doc.value_pos or check(segments) is None:  # a field of the format, even unset
            roots.append(path)
    return roots


def _items(value: object) -> Iterable[object]:
    return value if isinstance(value, list) else ()
