"""The books of the served folder: the listing of the home page and each book's live state.

A book's state (findings, HTML preview) is computed when first asked for and again whenever one
of the files it is made from changes on disk (its data file or workbook, its units', its previous
edition's): :func:`signature` is the watcher, a ``stat`` of those files that the page polls.

The home page lists at once. Each book's summary is kept in ``.budgetgen/index.json`` as a
record of :mod:`generator.stamps` (the cache ``batch`` keeps beside its builds: the generator's
digest and the digest of every file the book was made from), so a folder lists without being
validated again. A book without a current record is listed from a quick read of its file (year,
unit) and marked 校验中; a background thread validates those one by one and the page fills
their states in as they come (:meth:`Library.listing_version`).

A workbook is a book like a data file: what ``import`` reads from it is validated and laid out
through a copy kept in ``.budgetgen/workbooks`` (never beside the officer's files); its findings
point at the workbook's cells, or at the workbook when they concern the data read from it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import re
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator import stamps
from generator.build import write_atomic
from generator.errors import InputError
from generator.findings import Finding, Location, Severity
from generator.report import FileReport
from generator.serve.anchors import BookIndex, target
from generator.serve.paths import WORK, inside, work_dir
from generator.source.loader import MAX_BYTES

DATA_SUFFIXES = (".yaml", ".yml", ".json")
WORKBOOK_SUFFIXES = (".xlsx",)
EDITIONS = ("pdf", "docx", "xlsx")
_INDEX = "index.json"
_SAVE_EVERY = 25  # books validated in the background between two writes of the index
_QUICK_BYTES = 65536  # what the quick read of a data file looks at


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
    pending: bool = False  # listed from a quick read; being validated
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

    @property
    def workbook(self) -> bool:
        return self.summary.kind == "workbook"


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
        self._saving = threading.Lock()
        self._versions = 0
        self._env: str | None = None
        self._records: dict[str, dict[str, Any]] = self._load_index()
        self._queue: dict[str, None] = {}  # books waiting for the background check, in order
        self._worker: threading.Thread | None = None
        self._checking: str | None = None
        self.listing_version = 0  # moves on whenever a line of the home page changed

    @property
    def environment(self) -> str:
        """The generator's digest (:func:`generator.stamps.environment_digest`), once per run."""
        if self._env is None:
            self._env = stamps.environment_digest()
        return self._env

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
        """A line for every book, at once: from its record when nothing it was made from changed,
        else from a quick read, marked pending and queued for the background check."""
        env = self.environment
        memo: stamps.Memo = {}  # the catalog folders the books share are read once
        names = self.files()
        with self._guard:
            records = dict(self._records)
        out = []
        for name in names:
            record = records.get(name)
            summary = _kept(record) if record is not None and _current(record, env, memo) else None
            if summary is None:
                summary = quick_summary(name, self.root / name)
                self._enqueue(name)
            summary.last_build = self.last_build(name)
            out.append(summary)
        gone = set(records) - set(names)
        if gone:
            with self._guard:
                for name in gone:
                    self._records.pop(name, None)
            self._save_index()
        return out

    def pending(self) -> int:
        """How many books are still waiting for the background check."""
        with self._guard:
            return len(self._queue) + (self._worker is not None)

    def settle(self, timeout: float = 600.0) -> None:
        """Wait until the background check has caught up (tests and the benchmark)."""
        end = time.monotonic() + timeout
        while self.pending() and time.monotonic() < end:
            time.sleep(0.02)

    def _enqueue(self, name: str) -> None:
        with self._guard:
            if name == self._checking:  # being checked now: its record comes in a moment
                return
            self._queue[name] = None
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, daemon=True, name="budgetgen listing")
                self._worker.start()

    def _work(self) -> None:
        checked = 0
        while True:
            with self._guard:
                name = next(iter(self._queue), None)
                if name is None:
                    break
                del self._queue[name]
                self._checking = name
            try:
                self._check(name)
            except Exception as exc:  # a bug: the console says so, the others are still checked
                print(f"budgetgen serve：校验 {name} 出错：{type(exc).__name__}: {exc}", file=sys.stderr)
                kind = "workbook" if name.lower().endswith(WORKBOOK_SUFFIXES) else "data"
                self._remember(name, Summary(name, kind, unreadable="内部错误：无法校验，请报告"),
                               [self.root / name])
            finally:
                with self._guard:
                    self._checking = None
            checked += 1
            if checked % _SAVE_EVERY == 0:
                self._save_index()
        self._save_index()
        with self._guard:
            self._worker = None
            if self._queue:  # queued while the index was written
                self._worker = threading.Thread(target=self._work, daemon=True, name="budgetgen listing")
                self._worker.start()

    def _check(self, name: str) -> None:
        """Validate one book for its line on the home page and keep the record."""
        path = self.root / name
        if not path.is_file():
            return
        kind = "workbook" if path.suffix.lower() in WORKBOOK_SUFFIXES else "data"
        try:
            result = self.validated(name, path)
        except InputError as exc:
            self._remember(name, Summary(name, kind, unreadable=exc.message), [path])
            return
        self._remember(name, _summary(name, result, kind), stamps.inputs(result, path))

    def _remember(self, name: str, summary: Summary, files: list[Path]) -> None:
        kept = asdict(summary)
        kept.pop("last_build")
        record = stamps.record(self.environment, files, summary=kept)
        with self._guard:
            self._records[name] = record
            self.listing_version += 1

    def last_build(self, name: str) -> str:
        """When an edition of the book was last built here (``YYYY-MM-DD HH:MM``), or ``""``."""
        times = [p.stat().st_mtime for p in self.outputs(name).values() if p.exists()]
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(max(times))) if times else ""

    def outputs(self, name: str) -> dict[str, Path]:
        stem = Path(name).with_suffix("")
        return {fmt: work_dir(self.root) / "output" / f"{stem}.{fmt}" for fmt in EDITIONS}

    def _load_index(self) -> dict[str, dict[str, Any]]:
        try:
            raw = json.loads((work_dir(self.root) / _INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(raw, dict):
            return {}
        return {name: record for name, record in raw.items()
                if isinstance(record, dict) and _kept(record) is not None}

    def _save_index(self) -> None:
        with self._guard:
            data = json.dumps(self._records, ensure_ascii=False).encode()
        with self._saving, contextlib.suppress(OSError):  # a read-only folder lists; checked again next run
            write_atomic(work_dir(self.root) / _INDEX, data)

    # --- one book ------------------------------------------------------------------------
    def validated(self, name: str, path: Path) -> Any:
        """The book validated (:class:`generator.pipeline.Validated`): a data file as it is, a
        workbook through what ``import`` reads from it. Raises :class:`InputError` when the
        file cannot be read at all."""
        from generator.pipeline import validate

        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            return self._workbook(name, path)
        return validate(str(path), self.catalogs)

    def _workbook(self, name: str, path: Path) -> Any:
        from generator.pipeline import Validated, validate
        from generator.serve.ways_in import Refused, check_upload
        from generator.source.emit import dump_yaml
        from generator.source.importers import xlsx
        from generator.source.loader import SourceDoc

        try:
            check_upload(path.name, path.read_bytes())  # a workbook in the folder keeps the upload limits
        except Refused as exc:
            raise InputError(name, str(exc)) from None
        except OSError as exc:
            raise InputError(name, f"无法读取（{exc.strerror}）") from None
        imported = xlsx.read(path)
        read = [_relocated(f, str(path), name) for f in imported.findings]
        if not imported.data:  # nothing of a budget book: the importer's findings say why
            if not read:
                raise InputError(name, "没有读到任何内容：这不是预算工作簿")
            return Validated(SourceDoc(name, {}), None, read)
        copy = work_dir(self.root) / "workbooks" / Path(name).with_suffix(".yaml")
        header = f"由 {name} 读出（budgetgen serve），请勿修改"
        write_atomic(copy, dump_yaml(imported.data, header).encode("utf-8"))
        result = validate(str(copy), self.catalogs)
        findings = [*read, *(_relocated(f, str(copy), name) for f in result.findings)]
        return dataclasses.replace(result, findings=findings)

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
            return snap

    def current(self, name: str) -> Snapshot | None:
        """The last computed state of the book, if any (without looking at the disk)."""
        return self._snapshots.get(name)

    def _compute(self, name: str, path: Path) -> Snapshot:
        start = time.perf_counter()
        with self._guard:
            self._versions += 1
            version = self._versions
        before = signature([path])
        kind = "workbook" if path.suffix.lower() in WORKBOOK_SUFFIXES else "data"
        try:
            result = self.validated(name, path)
        except InputError as exc:
            self._inputs[name] = [path]
            summary = Summary(name, kind, unreadable=exc.message)
            self._remember(name, summary, [path])
            return Snapshot(name, before, version, summary, FileReport(name, unreadable=str(exc)),
                            {}, None, problem=str(exc))
        book = result.book
        inputs = [path]
        previous = ""
        if book is not None and kind == "data":
            inputs += [path.parent / unit for unit in book.units]
            if book.edition is not None and book.edition.previous:
                inputs.append(path.parent / book.edition.previous)
                previous = book.edition.previous
        self._inputs[name] = inputs
        # the stamp of every input as it was read (a save during validation is seen next poll)
        stamps_now = before + signature(inputs[1:])
        summary = _summary(name, result, kind)
        self._remember(name, summary, stamps.inputs(result, path))
        title = (f"{book.region}{book.year}年{book.level}{book.kind}（{book.body.name}）" if book else "")
        report = FileReport(name, title, result.findings)
        html, problem = _preview(result)
        index = BookIndex.of(html) if html else BookIndex(frozenset(), ())
        targets = {id(f): target(f.place, index) for f in result.findings}
        return Snapshot(name, stamps_now, version, summary, report, targets, html, problem, previous,
                        time.perf_counter() - start)


def _current(record: dict[str, Any], env: str, memo: stamps.Memo) -> bool:
    try:
        return stamps.current(record, env, memo)
    except OSError:  # a file it names cannot be read now: check the book again
        return False


def _kept(record: dict[str, Any]) -> Summary | None:
    """The summary a record keeps (``None`` when it is not one this version wrote)."""
    try:
        return Summary(**record["summary"])
    except (KeyError, TypeError):
        return None


def _relocated(finding: Finding, stored: str, name: str) -> Finding:
    """A finding of the data read from a workbook, located in the workbook (its cell when the
    importer gave one, else the workbook itself) rather than in the copy the server keeps."""
    locations = tuple(dict.fromkeys(  # the copy's many lines become the workbook, once
        Location(name, 0, 0) if loc.file == stored and not loc.sheet
        else dataclasses.replace(loc, file=name) if loc.file == stored else loc
        for loc in finding.locations))
    return dataclasses.replace(finding, locations=locations)


_YEAR = re.compile(r'^["\']?预算年度["\']?\s*:\s*["\']?(\d{4})', re.M)
_UNIT = re.compile(r'^["\']?单位["\']?\s*:')
_NAME = re.compile(r'["\']?名称["\']?\s*:\s*["\']?([^"\',}\n#]+)')


def quick_summary(name: str, path: Path) -> Summary:
    """A book's line before it is validated: its year and unit read from the text as written
    (a workbook: its name only)."""
    kind = "workbook" if path.suffix.lower() in WORKBOOK_SUFFIXES else "data"
    summary = Summary(name, kind, pending=True)
    if kind == "workbook":
        return summary
    try:
        with path.open("rb") as fh:
            text = fh.read(_QUICK_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return summary
    year = _YEAR.search(text)
    summary.year = year.group(1) if year else ""
    for match in re.finditer(r"^.*$", text, re.M):
        if _UNIT.match(match.group(0)):
            unit = _NAME.search(text, match.start())
            summary.unit = unit.group(1).strip() if unit else ""
            break
    return summary


def _summary(name: str, result: object, kind: str = "data") -> Summary:
    from generator.pipeline import Validated

    assert isinstance(result, Validated)
    findings: list[Finding] = result.findings
    book = result.book
    count = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    summary = Summary(name, kind, errors=count[Severity.ERROR], warnings=count[Severity.WARNING],
                      notices=count[Severity.NOTICE], reviewed=count[Severity.REVIEWED],
                      draft=any(f.code == "text.placeholder" for f in findings)
                      or (book is not None and book.draft is not None))
    if kind == "workbook":  # a blank workbook, not yet filled in
        data = result.doc.data
        summary.draft = not (isinstance(data, dict) and data.get("支出明细"))
    if book is not None:
        summary.year = str(book.year)
        summary.unit = book.body.name
        edition = book.edition
        summary.edition = (f"第{edition.number}版（{edition.date}）" if edition is not None else "第1版")
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
