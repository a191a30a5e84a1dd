"""The nine standard tables, laid out as the official Shanghai template (and the seeds) show them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from generator.publication import wording
from generator.publication.context import Context, three_public
from generator.publication.ledger import (
    BASIC,
    FISCAL,
    KINDS,
    SOURCES,
    ZERO,
    Amounts,
    LedgerLine,
)
from generator.publication.model import Cell, Paragraph, Row, Table, Unit
from generator.publication.roundoff import Sum, across_sums, gaps, tree_sums
from generator.source.schema import EconLine

TABLE_NAMES = {
    "表1": "财务收支预算总表",
    "表2": "收入预算总表",
    "表3": "支出预算总表",
    "表4": "财政拨款收支预算总表",
    "表5": "一般公共预算支出功能分类预算表",
    "表6": "政府性基金预算支出功能分类预算表",
    "表7": "国有资本经营预算支出功能分类预算表",
    "表8": "一般公共预算基本支出部门预算经济分类预算表",
    "表9": "“三公”经费和机关运行经费预算表",
}

# A column: its label and the (sources, kinds) it sums.
Column = tuple[str, tuple[str, ...], tuple[str, ...]]


def col(label: str, sources: Sequence[str] = SOURCES, kinds: Sequence[str] = KINDS) -> Column:
    return label, tuple(sources), tuple(kinds)


def value(ctx: Context, row: str, column: Column, amounts: Amounts) -> Decimal:
    """A figure of a summed row (合计, 类, 款): the printed figure the book states, else the
    exact sum. 项 rows are entered, so never overridden."""
    _, sources, kinds = column
    if len(row) != 7:
        stated = ctx.printed(row, sources, kinds)
        if stated is not None:
            return stated
    return amounts.total(sources, kinds)


def h(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text=text, rowspan=rowspan, colspan=colspan, header=True)


def money(value: Decimal | None, fact: str) -> Cell:
    return Cell(amount=value, fact=fact, is_amount=True)


def _table(ctx: Context, table_id: str, header: tuple[tuple[Cell, ...], ...], rows: list[Row],
           widths: tuple[int, ...], unit: Unit = Unit.YUAN, notes: Sequence[Paragraph] = (),
           decimals: int | None = None, sums: Sequence[Sum] = ()) -> Table:
    """A table; where a printed total of ``sums`` differs from the sum of its printed parts
    (a book printed coarser than its data), the 尾差 note follows the other notes."""
    words = ctx.words()
    compiler_code = ctx.book.body.code or ""
    table = Table(
        id=table_id,
        title=wording.phrase(f"tables.{table_id}", **words),
        caption=f"{table_id} {TABLE_NAMES[table_id]}",
        compiler=wording.phrase("compiler", **{**words, "code": compiler_code}),
        unit=unit,
        decimals=ctx.decimals if decimals is None else decimals,
        header=header,
        rows=tuple(rows),
        column_widths=widths,
        notes=tuple(notes),
        wide=len(widths) > 7,
    )
    if not ctx.book.options.table_notes or not gaps(table, sums):
        return table
    blocks = wording.render("rounding_note.j2", **words)
    note = tuple(b for b in blocks if isinstance(b, Paragraph))
    return dataclasses.replace(table, notes=table.notes + note)


# ---- tables 2, 3, 5, 6, 7: rows by function code ----------------------------------------------

CODED_HEAD = (h("类"), h("款"), h("项"))


def coded_rows(ctx: Context, table_id: str, lines: Sequence[LedgerLine],
               columns: Sequence[Column]) -> list[Row]:
    """类/款/项 rows for ``lines`` (in code order) and the 合计 row."""
    rows: list[Row] = []
    seen: set[str] = set()
    for line in lines:
        for code in (line.code[:3], line.code[:5], line.code):
            if code in seen:
                continue
            seen.add(code)
            parts = [line.code[:3], line.code[3:5] if len(code) >= 5 else "",
                     line.code[5:7] if len(code) >= 7 else ""]
            amounts = sum_lines(ln for ln in lines if ln.code.startswith(code))
            level = {3: 1, 5: 2, 7: 3}[len(code)]
            cells = [Cell(text=p) for p in parts]
            cells.append(Cell(text=ctx.function_name(code), indent=level - 1))
            cells += [money(value(ctx, code, c, amounts), f"{table_id}/{code}/{c[0]}")
                      for c in columns]
            rows.append(Row(tuple(cells), "item", level, code))
    total = sum_lines(lines)
    cells = [Cell(text="合计", colspan=4)]
    cells += [money(value(ctx, "合计", c, total), f"{table_id}/合计/{c[0]}") for c in columns]
    rows.append(Row(tuple(cells), "total"))
    return rows


def sum_lines(lines: Iterable[LedgerLine]) -> Amounts:
    total = Amounts({}, frozenset())
    for line in lines:
        total = total + line.amounts
    return total


def table2(ctx: Context) -> Table:
    columns: list[Column] = [
        col("合计"),
        col("财政拨款收入", FISCAL),
        col("事业收入", ("business",)),
        col("事业单位经营收入", ("operating",)),
        col("其他收入", ("other",)),
    ]
    header = (
        (h("项目", colspan=4), h("收入预算", colspan=5)),
        (h("功能分类科目编码", colspan=3), h("功能分类科目名称", rowspan=2),
         *(h(c[0], rowspan=2) for c in columns)),
        CODED_HEAD,
    )
    rows = coded_rows(ctx, "表2", ctx.ledger.lines, columns)
    sums = tree_sums(rows) + across_sums(rows, "合计", [c[0] for c in columns[1:]])
    return _table(ctx, "表2", header, rows, (9, 8, 8, 72, 30, 30, 26, 30, 26), sums=sums)


def _spending_columns(sources: Sequence[str]) -> list[Column]:
    return [col("合计", sources), col("基本支出", sources, BASIC),
            col("项目支出", sources, ("project",))]


def _spending_header(title: str) -> tuple[tuple[Cell, ...], ...]:
    return (
        (h("项目", colspan=4), h(title, colspan=3)),
        (h("功能分类科目编码", colspan=3), h("功能分类科目名称", rowspan=2),
         h("合计", rowspan=2), h("基本支出", rowspan=2), h("项目支出", rowspan=2)),
        CODED_HEAD,
    )


def _spending_sums(rows: Sequence[Row]) -> list[Sum]:
    """Tables 3, 5–7: rows sum into their 款, 类 and 合计; 合计 = 基本支出 + 项目支出."""
    return tree_sums(rows) + across_sums(rows, "合计", ("基本支出", "项目支出"))


# Column widths in millimetres of an A4 portrait page (174 mm between the margins).
SPENDING_WIDTHS = (9, 8, 8, 65, 28, 28, 28)


def table3(ctx: Context) -> Table:
    rows = coded_rows(ctx, "表3", ctx.ledger.lines, _spending_columns(SOURCES))
    return _table(ctx, "表3", _spending_header("支出预算"), rows, SPENDING_WIDTHS,
                  sums=_spending_sums(rows))


FUND_TABLES = {
    "表5": ("general", "一般公共预算支出", "一般公共预算"),
    "表6": ("fund", "政府性基金预算支出", "政府性基金预算"),
    "表7": ("soe", "国有资本经营预算支出", "国有资本经营预算"),
}


def fund_table(ctx: Context, table_id: str) -> Table:
    """Tables 5–7: one funding source's spending by function code; a note when empty (a book
    without 一般公共预算 too: a self-financed 事业单位)."""
    source, title, fund_name = FUND_TABLES[table_id]
    lines = [line for line in ctx.ledger.lines if source in line.amounts.sources]
    rows = coded_rows(ctx, table_id, lines, _spending_columns((source,)))
    empty = all(line.amounts.total((source,)) == 0 for line in lines)
    notes = _empty_note(ctx, empty, fund=fund_name)
    return _table(ctx, table_id, _spending_header(title), rows, SPENDING_WIDTHS, notes=notes,
                  sums=_spending_sums(rows))


def _empty_note(ctx: Context, empty: bool, template: str = "empty_table_note.j2",
                **context: str) -> tuple[Paragraph, ...]:
    """The note under a table that has no data ("……故本表无数据"), where the book prints notes."""
    if not empty or not ctx.book.options.table_notes:
        return ()
    blocks = wording.render(template, **context, **ctx.words())
    return tuple(b for b in blocks if isinstance(b, Paragraph))


# ---- tables 1 and 4: income beside spending by category ----------------------------------------

def _categories(ctx: Context, amount: Callable[[str], Decimal]) -> list[tuple[str, str]]:
    """The 类 rows of a summary table: the catalog's full list, or only non-zero ones."""
    used = ctx.ledger.categories()
    listed = list(ctx.catalogs.categories)
    known = {code for code, _ in listed}
    listed += [(code, ctx.function_name(code)) for code in used if code not in known]
    if ctx.book.options.categories == "非零":
        return [(c, n) for c, n in listed if amount(c) != 0]
    return listed


