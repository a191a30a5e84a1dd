"""Syntax mistakes of YAML and JSON files told in Chinese, at their place, with the fix.

The parsers' own messages ("mapping values are not allowed in this context") name the spot where
parsing broke, which is often a line after the mistake. Each function here looks at the text
around that spot for the mistakes officers make (a tab, an unclosed quote or bracket, a missing
colon or the space after it, full-width punctuation, a thousands comma) and says which one it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from generator.findings import Finding, Location, Severity

# Full-width forms of the characters YAML and JSON give a meaning to, and of the digits.
FULL_WIDTH_PUNCT = {"：": ":", "，": ",", "［": "[", "］": "]", "｛": "{", "｝": "}", "＂": '"',
                    "＇": "'", "－": "-", "．": "."}
_FULL_WIDTH_NUMBER = re.compile(r"^[+\-＋－]?[0-9０-９][0-9０-９,，]*([.．][0-9０-９]+)?\s*(万元|万|元)?$")
_KEY_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([^\s\"'#:：{}\[\],]+):(?=[^\s:/])")
_KEY_FULL_COLON = re.compile(r"^(\s*(?:-\s+)?)([^\s\"'#:：{}\[\],]{1,30})：")
_KEY_SPACE = re.compile(r"^(\s*(?:-\s+)?)([^\s\"'#:：{}\[\],]{1,30})\s+(\S.*)$")


@dataclass(frozen=True)
class Problem:
    """A syntax mistake: finding code, message, 1-based line and column."""

    code: str
    message: str
    line: int
    column: int

    def finding(self, name: str) -> Finding:
        return Finding(self.code, Severity.ERROR, self.message, (Location(name, self.line, self.column),))


def is_full_width_number(text: str) -> bool:
    """Whether ``text`` is a number typed (partly) in full-width digits or punctuation."""
    return (any(ch in text for ch in "０１２３４５６７８９，．＋－")
            and _FULL_WIDTH_NUMBER.match(text.strip()) is not None)


def half_width(text: str) -> str:
    """``text`` with full-width digits and punctuation made half-width (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def _content(line: str) -> str:
    """A line without its comment (a ``#`` after a space, outside quotes)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and (i == 0 or line[i - 1] in " \t:[{,-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def tab_problems(lines: list[str], limit: int = 20) -> list[Problem]:
    """Every line indented with a tab (YAML allows only spaces there)."""
    found = []
    for number, line in enumerate(lines, 1):
        indent = line[:len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            found.append(Problem("syntax.tab", "这一行用制表符（Tab）缩进：YAML 只能用空格缩进，"
                                 "请把 Tab 换成空格（与上一层对齐，通常每层两个空格）",
                                 number, indent.index("\t") + 1))
            if len(found) == limit:
                break
    return found


def _unclosed_quote(lines: list[str], upto: int) -> Problem | None:
    """The first line (up to line ``upto``) whose double or single quote is not closed on it."""
    for number in range(1, min(upto, len(lines)) + 1):
        text = _content(lines[number - 1])
        stripped = text.rstrip()
        double = [m.start() for m in re.finditer(r'(?<!\\)"', stripped)]
        if len(double) % 2 == 1:
            return _quote_problem('"', number, double[-1] + 1)
        single = re.search(r"(?:^|[:\-\[{,]\s*)'", stripped)
        if single and stripped.count("'") % 2 == 1:
            return _quote_problem("'", number, single.end())
    return None


def _quote_problem(quote: str, line: int, column: int) -> Problem:
    return Problem("syntax.quote", f"引号「{quote}」没有闭合：请在这段文字的末尾补上「{quote}」"
                   f"（文字本身含有「{quote}」时，请改用另一种引号括起来）", line, column)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _line_hint(lines: list[str], number: int, sibling_of: int | None = None) -> Problem | None:
    """A key line written ``名称:上海``, ``名称：上海`` or ``名称 上海``. A line without any colon
    is blamed only when it is not a list item and (given ``sibling_of``) sits at that line's
    indentation, where a key was due."""
    line = _content(lines[number - 1]).rstrip()
    if match := _KEY_FULL_COLON.match(line):
        key, rest = match[2], line[match.end():].strip()
        return Problem("syntax.full-width", f"冒号「：」是全角字符：YAML 只认半角冒号，"
                       f"请写成「{key}: {rest}」（半角冒号后加一个空格）", number, match.end())
    if match := _KEY_NO_SPACE.match(line):
        key, rest = match[2], line[match.end():].strip()
        return Problem("syntax.colon-space", f"冒号后缺少空格：请写成「{key}: {rest}」"
                       "（冒号后加一个空格，否则整行被当作一段文字）", number, match.end())
    if line.lstrip().startswith("-") or (sibling_of is not None
                                         and _indent(line) != _indent(lines[sibling_of - 1])):
        return None
    if ":" not in line and (match := _KEY_SPACE.match(line)):
        return Problem("syntax.colon", f"这一行缺少冒号：请写成「{match[2]}: {match[3]}」",
                       number, len(match[1]) + len(match[2]) + 1)
    if ":" not in line and (match := re.match(r"^(\s*(?:-\s+)?)(\S+)$", line)) and line.strip() != "-":
        return Problem("syntax.colon", f"这一行缺少冒号：项目「{match[2]}」后应有「: 值」"
                       "（或它是上一行文字的延续，请与上一行合并）", number, len(match[1]) + 1)
    return None


def _previous_lines(lines: list[str], number: int, count: int) -> list[int]:
    """Up to ``count`` non-blank, non-comment line numbers at or before ``number``, nearest first."""
    found = []
    for n in range(min(number, len(lines)), 0, -1):
        stripped = lines[n - 1].strip()
        if stripped and not stripped.startswith("#"):
            found.append(n)
            if len(found) == count:
                break
    return found


def _full_width_at(lines: list[str], line: int, column: int) -> Problem | None:
    """A full-width punctuation mark at (or just before) the place parsing stopped."""
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    for col in (column, column - 1, column - 2):
        if 1 <= col <= len(text) and text[col - 1] in FULL_WIDTH_PUNCT:
            mark = text[col - 1]
            return Problem("syntax.full-width", f"「{mark}」是全角字符：YAML/JSON 的标点要用半角，"
                           f"请改为「{FULL_WIDTH_PUNCT[mark]}」", line, col)
    return None


def yaml_problem(lines: list[str], context: str | None, context_at: tuple[int, int] | None,
                 problem: str, at: tuple[int, int]) -> Problem:
    """The mistake behind a YAML parser error (``context``/``problem`` as libyaml words them)."""
    line, column = at
    context = context or ""
    if "tab" in problem:
        return Problem("syntax.tab", "这一行用制表符（Tab）缩进：YAML 只能用空格缩进，请把 Tab 换成空格",
                       line, column)
    if full := _full_width_at(lines, line, column):
        return full
    if "quoted scalar" in context and context_at:
        row = lines[context_at[0] - 1] if context_at[0] <= len(lines) else ""
        mark = row[context_at[1] - 1:context_at[1]]
        return _quote_problem(mark if mark in ("'", '"') else '"', *context_at)
    if unclosed := _unclosed_quote(lines, line):
        return unclosed
    if "flow sequence" in context or "flow mapping" in context:
        return _bracket_problem(lines, context, context_at, at)
    if "flow node" in context and (opening := _open_bracket(lines, line)):
        return _bracket_problem(lines, "sequence" if opening[2] == "[" else "mapping", opening[:2], at)
    if "expected key" in problem and 1 <= line <= len(lines) and _AFTER_QUOTE.search(
            _content(lines[line - 1])):
        return Problem("syntax.quote", "引号后面还有文字：整段文字都要放在引号里（或去掉引号）",
                       line, column)
    if "simple key" in context and context_at and (hint := _line_hint(lines, context_at[0])):
        return hint
    if "mapping values are not allowed" in problem:
        above = _previous_lines(lines, line, 2)[1:]
        if above and line <= len(lines) and _indent(lines[line - 1]) > _indent(lines[above[0] - 1]) \
                and re.match(r"^\s*(-\s+)?[^\s:]+:\s+\S", _content(lines[above[0] - 1])):
            return Problem("syntax.indent", "这一行比上一行缩进多，但上一行已经写了值，下面不能再有下级项目："
                           "请把这一行与上一行对齐", line, _indent(lines[line - 1]) + 1)
        for number in _previous_lines(lines, line, 3)[1:]:
            if hint := _line_hint(lines, number, sibling_of=line):
                return hint
        return Problem("syntax.colon", "这里不能再出现「: 」：一行只能写一个「名称: 值」；若文字本身含有"
                       "「: 」，请给整段文字加引号", line, column)
    if "expected '-'" in problem:
        return Problem("syntax.indent", "这里应为列表的一项（以「- 」开头）：同一层不能既有列表项"
                       "又有「名称: 值」，请检查缩进", line, column)
    if "expected key" in problem or "block end" in problem:
        return Problem("syntax.indent", "缩进不对齐：同一层的项目必须用相同数量的空格缩进，"
                       "请检查这一行和上面几行的缩进", line, column)
    if "end of stream" in problem:
        return Problem("syntax.truncated", "文件在此意外结束：文件可能不完整，或引号、括号没有闭合",
                       line, column)
    if "anchor" in problem or "alias" in problem or "anchor" in context:
        return Problem("syntax.alias", "不支持锚点和别名（& 和 *）：请把内容直接写出", line, column)
    if "tag" in problem or "tag" in context:
        return Problem("syntax.tag", "不支持以「!」开头的标记：请删去它", line, column)
    if "cannot start any token" in problem:
        return Problem("syntax.error", "这里的字符不能出现在一项的开头（「@」「`」「%」等）：若这是文字，"
                       "请给整段文字加引号", line, column)
    return Problem("syntax.error", "无法识别这一处的写法：请检查冒号、引号、括号和缩进", line, column)


_AFTER_QUOTE = re.compile(r"""(?:^|[:\-]\s)\s*("[^"]*"|'[^']*')\s*[^\s#,\]}]""")


