"""Department roll-up: a 部门预算 built from its units' data files (本部 + 下属单位).

Lines are summed by code, funding source and kind; economic lines by code; 三公, 机关运行经费,
政府采购, 绩效目标, 国有资产 and the prior-year figures are summed (公务接待费用途: the units'
distinct texts joined in unit order); projects are gathered with their 实施主体. The department file
keeps its own words (主要职能, 机构设置, 预算编制说明).

The rolled-up book comes with a document whose positions point into the unit files, so the
findings on the department point at the unit value to change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel

from generator.findings import Finding, Severity
from generator.source.loader import PathKey, SourceDoc, child
from generator.source.schema import (
    KINDS,
    PRIOR_KINDS,
    SOURCES,
    ZERO,
    Assets,
    Book,
    EconLine,
    KindAmounts,
    Line,
    OrgUnit,
    Performance,
    Prior,
    Procurement,
    Project,
    Sources,
    ThreePublic,
    Vehicles,
)
from generator.source.uses import use_text

# Parts of a book that a department built from units takes from them, never states itself.
SUMMED_KEYS = ("上年预算", "支出明细", "基本支出经济分类", "三公经费", "机关运行经费", "政府采购",
               "绩效目标", "国有资产", "项目")

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
Unit = tuple[SourceDoc, Book]


def rollup(doc: SourceDoc, department: Book, units: list[Unit]) -> tuple[Book, SourceDoc,
                                                                         list[Finding]]:
    """The department book summed from ``units``, its document, and findings on the roll-up."""
    findings = [
        Finding("rollup.own-figure", Severity.ERROR,
                f"由「合并单位」汇总的部门不能自己填写「{key}」：请在各单位的数据文件中填写",
                (doc.locate_key((key,)),), key)
        for key in SUMMED_KEYS if isinstance(doc.data, dict) and key in doc.data
    ]
    for unit_doc, unit in units:
        if unit.kind != "单位预算" or unit.year != department.year:
            findings.append(Finding(
                "rollup.unit", Severity.ERROR,
                f"合并单位应为{department.year}年单位预算，{unit_doc.path} 是{unit.year}年{unit.kind}",
                (doc.locate(("合并单位",)),), "合并单位"))
    raw = dict(doc.data) if isinstance(doc.data, dict) else {}
    for key in SUMMED_KEYS:
        raw.pop(key, None)
    merged = SourceDoc(doc.path, raw, dict(doc.value_pos), dict(doc.key_pos))
    lines = _merge_lines(units, merged)
    economic = _merge_economic(units, merged)
    projects = _gather_projects(units, merged)
    books = [unit for _, unit in units]
    for key in ("三公经费", "机关运行经费", "政府采购", "绩效目标", "国有资产", "上年预算"):
        _point(merged, (key,), units, key)
    organisation = department.organisation
    if organisation is not None and not organisation.units:
        # each unit with the 性质 its own file states: the department's wording counts them
        organisation = organisation.model_copy(update={"units": [
            _build(OrgUnit, {"name": u.body.name, "nature": u.body.nature}) if u.body.nature
            else u.body.name for u in books]})
    book = department.model_copy(update={
        "lines": lines,
        "economic": economic,
        "projects": projects,
        "organisation": organisation,
        "code_names": {**{k: v for u in books for k, v in u.code_names.items()},
                       **department.code_names},
        "three_public": _three_public([u.three_public for u in books]),
        "running_cost": _sum_optional([u.running_cost for u in books]),
        "procurement": _sum_models(Procurement, [u.procurement for u in books]),
        "performance": _sum_models(Performance, [u.performance for u in books]),
        "assets": _assets([u.assets for u in books]),
        "prior": _prior([u.prior for u in books]),
    })
    return book, merged, findings


def _build(model: type[M], values: dict[str, Any]) -> M:
    """A schema object from already validated values (sums of validated amounts)."""
    return model.model_construct(**values)


def _point(merged: SourceDoc, target: PathKey, units: list[Unit], *source: str | int) -> None:
    """Point ``target`` (and everything below it) at the first unit that has ``source``."""
    for unit_doc, _ in units:
        if unit_doc.has(tuple(source)):
            _copy_positions(unit_doc, tuple(source), merged, target)
            return


def _copy_positions(unit_doc: SourceDoc, source: PathKey, merged: SourceDoc,
                    target: PathKey) -> None:
    """Make ``target`` in the merged document stand for ``source`` in a unit's file: its
    positions and its raw text (checks read how an amount was typed, e.g. in 万元)."""
    node: Any = unit_doc.data
    for part in source:
        node = child(node, part)
    container: Any = merged.data
    for part in target[:-1]:
        container = container.setdefault(part, []) if isinstance(container, dict) else container
    if isinstance(container, dict):
        container[target[-1]] = node
    elif isinstance(container, list) and isinstance(target[-1], int):
        container.extend([None] * (target[-1] + 1 - len(container)))
        container[target[-1]] = node
    n = len(source)
    for path, location in unit_doc.value_pos.items():
        if path[:n] == source:
            merged.value_pos[target + path[n:]] = location
    for path, location in unit_doc.key_pos.items():
        if path[:n] == source:
            merged.key_pos[target + path[n:]] = location


def _by_code(units: list[Unit], key: str, merged: SourceDoc) -> list[tuple[str, list[Any]]]:
    """The units' entries of list ``key`` grouped by code, in code order. Each merged entry
    stands, in the merged document, where the first unit's entry stood."""
    groups: dict[str, list[tuple[SourceDoc, int, Any]]] = {}
    for unit_doc, unit in units:
        entries: list[Any] = list(unit.lines if key == "支出明细" else unit.economic)
        for i, entry in enumerate(entries):
            groups.setdefault(entry.code, []).append((unit_doc, i, entry))
    out = []
    for index, code in enumerate(sorted(groups)):
        first_doc, first_index, _ = groups[code][0]
        _copy_positions(first_doc, (key, first_index), merged, (key, index))
        out.append((code, [entry for _, _, entry in groups[code]]))
    return out


