"""Source → publication: a pure function from a validated book to its document tree."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from generator.catalogs import Catalogs
from generator.errors import InvariantError
from generator.publication import narrative, tables, wording
from generator.publication.compare import compare
from generator.publication.context import Context, build_context
from generator.publication.forms import form_table
from generator.publication.invariants import violations
from generator.publication.model import Block, Publication, Section, Table
from generator.publication.record import build_record
from generator.source.schema import Book


def derive(book: Book, *, check: bool = True, previous: Publication | None = None,
           previous_date: date | None = None, catalogs: Catalogs | None = None) -> Publication:
    """Derive the whole book. With ``check`` (the default) the derived tables must satisfy
    the book's identities (收入总计 = 支出总计 …); a violation is a bug and raises
    :class:`InvariantError`. ``check=False`` is for building a book that failed validation.
    ``catalogs`` (default: the shipped ones of the book's year) name the codes.

    A corrected edition (版次 > 1) is titled （更正版）; given the ``previous`` edition's
    publication it gains a 更正说明 listing every figure and passage that changed."""
    ctx = build_context(book, catalogs)
    publication = _forms_only(ctx) if book.kind == "绩效目标申报表" else _book(ctx)
    if check:
        broken = violations(publication, _tolerance(book))
        if broken:
            raise InvariantError("；".join(broken))
    return _edition(ctx, publication, previous, previous_date)


def _tolerance(book: Book) -> Decimal:
    """Printed figures of a book entered from its printed rows may differ from sums of other
    printed figures by half a unit per row."""
    if book.printed is None:
        return Decimal(0)
    rows = len(book.lines) + len(book.economic)
    return Decimal("0.5").scaleb(-book.options.decimals) * rows


def _edition(ctx: Context, publication: Publication, previous: Publication | None,
             previous_date: date | None) -> Publication:
    edition = ctx.book.edition
    if edition is None:
        return publication
    if edition.number == 1:
        return dataclasses.replace(publication, edition_date=edition.date)
    words = ctx.words()
    sections = publication.sections
    if previous is not None:
        comparison = compare(previous, publication)
        # each reason is one sentence, joined with ；and ended by the template's 。
        reasons = [r.strip().rstrip("。．.；;，,、 ") for r in edition.reasons]
        blocks = wording.render("corrections.j2", date=edition.date,
                                reasons=[r for r in reasons if r],
                                previous_date=previous_date,
                                # figures quoted in sentences show in the passages below
                                figures=[f for f in comparison.figures if f.in_table],
                                texts=comparison.texts, rows_added=comparison.rows_added,
                                rows_removed=comparison.rows_removed,
                                projects_added=comparison.projects_added,
                                projects_removed=comparison.projects_removed, **words)
        sections = (_section(ctx, "corrections", "corrections", blocks), *sections)
    return dataclasses.replace(
        publication,
        title=wording.phrase("corrected_title", title=publication.title),
        edition_date=edition.date,
        edition_line=wording.phrase("edition_line", date=edition.date),
        sections=sections,
    )


def _section(ctx: Context, key: str, sid: str, blocks: tuple[Block, ...] = (),
             children: tuple[Section, ...] = (), level: int = 1) -> Section:
    words = ctx.words()
    toc_key = f"sections.{key}_toc"
    has_toc = f"{key}_toc" in wording.phrases()["sections"]
    return Section(
        id=sid,
        title=wording.phrase(f"sections.{key}", **words),
        level=level,
        blocks=blocks,
        children=children,
        toc_title=wording.phrase(toc_key, **words) if has_toc else None,
    )


def _book(ctx: Context) -> Publication:
    derived = tables.all_tables(ctx)
    table_sections = tuple(
        Section(id=f"table-{i}", title=t.title, level=2, blocks=(t,),
                toc_title=f"{i}. {t.title}")
        for i, t in enumerate(derived, start=1)
    )
    sections = [
        _section(ctx, "functions", "functions", narrative.functions(ctx)),
        _section(ctx, "organisation", "organisation", narrative.organisation(ctx)),
        _section(ctx, "glossary", "glossary", narrative.glossary(ctx)),
        _section(ctx, "explanation", "explanation", narrative.explanation(ctx)),
        _section(ctx, "tables", "tables", children=table_sections),
        _section(ctx, "other", "other", narrative.other(ctx)),
        _section(ctx, "projects", "projects", narrative.no_projects(ctx),
                 children=_projects(ctx)),
    ]
    if not (sections[-1].blocks or sections[-1].children):
        # 项目经费情况说明 with nothing to say (项目支出 but no project explained) is left out,
        # with its 目录 entry, as the official template leaves out what does not apply
        # (「不涉及的不列」), instead of a heading alone on a page.
        sections.pop()
    forms = _forms(ctx)
    if forms:
        sections.append(_section(ctx, "forms", "forms", children=forms))
    words = ctx.words()
    all_tables: dict[str, Table] = {t.id: t for t in derived}
    for section in forms:
        for block in section.blocks:
            if isinstance(block, Table):
                all_tables[block.id] = block
    return Publication(
        title=wording.phrase("title", **words),
        subtitle=wording.phrase("body_line", **words),
        author=str(words["name"]),
        year=ctx.year,
        kind=ctx.book.kind,
        sections=tuple(sections),
        tables=all_tables,
        record=build_record(ctx),
    )


def _projects(ctx: Context) -> tuple[Section, ...]:
    out = []
    explained = [p for p in ctx.book.projects if narrative.has_explanation(p)]
    for n, project in enumerate(explained, start=1):
        index = ctx.book.projects.index(project) + 1
        given = [(k, title, blocks) for k, (title, blocks) in
                 enumerate(narrative.project_parts(ctx, index, project), start=1) if blocks]
        parts = tuple(  # a part not given is left out; the others are numbered in order
            Section(id=f"project-{index}-{k}", title=narrative.renumbered(title, n),
                    level=3, blocks=blocks, in_toc=False)
            for n, (k, title, blocks) in enumerate(given, start=1)
        )
        title = wording.phrase("sections.project", n=n, project=project.name, **ctx.words())
        out.append(Section(id=f"project-{index}", title=title, level=2, children=parts,
                           in_toc=False))
    return tuple(out)


def _forms(ctx: Context, in_toc: bool = False) -> tuple[Section, ...]:
    out = []
    for index, project in enumerate(ctx.book.projects, start=1):
        if project.form is None:
            continue
        table = form_table(ctx, index, project, project.form)
        title = wording.phrase("sections.form", project=project.form.name or project.name,
                               **ctx.words())
        out.append(Section(id=f"form-{index}", title=title, level=2, blocks=(table,),
                           in_toc=in_toc))
    return tuple(out)


def _forms_only(ctx: Context) -> Publication:
    words = ctx.words()
    forms = _forms(ctx, in_toc=True)  # a forms-only document lists every form in its 目录
    section = _section(ctx, "forms", "forms", children=forms)
    tables_by_id = {
        block.id: block for s in forms for block in s.blocks if isinstance(block, Table)
    }
    return Publication(
        title=wording.phrase("forms_title", **words),
        subtitle=wording.phrase("body_line", **words),
        author=str(words["name"]),
        year=ctx.year,
        kind=ctx.book.kind,
        sections=(section,),
        tables=tables_by_id,
        record=build_record(ctx),
    )