def _open_bracket(lines: list[str], upto: int) -> tuple[int, int, str] | None:
    """The last ``[`` or ``{`` (line, column, mark) left open up to line ``upto``, outside quotes."""
    stack: list[tuple[int, int, str]] = []
    for number in range(1, min(upto, len(lines)) + 1):
        text, quote = _content(lines[number - 1]), ""
        for i, ch in enumerate(text):
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'" and (i == 0 or text[i - 1] in " [{,:"):
                quote = ch
            elif ch in "[{":
                stack.append((number, i + 1, ch))
            elif ch in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def _bracket_problem(lines: list[str], context: str, context_at: tuple[int, int] | None,
                     at: tuple[int, int]) -> Problem:
    opening, closing, what = ("[", "]", "方括号") if "sequence" in context else ("{", "}", "花括号")
    if context_at and at[0] > context_at[0]:
        return Problem("syntax.bracket", f"{what}「{opening}」没有闭合：请在这一组的末尾补上「{closing}」",
                       *context_at)
    return Problem("syntax.bracket", f"{what}里两项之间缺少逗号「,」，或{what}没有闭合："
                   f"请检查这一处（每项之间用半角逗号分隔，末尾是「{closing}」）", *at)


_JSON_MESSAGES = {
    "Expecting ',' delimiter": ("syntax.comma", "缺少逗号「,」：两项之间要用半角逗号分隔，或括号没有闭合"),
    "Expecting ':' delimiter": ("syntax.colon", "缺少冒号「:」：请写成 \"名称\": 值"),
    "Expecting value": ("syntax.error", "这里缺少值：可能多了一个逗号，或值没有写"),
    "Expecting property name enclosed in double quotes": (
        "syntax.quote", "名称要用半角双引号括起来（\"名称\"），最后一项后面也不能有逗号"),
    "Unterminated string starting at": ("syntax.quote", "引号「\"」没有闭合：请在这段文字的末尾补上「\"」"),
    "Invalid control character at": ("syntax.error", "文字中不能直接换行或含控制字符：换行请写成 \\n"),
    "Extra data": ("syntax.error", "JSON 已经结束，后面还有多余的内容：请删去，或检查括号是否配对"),
    "Invalid \\escape": ("syntax.error", "无效的转义：文字中的反斜杠「\\」要写成「\\\\」"),
}


