"""The ASGI application of ``budgetgen serve``: the routes behind a guard that makes it safe to
run on an officer's machine.

- Requests must name the served address in their ``Host`` header (a page on another site that
  rebinds its own name to 127.0.0.1 is refused: DNS rebinding).
- A request that changes anything (POST) must carry the token of this run, which only the
  pages served here hold, and an ``Origin``, when sent, must be ours.
- Every response carries a Content-Security-Policy (script only from here, nothing fetched
  from outside) and ``nosniff``; an unexpected error answers a Chinese sentence, never a trace.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterable
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generator.serve.builds import Builds
from generator.serve.library import Library

# The pages: their own script and style only; frames of this server only (the preview).
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "frame-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
               "frame-ancestors 'none'")
# The HTML edition shown in the frame: its inline style, no script at all.
PREVIEW_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                  "form-action 'none'; frame-ancestors 'self'")
_SAFE_METHODS = {"GET", "HEAD"}
# Pages made by the writers (the HTML edition, the diff): their own inline style, no script.
_SELF_CONTAINED = {"/preview", "/diff"}


def loopback_hosts(port: int) -> tuple[str, ...]:
    """The Host headers a browser sends for this machine's own address on ``port``."""
    return (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}")


class Guard:
    """ASGI middleware: Host check, token check, security headers, no stack traces."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str], token: str) -> None:
        self.app = app
        self.hosts = {h.lower() for h in hosts}
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await PlainTextResponse(refusal[1], status_code=refusal[0])(scope, receive, send)
            return
        preview = scope["path"] in _SELF_CONTAINED
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [(b"content-security-policy", (PREVIEW_POLICY if preview else PAGE_POLICY).encode()),
                         (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                         (b"cache-control", b"no-store")]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # a bug: one sentence for the page, the details on the console
            print(f"budgetgen serve：内部错误：{type(exc).__name__}: {exc}", file=sys.stderr)
            if not started:
                await PlainTextResponse("内部错误：请求未能完成，请报告。", status_code=500)(
                    scope, receive, send_with_headers)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        if headers.get("host", "").lower() not in self.hosts:
            return 421, "拒绝：请求的地址不是本服务的地址（Host 不符）。请用启动时显示的地址打开。"
        if scope["method"] in _SAFE_METHODS:
            return None
        origin = headers.get("origin")
        if origin is not None and origin.lower().split("://", 1)[-1] not in self.hosts:
            return 403, "拒绝：请求来自其他网页。"
        if not secrets.compare_digest(headers.get("x-budgetgen-token", ""), self.token):
            return 403, "拒绝：请求缺少本页的令牌，请刷新页面后重试。"
        return None


def create_app(root: Path, hosts: Iterable[str], catalogs: str | None = None,
               token: str | None = None) -> ASGIApp:
    """The served application for the folder ``root``, answering requests addressed to ``hosts``."""
    from generator.serve.routes import ROUTES

    handlers = {404: _not_found, 405: _not_allowed, Exception: _failed}
    app = Starlette(routes=ROUTES, exception_handlers=handlers)
    library = Library(root, catalogs)
    app.state.library = library
    app.state.builds = Builds(library)
    app.state.token = token or secrets.token_urlsafe(32)
    app.state.pending = {}
    return Guard(app, hosts, app.state.token)


async def _not_found(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("找不到这个页面或文件。", status_code=404)


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("不支持这种请求。", status_code=405)


async def _failed(request: Request, exc: Exception) -> Response:
    print(f"budgetgen serve：内部错误：{type(exc).__name__}: {exc}", file=sys.stderr)
    return PlainTextResponse("内部错误：请求未能完成，请报告。", status_code=500)
