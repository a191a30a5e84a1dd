"""Identities the derived tables must satisfy. A violation means a bug in the derivation
(or, with ``--force``, data that failed validation)."""

from __future__ import annotations

from decimal import Decimal

from generator.publication.model import Publication, Table


def figures(table: Table) -> dict[str, Decimal]:
    """Every amount of ``table`` by its fact id."""
    return {
        cell.fact: cell.amount
        for row in table.rows
        for cell in row.cells
        if cell.fact is not None and cell.amount is not None
    }


def violations(pub: Publication, tolerance: Decimal = Decimal(0)) -> list[str]:
    """Each identity that does not hold, worded for a developer. ``tolerance``: the gap a book
    entered from its printed rows may show between printed figures (half a unit per row)."""
    if "表1" not in pub.tables:
        return []
    t = {key: figures(pub.tables[key]) for key in
         ("表1", "表2", "表3", "表4", "表5", "表8", "表9")}
    checks = [
        ("表1 收入总计 = 支出总计", t["表1"]["表1/收入总计"], t["表1"]["表1/支出总计/合计"]),
        ("表4 收入总计 = 支出总计", t["表4"]["表4/收入总计"], t["表4"]["表4/支出总计/合计"]),
        ("表2 合计 = 表3 合计", t["表2"]["表2/合计/合计"], t["表3"]["表3/合计/合计"]),
        ("表4 合计 = 表2 财政拨款收入", t["表4"]["表4/支出总计/合计"],
         t["表2"]["表2/合计/财政拨款收入"]),
        ("表1 收入总计 = 表2 合计", t["表1"]["表1/收入总计"], t["表2"]["表2/合计/合计"]),
        ("表5 合计 = 表4 一般公共预算", t["表5"]["表5/合计/合计"],
         t["表4"]["表4/支出总计/一般公共预算"]),
        ("表5 基本支出 = 表8 合计", t["表5"]["表5/合计/基本支出"], t["表8"]["表8/合计/合计"]),
        ("表9 三公合计 = 因公出国 + 公务接待 + 公务用车", t["表9"]["表9/三公/合计"],
         t["表9"]["表9/三公/因公出国境费"] + t["表9"]["表9/三公/公务接待费"]
         + t["表9"]["表9/三公/公务用车/小计"]),
        ("表9 公务用车小计 = 购置费 + 运行费", t["表9"]["表9/三公/公务用车/小计"],
         t["表9"]["表9/三公/公务用车/购置费"] + t["表9"]["表9/三公/公务用车/运行费"]),
    ]
    t3 = t["表3"]
    checks.append(("表3 合计 = 基本支出 + 项目支出", t3["表3/合计/合计"],
                   t3["表3/合计/基本支出"] + t3["表3/合计/项目支出"]))
    if "表1/支出总计/人员经费" in t["表1"]:
        t1 = t["表1"]
        checks.append(("表3 基本支出 = 表1 人员经费 + 公用经费", t3["表3/合计/基本支出"],
                       t1["表1/支出总计/人员经费"] + t1["表1/支出总计/公用经费"]))
    return [f"{name}：{left} ≠ {right}" for name, left, right in checks
            if abs(left - right) > tolerance]
