"""Where each part of a book starts: the cover, the narrative sections, the nine tables (by
their standard names), the 项目经费情况说明 and the 申报表. Works on titles as the official
template words them, whatever the numbering or the unit/department wording around them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from generator.source.importers.book.pages import LIST_NUMBER, Block

# Standard names of the nine tables; longer names first where one contains another.
TABLE_TITLES: tuple[tuple[str, str], ...] = (
    ("表4", "财政拨款收支预算总表"),
    ("表1", "财务收支预算总表"),
    ("表2", "收入预算总表"),
    ("表3", "支出预算总表"),
    ("表5", "一般公共预算支出功能分类预算表"),
    ("表6", "政府性基金预算支出功能分类预算表"),
    ("表7", "国有资本经营预算支出功能分类预算表"),
    ("表8", "一般公共预算基本支出部门预算经济分类预算表"),
    ("表9", "经费和机关运行经费预算表"),
)

SECTION_PATTERNS: tuple[tuple[str, str], ...] = (
    ("functions", r"^(?:[一二三四五六七八九十]+、)?.{0,70}?主要职能$"),
    ("organisation", r"^(?:[一二三四五六七八九十]+、)?.{0,70}?机构设置$"),
    ("glossary", r"^(?:[一二三四五六七八九十]+、)?名词解释$"),
    ("explanation", r"^(?:[一二三四五六七八九十]+、)?(?:\d{4}年)?.{0,6}预算编制说明$"),
    ("tables", r"^(?:[一二三四五六七八九十]+、)?(?:单位|部门)预算表$"),
    ("other", r"^(?:[一二三四五六七八九十]+、)?其他相关情况说明$"),
    ("projects", r"^(?:[一二三四五六七八九十]+、)?项目经费情况说明$"),
    ("forms", r"^财政项目支出绩效目标申报表$"),
)


def squeeze(text: str) -> str:
    """Text without spaces, as titles are compared."""
    return re.sub(r"\s+", "", text)


def _is_toc_entry(text: str) -> bool:
    return bool(re.search(r"\.{4,}|…{2,}|\s\d{1,3}$", text))


def is_toc_title(text: str) -> bool:
    """The 目录 heading, however its two characters are spaced out."""
    return squeeze(text) in ("目录", "目錄")


def _numbered(text: str) -> bool:
    return bool(re.match(r"^\d+[.、．]\s*", text))


def table_of(text: str) -> str | None:
    """The 表N a title paragraph names (continuation titles "表8 …（续）" included)."""
    plain = squeeze(text)
    if len(plain) > 60 or _is_toc_entry(text) or plain.startswith("注"):
        return None
    for table_id, name in TABLE_TITLES:
        if plain.endswith(name) or plain.endswith(name + "（续）") or plain.endswith(name + "(续)"):
            return table_id
    return None


def section_of(text: str) -> str | None:
    plain = squeeze(text)
    if len(plain) > 80 or _is_toc_entry(text):
        return None
    for key, pattern in SECTION_PATTERNS:
        if re.match(pattern, plain):
            return key
    return None


def is_heading(text: str) -> bool:
    """A line that is a title of its own: a table title, a section heading, 目录, a project's
    heading, a cover title, 编制单位 and 单位 lines."""
    plain = squeeze(text)
    return bool(table_of(text) or section_of(text) or is_toc_title(text) or caption(text)
                or re.search(r"(?:项目经费情况说明|单位预算|部门预算|预算表)$", plain)
                or re.match(r"^(?:编制(?:单位|部门)|(?:金额)?单位|预算(?:主管部门|单位))[:：]", plain)
                # a short numbered heading: "一、项目概述", "（二）支出预算"
                or re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)[^，。；：:]{1,20}$",
                            plain))


_COMPILED = re.compile(r"编制日期[:：]?(20\d{2})[年\-./](\d{1,2})")


def compiled_year(blocks: list[Block]) -> int | None:
    """The budget year a 编制日期 line implies: a book is compiled from the autumn before its
    year into the spring of it (编制日期：2024年12月 → 2025, 2025年1月 → 2025)."""
    for block in blocks:
        for text in (block.text, *(cell.text for cell in block.cells)):
            match = _COMPILED.search(squeeze(text))
            if match:
                year, month = int(match[1]), int(match[2])
                return year + 1 if month >= 9 else year
    return None


def _rows_before_title(blocks: list[Block]) -> list[Block]:
    """A table's rows printed before its title (the title under the first page of rows): the
    run of coded rows and 合计 rows ending a narrative part, taken out of it."""
    start = len(blocks)
    while start > 0 and blocks[start - 1].is_row and re.match(
            r"^(?:\d{3}(?:\d{2}){0,2}|合计|总计)$", squeeze(blocks[start - 1].cells[0].text)):
        start -= 1
    moved = blocks[start:]
    del blocks[start:]
    return moved


_CAPTION = re.compile(r"^(.{4,40}?表)(编制(?:单位|部门)[:：].+)$")


def caption(text: str) -> tuple[str, str] | None:
    """A table's caption printed as one run (the title, 编制单位 and 单位 set inline, as a browser
    lays out a caption's spans): its title and its 编制单位 text."""
    match = _CAPTION.match(squeeze(text))
    return (match[1], match[2]) if match and table_of(match[1]) else None


