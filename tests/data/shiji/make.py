"""Writes the 市级 test book twice: ``exact.yaml`` (data kept to the fen, as the bureau's system
holds it, printed in whole 元) and ``printed.yaml`` (the same book typed from its printed pages:
every row in whole 元, plus 「印刷合计」 for each summed figure whose printed value differs from
the sum of its printed rows). Both must print the same book; tests/test_shapes.py checks it.

The bureau is modelled on a Shanghai 市级 department (上海市医疗保障局); the figures and units
are invented. Run from the repository root: ``python3 tests/data/shiji/make.py``.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ONE = Decimal(1)

# 科目, {source: {kind: 元 (integer part)}}; fen parts are drawn below.
LINES: list[tuple[str, dict[str, dict[str, int]]]] = [
    ("2080501", {"一般公共预算": {"基本支出": 3215408}}),
    ("2080502", {"一般公共预算": {"基本支出": 5104322}}),
    ("2080505", {"一般公共预算": {"基本支出": 8912044}}),
    ("2080506", {"一般公共预算": {"基本支出": 4456022}}),
    ("2080599", {"一般公共预算": {"基本支出": 120000}}),
    ("2101101", {"一般公共预算": {"基本支出": 2874116}}),
    ("2101102", {"一般公共预算": {"基本支出": 3508229}}),
    ("2101103", {"一般公共预算": {"基本支出": 612403}}),
    ("2101201", {"一般公共预算": {"项目支出": 1250000000}}),
    ("2101202", {"一般公共预算": {"项目支出": 6843215700}}),
    ("2101299", {"一般公共预算": {"项目支出": 35000000}}),
    ("2101301", {"一般公共预算": {"项目支出": 412350000}}),
    ("2101302", {"一般公共预算": {"项目支出": 18000000}}),
    ("2101501", {"一般公共预算": {"基本支出": 58743215}}),
    ("2101502", {"一般公共预算": {"项目支出": 12480300}}),
    ("2101503", {"一般公共预算": {"基本支出": 4213507}}),
    ("2101504", {"一般公共预算": {"项目支出": 86205400}, "其他收入": {"项目支出": 1200000}}),
    ("2101505", {"一般公共预算": {"项目支出": 7350000}}),
    ("2101506", {"一般公共预算": {"项目支出": 45620000}, "事业收入": {"项目支出": 3480000}}),
    ("2101550", {"一般公共预算": {"基本支出": 96418736}, "事业收入": {"基本支出": 2316480}}),
    ("2101599", {"一般公共预算": {"项目支出": 5100000}}),
    ("2109999", {"一般公共预算": {"项目支出": 2000000}}),
    ("2210201", {"一般公共预算": {"基本支出": 9874311}}),
    ("2210202", {"一般公共预算": {"基本支出": 2415206}}),
    ("2210203", {"一般公共预算": {"基本支出": 1618904}}),
]

# 表8: personnel and public shares of 一般公共预算 基本支出 (fixed amounts keep 三公 lines whole).
PERSONNEL = ["30101", "30102", "30103", "30107", "30108", "30109", "30110", "30111", "30112",
             "30113", "30199", "30302", "30305"]
PUBLIC = ["30201", "30205", "30206", "30207", "30209", "30211", "30213", "30215", "30216",
          "30226", "30227", "30228", "30229", "30299"]
FIXED_PUBLIC = {"30212": Decimal(150000), "30217": Decimal(85000), "30231": Decimal(312000)}


def rounded(value: Decimal) -> Decimal:
    return value.quantize(ONE, rounding=ROUND_HALF_UP)


def draw(seed: int) -> tuple[list[tuple[str, dict[str, dict[str, Decimal]]]],
                             list[tuple[str, str, Decimal]]]:
    rng = random.Random(seed)
    lines = []
    for code, sources in LINES:
        exact = {}
        for source, kinds in sources.items():
            exact[source] = {k: Decimal(v) + (Decimal(rng.randrange(100)) / 100
                                              if k == "基本支出" else 0)
                             for k, v in kinds.items()}
        lines.append((code, exact))
    basic = sum((k.get("基本支出", Decimal(0)) for _, s in lines
                 for src, k in s.items() if src == "一般公共预算"), start=Decimal(0))
    personnel_total = (basic * Decimal("0.78")).quantize(Decimal("0.01"))
    public_total = basic - personnel_total
    econ = _spread(rng, PERSONNEL, personnel_total, "人员经费")
    econ += [(c, "公用经费", v) for c, v in FIXED_PUBLIC.items()]
    econ += _spread(rng, PUBLIC, public_total - sum(FIXED_PUBLIC.values()), "公用经费")
    return lines, sorted(econ)


def _spread(rng: random.Random, codes: list[str], total: Decimal, kind: str
            ) -> list[tuple[str, str, Decimal]]:
    weights = [rng.randrange(5, 100) for _ in codes]
    out, left = [], total
    for code, weight in zip(codes[:-1], weights, strict=False):
        share = (total * weight / sum(weights)).quantize(Decimal("0.01"))
        out.append((code, kind, share))
        left -= share
    out.append((codes[-1], kind, left))
    return out


def gaps(lines: list[tuple[str, dict[str, dict[str, Decimal]]]]) -> tuple[Decimal, Decimal]:
    """Printed 合计 minus the sum of printed rows: all spending, and 一般公共预算 基本支出."""
    values = [v for _, s in lines for k in s.values() for v in k.values()]
    basic = [k["基本支出"] for _, s in lines for src, k in s.items()
             if src == "一般公共预算" and "基本支出" in k]
    return (rounded(sum(values, start=Decimal(0))) - sum(map(rounded, values), start=Decimal(0)),
            rounded(sum(basic, start=Decimal(0))) - sum(map(rounded, basic), start=Decimal(0)))


def main() -> None:
    seed = next(s for s in range(1000)
                if all(g in (1, 2) for g in gaps(draw(s)[0])))
    lines, econ = draw(seed)
    head = (HERE / "head.yaml.part").read_text(encoding="utf-8")
    tail = (HERE / "tail.yaml.part").read_text(encoding="utf-8")
    for name, fmt in (("exact", lambda v: f"{v:.2f}"), ("printed", lambda v: f"{rounded(v)}")):
        out = [f"# 由 make.py 生成（种子 {seed}）：{'分位数据' if name == 'exact' else '按印刷本录入'}",
               head.rstrip(), "", "支出明细:"]
        for code, sources in lines:
            out.append(f'  - 科目: "{code}"')
            out.append("    资金来源:")
            for source, kinds in sources.items():
                inner = ", ".join(f"{k}: {fmt(v)}" for k, v in kinds.items())
                out.append(f"      {source}: {{{inner}}}")
        out += ["", "基本支出经济分类:"]
        out += [f'  - {{科目: "{c}", {k}: {fmt(v)}}}' for c, k, v in econ]
        public = sum((v for _, k, v in econ if k == "公用经费"), start=Decimal(0))
        out += ["", f"机关运行经费: {fmt(public)}"]
        if name == "printed":
            out += ["", "印刷合计:"] + printed_totals(lines, econ)
        out += ["", tail.rstrip(), ""]
        (HERE / f"{name}.yaml").write_text("\n".join(out), encoding="utf-8")


# Every column a summed row of 表1–表8 prints, as (column name, sources, kinds).
COLUMNS = [
    ("合计", None, None), ("基本支出", None, "基本支出"), ("项目支出", None, "项目支出"),
    ("财政拨款", ("一般公共预算",), None), ("一般公共预算", ("一般公共预算",), None),
    ("一般公共预算基本支出", ("一般公共预算",), "基本支出"),
    ("一般公共预算项目支出", ("一般公共预算",), "项目支出"),
    ("事业收入", ("事业收入",), None), ("其他收入", ("其他收入",), None),
]


def printed_totals(lines: list[tuple[str, dict[str, dict[str, Decimal]]]],
                   econ: list[tuple[str, str, Decimal]]) -> list[str]:
    """「印刷合计」: each summed figure whose printed value ≠ the sum of the printed rows."""
    rows: dict[str, dict[str, Decimal]] = {}
    prefixes = ["合计"] + sorted({c[:n] for c, _ in lines for n in (3, 5)})
    for row in prefixes:
        for column, sources, kind in COLUMNS:
            values = [v for code, s in lines if row == "合计" or code.startswith(row)
                      for src, kinds in s.items() if sources is None or src in sources
                      for k, v in kinds.items() if kind is None or k == kind]
            exact = rounded(sum(values, start=Decimal(0)))
            if values and exact != sum(map(rounded, values), start=Decimal(0)):
                rows.setdefault(row, {})[column] = exact
    for row in ["合计"] + sorted({c[:3] for c, _, _ in econ}):
        for column, kind in (("一般公共预算人员经费", "人员经费"), ("一般公共预算公用经费", "公用经费"),
                             ("一般公共预算基本支出", None)):
            values = [v for c, k, v in econ if (row == "合计" or c.startswith(row))
                      and (kind is None or k == kind)]
            exact = rounded(sum(values, start=Decimal(0)))
            if values and exact != sum(map(rounded, values), start=Decimal(0)):
                name = column if row == "合计" else column.removeprefix("一般公共预算")
                rows.setdefault(row, {})[name.replace("基本支出", "合计") if row != "合计"
                                         else name] = exact
    out = []
    for row, columns in rows.items():
        inner = ", ".join(f"{c}: {v}" for c, v in columns.items())
        out.append(f'  "{row}": {{{inner}}}' if row != "合计" else f"  合计: {{{inner}}}")
    return out


if __name__ == "__main__":
    main()
