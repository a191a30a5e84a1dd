"""``budgetgen batch``: every book under a folder, in parallel, rebuilding only what changed."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, add_catalogs_option, parse_formats
from generator.fonts import fonts_ready
from generator.limits import MEMORY_LIMIT_MB, TIME_LIMIT
from generator.writers import DEFAULT

NAME = "batch"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    batch = sub.add_parser(NAME, help="并行生成目录下的全部预算文本（只重建有变化的）",
                           description="生成目录下每个数据文件的公开文本；数据、模板和程序都未变化的"
                                       "跳过；一本失败不影响其他；最后写出 OUT/index.html。")
    batch.add_argument("directory", metavar="目录", help="数据文件所在目录")
    batch.add_argument("--out", default="output", help="输出目录（默认 output/）")
    batch.add_argument("--jobs", type=int, default=0, help="并行进程数（默认：全部 CPU 核）")
    batch.add_argument("--time-limit", type=float, default=TIME_LIMIT, metavar="秒",
                       help=f"每本占用的 CPU 时间上限（默认 {TIME_LIMIT:g} 秒；机器繁忙时的等待不计），"
                            "超过则这一本记为失败")
    batch.add_argument("--memory-limit", type=int, default=MEMORY_LIMIT_MB, metavar="MB",
                       help=f"每个进程的内存上限（默认 {MEMORY_LIMIT_MB} MB；仅 Linux/macOS）")
    batch.add_argument("--format", default=",".join(DEFAULT),
                       help=f"输出格式，逗号分隔（默认 {','.join(DEFAULT)}）")
    add_catalogs_option(batch)


def run(args: argparse.Namespace) -> int:
    from generator import batch as runner  # multiprocessing: loaded only for this command

    formats = parse_formats(args.format)
    if formats is None or not fonts_ready(formats):
        return EXIT_USAGE
    if not Path(args.directory).is_dir():
        print(f"用法错误：找不到目录 {args.directory}", file=sys.stderr)
        return EXIT_USAGE
    if args.catalogs and not Path(args.catalogs).is_dir():
        print(f"用法错误：找不到科目表目录 {args.catalogs}", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    outcomes = runner.run(Path(args.directory), Path(args.out), formats,
                          args.jobs or runner.default_jobs(), seconds=args.time_limit,
                          megabytes=args.memory_limit, catalogs=args.catalogs)
    failed = [o for o in outcomes if o.status == "failed"]
    built = sum(1 for o in outcomes if o.status == "built")
    skipped = sum(1 for o in outcomes if o.status == "skipped")
    print(f"共 {len(outcomes)} 本：生成 {built}，未变化跳过 {skipped}，失败 {len(failed)}；"
          f"用时 {time.perf_counter() - started:.1f} 秒；目录 {Path(args.out) / 'index.html'}")
    for outcome in failed:
        print(f"  失败 {outcome.source}：{outcome.first_finding}")
    for outcome in outcomes:
        for line in outcome.reviewed:
            print(f"  已核实 {outcome.source}：{line}")
    drafts = [o for o in outcomes if o.draft]
    if drafts:  # built, but marked 草稿: not to be published as they are
        print(f"草稿 {len(drafts)} 本（文本标有“草稿”，不得公开；沿用的数字更新或确认后删去“草稿”一项）：")
        for outcome in drafts:
            print(f"  草稿 {outcome.source}")
    return EXIT_FINDINGS if failed else EXIT_OK
