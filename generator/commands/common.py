"""What the commands share: exit codes, the summary line, the list of formats."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.findings import Finding, Severity
from generator.writers import WRITERS

# 0 no errors, 1 findings with errors, 2 unreadable input or bad usage, 3 a bug in budgetgen.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


def summary(findings: Sequence[Finding]) -> str:
    count = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    tail = "".join(f"，{count[s]} 个{s.label}" for s in (Severity.NOTICE, Severity.REVIEWED)
                   if count[s])
    return f"共 {count[Severity.ERROR]} 个错误，{count[Severity.WARNING]} 个警告{tail}"


def refuse_target(target: Path, force: bool, suffixes: tuple[str, ...] = (".yaml", ".yml"),
                  what: str = "初稿写成 YAML") -> bool:
    """Say why a file this command writes cannot go to ``target`` (a name not ending in one of
    ``suffixes``, or a file already there and no ``--force``: a data file is never overwritten
    unasked); ``False`` when it can."""
    if target.suffix.lower() not in suffixes:
        print(f"用法错误：{what}，文件名应以 {suffixes[0]} 结尾：{target}", file=sys.stderr)
        return True
    if target.exists() and not force:
        print(f"用法错误：{target} 已存在；要覆盖请加 --force", file=sys.stderr)
        return True
    return False


def parse_formats(formats_arg: str) -> list[str] | None:
    """The formats of ``--format a,b``, or ``None`` (after saying why) when one is unknown."""
    formats = [f.strip() for f in formats_arg.split(",") if f.strip()]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown or not formats:
        print(f"用法错误：不支持的格式 {'、'.join(unknown) or '（空）'}；可选：{'、'.join(WRITERS)}",
              file=sys.stderr)
        return None
    return formats


def add_catalogs_option(parser: argparse.ArgumentParser) -> None:
    """``--catalogs DIR``: the first folder searched for catalogs (see generator.catalogs)."""
    parser.add_argument("--catalogs", metavar="目录",
                        help="科目表目录（优先于环境变量 BUDGETGEN_CATALOGS、数据文件旁的 catalogs/ "
                             "和随附科目表）")
