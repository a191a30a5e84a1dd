"""The books of the served folder: the listing of the home page and each book's live state.

A book's state (findings, HTML preview) is computed when first asked for and again whenever one
of the files it is made from changes on disk (its data file, its units', its previous
edition's): :func:`signature` is the watcher, a ``stat`` of those files that the page polls.
The home page's summaries are kept in ``.budgetgen/index.json`` by file size and modification
time, so a folder of many books lists without validating them again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.build import write_atomic
from generator.errors import InputError
from generator.findings import Finding, Severity
from generator.report import FileReport
from generator.serve.anchors import BookIndex, target
from generator.serve.paths import WORK, inside, work_dir
from generator.source.loader import MAX_BYTES

DATA_SUFFIXES = (".yaml", ".yml", ".json")
WORKBOOK_SUFFIXES = (".xlsx",)
EDITIONS = ("pdf", "docx", "xlsx")
_INDEX = "index.json"


@dataclass
class Summary:
    """One line of the home page."""

    name: str
    kind: str  # data | workbook
    year: str = ""
    unit: str = ""
    edition: str = ""
    errors: int = 0
    warnings: int = 0
    notices: int = 0
    reviewed: int = 0  # warnings the data file records as checked (已核实)
    draft: bool = False  # a next-year 草稿, or placeholders (待填写, XX) still in the text
    unreadable: str = ""
    stamp: list[int] = field(default_factory=list)  # size and mtime the summary was made from
    last_build: str = ""


@dataclass
class Snapshot:
    """A book as the page shows it, for one state of its files."""

    name: str
    signature: tuple[tuple[str, int, int, str], ...]
    version: int
    summary: Summary
    report: FileReport
    targets: dict[int, str]  # id(finding) → where it points in the preview
    html: str | None  # the HTML edition, or None when the book cannot be laid out
    problem: str = ""  # why there is no preview
    previous: str = ""  # the edition this one corrects, for the diff
    seconds: float = 0.0


def signature(paths: list[Path]) -> tuple[tuple[str, int, int, str], ...]:
    """Size, modification time and content digest of each file (0, 0, "" when missing): what the
    watcher compares. The digest catches a save of the same size within the file system's clock
    step (2 s on FAT drives); a data file is small (at most 2 MB), so reading it each poll is cheap."""
    out = []
    for path in paths:
        try:
            info = path.stat()
            digest = (hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
                      if info.st_size <= MAX_BYTES else "")
            out.append((str(path), info.st_size, info.st_mtime_ns, digest))
        except OSError:
            out.append((str(path), 0, 0, ""))
    return tuple(out)


class Library:
    """The books under ``root`` and their states."""

    def __init__(self, root: Path, catalogs: str | None = None) -> None:
        self.root = root.resolve()
        self.catalogs = catalogs
        self._snapshots: dict[str, Snapshot] = {}
        self._inputs: dict[str, list[Path]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._versions = 0
        self._summaries: dict[str, Summary] = self._load_index()

    # --- the home page -------------------------------------------------------------------
    def files(self) -> list[str]:
        """Every data file and workbook in the folder, by name (hidden folders, catalogs, Excel's
        lock files and whatever a link leads to outside the folder left out)."""
        found = []
        for path in sorted(self.root.rglob("*")):
            parts = path.relative_to(self.root).parts
            if any(p.startswith((".", "~$")) for p in parts) or "catalogs" in parts:
                continue
            name = "/".join(parts)
            if path.suffix.lower() in DATA_SUFFIXES + WORKBOOK_SUFFIXES and inside(self.root, name) \
                    and path.is_file():
                found.append(name)
        return found

    def listing(self) -> list[Summary]:
        """A summary of every book, validating only those changed since they were last listed."""
        out, changed = [], False
        for name in self.files():
            path = self.root / name
            info = path.stat()
            stamp = [info.st_size, info.st_mtime_ns]
            summary = self._summaries.get(name)
            if summary is None or summary.stamp != stamp:
                summary = self._summarise(name, path, stamp)
                self._summaries[name] = summary
                changed = True
            summary.last_build = self.last_build(name)
            out.append(summary)
        if changed or len(self._summaries) != len(out):  # files added, changed or removed
            listed = {s.name for s in out}
            self._summaries = {n: s for n, s in self._summaries.items() if n in listed}
            self._save_index()
        return out

    def last_build(self, name: str) -> str:
        """When an edition of the book was last built here (``YYYY-MM-DD HH:MM``), or ``""``."""
        times = [p.stat().st_mtime for p in self.outputs(name).values() if p.exists()]
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(max(times))) if times else ""

    def outputs(self, name: str) -> dict[str, Path]:
        stem = Path(name).with_suffix("")
        return {fmt: work_dir(self.root) / "output" / f"{stem}.{fmt}" for fmt in EDITIONS}

    def _summarise(self, name: str, path: Path, stamp: list[int]) -> Summary:
        from generator.pipeline import validate

        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            summary = _workbook_summary(name, path)
            summary.stamp = stamp
            return summary

        try:  # validation alone: the preview is laid out when the book is opened
            summary = _summary(name, validate(str(path), self.catalogs))
        except InputError as exc:
            summary = Summary(name, "data", unreadable=exc.message)
        summary.stamp = stamp
        return summary

    def _load_index(self) -> dict[str, Summary]:
        try:
            raw = json.loads((work_dir(self.root) / _INDEX).read_text(encoding="utf-8"))
            return {name: Summary(**fields) for name, fields in raw.items()}
        except (OSError, ValueError, TypeError):
            return {}

    def _save_index(self) -> None:
        data = {name: asdict(s) for name, s in self._summaries.items()}
        with contextlib.suppress(OSError):  # a read-only folder lists; it validates again next time
            write_atomic(work_dir(self.root) / _INDEX, json.dumps(data, ensure_ascii=False).encode())

    # --- one book ------------------------------------------------------------------------
    def snapshot(self, name: str, path: Path) -> Snapshot:
        """The book's current state, computed again only when its files changed."""
        with self._guard:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:  # one computation per book at a time; the others wait for its result
            known = self._snapshots.get(name)
            inputs = self._inputs.get(name, [path])
            if known is not None and known.signature == signature(inputs):
                return known
            snap = self._compute(name, path)
            self._snapshots[name] = snap
            summary = snap.summary
            summary.stamp = [path.stat().st_size, path.stat().st_mtime_ns] if path.exists() else []
            self._summaries[name] = summary
            return snap

    def current(self, name: str) -> Snapshot | None:
        """The last computed state of the book, if any (without looking at the disk)."""
        return self._snapshots.get(name)

    def _compute(self, name: str, path: Path) -> Snapshot:
        from generator.pipeline import validate

        start = time.perf_counter()
        with self._guard:
            self._versions += 1
            version = self._versions
        before = signature([path])
        try:
            result = validate(str(path), self.catalogs)
        except InputError as exc:
            self._inputs[name] = [path]
            summary = Summary(name, "data", unreadable=exc.message)
            return Snapshot(name, before, version, summary, FileReport(name, unreadable=str(exc)),
                            {}, None, problem=str(exc))
        book = result.book
        inputs = [path]
        previous = ""
        if book is not None:
            inputs += [path.parent / unit for unit in book.units]
            if book.edition is not None and book.edition.previous:
                inputs.append(path.parent / book.edition.previous)
                previous = book.edition.previous
        self._inputs[name] = inputs
        # the stamp of every input as it was read (a save during validation is seen next poll)
        stamps = before + signature(inputs[1:])
        summary = _summary(name, result)
        title = (f"{book.region}{book.year}年{book.level}{book.kind}（{book.body.name}）" if book else "")
        report = FileReport(name, title, result.findings)
        html, problem = _preview(result)
        index = BookIndex.of(html) if html else BookIndex(frozenset(), ())
        targets = {id(f): target(f.place, index) for f in result.findings}
        return Snapshot(name, stamps, version, summary, report, targets, html, problem, previous,
                        time.perf_counter() - start)


