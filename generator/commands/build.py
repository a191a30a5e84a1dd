"""``budgetgen build``: validate, derive and write the book in the asked formats."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.commands.common import (
    EXIT_BUG,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    add_catalogs_option,
    parse_formats,
    summary,
)
from generator.findings import Severity
from generator.fonts import fonts_ready
from generator.writers import DEFAULT, WRITERS, pdf

NAME = "build"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    make = sub.add_parser(NAME, help="生成预算公开文本",
                          description="校验数据并生成公开文本；有错误时不生成（除非 --force）。")
    make.add_argument("files", nargs="+", metavar="文件", help="数据文件")
    make.add_argument("--format", default=",".join(DEFAULT),
                      help=f"输出格式，逗号分隔（可选：{'、'.join(WRITERS)}；默认 {','.join(DEFAULT)}）")
    make.add_argument("--out", default="output", help="输出目录（默认 output/）")
    make.add_argument("--force", action="store_true", help="数据有错误时仍然生成")
    add_catalogs_option(make)
    make.add_argument("--pdf-variant", choices=pdf.VARIANTS, default=None, metavar="标准",
                      help="PDF 另须符合的标准：pdf/a-3b、pdf/a-2b（归档）或 pdf/ua-1（无障碍）；"
                           "默认已是带结构标签的 PDF")


def run(args: argparse.Namespace) -> int:
    formats = parse_formats(args.format)
    if formats is None or not fonts_ready(formats):
        return EXIT_USAGE
    if "pdf" in formats or "docx" in formats:  # the Word 目录 takes the PDF's page numbers
        pdf.prestart()  # WeasyPrint loads in a second process while this one reads the books
    try:
        return _build_all(args, formats)
    finally:
        pdf.finish()


def _build_all(args: argparse.Namespace, formats: list[str]) -> int:
    # Imported after pdf.prestart(): the forked process does not need them.
    from generator.build import build
    from generator.errors import InputError, InvariantError
    from generator.pipeline import publish, validate

    status = EXIT_OK
    for name in args.files:
        try:
            result = validate(name, args.catalogs)
        except InputError as exc:
            print(f"{exc}", file=sys.stderr)
            return EXIT_USAGE
        for finding in result.findings:  # the 已核实 stay quiet here: validate lists them
            if finding.severity is not Severity.REVIEWED:
                print(finding.render(), file=sys.stderr)
        if result.book is None or (not result.ok and not args.force):
            advice = ("未生成：数据中的错误使这本书无法生成（--force 也不能），请先改正上面的错误。"
                      if args.force else "未生成。请改正错误后重试"
                      "（或用 --force 强制生成带“校验未通过”标记的版本）。")
            print(f"{name}：{summary(result.findings)}，{advice}", file=sys.stderr)
            status = EXIT_FINDINGS
            continue
        try:
            publication = publish(result)
        except InvariantError as exc:  # a bug: say so plainly
            print(f"{name}：内部错误（推导结果不自洽，请报告）：{exc}", file=sys.stderr)
            return EXIT_BUG
        except Exception:  # --force: derivation assumes a valid book; some errors leave nothing
            if result.ok:
                raise
            print(f"{name}：数据中的错误使这本书无法生成（--force 也不能）：请先改正上面的错误",
                  file=sys.stderr)
            status = EXIT_FINDINGS
            continue
        for path in build(publication, Path(name).stem, formats, Path(args.out), args.pdf_variant):
            print(f"已生成 {path}")
        if publication.draft:
            print(f"{name}：这是下一年度初稿，文本标有“草稿”，不得公开；沿用的数字都已更新或确认后，"
                  "删去数据文件中的“草稿”一项", file=sys.stderr)
        if not result.ok:
            status = EXIT_FINDINGS
    return status
