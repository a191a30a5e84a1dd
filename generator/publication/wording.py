"""Narrative wording: Jinja2 templates under ``templates/narrative`` rendered into blocks.

Templates hold every sentence of the book; Python only passes figures. A template writes one
block per line: a plain line is a paragraph, ``[[h]]`` starts a sub-heading, ``[[note]]`` a note,
``[[item 1.]]`` a list item labelled ``1.`` (consecutive items form one list). Figures are
written with ``fact(id, value, unit)``, which leaves a marker that becomes a :class:`Fact` run,
so every writer gets the exact value and its identity, not a pre-formatted string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator.publication.model import (
    Block,
    Fact,
    Inline,
    ItemList,
    ListItem,
    Paragraph,
    Text,
    Unit,
)
from generator.resources import TEMPLATES

TEMPLATE_DIR = Path(TEMPLATES, "narrative")
_MARK = re.compile(r"\x00(\d+)\x00")
_ITEM = re.compile(r"^\[\[item (\S+)\]\]\s*")

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 22 → 二十二, 105 → 一百零五, 110 → 一百一十 (up to 9999; section and
    category numbering seldom pass twenty, but a long list must not break the book)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    if n >= 10000:
        return str(n)
    head, rest = divmod(n, 1000) if n >= 1000 else divmod(n, 100)
    unit, next_unit = ("千", 100) if n >= 1000 else ("百", 10)
    if rest == 0:
        return CN_DIGITS[head] + unit
    tail = cn_number(rest) if rest >= next_unit else "零" + cn_number(rest)
    if 10 <= rest < 20:
        tail = ("" if rest >= next_unit else "零") + "一" + cn_number(rest)
    return CN_DIGITS[head] + unit + tail


@dataclass(frozen=True)
class Change:
    """A figure against its prior-year value; the template words it (增加/减少/持平)."""

    current: Decimal
    prior: Decimal

    @property
    def diff(self) -> Decimal:
        return abs(self.current - self.prior)

    @property
    def direction(self) -> str:
        if self.current > self.prior:
            return "up"
        return "down" if self.current < self.prior else "flat"

    @property
    def pct(self) -> Decimal | None:
        """Percentage change from the exact values; ``None`` when the prior year is zero."""
        if self.prior == 0:
            return None
        return self.diff * 100 / self.prior

    def direction_at(self, wan_decimals: int) -> str:
        """The direction as the book prints it: a change too small to show in 万元 even at
        the finest precision :func:`wan_places` allows is worded 持平 (never "增加0.00万元")."""
        places = wan_places(self.diff, wan_decimals)
        if _rounded(self.diff / _TEN_THOUSAND, places) == 0:
            return "flat"
        return self.direction

    @property
    def pct_shown(self) -> bool:
        """Whether the rate prints as something (a rate rounding to 0.00% is left out)."""
        return self.pct is not None and _rounded(self.pct, 2) != 0


_TEN_THOUSAND = Decimal(10000)
MAX_WAN_PLACES = 4  # 0.0001万元 = 1元


def wan_places(value: Decimal, decimals: int) -> int:
    """Decimals to print ``value`` (元) in 万元: the book's ``decimals`` (选项.说明金额小数位),
    or as many more (up to 4) as a non-zero figure needs not to print as 0 — a 三公 of
    3,000元 in a book printing whole 万元 reads 0.3万元, never "0万元"."""
    if value == 0:
        return decimals
    for places in range(decimals, MAX_WAN_PLACES + 1):
        if _rounded(abs(value) / _TEN_THOUSAND, places) != 0:
            return places
    return decimals


def _rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


class _FactSink:
    def __init__(self) -> None:
        self.facts: list[Fact] = []

    def __call__(
        self, fact_id: str, value: Decimal | int, unit: str = "万元", decimals: int = 2
    ) -> str:
        self.facts.append(Fact(fact_id, Decimal(value), Unit(unit), decimals))
        return f"\x00{len(self.facts) - 1}\x00"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain text; every writer escapes for its own format
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals["cn"] = cn_number
    env.globals["wan_places"] = wan_places
    env.filters["cn"] = cn_number
    env.filters["cdate"] = lambda d: f"{d.year}年{d.month}月{d.day}日"
    return env


@cache
def phrases() -> dict[str, Any]:
    """Short wording (titles, headings, standard terms) from ``wording.yaml``."""
    with (TEMPLATE_DIR / "wording.yaml").open(encoding="utf-8") as fh:
        # libyaml where PyYAML has it: the pure-Python reader took ~0.1 s of every build here
        data: dict[str, Any] = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


@cache
def _phrase_template(key: str) -> jinja2.Template:
    node: Any = phrases()
    for part in key.split("."):
        node = node[part]
    return environment().from_string(str(node))


def phrase(key: str, **context: Any) -> str:
    """Render the short wording ``key`` (dotted path into wording.yaml) with ``context``."""
    return _phrase_template(key).render(**context).strip()


def render(template: str, **context: Any) -> tuple[Block, ...]:
    """Render a narrative template into paragraphs and lists."""
    sink = _FactSink()
    text = environment().get_template(template).render(fact=sink, **context)
    return parse_blocks(text, sink.facts)


def parse_blocks(text: str, facts: list[Fact]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    items: list[ListItem] = []

    def flush() -> None:
        if items:
            blocks.append(ItemList(tuple(items)))
            items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        item = _ITEM.match(line)
        if item:
            items.append(ListItem(item[1], _runs(line[item.end() :], facts)))
            continue
        flush()
        role = "body"
        for marker, name in (("[[h]]", "heading"), ("[[note]]", "note")):
            if line.startswith(marker):
                role, line = name, line[len(marker) :].strip()
        blocks.append(Paragraph(_runs(line, facts), role))
    flush()
    return tuple(blocks)


def _runs(line: str, facts: list[Fact]) -> tuple[Inline, ...]:
    runs: list[Inline] = []
    pos = 0
    for match in _MARK.finditer(line):
        if match.start() > pos:
            runs.append(Text(line[pos : match.start()]))
        runs.append(facts[int(match[1])])
        pos = match.end()
    if pos < len(line):
        runs.append(Text(line[pos:]))
    return tuple(runs)
