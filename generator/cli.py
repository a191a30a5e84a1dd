"""Command line: ``budgetgen validate`` and ``budgetgen build``.

The only place that turns errors into exit codes: 0 no errors, 1 findings with errors,
2 unreadable input or bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from generator import __version__, batch, diffview
from generator.build import build
from generator.errors import InputError, InvariantError
from generator.findings import Finding, Severity
from generator.pipeline import publish, validate
from generator.publication.compare import compare
from generator.publication.derive import derive
from generator.writers import DEFAULT, WRITERS

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

_ARGPARSE_ZH = {
    "the following arguments are required": "缺少参数",
    "unrecognized arguments": "无法识别的参数",
    "invalid choice": "无效的选项",
    "expected one argument": "需要一个参数",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        for english, chinese in _ARGPARSE_ZH.items():
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"用法错误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="budgetgen", description="上海市部门预算、单位预算公开文本生成工具")
    parser.add_argument("--version", action="version", version=f"budgetgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令",
                                parser_class=_Parser)
    check = sub.add_parser("validate", help="校验数据文件，列出全部问题",
                           description="校验一个或多个预算数据文件（YAML 或 JSON）。")
    check.add_argument("files", nargs="+", metavar="文件", help="数据文件")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="输出格式：text（默认）或 json")
    make = sub.add_parser("build", help="生成预算公开文本",
                          description="校验数据并生成公开文本；有错误时不生成（除非 --force）。")
    make.add_argument("files", nargs="+", metavar="文件", help="数据文件")
    make.add_argument("--format", default=",".join(DEFAULT),
                      help=f"输出格式，逗号分隔（可选：{'、'.join(WRITERS)}；默认 {','.join(DEFAULT)}）")
    make.add_argument("--out", default="output", help="输出目录（默认 output/）")
    make.add_argument("--force", action="store_true", help="数据有错误时仍然生成")
    batch = sub.add_parser("batch", help="并行生成目录下的全部预算文本（只重建有变化的）",
                           description="生成目录下每个数据文件的公开文本；数据、模板和程序都未变化的"
                                       "跳过；一本失败不影响其他；最后写出 OUT/index.html。")
    batch.add_argument("directory", metavar="目录", help="数据文件所在目录")
    batch.add_argument("--out", default="output", help="输出目录（默认 output/）")
    batch.add_argument("--jobs", type=int, default=0, help="并行进程数（默认：全部 CPU 核）")
    batch.add_argument("--format", default=",".join(DEFAULT),
                       help=f"输出格式，逗号分隔（默认 {','.join(DEFAULT)}）")
    diff = sub.add_parser("diff", help="比较两个版本的数据，列出表格数字和文字的变化",
                          description="比较两个数据文件推导出的公开文本：数字按表、行、列列出，"
                                      "文字按词列出。")
    diff.add_argument("old", metavar="原版本", help="原版本数据文件")
    diff.add_argument("new", metavar="新版本", help="新版本数据文件")
    diff.add_argument("--format", choices=("text", "json", "html"), default="text",
                      help="输出格式：text（默认）、json 或 html")
    return parser


def _summary(findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    return f"共 {errors} 个错误，{len(findings) - errors} 个警告"


def _validate(files: list[str], fmt: str) -> int:
    status = EXIT_OK
    collected: list[Finding] = []
    for name in files:
        try:
            result = validate(name)
        except InputError as exc:  # report it and go on with the other files
            print(f"{exc}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        collected += result.findings
        if not result.ok and status == EXIT_OK:
            status = EXIT_FINDINGS
        if fmt == "text":
            for finding in result.findings:
                print(finding.render())
            print(f"{name}：{_summary(result.findings)}")
    if fmt == "json":
        print(json.dumps([f.as_dict() for f in collected], ensure_ascii=False, indent=2))
    return status


def _build(files: list[str], formats_arg: str, out: str, force: bool) -> int:
    formats = [f.strip() for f in formats_arg.split(",") if f.strip()]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown or not formats:
        print(f"用法错误：不支持的格式 {'、'.join(unknown) or '（空）'}；可选：{'、'.join(WRITERS)}",
              file=sys.stderr)
        return EXIT_USAGE
    status = EXIT_OK
    for name in files:
        try:
            result = validate(name)
        except InputError as exc:
            print(f"{exc}", file=sys.stderr)
            return EXIT_USAGE
        for finding in result.findings:
            print(finding.render(), file=sys.stderr)
        if result.book is None or (not result.ok and not force):
            print(f"{name}：{_summary(result.findings)}，未生成。请改正错误后重试"
                  "（或用 --force 强制生成带“校验未通过”标记的版本）。", file=sys.stderr)
            status = EXIT_FINDINGS
            continue
        try:
            publication = publish(result)
        except InvariantError as exc:  # a bug: say so plainly
            print(f"{name}：内部错误（推导结果不自洽，请报告）：{exc}", file=sys.stderr)
            return 3
        for path in build(publication, Path(name).stem, formats, Path(out)):
            print(f"已生成 {path}")
        if not result.ok:
            status = EXIT_FINDINGS
    return status


def _diff(old: str, new: str, fmt: str) -> int:
    books = []
    for name in (old, new):
        try:
            result = validate(name)
        except InputError as exc:
            print(f"{exc}", file=sys.stderr)
            return EXIT_USAGE
        if result.book is None:
            for finding in result.findings:
                print(finding.render(), file=sys.stderr)
            print(f"{name}：数据不符合格式要求，无法比较", file=sys.stderr)
            return EXIT_FINDINGS
        books.append(derive(result.book, check=False))
    comparison = compare(books[0], books[1])
    if fmt == "json":
        print(diffview.as_json(comparison))
    elif fmt == "html":
        print(diffview.as_html(comparison, old, new))
    else:
        print(diffview.as_text(comparison))
    return EXIT_OK


def _batch(directory: str, out: str, jobs: int, formats_arg: str) -> int:
    formats = [f.strip() for f in formats_arg.split(",") if f.strip()]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown or not formats or not Path(directory).is_dir():
        problem = f"不支持的格式 {'、'.join(unknown)}" if unknown else f"找不到目录 {directory}"
        print(f"用法错误：{problem}", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    outcomes = batch.run(Path(directory), Path(out), formats, jobs or batch.default_jobs())
    failed = [o for o in outcomes if o.status == "failed"]
    built = sum(1 for o in outcomes if o.status == "built")
    skipped = sum(1 for o in outcomes if o.status == "skipped")
    print(f"共 {len(outcomes)} 本：生成 {built}，未变化跳过 {skipped}，失败 {len(failed)}；"
          f"用时 {time.perf_counter() - started:.1f} 秒；目录 {Path(out) / 'index.html'}")
    for outcome in failed:
        print(f"  失败 {outcome.source}：{outcome.first_finding}")
    return EXIT_FINDINGS if failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return _validate(args.files, args.format)
    if args.command == "diff":
        return _diff(args.old, args.new, args.format)
    if args.command == "batch":
        return _batch(args.directory, args.out, args.jobs, args.format)
    return _build(args.files, args.format, args.out, args.force)
