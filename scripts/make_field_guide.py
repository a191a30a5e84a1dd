"""Write the field tables of docs/data-fields.md from the data format's own documentation.

The tables are generated from ``budgetgen schema`` (the JSON Schema, whose Chinese titles and
descriptions come from ``generator/source/field_docs.py``), so the guide cannot drift from the
format: ``tests/test_guide.py`` fails when the committed page differs from this script's output.
Only the part between the two marker comments is rewritten; the text around it is the guide's.

    python3 scripts/make_field_guide.py            # rewrite docs/data-fields.md
    python3 scripts/make_field_guide.py --check    # exit 1 if the page is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.source.json_schema import CODE, DATE, MONEY, book_schema

PAGE = Path(__file__).resolve().parent.parent / "docs" / "data-fields.md"
BEGIN = "<!-- 字段表开始：由 scripts/make_field_guide.py 生成，不要手改 -->"
END = "<!-- 字段表结束 -->"


def _options(prop: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of a property, without the null that marks it optional."""
    return [o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"]


def _ref_name(option: dict[str, Any]) -> str | None:
    ref = option.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref else None


def _kind(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """What the officer writes for this field, in words."""
    options = _options(prop)
    if options == MONEY["anyOf"]:
        return "金额（元）"
    if len(options) > 1:
        kinds = [_kind(o, defs) for o in options if o != {"type": "string"}]
        text = "文字，或" if {"type": "string"} in options else ""
        return text + "，或".join(dict.fromkeys(kinds))
    option = options[0]
    if option.get("pattern") == CODE["pattern"]:
        return "编码（加引号）"
    if option.get("pattern") == DATE["pattern"]:
        return "日期"
    name = _ref_name(option)
    if name:
        return f"见[{defs[name]['title']}](#{_anchor(name)})"
    kind = option.get("type")
    if kind == "array":
        items = option.get("items", {})
        return "列表，每项：" + (_kind(items, defs) if items else "文字")
    if kind == "object":
        return "映射（键 → 值）"
    if "enum" in option:
        return "选择其一"
    if kind == "string":
        return "文字"
    return {"integer": "整数", "number": "数字", "boolean": "true 或 false"}.get(kind, "见说明")


def _anchor(name: str) -> str:
    return name.lower()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(model: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    required = set(model.get("required", []))
    rows = ["| 字段 | 必填 | 填写 | 说明 |", "| --- | --- | --- | --- |"]
    for key, prop in model.get("properties", {}).items():
        rows.append(f"| `{key}` | {'必填' if key in required else ''} | "
                    f"{_kind(prop, defs)} | {_cell(prop.get('description', ''))} |")
    return rows


def _order(schema: dict[str, Any]) -> list[str]:
    """Model names in the order a reader meets them from the top of a data file."""
    seen: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            name = _ref_name(node)
            if name and name not in seen:
                seen.append(name)
                visit(schema["$defs"][name])
            for key, value in node.items():
                if key != "$defs":
                    visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema)
    return seen


def generated() -> str:
    """The field tables: the whole file first, then each part in the order it is met."""
    schema = book_schema()
    defs = schema["$defs"]
    out = [BEGIN, "", f"## {schema['title']}（文件最外层）", "", schema["description"], ""]
    out += _table(schema, defs)
    for name in _order(schema):
        model = defs[name]
        out += ["", f'<a id="{_anchor(name)}"></a>', "",
                f"## {model['title']}", "", model.get("description", ""), ""]
        out += _table(model, defs) if model.get("properties") else ["（无固定字段。）"]
    out += ["", END]
    return "\n".join(out)


def render(page: str) -> str:
    """``page`` with its generated part replaced by the current tables."""
    head, sep, rest = page.partition(BEGIN)
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise SystemExit(f"{PAGE}: 找不到字段表的起止标记")
    return head + generated() + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="由数据格式的说明生成 docs/data-fields.md 的字段表")
    parser.add_argument("--check", action="store_true", help="只检查页面是否最新（不是则退出码 1）")
    args = parser.parse_args(argv)
    page = PAGE.read_text(encoding="utf-8")
    new = render(page)
    if args.check:
        if new != page:
            print(f"{PAGE} 不是最新：请运行 python3 scripts/make_field_guide.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
