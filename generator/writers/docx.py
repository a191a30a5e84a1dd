"""Word writer: the publication as a real .docx, styled by ``templates/reference.docx``.

Like pandoc's reference.docx: page size, margins, fonts (with their East Asian face), heading,
table and footer styles all come from the reference file; this module only names styles.
It walks the same publication model as the HTML writer and formats figures with the same
:mod:`generator.display`, so both editions carry the same words and figures.

Tables are written as WordprocessingML directly (``w:gridSpan``/``w:vMerge`` for merged cells,
``w:tblHeader`` for repeated header rows): building them cell by cell through python-docx's
``table.cell(r, c)`` is quadratic in the number of cells.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser

from generator.display import amount_cell, runs_text
from generator.publication.model import (
    Cell,
    Inline,
    ItemList,
    Paragraph,
    Publication,
    Row,
    Section,
    Table,
)
from generator.resources import TEMPLATES
from generator.writers import docx_layout, pages, pdf
from generator.writers.keep import (
    form_keeps_next,
    form_parts,
    form_tall_rows,
    keeps_with_previous,
)
from generator.writers.marks import marks

REFERENCE = Path(TEMPLATES, "reference.docx")
TABLE_STYLE = "预算表格"
RUNNING_HEADER = "续表页眉"
FORMS_HEADING = "申报表部分标题"
TIGHT_PADDING = 30  # twips above and below a cell of a table set closer (book.css table.tight)
CORE_PROPERTY_MAX = 255


@cache
def _reference_bytes() -> bytes:
    return REFERENCE.read_bytes()


def _el(tag: str, **attrs: str) -> Any:
    """A new element ``tag`` (``w:p``) with ``w:`` attributes: python-docx's ``OxmlElement``,
    its tag's name and namespace worked out once per tag (a book makes tens of thousands)."""
    name, nsmap = _tag(tag)
    return oxml_parser.makeelement(name, attrib={_attr(k): v for k, v in attrs.items()},
                                   nsmap=nsmap)


@cache
def _tag(tag: str) -> tuple[str, dict[str, str]]:
    prefixed = NamespacePrefixedTag(tag)
    return prefixed.clark_name, prefixed.nsmap


@cache
def _attr(key: str) -> str:
    return qn(f"w:{key}")


