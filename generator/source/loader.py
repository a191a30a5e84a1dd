"""Load a YAML or JSON data file into plain Python values, keeping the position of every value.

Numbers are never converted here: an unquoted number is kept as its literal source text in a
:class:`Number` (a ``str`` subclass), so money becomes ``Decimal`` from exactly what the user
typed, and a code typed without quotes (``0701``) can be reported instead of silently read as 449.

Reading is bounded (see :mod:`generator.source.compose` and :data:`MAX_BYTES`) and a file that
is not well-formed raises :class:`SourceFindings`: Chinese findings at the place, with the fix.
"""

from __future__ import annotations

import errno
import json
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import InputError
from generator.findings import Finding, Location
from generator.source import syntax
from generator.source.compose import Number, PathKey, Stop, compose

__all__ = ["MAX_BYTES", "Number", "PathKey", "SourceDoc", "SourceFindings", "child", "is_missing",
           "load", "loads"]

MAX_BYTES = 2 * 1024 * 1024  # the largest example is 36 KB; a 20-project book about 150 KB


class SourceFindings(InputError):
    """The file cannot be read as data: the findings say where and why (exit code 1)."""

    def __init__(self, path: str, findings: list[Finding]):
        first = findings[0]
        where = first.locations[0] if first.locations else Location(path, 1, 1)
        super().__init__(path, first.message, where.line, where.column)
        self.findings = findings


@dataclass
class SourceDoc:
    """A loaded data file: its values and the position of each value and mapping key."""

    path: str
    data: Any
    # Positions are Locations, so a document assembled from several files (a department
    # rolled up from its units) can point each value at the file it came from.
    value_pos: dict[PathKey, Location] = field(default_factory=dict)
    key_pos: dict[PathKey, Location] = field(default_factory=dict)
    duplicate_keys: list[tuple[PathKey, tuple[int, int]]] = field(default_factory=list)
    # Mistakes the loader repaired to read on (a split amount, full-width digits): still errors.
    findings: list[Finding] = field(default_factory=list)

    def locate(self, path: PathKey) -> Location:
        """Position of the value at ``path``; falls back to the nearest enclosing value."""
        probe = tuple(path)
        while probe not in self.value_pos and probe:
            probe = probe[:-1]
        return self.value_pos.get(probe, Location(self.path, 1, 1))

    def locate_key(self, path: PathKey) -> Location:
        """Position of the mapping key that introduces ``path`` (or of the value if unknown)."""
        return self.key_pos.get(tuple(path)) or self.locate(path)

    def has(self, path: PathKey) -> bool:
        return tuple(path) in self.value_pos


_MISSING = object()


def child(node: Any, part: str | int) -> Any:
    """``node[part]`` for a loaded mapping or list; :func:`is_missing` tells when there is none."""
    if isinstance(node, dict) and isinstance(part, str):
        return node.get(part, _MISSING)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _MISSING


def is_missing(value: Any) -> bool:
    return value is _MISSING


def load(path: str | Path) -> SourceDoc:
    """Read ``path`` (``.yaml``/``.yml``/``.json``). Raises :class:`InputError` if unreadable
    and :class:`SourceFindings` if it is not well-formed or exceeds the limits."""
    shown = str(path)
    try:
        info = Path(path).stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(shown, "这不是一个数据文件（是目录或设备）")
        if info.st_size > MAX_BYTES:
            raise _too_large(shown, info.st_size)
        with Path(path).open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # the file may grow between the two looks
        if len(raw) > MAX_BYTES:
            raise _too_large(shown, len(raw))
    except FileNotFoundError:
        raise InputError(shown, "找不到文件") from None
    except OSError as exc:
        raise InputError(shown, _READ_ERRORS.get(exc.errno or 0, f"无法读取文件（{exc.strerror}）")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        raise InputError(shown, _encoding_message(raw, line), line, column,
                         code="file.encoding") from None
    return loads(text.replace("\r\n", "\n").replace("\r", "\n"), shown)


_READ_ERRORS = {
    errno.ELOOP: "无法读取文件：符号链接构成循环，请改正或删去这个链接",
    errno.EACCES: "无法读取文件：没有读取权限",
    errno.EPERM: "无法读取文件：没有读取权限",
    errno.EISDIR: "这不是一个数据文件（是目录）",
}

# YAML breaks lines at NEL and the Unicode line and paragraph separators, editors mostly do not:
# read as spaces, positions stay those the editor shows.
_ODD_BREAKS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})


