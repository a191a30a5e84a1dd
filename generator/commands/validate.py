"""``budgetgen validate``: every finding of one or more data files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.build import write_atomic
from generator.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, add_catalogs_option, summary
from generator.errors import InputError

NAME = "validate"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    check = sub.add_parser(NAME, help="校验数据文件，列出全部问题",
                           description="校验一个或多个预算数据文件（YAML 或 JSON）。")
    check.add_argument("files", nargs="+", metavar="文件", help="数据文件")
    check.add_argument("--format", choices=("text", "json", "html"), default="text",
                       help="输出格式：text（默认）、json 或 html（可发送的校验报告，按书的各部分分组）")
    check.add_argument("-o", "--output", metavar="报告文件", help="把结果写入文件（默认输出到屏幕）")
    add_catalogs_option(check)


def run(args: argparse.Namespace) -> int:
    # Imported here: the CLI starts without loading every command's machinery.
    from generator.pipeline import validate
    from generator.report import FileReport, as_html

    status = EXIT_OK
    collected: list[dict[str, object]] = []
    reports: list[FileReport] = []
    text: list[str] = []
    for name in args.files:
        try:
            result = validate(name, args.catalogs)
        except InputError as exc:  # report it and go on with the other files
            print(f"{exc}", file=sys.stderr)
            reports.append(FileReport(name, unreadable=str(exc)))
            collected.append(exc.as_dict())
            status = EXIT_USAGE
            continue
        collected += [f.as_dict() for f in result.findings]
        book = result.book
        title = f"{book.region}{book.year}年{book.level}{book.kind}（{book.body.name}）" if book else ""
        reports.append(FileReport(name, title, result.findings))
        if not result.ok and status == EXIT_OK:
            status = EXIT_FINDINGS
        text += [finding.render() for finding in result.findings]
        text.append(f"{name}：{summary(result.findings)}")
    if args.format == "json":
        output = json.dumps(collected, ensure_ascii=False, indent=2)
    elif args.format == "html":
        output = as_html(reports)
    else:
        output = "\n".join(text)
    if args.output:
        write_atomic(Path(args.output), (output + "\n").encode("utf-8"))
        print(f"已写出 {args.output}", file=sys.stderr)
    elif output:
        print(output)
    return status
