"""The PDF writer's engines: a book laid out in a forked process (``build`` starts it before its
heavy imports) is the same PDF, byte for byte, as one laid out here; a forked process that dies
or fails leaves the work to this process, and the book is still written."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import publish, validate
from generator.publication.model import Publication
from generator.writers import pdf
from generator.writers.pdf_engine import Forked, Local, fork_available
from tests.helpers import TESTDATA

# The engines' mechanics, not the book's pages, are tested: the smallest valid book will do.
MINIMAL = TESTDATA / "valid-minimal.yaml"


def minimal() -> Publication:
    return publish(validate(str(MINIMAL)))

pytestmark = [pytest.mark.pdf,
              pytest.mark.skipif(not fork_available(), reason="the forked engine is Linux-only")]


@pytest.fixture(scope="module")
def local_pdf() -> bytes:
    """The minimal book written in this process (no forked engine)."""
    assert isinstance(pdf._engine, Local)
    return pdf.write(minimal())


@pytest.fixture
def forked() -> Iterator[Forked]:
    pdf.prestart()
    engine = pdf._engine
    assert isinstance(engine, Forked)
    try:
        yield engine
    finally:
        pdf.finish()
    assert isinstance(pdf._engine, Local)


def test_a_forked_layout_is_the_same_pdf(local_pdf: bytes, forked: Forked) -> None:
    pub = minimal()
    pages = pdf.page_numbers(pub)  # laid out in the forked process...
    assert pages["functions"] == 3
    assert pdf.write(pub) == local_pdf  # ...and written there: the same bytes
    assert pdf._engine is forked  # nothing failed over


def test_a_dead_forked_process_leaves_the_book_to_this_one(local_pdf: bytes, forked: Forked) -> None:
    forked._process.kill()
    forked._process.join()
    assert pdf.write(minimal()) == local_pdf
    assert isinstance(pdf._engine, Local)


def test_a_failure_in_the_forked_process_is_redone_here(local_pdf: bytes,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = Local.layout

    def fails_in_the_child(self: Local, key: int, markup: str) -> dict[str, int]:
        if os.getpid() != parent:
            raise RuntimeError("layout failed in the forked process")
        return real(self, key, markup)

    monkeypatch.setattr(Local, "layout", fails_in_the_child)
    pdf.prestart()  # forked after the patch: the child has it
    try:
        assert pdf.write(minimal()) == local_pdf
        assert isinstance(pdf._engine, Local)  # the failed engine was replaced
    finally:
        pdf.finish()


def test_build_command_forks_and_ends_its_engine(tmp_path: Path, local_pdf: bytes,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Forked] = []
    real = Forked.__init__

    def remembered(self: Forked) -> None:
        real(self)
        started.append(self)

    monkeypatch.setattr(Forked, "__init__", remembered)
    code = main(["build", str(MINIMAL), "--format", "pdf,docx", "--out", str(tmp_path)])
    assert code == 0
    assert len(started) == 1 and not started[0]._process.is_alive()  # ended with the command
    assert isinstance(pdf._engine, Local)
    assert (tmp_path / "valid-minimal.pdf").read_bytes() == local_pdf
    assert (tmp_path / "valid-minimal.docx").stat().st_size > 0


def test_no_process_to_fork_means_layout_here(local_pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: Forked) -> None:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(Forked, "__init__", refused)
    pdf.prestart()
    assert isinstance(pdf._engine, Local)
    assert pdf.write(minimal()) == local_pdf
