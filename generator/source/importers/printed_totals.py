"""Totals printed from rounded figures, kept as printed (the data file's 「印刷合计」).

A book printed in whole yuan or in 万元 shows each line rounded, and each 合计/类/款 row rounded
from the exact sum, so a printed total can differ from the sum of its printed lines by up to
half a unit per line. When a book is read back from its printed figures, such a total is not a
mistake: it is stated in 印刷合计, and the book rebuilt from the data prints it as it was.
A difference larger than the rounding can explain stays a finding (``import.table-mismatch``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.publication.ledger import BASIC, FISCAL, KINDS, SOURCES, quantity_name
from generator.source.importers.book import structure
from generator.source.importers.book.tables import Table

HALF = Decimal("0.5")
WAN = Decimal(10000)
_ALL = tuple(SOURCES)
_EVERY = tuple(KINDS)


def _spending(sources: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    return {"合计": (sources, _EVERY), "基本支出": (sources, BASIC),
            "项目支出": (sources, ("project",))}


# Each table's printed columns as the (sources, kinds) they sum.
COLUMNS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "表1": {**_spending(_ALL), "人员经费": (_ALL, ("personnel",)),
           "公用经费": (_ALL, ("public",))},
    "表2": {"合计": (_ALL, _EVERY), "财政拨款收入": (FISCAL, _EVERY),
           "事业收入": (("business",), _EVERY), "事业单位经营收入": (("operating",), _EVERY),
           "其他收入": (("other",), _EVERY)},
    "表3": _spending(_ALL),
    "表4": {"合计": (FISCAL, _EVERY), "一般公共预算": (("general",), _EVERY),
           "政府性基金预算": (("fund",), _EVERY), "国有资本经营预算": (("soe",), _EVERY)},
    "表5": _spending(("general",)),
    "表6": _spending(("fund",)),
    "表7": _spending(("soe",)),
    "表8": {"合计": (("general",), BASIC), "人员经费": (("general",), ("personnel",)),
           "公用经费": (("general",), ("public",))},
}


def to_yuan(printed: dict[str, Table], parts: structure.Parts) -> set[str]:
    """Every table in 元 except 表9, which the assembler reads in 万元 as the book prints it;
    returns the tables that were printed in 万元. Every way in (workbook, PDF, text) reads a
    万元 book through this."""
    scaled = set()
    for table_id, table in printed.items():
        if table_id == "表9":
            stated = any(re.search(r"(?<!编制)单位[:：]", structure.squeeze(b.text))
                         for b in parts.tables.get(table_id, []))
            factor = Decimal(1) / WAN if table.unit == "元" and stated else Decimal(1)
        else:
            factor = WAN if table.unit == "万元" else Decimal(1)
        if factor == 1:
            continue
        for row in table.rows:
            row.amounts = {k: v * factor for k, v in row.amounts.items()}
        if table_id != "表9":
            table.unit = "元"
            scaled.add(table_id)
    return scaled


def stated(data: dict[str, Any], printed: dict[str, Table], in_wan: set[str]
           ) -> dict[str, Any]:
    """What a book read from its printed figures adds to its data file: 「印刷合计」 where its
    totals were printed from rounded figures (whole yuan, or the tables ``in_wan``), and
    「选项.印刷单位: 万元」 for a 万元 book (its lines are exact to 100 元 only). Empty when every
    total is the sum of its lines, or the file states 印刷合计 itself."""
    steps = {t: WAN if t in in_wan else Decimal(1) if table.decimals == {0} else Decimal(0)
             for t, table in printed.items()}
    totals = find(data, printed, steps)
    if not totals or "印刷合计" in data:
        return {}
    out: dict[str, Any] = {"印刷合计": totals}
    if in_wan:  # rows exact to 100 元: the checks allow 50 元 of rounding a row
        out["选项"] = {**data.get("选项", {}), "印刷单位": "万元"}
    return out


def find(data: dict[str, Any], printed: dict[str, Table], unit: dict[str, Decimal]
         ) -> dict[str, dict[str, Decimal]]:
    """印刷合计 for ``data``: each printed sum that differs from the exact sum of the lines read
    by no more than their rounding. ``unit`` is each table's printing unit in 元 (1 for whole
    yuan, 10000 for 万元); tables printed with cents are left alone."""
    from generator.publication.derive import derive
    from generator.source.emit import dump_yaml
    from generator.source.importers.book.reconcile import _derived_rows
    from generator.source.loader import loads
    from generator.source.validate import schema_findings

    if not any(unit.values()):
        return {}
    book, _ = schema_findings(loads(dump_yaml(data), str(Path("import.yaml"))))
    if book is None:
        return {}
    try:
        pub = derive(book, check=False)
    except Exception:  # noqa: BLE001 - the check that follows reports a book that cannot derive
        return {}
    names = {r.name: r.key for t in printed.values() for r in t.rows if len(r.key) == 3}
    out: dict[str, dict[str, Decimal]] = {}
    for table_id, table in sorted(printed.items()):
        columns = COLUMNS.get(table_id)
        step = unit.get(table_id)
        if not columns or not step or table_id not in pub.tables:
            continue
        derived = _derived_rows(pub.tables[table_id])
        entered = 5 if table_id == "表8" else 7
        lines = [r.key for r in table.rows if len(r.key) == entered and r.key.isdigit()]
        for row in table.rows:
            key = _row_key(table_id, row.key, names)
            if key is None or (key != "合计" and len(key) >= entered):
                continue
            count = sum(1 for line in lines if key == "合计" or line.startswith(key))
            if table_id in ("表1", "表4"):
                count = max(count, len(lines))  # the 类 of 表1 are sums of 表2's lines
            tolerance = step * HALF * max(count, 1)
            want = derived.get("支出总计" if key == "合计" and table_id in ("表1", "表4")
                               else key, {})
            for label, shown in row.amounts.items():
                if label not in columns or label not in want:
                    continue
                exact = want[label] or Decimal(0)
                if shown != exact and abs(shown - exact) <= tolerance:
                    out.setdefault(key, {}).setdefault(quantity_name(*columns[label]), shown)
    return out


def _row_key(table_id: str, key: str, names: dict[str, str]) -> str | None:
    """The 印刷合计 key of a printed row: 合计, or a 类/款 code (表1/表4 name their 类)."""
    if key in ("合计", "支出总计"):
        return "合计"
    if table_id in ("表1", "表4"):
        return names.get(key.split("、", 1)[-1]) if not key.startswith("收入") else None
    return key if key.isdigit() else None