def _merge_lines(units: list[Unit], merged: SourceDoc) -> list[Line]:
    out = []
    for code, lines in _by_code(units, "支出明细", merged):
        name = next((line.name for line in lines if line.name), None)
        if all(line.sources is None for line in lines):
            out.append(_build(Line, {
                "code": code, "name": name, "sources": None,
                **{kind: _sum_optional([getattr(line, kind) for line in lines]) for kind in KINDS}}))
            continue
        sources: dict[str, KindAmounts | None] = {}
        for source in SOURCES:
            entered = [_source_amounts(line, source) for line in lines]
            present = [amounts for amounts in entered if amounts is not None]
            sources[source] = _build(KindAmounts, {
                kind: sum((getattr(a, kind) for a in present), start=ZERO) for kind in KINDS
            }) if present else None
        out.append(_build(Line, {"code": code, "name": name, "personnel": None, "public": None,
                                 "project": None, "sources": _build(Sources, dict(sources))}))
    return out


def _source_amounts(line: Line, source: str) -> KindAmounts | None:
    if line.sources is not None:
        found: KindAmounts | None = getattr(line.sources, source)
        return found
    if source != "general":
        return None
    return _build(KindAmounts, {kind: getattr(line, kind) or ZERO for kind in KINDS})


def _merge_economic(units: list[Unit], merged: SourceDoc) -> list[EconLine]:
    return [
        _build(EconLine, {
            "code": code, "name": next((p.name for p in parts if p.name), None),
            "personnel": sum((p.personnel for p in parts), start=ZERO),
            "public": sum((p.public for p in parts), start=ZERO)})
        for code, parts in _by_code(units, "基本支出经济分类", merged)
    ]


def _gather_projects(units: list[Unit], merged: SourceDoc) -> list[Project]:
    out: list[Project] = []
    for unit_doc, unit in units:
        body = unit.body
        for i, project in enumerate(unit.projects):
            _copy_positions(unit_doc, ("项目", i), merged, ("项目", len(out)))
            if project.implementer is None:
                name = body.short_name or body.table_name or body.name
                project = project.model_copy(update={"implementer": name})
            out.append(project)
    return out


def _sum_optional(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, start=ZERO) if present else None


def _sum_models(model: type[T], items: list[Any]) -> T | None:
    """Field by field sum of the units' blocks (``None`` where no unit has the block)."""
    present = [item for item in items if item is not None]
    if not present:
        return None
    values: dict[str, Any] = {}
    for name in model.model_fields:  # type: ignore[attr-defined]
        field_values = [getattr(item, name) for item in present]
        numbers = [v for v in field_values if isinstance(v, int | Decimal) and not isinstance(v, bool)]
        if numbers and len(numbers) == len([v for v in field_values if v is not None]):
            values[name] = sum(numbers, start=ZERO if isinstance(numbers[0], Decimal) else 0)
        else:
            values[name] = next((v for v in field_values if v is not None), None)
    built: T = model.model_construct(**values)  # type: ignore[attr-defined]
    return built


def _three_public(items: list[ThreePublic | None]) -> ThreePublic | None:
    """The units' 三公经费 summed; their 公务接待费用途 texts, each once, joined in unit order
    (the narrative prints them after 主要用于, before the full stop)."""
    summed: ThreePublic | None = _sum_models(ThreePublic, items)
    if summed is None:
        return None
    uses = [use_text(item.reception_use) for item in items if item is not None]
    joined = "；".join(dict.fromkeys(use for use in uses if use)) or None
    return summed.model_copy(update={"reception_use": joined})


def _vehicles(items: list[Vehicles]) -> Vehicles:
    return Vehicles.model_construct(**{
        name: sum(getattr(v, name) for v in items) for name in Vehicles.model_fields})


def _assets(items: list[Assets | None]) -> Assets | None:
    present = [a for a in items if a is not None]
    if not present:
        return None
    return Assets.model_construct(
        as_of=max(a.as_of for a in present),
        vehicles=_vehicles([a.vehicles for a in present]),
        equipment=sum(a.equipment for a in present),
        planned_vehicles=_vehicles([a.planned_vehicles for a in present]),
        planned_equipment=sum(a.planned_equipment for a in present),
    )


def _prior(items: list[Prior | None]) -> Prior | None:
    present = [p for p in items if p is not None]
    if not present:
        return None
    total: Callable[[str], Decimal] = lambda name: sum(  # noqa: E731
        (getattr(p, name) for p in present), start=ZERO)
    return _build(Prior, {
        **{name: total(name) for name in SOURCES},
        "three_public": _sum_models(ThreePublic, [p.three_public for p in present]),
        "running_cost": _sum_optional([p.running_cost for p in present]),
        # by kind only when every unit gives it: a part of the units' figure would mislead
        **{name: (sum((getattr(p, name) for p in present), start=ZERO)
                  if len(present) == len(items) and all(getattr(p, name) is not None
                                                         for p in present) else None)
           for name in PRIOR_KINDS.values()},
    })
