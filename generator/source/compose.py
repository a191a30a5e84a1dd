"""Build the values of a YAML (or JSON) text from the parser's events, within fixed bounds.

PyYAML's own composer follows aliases (so a 1 KB "billion laughs" file expands to billions of
values) and recurses once per level of nesting. Here values are built from the event stream
with an explicit stack, and the work is bounded before anything is expanded:

* aliases (``*name``) are refused: a data file is one book written out, and refusing them
  removes expansion altogether (a cap on expanded values would still let a small file cost
  the cap every time it is read);
* nesting deeper than :data:`MAX_DEPTH`, more than :data:`MAX_VALUES` values, a list longer
  than :data:`MAX_ITEMS`, a text longer than :data:`MAX_TEXT` characters, texts longer than
  :data:`MAX_TOTAL_TEXT` in all, and explicit tags (``!!python/object``) each end the reading
  with one finding at the place.

libyaml's parser is used when present (it is about twenty times faster than the pure one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from generator.source.syntax import Problem, half_width, is_full_width_number, thousands_problem

MAX_DEPTH = 40  # the schema's deepest value is about 10 levels down
MAX_VALUES = 50_000  # the largest example book has about 3,000
MAX_ITEMS = 2_000  # lines, projects, indicators: a real book has tens
MAX_TEXT = 20_000  # characters in one text: a long 项目概述 has about 3,000
# Characters in the whole file's texts: the largest example has 10,800. Laying out the PDF costs
# about 45 µs a character, so this keeps a build within about 10 s.
MAX_TOTAL_TEXT = 80_000

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_SPLIT_GROUP = re.compile(r"^[0-9]{3}(\.[0-9]+)?$")
# What no text of a book may hold once the escapes of a quoted text are read ("\x00", "\e",
# "\ud800"): control characters but tab and newline (NUL is also the derivation's internal
# fact marker), lone surrogates and noncharacters. The raw file is checked before parsing.
_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

PathKey = tuple[str | int, ...]
Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Number(str):
    """An unquoted numeric scalar, kept as the text the user typed."""

    __slots__ = ()


class Stop(Exception):
    """Reading ends here: the problem makes the rest of the file unreadable or unbounded."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class _Frame:
    """A mapping or list being built."""

    value: dict[str, Any] | list[Any]
    path: PathKey | None  # None: inside a duplicate key's value, positions not recorded
    key: str | None = None  # the mapping key waiting for its value
    key_at: tuple[int, int] = (0, 0)
    flow: bool = False
    duplicate: bool = False  # the waiting key is a duplicate: its value is read, then dropped
    last: str | None = None  # the previous key of a flow mapping whose value was a plain number
    splits: dict[tuple[int, int], str] = field(default_factory=dict)  # amount position → as typed


