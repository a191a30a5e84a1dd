"""``budgetgen import``: a workbook or a published book read back into a data file."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from generator.build import write_atomic
from generator.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, refuse_target, summary
from generator.findings import Finding, has_errors
from generator.source.importers import importer_for, suffixes
from generator.source.importers.xlsx_guard import OLD_EXCEL

NAME = "import"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = sub.add_parser(NAME, help="把 Excel 工作簿或已公开的预算文本读回为数据文件",
                             description="读取工作簿或已公开的预算文本，写出数据文件（YAML），"
                                         "并列出无法读取或前后矛盾之处。")
    command.add_argument("file", metavar="文件", nargs="+",
                         help="要读取的文件；可给两个：表格取自工作簿（或含表格的文件），文字取自另一个")
    command.add_argument("-o", "--output", metavar="数据文件",
                         help="写出的数据文件（默认：同名 .yaml，放在当前目录）")
    command.add_argument("--force", action="store_true",
                         help="数据文件已存在时覆盖；未识别出预算文本时仍写出读到的内容")


def run(args: argparse.Namespace) -> int:
    # Imported here: the CLI starts without loading every command's machinery.
    from generator.source.emit import dump_yaml

    sources = [Path(name) for name in args.file]
    for source in sources:
        if importer_for(source) is None:
            known = "、".join(suffixes()) or "（无）"
            if source.suffix.lower() == ".xls":
                print(f"用法错误：{source}：{OLD_EXCEL}", file=sys.stderr)
                return EXIT_USAGE
            print(f"用法错误：无法读取 {source.suffix or '无扩展名'} 文件；可读取：{known}",
                  file=sys.stderr)
            return EXIT_USAGE
        if not source.is_file():
            print(f"{source}: 找不到文件", file=sys.stderr)
            return EXIT_USAGE
    source = sources[0]
    target = Path(args.output) if args.output else Path(source.stem + ".yaml")
    if refuse_target(target, args.force, what="数据文件写成 YAML"):  # never clobber a book's data
        return EXIT_USAGE
    if len(sources) > 1:
        from generator.source.importers.combine import combine

        imported = combine(sources)
    else:
        imported = importer_for(source).read(source)  # type: ignore[union-attr]
    findings = _renamed(imported.findings, source.stem + ".yaml", str(target))
    for finding in findings:
        print(finding.render(), file=sys.stderr)
    if not imported.data:  # nothing recognised: the findings say why; no data file
        return EXIT_FINDINGS
    if not imported.recognised and not args.force:
        print("（确需写出读到的内容，请加 --force）", file=sys.stderr)
        return EXIT_FINDINGS
    if imported.parts:
        from generator.source.importers.book import report
        print(f"{'、'.join(s.name for s in sources)} 中读到的部分：")
        print(report.render(imported.parts))
    header = f"由 budgetgen import 从 {'、'.join(s.name for s in sources)} 读取；请核对后使用。"
    write_atomic(target, dump_yaml(imported.data, header).encode("utf-8"))
    print(f"已写出 {target}（{summary(findings)}）")
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def _renamed(findings: list[Finding], read_as: str, written: str) -> list[Finding]:
    """Findings about the data file name the file actually written (the reader checked the
    data under the input's stem)."""
    if read_as == written:
        return findings
    return [replace(f, locations=tuple(replace(loc, file=written) if loc.file == read_as else loc
                                       for loc in f.locations)) for f in findings]
