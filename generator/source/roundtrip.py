"""Read a data file to edit it, and write it back as the officer wrote it.

YAML goes through ruamel.yaml's round-trip mode: comments, key order, flow (``{…}``) or block
style, quoting and indentation survive, so the written file differs from the read one only
where a value was changed. Numbers are kept as the text typed (:class:`Literal`), never as
floats. JSON is read keeping key order and number text, and written back in JSON with the
file's indentation.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


class Literal(str):
    """A number as typed in the file (``365207.36``, ``0``): written back unquoted, as is."""

    __slots__ = ()

    @classmethod
    def of(cls, value: Decimal | int) -> Literal:
        return cls(format(value, "f") if isinstance(value, Decimal) else str(value))


def _yaml(text: str) -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the officer kept on one
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.constructor.add_constructor(_INT_TAG, lambda _, node: Literal(node.value))
    yaml.constructor.add_constructor(_FLOAT_TAG, lambda _, node: Literal(node.value))
    yaml.representer.add_representer(Literal, lambda rep, value: rep.represent_scalar(
        _FLOAT_TAG if re.search(r"[.eE]", value) else _INT_TAG, str(value)))
    return yaml


def _indents(text: str) -> tuple[int, int, int]:
    """The file's block indentation as ruamel.yaml counts it: the step of nested mappings, and
    of a list under a key (``offset``: how far its dash sits in from the key)."""
    mapping, offset, key_indent = 0, None, None
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if stripped.startswith("- "):
            if offset is None and key_indent is not None:
                offset = indent - key_indent
            key_indent = None
            continue
        if indent and not mapping:
            mapping = indent
        key_indent = indent if re.match(r"[^\s#][^#]*:\s*(#.*)?$", stripped) else None
    mapping = mapping or 2
    offset = 2 if offset is None else max(offset, 0)
    return mapping, offset + 2, offset


def load(text: str, is_json: bool) -> Any:
    """The values of ``text``, ready to edit in place and :func:`dump` back."""
    if is_json:
        return json.loads(text, parse_int=Literal, parse_float=Literal)
    return _yaml(text).load(text)


def dump(data: Any, original: str, is_json: bool) -> str:
    """``data`` written as the ``original`` text was written."""
    if is_json:
        found = re.search(r"\n([ \t]+)\S", original)
        indent = found[1] if found else "  "
        return _json(data, indent, "") + "\n"
    out = io.StringIO()
    _yaml(original).dump(data, out)
    return out.getvalue()


def _json(node: Any, indent: str, pad: str) -> str:
    if isinstance(node, Literal):
        return str(node)
    if isinstance(node, Decimal | int) and not isinstance(node, bool):
        return Literal.of(node)
    if isinstance(node, dict) and node:
        inner = pad + indent
        items = [f"{inner}{json.dumps(key, ensure_ascii=False)}: {_json(value, indent, inner)}"
                 for key, value in node.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(node, list) and node:
        inner = pad + indent
        return "[\n" + ",\n".join(inner + _json(v, indent, inner) for v in node) + f"\n{pad}]"
    if isinstance(node, date):
        node = node.isoformat()
    return json.dumps(node, ensure_ascii=False)


def like(old: Any, new: str) -> Any:
    """``new`` written as ``old`` was: a date stays a date, a quoted text keeps its quotes."""
    if isinstance(old, date):
        return date.fromisoformat(new)
    if isinstance(old, str) and type(old) is not str:
        return type(old)(new)
    return new


def _last_key(node: Any) -> tuple[CommentedMap, Any] | None:
    """The innermost block mapping holding the last value of ``node``, and that value's key:
    where ruamel.yaml hangs the comments that follow a block (often those of the next key)."""
    found = None
    while isinstance(node, CommentedMap) and node and not node.fa.flow_style():
        key = list(node)[-1]
        found = (node, key)
        node = node[key]
    return found


def detach_tail(node: Any) -> Any:
    """Take away the comment that follows the last value of the block ``node`` (to put it
    back with :func:`attach_tail` once keys were added at its end)."""
    found = _last_key(node)
    if found is None:
        return None
    mapping, key = found
    entry = mapping.ca.items.get(key)
    if not entry or len(entry) < 3 or entry[2] is None:
        return None
    token, entry[2] = entry[2], None
    return token


def attach_tail(node: Any, token: Any) -> None:
    """Put ``token`` (from :func:`detach_tail`) after the block's last value again."""
    found = _last_key(node)
    if token is None or found is None:
        return
    mapping, key = found
    entry = mapping.ca.items.setdefault(key, [None, None, None, None])
    entry[2] = token


def insert(mapping: dict[str, Any], key: str, value: Any, before: list[str],
           flow: bool = False) -> None:
    """Put ``key`` into ``mapping`` before the first of the keys ``before`` it holds (at the
    end if none); ``flow`` writes a YAML mapping value on one line, ``{…}``."""
    if isinstance(value, dict) and isinstance(mapping, CommentedMap):
        node = CommentedMap(value)
        if flow:
            node.fa.set_flow_style()
        value = node
    keys = list(mapping)
    at = next((keys.index(k) for k in before if k in mapping), len(keys))
    if isinstance(mapping, CommentedMap):
        mapping.insert(at, key, value)
        return
    items = list(mapping.items())
    items.insert(at, (key, value))
    mapping.clear()
    mapping.update(items)