class _Writer:
    def __init__(self) -> None:
        self.doc = Document(io.BytesIO(_reference_bytes()))
        self.body = self.doc.element.body
        self.final_sect = self.body.find(qn("w:sectPr"))
        for child in list(self.body):
            if child is not self.final_sect:
                self.body.remove(child)
        self.style_ids = {style.name: style.style_id for style in self.doc.styles}
        # Text widths (twips) of the reference's page, upright and turned.
        size, margins = self.final_sect.find(qn("w:pgSz")), self.final_sect.find(qn("w:pgMar"))
        sides = int(margins.get(qn("w:left"))) + int(margins.get(qn("w:right")))
        self.text_width = int(size.get(qn("w:w"))) - sides
        self.turned_width = int(size.get(qn("w:h"))) - sides
        self.cell_margins = self._style_cell_margins()
        self.fits: dict[str, docx_layout.Fit] = {}
        # The section being written: turned (a wide table's) or not, its running header.
        self.landscape = False
        self.header = ""
        self.headers: list[str] = []  # the running header of each section ended so far
        self.counts: dict[str, int] = {}  # paragraph units written, by section (pages.Unit)
        self.laid = pages.Laid({}, {}, 0)
        self.cell_line: int | None = None  # exact line height (twips) in a closer-set table

    def _style_cell_margins(self) -> Any:
        """The table style's cell margins, copied onto every table: LibreOffice ignores the
        margins of a table style, Word honours both."""
        style = self.doc.styles.element.find(
            f"{qn('w:style')}[@{qn('w:styleId')}='{self.style_ids[TABLE_STYLE]}']")
        found = style.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}") if style is not None else None
        return found

    # ---- paragraphs -----------------------------------------------------------------------

    def para(self, text: str | tuple[Inline, ...], style: str, *, bold: bool = False,
             parent: Any = None, page_break: bool | None = None, indent: int = 0,
             size: float | None = None, breaks: tuple[str, ...] = (), keep_next: bool = False,
             run_on: bool = False, line: int | None = None, centre: bool = False) -> Any:
        """A paragraph of ``text``; ``breaks``: instead, these lines with a line break
        (``w:br``) between them; ``run_on``: the rest of a paragraph (no first-line indent)."""
        p = _el("w:p")
        ppr = p.makeelement(qn("w:pPr"), {})
        ppr.append(_el("w:pStyle", val=self.style_ids[style]))
        if keep_next:
            ppr.append(_el("w:keepNext"))
        if page_break is not None:
            ppr.append(_el("w:pageBreakBefore", val="1" if page_break else "0"))
        if line is not None:  # twips, exact
            ppr.append(_el("w:spacing", line=str(line), lineRule="exact"))
        if indent:  # twips
            ppr.append(_el("w:ind", left=str(indent)))
        elif run_on:
            ppr.append(_el("w:ind", firstLine="0", firstLineChars="0"))
        if centre:
            ppr.append(_el("w:jc", val="center"))
        p.append(ppr)
        content = text if isinstance(text, str) else runs_text(text)
        if content:
            run = _el("w:r")
            if bold or size is not None:
                rpr = _el("w:rPr")
                if bold:
                    rpr.append(_el("w:b"))
                if size is not None:
                    rpr.append(_el("w:sz", val=str(round(size * 2))))
                    rpr.append(_el("w:szCs", val=str(round(size * 2))))
                run.append(rpr)
            for i, piece in enumerate(breaks or (content,)):
                if i:
                    run.append(_el("w:br"))
                t = _el("w:t")
                t.set(qn("xml:space"), "preserve")
                t.text = piece
                run.append(t)
            p.append(run)
        (self.body if parent is None else parent).append(p)
        if parent is None:
            self._keep_sect_last()
        return p

    def _keep_sect_last(self) -> None:
        self.body.remove(self.final_sect)
        self.body.append(self.final_sect)

    def end_after_table(self) -> None:
        """A book ending on a table (a 申报表) ends with a one-point paragraph, as Word itself
        ends a body: without it LibreOffice drops the last section's running header (the
        form's 「（续）」 line on the book's last page)."""
        last = self.final_sect.getprevious()
        if last is None or last.tag != qn("w:tbl"):
            return
        self.body.append(_thin_paragraph())
        self._keep_sect_last()

    def section_break(self) -> None:
        """End the current section here (its pages turned if ``self.landscape``, under the
        running header ``self.header``). The paragraph holding the break is one point high,
        so it never pushes a full page's last row onto a page of its own."""
        sect = copy.deepcopy(self.final_sect)
        if self.landscape:
            _turn(sect)
        self.headers.append(self.header)
        p = _thin_paragraph()
        p.find(qn("w:pPr")).append(sect)
        self.body.append(p)
        self._keep_sect_last()

    # ---- the book -------------------------------------------------------------------------

    def book(self, pub: Publication) -> None:
        for _, sentence in marks(pub):
            self.para(sentence, "警示")
        self.para(pub.title, "Title")
        self.para(pub.subtitle, "Subtitle")
        if pub.edition_line:
            self.para(pub.edition_line, "Subtitle")
        self.laid = pdf.laid_out(pub)
        self.toc(pub)
        for section in pub.sections:
            self.section(section)
        # The cover carries no page number, as in the PDF: its section's first page takes the
        # first-page footer, which the book leaves empty.
        self.doc.sections[0].different_first_page_header_footer = True
        if self.landscape:  # the book ends on a turned table: its section is the last one
            _turn(self.final_sect)
        self.headers.append(self.header)
        self.running_headers()
        self.end_after_table()
        props = self.doc.core_properties
        # OPC core properties hold at most 255 characters: a longer name is cut, not refused
        props.title = pub.title[:CORE_PROPERTY_MAX]
        props.author = props.last_modified_by = (pub.author or pub.subtitle)[:CORE_PROPERTY_MAX]
        props.language = "zh-CN"
        props.comments = ""
        props.revision = 1
        stamp = datetime.combine(edition_date(pub), time(0), tzinfo=UTC)
        props.created = props.modified = stamp
        settings = self.doc.settings.element
        if settings.find(qn("w:updateFields")) is None:
            settings.append(_el("w:updateFields", val="true"))

    def running_headers(self) -> None:
        """Each section's running header (``表N（续）`` on a table's continued pages, as the
        PDF prints it above them), a header of its own where it differs from the section
        before (Word carries a header on to the next section otherwise)."""
        before = ""
        for section, text in zip(self.doc.sections, self.headers, strict=True):
            if text == before:
                continue
            before = text
            header = section.header
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0]
            paragraph.style = self.doc.styles[RUNNING_HEADER]
            if text:
                paragraph.add_run(text)

    def toc(self, pub: Publication) -> None:
        """A TOC field whose result already lists the entries with the PDF edition's page
        numbers, so the 目录 reads correctly in any office suite; the field is marked dirty
        (and the settings ask to update fields on open), so Word recomputes it for its own
        pagination."""
        self.para("目　录", "TOC Heading")
        entries = pub.toc()
        pages = self.laid.anchors
        for i, (level, sid, title) in enumerate(entries):
            p = self.para(title, f"toc {min(level, 2)}")
            if sid in pages:
                tab = _el("w:r")
                tab.append(_el("w:tab"))
                p.append(tab)
                number = _el("w:r")
                t = _el("w:t")
                t.text = str(pages[sid])
                number.append(t)
                p.append(number)
            if i == 0:
                first_run = p.find(qn("w:r"))
                for node in _field_start(' TOC \\o "1-2" \\h \\z \\u ', dirty=True):
                    first_run.addprevious(node)
            if i == len(entries) - 1:
                p.append(_fld("end"))

    def _fit(self, table: Table) -> docx_layout.Fit:
        """How ``table`` is set (computed once per table)."""
        if table.id not in self.fits:
            self.fits[table.id] = docx_layout.fit(table, self.text_width, self.turned_width)
        return self.fits[table.id]

    # ---- pages: where the PDF's pages begin (writers.pages) -------------------------------

    def unit(self, section: str, text: str | tuple[Inline, ...], style: str) -> None:
        """A paragraph unit of ``section`` (see :mod:`pages`), opening a page where the PDF's
        opens; a paragraph the PDF runs over pages is cut where the PDF cuts it, each piece
        after the first opening its page without a first-line indent."""
        number = self.counts.get(section, 0)
        self.counts[section] = number + 1
        key = ("p", section, number)
        content = text if isinstance(text, str) else runs_text(text)
        pieces = _cut(content, self.laid.splits.get(key, ()))
        self.para(pieces[0], style, page_break=self._page(key))
        for piece in pieces[1:]:
            self.para(piece, style, page_break=True, run_on=True)

    def _page(self, unit: pages.Unit, section: bool = False) -> bool:
        """Whether ``unit`` opens a page of the PDF; where that page's running header or
        orientation differs from the current section's, or ``section`` asks for it, a section
        break opens it instead (and ``False`` is returned: the unit needs no page break of its
        own). A table's next piece asks: two tables with nothing between them would be joined
        into one by Word and LibreOffice."""
        start = self.laid.starts.get(unit)
        if start is None:
            return False
        if (start.header, start.landscape) == (self.header, self.landscape) and not section:
            return True
        self.section_break()
        self.header, self.landscape = start.header, start.landscape
        return False

    def section(self, section: Section, title_printed: bool = False) -> None:
        """Write ``section``; ``title_printed``: its form's title is the heading just written
        (the forms part's own), so it is not printed twice."""
        tables = [b for b in section.blocks if isinstance(b, Table)]
        table = tables[0] if tables else None
        sid = section.id
        if table is not None and not table.header:  # a 绩效目标申报表
            if not title_printed:
                self.unit(sid, table.title, "表名")
            self.unit(sid, section.title, "申报表项目")
            self.unit(sid, table.compiler, "表年度")
        elif table is not None:
            self.unit(sid, section.title, "表名")
        elif section.children and not section.blocks and \
                _form_title(section.children[0]) == section.title:
            # the forms part: its heading is its first form's title, at a form title's size
            # (Heading 1 from a reference.docx restyled before that style was added)
            self.unit(sid, section.title, FORMS_HEADING if FORMS_HEADING in self.style_ids
                      else "Heading 1")
        else:
            self.unit(sid, section.title, f"Heading {min(section.level, 3)}")
        ordinal = 0
        for block in section.blocks:
            if isinstance(block, Table):
                self.table(block, sid, ordinal)
                ordinal += 1
            else:
                self.block(block, sid)
        for i, child in enumerate(section.children):
            first = i == 0 and not section.blocks
            self.section(child, title_printed=first and _form_title(child) == section.title)

    def block(self, block: Paragraph | ItemList, sid: str) -> None:
        if isinstance(block, Paragraph):
            # A subheading is the HTML's h4 at any level (blocks.html.j2), as a project's
            # 一、项目概述: Heading 3, left and below the 目录's levels (Heading 2 centred it
            # in the table titles' size and put it in Word's updated 目录)
            style = "Heading 3" if block.role == "heading" else \
                "表注" if block.role == "note" else "Normal"
            self.unit(sid, block.runs, style)
        else:
            for item in block.items:
                self.unit(sid, item.label + runs_text(item.runs), "列表项")

    # ---- tables ---------------------------------------------------------------------------

    def _new_table(self, widths: list[int], tight: bool) -> Any:
        tbl = _el("w:tbl")
        tblpr = _el("w:tblPr")
        tblpr.append(_el("w:tblStyle", val=self.style_ids[TABLE_STYLE]))
        tblpr.append(_el("w:tblW", w=str(sum(widths)), type="dxa"))
        tblpr.append(_el("w:jc", val="center"))
        tblpr.append(_el("w:tblLayout", type="fixed"))
        if self.cell_margins is not None:
            margins = copy.deepcopy(self.cell_margins)
            if tight:  # 1.5 pt above and below, as the PDF's table.tight
                for side in ("top", "bottom"):
                    edge = margins.find(qn(f"w:{side}"))
                    if edge is not None:
                        edge.set(qn("w:w"), str(TIGHT_PADDING))
            tblpr.append(margins)
        tblpr.append(_el("w:tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="0",
                         lastColumn="0", noHBand="0", noVBand="1"))
        tbl.append(tblpr)
        grid = _el("w:tblGrid")
        for width in widths:
            grid.append(_el("w:gridCol", w=str(width)))
        tbl.append(grid)
        self.body.append(tbl)
        self._keep_sect_last()
        return tbl

    def table(self, table: Table, sid: str, ordinal: int) -> None:
        """The table, cut where the PDF's pages cut it: each page's rows are a table of their
        own under the repeated header (a 申报表's indicator header once its indicators began),
        so Word and every other suite break exactly there."""
        def opens(k: int) -> bool:
            return ("r", sid, ordinal, k) in self.laid.starts

        if table.header:
            self.para(table.compiler, "表前说明", page_break=opens(0) and self._page(
                ("r", sid, ordinal, 0)))
            self.para(f"单位：{table.unit.value}", "表前单位")
        fit = self._fit(table)
        widths = list(fit.widths)
        size = None if fit.size == docx_layout.SIZE else fit.size
        header_rows = [Row(cells) for cells in table.header]
        heads = len(header_rows)
        # a 申报表's merged blocks and groups, its last groups held as the PDF holds them
        form = None if table.header else form_keeps_next(table, table.id in self.laid.held)
        tall = None if table.header else form_tall_rows(table)
        indicators = None if table.header else _indicator_head(table)
        tight = table.id in self.laid.tight
        # Lines as the PDF sets them: 1.35 lines of the table's size (the reference's table
        # styles have 9 pt on 1.35), 1.25 in a table set closer (the PDF's table.tight);
        # rounded down, so a Word page holds at least the PDF's rows.
        leading = 1.25 if tight else 1.35
        self.cell_line = int(fit.size * leading * docx_layout.TWIPS) \
            if tight or fit.size != docx_layout.SIZE else None
        tbl = self._new_table(widths, tight)
        started: set[int] = set()  # ids of merged cells begun in the current piece
        for r, (row, cells) in enumerate(_grid(header_rows + list(table.rows), len(widths))):
            k = r - heads  # body row index
            page_break = False
            if k > 0 and opens(k):
                page_break = self._page(("r", sid, ordinal, k), section=True)
                tbl = self._new_table(widths, tight)
                started = set()
                repeated = header_rows if table.header else \
                    [indicators[1]] if indicators and k > indicators[0] else []
                for head, head_cells in _grid(repeated, len(widths)):
                    tbl.append(self.row(table, head, head_cells, widths, size, header=True,
                                        keep_next=True, page_break=page_break))
                    page_break = False
            elif not table.header and k == 0 and opens(0):
                page_break = self._page(("r", sid, ordinal, 0))
            # A merged cell begun on an earlier page is begun again, with its words, on this
            # one: no piece opens on a blank merged cell.
            cells = [(c, cell, continued and id(cell) in started) for c, cell, continued in cells]
            started.update(id(cell) for _, cell, _ in cells if cell.rowspan > 1)
            # The PDF's page-break rules (writers.keep): a row that must share its page with
            # the next one keeps its paragraphs with the next (Word and LibreOffice keep the
            # row with the next row); the header rows stay with the first body row.
            # A piece's last row keeps with nothing: the PDF's page ends there.
            keep_next = r < heads or (form[k] if form else keeps_with_previous(
                table.rows, k + 1)) and not opens(k + 1)
            tbl.append(self.row(table, row, cells, widths, size, header=r < heads,
                                keep_next=keep_next, page_break=page_break,
                                split=bool(tall and k >= 0 and tall[k])))
        for note in table.notes:
            self.unit(sid, note.runs, "表注")

    def row(self, table: Table, row: Row, cells: list[tuple[int, Cell, bool]], widths: list[int],
            size: float | None, header: bool, keep_next: bool, page_break: bool,
            split: bool = False) -> Any:
        """A table row; ``split``, one that may run over a page (a 申报表 row too tall for
        one: keep.form_tall_rows), else kept whole."""
        tr = _el("w:tr")
        trpr = _el("w:trPr")
        if not split:
            trpr.append(_el("w:cantSplit"))
        if header:
            trpr.append(_el("w:tblHeader"))
        tr.append(trpr)
        for i, (col, cell, continued) in enumerate(cells):
            tr.append(self.cell(table, row, cell, continued, widths[col:col + cell.colspan],
                                header=header, size=size, keep_next=keep_next,
                                page_break=page_break and i == 0))
        return tr

    def cell(self, table: Table, row: Row, cell: Cell, continued: bool, widths: list[int],
             header: bool, size: float | None = None, keep_next: bool = False,
             page_break: bool = False) -> Any:
        tc = _el("w:tc")
        tcpr = _el("w:tcPr")
        tcpr.append(_el("w:tcW", w=str(sum(widths)), type="dxa"))
        if cell.colspan > 1:
            tcpr.append(_el("w:gridSpan", val=str(cell.colspan)))
        if continued:
            tcpr.append(_el("w:vMerge"))
        elif cell.rowspan > 1:
            tcpr.append(_el("w:vMerge", val="restart"))
        tcpr.append(_el("w:vAlign", val="center"))
        tc.append(tcpr)
        if continued:
            p = tc.makeelement(qn("w:p"), {})
            if keep_next:
                p.append(_el("w:pPr"))
                p[0].append(_el("w:keepNext"))
            tc.append(p)
            return tc
        if cell.is_amount:
            text = amount_cell(cell.amount, table.unit, table.decimals, table.blank_zero)
            style = "表格数字"
        else:
            text = cell.text
            style = "表格表头" if header or cell.header else "表格文字"
        bold = row.kind == "total" or row.level == 1
        # A 合计/总计 label is centred in its (merged) cell, as the PDF sets it.
        centre = row.kind == "total" and bool(row.cells) and row.cells[0] is cell \
            and not cell.is_amount
        at = size or docx_layout.SIZE
        for i, line in enumerate(text.split("\n")):
            # Header words are kept whole: Word would break a CJK line anywhere (科目编/码).
            breaks = tuple(docx_layout.header_lines(line, sum(widths), at)) \
                if style == "表格表头" else ()
            self.para(line, style, bold=bold and not header, parent=tc,
                      indent=docx_layout.indent(cell.indent, at), size=size, breaks=breaks,
                      keep_next=keep_next, page_break=True if page_break and i == 0 else None,
                      line=self.cell_line, centre=centre)
        return tc


