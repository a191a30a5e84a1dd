"""The PDF, Word and Excel editions, built on demand in a background thread.

Two builds of the same book never run at once (one lock per book; asking again for an edition
being built returns the running build), and the layouts themselves run one at a time (WeasyPrint
is not made for threads, and the machine's cores serve the officer's other work too). An edition
already built from the book's current files is not built again, and the editions of a book
whose files have not changed share one derivation: Word after PDF takes its page numbers from
the PDF's layout instead of laying the book out again.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build import write_atomic
from generator.serve.library import Library, signature

if TYPE_CHECKING:
    from generator.pipeline import Validated
    from generator.publication.model import Publication

Inputs = tuple[tuple[str, int, int, str], ...]  # a book's files as Library.snapshot signs them
#: Derived books kept for their next edition (each holds its PDF page plan once laid out).
KEPT = 2
_LAYOUT = threading.Lock()
STAGES = {"queued": "排队等候", "validate": "校验数据", "derive": "推导各表", "render": "排版生成",
          "done": "已完成", "failed": "未生成"}
_PERCENT = {"queued": 0, "validate": 10, "derive": 25, "render": 50, "done": 100, "failed": 100}


@dataclass
class Job:
    """One edition of one book being (or having been) built."""

    name: str
    fmt: str
    stage: str = "queued"
    message: str = ""
    started: float = 0.0
    seconds: float = 0.0
    inputs: Inputs = ()

    @property
    def running(self) -> bool:
        return self.stage not in ("done", "failed")

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "format": self.fmt, "stage": self.stage, "label": STAGES[self.stage],
                "percent": _PERCENT[self.stage], "message": self.message,
                "seconds": round(self.seconds or time.perf_counter() - self.started, 1)}


class Builds:
    """Every build asked for since the server started."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._jobs: dict[tuple[str, str], Job] = {}
        self._books: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._derived: OrderedDict[str, tuple[Inputs, Publication]] = OrderedDict()

    def start(self, name: str, path: Path, fmt: str) -> Job:
        """The build of ``fmt`` for the book: the running one, a finished one still current, or
        a new one started now."""
        with self._guard:
            job = self._jobs.get((name, fmt))
            if job is not None and (job.running or (
                    job.stage == "done" and job.inputs == self._inputs(name, path)
                    and self.library.outputs(name)[fmt].exists())):
                return job
            job = Job(name, fmt, started=time.perf_counter())
            self._jobs[(name, fmt)] = job
            lock = self._books.setdefault(name, threading.Lock())
        threading.Thread(target=self._run, args=(job, path, lock), daemon=True,
                         name=f"build {name} {fmt}").start()
        return job

    def status(self, name: str, fmt: str) -> Job | None:
        return self._jobs.get((name, fmt))

    def _inputs(self, name: str, path: Path) -> tuple[tuple[str, int, int, str], ...]:
        snap = self.library.current(name)
        return snap.signature if snap is not None else signature([path])

    def _run(self, job: Job, path: Path, lock: threading.Lock) -> None:
        with lock:  # one build of this book at a time
            try:
                self._build(job, path)
            except Exception as exc:  # the page says so; the server goes on
                print(f"budgetgen serve：生成 {job.name} 出错：{type(exc).__name__}: {exc}", file=sys.stderr)
                job.stage, job.message = "failed", "内部错误：生成失败，请报告。"
            finally:
                job.seconds = time.perf_counter() - job.started

    def _build(self, job: Job, path: Path) -> None:
        from generator.commands.common import summary
        from generator.errors import InputError, LayoutError
        from generator.writers import WRITERS

        job.stage = "validate"
        try:
            result = self.library.validated(job.name, path)
        except InputError as exc:
            job.stage, job.message = "failed", exc.message
            return
        job.inputs = self.library.snapshot(job.name, path).signature
        if not result.ok:
            job.stage = "failed"
            job.message = f"{summary(result.findings)}：请先改正错误再生成。"
            return
        job.stage = "derive"
        publication = self._derive(job.name, job.inputs, result)
        job.stage = "render"
        with _LAYOUT:
            try:
                data = WRITERS[job.fmt](publication)
            except LayoutError as exc:
                job.stage, job.message = "failed", str(exc)
                return
        write_atomic(self.library.outputs(job.name)[job.fmt], data)
        job.stage = "done"

    def _derive(self, name: str, inputs: Inputs, result: Validated) -> Publication:
        """The book derived from ``result``: the one derived for its last edition while its
        files are unchanged (the book's lock is held), else a new one, kept for the next."""
        from generator.pipeline import publish

        with self._guard:
            kept = self._derived.get(name)
        if kept is not None and kept[0] == inputs:
            return kept[1]
        publication = publish(result)
        with self._guard:
            self._derived[name] = (inputs, publication)
            self._derived.move_to_end(name)
            while len(self._derived) > KEPT:
                self._derived.popitem(last=False)
        return publication
