"""Validation rules beyond the schema, one module per family. ``run`` applies them all."""

from __future__ import annotations

from generator.catalogs import Catalogs
from generator.checks import (
    codes,
    cross,
    draft,
    edition,
    plausibility,
    precision,
    prior,
    required,
    slips,
    sums,
    text,
)
from generator.checks.base import CheckContext
from generator.findings import Finding
from generator.source.loader import SourceDoc
from generator.source.schema import Book

FAMILIES = (required, codes, sums, precision, cross, text, plausibility, slips, prior, edition,
            draft)


def run(book: Book, doc: SourceDoc, catalogs: Catalogs | None = None) -> list[Finding]:
    """Every finding of every family, for a book that passed the schema."""
    ctx = CheckContext.of(book, doc, catalogs)
    findings: list[Finding] = []
    for family in FAMILIES:
        findings.extend(family.check(ctx))
    return findings
