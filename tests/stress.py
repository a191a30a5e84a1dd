"""Stress books: data files nobody has seen, for the print-quality checks (overflow, page breaks).

:func:`stress_book` writes a valid data file with, at will: totals of ``digits`` integer digits
(ten figures and beyond; up to 13, the most a figure may have), whole-yuan or 分 amounts, 科目
and project names of 40+ characters, 60+ expenditure lines over every funding source, and 20
projects each with a 绩效目标申报表. The words are borrowed from the 001 example; the figures are
made up, deterministic (seeded) and consistent, so the book validates.

    python3 scripts/make_stress_books.py OUT_DIR      # writes the standard set
"""

from __future__ import annotations

import copy
import csv
import os
import random
import tempfile
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "data" / "yangpu-yibao-2024.yaml"
CATALOG = ROOT / "data" / "catalogs" / "function-2024.csv"

LONG_NAME = "关于推进区域医疗保障高质量发展暨长期护理保险制度试点扩面提质增效的综合性专项经费（第{n}期）"
LONG_LINE = "其他医疗保障管理事务支出（含长期护理保险试点、医疗救助一站式结算及信息系统运行维护）"

#: The standard set: name → options of :func:`stress_book`.
STANDARD: dict[str, dict[str, Any]] = {
    "stress-ten-figures": {"digits": 10, "decimals": 2},
    "stress-whole-yuan": {"digits": 10, "decimals": 0, "projects": 4},
    "stress-thirteen-digits": {"digits": 13, "decimals": 2, "lines": 12, "projects": 3},
    "stress-small": {"digits": 4, "decimals": 2, "lines": 3, "projects": 1},
}


def _money(value: Decimal, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _codes(count: int) -> list[str]:
    """``count`` 项-level function codes spread over the catalog (every category, some gaps)."""
    with CATALOG.open(encoding="utf-8") as f:
        codes = [row["code"] for row in csv.DictReader(f) if len(row["code"]) == 7]
    step = max(1, len(codes) // count)
    return codes[::step][:count]


def stress_book(path: Path, *, digits: int = 10, decimals: int = 2, lines: int = 64,
                projects: int = 20, seed: int = 9) -> Path:
    """Write a stress data file at ``path`` and return it.

    The 合计 of 表1 has ``digits`` integer digits; amounts carry ``decimals`` decimals."""
    rng = random.Random(seed)
    book = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    quantum = Decimal(1).scaleb(-decimals)
    total_target = Decimal(10) ** (digits - 1) * Decimal("9.87654321")

    def amount(share: float) -> Decimal:
        value = (total_target * Decimal(str(share))).quantize(quantum)
        return max(value, quantum)

    book["选项"] = {"总表支出类别": "全部", "总表支出分列": True, "金额小数位": decimals,
                  "支出说明层级": "项"}
    codes = _codes(lines)
    share = 1.0 / (len(codes) * 1.6)
    expenditure: list[dict[str, Any]] = []
    personnel = public = project_total = Decimal(0)
    project_lines: list[Decimal] = []
    for i, code in enumerate(codes):
        weight = share * (0.4 + rng.random())
        p, q, r = amount(weight * 0.5), amount(weight * 0.2), amount(weight * 0.9)
        line: dict[str, Any] = {"科目": code}
        if i % 5 == 0:
            line["资金来源"] = {
                "一般公共预算": {"人员经费": _money(p, decimals), "公用经费": _money(q, decimals),
                           "项目支出": _money(r, decimals)},
                "事业收入": {"项目支出": _money(amount(weight * 0.3), decimals)},
                "其他收入": {"项目支出": _money(amount(weight * 0.1), decimals)},
                "事业单位经营收入": {"项目支出": _money(amount(weight * 0.05), decimals)},
            }
        else:
            line.update({"人员经费": _money(p, decimals), "公用经费": _money(q, decimals),
                         "项目支出": _money(r, decimals)})
        if i % 7 == 3:
            line["名称"] = LONG_LINE
        personnel += p
        public += q
        project_total += r
        project_lines.append(r)
        expenditure.append(line)
    book["支出明细"] = expenditure
    half = (personnel / 2).quantize(quantum)
    reception = amount(0.0001)
    book["基本支出经济分类"] = [
        {"科目": "30101", "人员经费": _money(half, decimals)},
        {"科目": "30102", "人员经费": _money(personnel - half, decimals)},
        {"科目": "30201", "公用经费": _money(public - reception, decimals)},
        {"科目": "30217", "公用经费": _money(reception, decimals)},
    ]
    book["预算编制说明"]["科目说明"] = {code: "开展本单位职能范围内各项业务工作所需的经常性支出和专项支出"
                                for code in codes}
    book["机关运行经费"] = _money(public, decimals)
    book["上年预算"] = {"一般公共预算": _money(amount(0.5), decimals),
                    "三公经费": {"公务接待费": _money(reception, decimals)}}
    book["三公经费"] = {"公务接待费": _money(reception, decimals)}
    book["政府采购"] = {"货物": _money(amount(0.01), decimals)}
    template = next(p for p in book["项目"] if "绩效目标申报表" in p)
    listed: list[dict[str, Any]] = []
    listed_total = Decimal(0)
    for n in range(min(projects, len(project_lines))):
        item = copy.deepcopy(template)
        per_project = project_lines[n]
        listed_total += per_project
        item["名称"] = LONG_NAME.format(n=n + 1)
        item["金额"] = _money(per_project, decimals)
        item["科目"] = codes[n]
        item.pop("年度预算安排", None)
        funds = item["绩效目标申报表"]["项目资金"]
        for key in funds:
            funds[key] = _money(per_project, decimals)
        listed.append(item)
    book["项目"] = listed
    book["绩效目标"] = {"项目数": len(listed), "金额": _money(listed_total, decimals)}
    path.write_text(yaml.safe_dump(book, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")
    return path


@cache
def stress_file(name: str) -> Path:
    """The standard stress book ``name`` written once per test process (in the temp folder)."""
    folder = Path(tempfile.gettempdir()) / f"budgetgen-stress-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    return stress_book(folder / f"{name}.yaml", **STANDARD[name])
