"""Paths like ``项目[2].实施周期.开始`` that name one value of a data file (the workbook's 数据
sheet): parsed, checked against the schema, and turned back into nested mappings and lists."""

from __future__ import annotations

import difflib
import re
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from generator.source.schema import Book

Segment = str | int
_PATH = re.compile(r"^[^.\[\]\s]+(\[\d+\])*(\.[^.\[\]\s]+(\[\d+\])*)*$")
_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse(path: str) -> list[Segment] | None:
    """``项目[2].名称`` → ``["项目", 2, "名称"]`` (list items counted from 1); ``None`` if the
    text is not a path."""
    path = path.strip()
    if not _PATH.match(path):
        return None
    out: list[Segment] = []
    for key, index in _SEGMENT.findall(path):
        out.append(int(index) if index else key)
    if any(isinstance(s, int) and s < 1 for s in out):
        return None
    return out


def _members(annotation: Any) -> list[Any]:
    """The concrete types an annotation allows (unions and ``Annotated`` unwrapped)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _members(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [m for a in get_args(annotation) for m in _members(a)]
    if annotation is type(None):
        return []
    return [annotation]


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _container(kind: Any) -> bool:
    return _is_model(kind) or get_origin(kind) in (list, dict)


def check(segments: list[Segment]) -> str | None:
    """Why ``segments`` names no single value of the data format, or ``None`` if it does."""
    return resolve(segments)[0]


def resolve(segments: list[Segment]) -> tuple[str | None, list[Any]]:
    """(why ``segments`` names no single value, or ``None``; the types allowed there)."""
    kinds: list[Any] = [Book]
    walked = ""
    for segment in segments:
        following: list[Any] = []
        names: list[str] = []
        for kind in (m for k in kinds for m in _members(k)):
            if isinstance(segment, int):
                if get_origin(kind) is list:
                    following.append(get_args(kind)[0])
            elif _is_model(kind):
                fields = {f.alias or n: f for n, f in kind.model_fields.items()}
                names += fields
                if segment in fields:
                    following.append(fields[segment].annotation)
            elif get_origin(kind) is dict:
                following.append(get_args(kind)[1])
        if not following:
            where = f"「{walked}」下" if walked else "顶层"
            if isinstance(segment, int):
                return f"{where}不是列表，不能写 [{segment}]", []
            hint = difflib.get_close_matches(segment, names, n=1)
            suggestion = f"，是否应为「{hint[0]}」？" if hint else ""
            return f"{where}没有「{segment}」这一项{suggestion}", []
        kinds = following
        walked += f"[{segment}]" if isinstance(segment, int) else (
            f".{segment}" if walked else segment)
    leaves = [m for k in kinds for m in _members(k)]
    if all(_container(m) for m in leaves):
        return f"「{walked}」是一组内容，请分项填写（如「{walked}.…」或「{walked}[1]」）", []
    return None, [m for m in leaves if not _container(m)]


def assign(root: dict[Any, Any], segments: list[Segment], value: Any) -> None:
    """Put ``value`` at ``segments`` under ``root``; list items are kept as {number: item}
    until :func:`finish` orders them."""
    node: Any = root
    for segment in segments[:-1]:
        node = node.setdefault(segment, {})
        if not isinstance(node, dict):
            raise ValueError(segment)
    if isinstance(node.get(segments[-1]), dict):
        raise ValueError(segments[-1])
    node[segments[-1]] = value


def finish(node: Any) -> Any:
    """Mappings keyed by item numbers become lists, in number order."""
    if not isinstance(node, dict):
        return node
    if node and all(isinstance(k, int) for k in node):
        return [finish(node[k]) for k in sorted(node)]
    return {k: finish(v) for k, v in node.items()}
