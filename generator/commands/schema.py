"""``budgetgen schema``: the JSON Schema of the data format, for editors."""

from __future__ import annotations

import argparse
import json

from generator.commands.common import EXIT_OK

NAME = "schema"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub.add_parser(NAME, help="输出数据格式的 JSON Schema（供编辑器补全和检查）",
                   description="输出数据文件格式的 JSON Schema（2020-12），每个项目都带中文说明和"
                               "可选值。保存后在 YAML 文件第一行写 "
                               "# yaml-language-server: $schema=budgetgen.schema.json，"
                               "编辑器即可补全和提示。")


def run(args: argparse.Namespace) -> int:
    # Imported here: the CLI starts without loading every command's machinery.
    from generator.source.json_schema import book_schema

    print(json.dumps(book_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK
