"""The steps every command shares: load a file, validate it, derive its publication."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from generator import checks
from generator.checks.edition import previous_path
from generator.findings import Finding, has_errors, sort_findings
from generator.publication.derive import derive
from generator.publication.model import Publication
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


def publish(result: Validated) -> Publication:
    """Derive the book of a validated file (marked 校验未通过 when it has errors). A corrected
    edition is compared with the edition it names in 「上一版」."""
    book = result.book
    assert book is not None
    previous = previous_date = None
    if book.edition is not None and book.edition.previous is not None:
        before = validate(str(previous_path(result.doc.path, book.edition.previous)))
        if before.book is not None:
            previous = derive(before.book, check=before.ok)
            previous_date = before.book.edition.date if before.book.edition else None
    publication = derive(book, check=result.ok, previous=previous, previous_date=previous_date)
    if not result.ok:
        publication = dataclasses.replace(publication, unvalidated=True)
    return publication


def validate(path: str) -> Validated:
    """Load and check ``path``. Raises :class:`~generator.errors.InputError` if unreadable."""
    doc = load(path)
    book, findings = schema_findings(doc)
    if book is not None:
        findings += checks.run(book, doc)
    return Validated(doc, book, sort_findings(findings))
