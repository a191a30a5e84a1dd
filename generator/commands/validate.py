"""``budgetgen validate``: every finding of one or more data files."""

from __future__ import annotations

import argparse
import json
import sys

from generator.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, add_catalogs_option, summary
from generator.errors import InputError
from generator.findings import Finding
from generator.pipeline import validate

NAME = "validate"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    check = sub.add_parser(NAME, help="校验数据文件，列出全部问题",
                           description="校验一个或多个预算数据文件（YAML 或 JSON）。")
    check.add_argument("files", nargs="+", metavar="文件", help="数据文件")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="输出格式：text（默认）或 json")
    add_catalogs_option(check)


def run(args: argparse.Namespace) -> int:
    status = EXIT_OK
    collected: list[Finding] = []
    for name in args.files:
        try:
            result = validate(name, args.catalogs)
        except InputError as exc:  # report it and go on with the other files
            print(f"{exc}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        collected += result.findings
        if not result.ok and status == EXIT_OK:
            status = EXIT_FINDINGS
        if args.format == "text":
            for finding in result.findings:
                print(finding.render())
            print(f"{name}：{summary(result.findings)}")
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in collected], ensure_ascii=False, indent=2))
    return status
