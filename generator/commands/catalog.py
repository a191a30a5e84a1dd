"""``budgetgen catalog import``: the official 政府收支分类科目 into a catalog folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.build import write_atomic
from generator.catalogs import ENV_VAR, FOLDER, KIND_LABELS
from generator.commands.common import EXIT_OK, EXIT_USAGE
from generator.errors import InputError

NAME = "catalog"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = sub.add_parser(NAME, help="管理科目表（政府收支分类科目）",
                             description="管理校验和命名科目所用的科目表。")
    actions = command.add_subparsers(dest="action", required=True, metavar="操作",
                                     parser_class=type(command))
    add = actions.add_parser("import", help="导入财政部门下发的政府收支分类科目（.xlsx 或 .csv）",
                             description="读取政府收支分类科目工作簿（科目编码、科目名称两列，"
                                         "或类、款、项分列），按编码长度分出类（3位）、款（5位）、"
                                         "项（7位），写出该年度的功能分类、经济分类科目表。")
    add.add_argument("file", metavar="文件", help="工作簿（.xlsx）或 .csv 文件")
    add.add_argument("--year", type=int, required=True, metavar="年度", help="科目表适用的预算年度")
    add.add_argument("--into", default=FOLDER, metavar="目录",
                     help=f"写入的科目表目录（默认当前目录下的 {FOLDER}/：数据文件在当前目录或其子目录"
                          "中时自动使用）")


def run(args: argparse.Namespace) -> int:
    # Imported here: the CLI starts without loading every command's machinery.
    from generator import catalog_import

    source = Path(args.file)
    if not source.is_file():
        print(f"{source}: 找不到文件", file=sys.stderr)
        return EXIT_USAGE
    if not 2000 <= args.year <= 2100:
        print(f"用法错误：年度 {args.year} 不在 2000–2100 之间", file=sys.stderr)
        return EXIT_USAGE
    try:
        imported = catalog_import.read(source)
    except InputError as exc:
        print(f"{exc}", file=sys.stderr)
        return EXIT_USAGE
    for note in imported.notes:
        print(f"{source}: 提示：{note}", file=sys.stderr)
    lists = {"function": imported.function, "economic": imported.economic}
    if not any(lists.values()):
        print(f"{source}: 没有读到科目：请确认文件中有“科目编码”“科目名称”两列"
              "（编码为 3、5 或 7 位数字）", file=sys.stderr)
        return EXIT_USAGE
    folder = Path(args.into)
    for kind, names in lists.items():
        if not names:
            continue
        target = folder / f"{kind}-{args.year}.csv"
        replaced = "（替换原有文件）" if target.exists() else ""
        write_atomic(target, catalog_import.write_csv(names))
        print(f"已写出 {target}{replaced}：{args.year}年{KIND_LABELS[kind]}，"
              f"{catalog_import.summary(names)}")
        missing = catalog_import.gaps(names)
        if missing:
            print(f"{source}: 提示：{len(missing)} 个编码的上级类或款不在表中"
                  f"（如 {'、'.join(missing[:3])}）：可能只导入了部分科目", file=sys.stderr)
    found = (f"数据文件在 {folder.resolve().parent} 或其下级目录中时自动使用这些科目表；其他位置"
             if folder.name == FOLDER else "目录名不是 catalogs，不会自动查找：")
    print(f"{found}请用 --catalogs {folder.resolve()} 或环境变量 {ENV_VAR} 指定。")
    return EXIT_OK
