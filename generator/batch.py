"""``budgetgen batch``: every book under a directory, in parallel, incrementally.

A book is rebuilt only when its inputs (its data file, the files it names: units and previous
edition), the templates, the catalogs or the generator itself changed since the last build; the
digest is recorded beside the output. One failing book does not stop the others.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import stat
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

from generator import collector, stamps
from generator.build import write_atomic
from generator.findings import Finding
from generator.limits import MEMORY_LIMIT_MB, TIME_LIMIT, TimeLimitExceeded, cap_memory, peak_kb, time_limit
from generator.writers.pdf_engine import fork_available

STAMP = ".build.json"
# A worker is replaced after this many books: WeasyPrint's caches grow with every book
# (measured: 337 MB after 10 books, 403 MB after 200 in one process).
BOOKS_PER_WORKER = 40
BOOK_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class Outcome:
    """What happened to one book."""

    source: str
    name: str
    status: str  # built | skipped | failed
    outputs: list[str] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    first_finding: str = ""
    # findings the data file records as checked: "[code] place：理由"
    reviewed: list[str] = field(default_factory=list)
    draft: bool = False  # a next-year draft (草稿): listed apart, printed marked
    seconds: float = 0.0
    peak_kb: int = 0


def find_books(directory: Path) -> list[Path]:
    """Every data file under ``directory`` (hidden folders and the catalogs left out)."""
    return scan(directory)[0]


def scan(directory: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The data files under ``directory``, and those named like one that cannot be read (a
    symbolic link in a loop or to nothing, a device), each with why: batch reports them."""
    found, unreadable = [], []
    for path in sorted(directory.rglob("*")):
        parts = path.relative_to(directory).parts
        if any(p.startswith(".") for p in parts) or "catalogs" in parts:
            continue
        if path.suffix not in BOOK_SUFFIXES:
            continue
        why = _unreadable(path)
        if why is None:
            found.append(path)
        elif why:
            unreadable.append((path, why))
    return found, unreadable


