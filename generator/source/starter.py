"""The starter data file of ``budgetgen init``: every part of the book, in book order.

The wording lives in ``templates/starter/book.yaml.j2``. Every text to be written by the bureau
holds a placeholder (待填写, XX) that the text check rejects (``text.placeholder``), so a
starter can be validated from the first minute but never published as it is.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.resources import TEMPLATES

STARTER_DIR = Path(TEMPLATES, "starter")
SHAPES = {"单位": "单位预算", "部门": "部门预算"}
LEVELS = ("区级", "市级")


def starter(shape: str, level: str, year: int) -> str:
    """The starter YAML of a 单位预算 or 部门预算 (``shape`` 单位|部门) at ``level`` for ``year``."""
    district = level == "区级"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(STARTER_DIR)),
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined, autoescape=False)
    return env.get_template("book.yaml.j2").render(
        year=year, level=level, kind=SHAPES[shape], who=shape,
        region="上海市XX区" if district else "上海市",
        name="上海市XX区XX局" if district else "上海市XX局",
        short="XX区XX局" if district else "市XX局",
    )
