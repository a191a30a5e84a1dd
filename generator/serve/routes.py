"""The pages and the small JSON answers the page's script asks for.

Books are named by their path relative to the served folder, in the query (``?f=a/b.yaml``);
every name goes through :func:`generator.serve.paths.inside` before anything is read or written.
Validation and layout run in worker threads, so one slow book does not stall the others.
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from generator.findings import Severity
from generator.resources import TEMPLATES
from generator.serve import ways_in
from generator.serve.library import DATA_SUFFIXES, EDITIONS, WORKBOOK_SUFFIXES, Library, Snapshot
from generator.serve.paths import inside

BOOK_SUFFIXES = DATA_SUFFIXES + WORKBOOK_SUFFIXES

STATIC = Path(TEMPLATES, "serve", "static")
_STATIC_TYPES = {"serve.js": "text/javascript; charset=utf-8", "serve.css": "text/css; charset=utf-8"}
MEDIA = {"pdf": "application/pdf",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
KEPT_IMPORTS = 20
EDITION_LABELS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel"}


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(TEMPLATES, "serve"))),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals["EDITION_LABELS"] = EDITION_LABELS
    env.filters["q"] = lambda text: quote(str(text), safe="")
    return env


def page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = environment().get_template(template).render(token=request.app.state.token, **values)
    return HTMLResponse(html, status_code=status)


def message(request: Request, text: str, status: int = 400) -> HTMLResponse:
    return page(request, "message.html.j2", status, text=text)


def _library(request: Request) -> Library:
    library: Library = request.app.state.library
    return library


def _book(request: Request, name: object, suffixes: tuple[str, ...] = DATA_SUFFIXES) -> Path | None:
    """The file ``?f=`` names, if it is one of the folder's books (else ``None``)."""
    if not isinstance(name, str):
        return None
    path = inside(_library(request).root, name)
    if path is None or path.suffix.lower() not in suffixes or not path.is_file():
        return None
    return path


def _shown(snapshot: Snapshot, root: Path) -> dict[str, Any]:
    """What the findings panel needs: the parts, and each finding's location and target."""
    parts = []
    for part, findings in snapshot.report.parts():
        items = [{"f": f, "target": snapshot.targets.get(id(f), ""),
                  "where": [_where(loc, root) for loc in f.locations]} for f in findings]
        parts.append({"name": part, "entries": items,
                      "errors": sum(1 for f in findings if f.severity is Severity.ERROR)})
    return {"snap": snapshot, "parts": parts, "s": snapshot.summary}


def _where(location: Any, root: Path) -> str:
    """A location as the page shows it: relative to the folder (either separator: Windows), the
    file alone when it has no line (a workbook's data as a whole)."""
    shown = str(location) if location.line or location.sheet or location.page else location.file
    for prefix in (str(root) + "/", str(root) + "\\"):
        shown = shown.replace(prefix, "")
    return shown


# --- pages ---------------------------------------------------------------------------------
async def home(request: Request) -> Response:
    library = _library(request)
    version = library.listing_version  # before the lines: a state filled in meanwhile is sent again
    books = await run_in_threadpool(library.listing)
    return page(request, "home.html.j2", books=books, folder=str(library.root),
                year=datetime.date.today().year + 1, version=version, pending=library.pending())


async def listing(request: Request) -> Response:
    """The home page's lines again, once they changed since the version the page shows
    (``?v=``): the states the background check filled in."""
    library = _library(request)
    version, waiting = library.listing_version, library.pending()
    answer: dict[str, Any] = {"version": version, "pending": waiting}
    if request.query_params.get("v") != str(version):
        books = await run_in_threadpool(library.listing)
        answer["pending"] = library.pending()
        answer["rows"] = environment().get_template("rows.html.j2").render(books=books)
    return JSONResponse(answer)


async def book_page(request: Request) -> Response:
    name = request.query_params.get("f")
    path = _book(request, name, BOOK_SUFFIXES)
    if path is None or name is None:
        return message(request, "找不到这本书：它不在本文件夹中。", 404)
    library = _library(request)
    snapshot = await run_in_threadpool(library.snapshot, name, path)
    edition = re.match(r"第(\d+)版", snapshot.summary.edition)
    corrected_as = ways_in.correction_name(path, int(edition[1]) + 1 if edition else 2)
    return page(request, "book.html.j2", name=name, editions=EDITIONS,
                corrected_as=str(Path(name).with_name(corrected_as).as_posix()),
                workbook_correction=ways_in.WORKBOOK_CORRECTION, **_shown(snapshot, library.root))


async def preview(request: Request) -> Response:
    name = request.query_params.get("f")
    path = _book(request, name, BOOK_SUFFIXES)
    if path is None or name is None:
        return message(request, "找不到这本书。", 404)
    snapshot = await run_in_threadpool(_library(request).snapshot, name, path)
    if snapshot.html is None:
        return page(request, "message.html.j2", 200, text=snapshot.problem, plain=True)
    return HTMLResponse(snapshot.html)


