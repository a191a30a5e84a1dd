"""Schema validation: pydantic errors turned into located findings in the book's words."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.findings import Finding, Location, Severity
from generator.source.loader import PathKey, SourceDoc, child, is_missing
from generator.source.schema import Book

# Keys users write when they try to enter a figure the tool derives.
DERIVED_KEYS = {"合计", "总计", "小计", "收入总计", "支出总计", "基本支出", "财政拨款", "财政拨款收入"}


def display_path(path: PathKey) -> str:
    """``("项目", 2, "名称")`` → ``项目[3] › 名称`` (1-based, as a person counts)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += (" › " if out else "") + part
    return out or "（文件顶层）"


def _aliases(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _model_at(path: PathKey) -> type[BaseModel] | None:
    """The schema model that describes the mapping at ``path`` (for did-you-mean hints)."""
    model: Any = Book
    for part in path:
        if isinstance(part, int):
            continue
        field = next((f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            return None
        model = _unwrap(field.annotation)
        if model is None:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """The BaseModel inside ``X | None`` / ``list[X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _unwrap(arg)
        if found is not None:
            return found
    return None


def data_path(loc: tuple[int | str, ...], data: Any) -> PathKey:
    """Keep the parts of a pydantic ``loc`` that step into the data (drop union tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        value = child(node, part)
        if not is_missing(value):
            path.append(part)
            node = value
    return tuple(path)


def _message(error: ErrorDetails, path: PathKey, doc: SourceDoc) -> tuple[str, str, bool]:
    """(code, message, at_key) for one pydantic error."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    if kind == "missing":
        return "schema.missing", f"缺少必填项「{error['loc'][-1]}」", False
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else str(error["loc"][-1])
        if key in DERIVED_KEYS:
            return ("schema.derived-figure",
                    f"「{key}」由工具根据明细计算，不需要也不能填写：请删去这一项", True)
        model = _model_at(path[:-1])
        allowed = _aliases(model) if model else []
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.4)
        hint = f"，是否想写「{close[0]}」？" if close else ""
        listing = f"此处可填写：{'、'.join(allowed)}" if allowed else ""
        return "schema.unknown-key", f"未知的项目「{key}」{hint}{listing}", True
    if kind == "code_unquoted":
        text = ctx.get("text", value)
        if doc.path.lower().endswith(".json"):
            return ("code.unquoted", f"编码 {text} 写成了数字：请加引号写成 \"{text}\"。编码必须是文字"
                    "（写成数字时开头的 0 会丢失）", False)
        return ("code.unquoted",
                f"编码 {text} 没有加引号：请写成 \"{text}\"。不加引号时它被当作数字读取"
                f"（例如 0701 会变成 449），编码必须是文字", False)
    if kind == "code_format":
        return "code.format", str(error["msg"]), False
    if kind.startswith("money_"):
        return "money.format", str(error["msg"]), False
    if kind == "date_parse":
        return "schema.date", str(error["msg"]), False
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", "、")
        return "schema.choice", f"「{value}」不是可选的值，应为 {expected} 之一", False
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "schema.type", f"应为整数，填写的是「{value}」", False
    if kind in ("bool_parsing", "bool_type"):
        return "schema.type", f"应为 true 或 false，填写的是「{value}」", False
    if kind in ("greater_than_equal", "greater_than"):
        return "schema.range", f"不能小于 {ctx.get('ge', ctx.get('gt'))}，填写的是「{value}」", False
    if kind == "less_than_equal":
        return "schema.range", f"不能大于 {ctx.get('le')}，填写的是「{value}」", False
    if kind == "string_too_short":
        return "schema.empty", "不能为空", False
    if kind == "too_short":
        return "schema.empty", "至少需要填写一项", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "schema.type", f"这里应为若干「项目: 值」，填写的是「{_short(value)}」", False
    if kind == "list_type":
        return "schema.type", f"这里应为列表（每项以“- ”开头），填写的是「{_short(value)}」", False
    if kind in ("string_type",):
        return "schema.type", f"这里应为文字，填写的是「{_short(value)}」", False
    return "schema.invalid", f"填写的值不符合要求：{error['msg']}", False


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 30 else text[:30] + "…"


def schema_findings(doc: SourceDoc) -> tuple[Book | None, list[Finding]]:
    """Validate the loaded data against the schema. Returns the book (if valid) and findings."""
    book, findings, _ = schema_check(doc)
    return book, findings


def schema_check(doc: SourceDoc) -> tuple[Book | None, list[Finding], ValidationError | None]:
    """:func:`schema_findings` and the schema's own error (to salvage the valid parts from)."""
    findings = [
        Finding("schema.duplicate-key", Severity.ERROR,
                f"「{path[-1]}」重复出现：同一处只能写一次，后一次被忽略",
                (Location(doc.path, *pos),), display_path(path[:-1]))
        for path, pos in doc.duplicate_keys
    ]
    if not isinstance(doc.data, dict):
        findings.append(Finding("schema.type", Severity.ERROR,
                                "文件顶层应为若干「项目: 值」（如“预算年度: 2025”）",
                                (doc.locate(()),), "（文件顶层）"))
        return None, findings, None
    try:
        book = Book.model_validate(doc.data)
    except ValidationError as exc:
        seen: set[tuple[PathKey, str]] = set()
        for error in exc.errors(include_url=False):
            path = data_path(error["loc"], doc.data)
            if error["type"] == "extra_forbidden" and error["loc"]:
                path = (*path, error["loc"][-1]) if path[-1:] != (error["loc"][-1],) else path
            code, message, at_key = _message(error, path, doc)
            # A union (text or list) fails once per alternative: report the place once.
            if (path, code) in seen or (path, "*") in seen:
                continue
            seen.add((path, code))
            if len(error["loc"]) > len(path) + 1 and error["type"] != "missing":
                seen.add((path, "*"))
            location = doc.locate_key(path) if at_key else doc.locate(path)
            findings.append(Finding(code, Severity.ERROR, message, (location,),
                                    display_path(path)))
        return None, findings, exc
    return book, findings, None
