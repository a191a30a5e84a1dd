"""The steps every command shares: load a file, validate it, derive its publication."""

from __future__ import annotations

from dataclasses import dataclass

from generator import checks
from generator.findings import Finding, has_errors, sort_findings
from generator.source.loader import SourceDoc, load
from generator.source.schema import Book
from generator.source.validate import schema_findings


@dataclass(frozen=True)
class Validated:
    """A loaded file, its book (``None`` if the schema failed) and every finding."""

    doc: SourceDoc
    book: Book | None
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return self.book is not None and not has_errors(self.findings)


def validate(path: str) -> Validated:
    """Load and check ``path``. Raises :class:`~generator.errors.InputError` if unreadable."""
    doc = load(path)
    book, findings = schema_findings(doc)
    if book is not None:
        findings += checks.run(book, doc)
    return Validated(doc, book, sort_findings(findings))