def _grid(rows: list[Row], columns: int) -> Iterator[tuple[Row, list[tuple[int, Cell, bool]]]]:
    """Each row's cells with their starting column; ``True`` marks the continuation of a cell
    merged down from above (Word needs one ``w:tc`` per grid position, HTML does not)."""
    pending: dict[int, tuple[int, Cell]] = {}  # column → (rows still covered, cell)
    for row in rows:
        out: list[tuple[int, Cell, bool]] = []
        cells = iter(row.cells)
        col = 0
        while col < columns:
            if col in pending:
                left, above = pending[col]
                out.append((col, above, True))
                if left > 1:
                    pending[col] = (left - 1, above)
                else:
                    del pending[col]
                col += above.colspan
                continue
            cell = next(cells, None)
            if cell is None:
                cell = Cell()
            out.append((col, cell, False))
            if cell.rowspan > 1:
                pending[col] = (cell.rowspan - 1, cell)
            col += cell.colspan
        yield row, out



def _thin_paragraph() -> Any:
    """An empty paragraph one point high (a section break's, or the body's last after a
    table): it never pushes a full page's last row onto a page of its own."""
    p = _el("w:p")
    ppr = _el("w:pPr")
    ppr.append(_el("w:spacing", before="0", after="0", line="20", lineRule="exact"))
    ppr.append(_el("w:ind", firstLine="0", firstLineChars="0"))
    mark = _el("w:rPr")
    mark.append(_el("w:sz", val="2"))
    mark.append(_el("w:szCs", val="2"))
    ppr.append(mark)
    p.append(ppr)
    return p