@dataclass
class Composed:
    """The values of a text, their positions, duplicate keys and recoverable problems."""

    data: Any = None
    value_pos: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    duplicate_keys: list[tuple[PathKey, tuple[int, int]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _at(event: Event) -> tuple[int, int]:
    mark = event.start_mark
    return (1, 1) if mark is None else (mark.line + 1, mark.column + 1)


def _tag_problem(event: ScalarEvent | CollectionStartEvent) -> Problem:
    shown = str(event.tag).replace("tag:yaml.org,2002:", "!!")
    return Problem("syntax.tag", f"不支持标记「{shown}」：数据文件只能写文字、数字和列表，请删去这个标记",
                   *_at(event))


def _scalar(event: ScalarEvent, resolve: Any) -> Any:
    if event.tag not in (None, "!", _STR_TAG, _INT_TAG, _FLOAT_TAG):
        raise Stop(_tag_problem(event))
    if event.tag == _STR_TAG or event.style:  # quoted or block scalar: always text
        return event.value
    tag = event.tag or resolve(ScalarNode, event.value, (True, False))
    if tag in (_INT_TAG, _FLOAT_TAG):
        return Number(event.value)
    if tag == _BOOL_TAG:
        return event.value.lower() in ("true", "yes", "on", "y")
    if tag == _NULL_TAG:
        return None
    return event.value


class _Composer:
    def __init__(self, text: str):
        self.parser = Loader(text)
        self.out = Composed()
        self.stack: list[_Frame] = []
        self.values = 0
        self.chars = 0

    def run(self) -> Composed:
        try:
            self._events()
        finally:
            self.parser.dispose()
        return self.out

    def _events(self) -> None:
        documents = 0
        while True:
            event = self.parser.get_event()
            if event is None or isinstance(event, StreamEndEvent):
                return
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise Stop(Problem("syntax.documents", "一个文件只能有一本预算的数据：这里的「---」"
                                       "开始了第二份文档，请删去它或把第二份存为另一个文件", *_at(event)))
            elif isinstance(event, AliasEvent):
                raise Stop(Problem("syntax.alias", f"不支持别名「*{event.anchor}」：数据文件中的每一项请"
                                   "直接写出，不要用锚点和别名（& 和 *）引用别处的内容", *_at(event)))
            elif isinstance(event, ScalarEvent):
                self._count(event)
                self._text(event)
                self._scalar(event)
            elif isinstance(event, CollectionStartEvent):
                self._start(event)
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                self._end()

    def _count(self, event: Event) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            raise Stop(Problem("limit.values", f"文件中的数据项超过上限 {MAX_VALUES} 个：一本预算用不了"
                               "这么多，请检查文件是否损坏或是否把多本预算写进了一个文件", *_at(event)))

    def _text(self, event: ScalarEvent) -> None:
        size = len(event.value)
        if size > MAX_TEXT:
            raise Stop(Problem("limit.text", f"这段文字有 {size} 个字符，超过上限 {MAX_TEXT}："
                               "请检查文件是否损坏，或把它缩短", *_at(event)))
        self.chars += size
        if self.chars > MAX_TOTAL_TEXT:
            raise Stop(Problem("limit.text", f"文件中的文字到这里已超过 {MAX_TOTAL_TEXT} 字的上限："
                               "一本预算用不了这么多文字，请检查是否重复粘贴或把多本预算写进了一个文件",
                               *_at(event)))

    def _child_path(self) -> PathKey | None:
        """Path of the value about to start (``None`` for a mapping key or a skipped value)."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.path is None:
            return None
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        return None if top.key is None or top.duplicate else (*top.path, top.key)

    def _start(self, event: CollectionStartEvent) -> None:
        self._count(event)
        if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            raise Stop(_tag_problem(event))
        if len(self.stack) >= MAX_DEPTH:
            raise Stop(Problem("limit.depth", f"嵌套超过 {MAX_DEPTH} 层：预算数据用不了这么深的层次，"
                               "请检查括号和缩进", *_at(event)))
        if self.stack and isinstance(self.stack[-1].value, dict) and self.stack[-1].key is None:
            raise Stop(Problem("syntax.error", "项目名称只能是文字，这里写成了列表或「{…}」："
                               "请检查冒号和括号", *_at(event)))
        path = self._child_path()
        if path is not None:
            self.out.value_pos[path] = _at(event)
        value: dict[str, Any] | list[Any] = {} if isinstance(event, MappingStartEvent) else []
        self.stack.append(_Frame(value, path, flow=bool(event.flow_style)))

    def _end(self) -> None:
        frame = self.stack.pop()
        for at, shown in frame.splits.items():
            self.out.problems.append(thousands_problem(shown, *at))
        self._deliver(frame.value, None)

    def _visible(self, event: ScalarEvent) -> None:
        """Take out the hidden characters an escape wrote into a text, and say where: they
        never reach the derivation (a NUL would read as a figure) nor a writer."""
        bad = _HIDDEN.search(event.value)
        if bad is None:
            return
        shown = f"U+{ord(bad[0]):04X}"
        self.out.problems.append(Problem(
            "syntax.control", f"这段文字中有不可见的控制字符（{shown}，多由「\\x…」「\\e」「\\u…」"
            "这类转义写法产生）：请删去它", *_at(event)))
        event.value = _HIDDEN.sub("", event.value)

    def _scalar(self, event: ScalarEvent) -> None:
        self._visible(event)
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.value, dict) and top.key is None:
            self._key(top, event)
            return
        path = self._child_path()
        if path is not None:
            self.out.value_pos[path] = _at(event)
        value = _scalar(event, self.parser.resolve)
        if isinstance(value, str) and is_full_width_number(value):
            fixed = half_width(value).strip()
            self.out.problems.append(Problem(
                "syntax.full-width", f"「{value}」用了全角数字或符号：请改用半角，写成 {fixed}", *_at(event)))
            value = fixed
        self._deliver(value, event)

    def _key(self, top: _Frame, event: ScalarEvent) -> None:
        key = str(event.value)
        top.key, top.key_at = key, _at(event)
        assert isinstance(top.value, dict)
        if top.path is None:
            return
        path = (*top.path, key)
        top.duplicate = key in top.value
        if top.duplicate:
            self.out.duplicate_keys.append((path, _at(event)))
        else:
            self.out.key_pos[path] = _at(event)

    def _deliver(self, value: Any, event: ScalarEvent | None) -> None:
        if not self.stack:
            self.out.data = value
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            if len(top.value) >= MAX_ITEMS:
                line, column = self.out.value_pos.get(top.path or (), (1, 1))
                raise Stop(Problem("limit.items", f"这个列表超过 {MAX_ITEMS} 项：一本预算用不了这么多，"
                                   "请检查文件是否损坏", line, column))
            top.value.append(value)
            return
        key, top.key = top.key, None
        assert key is not None
        if top.flow and self._split_amount(top, key, value, event):
            return
        if top.duplicate or top.path is None:
            top.duplicate = False
            return  # a duplicate key: recorded, the first value kept
        top.value[key] = value
        plain_number = isinstance(value, Number) and event is not None and top.flow
        top.last = key if plain_number else None

    def _split_amount(self, top: _Frame, key: str, value: Any, event: ScalarEvent | None) -> bool:
        """``{人员经费: 150,000.00}`` reads as 150 and a key "000.00": join them, say so."""
        if (top.last is None or value is not None or event is None or event.value != ""
                or not _SPLIT_GROUP.match(key) or top.path is None):
            return False
        assert isinstance(top.value, dict)
        before = str(top.value[top.last])
        if "." in before:
            return False
        top.value[top.last] = Number(before + key)
        at = self.out.value_pos[(*top.path, top.last)]
        top.splits[at] = f"{top.splits.get(at, before)},{key}"
        self.out.key_pos.pop((*top.path, key), None)
        self.out.value_pos.pop((*top.path, key), None)
        if top.duplicate:
            self.out.duplicate_keys.pop()
            top.duplicate = False
        if "." in key:
            top.last = None
        return True


def compose(text: str) -> Composed:
    """The values of ``text``. Raises :class:`Stop` or ``yaml.YAMLError`` when it cannot be read."""
    return _Composer(text).run()