def _too_large(shown: str, size: int) -> SourceFindings:
    return SourceFindings(shown, [syntax.Problem(
        "limit.size", f"文件有 {size / 1048576:.1f} MB，超过上限 {MAX_BYTES // 1048576} MB："
        "一本预算的数据文件通常不到 100 KB，请检查是否选错了文件", 1, 1).finding(shown)])


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, as an editor counts them) of the byte at ``offset``."""
    start = raw.rfind(b"\n", 0, offset) + 1
    before = raw[start:offset].decode("utf-8", errors="replace")
    return raw.count(b"\n", 0, offset) + 1, len(before) + 1


def _encoding_message(raw: bytes, line: int) -> str:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return (f"文件不是 UTF-8 编码的文字（第 {line} 行起无法识别）：可能不是数据文件或已损坏，"
                "请以 UTF-8 保存")
    return (f"文件不是 UTF-8 编码（看起来是 GBK/GB18030，第 {line} 行起）：请在编辑器中"
            "以 UTF-8 编码另存后再试")


# Characters YAML does not accept in a file (C0 and C1 controls but tab, newline and NEL).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def loads(text: str, name: str = "<data>") -> SourceDoc:
    """Parse ``text``; JSON when ``name`` ends in .json, YAML otherwise. Raises
    :class:`SourceFindings` with Chinese, located findings when it is not well-formed."""
    is_json = name.lower().endswith(".json")
    text = text.translate(_ODD_BREAKS)
    lines = text.split("\n")
    if bad := _CONTROL.search(text):
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise SourceFindings(name, [syntax.Problem(
            "syntax.control", f"文件中有不可见的控制字符（U+{ord(bad[0]):04X}）：请删去它；"
            "若整个文件都是乱码，它可能不是数据文件或已损坏", line, column).finding(name)])
    if is_json:
        _check_json(text, name)
        text = text.replace("\t", " ")  # JSON may indent with tabs; YAML may not
    else:
        tabs = syntax.tab_problems(lines)
        if tabs:
            raise SourceFindings(name, [p.finding(name) for p in tabs])
    try:
        composed = compose(text)
    except Stop as stop:
        raise SourceFindings(name, [stop.problem.finding(name)]) from None
    except yaml.MarkedYAMLError as exc:
        raise SourceFindings(name, [_yaml_problem(exc, lines).finding(name)]) from None
    except yaml.YAMLError:
        problem = syntax.Problem("syntax.error", "无法识别文件的写法：请检查冒号、引号、括号和缩进", 1, 1)
        raise SourceFindings(name, [problem.finding(name)]) from None
    doc = SourceDoc(name, {} if composed.data is None else composed.data)
    doc.value_pos = {path: Location(name, *at) for path, at in composed.value_pos.items()}
    doc.key_pos = {path: Location(name, *at) for path, at in composed.key_pos.items()}
    doc.duplicate_keys = composed.duplicate_keys
    doc.findings = [p.finding(name) for p in composed.problems]
    return doc


def _mark(mark: Any) -> tuple[int, int] | None:
    return None if mark is None else (mark.line + 1, mark.column + 1)


def _yaml_problem(exc: yaml.MarkedYAMLError, lines: list[str]) -> syntax.Problem:
    at = _mark(exc.problem_mark) or _mark(exc.context_mark) or (1, 1)
    return syntax.yaml_problem(lines, exc.context, _mark(exc.context_mark), exc.problem or "", at)


def _check_json(text: str, name: str) -> None:
    try:
        json.loads(text, parse_int=str, parse_float=str)
    except json.JSONDecodeError as exc:
        problem = syntax.json_problem(text, exc.msg, exc.pos, exc.lineno, exc.colno)
        raise SourceFindings(name, [problem.finding(name)]) from None
    except RecursionError:
        pass  # too deep: the composer says where