def json_problem(text: str, msg: str, index: int, line: int, column: int) -> Problem:
    """The mistake behind a :class:`json.JSONDecodeError` (``msg`` at character ``index``)."""
    lines = text.split("\n")
    before, after = text[max(0, index - 20):index], text[index:index + 10]
    if re.search(r"[0-9],\s*$", before) and re.match(r"[0-9]{3}", after):
        number = re.search(r"[0-9.]+,\s*$", before)
        shown = (number[0] if number else "") + re.match(r"[0-9.,]+", after)[0]  # type: ignore[index]
        where = index - len(number[0]) if number else index
        line_start = text.rfind("\n", 0, where) + 1
        return thousands_problem(shown.replace(" ", ""), text.count("\n", 0, where) + 1,
                                 where - line_start + 1, json=True)
    if full := _full_width_at(lines, line, column):
        return full
    if msg.startswith("Expecting value") and index >= len(text.rstrip()):
        return Problem("syntax.truncated", "文件在此意外结束：文件可能不完整，或括号没有闭合", line, column)
    for english, (code, chinese) in _JSON_MESSAGES.items():
        if msg.startswith(english):
            return Problem(code, chinese, line, column)
    return Problem("syntax.error", "无法识别这一处的写法：请检查引号、逗号、冒号和括号", line, column)


def thousands_problem(shown: str, line: int, column: int, json: bool = False) -> Problem:
    """An amount split by its thousands commas inside ``{…}`` (or anywhere in JSON)."""
    plain = shown.replace(",", "")
    where = "JSON 里" if json else "花括号「{…}」里"
    quoted = "" if json else f"，或加引号写成 \"{shown}\""
    return Problem("syntax.thousands-comma", f"金额 {shown} 被逗号拆开了：{where}逗号用来分隔各项，"
                   f"请去掉千位分隔符写成 {plain}{quoted}", line, column)