def _unreadable(path: Path) -> str | None:
    """Why ``path`` cannot be read as a data file; ``None`` if it can, "" for a folder."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "无法读取：符号链接构成循环，请改正或删去这个链接"
        if exc.errno == errno.ENOENT:
            return "无法读取：符号链接指向的文件不存在，请改正或删去这个链接"
        return f"无法读取（{exc.strerror}）"
    if stat.S_ISDIR(mode):
        return ""
    return None if stat.S_ISREG(mode) else "无法读取：这不是普通文件（是设备或管道）"


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # gone since the scan: its worker reports it
        return 0


def _stamp_path(out: Path, name: str) -> Path:
    return out / f"{name}{STAMP}"


def _up_to_date(out: Path, name: str, formats: list[str], env: str) -> dict[str, object] | None:
    """The recorded build of ``name`` if nothing it was made from has changed since."""
    stamp = _stamp_path(out, name)
    try:
        recorded: dict[str, object] = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    up_to_date = (stamps.current(recorded, env)
                  and recorded.get("formats") == formats
                  and all((out / f"{name}.{fmt}").exists() for fmt in formats))
    return recorded if up_to_date else None


def build_one(source: str, name: str, out: str, formats: list[str], env: str,
              force: bool = False, seconds: float = TIME_LIMIT,
              catalogs: str | None = None) -> Outcome:
    """Validate, derive and write one book (runs in a worker process) within ``seconds``
    (``catalogs``: the ``--catalogs`` folder, if given)."""
    from generator.errors import BudgetgenError

    start = time.perf_counter()
    outcome = Outcome(source, name, "failed")
    try:
        with time_limit(seconds), collector.paused():
            outcome = _build_one(outcome, Path(out), formats, env, force, catalogs)
    except TimeLimitExceeded:
        outcome.first_finding = f"超过每本的时间上限 {seconds:g} 秒，已停止：请检查这个文件"
    except MemoryError:
        outcome.first_finding = "超过每本的内存上限，已停止：请检查这个文件"
    except BudgetgenError as exc:
        outcome.first_finding = str(exc)
    except Exception as exc:  # one broken book must not stop the batch
        outcome.first_finding = f"内部错误：{type(exc).__name__}: {exc}"
    finally:
        outcome.seconds = time.perf_counter() - start
        outcome.peak_kb = peak_kb()
    return outcome


def _build_one(outcome: Outcome, out_dir: Path, formats: list[str], env: str,
               force: bool, catalogs: str | None) -> Outcome:
    from generator.build import build
    from generator.findings import Severity
    from generator.pipeline import publish, validate

    source, name = outcome.source, outcome.name
    recorded = None if force else _up_to_date(out_dir, name, formats, env)
    if recorded is not None:
        return _skipped(source, name, recorded)
    result = validate(source, catalogs)
    outcome.errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    outcome.warnings = sum(1 for f in result.findings if f.severity is Severity.WARNING)
    outcome.reviewed = [_reviewed(f) for f in result.findings if f.severity is Severity.REVIEWED]
    if result.findings:  # the first error when there is one: that is why the book failed
        first = min(result.findings, key=lambda f: list(Severity).index(f.severity))
        outcome.first_finding = first.render().splitlines()[0]
    if not result.ok or result.book is None:
        return outcome
    outcome.draft = result.book.draft is not None
    publication = publish(result)
    target = out_dir / Path(name).parent
    written = build(publication, Path(name).name, formats, target)
    outcome.outputs = [str(p.relative_to(out_dir)) for p in written]
    write_atomic(_stamp_path(out_dir, name), json.dumps(stamps.record(
        env, stamps.inputs(result), formats=formats,
        warnings=outcome.warnings, first_finding=outcome.first_finding,
        reviewed=outcome.reviewed, draft=outcome.draft,
    ), ensure_ascii=False, indent=1).encode("utf-8"))
    outcome.status = "built"
    return outcome


def _skipped(source: str, name: str, recorded: dict[str, object]) -> Outcome:
    reviewed = recorded.get("reviewed", [])
    return Outcome(source, name, "skipped", warnings=int(str(recorded.get("warnings", 0))),
                   first_finding=str(recorded.get("first_finding", "")),
                   reviewed=[str(r) for r in reviewed] if isinstance(reviewed, list) else [],
                   draft=recorded.get("draft") is True)


def _reviewed(finding: Finding) -> str:
    """One 已核实 finding for the summary and the index: its code, place and reason."""
    place = f"{finding.place}：" if finding.place else ""
    return f"[{finding.code}] {place}{finding.reason}"


def _progress(done: int, total: int, outcome: Outcome, stream: TextIO) -> None:
    width = 30
    filled = width * done // max(total, 1)
    label = {"built": "已生成", "skipped": "未变化", "failed": "失败"}[outcome.status]
    line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label} {outcome.name}"
    if stream.isatty():  # one line redrawn in place; a log gets a line per book
        print("\r\033[K", end="", file=getattr(stream, "trusted", stream))  # not escaped
        print(line, end="" if done < total else "\n", file=stream, flush=True)
    else:
        print(line, file=stream, flush=True)


def run(directory: Path, out: Path, formats: list[str], jobs: int,
        progress: Callable[[int, int, Outcome, TextIO], None] = _progress,
        seconds: float = TIME_LIMIT, megabytes: int = MEMORY_LIMIT_MB,
        catalogs: str | None = None) -> list[Outcome]:
    """Build every book under ``directory`` into ``out`` with ``jobs`` worker processes, each
    book within ``seconds`` and each worker within ``megabytes`` (where the platform allows);
    ``catalogs``: the ``--catalogs`` folder, if given."""
    books, unreadable = scan(directory)
    env = stamps.environment_digest()

    def name_of(path: Path) -> str:
        return str(path.relative_to(directory).with_suffix(""))

    names = [name_of(p) for p in books]
    outcomes: list[Outcome] = []
    jobs = max(jobs, 1)
    total = len(books) + len(unreadable)

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        progress(len(outcomes), total, outcome, sys.stderr)

    for path, why in unreadable:  # reported like a failed book, in the summary and the index
        done(Outcome(str(path), name_of(path), "failed", first_finding=why))

    # Worker processes even for one job, so each book is built the same way whatever N is.
    # Fresh workers every round of BOOKS_PER_WORKER books each keep their memory bounded
    # (the executor's own max_tasks_per_child deadlocks on Python 3.11 when a worker retires).
    todo = []
    for path, name in zip(books, names, strict=True):
        recorded = _up_to_date(out, name, formats, env)  # checked here: no worker to start
        if recorded is None:
            todo.append((str(path), name))
        else:
            done(_skipped(str(path), name, recorded))
    # Largest first (by file size, which grows with a book's lines and projects): a large book
    # started last would leave the other workers idle while it finishes.
    todo.sort(key=lambda book: -_size(book[0]))
    size = jobs * BOOKS_PER_WORKER
    job = _Job(str(out), formats, env, seconds, megabytes, catalogs)
    for start in range(0, len(todo), size):
        broken = _round(todo[start:start + size], jobs, job, done)
        # A worker died (killed for its memory, say): the books it left are built one by one,
        # each in a worker of its own, so only the book that kills its worker fails.
        for book in broken:
            if _round([book], 1, job, done):
                done(Outcome(book[0], book[1], "failed",
                             first_finding="处理这个文件的进程异常退出（可能超出内存上限）：请检查这个文件"))
    every = sorted([*books, *(path for path, _ in unreadable)])
    order = {name_of(path): i for i, path in enumerate(every)}
    outcomes.sort(key=lambda o: order[o.name])
    write_index(out, outcomes, formats)
    return outcomes


@dataclass(frozen=True)
class _Job:
    """What every book of a run shares: where it goes, how, and within which limits."""

    out: str
    formats: list[str]
    env: str
    seconds: float
    megabytes: int
    catalogs: str | None


def _round(books: list[tuple[str, str]], jobs: int, job: _Job,
           done: Callable[[Outcome], None]) -> list[tuple[str, str]]:
    """Build ``books`` in one pool of ``jobs`` workers; returns those left when a worker died."""
    left: list[tuple[str, str]] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(),
                             initializer=cap_memory, initargs=(job.megabytes,)) as pool:
        futures: dict[Future[Outcome], tuple[str, str]] = {
            pool.submit(build_one, path, name, job.out, job.formats, job.env, False, job.seconds,
                        job.catalogs): (path, name)
            for path, name in books}
        for future in as_completed(futures):
            try:
                done(future.result())
            except BrokenProcessPool:
                left.append(futures[future])
    return left


def _context() -> multiprocessing.context.BaseContext:
    """How workers start: forked where ``fork`` is safe and cheap (Linux), else spawned.

    A forked worker has this process's modules already imported (the generator's own, about
    0.7 s of CPU in each spawned worker) and ends with ``os._exit``, where a spawned one ends
    by tearing its interpreter down (about half a second for a worker's few hundred MB of
    objects, paid while the batch waits for its pool to close)."""
    return multiprocessing.get_context("fork" if fork_available() else "spawn")


def write_index(out: Path, outcomes: list[Outcome], formats: list[str]) -> None:
    """``OUT/index.html``: every book, links to its formats, its validation status."""
    from generator.writers.html import environment

    page = environment().get_template("index.html.j2").render(
        outcomes=[asdict(o) for o in outcomes], formats=formats)
    write_atomic(out / "index.html", page.encode("utf-8"))


def default_jobs() -> int:
    return os.cpu_count() or 1