def _turn(sect: Any) -> None:
    """Make section properties ``sect`` (an upright page) landscape."""
    size = sect.find(qn("w:pgSz"))
    width, height = size.get(qn("w:w")), size.get(qn("w:h"))
    size.set(qn("w:w"), height)
    size.set(qn("w:h"), width)
    size.set(qn("w:orient"), "landscape")


def _form_title(section: Section) -> str | None:
    """The title of the 绩效目标申报表 that ``section`` holds, if it holds one."""
    table = next((b for b in section.blocks if isinstance(b, Table)), None)
    return table.title if table is not None and not table.header else None


def _cut(text: str, later: tuple[int, ...]) -> list[str]:
    """``text`` cut into the pieces a page prints: ``later`` counts the characters (spaces
    aside) printed on each page after the first."""
    pieces: list[str] = []
    end = len(text)
    for count in reversed(later):
        start = end
        while count and start > 0:
            start -= 1
            if not text[start].isspace():
                count -= 1
        pieces.insert(0, text[start:end])
        end = start
    return [text[:end], *pieces] if end > 0 else pieces or [text]


def _indicator_head(table: Table) -> tuple[int, Row] | None:
    """A 申报表's indicator header (:func:`keep.form_parts`): the index of its row and the row
    as repeated on a continued page (its first cell one row high)."""
    parts = form_parts(table)
    if len(parts) < 2 or parts[1].head is None:
        return None
    return len([row for group in parts[0].groups for row in group]), Row(parts[1].head)


def _fld(kind: str) -> Any:
    run = _el("w:r")
    run.append(_el("w:fldChar", fldCharType=kind))
    return run


def _field_start(instruction: str, dirty: bool = False) -> list[Any]:
    run = _el("w:r")
    instr = _el("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    run.append(instr)
    begin = _fld("begin")
    if dirty:  # Word recomputes the field's result when it opens the file
        begin.find(qn("w:fldChar")).set(qn("w:dirty"), "true")
    return [begin, run, _fld("separate")]


def edition_date(pub: Publication) -> date:
    """The date stamped on the file: the edition's date, or for a first edition (no 版本
    block) 1 January of the budget year. Never the time of the build, so two builds of the
    same data give the same bytes, and never a date unrelated to the book."""
    return pub.edition_date or date(pub.year, 1, 1)


def write(publication: Publication) -> bytes:
    writer = _Writer()
    writer.book(publication)
    out = io.BytesIO()
    writer.doc.save(out)
    return _reproducible(out.getvalue(), edition_date(publication))


def _reproducible(data: bytes, when: date) -> bytes:
    """The same .docx bytes for the same book: zip entries stamped with the edition date
    instead of the time of the build."""
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()
