"""Load a YAML or JSON data file into plain Python values, keeping the position of every value.

Numbers are never converted here: an unquoted number is kept as its literal source text in a
:class:`Number` (a ``str`` subclass), so money becomes ``Decimal`` from exactly what the user
typed, and a code typed without quotes (``0701``) can be reported instead of silently read as 449.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import InputError
from generator.findings import Location

PathKey = tuple[str | int, ...]

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"


class Number(str):
    """An unquoted numeric scalar, kept as the text the user typed."""

    __slots__ = ()


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
    """Read ``path`` (``.yaml``/``.yml``/``.json``). Raises :class:`InputError` if unreadable."""
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(shown, "找不到文件") from None
    except UnicodeDecodeError:
        raise InputError(shown, "文件不是 UTF-8 编码，请以 UTF-8 保存") from None
    except OSError as exc:
        raise InputError(shown, f"无法读取文件（{exc.strerror}）") from None
    return loads(text, shown)


def loads(text: str, name: str = "<data>") -> SourceDoc:
    """Parse ``text``; JSON when ``name`` ends in .json, YAML otherwise."""
    if name.endswith(".json"):
        try:
            json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise InputError(name, f"JSON 格式错误：{exc.msg}", exc.lineno, exc.colno) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        problem = exc.problem or str(exc)
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(name, f"YAML 格式错误：{problem}", line, col) from None
    except yaml.YAMLError as exc:
        raise InputError(name, f"YAML 格式错误：{exc}") from None
    doc = SourceDoc(name, None)
    doc.data = {} if root is None else _convert(root, (), doc)
    return doc


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: Node, path: PathKey, doc: SourceDoc) -> Any:
    doc.value_pos[path] = Location(doc.path, *_mark(node))
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else str(key_node)
            child = (*path, key)
            if key in out:
                doc.duplicate_keys.append((child, _mark(key_node)))
                continue
            doc.key_pos[child] = Location(doc.path, *_mark(key_node))
            out[key] = _convert(value_node, child, doc)
        return out
    if isinstance(node, SequenceNode):
        return [_convert(item, (*path, i), doc) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    if node.style is not None:  # quoted or block scalar: always text
        return node.value
    if node.tag in (_INT_TAG, _FLOAT_TAG):
        return Number(node.value)
    if node.tag == _BOOL_TAG:
        return node.value.lower() in ("true", "yes", "on", "y")
    if node.tag == _NULL_TAG:
        return None
    return node.value
