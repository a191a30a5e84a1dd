"""表1, 表4 and 表9 that plain ``pdftotext`` printed cell by cell (see ``scattered`` for the
coded tables and how poppler orders the cells).

表1 and 表4 are rebuilt by their categories: the income labels and the categories in the order
printed (row k holds the k-th of each), each category's figures the group whose total the coded
tables give its 类, names wrapped in their cell joined again. 表9's one row is its figures in
reading order.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from generator.source.importers.book.scattered import (
    _BUDGET,
    _CUTS,
    _FIGURE,
    Line,
    _covers,
    _groups,
    _page_number,
    _split,
    _Token,
    _value,
    _words,
)
from generator.source.importers.book.wrapped import rejoin

_CATEGORY = re.compile(r"^[一二三四五六七八九十]+、(.*(?:支出|预备费))$")
_INCOME = re.compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})、\S+$")
_SUMS = ("收入总计", "支出总计")


def summary_scattered(lines: list[Line]) -> bool:
    """Whether 表1 or 表4 was printed cell by cell: figures stand alone on lines, and no
    category is followed on its line by its figures."""
    alone = any(_FIGURE.match(text.strip()) for _, _, text in lines)
    return alone and not any(
        _CATEGORY.match(a) and _FIGURE.match(b)
        for _, _, text in lines for a, b in itertools.pairwise(_words(text)))


def summary(title: Line, lines: list[Line], width: int, totals: dict[str, Decimal]) -> list[Line]:
    """表1 or 表4 printed cell by cell, one line per row again: the income labels and the
    categories in the order printed (row k holds the k-th of each), an income figure where it
    stands on the line of its row's category, and each category's figures: the group whose
    total the coded tables give the category (its 类 row's 合计)."""
    header, notes, tokens = _split(lines, lambda _, words: any(
        _INCOME.match(w) or _FIGURE.match(w) or w in _SUMS for w in words))
    whole, ends = rejoin([t.text for t in tokens])  # names wrapped in their cells
    tokens = [_Token(t.at, t.line, whole.get(k, t.text)) for k, t in enumerate(tokens)
              if k not in ends]
    categories = [t for t in tokens if _CATEGORY.match(t.text)]
    incomes = [t for t in tokens if _INCOME.match(t.text) and not _CATEGORY.match(t.text)]
    own: dict[int, str] = {}  # a figure on its row's line: the income of the label after it
    own_income: dict[int, str] = {}  # an income label's figure standing alone
    loose: list[_Token] = []
    for k, token in enumerate(tokens):
        if not _FIGURE.match(token.text):
            continue
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        if after is not None and after.line == token.line and (
                _CATEGORY.match(after.text) or after.text == "支出总计"):
            own[after.at] = token.text
        else:
            loose.append(token)
    values = [v for t in loose if (v := _value(t.text)) is not None]
    if not categories or len(values) != len(loose):
        return [title, *lines]
    slack = Decimal(2) if all(v == v.to_integral_value() for v in values) else Decimal("0.02")
    budget = [_BUDGET]

    def fits(groups: list[list[int]]) -> tuple[dict[int, int], int] | None:
        return _summary_groups(categories, groups, values, totals, slack, len(incomes), width)

    # of the cuts in reading order that fit, the one whose rows keep their cells together
    ordered = [(groups, placed) for groups in itertools.islice(
        _groups(values, width, slack, [_BUDGET // 3], alone=2), _CUTS * 8)
        if (placed := fits(groups)) is not None]
    found = min(ordered, key=lambda item: _spread(item[0]), default=None)
    if found is None:
        found = next(((groups, placed) for groups in itertools.chain(
            itertools.islice(_covers(values, width, slack, budget, alone=2), _CUTS * 4),
            # more income figures standing alone: at most one a label
            itertools.islice(_covers(values, width, slack, [_BUDGET], alone=len(incomes)),
                             _CUTS * 4)) if (placed := fits(groups)) is not None), None)
    if found is None:
        return [title, *lines]
    groups, (by_category, root) = found
    kept = {*by_category.values(), root}  # what is left stands alone: incomes
    singles = [[j] for g, group in enumerate(groups) if g not in kept for j in group]
    order = [g for g in range(len(groups)) if g in kept]
    groups = [groups[g] for g in order] + singles
    by_category = {at: order.index(g) for at, g in by_category.items()}
    root = order.index(root)
    groups = _columns_by_total(groups, list(by_category.values()), root, values, width, slack)
    # a figure of its own is the income of the nearest label before it that has none
    taken = {*by_category.values(), root}
    paid = {incomes[k].at for k, c in enumerate(categories[:len(incomes)]) if c.at in own}
    for g, group in enumerate(groups):
        if g in taken or len(group) != 1:
            continue
        figure = loose[group[0]]
        label = next((t for t in reversed(incomes) if t.at < figure.at
                      and t.at not in own_income and t.at not in paid), None)
        if label is None:
            return [title, *lines]
        own_income[label.at] = figure.text
    # header words printed among the rows (a column's label beside a figure)
    heard = {w for _, _, text in header for w in text.split()}
    words = list(dict.fromkeys(t.text for t in tokens if not _FIGURE.match(t.text)
                               and not _INCOME.match(t.text) and t.text not in _SUMS
                               and t.text not in heard))
    out: list[Line] = [title, *header,
                       *([(header[-1][0] if header else title[0], 0, " ".join(words))]
                         if words else [])]
    for k in range(max(len(incomes), len(categories))):
        cells: list[str] = []
        line = 0
        if k < len(incomes):
            cells.append(incomes[k].text)
            cells += [own_income[incomes[k].at]] if incomes[k].at in own_income else []
            line = incomes[k].line
        if k < len(categories):
            category = categories[k]
            if category.at in own:
                cells.append(own[category.at])
            cells.append(category.text)
            mine = by_category.get(category.at)
            cells += [loose[j].text for j in groups[mine]] if mine is not None else []
            line = line or category.line
        out.append((line, 0, " ".join(cells)))
    spent = next((t for t in tokens if t.text == "支出总计"), None)
    income = own.get(spent.at, "") if spent is not None else ""
    out.append((spent.line if spent else 0, 0, " ".join(
        ["收入总计", *([income] if income else []), "支出总计",
         *(loose[j].text for j in groups[root])])))
    return out + notes


def _spread(groups: list[list[int]]) -> int:
    """How many figures of other rows stand between the first and last figure of a row."""
    return sum(max(g) - min(g) + 1 - len(g) for g in groups if g)


def _columns_by_total(groups: list[list[int]], rows: list[int], root: int,
                      values: list[Decimal], width: int, slack: Decimal) -> list[list[int]]:
    """The categories' groups with their parts in column order. A part printed before its
    total came from a column run above it and may belong to any column: the order is the one
    whose columns add up, over the categories, to 支出总计's (printed in order after it)."""
    total = [values[j] for j in groups[root][1:]]
    if len(total) != width or not any(j < groups[g][0] for g in rows for j in groups[g][1:]):
        return groups
    options: list[list[tuple[list[int], list[Decimal]]]] = []
    for g in rows:
        total_at, parts = groups[g][0], groups[g][1:]
        choices = []
        orders = (itertools.permutations(parts) if any(j < total_at for j in parts)
                  else [tuple(parts)])
        for order in orders:
            for places in itertools.combinations(range(width), len(order)):
                vector = [Decimal(0)] * width
                for place, j in zip(places, order, strict=True):
                    vector[place] = values[j]
                choices.append((list(order), vector))
        options.append(choices)
    steps = [_BUDGET]

    def walk(k: int, sums: list[Decimal]) -> list[list[int]] | None:
        steps[0] -= 1
        if steps[0] <= 0 or any(a > b + slack * len(rows) for a, b in zip(sums, total, strict=True)):
            return None
        if k == len(rows):
            ok = all(abs(a - b) <= slack * len(rows) for a, b in zip(sums, total, strict=True))
            return [] if ok else None
        for order, vector in options[k]:
            rest = walk(k + 1, [a + b for a, b in zip(sums, vector, strict=True)])
            if rest is not None:
                return [order, *rest]
        return None

    found = walk(0, [Decimal(0)] * width)
    if found is None:
        return groups
    out = [list(group) for group in groups]
    for g, parts in zip(rows, found, strict=True):
        out[g] = [groups[g][0], *parts]
    return out


def _summary_groups(categories: list[_Token], groups: list[list[int]], values: list[Decimal],
                    totals: dict[str, Decimal], slack: Decimal, incomes: int = 2,
                    width: int = 0) -> tuple[dict[int, int], int] | None:
    """Each category's group (by the total its 类 has in the coded tables) and 支出总计's (the
    largest, the sum of the others)."""
    order = sorted(range(len(groups)), key=lambda g: -values[groups[g][0]])
    if not order:
        return None
    root, rest = order[0], sorted(order[1:])
    out: dict[int, int] = {}
    for category in categories:
        match = _CATEGORY.match(category.text)
        wanted = totals.get(match[0][match[0].index("、") + 1:]) if match else None
        if wanted is None:
            continue
        # (a category's 合计 comes with its parts: 人员经费, 公用经费 or 项目支出)
        g = next((g for g in rest if abs(values[groups[g][0]] - wanted) <= slack
                  and (len(groups[g]) > 1 or not width)), None)
        if g is None:
            return None
        out[category.at] = g
        rest.remove(g)
    # figures no category accounts for are incomes, one a label (two equal incomes, 财政拨款
    # and its 一般公共预算, look like a total and its part)
    if (width and len(groups[root]) < 2) or sum(len(groups[g]) for g in rest) > incomes:
        return None
    if abs(sum((values[groups[g][0]] for g in out.values()), Decimal(0))
           - values[groups[root][0]]) > slack * max(1, len(out)):
        return None
    return out, root


def one_row(title: Line, lines: list[Line]) -> list[Line]:
    """表9 printed cell by cell: its header words as printed, then its one row of figures in
    reading order (``arith`` puts them in their columns by its sums and 表8)."""
    words: list[Line] = []
    figures: list[str] = []
    for k, (number, breaks, text) in enumerate(lines):
        stripped = text.strip()
        if not stripped or _page_number(stripped, lines, k):
            continue
        tokens = stripped.split()
        # a year in a header line ("2025 年“三公”经费预算数") is no figure
        numbers = tokens if all(_FIGURE.match(w) for w in tokens) else []
        kept = [w for w in tokens if w not in numbers]
        figures += numbers
        if kept:
            words.append((number, breaks, " ".join(kept)))
    row = (words[-1][0] if words else title[0], 0, " ".join(figures))
    return [title, *words, *([row] if figures else [])]
