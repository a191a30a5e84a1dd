"""Command line: ``budgetgen <命令>``; the commands themselves are in :mod:`generator.commands`.

Exit codes: 0 no errors, 1 findings with errors, 2 unreadable input, bad usage or an output
that cannot be written, 3 a bug in
budgetgen (a derived table broke one of its identities), 130 interrupted (Ctrl-C), 141 the
reader of the output went away.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from generator import __version__
from generator.commands import COMMANDS
from generator.commands.common import EXIT_USAGE
from generator.errors import LayoutError, OutputError
from generator.terminal import EscapingStream

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader stopped reading (``budgetgen diff A B | head``)
EXIT_INTERRUPTED = 130  # 128 + SIGINT: the user pressed Ctrl-C

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
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Control characters from the data, file or folder names never reach the terminal raw.
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = EscapingStream(sys.stdout), EscapingStream(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    runners = {command.NAME: command.run for command in COMMANDS}
    try:
        status: int = runners[args.command](args)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left (``| head``): stop quietly, as if by SIGPIPE
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except (OutputError, LayoutError) as exc:  # raised for any command that writes a file
        print(f"{exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl-C: files are written atomically, so nothing is half-written
        print("已中断：已写出的文件是完整的，未完成的文件没有写出。", file=sys.stderr)
        return EXIT_INTERRUPTED
    return status
