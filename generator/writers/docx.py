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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.display import amount_cell, runs_text
from generator.publication.model import (
    Block,
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
from generator.writers import docx_layout, pdf
from generator.writers.keep import form_keeps_next, keeps_with_previous
from generator.writers.marks import marks

REFERENCE = Path(TEMPLATES, "reference.docx")
TABLE_STYLE = "预算表格"
CORE_PROPERTY_MAX = 255


@cache
def _reference_bytes() -> bytes:
    return REFERENCE.read_bytes()


def _el(tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


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
        self.landscape = False  # the section being written is turned (a wide table's)

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
             size: float | None = None, breaks: tuple[str, ...] = (), keep_next: bool = False) -> Any:
        """A paragraph of ``text``; ``breaks``: instead, these lines with a line break
        (``w:br``) between them."""
        p = _el("w:p")
        ppr = p.makeelement(qn("w:pPr"), {})
        ppr.append(_el("w:pStyle", val=self.style_ids[style]))
        if keep_next:
            ppr.append(_el("w:keepNext"))
        if page_break is not None:
            ppr.append(_el("w:pageBreakBefore", val="1" if page_break else "0"))
        if indent:  # twips
            ppr.append(_el("w:ind", left=str(indent)))
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

    def section_break(self, landscape: bool) -> None:
        """End the current section here; the one ending now is portrait unless ``landscape``."""
        sect = copy.deepcopy(self.final_sect)
        if landscape:
            _turn(sect)
        p = _el("w:p")
        ppr = _el("w:pPr")
        ppr.append(sect)
        p.append(ppr)
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
        self.toc(pub)
        for section in pub.sections:
            self.section(section)
        # The cover carries no page number, as in the PDF: its section's first page takes the
        # first-page footer, which the book leaves empty.
        self.doc.sections[0].different_first_page_header_footer = True
        if self.landscape:  # the book ends on a turned table: its section is the last one
            _turn(self.final_sect)
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

    def toc(self, pub: Publication) -> None:
        """A TOC field whose result already lists the entries with the PDF edition's page
        numbers, so the 目录 reads correctly in any office suite; the field is marked dirty
        (and the settings ask to update fields on open), so Word recomputes it for its own
        pagination."""
        self.para("目　录", "TOC Heading")
        entries = pub.toc()
        pages = pdf.page_numbers(pub)
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

    def _fit(self, section: Section) -> docx_layout.Fit | None:
        """How the section's table is set, if it has one."""
        table = next((b for b in section.blocks if isinstance(b, Table)), None)
        if table is None:
            return None
        if table.id not in self.fits:
            self.fits[table.id] = docx_layout.fit(table, self.text_width, self.turned_width)
        return self.fits[table.id]

    def _opens_landscape(self, section: Section) -> bool:
        """Whether the section's first page is a turned one: its own table, or (for a heading
        with no text of its own, e.g. 单位预算表) its first child's, so the heading moves
        with the table instead of staying alone on an upright page."""
        fit = self._fit(section)
        if fit is not None:
            return fit.landscape
        return not section.blocks and bool(section.children) and \
            self._opens_landscape(section.children[0])

    def section(self, section: Section, first_table: bool = False,
                title_printed: bool = False) -> None:
        """Write ``section``; ``title_printed``: its form's title is the heading just written
        (the forms part's own), so it is not printed twice."""
        tables = [b for b in section.blocks if isinstance(b, Table)]
        table = tables[0] if tables else None
        # A section ends where the orientation changes, not after each turned table: two
        # turned tables in a row share one landscape section (no empty upright page between).
        turned = self._opens_landscape(section)
        if turned != self.landscape:
            self.section_break(landscape=self.landscape)
            self.landscape = turned
        if table is not None and not table.header:  # a 绩效目标申报表
            if title_printed:
                self.para(section.title, "申报表项目")
            else:
                self.para(table.title, "表名", page_break=False if first_table else None)
                self.para(section.title, "申报表项目")
            self.para(table.compiler, "表年度")
        elif table is not None:
            self.para(section.title, "表名", page_break=False if first_table else None)
        else:
            self.para(section.title, f"Heading {min(section.level, 3)}")
        for block in section.blocks:
            self.block(block, section.level)
        for i, child in enumerate(section.children):
            first = i == 0 and not section.blocks
            self.section(child, first_table=first,
                         title_printed=first and _form_title(child) == section.title)

    def block(self, block: Block, level: int) -> None:
        if isinstance(block, Paragraph):
            if block.role == "heading":
                self.para(block.runs, f"Heading {min(level + 1, 3)}")
            else:
                self.para(block.runs, "表注" if block.role == "note" else "Normal")
        elif isinstance(block, ItemList):
            for item in block.items:
                self.para(item.label + runs_text(item.runs), "列表项")
        else:
            self.table(block)

    # ---- tables ---------------------------------------------------------------------------

    def table(self, table: Table) -> None:
        if table.header:
            self.para(table.compiler, "表前说明")
            self.para(f"单位：{table.unit.value}", "表前单位")
        fit = self.fits.get(table.id) or docx_layout.fit(table, self.text_width,
                                                         self.turned_width)
        widths = list(fit.widths)
        size = None if fit.size == docx_layout.SIZE else fit.size
        tbl = _el("w:tbl")
        tblpr = _el("w:tblPr")
        tblpr.append(_el("w:tblStyle", val=self.style_ids["预算表格"]))
        tblpr.append(_el("w:tblW", w=str(sum(widths)), type="dxa"))
        tblpr.append(_el("w:jc", val="center"))
        tblpr.append(_el("w:tblLayout", type="fixed"))
        if self.cell_margins is not None:
            tblpr.append(copy.deepcopy(self.cell_margins))
        tblpr.append(_el("w:tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="0",
                         lastColumn="0", noHBand="0", noVBand="1"))
        tbl.append(tblpr)
        grid = _el("w:tblGrid")
        for width in widths:
            grid.append(_el("w:gridCol", w=str(width)))
        tbl.append(grid)
        header_rows = [Row(cells) for cells in table.header]
        heads = len(header_rows)
        form = None if table.header else form_keeps_next(table)  # a 申报表's merged blocks
        for r, (row, cells) in enumerate(_grid(header_rows + list(table.rows), len(widths))):
            tr = _el("w:tr")
            trpr = _el("w:trPr")
            trpr.append(_el("w:cantSplit"))
            if r < heads:
                trpr.append(_el("w:tblHeader"))
            tr.append(trpr)
            # The PDF's page-break rules (writers.keep): a row that must share its page with
            # the next one keeps its paragraphs with the next (Word and LibreOffice keep the
            # row with the next row); the header rows stay with the first body row.
            keep_next = r < heads or (form[r] if form else
                                      keeps_with_previous(table.rows, r - heads + 1))
            for col, cell, continued in cells:
                tr.append(self.cell(table, row, cell, continued, widths[col:col + cell.colspan],
                                    header=r < heads, size=size, keep_next=keep_next))
            tbl.append(tr)
        self.body.append(tbl)
        self._keep_sect_last()
        for note in table.notes:
            self.para(note.runs, "表注")

    def cell(self, table: Table, row: Row, cell: Cell, continued: bool, widths: list[int],
             header: bool, size: float | None = None, keep_next: bool = False) -> Any:
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
        at = size or docx_layout.SIZE
        for line in text.split("\n"):
            # Header words are kept whole: Word would break a CJK line anywhere (科目编/码).
            breaks = tuple(docx_layout.header_lines(line, sum(widths), at)) \
                if style == "表格表头" else ()
            self.para(line, style, bold=bold and not header, parent=tc,
                      indent=docx_layout.indent(cell.indent, at), size=size, breaks=breaks,
                      keep_next=keep_next)
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
