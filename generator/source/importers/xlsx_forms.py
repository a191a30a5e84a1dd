"""A 绩效目标申报表 sheet read back into the 绩效目标申报表 of its project.

The grid is the one :mod:`generator.publication.forms` lays out. A value the form prints by
default (the project's name, dates and amount, the body as 主管部门) is written back only
where it differs from that default, so the data file stays as short as a typed one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from openpyxl.worksheet.worksheet import Worksheet

from generator.findings import Severity
from generator.publication.text import label
from generator.source.types import parse_date

if TYPE_CHECKING:
    from generator.source.importers.xlsx import Reader

# Rows below 「项目名称」: (row offset, column) of each value.
FUND_CELLS = (("项目资金总额", 3, 3), ("财政资金", 4, 3), ("其他资金", 6, 3),
              ("年度资金申请总额", 3, 5), ("当年财政拨款", 4, 5), ("上年结转资金", 5, 5),
              ("年度其他资金", 6, 5))


def _text(ws: Worksheet, row: int, column: int) -> str:
    value = ws.cell(row, column).value
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):
        return str(value.date().isoformat())
    return str(value).strip()


NUMBERINGS = ("（1）", "（一）", "1、", "1.", "一、", "a.")


def _list_at(parts: list[str], start: int) -> tuple[str, list[str]] | None:
    """A numbered list (two items or more) starting at ``parts[start]``: its numbering and
    items, such that label + item gives back each line exactly."""
    for numbering in NUMBERINGS:
        items: list[str] = []
        for line in parts[start:]:
            prefix = label(numbering, len(items) + 1)
            item = line[len(prefix):]
            if not line.startswith(prefix) or not item or item != item.strip():
                break
            items.append(item)
        if len(items) >= 2:
            return numbering, items
    return None


def _long_text(value: str) -> str | list[Any] | None:
    """A cell's text as a data-file text: one paragraph per line, numbered lines as a list."""
    parts = [line.strip() for line in value.split("\n") if line.strip()]
    if not parts:
        return None
    out: list[Any] = []
    i = 0
    while i < len(parts):
        found = _list_at(parts, i)
        if found is None:
            out.append(parts[i])
            i += 1
            continue
        numbering, items = found
        out.append({"列表": items, "编号": numbering})
        i += len(items)
    return out[0] if len(out) == 1 and isinstance(out[0], str) else out


def _same_date(text: str, default: Any) -> bool:
    if not text or default is None:
        return not text and default is None
    try:
        return parse_date(text) == parse_date(str(default))
    except Exception:  # noqa: BLE001 - an unreadable date is simply not the default
        return False


def _indicators(ws: Worksheet, first: int) -> dict[str, dict[str, list[dict[str, str]]]]:
    tree: dict[str, dict[str, list[dict[str, str]]]] = {}
    level1 = level2 = ""
    for row in range(first, ws.max_row + 1):
        level1 = _text(ws, row, 2) or level1
        level2 = _text(ws, row, 3) or level2
        name, value = _text(ws, row, 4), _text(ws, row, 6)
        if not name and not value:
            continue
        tree.setdefault(level1, {}).setdefault(level2, []).append({"名称": name, "指标值": value})
    return tree


def read_form(reader: Reader, ws: Worksheet, index: int, values: dict[str, Any],
              projects: list[Any] | None) -> list[Any] | None:
    """Read sheet 申报表``index`` into project ``index`` (1-based) of ``projects``."""
    top = next((r for r in range(1, min(ws.max_row, 20) + 1)
                if ws.cell(r, 1).value == "项目名称"), None)
    if top is None:
        reader.report("xlsx.form", ws.title, 1, 1, "找不到「项目名称」一行，未读取此申报表",
                      Severity.WARNING)
        return projects
    name = _text(ws, top, 2)
    projects = list(projects or [])
    if index > len(projects) or not isinstance(projects[index - 1], dict):
        reader.report("xlsx.form", ws.title, top, 2,
                      f"数据表中没有 项目[{index}]，已按申报表新建项目「{name}」；请在数据表中补全",
                      Severity.WARNING)
        while len(projects) < index:
            projects.append({"名称": name})
    project: dict[str, Any] = projects[index - 1]
    body: dict[str, Any] = values["单位"] if isinstance(values.get("单位"), dict) else {}
    period: dict[str, Any] = (project["实施周期"] if isinstance(project.get("实施周期"), dict)
                              else {})
    implementer = project.get("实施主体")
    defaults = {
        "项目名称": project.get("名称"),
        "主管部门": body.get("主管部门") or body.get("名称"),
        "实施单位": implementer if isinstance(implementer, str) else (
            body.get("表内名称") or body.get("名称")),
    }
    form: dict[str, Any] = {}
    cells = {"项目名称": (top, 2), "项目性质": (top, 4), "项目类别": (top, 6),
             "主管部门": (top + 1, 2), "实施单位": (top + 1, 4)}
    for key, (row, column) in cells.items():
        text = _text(ws, row, column)
        if text and text != defaults.get(key):
            form[key] = text
    for key, column, default in (("计划开始日期", 2, period.get("开始")),
                                 ("计划完成日期", 4, period.get("结束"))):
        text = _text(ws, top + 2, column)
        if text and not _same_date(text, default):
            form[key] = text
    funds = {key: reader.money(ws, top + offset, column) for key, offset, column in FUND_CELLS}
    form_funds = _funds(funds, project.get("金额"))
    if form_funds:
        form["项目资金"] = form_funds
    for key, column in (("项目总目标", 2), ("年度总体目标", 4)):
        goal = _long_text(_text(ws, top + 8, column))
        if goal is not None:
            form[key] = goal
    form["绩效指标"] = _indicators(ws, top + 10)
    project["绩效目标申报表"] = form
    return projects


def _funds(found: dict[str, Decimal | None], amount: Any) -> dict[str, Decimal]:
    """The stated parts of 项目资金; totals only where no part is given (they are derived)."""
    out = {key: value for key, value in found.items() if value is not None}
    if "财政资金" in out or "其他资金" in out:
        out.pop("项目资金总额", None)
    try:
        project_amount = Decimal(str(amount)) if amount is not None else None
    except ArithmeticError:
        project_amount = None
    if project_amount is not None and out.get("当年财政拨款") == project_amount:
        del out["当年财政拨款"]
    annual_parts = ("当年财政拨款", "上年结转资金", "年度其他资金")
    if project_amount is not None or any(key in out for key in annual_parts):
        out.pop("年度资金申请总额", None)
    order = ("项目资金总额", "财政资金", "其他资金", "年度资金申请总额", "当年财政拨款",
             "上年结转资金", "年度其他资金")
    return {key: out[key] for key in order if key in out}
