"""Coded tables that plain ``pdftotext`` printed cell by cell.

Without ``-layout``, poppler prints a page in reading order by blocks: nearly every cell of a
ruled table is a block of its own, and the blocks come in an order that keeps only two things
of the table: the cells of one row come left to right, and the rows of one column come top to
bottom wherever nothing wider lies between them. Codes, names and figures of different rows
interleave (a 类's 项目支出 can follow its 款's figures; a 项's two code digits can drift past
the next rows).

So the rows are rebuilt from what the template and the book's arithmetic fix, not from order:

* the rows are the codes (a 3-digit token starts a code, the 2-digit tokens after it extend
  it; a code printed twice lost its last digits to a 2-digit token printed apart, a lone 类
  printed again its 款 and 项 printed together elsewhere: Calc's split code columns);
* each row's name is the catalog's name for its code where the text prints it, else the name
  printed next to the code; a name only guessed gives way, once the figures are placed, to
  the one printed right before the row's figures;
* the figures fall into groups, one per row that prints any: a 合计 followed, in reading order,
  by the parts that add up to it (合计 = 基本支出 + 项目支出, = the sources, = 人员 + 公用);
  failing that, with the parts next to their totals taken before parts of a total printed
  further back (a row's figure printed apart leaves a total open for every later figure);
* the groups go to the rows so that a 类 is the sum of its 款, a 款 of its 项 and the 合计 row of
  the 类, the nearest group in reading order first (the groups printed after a 款's 项, give
  or take a few: the next 款's figures printed before its code, a 项's printed elsewhere).

The result is one text line per row (code, name, its figures), which the tables' reader takes
like any text without positions (``arith`` then puts the figures in their columns).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from generator.source.importers.book.pages import PAGE_NUMBER_RE

Line = tuple[int, int, str]  # line number, form feeds before the piece, text

_FIGURE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{1,2}|\d{1}|\d{4}|\d{6}|\d{8,})$")
_CODE = re.compile(r"^\d{2,3}$|^\d{5}$|^\d{7}$")
_SENTENCE = re.compile(r"[，。；！？]|^注[:：]")
_STATED = re.compile(r"^(?:金额)?单位[:：]|^编制(?:单位|部门)[:：]")  # a table's unit, compiler
# words of the coded tables' headers (besides the column labels), never a row's name
_HEADER_WORDS = {"项目", "功能分类科目", "编码", "科目编码", "类", "款", "项", "经济分类",
                 "功能分类科目名称", "部门经济分类科目名称", "科目名称", "收入预算", "支出预算",
                 "一般公共预算基本支出", "合计", "本年收入", "本年支出", "预算数"}
# every column label of the coded tables (tables.LABELS, as printed)
_LABEL_WORDS = {"合计", "财政拨款收入", "财政拨款", "事业收入", "事业单位经营收入", "其他收入",
                "基本支出", "项目支出", "人员经费", "公用经费"}
_BUDGET = 60000  # search steps for one table (cuts, placements, sets of groups)
_CUTS = 8  # cuts of the figures into groups tried
_EARLY = 4  # parts printed before their totals held at once
_CHANGES = 3  # groups left out of or taken into those printed after the leaves' names
_RANKS = 64  # a placement's cost: its places' cost times this, plus how far order differs


@dataclass
class _Token:
    at: int  # index in the table's token stream
    line: int
    text: str


@dataclass
class _Row:
    code: str
    at: int
    line: int
    name: str = ""
    anchor: int = 0  # where the row's figures follow: its name's place, else its code's
    end: int = -1  # the place of the code's last token, when its digits stood together
    sure: bool = False  # its name printed right after its code, or the catalog's


_GLUED = re.compile(r"(?<=[\u4e00-\u9fff）)])(?=-?\d{1,3}(?:,\d{3})*\.\d{2}$|-?\d{1,3}(?:,\d{3})+$)")


def _words(text: str) -> list[str]:
    """A line's tokens; a figure glued to the label before it ("2、政府性基金1,778,860": two
    cells of neighbouring columns that poppler put on one line) is a token of its own."""
    return [part for word in text.split() for part in _GLUED.split(word) if part]


def _value(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def scattered(lines: list[Line], least: int = 3) -> bool:
    """Whether a table's lines hold its cells one by one: lines of figures alone (at least
    ``least`` of them; a row's figures apart from its code and name, one or several, as
    Writer/Web's unruled cells come) are not outnumbered two to one by lines that mix figures
    with words."""
    alone = sum(1 for _, _, text in lines if text.split() and all(
        _FIGURE.match(t) and re.search(r"[,.]", t) for t in text.split()))
    with_more = sum(1 for _, _, text in lines if len(text.split()) > 1  # (a year is no figure)
                    and any(_FIGURE.match(t) and re.search(r"[,.]", t) for t in text.split())
                    and not all(_FIGURE.match(t) for t in text.split()))
    return alone >= least and 2 * alone >= with_more


def _page_number(text: str, lines: list[Line], k: int) -> bool:
    """A page number: decorated (``— 9 —``, ``第9页``), or bare as the page's last line (a bare
    number elsewhere is a code)."""
    if not PAGE_NUMBER_RE.match(text):
        return False
    if not text.isdigit():
        return True
    for _, breaks, piece in itertools.islice(lines, k + 1, None):
        if breaks:
            return True
        if piece.strip():
            return False
    return True


def _codes(tokens: list[_Token], economic: bool, catalog: dict[str, str] | None = None,
           names: frozenset[str] = frozenset()) -> list[_Row]:
    """The rows' codes: a 3-digit token starts one, 2-digit tokens right after it extend it; a
    code printed twice gets the 2-digit tokens that stood alone, in order."""
    rows: list[_Row] = []
    orphans: list[_Token] = []
    longest = 5 if economic else 7
    catalog = catalog or {}
    current: _Row | None = None
    for token in tokens:
        text = token.text
        if not _CODE.match(text):
            current = None
        elif len(text) == 3 or (len(text) in (5, 7) and len(text) <= longest):
            current = _Row(text, token.at, token.line, end=token.at)
            rows.append(current)
        elif len(text) == 2 and current is not None and len(current.code) < longest:
            current.code += text
            current.end = token.at
        elif len(text) == 2:
            orphans.append(token)
    # a code printed twice lost its last digits to a 2-digit token printed apart; a 7-digit
    # code printed twice took another row's digits, which go back among those printed apart
    seen: set[str] = set()
    twice: list[_Row] = []
    for row in rows:
        if row.code in seen:
            if len(row.code) == longest:
                orphans.append(_Token(row.at, row.line, row.code[-2:]))
                row.code = row.code[:-2]
            twice.append(row)
        seen.add(row.code)
    # a 类 printed again whose 款 and 项 digits stood together elsewhere (a spreadsheet's code
    # columns printed one by one): the two, where they make a code whose name is printed;
    # failing that, where they make a 项 of a 款 printed (the template prints every 款 with
    # its 项 under it); failing that, such a 款 digit and a 项 digit printed apart, in order
    for by_name, apart in ((True, False), (False, False), (False, True)):
        for row in list(twice) if longest == 7 else []:
            pairs = [(a, b) for a, b in (itertools.combinations(orphans, 2) if apart
                                         else itertools.pairwise(orphans))
                     if (apart or b.at == a.at + 1)
                     and len(row.code) == 3 and row.code + a.text + b.text not in seen
                     and (catalog.get(row.code + a.text + b.text) in names if by_name
                          else row.code + a.text in seen)]
            if not pairs:
                continue
            a, b = pairs[0]
            row.code += a.text + b.text
            row.at = row.end = b.at  # (the row's name and figures follow its last cell)
            orphans.remove(a)
            orphans.remove(b)
            seen.add(row.code)
            twice.remove(row)
    # (the rows of one column come top to bottom: the codes short of digits take them in
    # code order, the digits in printed order)
    twice.sort(key=lambda r: r.code)
    for fitting in (True, False):  # the digits that make a code whose name is printed first
        for row in list(twice):
            fits = [o for o in orphans if not fitting or catalog.get(row.code + o.text) in names]
            fits = [o for o in fits if row.code + o.text not in seen]
            if fits:
                row.code += fits[0].text
                row.at = row.end = fits[0].at
                orphans.remove(fits[0])
                seen.add(row.code)
                twice.remove(row)
        if fitting:  # digits lost among the header's words: the printed name tells the code
            for row in list(twice):
                named = [c for c, n in catalog.items() if n in names and len(c) > len(row.code)
                         and c.startswith(row.code) and c not in seen]
                digits = {o.text for o in orphans}
                named = [c for c in named if c[-2:] in digits] or named
                if len(named) == 1:
                    row.code = named[0]
                    seen.add(row.code)
                    twice.remove(row)
                    spent = next((o for o in orphans if o.text == row.code[-2:]), None)
                    if spent is not None:
                        orphans.remove(spent)
    unique: dict[str, _Row] = {}
    for row in rows:
        unique.setdefault(row.code, row)
    if not economic:
        _repair_tree(unique)
    return sorted(unique.values(), key=lambda r: r.code)


def _recode(rows: dict[str, _Row], codes: set[str], row: _Row, code: str) -> None:
    """``row`` read again under ``code``."""
    del rows[row.code]
    codes.discard(row.code)
    row.code = code
    rows[code] = row
    codes.add(code)


def _repair_tree(rows: dict[str, _Row]) -> None:
    """The template prints every 款 of a function table with its 项 under it, every 类 above
    its 款. A 款 with no 项 was put together from another row's digits (a 类 printed next to a
    项's two digits of another 类); where the 类 has one 款 missing whose 项 are printed, it is
    that 款; where the 类 itself is missing, it is the 类."""
    codes = set(rows)
    missing = sorted({c[:5] for c in codes if len(c) == 7} - codes)
    for parent in missing:
        childless = [r for c, r in rows.items() if len(c) == 5 and c[:3] == parent[:3]
                     and not any(len(o) == 7 and o.startswith(c) for o in codes)]
        if len(childless) != 1 or sum(1 for m in missing if m[:3] == parent[:3]) != 1:
            continue
        _recode(rows, codes, childless[0], parent)
    # a 类 printed next to a 项's two digits of another row (a 类 not among the rows whose 款
    # are): its one 款 with no 项
    for head in sorted({c[:3] for c in codes if len(c) > 3} - codes):
        childless = [r for c, r in rows.items() if len(c) == 5 and c[:3] == head
                     and not any(len(o) == 7 and o.startswith(c) for o in codes)]
        if len(childless) != 1:
            continue
        _recode(rows, codes, childless[0], head)


def _names(rows: list[_Row], words: list[_Token], catalog: dict[str, str]) -> bool:
    """Each row's name: the catalog's where printed, else the word right after its code;
    whether the codes and names were printed in one flow (True) or each in a run of its own
    (a spreadsheet's columns printed one by one)."""
    left = list(words)

    def take(predicate: object) -> _Token | None:
        for word in left:
            if predicate(word):  # type: ignore[operator]
                left.remove(word)
                return word
        return None

    # the name printed right after a code's digits is its own
    by_place = {w.at: w for w in words}
    # (unless it is the catalog's name of another row: cells printed column by column put a
    # code next to any row's name)
    others: dict[str, set[str]] = {}
    for r in rows:
        if r.code in catalog:
            others.setdefault(_norm(catalog[r.code]), set()).add(r.code)
    after_code = {row.code: by_place.get(row.end + 1) if row.end >= 0 and len(row.code) >= 3
                  else None for row in rows}
    # (codes printed in a run of their own, most with no name after them: the word after the
    # last is any row's name)
    flowing = 2 * sum(1 for w in after_code.values() if w is not None) > len(rows)
    for row in rows if flowing else []:
        after = after_code[row.code]
        if after is not None and row.code not in others.get(_norm(after.text), {row.code}):
            continue
        if after is not None and after in left:
            left.remove(after)
            row.name, row.anchor, row.sure = after.text, after.at, True
    for row in rows:
        if row.name:
            continue
        known = catalog.get(row.code, "")
        word = take(lambda w, known=known: known and _same(w.text, known))
        if word is not None:
            row.name, row.anchor, row.sure = word.text, word.at, True
    unnamed = [row for row in rows if not row.name]
    if not flowing and unnamed and len(unnamed) == len(left):
        # names printed in a run of their own, as the codes: in the same order
        for row, word in zip(unnamed, sorted(left, key=lambda w: w.at), strict=True):
            row.name, row.anchor = word.text, word.at
        return flowing
    for row in rows:
        if not row.name:  # the next name left after the code, else the nearest before it
            word = take(lambda w, row=row: w.at > row.at) or (
                take(lambda w, row=row: w is max((v for v in left if v.at < row.at),
                                                 key=lambda v: v.at)))
            row.name = word.text if word is not None else catalog.get(row.code, "")
            row.anchor = word.at if word is not None else row.at
            lower = _printed_below(row, word, rows, words) if flowing and word else None
            if lower is not None and word is not None:
                # the names of one column come top to bottom: of the two names printed after
                # a later row's code, the first is this row's (its cell printed late)
                row.name, row.anchor, lower.name, lower.anchor = (
                    lower.name, lower.anchor, word.text, word.at)
                lower.sure = False  # (a guess too: the figures placed may tell)
    return flowing


def _printed_below(row: _Row, word: _Token, rows: list[_Row], words: list[_Token]
                   ) -> _Row | None:
    """The row below ``row`` that took the name printed right after its code when ``word``
    (the name ``row`` took, printed after none of its own codes) follows that name with no
    other name or code between: two names after one code, the upper row's first."""
    for lower in rows:
        if (lower.code > row.code and lower.at > row.at and lower.end >= 0
                and lower.anchor == lower.end + 1 and lower.anchor < word.at
                and not any(lower.anchor < w.at < word.at for w in words)
                and not any(lower.anchor < r.at < word.at for r in rows)):
            return lower
    return None


def _renamed(rows: list[_Row], chosen: dict[str, int], groups: list[list[int]], at: list[int],
             names: list[_Token], catalog: dict[str, str]) -> None:
    """Codes and names printed each in a run of their own: a name printed right before a
    row's figures is that row's (the cells of one row that poppler kept together), the
    catalog's names staying; the names no figures follow go to the rows left, in order."""
    before = {w.at + 1: w for w in names}
    fixed = [r for r in rows if r.code in catalog and _same(r.name, catalog[r.code])]
    taken = {id(w) for w in names if any(w.at == r.anchor for r in fixed)}
    given: dict[str, _Token] = {}
    for row in rows:
        g = chosen.get(row.code)
        word = before.get(at[groups[g][0]]) if g is not None and row not in fixed else None
        if word is not None and id(word) not in taken:
            given[row.code] = word
            taken.add(id(word))
    rest = [r for r in rows if r not in fixed and r.code not in given]
    left = [w for w in names if id(w) not in taken]
    if len(rest) == len(left):
        given.update({r.code: w for r, w in zip(rest, left, strict=True)})
    for row in rows:
        if row.code in given:
            row.name = given[row.code].text


def _named_by_figures(rows: list[_Row], chosen: dict[str, int], groups: list[list[int]],
                      at: list[int], names: list[_Token]) -> None:
    """Rows whose names were only guessed take the name printed right before their figures
    (the cells of one row come left to right), where no row printed it after its code; the
    names so freed go, in printed order, to such rows left without one, in code order."""
    before = {w.at + 1: w for w in names}
    taken = {r.anchor for r in rows if r.sure}
    given: dict[str, _Token] = {}
    for row in rows:
        g = chosen.get(row.code)
        word = before.get(at[groups[g][0]]) if g is not None and not row.sure else None
        if word is not None and word.at not in taken:
            given[row.code] = word
            taken.add(word.at)
    rest = [r for r in rows if not r.sure and r.code not in given]
    left = [w for w in names if w.at not in taken]
    if len(rest) == len(left):
        given.update({r.code: w for r, w in zip(rest, left, strict=True)})
    for row in rows:
        if row.code in given:
            row.name, row.anchor = given[row.code].text, given[row.code].at


def _same(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _groups(values: list[Decimal], width: int, slack: Decimal, budget: list[int],
            alone: int = 0, near_first: bool = False) -> Iterator[list[list[int]]]:
    """Ways to cut the figures into rows' groups: a total and 1 to ``width`` parts adding up
    to it. Parts follow their total in reading order, other rows' figures between; failing
    that, a few parts may come before it (poppler printed the row's right-hand cells first).
    Each group lists its total, then its parts in reading order."""
    n = len(values)
    if width == 0:  # a total alone in its row
        yield [[i] for i in range(n)]
        return

    # whole cents as integers: the search adds and compares a great deal
    cents = [int(v * 100) for v in values]
    near = int(slack * 100)
    after = list(itertools.accumulate(reversed(cents), initial=0))[::-1]
    largest = list(itertools.accumulate(reversed(cents), max, initial=0))[::-1]
    later = [sorted(cents[i:]) for i in range(n + 1)]  # the figures still to come, in order
    Open = tuple[tuple[int, ...], int]  # a group's figures and what it still lacks

    def comes(i: int, want: int) -> bool:
        """Whether a figure within the slack of ``want`` is still to come."""
        k = bisect.bisect_left(later[i], want - near)
        return k < len(later[i]) and later[i][k] <= want + near

    def extend(i: int, v: int, open_: list[Open], done: list[list[int]],
               early: tuple[int, ...], which: list[int]) -> Iterator[list[list[int]]]:
        """Figure ``i`` (``v`` cents) a part, with more to come, of each open group ``which``."""
        for k in which:
            group, rest = open_[k]
            yield from walk(i + 1, [*open_[:k], ((*group, i), rest - v), *open_[k + 1:]],
                            done, early)

    def walk(i: int, open_: list[Open], done: list[list[int]], early: tuple[int, ...]
             ) -> Iterator[list[list[int]]]:
        budget[0] -= 1
        if budget[0] <= 0:
            return
        # what is still open must be closable by the figures to come
        if any(rest > after[i] + near or (len(group) == width and not comes(i, rest))
               for group, rest in open_) or (
                early and sum(cents[e] for e in early) > largest[i] + near):
            return
        if i == n:
            if not open_ and not early:
                yield done
            return
        v = cents[i]
        for k, (group, rest) in enumerate(open_):  # the part that completes a group
            if len(group) <= width and abs(rest - v) <= near:
                whole = [group[0], *sorted([*group[1:], i])]
                yield from walk(i + 1, open_[:k] + open_[k + 1:], [*done, whole], early)
        # a part with more to come: of the group printed just before it first; with
        # ``near_first``, parts of groups printed further back only after a total
        parts = [k for k, (group, rest) in enumerate(open_)
                 if len(group) < width and v < rest - near]
        beside = [k for k in parts if not near_first or open_[k][0][-1] == i - 1]
        yield from extend(i, v, open_, done, early, beside)
        if len(open_) < 6:  # a total, with none, some or all of the early parts
            for size in range(min(len(early), width) + 1):
                for taken in itertools.combinations(early, size):
                    rest = v - sum(cents[e] for e in taken)
                    if size and rest < -near:
                        continue
                    left = tuple(e for e in early if e not in taken)
                    if size and abs(rest) <= near:
                        yield from walk(i + 1, open_, [*done, [i, *taken]], left)
                    elif size + 1 <= width:
                        yield from walk(i + 1, [*open_, ((i, *taken), rest)], done, left)
        yield from extend(i, v, open_, done, early, [k for k in parts if k not in beside])
        if len(early) < _EARLY:  # a part printed before its total
            yield from walk(i + 1, open_, done, (*early, i))
        if sum(len(g) == 1 for g in done) < alone:  # a figure of its own (表1's income)
            yield from walk(i + 1, open_, [*done, [i]], early)

    yield from walk(0, [], [], ())


def _covers(values: list[Decimal], width: int, slack: Decimal, budget: list[int],
            alone: int = 0, most: int | None = None) -> Iterator[list[list[int]]]:
    """Cuts of the figures into groups without regard to reading order: the largest figure
    left is a total (nothing left is larger), its parts are 1 to ``width`` of the others
    adding up to it, those printed nearest after it first; up to ``alone`` figures stand on
    their own; at most ``most`` groups (one a row). For tables where poppler's order kept too
    little of the rows."""
    def walk(left: list[int], done: list[list[int]], singles: int) -> Iterator[list[list[int]]]:
        budget[0] -= 1
        if budget[0] <= 0:
            return
        if most is not None and len(done) + -(-len(left) // (width + 1)) > most:
            return
        if not left:
            yield sorted(done)
            return
        top = max(left, key=lambda j: (values[j], -j))
        rest = [j for j in left if j != top]
        near = sorted(rest, key=lambda j: (j < top, abs(j - top)))
        for size in range(1, width + 1):
            for parts in itertools.combinations(near, size):
                budget[0] -= 1  # (each set of parts tried counts: there can be very many)
                if budget[0] <= 0:
                    return
                if abs(sum((values[j] for j in parts), Decimal(0)) - values[top]) <= slack:
                    yield from walk([j for j in rest if j not in parts],
                                    [*done, [top, *sorted(parts)]], singles)
        if singles < alone:
            yield from walk(rest, [*done, [top]], singles + 1)

    yield from walk(list(range(len(values))), [], 0)


def _in_columns(group: list[int]) -> list[int]:
    """A group's figures in the order of its row's columns: the total, the parts printed after
    it, then those printed before it (the row's right-hand cells, which poppler printed in a
    run down their columns above the total)."""
    total, parts = group[0], sorted(group[1:])
    return [total, *(j for j in parts if j > total), *(j for j in parts if j < total)]


def _given(values: list[Decimal], tops: list[Decimal], width: int, slack: Decimal,
           budget: list[int]) -> Iterator[list[list[int]]]:
    """Cuts of the figures into one group a row where every row's total is known: largest
    first, each total a figure of that value and 1 to ``width`` others adding up to it, those
    printed nearest after it first, then nearest before it (of equal figures, the nearest)."""
    order = sorted(tops, reverse=True)

    def parts(near: list[int], want: Decimal) -> Iterator[list[int]]:
        # sets of figures by value (largest first), each figure then the nearest of its value
        kinds = sorted({values[j] for j in near}, reverse=True)
        count = {v: sum(1 for j in near if values[j] == v) for v in kinds}

        def walk(i: int, left: Decimal, taken: list[Decimal]) -> Iterator[list[Decimal]]:
            budget[0] -= 1
            if budget[0] <= 0:
                return
            if taken and abs(left) <= slack:
                yield list(taken)
                return
            room = width - len(taken)
            if room == 0 or i == len(kinds) or left > room * kinds[i] + slack:
                return
            for m in range(i, len(kinds)):
                value = kinds[m]
                if value > left + slack or taken.count(value) >= count[value]:
                    continue
                if left > room * value + slack:
                    return
                taken.append(value)
                yield from walk(m, left - value, taken)
                taken.pop()

        for chosen in walk(0, want, []):
            out: list[int] = []
            for value in chosen:
                out.append(next(j for j in near if values[j] == value and j not in out))
            yield out

    def walk(k: int, left: list[int], done: list[list[int]]) -> Iterator[list[list[int]]]:
        budget[0] -= 1
        if budget[0] <= 0:
            return
        if k == len(order):
            if not left:
                yield sorted(done)
            return
        top = next((j for j in left if abs(values[j] - order[k]) <= slack), None)
        if top is None:
            return
        rest = [j for j in left if j != top]
        near = sorted(rest, key=lambda j: (j < top, abs(j - top)))
        for taken in parts(near, values[top]):
            yield from walk(k + 1, [j for j in rest if j not in taken],
                            [*done, _in_columns([top, *taken])])

    yield from walk(0, list(range(len(values))), [])


def _parent(code: str) -> str | None:
    return code[:-2] if len(code) in (5, 7) else None


def _place(rows: list[_Row], groups: list[list[int]], values: list[Decimal], at: list[int],
           labels: list[int], slack: Decimal, budget: list[int],
           known: dict[str, Decimal] | None = None, loose: bool = False, kept: bool = False
           ) -> tuple[dict[str, int], int | None] | None:
    """Each row's group (absent: a blank row) and the 合计 row's, so that every parent is the
    sum of its children. Of the placements that add up, the one whose groups most often follow
    their row's name directly (no other row's code or name between) and give a line the 合计
    another table gave it (``known``: 表2, 表3 and 表5 list the same lines) wins: sums alone
    cannot tell two 项 of one 款 apart when their figures could be swapped. ``loose``: a name
    only guessed (not printed right after its code, not the catalog's) tells nothing; such a
    row takes any group alike, in the order both were printed. ``kept``: a group printed right
    after a sure row's name (codes and names each in a run of their own: the cells of one row
    poppler kept together) is that row's and no other's."""
    known = known or {}
    kids: dict[str | None, list[_Row]] = {}
    for row in rows:
        parent = _parent(row.code)
        kids.setdefault(parent if any(r.code == parent for r in rows) else None, []).append(row)
    totals = [values[g[0]] for g in groups]
    starts = {at[group[0]]: g for g, group in enumerate(groups)}
    owner = {starts[r.anchor + 1]: r.code for r in rows
             if kept and r.sure and r.anchor + 1 in starts}

    def allowed(row: _Row, g: int) -> bool:
        return owner.get(g, row.code) == row.code

    costs: dict[tuple[str, int], int] = {}
    # where place alone does not tell, the rows take the groups in the order both were
    # printed (rows in the order of their codes, groups in reading order): a small part
    # of the cost, below any difference of place
    row_rank = {r.code: k for k, r in enumerate(sorted(rows, key=lambda r: r.code))}
    group_rank = {g: k for k, g in enumerate(sorted(range(len(groups)),
                                                    key=lambda g: at[groups[g][0]]))}

    def cost(row: _Row, g: int) -> int:
        key = (row.code, g)
        if key not in costs:
            costs[key] = _cost(row, g) * _RANKS + min(
                abs(row_rank[row.code] - group_rank[g]), _RANKS - 1)
        return costs[key]

    def base(row: _Row, g: int) -> int:
        return cost(row, g) // _RANKS

    def _cost(row: _Row, g: int) -> int:
        # a group right after the row's name, or right after its code (a name printed
        # elsewhere: cells printed column by column)
        after_code = row.end >= 0 and row.end != row.anchor and at[groups[g][0]] == row.end + 1
        if loose and not row.sure:
            return (0 if after_code else 100) + _disagree(row, g)
        return (0 if after_code else _far(row.anchor, g)) + _disagree(row, g)

    def _far(anchor: int, g: int) -> int:
        start = at[groups[g][0]]
        if start < anchor:  # figures printed before the name: it happens, less often
            return 100 + 2 * (labels[anchor] - labels[start])
        # the name itself counts one: a group right after it costs nothing, any other group
        # much more (which of two far groups a row takes, the distance hardly tells)
        between = labels[start] - labels[anchor]
        return 0 if between <= 1 else 100 + between

    def _disagree(row: _Row, g: int) -> int:
        other = known.get(row.code)
        return 300 if other is not None and abs(other - totals[g]) > slack else 0

    chosen: dict[str, int] = {}
    used: set[int] = set()
    spent = [0]  # the cost of the placement so far
    decided = [0]  # rows given a group or left blank so far
    bound = [1 << 30]  # the cost of the best complete placement found

    def fill(key: str | None, total: Decimal | None) -> Iterator[None]:
        children = kids.get(key, [])
        if not children:  # a 项 (or a row whose 项 are not printed) adds up nothing
            yield
            return
        # rows with rows under them first; the rest (leaves) share what is left as one block
        inner = [c for c in children if kids.get(c.code)]
        leaves = [c for c in children if not kids.get(c.code)]
        if total is None or not leaves:
            yield from pick(children, 0, total)
            return
        for _ in pick(inner, 0, None, total):
            yield from share(leaves, total - sum(
                (totals[chosen[c.code]] for c in inner if c.code in chosen), Decimal(0)))

    def share(leaves: list[_Row], rest: Decimal) -> Iterator[None]:
        """Leaves taking groups that add up to ``rest``: each set of groups that does, given
        to the leaves at the least cost (sums cannot tell leaves apart)."""
        free = sorted((g for g in range(len(groups)) if g not in used
                       and any(allowed(row, g) for row in leaves)), key=lambda g: -totals[g])
        # first the groups printed right after the leaves' names, when they add up
        near = list(dict.fromkeys(g for row in leaves for g in free if base(row, g) == 0))
        adds_up = abs(sum((totals[g] for g in near), Decimal(0)) - rest) <= slack
        sets = itertools.chain(
            [near] if adds_up else [],
            _near_sets(near, [g for g in free if g not in near], totals, rest, len(leaves),
                       slack, budget) if near and not adds_up else [],
            _subsets(free, totals, rest, len(leaves), slack, budget))
        for subset in itertools.islice(sets, 20):
            placed = _cheapest(leaves, subset, cost, budget)
            if placed is None or not all(allowed(row, g) for row, g in placed):
                continue
            paid = sum(cost(row, g) for row, g in placed)
            for row, g in placed:
                used.add(g)
                chosen[row.code] = g
            spent[0] += paid
            decided[0] += len(leaves)
            if len(groups) - len(used) <= len(rows) - decided[0]:
                yield
            decided[0] -= len(leaves)
            spent[0] -= paid
            for row, g in placed:
                used.discard(g)
                del chosen[row.code]

    def pick(children: list[_Row], k: int, rest: Decimal | None,
             most: Decimal | None = None) -> Iterator[None]:
        budget[0] -= 1
        if budget[0] <= 0 or spent[0] >= bound[0]:
            return
        if len(groups) - len(used) > len(rows) - decided[0]:
            return  # more groups left than rows to take them
        if k == len(children):
            if rest is None or abs(rest) <= slack:
                yield
            return
        free = sorted((totals[g] for g in range(len(groups)) if g not in used), reverse=True)
        if rest is not None and sum(free[:len(children) - k], Decimal(0)) < rest - slack:
            return  # the rows left cannot add up to the rest
        if most is not None:
            rest = None
        row = children[k]
        options = sorted((g for g in range(len(groups)) if g not in used and allowed(row, g)),
                         key=lambda g: cost(row, g))
        near = [g for g in options if base(row, g) <= 1]
        # a leaf whose name no group follows is most likely blank; a row with rows under it
        # is blank only when they all are
        ordered = ([*options, None] if kids.get(row.code)
                   else [*near, None, *options[len(near):]])
        last = k == len(children) - 1
        for g in ordered:
            value = totals[g] if g is not None else Decimal(0)
            if rest is not None and (value > rest + slack or (
                    last and abs(rest - value) > slack)):
                continue
            if most is not None and value > most + slack:
                continue
            paid = cost(row, g) if g is not None else 0
            if g is not None:
                used.add(g)
                chosen[row.code] = g
            spent[0] += paid
            decided[0] += 1
            for _ in fill(row.code, value if g is not None else Decimal(0)):
                yield from pick(children, k + 1, None if rest is None else rest - value,
                                None if most is None else most - value)
            decided[0] -= 1
            spent[0] -= paid
            if g is not None:
                used.discard(g)
                del chosen[row.code]

    best: tuple[int, dict[str, int], int | None] | None = None
    order = sorted(range(len(groups)), key=lambda g: -totals[g])
    for root in [*[g for g in order[:1] if g not in owner], None]:
        used.clear()
        chosen.clear()
        decided[0] = 0
        if root is not None:
            used.add(root)
        for _ in fill(None, totals[root] if root is not None else None):
            if len(used) == len(groups) and spent[0] < bound[0]:
                if best is None:  # a cheaper placement is looked for a while longer only
                    budget[0] = min(budget[0], _BUDGET // 4)
                bound[0] = spent[0]
                best = (spent[0], dict(chosen), root)
        if best is not None:
            placed = best[1]
            # leaves of one parent that took groups printed away from their names (cells
            # printed column by column: a spreadsheet's): sums cannot tell them apart, the
            # order can; the groups go to them in the order both were printed
            for children in kids.values():
                leaves = sorted((c for c in children if not kids.get(c.code) and c.code in placed),
                                key=lambda c: c.code)
                if len(leaves) < 2 or any(base(c, placed[c.code]) < 100 for c in leaves):
                    continue
                order = sorted((placed[c.code] for c in leaves), key=lambda g: at[groups[g][0]])
                placed.update({c.code: g for c, g in zip(leaves, order, strict=True)})
            # so too 款 of one 类 that have one 项 each, their figures the same as the 项's: a
            # 款 and its 项 move together
            for children in kids.values():
                chains = sorted((c for c in children if c.code in placed and c.code not in known
                                 and len(kids.get(c.code, [])) == 1), key=lambda c: c.code)
                pairs = [(c, kids[c.code][0]) for c in chains]
                if len(pairs) < 2 or any(
                        kids.get(k.code) or k.code not in placed or k.code in known
                        or base(c, placed[c.code]) < 100 or base(k, placed[k.code]) < 100
                        for c, k in pairs):
                    continue
                moved = sorted(((placed[c.code], placed[k.code]) for c, k in pairs),
                               key=lambda both: at[groups[both[0]][0]])
                for (c, k), (g, h) in zip(pairs, moved, strict=True):
                    placed[c.code], placed[k.code] = g, h
            return placed, best[2]
    return None


def _subsets(free: list[int], totals: list[Decimal], rest: Decimal, most: int,
             slack: Decimal, budget: list[int]) -> Iterator[list[int]]:
    """Sets of at most ``most`` of the groups ``free`` (largest first) adding up to ``rest``."""
    after = list(itertools.accumulate((totals[g] for g in reversed(free)), initial=Decimal(0)))
    after.reverse()  # after[j]: the sum of free[j:]

    def walk(i: int, left: Decimal, taken: list[int]) -> Iterator[list[int]]:
        budget[0] -= 1
        if budget[0] <= 0:
            return
        if abs(left) <= slack:
            yield list(taken)
            return
        if len(taken) == most or left < 0 or after[i] < left - slack:
            return
        for j in range(i, len(free)):
            value = totals[free[j]]
            if value > left + slack or (j > i and value == totals[free[j - 1]]):
                continue  # too large, or the same figure as the group just skipped
            taken.append(free[j])
            yield from walk(j + 1, left - value, taken)
            taken.pop()

    yield from walk(0, rest, [])


def _near_sets(near: list[int], others: list[int], totals: list[Decimal], rest: Decimal,
               most: int, slack: Decimal, budget: list[int]) -> Iterator[list[int]]:
    """Sets of groups adding up to ``rest`` that differ least from ``near`` (the groups printed
    right after the leaves' names, which do not add up): some of them left out (the next
    row's total, printed before its code, follows the last leaf's figures directly), some of
    ``others`` taken in (a leaf's figures printed away from its name), the fewest changes
    first. Searched in a short budget of their own, charged to ``budget``: the search of all
    the groups follows."""
    own = [min(budget[0], _BUDGET // 20)]
    spent = own[0]

    def found() -> Iterator[list[int]]:
        for changes in range(1, _CHANGES + 1):
            for out in range(changes + 1):
                added = changes - out
                for dropped in itertools.combinations(near, out):
                    kept = [g for g in near if g not in dropped]
                    if len(kept) + added > most:
                        continue
                    gap = rest - sum((totals[g] for g in kept), Decimal(0))
                    if not added:
                        own[0] -= 1
                        if abs(gap) <= slack:
                            yield kept
                    elif gap > slack:
                        yield from ([*kept, *extra] for extra in _subsets(
                            others, totals, gap, added, slack, own) if len(extra) == added)
                    if own[0] <= 0:
                        return

    for found_set in found():
        budget[0] -= spent - own[0]
        spent = own[0]
        yield found_set
    budget[0] -= spent - own[0]


def _cheapest(rows: list[_Row], subset: list[int], cost: Callable[[_Row, int], int],
              budget: list[int]) -> list[tuple[_Row, int]] | None:
    """The groups of ``subset`` given to rows (one each, rows left blank) at the least cost
    (for more than 10 groups: the cheapest pairs first)."""
    if len(subset) > len(rows):
        return None
    if len(subset) > 10:
        ranked = sorted((cost(row, g), r, g) for r, row in enumerate(rows) for g in subset)
        taken_rows: set[int] = set()
        given: dict[int, int] = {}
        for _, r, g in ranked:
            if r not in taken_rows and g not in given:
                taken_rows.add(r)
                given[g] = r
        return [(rows[r], g) for g, r in given.items()]
    best: dict[int, tuple[int, tuple[tuple[int, int], ...]]] = {0: (0, ())}
    for r, row in enumerate(rows):
        after = dict(best)
        for mask, (paid, pairs) in best.items():
            for k, g in enumerate(subset):
                if mask & (1 << k):
                    continue
                key, value = mask | (1 << k), paid + cost(row, g)
                if key not in after or value < after[key][0]:
                    after[key] = (value, (*pairs, (r, g)))
        best = after
        budget[0] -= len(best) * len(subset) // 8 + 1
    full = best.get((1 << len(subset)) - 1)
    return [(rows[r], g) for r, g in full[1]] if full else None


def _split(lines: list[Line], begins: Callable[[str, list[str]], bool]
           ) -> tuple[list[Line], list[Line], list[_Token]]:
    """A table's lines cut into its header (the lines before the first that ``begins`` the rows,
    given the line's text and words), its notes (sentences, long text lines) and the words of
    its rows as tokens in printed order; page numbers left out."""
    header: list[Line] = []
    notes: list[Line] = []
    tokens: list[_Token] = []
    started = False
    for k, (number, breaks, text) in enumerate(lines):
        stripped = text.strip()
        if not stripped or _page_number(stripped, lines, k):
            continue
        words = _words(stripped)
        if (not started and not begins(stripped, words)) or _STATED.match(stripped):
            header.append((number, breaks, text))  # (the unit and compiler, wherever printed)
            continue
        # (a whole row on its line, a long name and its figures, is no note)
        row = bool(_CODE.match(words[0])) and any(_FIGURE.match(w) for w in words[1:])
        if _SENTENCE.search(stripped) or (len(stripped) > 40 and not row and not all(
                _FIGURE.match(w) for w in words)):
            notes.append((number, 0, text))
            continue
        started = True
        tokens += [_Token(len(tokens) + k, number, w) for k, w in enumerate(words)]
    return header, notes, tokens


def _norm(text: str) -> str:
    """A name as names are compared: full-width parentheses, no spaces."""
    return text.replace("(", "（").replace(")", "）").replace(" ", "")


def _join_names(tokens: list[_Token], named: set[str], heard: set[str]) -> list[_Token]:
    """Pieces of a name that wrapped in its cell joined into one token where they make a name
    of the catalog, else where they have a wrapped cell's shape (``_wrapped_at``): a narrow
    cell's lines come one by one, its row's figures (printed on the
    cell's middle line) between them (``国家电影事业发展专`` ``300,000.00`` ``项资金``), or a
    line of its words set apart (``机关 事业 单位 基本 养老``). The tokens then stand one
    place each again."""
    full = {_norm(n) for n in named}
    starts = {n[:k] for n in full for k in range(1, len(n) + 1)}

    def piece(token: _Token) -> bool:
        return (not _FIGURE.match(token.text) and not _CODE.match(token.text)
                and token.text not in heard)

    # a wrapped cell's first lines fill its width: the longest name printed
    wrap = max((len(t.text) for t in tokens if piece(t)), default=0)
    out: list[_Token] = []
    spent: set[int] = set()
    for i, token in enumerate(tokens):
        if i in spent:
            continue
        best: list[int] = []
        if piece(token) and _norm(token.text) not in full:
            best = _catalog_at(tokens, i, piece, full, starts) or _wrapped_at(
                tokens, i, piece, wrap)
        if not best:
            out.append(token)
            continue
        spent.update(best)
        out.append(_Token(token.at, token.line, "".join(tokens[k].text for k in best)))
    return [_Token(k, t.line, t.text) for k, t in enumerate(out)]


def _catalog_at(tokens: list[_Token], i: int, piece: Callable[[_Token], bool], full: set[str],
                starts: set[str]) -> list[int]:
    """The pieces from ``i`` on that make the longest name of the catalog, the row's figures
    between them, or none."""
    text = _norm(tokens[i].text)
    if text not in starts:
        return []
    best: list[int] = []
    taken, j = [i], i + 1
    while j < len(tokens) and len(taken) < 12:
        if _FIGURE.match(tokens[j].text) and j - taken[-1] <= 4:
            j += 1  # the row's figures, printed between the lines of its name
            continue
        if not piece(tokens[j]) or text + _norm(tokens[j].text) not in starts:
            break
        text += _norm(tokens[j].text)
        taken.append(j)
        if text in full:
            best = list(taken)
        j += 1
    return best


def _wrapped_at(tokens: list[_Token], i: int, piece: Callable[[_Token], bool], wrap: int
                ) -> list[int]:
    """A name not in the catalog that wrapped in its cell: its lines follow one another
    without a blank line (one block of poppler's text), only the row's figures between them,
    and every line but the last fills the cell (as long as the longest name printed)."""
    taken = [i]
    j = i + 1
    while j < len(tokens) and len(taken) < 4 and len(tokens[taken[-1]].text) == wrap >= 4:
        line = tokens[taken[-1]].line
        while j < len(tokens) and _FIGURE.match(tokens[j].text) and tokens[j].line - line <= 1:
            j += 1
        if j == len(tokens) or not piece(tokens[j]) or not (
                0 < tokens[j].line - line <= 2) or len(tokens[j].text) > wrap:
            break
        taken.append(j)
        j += 1
    return taken if len(taken) > 1 else []


def rebuild(title: Line, lines: list[Line], width: int, economic: bool,
            catalog: dict[str, str], known: dict[str, Decimal] | None = None,
            same: dict[str, Decimal] | None = None, table_id: str = "",
            doubts: dict[int, str] | None = None, units: frozenset[str] = frozenset()
            ) -> list[Line]:
    """The lines of one coded table (all its pages) as one line per row: the header lines as
    printed, then ``code name figures…`` per row and ``合计 figures…``, then the table's notes.
    ``known``: line totals another coded table gave; ``same``: every row's 合计 (and the 合计
    row's) in the other table of all funds (表2 and 表3 print the same rows with the same
    totals), which decides the groups where reading order and sums alone do not. ``doubts``
    gets, by line, why a row's figures may be another row's. ``units``: the compilers' names
    the book states (``编制单位：… 上海市…局``), which a spreadsheet's page prints in a cell of
    its own among the rows: never a row's name."""
    named = set(catalog.values()) - _HEADER_WORDS - _LABEL_WORDS
    header, notes, tokens = _split(lines, lambda stripped, words: any(
        _FIGURE.match(w) or _CODE.match(w) for w in words) or stripped in named)
    # (a row's name printed among the header's words begins the rows too)
    heard = {w for _, _, text in header for w in text.split()} | _HEADER_WORDS | units
    # column labels printed among the rows (poppler put a header cell after some figures)
    late = [t.text for t in tokens if t.text in _LABEL_WORDS and t.text not in heard]
    heard |= _LABEL_WORDS
    tokens = _join_names(tokens, named, heard)
    figures = [t for t in tokens if _FIGURE.match(t.text)]
    values = [v for t in figures if (v := _value(t.text)) is not None]
    names = [t for t in tokens if not _FIGURE.match(t.text) and not _CODE.match(t.text)
             and t.text not in heard]
    rows = _codes(tokens, economic, catalog, frozenset(t.text for t in names))
    if not rows or len(values) != len(figures):
        return [title, *lines]
    flowing = _names(rows, names, catalog)
    whole = all(v == v.to_integral_value() for v in values)
    slack = Decimal(2) if whole else Decimal("0.02")
    at = [t.at for t in figures]
    labels = list(itertools.accumulate(
        (0, *(1 if not _FIGURE.match(t.text) and t.text not in heard else 0 for t in tokens))))
    placed = None
    # the cuts in reading order; failing those, again with a row's parts taken next to its
    # total before any figure goes to a total printed further back (a figure printed apart
    # from its row leaves a total open that every later figure could be a part of); codes
    # and names each in a run of their own: first with the groups printed right after a
    # row's name kept for it
    for near_first, kept in ((False, True), (True, True), (False, False), (True, False)):
        if kept and flowing:
            continue
        budget = [_BUDGET // 4 if kept else _BUDGET]  # (kept: a first try, kept short)
        for groups in itertools.islice(_groups(values, width, slack, budget,
                                               near_first=near_first), _CUTS):
            placed = _place(rows, groups, values, at, labels, slack, budget, known, kept=kept)
            if placed is not None:
                break
        if placed is not None:
            break
    if placed is None:  # parts printed far from their totals: cut by size, not by order
        budget = [_BUDGET // 6]  # (a last resort: kept short)
        for cover in itertools.islice(_covers(values, width, slack, budget, most=len(rows) + 1),
                                       _CUTS * 4):
            groups = [_in_columns(group) for group in cover]
            placed = _place(rows, groups, values, at, labels, slack, budget, known)
            if placed is not None:
                break
    tops = [same.get(r.code) for r in rows] + [same.get("合计")] if same else []
    given = same or _tree_totals(rows, known or {})
    if placed is not None and given and _disagreements(rows, placed, groups, values, given,
                                                       slack):
        # the other table of all funds (or the lines another coded table gave, summed up its
        # tree) gives rows another 合计: the figures fell into groups that add up but are not
        # this table's rows (a 合计 and its parts, taken for a 款 with two 项); those totals
        # decide the groups where they place
        again = _given_placed(rows, values, at, labels, slack, width, given)
        if again is not None:
            placed, groups = again
    if placed is None and given and not same:
        # no cut by reading order placed (parts printed far from their totals): the lines
        # another coded table gave, summed up the tree, give every row's 合计; a placement
        # that agrees with them all is taken
        again = _given_placed(rows, values, at, labels, slack, width, given)
        if again is not None:
            placed, groups = again
    if placed is None and tops and all(t is not None for t in tops):
        budget = [_BUDGET]
        for cut in itertools.islice(_given(values, [t for t in tops if t is not None], width,
                                           slack, budget), _CUTS):
            groups = cut
            placed = _place(rows, groups, values, at, labels, slack, budget, same)
            if placed is not None:
                break
    if placed is None and flowing and not all(row.sure for row in rows):
        # names only guessed mislead the search (a spreadsheet's code cells printed apart from
        # their rows, the names in the flow of figures): those rows go by sums and order alone
        for near_first in (False, True):
            budget = [_BUDGET]
            for groups in itertools.islice(_groups(values, width, slack, budget,
                                                   near_first=near_first), _CUTS):
                placed = _place(rows, groups, values, at, labels, slack, budget, known, True)
                if placed is not None:
                    break
            if placed is not None:
                break
    if placed is None:
        return [title, *lines]
    chosen, root = placed
    if not flowing:
        _renamed(rows, chosen, groups, at, names, catalog)
    else:  # (a guessed name gives way to the one printed right before the row's figures)
        _named_by_figures(rows, chosen, groups, at, names)
    if doubts is not None:
        doubts.update(_doubts(rows, chosen, groups, figures, at, labels, table_id))
    out: list[Line] = [title, *header,
                       *([(header[-1][0] if header else title[0], 0, " ".join(late))]
                         if late else [])]
    for row in rows:
        group = chosen.get(row.code)
        figures_text = [figures[j].text for j in groups[group]] if group is not None else []
        out.append((row.line, 0, " ".join([row.code, row.name, *figures_text])))
    if root is not None:
        out.append((figures[groups[root][-1]].line, 0,
                    " ".join(["合计", *(figures[j].text for j in groups[root])])))
    return out + notes


def _disagreements(rows: list[_Row], placed: tuple[dict[str, int], int | None],
                   groups: list[list[int]], values: list[Decimal], known: dict[str, Decimal],
                   slack: Decimal) -> int:
    """How many rows ``known`` gives a 合计 that the placement does not (blank: zero)."""
    chosen, _ = placed
    out = 0
    for row in rows:
        want = known.get(row.code)
        g = chosen.get(row.code)
        have = values[groups[g][0]] if g is not None else Decimal(0)
        out += want is not None and abs(want - have) > slack
    return out


def _agrees(rows: list[_Row], placed: tuple[dict[str, int], int | None],
            groups: list[list[int]], values: list[Decimal], same: dict[str, Decimal],
            slack: Decimal) -> bool:
    """Whether every row's 合计 (a blank row's: zero) is the one ``same`` gives it."""
    return not _disagreements(rows, placed, groups, values, same, slack)


def _tree_totals(rows: list[_Row], lines: dict[str, Decimal]) -> dict[str, Decimal]:
    """Every row's 合计 and the table's from the lines' (项) totals, summed up the tree (a
    line not given is blank); empty when none is given."""
    leaves = [r.code for r in rows if len(r.code) == 7]
    if not leaves or not any(code in lines for code in leaves):
        return {}
    out: dict[str, Decimal] = {}
    for code in leaves:
        value = lines.get(code, Decimal(0))
        for key in (code, code[:5], code[:3], "合计"):
            out[key] = out.get(key, Decimal(0)) + value
    return {key: value for key, value in out.items() if value}


def _given_placed(rows: list[_Row], values: list[Decimal], at: list[int], labels: list[int],
                  slack: Decimal, width: int, same: dict[str, Decimal]
                  ) -> tuple[tuple[dict[str, int], int | None], list[list[int]]] | None:
    """The placement whose groups have the totals ``same`` gives every row (a row it does not
    give was blank there: 表2 and 表3 list the same rows), or None."""
    tops = [same[r.code] for r in rows if same.get(r.code)]
    if "合计" not in same or 2 * len(tops) < len(rows):
        return None
    budget = [_BUDGET]
    for cut in itertools.islice(_given(values, [*tops, same["合计"]], width, slack, budget),
                                _CUTS):
        placed = _place(rows, cut, values, at, labels, slack, budget, same)
        if placed is not None and _agrees(rows, placed, cut, values, same, slack):
            return placed, cut
    return None


def _doubts(rows: list[_Row], chosen: dict[str, int], groups: list[list[int]],
            figures: list[_Token], at: list[int], labels: list[int], table_id: str
            ) -> dict[int, str]:
    """Rows whose figures were not printed right after their name while a row beside them (a
    blank 项 of the same 款) was left blank: their sums are the same either way, and the text
    no longer shows which row the figures stood in."""
    codes = {r.code for r in rows}

    def leaf(row: _Row) -> bool:
        return not any(c != row.code and c.startswith(row.code) for c in codes)

    out: dict[int, str] = {}
    for row in rows:
        g = chosen.get(row.code)
        if g is None or not leaf(row):
            continue
        start = at[groups[g][0]]
        if start >= row.anchor and labels[start] - labels[row.anchor] <= 1:
            continue  # printed right after its name
        blank = [r for r in rows if r.code not in chosen and leaf(r)
                 and _parent(r.code) == _parent(row.code) and r.code != row.code]
        if not blank:
            continue
        shown = "、".join(f"{r.code} {r.name}" for r in blank[:3]) + ("等" if len(blank) > 3 else "")
        amounts = "、".join(figures[j].text for j in groups[g])
        out[row.line] = (
            f"{table_id} {row.code} {row.name}：这一行的数（{amounts}）在无版式文本中没有紧跟行名印出，"
            f"同一上级下的空行（{shown}）也可能是它所在的行，合计数无法区分；"
            "已按印出顺序归入本行，请对照原文核对")
    return out
