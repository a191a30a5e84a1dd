"""Figures placed by the book's own arithmetic, where text without positions dropped the blank
cells between them (``210 15 01 行政运行 1,234 1,200 34`` could fill any three columns).

Each such row gets the placements its own sums allow (合计 = 基本支出 + 项目支出; 合计 = the
sources; 小计 = 购置费 + 运行费). The table's tree then decides: a 类 is the sum of its 款, a 款
of its 项, the 合计 row of the 类 (or of the categories, in 表1/表4); the 合计 row itself takes
the split another table gives (表1's 支出总计 for 表3 and 表8, 表3 for 表5, 表1's income for 表2).
Where nothing decides, the earlier columns are taken (合计 = 基本支出, 财政拨款, 人员经费).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from decimal import Decimal

from generator.source.importers.book.tables import Row, Table

ZERO = Decimal(0)
Vector = dict[str, Decimal]

# Sums each kind of table keeps: total label, then the labels that add up to it.
EQUATIONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "coded2": (("合计", ("财政拨款收入", "事业收入", "事业单位经营收入", "其他收入")),),
    "coded3": (("合计", ("基本支出", "项目支出")),),
    "coded8": (("合计", ("人员经费", "公用经费")),),
    "表1": (("合计", ("人员经费", "公用经费", "项目支出")),),
    "表4": (("合计", ("一般公共预算", "政府性基金预算", "国有资本经营预算")),),
    "表9": (("合计", ("因公出国(境)费", "公务接待费", "小计")), ("小计", ("购置费", "运行费"))),
}
_LIMIT = 5000  # sibling placements tried before falling back to the first of each


def candidates(loose: list[Decimal], labels: list[str], kind: str,
               slack: Decimal = Decimal(2)) -> list[Vector]:
    """Every order-keeping placement of ``loose`` in ``labels`` that keeps the row's sums
    (within ``slack`` of rounding per sum; the exact ones first)."""
    equations = [(total, [p for p in parts if p in labels])
                 for total, parts in EQUATIONS.get(kind, ()) if total in labels]
    loose = loose[-len(labels):] if labels else []  # more figures than columns: the last ones
    scored: list[tuple[Decimal, Vector]] = []
    for places in itertools.combinations(range(len(labels)), len(loose)):
        vector = {labels[p]: value for p, value in zip(places, loose, strict=True)}
        error = ZERO
        for total, parts in equations:
            if not parts:
                continue
            error += abs(vector.get(total, ZERO) - sum((vector.get(p, ZERO) for p in parts), ZERO))
        if error <= slack * max(1, len(equations)):
            scored.append((error, vector))
    scored.sort(key=lambda item: item[0])  # stable: earlier columns first among equals
    return [vector for _, vector in scored] or [dict(zip(labels, loose, strict=False))]


def keeps(vector: Vector, labels: list[str], kind: str, slack: Decimal) -> bool:
    """Whether ``vector`` keeps every sum of its kind of table (a blank counts as zero)."""
    for total, parts in EQUATIONS.get(kind, ()):
        inside = [p for p in parts if p in labels]
        if total in labels and inside and abs(vector.get(total, ZERO) - sum(
                (vector.get(p, ZERO) for p in inside), ZERO)) > slack:
            return False
    return True


def _sum(vectors: Iterable[Vector], labels: list[str]) -> Vector:
    return {label: sum((v.get(label, ZERO) for v in vectors), ZERO) for label in labels}


def _agrees(a: Vector, b: Vector, labels: list[str], slack: Decimal) -> bool:
    return all(abs(a.get(label, ZERO) - b.get(label, ZERO)) <= slack for label in labels)


def _matches(a: Vector, hint: Vector, slack: Decimal) -> int:
    """How many of the hint's figures ``a`` repeats (a blank counts as zero)."""
    return sum(abs(a.get(label, ZERO) - value) <= slack for label, value in hint.items())