def _summary_rows(ctx: Context, table_id: str, income: list[tuple[str, str, Decimal]],
                  columns: list[Column], income_total: Decimal) -> list[Row]:
    """Tables 1 and 4: income lines on the left, spending by 类 on the right (numbered
    一、二、…; listed per the book's option by the first column), then the 总计 row."""
    left = [(label, money(amount, f"{table_id}/收入/{key}")) for label, key, amount in income]
    right = []
    listed = _categories(ctx, lambda c: value(ctx, c, columns[0], ctx.ledger.rollup(c)))
    for i, (code, name) in enumerate(listed, start=1):
        amounts = ctx.ledger.rollup(code)
        right.append([Cell(text=f"{wording.cn_number(i)}、{name}")]
                     + [money(value(ctx, code, c, amounts), f"{table_id}/{code}/{c[0]}")
                        for c in columns])
    rows: list[Row] = []
    for i in range(max(len(left), len(right))):
        cells = [Cell(text=left[i][0]), left[i][1]] if i < len(left) else [Cell(), Cell()]
        cells += right[i] if i < len(right) else [Cell() for _ in range(len(columns) + 1)]
        rows.append(Row(tuple(cells)))
    everything = sum_lines(ctx.ledger.lines)
    rows.append(Row(
        (Cell(text="收入总计"), money(income_total, f"{table_id}/收入总计"), Cell(text="支出总计"),
         *(money(value(ctx, "合计", c, everything), f"{table_id}/支出总计/{c[0]}")
           for c in columns)),
        "total",
    ))
    return rows