def _summary(name: str, result: object) -> Summary:
    from generator.pipeline import Validated

    assert isinstance(result, Validated)
    findings: list[Finding] = result.findings
    book = result.book
    count = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    summary = Summary(name, "data", errors=count[Severity.ERROR], warnings=count[Severity.WARNING],
                      notices=count[Severity.NOTICE], reviewed=count[Severity.REVIEWED],
                      draft=any(f.code == "text.placeholder" for f in findings)
                      or (book is not None and book.draft is not None))
    if book is not None:
        summary.year = str(book.year)
        summary.unit = book.body.name
        edition = book.edition
        summary.edition = (f"第{edition.number}版（{edition.date}）" if edition is not None else "第1版")
    return summary


def _workbook_summary(name: str, path: Path) -> Summary:
    """A workbook's line: what ``import`` reads from it (year, unit) and what it finds."""
    from generator.serve.ways_in import Refused, check_upload
    from generator.source.importers import xlsx

    summary = Summary(name, "workbook")
    try:
        check_upload(path.name, path.read_bytes())  # a workbook in the folder keeps the upload limits
    except (Refused, OSError) as exc:
        summary.unreadable = str(exc)
        return summary
    imported = xlsx.read(path)
    count = {s: sum(1 for f in imported.findings if f.severity is s) for s in Severity}
    summary.errors, summary.warnings = count[Severity.ERROR], count[Severity.WARNING]
    summary.notices = count[Severity.NOTICE]
    summary.year = str(imported.data.get("预算年度", ""))
    unit = imported.data.get("单位")
    summary.unit = str(unit.get("名称", "")) if isinstance(unit, dict) else ""
    summary.draft = not imported.data.get("支出明细")  # a blank workbook, not yet filled in
    return summary


def _preview(result: object) -> tuple[str | None, str]:
    """The HTML edition of a validated file (marked 校验未通过 when it has errors), or why none."""
    from generator.errors import InvariantError
    from generator.pipeline import Validated, publish
    from generator.writers.html import render

    assert isinstance(result, Validated)
    if result.book is None:
        return None, "数据不符合格式要求，无法排出预览：请先改正左侧的错误。"
    try:
        return render(publish(result)), ""
    except InvariantError as exc:
        return None, f"内部错误（推导结果不自洽，请报告）：{exc}"
    except Exception as exc:  # derivation assumes a valid book; some errors leave nothing to lay out
        if result.ok:
            print(f"budgetgen serve：预览出错：{type(exc).__name__}: {exc}", file=sys.stderr)
            return None, "内部错误：这本书无法排出预览，请报告。"
        return None, "数据中的错误使这本书无法排出预览：请先改正左侧的错误。"


__all__ = ["EDITIONS", "Library", "Snapshot", "Summary", "WORK", "signature"]
