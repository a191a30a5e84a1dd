"""财政项目支出绩效目标申报表 read back: the labelled cells of the head, the 项目资金 block, the
two goals and the indicator tree (一级 → 二级 → 三级 and 指标值)."""

from __future__ import annotations

import re
from typing import Any

from generator.source.importers.book.pages import Block, Cell, is_amount, widen
from generator.source.importers.book.projects import text_value
from generator.source.importers.book.structure import squeeze

LEVEL1 = ("成本指标", "产出指标", "效益指标", "满意度指标")
LEVEL2 = {
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
OWNER = {l2: l1 for l1, l2s in LEVEL2.items() for l2 in l2s}
HEAD = {"项目名称": "项目名称", "项目性质": "项目性质", "项目类别": "项目类别", "主管部门": "主管部门",
        "实施单位": "实施单位", "计划开始日期": "计划开始日期", "计划完成日期": "计划完成日期"}
FUNDS = {"项目资金总额": "项目资金总额", "其中：财政资金": "财政资金", "年度资金申请总额": "年度资金申请总额",
         "其中：当年财政拨款": "当年财政拨款", "上年结转资金": "上年结转资金"}
SKIP = {"一级指标", "二级指标", "三级指标", "年度(/项目)指标值", "年度（/项目）指标值", "绩效指标",
        "项目绩效目标", "项目总目标", "年度总体目标"}


def _date(text: str) -> str:
    match = re.match(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text)
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else text


LABELS = set(HEAD) | set(FUNDS) | {"其他资金", "项目资金"}
_LABEL_FIRST = re.compile(
    r"^(" + "|".join(map(re.escape, sorted(LABELS, key=len, reverse=True))) + r")\s+(\S.*)$")


def _pieces(block: Block) -> list[Cell]:
    """A layout-text line's runs, a label and its value set one space apart cut in two."""
    out: list[Cell] = []
    for cell in block.cells or block.header_cells:
        match = _LABEL_FIRST.match(cell.text.strip())
        if match:
            at = cell.x + len(match[1]) + 1
            out += [Cell(match[1], cell.x, cell.x + len(match[1])), Cell(match[2], at, cell.right)]
        else:
            out.append(cell)
    return out


def _near(a: Cell, b: Cell) -> bool:
    return a.x < b.right and b.x < a.right


def _lines(blocks: list[Block]) -> tuple[list[Block], list[int]]:
    """Layout paragraphs cut into their lines (each placed), with the paragraph each came from."""
    out: list[Block] = []
    origin: list[int] = []
    for k, block in enumerate(blocks):
        texts = [c.text for c in block.lines]
        if block.is_row or len(texts) < 2 or widen("".join(texts)) != block.text:
            out.append(block)
            origin.append(k)
            continue
        for n, cell in enumerate(block.lines):
            text = widen(cell.text)
            out.append(Block(block.page, block.line + n, text,
                             header_cells=[Cell(text, cell.x, cell.right)], lines=[cell]))
            origin.append(k)
    return out, origin


def _unwrap(original: list[Block]) -> list[Block]:
    """Layout text of the form heads: a narrow column wraps a label ("项目" / "类别") or a value
    over the lines above and below the line with the rest of the row. Those lines' runs are put
    back into that row at their place, label or value by what they spell joined. A line between
    two rows goes with the one below unless the row above wrapped onto its line above too."""
    blocks, origin = _lines(original)
    pieces = [_pieces(b) if not b.exact else [] for b in blocks]
    labelled = [any(squeeze(c.text) in LABELS for c in p) for p in pieces]
    used: set[int] = set()
    rows: dict[int, Block] = {}

    def loose(i: int, j: int, line: int) -> list[Cell]:
        if (0 <= j < len(blocks) and j not in used and not blocks[j].exact and not labelled[j]
                and blocks[j].page == blocks[i].page and blocks[j].line == line and pieces[j]
                and not any(squeeze(c.text) in SKIP for c in pieces[j])):
            return pieces[j]
        return []

    for i, block in enumerate(blocks):
        if i in used or block.exact or not labelled[i]:
            continue
        above = loose(i, i - 1, block.line - 1)
        below = loose(i, i + 1, block.line + 1)
        if below and not above and i + 2 < len(blocks) and labelled[i + 2] and (
                blocks[i + 2].line == block.line + 2):
            below = []  # the row below's wrapped first line
        used.update(j for j, got in ((i - 1, above), (i + 1, below)) if got)
        row = list(pieces[i])
        for top in above + [c for c in below if not any(_near(c, a) for a in above)]:
            under = next((c for c in below if _near(top, c) and c is not top), None)
            parts = [top] if under is None else [top, under]
            text = "".join(c.text.strip() for c in parts)
            value = next((c for c in row if _near(top, c) and squeeze(c.text) not in LABELS), None)
            if value is not None and squeeze(text) not in LABELS:
                head = top.text.strip() if top in above else ""
                tail = "".join(c.text.strip() for c in parts if c in below)
                row[row.index(value)] = Cell(head + value.text.strip() + tail, value.x, value.right)
            else:
                row.append(Cell(text, top.x, max(c.right for c in parts)))
        row.sort(key=lambda c: c.x)
        rows[i] = Block(block.page, block.line, " ".join(c.text for c in row), row)
    out: list[Block] = []
    k = 0
    while k < len(blocks):  # what is left of each paragraph, joined again
        if k in rows or k in used:
            out += [rows[k]] if k in rows else []
            k += 1
            continue
        run = [k]
        while (run[-1] + 1 < len(blocks) and run[-1] + 1 not in rows and run[-1] + 1 not in used
               and origin[run[-1] + 1] == origin[k]):
            run.append(run[-1] + 1)
        whole = original[origin[k]]
        if len(run) == len(whole.lines) or len(whole.lines) < 2 or blocks[k] is whole:
            out.append(whole)
        else:
            lines = [c for j in run for c in blocks[j].lines]
            out.append(Block(whole.page, blocks[k].line, "".join(blocks[j].text for j in run),
                             lines=lines))
        k = run[-1] + 1
    return out


def split_forms(blocks: list[Block]) -> list[list[Block]]:
    """The rows of each form: a form starts at a 项目名称 row. The line the form prints under
    its title (the project's name) comes first, as a 项目名称 row of its own: it names the
    project where the 项目名称 cell's text wrapped out of its row."""
    forms: list[list[Block]] = []
    heading: Block | None = None
    titled = True  # the form's title seen, its first line under it not yet (the part begins
    # under the first form's title)
    for block in _unwrap(blocks):
        text = squeeze(block.text)
        year = re.match(r"^[(（]\d{4}年度[)）]$", text)
        if not block.is_row and not year:
            if text.endswith("绩效目标申报表"):
                heading, titled = None, True
            elif titled:
                heading, titled = block, False
        if block.is_row and squeeze(block.cells[0].text) == "项目名称":
            forms.append([])
            if heading is not None and heading.text.strip() and len(text) <= 60:
                name = heading.text.strip()
                forms[-1].append(Block(heading.page, heading.line, name,
                                       [Cell("项目名称", 0, 0), Cell(name, 1, 1)], True))
            heading = None
        if forms and (block.is_row or not year):
            forms[-1].append(block)
    return forms


def read_form(rows: list[Block]) -> dict[str, Any]:
    """One form's values, keyed as the data file's 绩效目标申报表."""
    form: dict[str, Any] = {}
    funds: dict[str, str] = {}
    other_seen = 0
    goals: list[str] = []
    in_goals = False
    indicators: dict[str, dict[str, list[dict[str, str]]]] = {}
    level1 = level2 = ""
    annual_x = 1e9
    pending: list[dict[str, str]] = []
    for block in rows:
        if not block.is_row:
            if in_goals:
                goals.append(block.text)
            continue
        texts = [squeeze(c.text) if len(c.text) < 30 else c.text.strip() for c in block.cells]
        labels = [t for t in texts if t in HEAD]
        if labels:
            for i, text in enumerate(texts):
                if text in HEAD and i + 1 < len(texts) and texts[i + 1] not in HEAD:
                    value = texts[i + 1]
                    form[HEAD[text]] = _date(value) if "日期" in text else value
            continue
        if any(t in FUNDS or t == "其他资金" or t.startswith("项目资金") for t in texts):
            for i, text in enumerate(texts):
                amount = texts[i + 1] if i + 1 < len(texts) and is_amount(texts[i + 1]) else None
                if text == "其他资金":
                    key = "其他资金" if other_seen == 0 and i < len(texts) - 2 else "年度其他资金"
                    other_seen += 1
                    if amount is not None:
                        funds[key] = amount.replace(",", "")
                elif text in FUNDS and amount is not None:
                    funds[FUNDS[text]] = amount.replace(",", "")
            continue
        if "项目总目标" in texts or "年度总体目标" in texts:
            in_goals = True
            annual = next((c for c in block.cells if squeeze(c.text) == "年度总体目标"), None)
            total = next((c for c in block.cells if squeeze(c.text) == "项目总目标"), None)
            annual_x = 1e9 if annual is None else (
                annual.x - 0.5 if block.exact or total is None else (total.right + annual.x) / 2)
            continue
        if "一级指标" in texts:
            in_goals = False
            continue
        if in_goals:
            for cell in block.cells:
                if squeeze(cell.text) in SKIP:
                    continue
                key = "年度总体目标" if cell.x >= annual_x else "项目总目标"
                form[key] = (form.get(key, "") + cell.text.strip()).strip()
            in_goals = not block.exact  # layout text: the goals run over several lines
            continue
        rest = []
        for text in texts:
            if text in LEVEL1:
                level1, level2 = text, ""
            elif text in OWNER:
                level2 = text
                level1 = OWNER[text]
            elif text not in SKIP:
                rest.append(text)
        if len(rest) >= 2:
            entry = {"名称": "".join(rest[:-1]), "指标值": rest[-1]}
            if level1 and level2:
                group = indicators.setdefault(level1, {}).setdefault(level2, [])
                group.extend(pending)
                pending.clear()
                group.append(entry)
            else:  # above the first group's label (a merged cell centred lower down)
                pending.append(entry)
    if funds:
        order = ["项目资金总额", "财政资金", "其他资金", "年度资金申请总额", "当年财政拨款",
                 "上年结转资金", "年度其他资金"]
        # totals are derived from their parts: keep the parts, and a total only when no part is printed
        kept = {k: funds[k] for k in order if k in funds}
        if any(k in kept for k in ("财政资金", "其他资金")):
            kept.pop("项目资金总额", None)
        if any(k in kept for k in ("当年财政拨款", "上年结转资金", "年度其他资金")):
            kept.pop("年度资金申请总额", None)
        form["项目资金"] = kept
    if goals and "年度总体目标" not in form:
        form["年度总体目标"] = goals[-1]
    for key in ("项目总目标", "年度总体目标"):
        if key in form:  # items run together in one line of text ("…； 2、…")
            form[key] = re.sub(r"(?<=[；;。])\s+(?=\d{1,2}、)", "\n", form[key])
        if key in form and "\n" in form[key]:
            form[key] = text_value([Block(0, 0, part) for part in form[key].split("\n")])
    form["绩效指标"] = {l1: indicators[l1] for l1 in LEVEL1 if l1 in indicators}
    return form