def _captions(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        parts = caption(block.text)
        out += [Block(block.page, block.line, t) for t in parts] if parts else [block]
    return out


_PAGE_MARK = re.compile(r"^(?:第\d+页(?:[，,]?共\d+页)?|[—\-–]*\d{1,4}[—\-–]*)$")
_UNIT = re.compile(r"(?:^|[^制])单位[:：](?:万?元)$")
_HEADER = re.compile(r"^(?:编制(?:单位|部门)|预算(?:主管部门|单位))[:：]")


def _title_text(block: Block) -> str:
    return block.text if not block.is_row or len(block.cells) == 1 else ""


def _own_title(blocks: list[Block], at: int) -> bool:
    """Whether the 编制单位 line at ``at`` stands under a title: nothing but a line or two of
    text (a page number, a running header) between them."""
    for back in range(at - 1, max(at - 4, -1), -1):
        if blocks[back].is_row:
            return False
        text = _title_text(blocks[back])
        if table_of(text) or section_of(text):
            return True
    return at == 0


def _stop(block: Block) -> bool:
    """A page's end (its number or running footer) or a title: where a table's text ends."""
    text = _title_text(block)
    return bool(_PAGE_MARK.match(squeeze(block.text)) or (text and (table_of(text) or section_of(text))))


def titles_to_their_tables(blocks: list[Block]) -> list[Block]:
    """Blocks with each table title put back above its table where the text has it under the
    table's rows: text in the order a page's content stream draws it (a spreadsheet's PDF draws
    its merged cells, the title and 编制单位 among them, after the grid; a viewer's copy keeps
    that order). A title is moved when no row follows it on its page, and above the rows (or
    the 科目/合计 header of an empty table) before it, on the same page and under no title of
    their own, stands an 编制单位 or 单位 line: it goes above that line."""
    out = list(blocks)
    for at in range(len(out)):
        text = _title_text(out[at])
        if not text or not table_of(text) or _numbered(text) or re.search(r"[（(]续[）)]$", squeeze(text)):
            continue
        after = at + 1
        while after < len(out) and not out[after].is_row and not _stop(out[after]):
            after += 1
        if after < len(out) and out[after].is_row:
            continue  # its rows under it: in order
        rows, back = False, at - 1
        while back >= 0:
            block = out[back]
            if block.page != out[at].page or not block.is_row and _stop(block):
                back = -1
                break
            rows |= block.is_row or bool(re.search(r"合计|科目", squeeze(block.text)))
            if not block.is_row and (_HEADER.match(squeeze(block.text))
                                     or _UNIT.search(squeeze(block.text))):
                break
            back -= 1
        if back < 0 or not rows or _own_title(out, back):
            continue
        out.insert(back, out.pop(at))
    return out


@dataclass
class Parts:
    """The book cut into its parts, each a list of blocks (titles excluded)."""

    cover: list[Block] = field(default_factory=list)
    sections: dict[str, list[Block]] = field(default_factory=dict)
    tables: dict[str, list[Block]] = field(default_factory=dict)
    titles: dict[str, Block] = field(default_factory=dict)


def split(blocks: list[Block]) -> Parts:
    """Cut ``blocks`` at section headings and table titles. The 目录 is skipped: it ends at the
    first block that is not an entry, or when a heading repeats a section it listed."""
    parts = Parts()
    current: list[Block] = parts.cover
    in_toc = False
    listed: set[str] = set()
    for block in titles_to_their_tables(_captions(blocks)):
        if not block.is_row and LIST_NUMBER.match(block.text):
            block = replace(block, text=LIST_NUMBER.sub("", block.text, count=1))
        text = _title_text(block)
        if is_toc_title(block.text):  # "目　录" spaced out reads as a row of two cells
            in_toc, current = True, []
            continue
        table_id = table_of(text) if text else None
        section = section_of(text) if text and not table_id else None
        if in_toc:
            bare = re.sub(r"(?:\.{4,}(?!\.)|…{2,}(?!…)|\s)+\d{1,3}(?=\D|$).*$", "", text)
            table_id = table_of(bare) if bare else None
            section = section_of(bare) if bare and not table_id else None
            entry = bool(table_id or section or _numbered(text) or _is_toc_entry(text))
            if entry and not (section and section in listed):
                listed.add(section or table_id or "")
                continue
            in_toc = False
        if table_id and not _numbered(text):
            # (a continuation title never follows its table's first rows: a running header
            # "表N …（续）" printed as text stands after the rows of the table before)
            moved = _rows_before_title(current) if current is not parts.tables.get(table_id) and \
                not any(current is t for t in parts.tables.values()) and \
                not re.search(r"[（(]续[）)]$", squeeze(text)) else []
            current = parts.tables.setdefault(table_id, [])
            current += moved
            parts.titles.setdefault(table_id, block)
            continue
        if section and (section != "forms" or "forms" not in parts.sections):
            current = parts.sections.setdefault(section, [])
            parts.titles.setdefault(section, block)
            continue
        current.append(block)
    return parts