def table1(ctx: Context) -> Table:
    split = ctx.book.options.summary_split
    income = [
        ("一、财政拨款收入", "财政拨款收入", ctx.figure("合计", FISCAL)),
        ("1、一般公共预算资金", "一般公共预算", ctx.figure("合计", ("general",))),
        ("2、政府性基金", "政府性基金", ctx.figure("合计", ("fund",))),
        ("3、国有资本经营预算", "国有资本经营预算", ctx.figure("合计", ("soe",))),
        ("二、事业收入", "事业收入", ctx.figure("合计", ("business",))),
        ("三、事业单位经营收入", "事业单位经营收入", ctx.figure("合计", ("operating",))),
        ("四、其他收入", "其他收入", ctx.figure("合计", ("other",))),
    ]
    columns: list[Column] = [col("合计")]
    if split and ctx.unsplit:
        # lines give 基本支出 unsplit: the split exists only by economic code (表8)
        columns += [col("基本支出", kinds=BASIC), col("项目支出", kinds=("project",))]
    elif split:
        columns += [col("人员经费", kinds=("personnel",)), col("公用经费", kinds=("public",)),
                    col("项目支出", kinds=("project",))]
    rows = _summary_rows(ctx, "表1", income, columns, ctx.figure("合计"))
    header: tuple[tuple[Cell, ...], ...]
    if split and ctx.unsplit:
        header = (
            (h("本年收入", colspan=2), h("本年支出", colspan=4)),
            (h("项目", rowspan=2), h("预算数", rowspan=2), h("项目", rowspan=2),
             h("预算数", colspan=3)),
            (h("合计"), h("基本支出"), h("项目支出")),
        )
        widths: tuple[int, ...] = (34, 24, 44, 24, 24, 24)
    elif split:
        header = (
            (h("本年收入", colspan=2), h("本年支出", colspan=5)),
            (h("项目", rowspan=3), h("预算数", rowspan=3), h("项目", rowspan=3),
             h("预算数", colspan=4)),
            (h("合计", rowspan=2), h("基本支出", colspan=2), h("项目支出", rowspan=2)),
            (h("人员经费"), h("公用经费")),
        )
        widths = (31, 21, 42, 20, 20, 20, 20)
    else:
        header = (
            (h("本年收入", colspan=2), h("本年支出", colspan=2)),
            (h("项目"), h("预算数"), h("项目"), h("预算数")),
        )
        widths = (52, 35, 52, 35)
    notes = _summary_note(ctx)
    sums = [Sum("表1/收入总计", tuple(f"表1/收入/{key}" for key in (
                "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"))),
            Sum("表1/收入/财政拨款收入", tuple(f"表1/收入/{key}" for key in (
                "一般公共预算", "政府性基金", "国有资本经营预算")))]
    sums += _summary_sums("表1", rows, columns)
    return _table(ctx, "表1", header, rows, widths, notes=notes, sums=sums)


