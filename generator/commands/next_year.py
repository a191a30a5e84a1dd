"""``budgetgen next-year``: the following year's data file, started from this year's."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.build import write_atomic
from generator.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, refuse_target, summary
from generator.errors import InputError

NAME = "next-year"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = sub.add_parser(NAME, help="由本年数据生成下一年度的数据初稿",
                             description="预算年度加一；本年各项数字记为上年预算（按资金来源，含"
                                         "“三公”经费和机关运行经费）；支出明细和项目沿用；去掉版本；"
                                         "列出提到旧年份的文字和已过去的日期。文件的注释、顺序和写法"
                                         "保持原样；初稿标有“草稿”，沿用的数字逐项更新或确认后删去。")
    command.add_argument("file", metavar="文件", help="本年的数据文件（须通过校验）")
    command.add_argument("-o", "--output", metavar="新文件",
                         help="写出的数据文件（默认：文件名中的年份加一，放在原文件旁）")
    command.add_argument("--force", action="store_true", help="新文件已存在时覆盖")


def run(args: argparse.Namespace) -> int:
    # Imported here: the CLI starts without loading every command's machinery.
    from generator.next_year import next_year, target_name
    from generator.pipeline import validate

    try:
        result = validate(args.file)
    except InputError as exc:
        print(f"{exc}", file=sys.stderr)
        return EXIT_USAGE
    if not result.ok or result.book is None:
        for finding in result.findings:
            print(finding.render(), file=sys.stderr)
        print(f"{args.file}：{summary(result.findings)}；请先改正本年数据的错误，再生成下一年度初稿",
              file=sys.stderr)
        return EXIT_FINDINGS
    target = Path(args.output) if args.output else target_name(Path(args.file), result.book.year)
    fmt = (".json",) if Path(args.file).suffix.lower() == ".json" else (".yaml", ".yml")
    what = "初稿与本年文件同为 JSON" if fmt == (".json",) else "初稿与本年文件同为 YAML"
    if refuse_target(target, args.force, fmt, what):
        return EXIT_USAGE
    try:
        draft = next_year(result, target)
    except InputError as exc:
        print(f"{exc}", file=sys.stderr)
        return EXIT_USAGE
    write_atomic(target, draft.encoded())
    for finding in draft.findings:
        print(finding.render())
    print(f"已写出 {target}（{result.book.year + 1}年初稿，标有“草稿”）："
          f"{len(draft.findings)} 处需要改写或核对；"
          "沿用的数字在校验时逐项列为提示，都已更新或确认后删去“草稿”一项")
    return EXIT_OK