def settle(table: Table, kind: str, parent_of: dict[str, str | None],
           hint: Vector | None = None, caps: dict[str, Vector] | None = None,
           row_hints: dict[str, Vector] | None = None) -> None:
    """Place the loose figures of ``table``'s rows. ``parent_of`` maps a row's key to the key of
    the row it adds up into (None: into the table's total row, ``root``). ``caps`` bounds a
    row's columns where another table leaves only so much (表6's 基本支出 of a line is at most
    表3's less 表5's)."""
    loose = [row for row in table.rows if row.loose is not None]
    if not loose:
        return
    labels = table.labels
    # whole-yuan printing leaves sums 1–2 元 out; 万元 figures to the cent
    slack = Decimal(2) if table.unit == "元" else Decimal("0.01")
    options: dict[int, list[Vector]] = {}
    for row in table.rows:
        if row.loose is not None:
            options[id(row)] = candidates(row.loose, labels, kind, slack)
            cap = (caps or {}).get(row.key)
            if cap is not None:
                within = [o for o in options[id(row)]
                          if all(o.get(label, ZERO) <= most + slack for label, most in cap.items())]
                options[id(row)] = within or options[id(row)]
            known = (row_hints or {}).get(row.key)
            if known:  # what other tables give the row: the placements repeating most first
                options[id(row)].sort(key=lambda o: -_matches(o, known, slack))
        else:
            options[id(row)] = [dict(row.amounts)]
    children: dict[str | None, list[Row]] = {}
    root = next((r for r in table.rows if r.key in ("合计", "支出总计")),
                table.rows[0] if kind == "表9" else None)
    for row in table.rows:
        if row is not root:
            children.setdefault(parent_of.get(row.key), []).append(row)
    chosen: dict[int, Vector] = {}
    if root is not None:
        choices = options[id(root)]
        chosen[id(root)] = (max(choices, key=lambda c: _matches(c, hint, slack)) if hint
                            else choices[0])

    def descend(key: str | None, vector: Vector | None) -> None:
        kids = children.get(key, [])
        if not kids:
            return
        pick: tuple[Vector, ...] | None = None
        if vector is not None:
            # a line has no figure in a column its parent leaves blank
            fits = [[o for o in options[id(k)] if all(vector.get(lab) for lab, v in o.items() if v)]
                    or options[id(k)] for k in kids]
            combos = itertools.product(*fits)
            for combo in itertools.islice(combos, _LIMIT):
                if _agrees(_sum(combo, labels), vector, labels, slack):
                    pick = combo
                    break
        if pick is None:
            pick = tuple(fit[0] for fit in fits) if vector is not None else tuple(
                options[id(k)][0] for k in kids)
        for kid, value in zip(kids, pick, strict=True):
            chosen[id(kid)] = value
            descend(kid.key, value)

    descend(None, chosen.get(id(root)) if root is not None else None)
    for row in table.rows:
        if row.loose is not None:
            row.amounts.update(chosen.get(id(row), options[id(row)][0]))
            row.loose = None


def _left_over(tables: dict[str, Table], funds: tuple[str, ...]) -> dict[str, Vector] | None:
    """What 表3 (every source) leaves a line's 基本支出 and 项目支出 beyond the funds' tables
    already placed: the most a later fund's table can show there."""
    t3 = tables.get("表3")
    if t3 is None:
        return None
    out: dict[str, Vector] = {}
    for row in t3.rows:
        if row.loose is not None:
            continue
        left = {label: row.amounts.get(label, ZERO) for label in ("基本支出", "项目支出")}
        for fund in funds:
            placed = tables[fund].row(row.key) if fund in tables else None
            for label in left:
                left[label] -= placed.amounts.get(label, ZERO) if placed is not None else ZERO
        out[row.key] = {label: max(value, ZERO) for label, value in left.items()}
    return out


def code_parent(key: str) -> str | None:
    """The row a coded row adds up into: 21011 → 210, 2101101 → 21011, 210 → the total."""
    return key[:-2] if len(key) in (5, 7) else None


