"""The narrative read back: cover, 主要职能, 机构设置, 名词解释, 预算编制说明 (reason, 科目说明,
prior-year figures), 其他相关情况说明 (三公 and 机关运行经费 prior figures, 政府采购, 绩效目标,
国有资产) and each project's 项目经费情况说明."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from generator.source.importers.book.pages import Block
from generator.source.importers.book.structure import is_toc_title, squeeze

WAN = Decimal(10000)
_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.、．](?!\d)|（\d{1,2}）|\(\d{1,2}\)|（[一二三四五六七八九十]+）)\s*")
NUM = r"[\d,]+(?:\.\d+)?"


def wan(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) * WAN


def strip_item(text: str) -> str:
    return _ITEM.sub("", text, count=1).strip()


def cover(blocks: list[Block]) -> dict[str, Any]:
    """预算年度, 地区, 级次, 类型 and the unit's name from the title page."""
    out: dict[str, Any] = {}
    texts = [squeeze(b.text) for b in blocks]
    for i, text in enumerate(texts):
        if re.match(r"^(?:预算单位|预算主管部门|单位名称|部门名称)[:：]", text):
            # (the 目录 heading letter-spaced, its characters on lines of their own, ends it too)
            while (i + 1 < len(texts) and not re.search(r"[:：]|\d{4}年|\.{4}|…{2}", texts[i + 1])
                   and not is_toc_title(texts[i + 1])
                   and not is_toc_title("".join(texts[i + 1:i + 3]))):
                text += texts.pop(i + 1)  # a long name wrapped onto the next line
            texts[i] = text
    for text in texts:
        match = re.match(r"^(.+?)(\d{4})年(市级|区级)?(单位预算|部门预算)(?:（更正版）)?$", text)
        if match and "年" not in out:
            level = match[3] or ("市级" if match[1] in ("上海市", "上海") else "区级")
            out.update({"地区": match[1], "预算年度": int(match[2]), "级次": level,
                        "类型": match[4]})
        match = re.match(r"^(?:预算单位|预算主管部门|单位名称|部门名称)[:：](.+)$", text)
        if match:
            out["名称"] = re.sub(r"目录$", "", match[1])  # (the heading run on into the name)
    return out


def functions(blocks: list[Block]) -> dict[str, Any] | None:
    if not blocks:
        return None
    lead: list[str] = []
    items: list[str] = []
    for block in blocks:
        text = block.text.strip()
        if squeeze(text) in ("主要职能包括：", "主要职能包括:"):
            continue
        if _ITEM.match(text) or items:
            items.append(strip_item(text))
        else:
            lead.append(text)
    return {"导语": "\n\n".join(lead), "条目": items}


def organisation(blocks: list[Block]) -> dict[str, Any] | None:
    if not blocks:
        return None
    text: list[str] = []
    units: list[str] = []
    for block in blocks:
        if _ITEM.match(block.text):
            units.append(strip_item(block.text))
        elif units:
            units[-1] += block.text
        else:
            text.append(block.text.strip())
    out: dict[str, Any] = {"说明": "\n\n".join(text)}
    if units:
        out["单位列表"] = units
    return out


_TERM = re.compile(r"^\s*(?:（[一二三四五六七八九十]+）|\d+[.、])?\s*([^：:]{1,20})[：:](.+)$")


def glossary(blocks: list[Block]) -> list[tuple[str, str, Block]]:
    """(term, definition, block) of each 名词解释 entry."""
    out = []
    for block in blocks:
        match = _TERM.match(block.text)
        if match:
            out.append((match[1].strip(), match[2].strip(), block))
    return out


def change(text: str, current: Decimal) -> Decimal | None:
    """The prior-year figure a comparison states: "比2024年预算增加22.79万元，增长4.25%" or
    "与2024年预算持平". The 万元 figure is rounded; the percentage, when given, picks the
    prior figure (to the yuan) that reproduces both."""
    text = text.lstrip("。")
    if re.match(r"^[，,]?(?:与|比)\d{4}年(?:预算)?持平", text):
        return current
    match = re.match(
        rf"^[，,]?比\d{{4}}年(?:预算)?(增加|减少)({NUM})万元(?:[，,](?:增长|下降)({NUM})%)?", text)
    if not match:
        return None
    sign = 1 if match[1] == "增加" else -1
    diff = wan(match[2])
    if current - sign * diff < 0:
        return None  # no budget was below nothing: the table's figure was not read
    if match[3] is None:
        return current - sign * diff
    pct = Decimal(match[3].replace(",", ""))
    for step in range(0, 51):
        for candidate in (diff + step, diff - step):
            prior = current - sign * candidate
            if prior > 0 and ((candidate / prior) * 100).quantize(Decimal("0.01"), "ROUND_HALF_UP") == pct:
                return prior
    return current - sign * diff


def after(text: str, marker: str) -> str | None:
    index = text.find(marker)
    return text[index + len(marker):] if index >= 0 else None


_USE = re.compile(
    rf"^\s*(?:\d{{1,2}}\s*[.、．])?\s*[“\"](.+?)[”\"]科目({NUM})万元(?:[，,]主要用于(.+?))?。?$")
