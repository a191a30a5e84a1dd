"""``budgetgen init``: a starter data file with every part of the book and its placeholders."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from generator.build import write_atomic
from generator.commands.common import EXIT_OK, EXIT_USAGE, refuse_target
from generator.source.starter import LEVELS, SHAPES, starter

NAME = "init"
FORMATS = ("yaml", "xlsx")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = sub.add_parser(NAME, help="生成一个数据文件初稿（各部分齐全，待填写处有占位符）",
                             description="按公开文本的顺序写出数据文件初稿，每部分附中文说明；"
                                         "“待填写”和 XX 处必须改成实际内容，否则校验报错。")
    command.add_argument("file", nargs="?", metavar="文件",
                         help="写出的数据文件（yaml 不给时输出到屏幕；xlsx 必须给出）")
    command.add_argument("--shape", choices=tuple(SHAPES), default="单位",
                         help="单位（单位预算，默认）或 部门（部门预算）")
    command.add_argument("--level", choices=LEVELS, default="区级", help="区级（默认）或 市级")
    command.add_argument("--year", type=int, default=datetime.date.today().year + 1,
                         help="预算年度（默认：明年）")
    command.add_argument("--format", choices=FORMATS, default="yaml",
                         help="文件格式：yaml（默认）或 xlsx（空白工作簿，填好后用 budgetgen import 读回）")
    command.add_argument("--force", action="store_true", help="文件已存在时覆盖")


def run(args: argparse.Namespace) -> int:
    if not 2000 <= args.year <= 2100:
        print(f"用法错误：预算年度 {args.year} 不在 2000–2100 之间", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "xlsx":
        return _workbook(args)
    text = starter(args.shape, args.level, args.year)
    if args.file is None:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.file)
    if refuse_target(target, args.force):
        return EXIT_USAGE
    write_atomic(target, text.encode("utf-8"))
    print(f"已写出 {target}：把“待填写”和 XX 处改成实际内容后，用 budgetgen validate {target} 检查",
          file=sys.stderr)
    return EXIT_OK


def _workbook(args: argparse.Namespace) -> int:
    """A blank workbook in the layout `import` reads (tables, 支出明细 and 数据 sheets)."""
    from generator.source.importers.xlsx_blank import blank_workbook  # openpyxl: only here

    if args.file is None:
        print("用法错误：空白工作簿须写入文件（给出以 .xlsx 结尾的文件名）", file=sys.stderr)
        return EXIT_USAGE
    target = Path(args.file)
    if refuse_target(target, args.force, (".xlsx",), "空白工作簿写成 Excel 工作簿"):
        return EXIT_USAGE
    write_atomic(target, blank_workbook(args.shape, args.level, args.year))
    print(f"已写出 {target}：在「支出明细」「数据」和表8、表9中填写后，用 budgetgen import {target} "
          "读回为数据文件", file=sys.stderr)
    return EXIT_OK