def _total(table: Table | None, key: str) -> Vector | None:
    row = table.row(key) if table else None
    return dict(row.amounts) if row is not None and row.loose is None else None


def _income_hint(t1: Table | None) -> Vector | None:
    """表2's 合计 row as 表1's income side gives it (财政拨款 etc. by source)."""
    if t1 is None:
        return None
    out: Vector = {}
    names = {"财政拨款收入": "财政拨款", "事业收入": "事业收入", "事业单位经营收入": "经营收入",
             "其他收入": "其他收入"}
    for row in t1.rows:
        for key, value in row.amounts.items():
            if not key.startswith("收入:"):
                continue
            label = next((lab for lab, word in names.items() if word in key and
                          not (lab == "事业收入" and "经营" in key)), None)
            if label and label not in out:
                out[label] = value
    if out:
        out["合计"] = sum(out.values(), ZERO)
    return out or None


def settle_book(tables: dict[str, Table], kinds: dict[str, str]) -> None:
    """Place every table's loose figures, the tables that give others their totals first."""
    t1 = tables.get("表1")
    if t1 is not None:
        settle(t1, "表1", {})
    spent = _total(t1, "支出总计")
    hints: dict[str, Vector | None] = {
        "表2": _income_hint(t1),
        "表3": ({"合计": spent.get("合计", ZERO),
                 "基本支出": spent.get("人员经费", ZERO) + spent.get("公用经费", ZERO),
                 "项目支出": spent.get("项目支出", ZERO)} if spent else None),
        "表8": spent,
    }
    for table_id in ("表2", "表3", "表5", "表6", "表7", "表8"):
        table = tables.get(table_id)
        if table is None:
            continue
        hint = hints.get(table_id)
        if table_id == "表5":
            hint = _total(tables.get("表3"), "合计")
        caps = _left_over(tables, ("表5", "表6")[:("表6", "表7").index(table_id) + 1]) \
            if table_id in ("表6", "表7") else None
        settle(table, kinds[table_id], {r.key: code_parent(r.key) for r in table.rows}, hint,
               caps)
    if "表4" in tables:  # its categories by fund: the 类 of 表5, 表6 and 表7
        settle(tables["表4"], "表4", {}, row_hints=_fund_hints(tables))
    if "表9" in tables:
        settle(tables["表9"], "表9", {}, _three_public_hint(tables.get("表8"), tables["表9"]))


_FUNDS = (("表5", "一般公共预算"), ("表6", "政府性基金预算"), ("表7", "国有资本经营预算"))


def _fund_hints(tables: dict[str, Table]) -> dict[str, Vector]:
    """Each 表4 spending line by fund as the fund tables print it: a category (by its 类's
    name) and 支出总计 (their 合计 rows)."""
    out: dict[str, Vector] = {}
    for table_id, label in _FUNDS:
        table = tables.get(table_id)
        for row in table.rows if table is not None else []:
            if row.loose is not None:
                continue
            key = "支出总计" if row.key == "合计" else row.name if len(row.key) == 3 else ""
            if key and "合计" in row.amounts:
                out.setdefault(key, {})[label] = row.amounts["合计"]
    for vector in out.values():
        vector["合计"] = sum(vector.values(), ZERO)
    return out


# 表8's economic lines that 表9's columns repeat (the 三公 spent from basic funds)
_THREE_PUBLIC = {"因公出国(境)费": "30212", "公务接待费": "30217", "运行费": "30231"}


def _three_public_hint(t8: Table | None, t9: Table) -> Vector | None:
    if t8 is None:
        return None
    wan = t9.unit == "万元" and t8.unit != "万元"  # (a 万元 book prints 表8 in 万元 too)
    out: Vector = {}
    for label, code in _THREE_PUBLIC.items():
        row = t8.row(code)
        value = row.amounts.get("合计", ZERO) if row else ZERO
        if value:
            out[label] = (value / 10000).quantize(Decimal("0.01"), "ROUND_HALF_UP") if wan else value
    return out or None
