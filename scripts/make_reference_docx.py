"""Generate templates/reference.docx, the style sheet of the Word edition.

The Word writer refers to style names only; everything a bureau may want to restyle (page size
and margins, fonts, heading and table styles, the footer with its page number) lives in the
reference file, which can be edited in Word like any document. This script made the shipped
file; run it again only to start over from the defaults:

    python3 scripts/make_reference_docx.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"
SONG, HEI = "宋体", "黑体"
RUNNING = "续表页眉"


def fonts(style, east_asia: str, latin: str = "Times New Roman", size: float | None = None,
          bold: bool | None = None) -> None:
    """Set the Latin and East Asian font of a style (w:eastAsia: font.name alone leaves
    Chinese text in the Latin font)."""
    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)


def paragraph(doc, name: str, base: str = "Normal", east_asia: str = SONG, size: float = 10.5,
              align=None, indent_chars: int = 0, before: float = 0, after: float = 0,
              line: float = 1.0, bold: bool | None = None, keep_next: bool = False,
              page_break: bool = False):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(
        name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles[base]
    fonts(style, east_asia, size=size, bold=bold)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(after), line
    if align is not None:
        fmt.alignment = align
    fmt.keep_with_next = keep_next
    fmt.page_break_before = page_break
    ppr = style.element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(indent_chars * 100))
    ind.set(qn("w:firstLine"), str(int(indent_chars * size * 20)))
    return style


def plain(style) -> None:
    """Strip what python-docx's default Title/Subtitle carry and the PDF's cover has not: the
    blue rule under the title, italics, letter spacing, kerning, the subtitle's list level, a
    complex-script size of its own; and the same from their linked character styles."""
    ppr, rpr = style.element.find(qn("w:pPr")), style.element.get_or_add_rPr()
    for parent, tags in ((ppr, ("w:pBdr", "w:numPr", "w:contextualSpacing")),
                         (rpr, ("w:i", "w:iCs", "w:spacing", "w:kern"))):
        for tag in tags:
            for found in ([] if parent is None else parent.findall(qn(tag))):
                parent.remove(found)
    size = rpr.find(qn("w:sz"))
    size_cs = rpr.find(qn("w:szCs"))
    if size is not None and size_cs is not None:
        size_cs.set(qn("w:val"), size.get(qn("w:val")))


# How Word itself declares the two faces in a document's font table: the English name Word
# also looks for (w:altName), GB2312 (charset 86), the family and the PANOSE class, so that a
# Word without 宋体 or 黑体 substitutes a Chinese serif or sans. (LibreOffice on Linux ignores
# them: it asks fontconfig for the name alone; see the README's set-up note.)
FONT_TABLE = (
    '<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/>'
    '<w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/>'
    '<w:sig w:usb0="00000003" w:usb1="288F0000" w:usb2="00000016" w:usb3="00000000" '
    'w:csb0="00040001" w:csb1="00000000"/></w:font>'
    '<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/>'
    '<w:charset w:val="86"/><w:family w:val="swiss"/><w:pitch w:val="fixed"/>'
    '<w:sig w:usb0="800002BF" w:usb1="38CF7CFA" w:usb2="00000016" w:usb3="00000000" '
    'w:csb0="00040001" w:csb1="00000000"/></w:font>'
)


def plain_char(doc, name: str, east_asia: str, size: float, bold: bool = False) -> None:
    """A linked character style of the cover: the faces and size of its paragraph style,
    stripped like it."""
    style = doc.styles[name]
    fonts(style, east_asia, size=size, bold=bold)
    plain(style)


def font_table(doc) -> None:
    """Declare 宋体 and 黑体 in word/fontTable.xml as Word does (see FONT_TABLE)."""
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            part._blob = part.blob.replace(b"</w:fonts>", FONT_TABLE.encode() + b"</w:fonts>")


def page_field(paragraph_) -> None:
    """A PAGE field, written as Word writes it (begin, instruction, separate, result, end)."""
    def run_with(child):
        run = OxmlElement("w:r")
        run.append(child)
        paragraph_._p.append(run)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    text = OxmlElement("w:t")
    text.text = "1"
    run_with(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def chinese(doc) -> None:
    """Mark the document's language as Simplified Chinese (zh-CN) in the default run
    properties and the theme font language, instead of python-docx's en-US. The language of
    Latin text (``w:val``) stays en-US, as Chinese Word writes it: LibreOffice breaks Latin
    text by its language, and with zh-CN it broke figures inside a narrative line
    ("增加286.|13万元", "1,17|0.81万元")."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "zh-CN")
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    doc.core_properties.language = "zh-CN"


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.left_margin = section.right_margin = Mm(18)
    section.footer_distance = Mm(10)
    # The running lines of a continued table (表N（续）, 编制单位 and 单位) sit in the top margin
    # (22 mm) as in the PDF: two lines from 10 mm down never reach the text.
    section.header_distance = Mm(10)

    center, right, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    # Text lines exact and a little closer than the PDF's (11 pt on 1.7 lines = 18.7 pt):
    # the Word edition breaks its pages where the PDF does (writers.pages), so a Word page
    # must hold at least what the PDF page holds, in every suite and with every font.
    paragraph(doc, "Normal", size=11, indent_chars=2, after=4, line=Pt(18.5), align=justify)
    # The cover as the PDF prints it: title in 黑体 22 pt bold, subtitle and edition line in
    # 宋体 15 pt, centred, upright, no rule.
    plain(paragraph(doc, "Title", east_asia=HEI, size=22, align=center, before=200, after=24,
                    bold=True))
    plain(paragraph(doc, "Subtitle", size=15, align=center, after=8))
    plain_char(doc, "Title Char", HEI, 22, bold=True)
    plain_char(doc, "Subtitle Char", SONG, 15)
    paragraph(doc, "Heading 1", east_asia=HEI, size=16, align=center, after=12, bold=True,
              keep_next=True, page_break=True)
    paragraph(doc, "Heading 2", east_asia=HEI, size=13, align=center, before=6, after=8,
              bold=True, keep_next=True)
    paragraph(doc, "Heading 3", east_asia=HEI, size=11.5, align=left, before=8, after=4,
              bold=True, keep_next=True)
    paragraph(doc, "TOC Heading", base="Heading 1", east_asia=HEI, size=16, align=center,
              after=12, bold=True, page_break=True)
    text_width = section.page_width - section.left_margin - section.right_margin
    for level in (1, 2):
        style = paragraph(doc, f"toc {level}", size=11 if level == 1 else 10.5, after=3,
                          line=Pt(18 if level == 1 else 17.5), align=left)
        style.paragraph_format.left_indent = Mm(0 if level == 1 else 8)
        # Page numbers flush right after a dotted leader, as in the PDF's 目录.
        style.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT,
                                                      WD_TAB_LEADER.DOTS)
    paragraph(doc, "表名", base="Heading 2", east_asia=HEI, size=13, align=center, before=0,
              after=8, bold=True, keep_next=True, page_break=True)
    # The forms part's heading is also its first form's title: set as 表名 (the PDF's
    # h2.form-title is 13 pt like every form's title), at the 目录's first level.
    paragraph(doc, "申报表部分标题", base="Heading 1", east_asia=HEI, size=13, align=center,
              before=0, after=8, bold=True, keep_next=True, page_break=True)
    # Ragged right as the PDF's list items (book.css ol.items li): justified, LibreOffice
    # spread a line whose figure had moved whole to the next one across the page.
    paragraph(doc, "列表项", size=11, indent_chars=2, after=3, line=Pt(18.5), align=left)
    paragraph(doc, "表前说明", size=9.5, after=0, line=Pt(15.5), align=left, keep_next=True)
    paragraph(doc, "表前单位", size=9.5, after=2, line=Pt(15.5), align=right, keep_next=True)
    # Table text as in the PDF: 9 pt on 1.35 lines (exact, so rows are as tall as the PDF's).
    paragraph(doc, "表格文字", size=9, after=0, line=Pt(9 * 1.35), align=left)
    paragraph(doc, "表格数字", size=9, after=0, line=Pt(9 * 1.35), align=right)
    paragraph(doc, "表格表头", east_asia=HEI, size=9, after=0, line=Pt(9 * 1.35), align=center,
              bold=True)
    paragraph(doc, "表注", size=10, before=4, after=4, line=Pt(16.5), align=justify)
    paragraph(doc, "表年度", size=11, align=center, after=4)
    paragraph(doc, "申报表项目", size=10.5, align=center, after=0)
    warning = paragraph(doc, "警示", east_asia=HEI, size=14, align=center, after=12, bold=True)
    warning.font.color.rgb = RGBColor(0xC0, 0, 0)
    paragraph(doc, "Footer", size=9, align=center, after=0, line=1.0)
    # The running line above a table's continued pages (表N（续）), as in the PDF's top margin.
    paragraph(doc, RUNNING, east_asia=HEI, size=9, align=center, after=0, line=Pt(12))

    table_style = doc.styles.add_style("预算表格", WD_STYLE_TYPE.TABLE)
    table_style.base_style = doc.styles["Table Grid"]
    # Cell padding as in the PDF (2 pt above and below, 3 pt left and right), so figures
    # never touch the rules. The writer copies these margins onto each table too, because
    # LibreOffice ignores a table style's margins.
    tblpr = table_style.element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = OxmlElement("w:tblPr")
        table_style.element.append(tblpr)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 40), ("left", 60), ("bottom", 40), ("right", 60)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tblpr.append(margins)

    chinese(doc)
    font_table(doc)

    footer_paragraph = section.footer.paragraphs[0]
    footer_paragraph.style = doc.styles["Footer"]
    footer_paragraph.add_run("— ")
    page_field(footer_paragraph)
    footer_paragraph.add_run(" —")

    # The body must not be empty for Word; the writer replaces it.
    doc.add_paragraph("（样式参考文件：正文由 budgetgen 生成时替换）")
    doc.core_properties.title = "budgetgen reference"
    doc.core_properties.author = "budgetgen"
    OUT.parent.mkdir(exist_ok=True)
    doc.save(str(OUT))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