_SOURCES = (("一般公共预算", "一般公共预算拨款支出预算"), ("政府性基金", "政府性基金拨款支出预算"),
            ("国有资本经营预算", "国有资本经营预算拨款支出预算"), ("财政拨款", "财政拨款支出预算"))


def explanation(blocks: list[Block]) -> dict[str, Any]:
    """变动原因, 科目说明 (by 科目 name, mapped to codes later) and the stated comparisons
    (key → text after the figure) of 预算编制说明."""
    out: dict[str, Any] = {"uses": [], "comparisons": {}}
    for block in blocks:
        text = squeeze(block.text)
        match = re.search(r"主要原因是[：:]?([^。；;]+)", text)
        if match and "变动原因" not in out:
            out["变动原因"] = match[1].strip()
            out["reason_block"] = block
        match = _USE.match(text)
        if match:
            out["uses"].append((match[1], wan(match[2]), (match[3] or "").rstrip("。"), block))
        for key, marker in _SOURCES:
            rest = after(text, marker)
            if rest is not None and key not in out["comparisons"]:
                rest = re.sub(rf"^为?{NUM}万元", "", rest)
                out["comparisons"][key] = (rest, block)
    return out


_VEHICLES = r"车辆(\d+)辆[，,]其中[:：]((?:[\u4e00-\u9fff]+用车\d+辆、?)+)"
_EQUIPMENT = r"单价100万元（含）以上设备（不含车辆）(\d+)台（套）"


def _assets(text: str) -> dict[str, Any]:
    """国有资产 as the book states them: the vehicles held by use and the large equipment, and
    those the year's budget buys."""
    out: dict[str, Any] = {}
    held = re.search(r"共有" + _VEHICLES + r"[；;]" + _EQUIPMENT, text)
    if held:
        out["vehicles"] = _by_use(held[2])
        out["equipment"] = int(held[3])
    if re.search(r"无车辆及单价100万元（含）以上设备", text):
        out["vehicles"], out["equipment"] = {}, 0
    planned = re.search(r"预算安排购置" + _VEHICLES + r"[；;].*?" + _EQUIPMENT, text)
    if planned:
        out["planned_vehicles"] = _by_use(planned[2])
        out["planned_equipment"] = int(planned[3])
    return out


def _by_use(listed: str) -> dict[str, int]:
    """``部级领导干部用车0辆、其他用车1辆``: the uses with any vehicle."""
    return {use: int(n) for use, n in re.findall(r"([\u4e00-\u9fff]+用车)(\d+)辆", listed) if int(n)}


def other(blocks: list[Block]) -> dict[str, Any]:
    """Figures of 其他相关情况说明 that the tables do not carry."""
    out: dict[str, Any] = {"three_public_changes": {}, "blocks": []}
    for block in blocks:
        text = squeeze(block.text)
        for key, marker in (("合计", "“三公”经费预算数为"), ("因公出国境费", "因公出国（境）费"),
                            ("公务用车购置费", "公务用车购置费"), ("公务用车运行费", "公务用车运行费"),
                            ("公务接待费", "公务接待费")):
            for match in re.finditer(re.escape(marker) + rf"({NUM})万元(。?[^；;。]*)", text):
                out["three_public_changes"].setdefault(key, (wan(match[1]), match[2], block))
        use = re.search(r"公务接待费[\d.,]+万元[^。]*?主要用于(.+?)。", text)
        if use:
            out["公务接待费用途"] = use[1]
        running = re.search(rf"机关运行经费预算为({NUM})万元(.*)$", text)
        if running:
            out["running_cost"] = (wan(running[1]), running[2], block)
        if "政府采购" in text:
            figures = {}
            for key, pattern in (("货物", "货物预算"), ("工程", "工程预算"), ("服务", "服务预算"),
                                 ("面向中小企业预留", "面向中小企业预留政府采购项目预算金额"),
                                 ("其中小微企业", "小型和微型企业的政府采购项目预算为")):
                found = re.search(re.escape(pattern) + rf"({NUM})万元", text)
                if found:
                    figures[key] = f"{found[1]}万"
            if figures:
                out.setdefault("procurement", {}).update(figures)
        count = re.search(rf"项目(?:绩效目标)?共?({NUM})个[，,]涉及(?:项目)?预算资金({NUM})万元", text)
        if count:
            perf: dict[str, Any] = {"项目数": int(count[1]), "金额": wan(count[2])}
            overall = re.search(r"整体绩效目标(\d+)个", text)
            policy = re.search(rf"政策绩效目标(\d+)个、?涉及预算资金({NUM})万元", text)
            if overall:
                perf["整体绩效目标数"] = int(overall[1])
            if policy:
                perf["政策绩效目标数"] = int(policy[1])
                perf["政策金额"] = f"{policy[2]}万"
            out["performance"] = perf
        as_of = re.search(r"截至(\d{4})年(\d{1,2})月(\d{1,2})日", text)
        if as_of and "as_of" not in out:
            out["as_of"] = f"{as_of[1]}-{int(as_of[2]):02d}-{int(as_of[3]):02d}"
        out.update(_assets(text))
        if re.search(r"(?<!均)为事业单位[，,]\d{4}年度?无机关运行经费", text):
            out["nature"] = "事业单位"  # (a 单位预算's own wording; a department says 均为)
        out["blocks"].append(block)
    return out