async def state(request: Request) -> Response:
    """The watcher's answer to the page's poll: the book's version, and its new findings panel
    when it changed since the version the page shows (``?v=``)."""
    name = request.query_params.get("f")
    path = _book(request, name, BOOK_SUFFIXES)
    if path is None or name is None:
        return JSONResponse({"error": "找不到这本书。"}, status_code=404)
    library = _library(request)
    snapshot = await run_in_threadpool(library.snapshot, name, path)
    answer: dict[str, Any] = {"version": snapshot.version, "seconds": round(snapshot.seconds, 3)}
    if request.query_params.get("v") != str(snapshot.version):
        answer["findings"] = environment().get_template("findings.html.j2").render(
            **_shown(snapshot, library.root))
        # the page's head follows the file too; a new 上一版 changes the page (its diff): reloaded
        answer["title"] = snapshot.report.title or name
        answer["edition"] = snapshot.summary.edition
        answer["previous"] = snapshot.previous
    return JSONResponse(answer)


async def diff(request: Request) -> Response:
    name = request.query_params.get("f")
    path = _book(request, name)
    if path is None or name is None:
        return message(request, "找不到这本书。", 404)
    html = await run_in_threadpool(_diff_html, _library(request), path)
    if html is None:  # shown in the book page's frame: a plain page, like the preview's
        return page(request, "message.html.j2", 404, plain=True,
                    text="没有可比较的上一版，或两版之一有错误无法比较：改正错误后这里显示两版的差别。")
    return HTMLResponse(html)


def _diff_html(library: Library, path: Path) -> str | None:
    from generator import diffview
    from generator.checks.edition import previous_path
    from generator.pipeline import validate
    from generator.publication.compare import compare
    from generator.publication.derive import derive

    new = validate(str(path), library.catalogs)
    if new.book is None or new.book.edition is None or not new.book.edition.previous:
        return None
    before = previous_path(str(path), new.book.edition.previous)
    if not before.resolve().is_relative_to(library.root):  # never read outside the folder
        return None
    old = validate(str(before), library.catalogs)
    if old.book is None or not (old.ok and new.ok):
        return None
    books = [derive(r.book, check=False, catalogs=r.catalogs) for r in (old, new) if r.book is not None]
    return diffview.as_html(compare(books[0], books[1]), before.name, path.name)


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in _STATIC_TYPES:
        return message(request, "找不到这个文件。", 404)
    return Response((STATIC / name).read_bytes(), media_type=_STATIC_TYPES[name])


# --- editions ------------------------------------------------------------------------------
def _edition(request: Request, form: Any) -> tuple[str, Path, str] | None:
    name, fmt = form.get("f"), form.get("fmt")
    path = _book(request, name, BOOK_SUFFIXES)
    if path is None or fmt not in EDITIONS or name is None:
        return None
    return name, path, fmt


async def build_start(request: Request) -> Response:
    found = _edition(request, await request.form())
    if found is None:
        return JSONResponse({"error": "找不到这本书或这种格式。"}, status_code=404)
    job = request.app.state.builds.start(*found)
    return JSONResponse(job.as_dict())


async def build_status(request: Request) -> Response:
    found = _edition(request, request.query_params)
    job = found and request.app.state.builds.status(found[0], found[2])
    if not job:
        return JSONResponse({"error": "还没有开始生成。"}, status_code=404)
    return JSONResponse(job.as_dict())


async def download(request: Request) -> Response:
    found = _edition(request, request.query_params)
    if found is None:
        return message(request, "找不到这本书或这种格式。", 404)
    name, _, fmt = found
    target = _library(request).outputs(name)[fmt]
    if not target.is_file():
        return message(request, "这个版本还没有生成：请先点“生成”。", 404)
    filename = f"{Path(name).stem}.{fmt}"
    return FileResponse(target, media_type=MEDIA[fmt], headers={
        "content-disposition": f"attachment; filename=\"book.{fmt}\"; filename*=UTF-8''{quote(filename)}"})


# --- ways in -------------------------------------------------------------------------------
async def upload(request: Request) -> Response:
    length = int(request.headers.get("content-length") or 0)
    if not 0 < length <= ways_in.MAX_UPLOAD + 65536:
        return JSONResponse({"error": f"文件过大或为空：上限 {ways_in.MAX_UPLOAD // 1048576} MB"},
                            status_code=413)
    async with request.form(max_files=1, max_fields=5) as form:
        item = form.get("file")
        if item is None or isinstance(item, str):
            return JSONResponse({"error": "没有收到文件。"}, status_code=400)
        data = await item.read()
        filename = item.filename or ""
    library = _library(request)
    try:
        pending = await run_in_threadpool(ways_in.import_file, library.root, filename, data)
    except ways_in.Refused as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    return _offer(request, pending)


def _offer(request: Request, pending: ways_in.Pending) -> Response:
    """What an import read; written at once when its data file is new, else kept for the
    officer to confirm (a data file is never overwritten unasked)."""
    root = _library(request).root
    _keep(request, pending)
    target = inside(root, pending.target)
    if target is not None and not target.exists():
        ways_in.write_new(root, pending.target, pending.text.encode("utf-8"))
        pending.written = True
    html = environment().get_template("imported.html.j2").render(p=pending, token=request.app.state.token)
    return JSONResponse({"html": html, "written": pending.written, "target": pending.target})


