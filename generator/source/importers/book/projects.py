"""Each project's 项目经费情况说明: its title, then the seven standard parts (一、项目概述 …
七、绩效目标). A project starts wherever a 项目概述 heading follows a title."""

from __future__ import annotations

import re
from typing import Any

from generator.source.importers.book.narrative import NUM
from generator.source.importers.book.pages import Block
from generator.source.importers.book.structure import squeeze

PARTS = {"项目概述": "项目概述", "立项依据": "立项依据", "实施主体": "实施主体", "实施方案": "实施方案",
         "实施周期": "实施周期", "年度预算安排": "年度预算安排", "绩效目标": "绩效目标"}
_PART = re.compile(
    r"^(?:[一二三四五六七]、)?(项目概述|立项依据|实施主体|实施方案|实施周期|年度预算安排|绩效目标)$")
_LABEL = re.compile(r"^\s*(\d{1,2}、|\d{1,2}\.(?!\d)|（\d{1,2}）|\(\d{1,2}\)"
                    r"|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)\s*")
_NUMBERING = {"、": "1、", ".": "1.", "（": "（1）", "(": "（1）"}


def _title(text: str) -> str:
    plain = squeeze(text)
    plain = re.sub(r"^\d+[、.．]\s*项目名称[:：]", "", plain)
    plain = re.sub(r"^项目名称[:：]", "", plain)
    plain = re.sub(r"(?:项目)?经费情况说明$", "", plain)
    return plain or text.strip()


def _numbering(label: str) -> str:
    if re.match(r"（[一二三四五六七八九十]+）", label):
        return "（一）"
    if re.match(r"[一二三四五六七八九十]+、", label):
        return "一、"
    return _NUMBERING.get(label[-1] if label[-1] in "、." else label[0], "1、")


def text_value(blocks: list[Block]) -> Any:
    """Paragraphs as a string (one paragraph) or a list of paragraphs and numbered lists."""
    out: list[Any] = []
    for text in (block.text.strip() for block in blocks):
        match = _LABEL.match(text)
        if match and len(text) > len(match[0]):
            item = text[match.end():].strip()
            numbering = _numbering(match[1])
            if out and isinstance(out[-1], dict) and out[-1]["编号"] == numbering:
                out[-1]["列表"].append(item)
            elif not re.search(r"^\D*(?:1|一)\D*$", match[1]):
                out.append(text)  # a later number outside a list (a sub-heading): kept as printed
            else:
                out.append({"列表": [item], "编号": numbering})
        else:
            out.append(text)
    if len(out) == 1 and isinstance(out[0], str):
        return out[0]
    return out or None


def _period(text: str) -> dict[str, str] | None:
    dates = re.findall(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})", text)
    if len(dates) < 2:
        return None
    (y1, m1, d1), (y2, m2, d2) = dates[:2]
    return {"开始": f"{y1}-{int(m1):02d}-{int(d1):02d}", "结束": f"{y2}-{int(m2):02d}-{int(d2):02d}"}


def _budget(blocks: list[Block]) -> Any:
    texts = [b.text.strip() for b in blocks]
    items = []
    lead = ""
    for text in texts:
        match = re.match(rf"^\s*(?:\d{{1,2}}[、.]|（\d{{1,2}}）)\s*(.+?)({NUM})万元[；;。]?$", text)
        if match:
            items.append({"名称": match[1].strip(), "金额": f"{match[2]}万"})
            continue
        match = re.match(rf"^(.*?)共计[:：]?({NUM})万元[，,]其中[:：]$", text)
        if match:
            lead = match[1]
            continue
        if items:
            return text_value(blocks)
        lead = (lead + text) if lead else text
    if items:
        out: dict[str, Any] = {}
        if lead:
            out["说明"] = lead
        out["明细"] = items
        return out
    return text_value(blocks)


def read_projects(blocks: list[Block]) -> list[tuple[dict[str, Any], Block]]:
    """Projects in book order, each with the block of its title (for locating findings)."""
    starts = [i for i, b in enumerate(blocks)
              if not b.is_row and re.match(r"^(?:一、)?项目概述$", squeeze(b.text))]
    out: list[tuple[dict[str, Any], Block]] = []
    for n, start in enumerate(starts):
        title = blocks[start - 1] if start > 0 else blocks[start]
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(blocks)
        project: dict[str, Any] = {"名称": _title(title.text)}
        part: str | None = None
        gathered: dict[str, list[Block]] = {}
        for block in blocks[start:end]:
            if block.is_row:
                break
            match = _PART.match(squeeze(block.text))
            if match:
                part = match[1]
                gathered[part] = []
                continue
            if squeeze(block.text) == "财政项目支出绩效目标申报表":
                break
            if part:
                gathered[part].append(block)
        for key in PARTS:
            found = gathered.get(key)
            if not found:
                continue
            if key == "实施周期":
                period = _period(" ".join(b.text for b in found))
                if period:
                    project[key] = period
            elif key == "年度预算安排":
                project[key] = _budget(found)
            else:
                value = text_value(found)
                if value is not None:
                    project[key] = value
        out.append((project, title))
    return out