def _summary_sums(table_id: str, rows: Sequence[Row], columns: Sequence[Column]) -> list[Sum]:
    """Tables 1 and 4, spending side: 支出总计 sums the 类 rows column by column, and in each
    row the first column sums the others."""
    codes = [fact.split("/")[1] for row in rows for cell in row.cells
             if (fact := cell.fact) and fact.endswith(f"/{columns[0][0]}")
             and fact.split("/")[1].isdigit()]
    sums = [Sum(f"{table_id}/支出总计/{c[0]}", tuple(f"{table_id}/{code}/{c[0]}" for code in codes))
            for c in columns]
    if len(columns) > 1:
        sums += across_sums(rows, columns[0][0], [c[0] for c in columns[1:]])
    return sums


def _summary_note(ctx: Context) -> tuple[Paragraph, ...]:
    from generator.publication.narrative import changes  # the one place changes are computed

    if ctx.book.prior is None or not ctx.book.options.table_notes:
        return ()
    reason = ctx.book.explanation.reason if ctx.book.explanation else ""
    blocks = wording.render("summary_note.j2", changes=changes(ctx), reason=reason,
                            **ctx.words())
    return tuple(b for b in blocks if isinstance(b, Paragraph))


def table4(ctx: Context) -> Table:
    income = [
        ("一、一般公共预算资金", "一般公共预算", ctx.figure("合计", ("general",))),
        ("二、政府性基金", "政府性基金", ctx.figure("合计", ("fund",))),
        ("三、国有资本经营预算", "国有资本经营预算", ctx.figure("合计", ("soe",))),
    ]
    columns: list[Column] = [
        col("合计", FISCAL),
        col("一般公共预算", ("general",)),
        col("政府性基金预算", ("fund",)),
        col("国有资本经营预算", ("soe",)),
    ]
    fiscal = ctx.figure("合计", FISCAL)
    rows = _summary_rows(ctx, table_id="表4", income=income, columns=columns,
                         income_total=fiscal)
    header = (
        (h("财政拨款收入", colspan=2), h("财政拨款支出", colspan=5)),
        (h("项目"), h("预算数"), h("项目"), *(h(c[0]) for c in columns)),
    )
    sums = [Sum("表4/收入总计", tuple(f"表4/收入/{key}" for _, key, _ in income)),
            *_summary_sums("表4", rows, columns)]
    return _table(ctx, "表4", header, rows, (31, 21, 42, 20, 20, 20, 20),
                  notes=_empty_note(ctx, fiscal == 0, fund="财政"), sums=sums)


# ---- table 8: basic spending by economic code ---------------------------------------------------