def _keep(request: Request, pending: ways_in.Pending) -> None:
    """Keep an import for its confirmation (the last few only: each holds a whole data file)."""
    kept: dict[str, ways_in.Pending] = request.app.state.pending
    kept[pending.id] = pending
    for old in list(kept)[:-KEPT_IMPORTS]:
        del kept[old]


async def upload_confirm(request: Request) -> Response:
    form = await request.form()
    pending = request.app.state.pending.get(form.get("id"))
    if pending is None:
        return JSONResponse({"error": "这次读取已失效，请重新拖入文件。"}, status_code=404)
    name = str(form.get("name") or pending.target).strip()
    if not name.lower().endswith((".yaml", ".yml")):
        name += ".yaml"
    try:
        written = ways_in.write_new(_library(request).root, name, pending.text.encode("utf-8"),
                                    overwrite=form.get("overwrite") == "1")
    except ways_in.Refused as exc:
        return JSONResponse({"error": str(exc)}, status_code=409)
    del request.app.state.pending[pending.id]
    return JSONResponse({"message": f"已写出 {written}", "redirect": f"/book?f={quote(written)}"})


async def import_existing(request: Request) -> Response:
    """A workbook already in the folder, read like a dropped one."""
    form = await request.form()
    path = _book(request, form.get("f"), WORKBOOK_SUFFIXES)
    if path is None:
        return JSONResponse({"error": "找不到这个工作簿。"}, status_code=404)
    request_data = path.read_bytes()
    try:
        pending = await run_in_threadpool(ways_in.import_file, _library(request).root, path.name,
                                          request_data)
    except ways_in.Refused as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    pending.target = str(Path(str(form.get("f"))).with_suffix(".yaml").as_posix())
    return _offer(request, pending)


async def new_book(request: Request) -> Response:
    form = await request.form()
    try:
        year = int(str(form.get("year", "")))
        written = await run_in_threadpool(
            ways_in.starter_file, _library(request).root, str(form.get("name", "")),
            str(form.get("shape", "单位")), str(form.get("level", "区级")), year,
            str(form.get("format", "yaml")))
    except ValueError:
        return JSONResponse({"error": "预算年度应是四位数字。"}, status_code=400)
    except ways_in.Refused as exc:
        return JSONResponse({"error": str(exc)}, status_code=409)
    target = f"/book?f={quote(written)}" if written.endswith((".yaml", ".yml")) else "/"
    return JSONResponse({"message": f"已写出 {written}", "redirect": target})


async def next_year(request: Request) -> Response:
    form = await request.form()
    name = form.get("f")
    path = _book(request, name)
    if path is None:
        return JSONResponse({"error": "找不到这本书。"}, status_code=404)
    library = _library(request)
    try:
        written, findings = await run_in_threadpool(ways_in.next_year_file, library.root, path,
                                                    library.catalogs)
    except ways_in.Refused as exc:
        return JSONResponse({"error": str(exc)}, status_code=409)
    return JSONResponse({"message": f"已写出 {written}：{len(findings)} 处需要改写或核对",
                         "redirect": f"/book?f={quote(written)}"})


async def correct(request: Request) -> Response:
    """「制作更正版」: a copy of the book with its 版本 block, for the officer to correct."""
    form = await request.form()
    name = form.get("f")
    if isinstance(name, str) and name.lower().endswith(WORKBOOK_SUFFIXES):
        return JSONResponse({"error": ways_in.WORKBOOK_CORRECTION}, status_code=400)
    path = _book(request, name)
    if path is None:
        return JSONResponse({"error": "找不到这本书。"}, status_code=404)
    reasons = [line.strip() for line in str(form.get("reasons", "")).splitlines() if line.strip()]
    try:
        written = await run_in_threadpool(
            ways_in.corrected_file, _library(request).root, path, reasons,
            str(form.get("name") or "").strip(), form.get("overwrite") == "1")
    except ways_in.Refused as exc:
        return JSONResponse({"error": str(exc)}, status_code=409)
    return JSONResponse({"message": f"已写出 {written}：请在这个文件中改正错误",
                         "redirect": f"/book?f={quote(written)}"})


ROUTES = [
    Route("/", home),
    Route("/book", book_page),
    Route("/preview", preview),
    Route("/api/state", state),
    Route("/diff", diff),
    Route("/static/{name}", static),
    Route("/build", build_start, methods=["POST"]),
    Route("/build", build_status, methods=["GET"]),
    Route("/download", download),
    Route("/upload", upload, methods=["POST"]),
    Route("/upload/confirm", upload_confirm, methods=["POST"]),
    Route("/import", import_existing, methods=["POST"]),
    Route("/new", new_book, methods=["POST"]),
    Route("/next-year", next_year, methods=["POST"]),
    Route("/correct", correct, methods=["POST"]),
    Route("/api/listing", listing),
]
