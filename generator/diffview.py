"""``budgetgen diff``: a comparison of two books as text (terminal), JSON or HTML."""

from __future__ import annotations

import json

from generator.publication.compare import Comparison, figure_text


def _marked(ops: tuple[tuple[str, str, str], ...], side: str) -> str:
    """One side of a token diff with its changes bracketed: [-old-] / {+new+}."""
    out = []
    for tag, old, new in ops:
        if tag == "equal":
            out.append(old)
        elif side == "old" and old:
            out.append(f"[-{old}-]")
        elif side == "new" and new:
            out.append(f"{{+{new}+}}")
    return "".join(out)


def as_text(comparison: Comparison) -> str:
    if comparison.empty:
        return "两个版本相同：没有数据或文字变化。"
    lines = [f"数据变化（{len(comparison.figures)} 处）："]
    lines += [f"  {f.place}：{figure_text(f)}" for f in comparison.figures]
    lines.append(f"文字变化（{len(comparison.texts)} 处）：")
    for t in comparison.texts:
        lines.append(f"  {t.section}：")
        lines.append(f"    原文 {_marked(t.ops, 'old')}")
        lines.append(f"    新文 {_marked(t.ops, 'new')}")
    for label, items in (("新增科目行", comparison.rows_added), ("删除科目行", comparison.rows_removed),
                         ("新增项目", comparison.projects_added),
                         ("删除项目", comparison.projects_removed)):
        if items:
            lines.append(f"{label}：" + "、".join(items))
    return "\n".join(lines)


def as_json(comparison: Comparison) -> str:
    def money(value: object) -> str | None:
        return None if value is None else str(value)

    data = {
        "figures": [
            {"fact": f.fact, "place": f.place, "old": money(f.old), "new": money(f.new),
             "difference": str(f.delta), "unit": f.unit.value,
             "in": "table" if f.in_table else "text"} for f in comparison.figures
        ],
        "texts": [
            {"section": t.section, "old": t.old, "new": t.new,
             "changes": [{"op": tag, "old": old, "new": new} for tag, old, new in t.ops
                         if tag != "equal"]} for t in comparison.texts
        ],
        "rows": {"added": list(comparison.rows_added), "removed": list(comparison.rows_removed)},
        "projects": {"added": list(comparison.projects_added),
                     "removed": list(comparison.projects_removed)},
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_html(comparison: Comparison, old_name: str, new_name: str) -> str:
    from generator.writers.html import environment

    lists = (("新增科目行", comparison.rows_added), ("删除科目行", comparison.rows_removed),
             ("新增项目", comparison.projects_added), ("删除项目", comparison.projects_removed))
    return environment().get_template("diff.html.j2").render(
        c=comparison, old_name=old_name, new_name=new_name, lists=lists,
        delta=lambda f: figure_text(f).split("（")[-1].rstrip("）"))
