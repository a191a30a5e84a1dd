"""``budgetgen serve``: the books of a folder in a local web page."""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import sys
import threading
import webbrowser
from pathlib import Path

from generator.commands.common import EXIT_OK, EXIT_USAGE, add_catalogs_option

NAME = "serve"
DEFAULT_PORT = 8765
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = sub.add_parser(NAME, help="在浏览器中查看、校验和生成本文件夹的预算文本",
                             description="启动本机网页：列出文件夹中的每本书及其校验结果，"
                                         "保存文件后网页自动更新；可生成 PDF、Word、Excel，导入、新建和"
                                         "生成下一年度初稿。只在本机地址 127.0.0.1 上提供。")
    command.add_argument("folder", nargs="?", default=".", metavar="文件夹",
                         help="数据文件所在文件夹（默认：当前文件夹）")
    command.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"端口（默认 {DEFAULT_PORT}）")
    command.add_argument("--host", default="127.0.0.1",
                         help="监听地址（默认 127.0.0.1，只有本机可以访问；改成其他地址会给出警告）")
    command.add_argument("--open", action="store_true", help="启动后在浏览器中打开")
    add_catalogs_option(command)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from generator.serve.app import create_app, loopback_hosts

    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"用法错误：{folder} 不是文件夹", file=sys.stderr)
        return EXIT_USAGE
    if not 0 <= args.port < 65536:
        print(f"用法错误：端口 {args.port} 不在 0–65535 之间", file=sys.stderr)
        return EXIT_USAGE
    try:
        sock = _bind(args.host, args.port)
    except OSError as exc:
        print(f"无法在 {args.host}:{args.port} 上启动（{exc.strerror or exc}）：端口可能已被占用，"
              "请用 --port 换一个", file=sys.stderr)
        return EXIT_USAGE
    port = sock.getsockname()[1]  # --port 0: a free port chosen by the system
    hosts = list(loopback_hosts(port))
    shown = f"[{args.host}]" if ":" in args.host else args.host
    if args.host not in _LOOPBACK:
        hosts += [f"{name}:{port}" for name in _names(args.host, shown)]
        print(f"警告：监听 {args.host} 时，能连到这台电脑的其他人也能打开这些预算文件并写入文件夹；"
              "只在可信的网络上这样做。", file=sys.stderr)
    address = f"http://{shown}:{port}/"
    app = create_app(folder, hosts, args.catalogs)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    print(f"budgetgen serve：{address}（文件夹 {folder.resolve()}；按 Ctrl-C 停止）", flush=True)
    if args.open:
        threading.Timer(0.8, webbrowser.open, (address,)).start()
    uvicorn.Server(config).run(sockets=[sock])
    return EXIT_OK


def _names(host: str, shown: str) -> list[str]:
    """The names a browser may use for ``host``: itself, or for every address (0.0.0.0, ::)
    this machine's name and its addresses."""
    if host not in ("0.0.0.0", "::"):
        return [shown]
    names = [socket.gethostname()]
    with contextlib.suppress(OSError):
        names += [str(info[4][0]) for info in socket.getaddrinfo(names[0], None)]
    return [f"[{n}]" if ":" in n else n for n in dict.fromkeys(names)]


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a taken port is told in a sentence."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if os.name != "nt":  # on Windows this option would let two servers share the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)  # connections wait from now on, while the server starts
    except OSError:
        sock.close()
        raise
    return sock
