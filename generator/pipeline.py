"""The steps every command shares: load a file, validate it, derive its publication."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from generator import checks
from generator.catalogs import Catalogs, for_book
from generator.checks import review
from generator.checks.edition import previous_path
from generator.findings import Finding, Severity, has_errors, sort_findings
from generator.publication.derive import derive
from generator.publication.model import Publication
from generator.publication.record import keep_literals
from generator.source.loader import SourceDoc, SourceFindings, load
from generator.source.rollup import rollup
from generator.source.salvage import nest, salvage
from generator.source.schema import Book
from generator.source.validate import schema_check


@dataclass(frozen=True)
class Validated:
    """A loaded file, its book (``None`` if the schema failed) and every finding."""

    doc: SourceDoc
    book: Book | None
    findings: list[Finding]
    catalogs: Catalogs | None = None  # those of the book's year, where its file finds them
    catalog_option: str | None = None  # the --catalogs folder it was validated with

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
        before = validate(str(previous_path(result.doc.path, book.edition.previous)),
                          result.catalog_option)
        if before.book is not None:
            previous = derive(before.book, check=before.ok, catalogs=before.catalogs)
            previous_date = before.book.edition.date if before.book.edition else None
    publication = derive(book, check=result.ok, previous=previous, previous_date=previous_date,
                         catalogs=result.catalogs)
    publication = dataclasses.replace(
        publication, record=keep_literals(publication.record, result.doc.data))
    if not result.ok:
        publication = dataclasses.replace(publication, unvalidated=True)
    if book.draft is not None:  # printed marked 草稿 until the officer deletes the block
        publication = dataclasses.replace(publication, draft=True)
    return publication


def validate(path: str, catalogs: str | None = None, *,
             _within: tuple[Path, ...] = ()) -> Validated:
    """Load and check ``path``. Raises :class:`~generator.errors.InputError` if unreadable.

    Findings the file records as checked (「已核实」) come back as 已核实, not as warnings."""
    result = _validate(path, catalogs, _within=_within)
    reviewed = review.apply(result.doc, result.findings)
    if reviewed == result.findings:
        return result
    return dataclasses.replace(result, findings=_unique(reviewed))


def _validate(path: str, catalogs: str | None = None, *,
              _within: tuple[Path, ...] = ()) -> Validated:
    """:func:`validate` before the file's 「已核实」 are applied.

    A department listing 「合并单位」 is rolled up from its units' files: each unit is
    validated as a book of its own, then the summed department like any other book.
    Codes are named from the catalogs found by :func:`generator.catalogs.search_path`
    (``catalogs`` is the ``--catalogs`` folder, if given)."""
    try:
        doc = load(path)
    except SourceFindings as exc:
        return Validated(SourceDoc(path, {}), None, exc.findings)
    book, findings, refused = schema_check(doc)
    if refused is not None:
        return Validated(doc, None,
                         _unique(doc.findings + _salvaged(doc, refused, findings, catalogs)))
    findings = doc.findings + findings
    if book is not None and book.units:
        within = (*_within, Path(path).resolve())
        cycle = next((u for u in book.units if (Path(path).parent / u).resolve() in within), None)
        if cycle is not None:
            return Validated(doc, None, _unique([*findings, Finding(
                "rollup.unit", Severity.ERROR, f"合并单位「{cycle}」是这个文件本身或包含它的部门：请删去",
                (doc.locate(("合并单位",)),), "合并单位")]))
        units = [validate(str(Path(path).parent / unit), catalogs, _within=within)
                 for unit in book.units]
        # the department's own notice names the catalog year once for all its units
        findings += [f for unit in units for f in unit.findings if f.code != "catalog.year"]
        if any(unit.book is None for unit in units):
            return Validated(doc, None, _unique(findings))
        book, doc, rollup_findings = rollup(
            doc, book, [(unit.doc, unit.book) for unit in units if unit.book is not None])
        findings += rollup_findings
    found = None
    if book is not None:
        found = for_book(book.year, path, catalogs)
        findings += checks.run(book, doc, found)
    return Validated(doc, book, _unique(findings), found, catalogs)


def _salvaged(doc: SourceDoc, refused: ValidationError, findings: list[Finding],
              catalogs: str | None) -> list[Finding]:
    """``findings`` and those of the checks on the parts of the book the schema accepted."""
    salvaged = salvage(doc, refused)
    if salvaged is None or salvaged[0].units:
        return findings
    book, kept = salvaged
    try:
        checked = checks.run(book, kept, for_book(book.year, doc.path, catalogs))
    except Exception:  # best effort: a part checked without what was left out may not hold together
        return findings
    roots, own = nest(findings, checked)
    return [*roots, *own]


def _unique(findings: list[Finding]) -> list[Finding]:
    """Sorted, each once: a unit's finding also found on the department is the same finding."""
    return sort_findings(dict.fromkeys(findings))
