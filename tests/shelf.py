"""Books built once per test run and shared by every module and every xdist worker.

Several modules read the same printed books: the print-quality checks, the Word pagination
checks, the PDF round trip of import, the PDF writer's tests. Each used to build its own copy;
the shelf builds each data file's PDF and Word editions once (keyed by the file's bytes), and
LibreOffice's PDF of the .docx once, in a folder all workers of the run share.

Workers share the work rather than wait for each other: a worker asking for several books
builds those nobody is building yet (a non-blocking lock per book) and only then waits for
the ones another worker took.

    shelf = Shelf(folder)                       # the session fixture ``shelf`` in conftest.py
    built = shelf.books([path, ...])            # {stem: Built}, PDF and .docx of each
    one = shelf.book(path)                      # the same for one file
    shelf.word_pdfs(built.values(), soffice)    # LibreOffice's PDF of each .docx (one call)
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.writers.pages import Laid

DONE = "done"


@dataclass(frozen=True)
class Built:
    """One data file's editions on the shelf."""

    name: str  # the data file's stem: the editions' names
    source: Path
    folder: Path

    @property
    def pdf(self) -> Path:
        return self.folder / f"{self.name}.pdf"

    @property
    def docx(self) -> Path:
        return self.folder / f"{self.name}.docx"

    @property
    def laid(self) -> Laid:
        """The PDF's page plan (writers/pages.py) as the build laid the book out."""
        with (self.folder / "laid.pickle").open("rb") as handle:
            laid: Laid = pickle.load(handle)
        return laid

    @property
    def word_pdf(self) -> Path:
        """LibreOffice's PDF of the .docx (after :meth:`Shelf.word_pdfs`)."""
        return self.folder / "word" / f"{self.name}.pdf"


@contextmanager
def locked(path: Path, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on ``path``; yields False at once if ``wait`` is off and another
    process holds it."""
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Shelf:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _entry(self, source: Path) -> Built:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
        return Built(source.stem, source, self.root / f"{source.stem}-{digest}")

    def books(self, sources: Iterable[Path]) -> dict[str, Built]:
        """Each data file's PDF and .docx, built here unless already on the shelf."""
        entries = [self._entry(Path(s)) for s in sources]
        waiting = []
        for entry in entries:  # first pass: build what nobody else is building
            entry.folder.mkdir(exist_ok=True)
            with locked(entry.folder / "lock", wait=False) as mine:
                if not mine:
                    waiting.append(entry)
                elif not (entry.folder / DONE).exists():
                    _build(entry)
        for entry in waiting:  # then wait for the others' books
            with locked(entry.folder / "lock"):
                if not (entry.folder / DONE).exists():  # its builder failed: try here
                    _build(entry)
        return {entry.name: entry for entry in entries}

    def book(self, source: Path) -> Built:
        """One data file's PDF and .docx (:meth:`books` of one)."""
        return self.books([source])[Path(source).stem]

    def word_pdfs(self, books: Iterable[Built], soffice: str) -> None:
        """LibreOffice's PDF of each book's .docx, converting those not done in one call."""
        with locked(self.root / "soffice.lock"):
            missing = [b for b in books if not b.word_pdf.exists()]
            if not missing:
                return
            with tempfile.TemporaryDirectory(dir=self.root) as tmp:
                subprocess.run(["nice", soffice, "--headless",
                                f"-env:UserInstallation=file://{self.root}/lo",
                                "--convert-to", "pdf", "--outdir", tmp,
                                *(str(b.docx) for b in missing)],
                               capture_output=True, text=True, timeout=900, check=True)
                for book in missing:
                    book.word_pdf.parent.mkdir(exist_ok=True)
                    os.replace(Path(tmp) / f"{book.name}.pdf", book.word_pdf)


def _build(entry: Built) -> None:
    from generator.build import build
    from generator.pipeline import publish, validate
    from generator.writers import pdf

    result = validate(str(entry.source))
    if result.book is None:
        raise ValueError(f"{entry.source}: cannot be read")
    staging = entry.folder / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    pub = publish(result)
    build(pub, entry.name, ["pdf", "docx"], staging)
    with (staging / "laid.pickle").open("wb") as handle:
        pickle.dump(pdf.laid_out(pub), handle)  # kept from the build: no second layout
    for made in staging.iterdir():
        os.replace(made, entry.folder / made.name)
    staging.rmdir()
    (entry.folder / DONE).touch()