def table8(ctx: Context) -> Table:
    econ = sorted(ctx.book.economic, key=lambda line: line.code)
    catalog = ctx.catalogs.economic
    rows: list[Row] = []
    for cls in sorted({line.code[:3] for line in econ}):
        members = [line for line in econ if line.code.startswith(cls)]
        figures = econ_figures(ctx, cls, members)
        rows.append(_econ_row(cls, "", ctx.economic_name(cls), figures, 1))
        for line in members:
            name = line.name or catalog.name(line.code) or line.code
            rows.append(_econ_row(line.code, line.code[3:], name,
                                  (line.personnel + line.public, line.personnel, line.public), 2))
    total, personnel, public = econ_figures(ctx, "合计", econ)
    rows.append(Row((
        Cell(text="合计", colspan=3),
        money(total, "表8/合计/合计"),
        money(personnel, "表8/合计/人员经费"),
        money(public, "表8/合计/公用经费"),
    ), "total"))
    header = (
        (h("项目", colspan=3), h("一般公共预算基本支出", colspan=3)),
        (h("经济分类科目编码", colspan=2), h("部门经济分类科目名称", rowspan=2),
         h("合计", rowspan=2), h("人员经费", rowspan=2), h("公用经费", rowspan=2)),
        (h("类"), h("款")),
    )
    sums = tree_sums(rows) + across_sums(rows, "合计", ("人员经费", "公用经费"))
    return _table(ctx, "表8", header, rows, (10, 9, 65, 30, 30, 30),
                  notes=_empty_note(ctx, total == 0, "empty_table8_note.j2"), sums=sums)


def econ_figures(ctx: Context, row: str, members: Sequence[EconLine]
                 ) -> tuple[Decimal, Decimal, Decimal]:
    """合计, 人员经费, 公用经费 of 表8 rows summed into ``row`` (a 类 code or 合计): the printed
    figures the book states, else the exact sums."""
    personnel = sum((m.personnel for m in members), start=ZERO)
    public = sum((m.public for m in members), start=ZERO)
    general = ("general",)
    stated = [ctx.printed(row, general, kinds)
              for kinds in (BASIC, ("personnel",), ("public",))]
    exact = (personnel + public, personnel, public)
    total, personnel, public = (s if s is not None else e for s, e in zip(stated, exact,
                                                                          strict=True))
    return total, personnel, public


def _econ_row(code: str, part: str, name: str, figures: tuple[Decimal, Decimal, Decimal],
              level: int) -> Row:
    total, personnel, public = figures
    return Row((
        Cell(text=code[:3]), Cell(text=part), Cell(text=name, indent=level - 1),
        money(total, f"表8/{code}/合计"),
        money(personnel, f"表8/{code}/人员经费"),
        money(public, f"表8/{code}/公用经费"),
    ), "item", level, code)


# ---- table 9: 三公 and 机关运行经费, in 万元 ------------------------------------------------------

def table9(ctx: Context) -> Table:
    tp = three_public(ctx.book.three_public)
    row = Row((
        money(tp.total, "表9/三公/合计"),
        money(tp.abroad, "表9/三公/因公出国境费"),
        money(tp.reception, "表9/三公/公务接待费"),
        money(tp.vehicles, "表9/三公/公务用车/小计"),
        money(tp.vehicle_purchase, "表9/三公/公务用车/购置费"),
        money(tp.vehicle_running, "表9/三公/公务用车/运行费"),
        money(ctx.book.running_cost, "表9/机关运行经费"),
    ))
    year = ctx.year
    header = (
        (h(f"{year}年“三公”经费预算数", colspan=6), h(f"{year}年机关运行经费预算数", rowspan=3)),
        (h("合计", rowspan=2), h("因公出国（境）费", rowspan=2), h("公务接待费", rowspan=2),
         h("公务用车购置及运行费", colspan=3)),
        (h("小计"), h("购置费"), h("运行费")),
    )
    notes = _empty_note(ctx, tp.total == 0 and not ctx.book.running_cost,
                        "empty_table9_note.j2")
    sums = [Sum("表9/三公/合计", ("表9/三公/因公出国境费", "表9/三公/公务接待费",
                                 "表9/三公/公务用车/小计")),
            Sum("表9/三公/公务用车/小计", ("表9/三公/公务用车/购置费", "表9/三公/公务用车/运行费"))]
    return _table(ctx, "表9", header, [row], (24, 24, 24, 24, 24, 24, 30), unit=Unit.WAN,
                  notes=notes, decimals=2, sums=sums)


def all_tables(ctx: Context) -> list[Table]:
    return [table1(ctx), table2(ctx), table3(ctx), table4(ctx), fund_table(ctx, "表5"),
            fund_table(ctx, "表6"), fund_table(ctx, "表7"), table8(ctx), table9(ctx)]
