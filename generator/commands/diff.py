"""``budgetgen diff``: what changed between two editions, figures by cell, texts by word."""

from __future__ import annotations

import argparse
import sys

from generator.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, add_catalogs_option, summary
from generator.errors import InputError

NAME = "diff"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    diff = sub.add_parser(NAME, help="比较两个版本的数据，列出表格数字和文字的变化",
                          description="比较两个数据文件推导出的公开文本：数字按表、行、列列出，"
                                      "文字按词列出。")
    diff.add_argument("old", metavar="原版本", help="原版本数据文件")
    diff.add_argument("new", metavar="新版本", help="新版本数据文件")
    diff.add_argument("--format", choices=("text", "json", "html"), default="text",
                      help="输出格式：text（默认）、json 或 html")
    add_catalogs_option(diff)


def run(args: argparse.Namespace) -> int:
    # Imported here: the CLI starts without loading every command's machinery.
    from generator import diffview
    from generator.pipeline import validate
    from generator.publication.compare import compare
    from generator.publication.derive import derive

    books = []
    for name in (args.old, args.new):
        try:
            result = validate(name, args.catalogs)
        except InputError as exc:
            print(f"{exc}", file=sys.stderr)
            return EXIT_USAGE
        if result.book is None:
            for finding in result.findings:
                print(finding.render(), file=sys.stderr)
            print(f"{name}：数据不符合格式要求，无法比较", file=sys.stderr)
            return EXIT_FINDINGS
        try:
            books.append(derive(result.book, check=False, catalogs=result.catalogs))
        except Exception:  # derivation assumes a valid book; some errors leave nothing to lay out
            if result.ok:
                raise
            for finding in result.findings:
                print(finding.render(), file=sys.stderr)
            print(f"{name}：{summary(result.findings)}，数据中的错误使它无法比较：请先改正", file=sys.stderr)
            return EXIT_FINDINGS
    comparison = compare(books[0], books[1])
    if args.format == "json":
        print(diffview.as_json(comparison))
    elif args.format == "html":
        print(diffview.as_html(comparison, args.old, args.new))
    else:
        print(diffview.as_text(comparison))
    return EXIT_OK
